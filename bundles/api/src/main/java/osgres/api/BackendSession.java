package osgres.api;

/**
 * One client session, the body of a backend child (PostgresMain). Exit contract, as a backend process:
 * {@link #run()} returning normally is exit code 0, a FATAL {@link PgException} escaping it is exit code 1,
 * any other throwable is a crash and makes the postmaster reset the server.
 */
public interface BackendSession {

    /** Startup packet, authentication, greeting, then the command loop until Terminate or EOF. */
    void run();

    /**
     * Delivers a signal from any thread; must return at once.
     * <ul>
     * <li>INT: cancel the running query (57014), the session goes on;</li>
     * <li>TERM: end the session with FATAL 57P01 "terminating connection due to administrator command",
     *     at once if idle, at the next interrupt check if busy;</li>
     * <li>QUIT: send the WARNING picked by {@link BackendEnvironment#quitReason()} and close at once
     *     ({@link #run()} then ends; the postmaster treats it as exit code 2);</li>
     * <li>HUP: re-read server-level settings at the next idle point.</li>
     * </ul>
     */
    void signal(ProcSignal signal);
}
