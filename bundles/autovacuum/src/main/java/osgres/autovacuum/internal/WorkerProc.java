package osgres.autovacuum.internal;

import java.util.concurrent.locks.LockSupport;

import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.BackendProc;

/**
 * An autovacuum worker as the lock manager and the vacuum loop see it (its PGPROC with PROC_IS_AUTOVACUUM and its
 * interrupt flags): INT cancels the current table's work ({@code canceling autovacuum task}), as a blocked lock
 * waiter asks; TERM ends the worker ({@code terminating autovacuum process due to administrator command}); QUIT ends
 * it at once. Each signal unparks the worker's thread, so a lock wait or a cost-delay sleep sees it immediately.
 */
final class WorkerProc implements BackendProc {
    private final int pid;
    private final Thread thread;
    private volatile boolean cancelPending;
    private volatile boolean terminatePending;
    private volatile boolean quitPending;
    private volatile String query = "";

    WorkerProc(int pid, Thread thread) {
        this.pid = pid;
        this.thread = thread;
    }

    void signal(ProcSignal signal) {
        switch (signal) {
            case INT -> cancelPending = true;
            case TERM -> terminatePending = true;
            case QUIT -> quitPending = true;
            default -> {
                return;
            }
        }
        LockSupport.unpark(thread);
    }

    boolean stopRequested() {
        return terminatePending || quitPending;
    }

    boolean quitRequested() {
        return quitPending;
    }

    /** A cancel aimed at the table just finished must not stop the next one. */
    void clearCancel() {
        cancelPending = false;
    }

    void setQuery(String query) {
        this.query = query;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public boolean interruptPending() {
        return cancelPending || terminatePending || quitPending;
    }

    @Override
    public void checkInterrupts() {
        if (quitPending || terminatePending) {
            throw new PgException(Severity.FATAL, SqlState.ADMIN_SHUTDOWN,
                    "terminating autovacuum process due to administrator command", null, null, 0);
        }
        if (cancelPending) {
            cancelPending = false;
            throw PgException.error(SqlState.QUERY_CANCELED, "canceling autovacuum task");
        }
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
        return query;
    }

    @Override
    public boolean isAutovacuum() {
        return true;
    }

    @Override
    public void requestCancel() {
        signal(ProcSignal.INT);
    }
}
