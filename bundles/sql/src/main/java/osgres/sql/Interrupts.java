package osgres.sql;

/**
 * The backend's pending-interrupt flags, as PostgreSQL's CHECK_FOR_INTERRUPTS(). Long-running work calls
 * {@link #check()} at safe points; {@link #sleep} is how pg_sleep waits, so a cancel or terminate wakes it. A thread
 * blocked in a lock wait is woken by the same unpark that wakes a sleep.
 */
public interface Interrupts {

    /**
     * Throws ERROR 57014 {@code canceling statement due to user request} for a pending cancel, or FATAL
     * 57P01 {@code terminating connection due to administrator command} for a pending terminate.
     */
    void check();

    /** Sleeps up to {@code nanos}, returning early when an interrupt arrives (then call {@link #check()}). */
    void sleep(long nanos);

    /**
     * Arms statement_timeout for the statement starting now ({@code millis} 0 disarms): once it expires,
     * {@link #check()} throws 57014 {@code canceling statement due to statement timeout} and a sleep or lock wait
     * ends. The backend disarms it when it goes idle.
     */
    default void startStatementTimeout(long millis) {
    }

    /** True when {@link #check()} would throw (a lock wait polls this after each wake-up). */
    default boolean pending() {
        return false;
    }

    /** {@code System.nanoTime()} at which a timed interrupt becomes due, or Long.MAX_VALUE. */
    default long deadlineNanos() {
        return Long.MAX_VALUE;
    }

    /**
     * A hot standby's replay conflicts with this session's snapshot (RecoveryConflictInterrupt): a running statement
     * ends with ERROR 40001, a session idle in a transaction with FATAL 40001.
     */
    default void requestRecoveryConflict() {
    }
}
