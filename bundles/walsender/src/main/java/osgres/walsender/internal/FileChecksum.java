package osgres.walsender.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A backup manifest's per-file checksum (common/checksum_helper.c): CRC32C in native (little-endian) byte order,
 * SHA-224/256/384/512, or none.
 */
final class FileChecksum {
    static final Set<String> ALGORITHMS = Set.of("NONE", "CRC32C", "SHA224", "SHA256", "SHA384", "SHA512");

    private final String name;
    private final CRC32C crc;
    private final MessageDigest digest;

    private FileChecksum(String name, CRC32C crc, MessageDigest digest) {
        this.name = name;
        this.crc = crc;
        this.digest = digest;
    }

    static FileChecksum of(String algorithm) {
        try {
            return switch (algorithm) {
                case "CRC32C" -> new FileChecksum(algorithm, new CRC32C(), null);
                case "NONE" -> new FileChecksum(algorithm, null, null);
                default -> new FileChecksum(algorithm, null,
                        MessageDigest.getInstance("SHA-" + algorithm.substring(3)));
            };
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    void update(byte[] bytes, int offset, int length) {
        if (crc != null) {
            crc.update(bytes, offset, length);
        } else if (digest != null) {
            digest.update(bytes, offset, length);
        }
    }

    /** The checksum's bytes, null for none. */
    byte[] finish() {
        if (crc != null) {
            int v = (int) crc.getValue();
            return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        }
        return digest == null ? null : digest.digest();
    }
}
