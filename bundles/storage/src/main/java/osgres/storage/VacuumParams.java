package osgres.storage;

/**
 * How one VACUUM of a table runs (vacuum.c's VacuumParams and the cost-based delay GUCs): who runs it, whether a
 * table whose lock is not free at once is skipped ({@code SKIP_LOCKED}, as autovacuum always asks), and the
 * cost-based delay: each page read from the buffer pool costs {@code costPageHit}, each page read from disk
 * {@code costPageMiss}, each page VACUUM dirties {@code costPageDirty}; once the balance reaches {@code costLimit}
 * the vacuum sleeps {@code costDelayMillis} (scaled by how far past the limit it is, at most four times;
 * vacuum_delay_point). A delay of 0 disables the accounting.
 */
public record VacuumParams(MaintenanceOrigin origin, boolean skipLocked, double costDelayMillis, int costLimit,
                           int costPageHit, int costPageMiss, int costPageDirty) {

    /**
     * The VACUUM command (or {@code origin}'s) with vacuum_cost_delay 0, PostgreSQL's default: no delay, waits for
     * its locks.
     */
    public static VacuumParams withoutDelay(MaintenanceOrigin origin) {
        return new VacuumParams(origin, false, 0, 200, 1, 2, 20);
    }

    public boolean costDelayActive() {
        return costDelayMillis > 0 && costLimit > 0;
    }
}
