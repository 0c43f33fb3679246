package osgres.backend.internal;

import osgres.api.PgException;

/**
 * Unwinds a session from wherever it decided to end, once everything that had to be said was said: with
 * no error the child exits 0 (Terminate, end of input, client gone during authentication), with a FATAL
 * it exits 1 ({@link PostgresSession#run()} rethrows it, as the BackendSession contract asks).
 */
final class SessionExit extends RuntimeException {
    private final transient PgException fatal;

    private SessionExit(PgException fatal) {
        super(fatal == null ? "session ended" : fatal.getMessage(), null, false, false);
        this.fatal = fatal;
    }

    static SessionExit normal() {
        return new SessionExit(null);
    }

    static SessionExit afterFatal(PgException fatal) {
        return new SessionExit(fatal);
    }

    /** The FATAL that ended the session (already sent and logged), or null for exit code 0. */
    PgException fatal() {
        return fatal;
    }
}
