package osgres.backend.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import osgres.api.PasswordSecrets;
import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * The server side of one SCRAM-SHA-256 exchange (auth-scram.c, RFC 5802 and 7677), message by message:
 * <ol>
 * <li>{@link #clientFirst}: the GS2 header ({@code n,,}, {@code y,,} or {@code p=tls-server-end-point,,}; no
 *     authzid), {@code n=} (ignored: the startup packet names the user), {@code r=} the client nonce, any
 *     extensions; answered with the server-first-message {@code r=<client nonce><server nonce>,s=<salt>,i=<n>};</li>
 * <li>{@link #clientFinal}: {@code c=} the base64 GS2 header (plus the server certificate's hash for
 *     SCRAM-SHA-256-PLUS), {@code r=} the whole nonce, {@code p=} the proof, which is checked against the stored
 *     secret; answered with the server-final-message {@code v=<server signature>}.</li>
 * </ol>
 * A "doomed" exchange (no secret: unknown role, no password, expired, MD5 secret) runs the same way with a mock
 * salt and fails at the proof, so a client cannot tell an unknown role from a wrong password. Malformed messages
 * are PostgreSQL's 08P01 {@code malformed SCRAM message} errors with their DETAILs.
 */
final class ScramExchange {
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";
    private static final int NONCE_BYTES = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordSecrets.ScramSecret secret;
    private final byte[] salt;
    private final int iterations;
    /** tls-server-end-point data when this exchange uses channel binding (SCRAM-SHA-256-PLUS), else null. */
    private final byte[] channelBinding;
    private final boolean sslInUse;
    private char cbindFlag;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param secret         the stored SCRAM secret, or null for a doomed exchange
     * @param mockSalt       the salt shown when there is no secret
     * @param channelBinding the server certificate hash when the client chose SCRAM-SHA-256-PLUS, else null
     * @param sslInUse       whether the connection is encrypted (a {@code y} flag is then refused)
     */
    ScramExchange(PasswordSecrets.ScramSecret secret, byte[] mockSalt, byte[] channelBinding, boolean sslInUse) {
        this.secret = secret;
        this.salt = secret != null ? secret.salt() : mockSalt;
        this.iterations = secret != null ? secret.iterations() : PasswordSecrets.SCRAM_ITERATIONS;
        this.channelBinding = channelBinding;
        this.sslInUse = sslInUse;
    }

    /** read_client_first_message, then build_server_first_message. */
    String clientFirst(String input) {
        Cursor p = new Cursor(input);
        cbindFlag = p.peek();
        switch (cbindFlag) {
            case 'n', 'y' -> {
                if (channelBinding != null) {
                    throw malformed("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not "
                            + "include channel binding data.");
                }
                if (cbindFlag == 'y' && sslInUse) {
                    throw PgException.error(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                            "SCRAM channel binding negotiation error").withDetail("The client supports SCRAM channel "
                            + "binding but thinks the server does not.  However, this server does support channel "
                            + "binding.");
                }
                p.advance();
                if (p.peek() != ',') {
                    throw malformed("Comma expected, but found character \"" + sanitize(p.peek()) + "\".");
                }
                p.advance();
            }
            case 'p' -> {
                if (channelBinding == null) {
                    throw malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM "
                            + "message includes channel binding data.");
                }
                String type = p.attribute('p');
                if (!type.equals("tls-server-end-point")) {
                    throw PgException.error(SqlState.PROTOCOL_VIOLATION,
                            "unsupported SCRAM channel-binding type \"" + sanitize(type) + "\"");
                }
            }
            default -> throw malformed("Unexpected channel-binding flag \"" + sanitize(cbindFlag) + "\".");
        }
        if (p.peek() == 'a') {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "client uses authorization identity, but it is not supported");
        }
        if (p.peek() != ',') {
            throw malformed("Unexpected attribute \"" + sanitize(p.peek()) + "\" in client-first-message.");
        }
        p.advance();
        clientFirstBare = p.rest();
        if (p.peek() == 'm') {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension");
        }
        p.attribute('n');
        String clientNonce = p.attribute('r');
        if (!printable(clientNonce)) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "non-printable characters in SCRAM nonce");
        }
        while (!p.atEnd()) {
            p.anyAttribute();
        }
        byte[] serverNonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return serverFirst;
    }

    /**
     * read_client_final_message, verify_final_nonce and verify_client_proof: the server-final-message when the
     * proof is right, null when authentication fails (wrong password or a doomed exchange).
     */
    String clientFinal(String input) {
        Cursor p = new Cursor(input);
        String binding = p.attribute('c');
        if (channelBinding != null) {
            byte[] header = "p=tls-server-end-point,,".getBytes(StandardCharsets.US_ASCII);
            byte[] expected = new byte[header.length + channelBinding.length];
            System.arraycopy(header, 0, expected, 0, header.length);
            System.arraycopy(channelBinding, 0, expected, header.length, channelBinding.length);
            if (!binding.equals(Base64.getEncoder().encodeToString(expected))) {
                throw PgException.error(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                        "SCRAM channel binding check failed");
            }
        } else if (!(binding.equals("biws") && cbindFlag == 'n') && !(binding.equals("eSws") && cbindFlag == 'y')) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION,
                    "unexpected SCRAM channel-binding attribute in client-final-message");
        }
        String finalNonce = p.attribute('r');
        int proofStart;
        String proofText;
        char attr;
        do {
            proofStart = p.position() - 1;
            attr = p.peek();
            proofText = p.anyAttribute();
        } while (attr != 'p');
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(proofText);
        } catch (IllegalArgumentException e) {
            proof = new byte[0];
        }
        if (proof.length != 32) {
            throw malformed("Malformed proof in client-final-message.");
        }
        if (!p.atEnd()) {
            throw malformed("Garbage found at the end of client-final-message.");
        }
        if (!finalNonce.equals(nonce)) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, "invalid SCRAM response")
                    .withDetail("Nonce does not match.");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + input.substring(0, proofStart);
        byte[] storedKey = secret != null ? secret.storedKey() : new byte[32];
        byte[] signature = PasswordSecrets.hmac(storedKey, authMessage);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            clientKey[i] = (byte) (proof[i] ^ signature[i]);
        }
        boolean valid = MessageDigest.isEqual(PasswordSecrets.sha256(clientKey), storedKey);
        if (!valid || secret == null) {
            return null;
        }
        return "v=" + Base64.getEncoder().encodeToString(PasswordSecrets.hmac(secret.serverKey(), authMessage));
    }

    /** is_scram_printable: 0x21-0x7E except ','. */
    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** sanitize_char: printable ASCII as itself, anything else as 0x%02x. */
    static String sanitize(char c) {
        if (c >= 0x21 && c <= 0x7E) {
            return String.valueOf(c);
        }
        return String.format("0x%02x", c & 0xff);
    }

    /** sanitize_str: the string when it is printable ASCII, else a placeholder. */
    private static String sanitize(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return "(invalid)";
            }
        }
        return s;
    }

    static PgException malformed(String detail) {
        return PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.MALFORMED_SCRAM_MESSAGE).withDetail(detail);
    }

    /** A position in a SCRAM message (a C string: the end reads as NUL). */
    private static final class Cursor {
        private final String text;
        private int pos;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void advance() {
            pos++;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        int position() {
            return pos;
        }

        String rest() {
            return text.substring(Math.min(pos, text.length()));
        }

        /** read_attr_value: {@code attr=value} up to the next comma, which is skipped. */
        String attribute(char attr) {
            if (peek() != attr) {
                throw malformed("Expected attribute \"" + attr + "\" but found \"" + sanitize(peek()) + "\".");
            }
            pos++;
            if (peek() != '=') {
                throw malformed("Expected character \"=\" for attribute \"" + attr + "\".");
            }
            pos++;
            return value();
        }

        /** read_any_attr: any letter, then {@code =value}. */
        String anyAttribute() {
            char attr = peek();
            if (attr == '\0') {
                throw malformed("Attribute expected, but found end of string.");
            }
            if (!((attr >= 'A' && attr <= 'Z') || (attr >= 'a' && attr <= 'z'))) {
                throw malformed("Attribute expected, but found invalid character \"" + sanitize(attr) + "\".");
            }
            pos++;
            if (peek() != '=') {
                throw malformed("Expected character \"=\" for attribute \"" + attr + "\".");
            }
            pos++;
            return value();
        }

        private String value() {
            int end = text.indexOf(',', pos);
            String value;
            if (end < 0) {
                value = text.substring(pos);
                pos = text.length();
            } else {
                value = text.substring(pos, end);
                pos = end + 1;
            }
            return value;
        }
    }
}
