package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import osgres.api.HostBasedAuth;
import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * Authentication of one connection (auth.c ClientAuthentication): the first pg_hba.conf record that matches
 * decides the method.
 * <ul>
 * <li>no record: FATAL 28000 {@code no pg_hba.conf entry for host ...};</li>
 * <li>{@code reject}: FATAL 28000 {@code pg_hba.conf rejects connection for host ...};</li>
 * <li>{@code trust}: nothing to check;</li>
 * <li>{@code password}: CleartextPassword request, then the {@code p} answer is checked against the
 *     password store;</li>
 * <li>{@code md5} and {@code scram-sha-256}: PostgreSQL uses SCRAM whenever the stored secret is not an MD5
 *     hash, and goes through a mock SCRAM exchange when the user has no password, so as not to tell a
 *     client whether the role exists. With no password store yet every user is in that case: the exchange
 *     runs up to the client's proof, then fails;</li>
 * <li>any other method: FATAL 28000 {@code authentication failed for user "%s": invalid authentication method}.</li>
 * </ul>
 * A failed check is 28P01 {@code password authentication failed for user "%s"}; the server log alone gets
 * the reason and the matched pg_hba.conf line. A client that hangs up during the exchange (what psql does
 * when asked for a password it does not have) ends the child silently with exit code 0.
 * AuthenticationOk is sent by the caller. Not done: real SCRAM/MD5 verification (needs a role catalog),
 * and the other methods (ident, peer, ldap, gss...).
 */
final class ClientAuthentication {
    /** PG_MAX_AUTH_TOKEN_LENGTH: the longest password or SASL message accepted. */
    private static final int MAX_TOKEN_LENGTH = 65535;
    private static final int AUTH_REQ_PASSWORD = 3;
    private static final int AUTH_REQ_SASL = 10;
    private static final int AUTH_REQ_SASL_CONTINUE = 11;
    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    private static final int SCRAM_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where passwords will come from once there is a role catalog. */
    interface PasswordStore {
        PasswordStore NONE = user -> Optional.empty();

        Optional<String> cleartextPassword(String user);
    }

    private final HostBasedAuth hostBasedAuth;
    private final PasswordStore passwords;

    ClientAuthentication(HostBasedAuth hostBasedAuth, PasswordStore passwords) {
        this.hostBasedAuth = hostBasedAuth;
        this.passwords = passwords;
    }

    /**
     * Returns when the client is authenticated; throws a FATAL PgException (to be sent and logged) or
     * {@link SessionExit} when the client went away.
     */
    void authenticate(boolean local, InetAddress address, String host, String user, String database,
                      boolean replication, ProtocolInput in, ProtocolOutput out, TlsConnection.TlsSession tls)
            throws IOException {
        String hbaDatabase = replication ? "replication" : database;
        boolean ssl = tls != null;
        HostBasedAuth.Match match = hostBasedAuth.match(local, ssl, address, hbaDatabase, user).orElseThrow(() ->
                fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, replication
                        ? Messages.noHbaEntryReplication(host, user, ssl)
                        : Messages.noHbaEntry(host, user, database, ssl)));
        String lineDetail = Messages.hbaLineDetail(match.lineNumber(), match.rawLine());
        ClientCertificateCheck.beforeMethod(match, tls);
        switch (match.method()) {
            case "trust", "cert" -> {
            }
            case "reject" -> throw fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, replication
                    ? Messages.hbaRejectsReplication(host, user, ssl) : Messages.hbaRejects(host, user, database, ssl));
            case "password" -> checkCleartextPassword(user, lineDetail, in, out);
            case "md5", "scram-sha-256" -> mockScramExchange(user, lineDetail, in, out);
            default -> throw new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.invalidMethodFailed(user), lineDetail);
        }
        ClientCertificateCheck.afterMethod(match, tls, user, lineDetail);
    }

    private void checkCleartextPassword(String user, String lineDetail, ProtocolInput in, ProtocolOutput out)
            throws IOException {
        out.authenticationRequest(AUTH_REQ_PASSWORD, new byte[0]);
        out.flush();
        byte[] body = readPasswordMessage(in);
        if (body.length == 0 || indexOfNul(body) != body.length - 1) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_PASSWORD_PACKET_SIZE);
        }
        if (body.length == 1) {
            throw fatal(SqlState.INVALID_PASSWORD, Messages.EMPTY_PASSWORD);
        }
        String given = new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
        Optional<String> stored = passwords.cleartextPassword(user);
        if (stored.isEmpty()) {
            throw passwordFailed(user, Messages.noPasswordAssigned(user) + "\n" + lineDetail);
        }
        if (!MessageDigest.isEqual(stored.get().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw passwordFailed(user, Messages.passwordMismatch(user) + "\n" + lineDetail);
        }
    }

    /**
     * SCRAM-SHA-256 up to the client's proof, with a mock salt derived from the user name (auth-scram.c
     * scram_mock_salt), then the failure PostgreSQL reports for a user without a password.
     */
    private void mockScramExchange(String user, String lineDetail, ProtocolInput in, ProtocolOutput out)
            throws IOException {
        byte[] mechanisms = (SCRAM_SHA_256 + "\0\0").getBytes(StandardCharsets.US_ASCII);
        out.authenticationRequest(AUTH_REQ_SASL, mechanisms);
        out.flush();
        MessageBody initial = new MessageBody(readPasswordMessage(in));
        String mechanism = initial.getString();
        if (!mechanism.equals(SCRAM_SHA_256)) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.UNSUPPORTED_SASL_MECHANISM);
        }
        int length = initial.getInt32();
        String clientFirst = new String(initial.getBytes(Math.max(length, 0)), StandardCharsets.UTF_8);
        String clientNonce = clientNonce(clientFirst);
        byte[] serverNonce = new byte[18];
        RANDOM.nextBytes(serverNonce);
        String serverFirst = "r=" + clientNonce + Base64.getEncoder().encodeToString(serverNonce)
                + ",s=" + Base64.getEncoder().encodeToString(mockSalt(user)) + ",i=" + SCRAM_ITERATIONS;
        out.authenticationRequest(AUTH_REQ_SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.UTF_8));
        out.flush();
        readPasswordMessage(in);
        throw passwordFailed(user, Messages.noPasswordAssigned(user) + "\n" + lineDetail);
    }

    /** The {@code r=} attribute of a client-first-message ({@code n,,n=user,r=nonce}). */
    private static String clientNonce(String clientFirst) {
        String[] parts = clientFirst.split(",", -1);
        if (parts.length < 4 || !(parts[0].equals("n") || parts[0].equals("y")) || !parts[3].startsWith("r=")
                || parts[3].length() == 2) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.MALFORMED_SCRAM_MESSAGE);
        }
        return parts[3].substring(2);
    }

    private static byte[] mockSalt(String user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("osgres mock salt " + user).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * recv_password_packet: a {@code p} message; end of input exits silently, any other type is a protocol
     * violation, a bad length is logged and ends the child as PostgreSQL does.
     */
    private static byte[] readPasswordMessage(ProtocolInput in) throws IOException {
        int type = in.readByteOrEof();
        if (type < 0) {
            throw SessionExit.normal();
        }
        if (type != 'p') {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.expectedPasswordResponse(type));
        }
        try {
            int length = in.readInt();
            if (length < 4 || length > MAX_TOKEN_LENGTH) {
                ServerLog.log(Severity.LOG, Messages.INVALID_MESSAGE_LENGTH);
                throw SessionExit.normal();
            }
            return in.readBytes(length - 4);
        } catch (EOFException e) {
            ServerLog.log(Severity.LOG, Messages.INCOMPLETE_MESSAGE);
            throw SessionExit.normal();
        }
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static AuthenticationFailed passwordFailed(String user, String logDetail) {
        return new AuthenticationFailed(SqlState.INVALID_PASSWORD, Messages.passwordFailed(user), logDetail);
    }

    private static PgException fatal(String sqlState, String message) {
        return new PgException(Severity.FATAL, sqlState, message, null, null, 0);
    }
}
