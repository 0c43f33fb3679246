package osgres.walsender.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * A ustar header block as PostgreSQL's port/tar.c writes it (tarCreateHeader): name at 0 (a trailing {@code /} for
 * a directory), mode, uid, gid, size and mtime as octal numbers with a trailing space (GNU base-256 when too large),
 * the type flag, {@code ustar\0} and version {@code 00}, owner and group {@code postgres}, the checksum last.
 */
final class TarHeader {
    private static final int BLOCK = 512;

    private TarHeader() {
    }

    static byte[] file(String name, int mode, long size, Instant modified) {
        return header(name, false, mode, size, modified);
    }

    static byte[] directory(String name, int mode, Instant modified) {
        return header(name, true, mode, 0, modified);
    }

    private static byte[] header(String name, boolean directory, int mode, long size, Instant modified) {
        byte[] h = new byte[BLOCK];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length > 99) {
            throw PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "file name too long for tar format: \"" + name
                    + "\"");
        }
        System.arraycopy(n, 0, h, 0, n.length);
        if (directory) {
            h[n.length] = '/';
        }
        number(h, 100, 8, mode & 07777);
        number(h, 108, 8, 0);
        number(h, 116, 8, 0);
        number(h, 124, 12, directory ? 0 : size);
        number(h, 136, 12, modified.getEpochSecond());
        h[156] = (byte) (directory ? '5' : '0');
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 265, "postgres");
        put(h, 297, "postgres");
        number(h, 329, 8, 0);
        number(h, 337, 8, 0);
        number(h, 148, 8, checksum(h));
        return h;
    }

    /** print_tar_number. */
    private static void number(byte[] h, int offset, int length, long value) {
        if (value < (1L << ((length - 1) * 3))) {
            int i = length - 1;
            h[offset + i] = ' ';
            while (i > 0) {
                h[offset + --i] = (byte) ('0' + (value & 7));
                value >>>= 3;
            }
        } else {
            h[offset] = (byte) 0x80;
            for (int i = length - 1; i > 0; i--) {
                h[offset + i] = (byte) value;
                value >>>= 8;
            }
        }
    }

    private static void put(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }

    /** tarChecksum: the byte sum with the checksum field counted as spaces. */
    private static int checksum(byte[] h) {
        int sum = 8 * ' ';
        for (int i = 0; i < BLOCK; i++) {
            if (i < 148 || i >= 156) {
                sum += h[i] & 0xFF;
            }
        }
        return sum;
    }
}
