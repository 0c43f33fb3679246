package osgres.sql;

/**
 * The backend's pending-interrupt flags, as PostgreSQL's CHECK_FOR_INTERRUPTS(). Long-running work calls
 * {@link #check()} at safe points; {@link #sleep} is how pg_sleep waits, so a cancel or terminate wakes it.
 */
public interface Interrupts {

    /**
     * Throws ERROR 57014 {@code canceling statement due to user request} for a pending cancel, or FATAL
     * 57P01 {@code terminating connection due to administrator command} for a pending terminate.
     */
    void check();

    /** Sleeps up to {@code nanos}, returning early when an interrupt arrives (then call {@link #check()}). */
    void sleep(long nanos);
}
