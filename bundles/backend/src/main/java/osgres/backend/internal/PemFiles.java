package osgres.backend.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PEM files as OpenSSL reads them for the server (be-secure-openssl.c): certificates
 * ({@code BEGIN CERTIFICATE}, several in a file for a chain or a CA bundle, text around them ignored), private
 * keys in the three forms {@code openssl} writes without a passphrase, and CRLs ({@code BEGIN X509 CRL}).
 * <pre>
 *   BEGIN PRIVATE KEY       PKCS#8 PrivateKeyInfo: the JDK reads it (RSA, EC, Ed25519/Ed448, RSASSA-PSS)
 *   BEGIN RSA PRIVATE KEY   PKCS#1 RSAPrivateKey, wrapped into PKCS#8 here:
 *                             SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING pkcs1 }
 *   BEGIN EC PRIVATE KEY    SEC1 ECPrivateKey SEQUENCE { INTEGER 1, OCTET STRING d, [0] OID curve, [1] ... },
 *                           wrapped as SEQUENCE { INTEGER 0, SEQUENCE { OID ecPublicKey, OID curve },
 *                                                 OCTET STRING sec1 }
 * </pre>
 * Encrypted keys ({@code BEGIN ENCRYPTED PRIVATE KEY}, {@code Proc-Type: 4,ENCRYPTED}) are decrypted with a
 * passphrase the caller supplies ({@code ssl_passphrase_command}). Failures are {@link PemException}s whose text
 * is OpenSSL's reason string ({@code no start line}), for PostgreSQL's {@code could not load ... file "%s": %s}.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
            0x01};
    private static final String[] PKCS8_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    /** OpenSSL's reason for a file it could not use. */
    static final class PemException extends Exception {
        PemException(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Block(String label, String body) {
    }

    private PemFiles() {
    }

    /** Every certificate of the file, in file order (the server's own first, then its chain). */
    static List<X509Certificate> certificates(String text) throws PemException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(text)) {
                if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(decode(block))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new PemException("ASN1 lib");
        }
        if (certificates.isEmpty()) {
            throw new PemException("no start line");
        }
        return certificates;
    }

    /** Every CRL of the file. */
    static List<CRL> crls(String text) throws PemException {
        List<CRL> crls = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(text)) {
                if (block.label().equals("X509 CRL")) {
                    crls.add(factory.generateCRL(new ByteArrayInputStream(decode(block))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new PemException("ASN1 lib");
        }
        if (crls.isEmpty()) {
            throw new PemException("no start line");
        }
        return crls;
    }

    /** Where the passphrase of an encrypted key comes from (OpenSSL's pem_password_cb). */
    @FunctionalInterface
    interface Passphrase {
        Passphrase NONE = () -> null;

        /** The passphrase, or null when there is none to give (the key then fails to load). */
        char[] get() throws PemException;
    }

    /** The first private key of the file, unencrypted. */
    static PrivateKey privateKey(String text) throws PemException {
        return privateKey(text, Passphrase.NONE);
    }

    /**
     * The first private key of the file; an encrypted one ({@code BEGIN ENCRYPTED PRIVATE KEY}, PKCS#5 v2 as
     * {@code openssl pkcs8 -topk8} writes it, or a traditional key with {@code Proc-Type: 4,ENCRYPTED} and
     * {@code DEK-Info: AES-256-CBC,<iv>}) is decrypted with {@code passphrase}.
     */
    static PrivateKey privateKey(String text, Passphrase passphrase) throws PemException {
        for (Block block : blocks(text)) {
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(decode(block));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    byte[] der = decode(block);
                    if (block.body().contains("Proc-Type: 4,ENCRYPTED")) {
                        der = decryptTraditional(block.body(), der, passphrase);
                    }
                    return pkcs8(block.label().startsWith("RSA") ? wrapRsa(der) : wrapEc(der));
                }
                case "ENCRYPTED PRIVATE KEY" -> {
                    return pkcs8(decryptPkcs8(decode(block), passphrase));
                }
                default -> {
                    // EC PARAMETERS and other blocks before the key are skipped, as OpenSSL does
                }
            }
        }
        throw new PemException("no start line");
    }

    private static byte[] decryptPkcs8(byte[] der, Passphrase passphrase) throws PemException {
        char[] secret = passphrase.get();
        if (secret == null) {
            throw new PemException("bad decrypt");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = info.getAlgParameters() == null ? info.getAlgName()
                    : info.getAlgParameters().toString();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(secret)), info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new PemException("bad decrypt");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * PEM_do_header: DEK-Info names the cipher and its IV; the key is EVP_BytesToKey(MD5, passphrase, first 8 IV
     * bytes as salt, one round).
     */
    private static byte[] decryptTraditional(String body, byte[] der, Passphrase passphrase) throws PemException {
        Matcher info = Pattern.compile("DEK-Info: ([A-Z0-9-]+),([0-9A-Fa-f]+)").matcher(body);
        if (!info.find()) {
            throw new PemException("unsupported encryption");
        }
        String name = info.group(1);
        int keyLength;
        String transformation;
        switch (name) {
            case "AES-128-CBC" -> {
                keyLength = 16;
                transformation = "AES";
            }
            case "AES-192-CBC" -> {
                keyLength = 24;
                transformation = "AES";
            }
            case "AES-256-CBC" -> {
                keyLength = 32;
                transformation = "AES";
            }
            case "DES-EDE3-CBC" -> {
                keyLength = 24;
                transformation = "DESede";
            }
            default -> throw new PemException("unsupported encryption");
        }
        char[] secret = passphrase.get();
        if (secret == null) {
            throw new PemException("bad decrypt");
        }
        try {
            byte[] iv = HexFormat.of().parseHex(info.group(2));
            byte[] password = new String(secret).getBytes(StandardCharsets.UTF_8);
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] key = new byte[keyLength];
            byte[] previous = new byte[0];
            for (int filled = 0; filled < keyLength; ) {
                md5.update(previous);
                md5.update(password);
                md5.update(iv, 0, 8);
                previous = md5.digest();
                int n = Math.min(previous.length, keyLength - filled);
                System.arraycopy(previous, 0, key, filled, n);
                filled += n;
            }
            Cipher cipher = Cipher.getInstance(transformation + "/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, transformation), new IvParameterSpec(iv));
            return cipher.doFinal(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PemException("bad decrypt");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws PemException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next one
            }
        }
        throw new PemException("unsupported");
    }

    private static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    /** Finds the curve OID in the SEC1 structure's {@code [0]} field, which openssl always writes. */
    private static byte[] wrapEc(byte[] sec1) throws PemException {
        byte[] curve = null;
        try {
            int[] outer = header(sec1, 0);
            int at = outer[0];
            int end = at + outer[1];
            while (at < end) {
                int tag = sec1[at] & 0xff;
                int[] field = header(sec1, at);
                if (tag == 0xa0) {
                    curve = Arrays.copyOfRange(sec1, field[0], field[0] + field[1]);
                }
                at = field[0] + field[1];
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new PemException("ASN1 lib");
        }
        if (curve == null || curve.length == 0 || curve[0] != 0x06) {
            throw new PemException("unsupported");
        }
        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
        algorithm.writeBytes(EC_PUBLIC_KEY_OID);
        algorithm.writeBytes(curve);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(tlv(0x30, algorithm.toByteArray()));
        body.writeBytes(tlv(0x04, sec1));
        return tlv(0x30, body.toByteArray());
    }

    /** DER tag-length at {@code at}: {offset of the content, content length}. */
    private static int[] header(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {at + 2, first};
        }
        int count = first & 0x7f;
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xff);
        }
        return new int[] {at + 2 + count, length};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static byte[] decode(Block block) throws PemException {
        StringBuilder base64 = new StringBuilder();
        for (String line : block.body().split("\\r?\\n")) {
            if (!line.contains(":")) {
                base64.append(line.strip());
            }
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new PemException("bad base64 decode");
        }
    }
}
