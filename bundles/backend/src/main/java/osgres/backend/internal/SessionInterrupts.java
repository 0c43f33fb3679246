package osgres.backend.internal;

import java.util.concurrent.locks.LockSupport;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.Interrupts;

/**
 * The pending-interrupt flags of one backend (miscadmin.h's QueryCancelPending, ProcDiePending, and
 * ClientConnectionLost) and CHECK_FOR_INTERRUPTS for the SQL engine. Flags are set from any thread by
 * {@link PostgresSession#signal}; only the session thread consumes them. A pending flag wakes
 * {@link #sleep} through {@link LockSupport#unpark} on the session thread, never through
 * {@code Thread.interrupt()} (which would close the socket of a virtual thread blocked in I/O).
 *
 * <p>Priority, as ProcessInterrupts: quit or terminate (FATAL 57P01) before a lost connection (FATAL 08006)
 * before statement_timeout before cancel (both ERROR 57014). statement_timeout is a deadline rather than a timer
 * thread: {@link #check()} compares it with the clock, and every wait (sleep, lock wait) wakes up at it. A quit is reported as the terminate FATAL: by then the client has its WARNING
 * and the session only needs to unwind.
 */
final class SessionInterrupts implements Interrupts {
    private final ProtocolOutput output;
    private volatile Thread sessionThread;
    private volatile boolean cancelPending;
    private volatile boolean terminatePending;
    private volatile boolean quitPending;
    /** A hot standby's replay canceled the running statement (ERROR 40001 at the next check). */
    private volatile boolean conflictPending;
    /** What a recovery conflict does to the session (its phase decides): set by the session. */
    private volatile Runnable recoveryConflictHandler = () -> { };
    /** statement_timeout's deadline ({@code System.nanoTime()}), Long.MAX_VALUE when none is armed. */
    private volatile long statementDeadline = Long.MAX_VALUE;

    SessionInterrupts(ProtocolOutput output) {
        this.output = output;
    }

    void bindSessionThread(Thread thread) {
        sessionThread = thread;
    }

    @Override
    public void check() {
        if (quitPending || terminatePending) {
            throw new PgException(Severity.FATAL, SqlState.ADMIN_SHUTDOWN, Messages.TERMINATED_BY_ADMIN, null,
                    null, 0);
        }
        if (output.failure() != null) {
            throw new PgException(Severity.FATAL, SqlState.CONNECTION_FAILURE, Messages.CONNECTION_LOST, null,
                    null, 0);
        }
        if (conflictPending) {
            conflictPending = false;
            cancelPending = false;
            throw PgException.error(SqlState.SERIALIZATION_FAILURE, Messages.RECOVERY_CONFLICT_CANCEL)
                    .withDetail(Messages.RECOVERY_CONFLICT_SNAPSHOT_DETAIL);
        }
        if (statementTimedOut()) {
            // as ProcessInterrupts: the timeout's message wins over a simultaneous cancel, and clears it
            statementDeadline = Long.MAX_VALUE;
            cancelPending = false;
            throw PgException.error(SqlState.QUERY_CANCELED, Messages.CANCELED_BY_TIMEOUT);
        }
        if (cancelPending) {
            cancelPending = false;
            throw PgException.error(SqlState.QUERY_CANCELED, Messages.CANCELED_BY_USER);
        }
    }

    private boolean statementTimedOut() {
        long deadline = statementDeadline;
        return deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0;
    }

    @Override
    public void startStatementTimeout(long millis) {
        statementDeadline = millis > 0 ? System.nanoTime() + millis * 1_000_000L : Long.MAX_VALUE;
    }

    @Override
    public boolean pending() {
        return anyPending();
    }

    @Override
    public long deadlineNanos() {
        return statementDeadline;
    }

    @Override
    public void sleep(long nanos) {
        long now = System.nanoTime();
        long deadline = now + nanos;
        long timeout = statementDeadline;
        if (timeout != Long.MAX_VALUE && timeout - deadline < 0) {
            deadline = timeout;
        }
        long remaining = deadline - now;
        while (remaining > 0 && !anyPending()) {
            LockSupport.parkNanos(this, remaining);
            remaining = deadline - System.nanoTime();
        }
    }

    boolean anyPending() {
        return cancelPending || conflictPending || terminatePending || quitPending || output.failure() != null
                || statementTimedOut();
    }

    @Override
    public void requestRecoveryConflict() {
        recoveryConflictHandler.run();
    }

    void onRecoveryConflict(Runnable handler) {
        recoveryConflictHandler = handler;
    }

    /** The running statement is canceled for a recovery conflict. */
    void flagRecoveryConflict() {
        conflictPending = true;
        wake();
    }

    /** A recovery conflict that arrives while the session waits for a command (or ends) has nothing to cancel. */
    void clearRecoveryConflict() {
        conflictPending = false;
    }

    void requestCancel() {
        cancelPending = true;
        wake();
    }

    /** A cancel that arrives while the session waits for a command means nothing (postgres.c step 5). */
    void clearCancel() {
        cancelPending = false;
    }

    void requestTerminate() {
        terminatePending = true;
        wake();
    }

    void requestQuit() {
        quitPending = true;
        wake();
    }

    boolean terminatePending() {
        return terminatePending;
    }

    boolean quitPending() {
        return quitPending;
    }

    private void wake() {
        Thread thread = sessionThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
