package osgres.backend.internal;

import osgres.api.HostBasedAuth;
import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * The client-certificate part of auth.c ClientAuthentication, for a matched pg_hba.conf record:
 * <ol>
 * <li>before the method ({@link #beforeMethod}): with {@code clientcert=verify-ca|verify-full} or the
 *     {@code cert} method, FATAL F0000 when no {@code ssl_ca_file} is loaded and FATAL 28000 {@code connection
 *     requires a valid client certificate} when the client sent none (one that did not verify never got past the
 *     handshake);</li>
 * <li>after a successful method ({@link #afterMethod}): with {@code clientcert=verify-full} or {@code cert},
 *     CheckCertAuth compares the certificate's CN with the user name (no user-name maps: {@code map=} is not
 *     applied); a mismatch is logged and fails as auth_failed does for that method: {@code certificate
 *     authentication failed for user "%s"} for {@code cert}, {@code "trust" authentication failed ...} for
 *     trust, {@code password authentication failed ...} (28P01) for the password methods.</li>
 * </ol>
 */
final class ClientCertificateCheck {

    private ClientCertificateCheck() {
    }

    static void beforeMethod(HostBasedAuth.Match match, TlsConnection.TlsSession tls) {
        if (match.clientCert().equals("off")) {
            return;
        }
        if (tls == null || !tls.verifiesClients()) {
            throw new PgException(Severity.FATAL, SqlState.CONFIG_FILE_ERROR, Messages.CLIENT_CERT_NO_ROOT_STORE,
                    null, null, 0);
        }
        if (tls.clientCertificate() == null) {
            throw new PgException(Severity.FATAL, SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.CLIENT_CERT_REQUIRED, null, null, 0);
        }
    }

    static void afterMethod(HostBasedAuth.Match match, TlsConnection.TlsSession tls, String user, String lineDetail) {
        if (!match.clientCert().equals("verify-full")) {
            return;
        }
        String cn = tls == null ? null : tls.clientCommonName();
        boolean certMethod = match.method().equals("cert");
        if (cn == null || cn.isEmpty()) {
            ServerLog.log(Severity.LOG, Messages.certificateNoUserName(user));
        } else if (!cn.equals(user)) {
            ServerLog.log(Severity.LOG, Messages.userNameMismatch(user, cn));
            if (!certMethod) {
                ServerLog.log(Severity.LOG, Messages.verifyFullCnMismatch(user));
            }
        } else {
            return;
        }
        throw switch (match.method()) {
            case "cert" -> new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.certificateFailed(user), lineDetail);
            case "trust" -> new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.trustFailed(user), lineDetail);
            case "password", "md5", "scram-sha-256" -> new AuthenticationFailed(SqlState.INVALID_PASSWORD,
                    Messages.passwordFailed(user), lineDetail);
            default -> new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.invalidMethodFailed(user), lineDetail);
        };
    }
}
