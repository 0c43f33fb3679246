package osgres.storage;

/**
 * The backend a transaction runs in, as the lock manager sees it (PostgreSQL's PGPROC and the settings a lock
 * wait reads). A lock wait parks the calling thread; the backend's interrupt mechanism must unpark that thread
 * (LockSupport.unpark) whenever {@link #interruptPending()} becomes true, so that cancel, terminate, a crash
 * reset's quit and a lost connection end the wait at once; timed interrupts (statement_timeout) are found by
 * waking up at {@link #interruptDeadlineNanos()}.
 */
public interface BackendProc {

    /** The pid clients see (BackendKeyData, DETAIL lines of a deadlock report). */
    int pid();

    /** True when {@link #checkInterrupts()} would throw. */
    boolean interruptPending();

    /** CHECK_FOR_INTERRUPTS: throws the pending cancel (57014), timeout (57014) or terminate (57P01). */
    void checkInterrupts();

    /** {@code System.nanoTime()} at which an interrupt becomes pending by itself, or Long.MAX_VALUE. */
    long interruptDeadlineNanos();

    /** lock_timeout in milliseconds (0 = wait forever). */
    long lockTimeoutMillis();

    /** deadlock_timeout in milliseconds. */
    long deadlockTimeoutMillis();

    /** log_lock_waits. */
    boolean logLockWaits();

    /** The statement the backend runs, for the server log's deadlock report. */
    String currentQuery();

    /**
     * True for an autovacuum worker: a lock request it blocks for {@code deadlock_timeout} cancels its work
     * (proc.c ProcSleep's DS_BLOCKED_BY_AUTOVACUUM), since autovacuum yields to the users of a table.
     */
    default boolean isAutovacuum() {
        return false;
    }

    /** The session's synchronous_commit: off, local, remote_write, on or remote_apply. */
    default String synchronousCommit() {
        return "on";
    }

    /** A WARNING or NOTICE for the client, sent at once (a commit's canceled wait for a synchronous standby). */
    default void notice(osgres.api.PgException notice) {
    }

    /** SIGINT to this process: cancel what it is doing (how a blocked lock waiter cancels an autovacuum worker). */
    default void requestCancel() {
    }

    /**
     * A hot standby's replay must remove row versions this backend's snapshot may still need and has waited
     * max_standby_streaming_delay for it (PROCSIG_RECOVERY_CONFLICT_SNAPSHOT): a running statement is canceled with
     * 40001 {@code canceling statement due to conflict with recovery}; a session idle in a transaction is ended.
     */
    default void requestRecoveryConflict() {
        requestCancel();
    }

    /** A process with no client and no interrupts (tests, internal work): default timeouts. */
    BackendProc INTERNAL = new BackendProc() {
        @Override
        public int pid() {
            return 0;
        }

        @Override
        public boolean interruptPending() {
            return false;
        }

        @Override
        public void checkInterrupts() {
        }

        @Override
        public long interruptDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public long lockTimeoutMillis() {
            return 0;
        }

        @Override
        public long deadlockTimeoutMillis() {
            return 1000;
        }

        @Override
        public boolean logLockWaits() {
            return false;
        }

        @Override
        public String currentQuery() {
            return "";
        }
    };
}
