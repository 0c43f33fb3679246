package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.Supplier;

import osgres.api.HostBasedAuth;
import osgres.api.PasswordSecrets;
import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.SqlEngine;

/**
 * Authentication of one connection (auth.c ClientAuthentication): the first pg_hba.conf record that matches
 * decides the method.
 * <ul>
 * <li>no record: FATAL 28000 {@code no pg_hba.conf entry for host ...};</li>
 * <li>{@code reject}: FATAL 28000 {@code pg_hba.conf rejects connection for host ...};</li>
 * <li>{@code trust}: nothing to check;</li>
 * <li>{@code password}: CleartextPassword request, then the {@code p} answer is checked against the stored secret
 *     (plain_crypt_verify: hashed with the SCRAM secret's salt, or MD5'd with the user name);</li>
 * <li>{@code md5}: the MD5 challenge when the stored secret is MD5 (or, with no secret, when password_encryption
 *     is md5), SCRAM otherwise (CheckPWChallengeAuth); {@code scram-sha-256}: always SCRAM ({@link ScramExchange}).
 *     A role that does not exist, has no password or an expired one still goes through the whole exchange with a
 *     mock salt and fails like a wrong password, so a client cannot tell which;</li>
 * <li>{@code peer} (Unix sockets): the OS user of the connected process (SO_PEERCRED) must be the user named;</li>
 * <li>any other method: FATAL 28000 {@code authentication failed for user "%s": invalid authentication method}.</li>
 * </ul>
 * A failed check is 28P01 {@code password authentication failed for user "%s"} (28000 {@code Peer authentication
 * failed ...} for peer); the server log alone gets the reason and the matched pg_hba.conf line. A client that hangs
 * up during the exchange (what psql does when asked for a password it does not have) ends the child silently with
 * exit code 0. AuthenticationOk is sent by the caller.
 */
final class ClientAuthentication {
    /** PG_MAX_AUTH_TOKEN_LENGTH: the longest password accepted. */
    private static final int MAX_TOKEN_LENGTH = 65535;
    /** PG_MAX_SASL_MESSAGE_LENGTH: the longest SASL message accepted. */
    private static final int MAX_SASL_MESSAGE_LENGTH = 1024;
    private static final int AUTH_REQ_PASSWORD = 3;
    private static final int AUTH_REQ_MD5 = 5;
    private static final int AUTH_REQ_SASL = 10;
    private static final int AUTH_REQ_SASL_CONTINUE = 11;
    private static final int AUTH_REQ_SASL_FINAL = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where stored passwords come from (the SQL engine's role catalog). */
    interface PasswordStore {
        SqlEngine.StoredPassword lookup(String user);
    }

    /** Who is on the other end, as far as authentication needs to know. */
    record Peer(boolean local, InetAddress address, String host, SocketChannel channel) {
    }

    private final HostBasedAuth hostBasedAuth;
    private final PasswordStore passwords;
    /** The role catalog's membership, for {@code +role} and {@code samerole} in pg_hba.conf. */
    private final HostBasedAuth.Membership membership;
    private final Supplier<String> passwordEncryption;

    ClientAuthentication(HostBasedAuth hostBasedAuth, PasswordStore passwords, Supplier<String> passwordEncryption,
                         HostBasedAuth.Membership membership) {
        this.hostBasedAuth = hostBasedAuth;
        this.passwords = passwords;
        this.passwordEncryption = passwordEncryption;
        this.membership = membership;
    }

    /**
     * Returns when the client is authenticated; throws a FATAL PgException (to be sent and logged) or
     * {@link SessionExit} when the client went away.
     *
     * @param tls the connection's TLS session (client certificate, tls-server-end-point channel binding data),
     *            null for a plaintext connection
     */
    /**
     * A client authenticated by a method that establishes who it is (set_authn_id): the identity, the pg_hba.conf
     * method and line, for log_connections' {@code connection authenticated} line.
     */
    record Identity(String identity, String method, int lineNumber) {
    }

    /**
     * @return the authenticated identity, or null for a method that takes the user name on trust
     */
    Identity authenticate(Peer peer, String user, String database, boolean replication, TlsConnection.TlsSession tls,
                          ProtocolInput in, ProtocolOutput out) throws IOException {
        String host = peer.host();
        String hbaDatabase = replication ? "replication" : database;
        boolean ssl = tls != null;
        byte[] tlsServerEndPoint = ssl ? tls.endPointHash() : null;
        HostBasedAuth.Match match = hostBasedAuth.match(peer.local(), ssl, peer.address(), hbaDatabase, user,
                        membership)
                .orElseThrow(() -> fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, replication
                        ? Messages.noHbaEntryReplication(host, user, ssl)
                        : Messages.noHbaEntry(host, user, database, ssl)));
        String lineDetail = Messages.hbaLineDetail(match.lineNumber(), match.rawLine());
        ClientCertificateCheck.beforeMethod(match, tls);
        String identity = user;
        switch (match.method()) {
            case "trust" -> identity = null;
            case "cert" -> {
            }
            case "reject" -> throw fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, replication
                    ? Messages.hbaRejectsReplication(host, user, ssl)
                    : Messages.hbaRejects(host, user, database, ssl));
            case "password" -> checkCleartextPassword(user, lineDetail, in, out);
            case "md5", "scram-sha-256" -> {
                SqlEngine.StoredPassword stored = passwords.lookup(user);
                boolean md5 = stored.secret() != null
                        ? PasswordSecrets.kind(stored.secret()) == PasswordSecrets.Kind.MD5
                        : "md5".equals(passwordEncryption.get());
                if (match.method().equals("md5") && md5) {
                    checkMd5(user, stored, lineDetail, in, out);
                } else {
                    checkScram(user, stored, tlsServerEndPoint, lineDetail, in, out);
                }
            }
            case "peer" -> identity = checkPeer(peer, user, lineDetail);
            default -> throw new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    Messages.invalidMethodFailed(user), lineDetail);
        }
        ClientCertificateCheck.afterMethod(match, tls, user, lineDetail);
        return identity == null ? null : new Identity(identity, match.method(), match.lineNumber());
    }

    private void checkCleartextPassword(String user, String lineDetail, ProtocolInput in, ProtocolOutput out)
            throws IOException {
        out.authenticationRequest(AUTH_REQ_PASSWORD, new byte[0]);
        out.flush();
        String given = readPasswordString(in);
        SqlEngine.StoredPassword stored = passwords.lookup(user);
        if (stored.secret() == null) {
            throw passwordFailed(user, stored.failureDetail(), lineDetail);
        }
        if (!plainMatches(user, stored.secret(), given)) {
            throw passwordFailed(user, Messages.passwordMismatch(user), lineDetail);
        }
    }

    /** plain_crypt_verify. */
    private static boolean plainMatches(String user, String secret, String given) {
        switch (PasswordSecrets.kind(secret)) {
            case SCRAM_SHA_256 -> {
                PasswordSecrets.ScramSecret scram = PasswordSecrets.parseScram(secret).orElseThrow();
                byte[] salted = PasswordSecrets.saltedPassword(given, scram.salt(), scram.iterations());
                return MessageDigest.isEqual(PasswordSecrets.hmac(salted, "Server Key"), scram.serverKey());
            }
            case MD5 -> {
                return MessageDigest.isEqual(secret.getBytes(StandardCharsets.US_ASCII),
                        PasswordSecrets.md5Secret(user, given).getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * CheckMD5Auth: AuthenticationMD5Password with 4 random salt bytes; the answer must be
     * {@code md5} + hex(md5(stored hash without its "md5" prefix || salt)).
     */
    private void checkMd5(String user, SqlEngine.StoredPassword stored, String lineDetail, ProtocolInput in,
                          ProtocolOutput out) throws IOException {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        out.authenticationRequest(AUTH_REQ_MD5, salt);
        out.flush();
        String given = readPasswordString(in);
        if (stored.secret() == null) {
            throw passwordFailed(user, stored.failureDetail(), lineDetail);
        }
        byte[] hashed = stored.secret().substring(3).getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[hashed.length + salt.length];
        System.arraycopy(hashed, 0, salted, 0, hashed.length);
        System.arraycopy(salt, 0, salted, hashed.length, salt.length);
        String expected = "md5" + PasswordSecrets.md5Hex(salted);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw passwordFailed(user, Messages.passwordMismatch(user), lineDetail);
        }
    }

    /**
     * CheckSASLAuth with the SCRAM mechanism: the mechanism list (SCRAM-SHA-256-PLUS first on an encrypted
     * connection), SASLInitialResponse, SASLContinue, SASLResponse, then SASLFinal or the failure.
     */
    private void checkScram(String user, SqlEngine.StoredPassword stored, byte[] tlsServerEndPoint,
                            String lineDetail, ProtocolInput in, ProtocolOutput out) throws IOException {
        boolean ssl = tlsServerEndPoint != null;
        String mechanisms = (ssl ? ScramExchange.SCRAM_SHA_256_PLUS + "\0" : "") + ScramExchange.SCRAM_SHA_256
                + "\0\0";
        out.authenticationRequest(AUTH_REQ_SASL, mechanisms.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        MessageBody initial = new MessageBody(readSaslMessage(user, lineDetail, in));
        String mechanism = initial.getString();
        byte[] binding;
        if (mechanism.equals(ScramExchange.SCRAM_SHA_256_PLUS) && ssl) {
            binding = tlsServerEndPoint;
        } else if (mechanism.equals(ScramExchange.SCRAM_SHA_256)) {
            binding = null;
        } else {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.UNSUPPORTED_SASL_MECHANISM);
        }
        String failureDetail = stored.failureDetail();
        PasswordSecrets.ScramSecret secret = null;
        if (stored.secret() != null) {
            if (PasswordSecrets.kind(stored.secret()) == PasswordSecrets.Kind.SCRAM_SHA_256) {
                secret = PasswordSecrets.parseScram(stored.secret()).orElse(null);
            } else {
                failureDetail = "User \"" + user + "\" does not have a valid SCRAM secret.";
            }
        }
        ScramExchange exchange = new ScramExchange(secret, stored.mockSalt(), binding, ssl);
        int length = initial.getInt32();
        String first;
        if (length == -1) {
            // no Initial Client Response: an empty challenge asks for it
            initial.end();
            out.authenticationRequest(AUTH_REQ_SASL_CONTINUE, new byte[0]);
            out.flush();
            first = saslText(readSaslMessage(user, lineDetail, in));
        } else {
            byte[] data = initial.getBytes(length);
            initial.end();
            first = saslText(data);
        }
        String serverFirst = exchange.clientFirst(first);
        out.authenticationRequest(AUTH_REQ_SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.UTF_8));
        out.flush();
        String serverFinal = exchange.clientFinal(saslText(readSaslMessage(user, lineDetail, in)));
        if (serverFinal == null) {
            throw passwordFailed(user, failureDetail, lineDetail);
        }
        out.authenticationRequest(AUTH_REQ_SASL_FINAL, serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** scram_exchange's checks on the raw message: not empty, no NUL inside. */
    private static String saslText(byte[] data) {
        if (data.length == 0) {
            throw ScramExchange.malformed("The message is empty.");
        }
        if (indexOfNul(data) >= 0) {
            throw ScramExchange.malformed("Message length does not match input length.");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** auth_peer: the Unix socket's peer credentials name the OS user, who must be the user asked for. */
    private static String checkPeer(Peer peer, String user, String lineDetail) {
        String osUser;
        try {
            osUser = peer.channel().getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not get peer credentials: " + SocketErrors.receiveReason(e));
            throw peerFailed(user, lineDetail);
        } catch (UnsupportedOperationException e) {
            ServerLog.log(Severity.LOG, "peer authentication is not supported on this platform");
            throw peerFailed(user, lineDetail);
        }
        if (!osUser.equals(user)) {
            ServerLog.log(Severity.LOG, "provided user name (" + user + ") and authenticated user name (" + osUser
                    + ") do not match");
            throw peerFailed(user, lineDetail);
        }
        return osUser;
    }

    private static AuthenticationFailed peerFailed(String user, String lineDetail) {
        return new AuthenticationFailed(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                "Peer authentication failed for user \"" + user + "\"", lineDetail);
    }

    /**
     * A SASL message: like a password packet, but at most PG_MAX_SASL_MESSAGE_LENGTH; a longer one is logged and
     * fails authentication (pq_getmessage's error, then auth_failed).
     */
    private static byte[] readSaslMessage(String user, String lineDetail, ProtocolInput in) throws IOException {
        int type = in.readByteOrEof();
        if (type < 0) {
            throw SessionExit.normal();
        }
        if (type != 'p') {
            throw fatal(SqlState.PROTOCOL_VIOLATION, "expected SASL response, got message type " + type);
        }
        try {
            int length = in.readInt();
            if (length < 4 || length - 4 > MAX_SASL_MESSAGE_LENGTH) {
                ServerLog.log(Severity.LOG, Messages.INVALID_MESSAGE_LENGTH);
                throw passwordFailed(user, null, lineDetail);
            }
            return in.readBytes(length - 4);
        } catch (EOFException e) {
            ServerLog.log(Severity.LOG, Messages.INCOMPLETE_MESSAGE);
            throw SessionExit.normal();
        }
    }

    /** recv_password_packet's checks on a password message: one NUL-terminated, non-empty string. */
    private static String readPasswordString(ProtocolInput in) throws IOException {
        byte[] body = readPasswordMessage(in);
        if (body.length == 0 || indexOfNul(body) != body.length - 1) {
            throw fatal(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_PASSWORD_PACKET_SIZE);
        }
        if (body.length == 1) {
            throw fatal(SqlState.INVALID_PASSWORD, Messages.EMPTY_PASSWORD);
        }
        return new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
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

    /** auth_failed: the reason (if any) and the pg_hba.conf line go to the log only. */
    private static AuthenticationFailed passwordFailed(String user, String reason, String lineDetail) {
        return new AuthenticationFailed(SqlState.INVALID_PASSWORD, Messages.passwordFailed(user),
                reason == null ? lineDetail : reason + "\n" + lineDetail);
    }

    private static PgException fatal(String sqlState, String message) {
        return new PgException(Severity.FATAL, sqlState, message, null, null, 0);
    }
}
