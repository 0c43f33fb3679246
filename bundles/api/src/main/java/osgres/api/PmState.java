package osgres.api;

/**
 * The postmaster's state, as {@code pmState} in postmaster.c. Only the postmaster's event loop changes it.
 * The order matters: states after {@link #RUN} are shutdown or crash-reset states.
 */
public enum PmState {
    INIT, STARTUP, RECOVERY, HOT_STANDBY, RUN, STOP_BACKENDS, WAIT_BACKENDS, SHUTDOWN, SHUTDOWN_2,
    WAIT_DEAD_END, NO_CHILDREN;

    /** The name PostgreSQL uses in its source, e.g. {@code PM_RUN}. */
    public String pgName() {
        return "PM_" + name();
    }
}
