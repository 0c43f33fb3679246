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
 * before cancel (ERROR 57014). A quit is reported as the terminate FATAL: by then the client has its WARNING
 * and the session only needs to unwind.
 */
final class SessionInterrupts implements Interrupts {
    private final ProtocolOutput output;
    private volatile Thread sessionThread;
    private volatile boolean cancelPending;
    private volatile boolean terminatePending;
    private volatile boolean quitPending;

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
        if (cancelPending) {
            cancelPending = false;
            throw PgException.error(SqlState.QUERY_CANCELED, Messages.CANCELED_BY_USER);
        }
    }

    @Override
    public void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long remaining = nanos;
        while (remaining > 0 && !anyPending()) {
            LockSupport.parkNanos(this, remaining);
            remaining = deadline - System.nanoTime();
        }
    }

    boolean anyPending() {
        return cancelPending || terminatePending || quitPending || output.failure() != null;
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
