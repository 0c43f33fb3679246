package osgres.backend.internal;

import osgres.api.PgException;
import osgres.api.Severity;

/**
 * auth.c auth_failed: a FATAL whose DETAIL goes to the server log only (errdetail_log), so that a client
 * learns nothing about pg_hba.conf or the password store.
 */
final class AuthenticationFailed extends PgException {
    private final String logDetail;

    AuthenticationFailed(String sqlState, String message, String logDetail) {
        super(Severity.FATAL, sqlState, message, null, null, 0);
        this.logDetail = logDetail;
    }

    /** The same error with the log-only detail, for the server log. */
    PgException forLog() {
        return withDetail(logDetail);
    }
}
