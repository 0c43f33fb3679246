package osgres.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stored passwords as PostgreSQL 15 keeps them in pg_authid.rolpassword (libpq/crypt.c, common/scram-common.c,
 * common/saslprep.c), shared by CREATE/ALTER ROLE, which stores them, and authentication, which checks them:
 * <ul>
 * <li>MD5: {@code md5} + hex(md5(password || user name)), 35 characters;</li>
 * <li>SCRAM-SHA-256: {@code SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>}
 *     with SaltedPassword = PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations), ClientKey =
 *     HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey), ServerKey = HMAC(SaltedPassword,
 *     "Server Key") (RFC 5802, 7677). New secrets use 4096 iterations and a 16-byte random salt.</li>
 * </ul>
 * A value that already has one of these forms is stored as given (pg_dumpall's ALTER ROLE ... PASSWORD, psql's
 * {@code \password}); anything else is a plain password and is hashed per password_encryption.
 */
public final class PasswordSecrets {
    public static final int SCRAM_ITERATIONS = 4096;
    public static final int SCRAM_SALT_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MD5_SECRET = Pattern.compile("md5[0-9a-f]{32}");
    private static final Pattern SCRAM_SECRET = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    /** A parsed SCRAM-SHA-256 secret. */
    public record ScramSecret(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    }

    /** PasswordType of crypt.h. */
    public enum Kind { PLAINTEXT, MD5, SCRAM_SHA_256 }

    private PasswordSecrets() {
    }

    /** get_password_type: what a stored or given value is. */
    public static Kind kind(String value) {
        if (MD5_SECRET.matcher(value).matches()) {
            return Kind.MD5;
        }
        return parseScram(value).isPresent() ? Kind.SCRAM_SHA_256 : Kind.PLAINTEXT;
    }

    /**
     * encrypt_password: the value to store for {@code password} given by {@code user}, hashed with
     * {@code encryption} ({@code scram-sha-256} or {@code md5}) unless it already is a secret.
     */
    public static String encrypt(String user, String password, String encryption) {
        if (kind(password) != Kind.PLAINTEXT) {
            return password;
        }
        return encryption.equals("md5") ? md5Secret(user, password) : scramSecret(password);
    }

    public static String md5Secret(String user, String password) {
        return "md5" + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
    }

    /** A new SCRAM-SHA-256 secret with a random salt. */
    public static String scramSecret(String password) {
        byte[] salt = new byte[SCRAM_SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return scramSecret(password, salt, SCRAM_ITERATIONS);
    }

    public static String scramSecret(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(sha256(hmac(salted, "Client Key"))) + ":"
                + b64.encodeToString(hmac(salted, "Server Key"));
    }

    public static Optional<ScramSecret> parseScram(String value) {
        Matcher m = SCRAM_SECRET.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] storedKey = b64.decode(m.group(3));
            byte[] serverKey = b64.decode(m.group(4));
            int iterations = Integer.parseInt(m.group(1));
            if (storedKey.length != 32 || serverKey.length != 32 || iterations <= 0) {
                return Optional.empty();
            }
            return Optional.of(new ScramSecret(iterations, b64.decode(m.group(2)), storedKey, serverKey));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** PBKDF2-HMAC-SHA-256 of the SASLprep'd password (scram_SaltedPassword). */
    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        String prepared = saslPrep(password);
        try {
            // PBEKeySpec takes chars and encodes them as UTF-8 for the HMAC key, as PostgreSQL uses the bytes
            PBEKeySpec spec = new PBEKeySpec(prepared.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SASLprep (RFC 4013) as pg_saslprep applies it: ASCII passwords are used as they are; others have non-ASCII
     * spaces mapped to a space, the "commonly mapped to nothing" characters removed, and NFKC applied. Where
     * PostgreSQL would give up (prohibited or unassigned characters) it uses the password as given; so does this.
     */
    public static String saslPrep(String password) {
        boolean ascii = true;
        for (int i = 0; i < password.length(); i++) {
            if (password.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int cp = password.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                    || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F)
                    || cp == 0xFEFF) {
                continue;
            }
            if (cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F
                    || cp == 0x3000) {
                mapped.append(' ');
                continue;
            }
            if (Character.getType(cp) == Character.UNASSIGNED || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.PRIVATE_USE || Character.getType(cp) == Character.SURROGATE) {
                return password;
            }
            mapped.appendCodePoint(cp);
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    }
}
