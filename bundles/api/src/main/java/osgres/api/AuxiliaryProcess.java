package osgres.api;

/**
 * An auxiliary process (startup, bgwriter, checkpointer, walwriter, walreceiver, autovacuum launcher),
 * registered as a service by its own bundle. The postmaster tracks all of them dynamically and runs
 * {@link #run()} on a platform thread named like PostgreSQL's process title when its PM state wants it.
 *
 * <p>Exit contract, as for a PostgreSQL child: {@code run()} returning normally is exit code 0; a
 * {@link PgException} with severity FATAL is exit code 1; any other throwable is a crash.
 */
public interface AuxiliaryProcess {

    ChildKind kind();

    /** The main loop: returns when {@link #requestShutdown} was called (or its job is done). */
    void run(AuxiliaryContext context) throws Exception;

    /**
     * Asks the running loop to stop: SIGTERM / SIGUSR2 semantics of its kind (for the checkpointer,
     * SIGUSR2 = write the shutdown checkpoint then exit). Must return at once; may be called from any thread.
     */
    void signal(ProcSignal signal);

    /**
     * The instance one child runs. A kind with one child at a time runs the service itself; a kind with several
     * children at once (autovacuum workers) returns a new instance per child, so that a signal sent to one child
     * (a cancel, a terminate) reaches only that child.
     */
    default AuxiliaryProcess instanceForChild() {
        return this;
    }
}
