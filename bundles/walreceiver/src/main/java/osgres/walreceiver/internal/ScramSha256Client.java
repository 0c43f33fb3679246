package osgres.walreceiver.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash) as libpq's fe-auth-scram.c runs it, without
 * channel binding (GS2 header {@code n,,}): client-first {@code n,,n=<user>,r=<nonce>}; from the server-first
 * {@code r=..,s=..,i=..} it derives SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i), sends client-final
 * {@code c=biws,r=..,p=<ClientKey XOR HMAC(StoredKey, AuthMessage)>}, and accepts the server-final only if its
 * {@code v=} is HMAC(ServerKey, AuthMessage). libpq sends an empty user name (the server uses the startup
 * packet's); the password is normalized with NFKC, SASLprep's normalization step (its prohibited-character
 * checks are not done: such a password then simply fails on the server).
 */
final class ScramSha256Client {
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final String GS2_HEADER = "n,,";

    private final String password;
    private final String clientNonce;
    private final String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramSha256Client(String user, String password) {
        this(user, password, randomNonce());
    }

    /** With a given nonce: RFC 7677's test vector. */
    ScramSha256Client(String user, String password, String clientNonce) {
        this.password = password;
        this.clientNonce = clientNonce;
        this.clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    private static String randomNonce() {
        byte[] raw = new byte[18];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    String clientFirstMessage() {
        return GS2_HEADER + clientFirstBare;
    }

    /** The client-final message for the server-first one; throws {@link ScramException} with libpq's text. */
    String clientFinalMessage(String serverFirst) throws ScramException {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new ScramException("invalid SCRAM response (nonce mismatch)");
        }
        byte[] saltBytes;
        int count;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
            count = Integer.parseInt(iterations);
        } catch (IllegalArgumentException e) {
            throw new ScramException("malformed SCRAM message (invalid salt or iteration count)");
        }
        String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(
                GS2_HEADER.getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        try {
            byte[] saltedPassword = saltedPassword(password, saltBytes, count);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
            return clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new ScramException("could not calculate client proof");
        }
    }

    /** Checks the server-final message's signature; libpq's texts on failure. */
    void verifyServerFinal(String serverFinal) throws ScramException {
        if (serverFinal.startsWith("e=")) {
            throw new ScramException("error received from server in SCRAM exchange: " + serverFinal.substring(2));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
        } catch (IllegalArgumentException e) {
            throw new ScramException("malformed SCRAM message (invalid server signature)");
        }
        if (expectedServerSignature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException("incorrect server signature");
        }
    }

    private static byte[] saltedPassword(String password, byte[] salt, int iterations)
            throws GeneralSecurityException {
        String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
        PBEKeySpec spec = new PBEKeySpec(normalized.toCharArray(), salt, iterations, 256);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of {@code name=} among the comma-separated attributes. */
    private static String attribute(String message, char name) throws ScramException {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw new ScramException("malformed SCRAM message (attribute \"" + name + "\" expected)");
    }

    /** A failed exchange, with libpq's message. */
    static final class ScramException extends Exception {
        ScramException(String message) {
            super(message);
        }
    }
}
