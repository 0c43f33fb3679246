package osgres.storage.internal.toast;

import java.util.Arrays;

import osgres.storage.internal.heap.StorageMessages;

/**
 * PostgreSQL's pglz compression format (common/pg_lzcompress.c), written here from the format's description:
 * an LZ77 variant with a 4 KB window and no entropy coding, fast to decompress, the default TOAST compression of
 * PostgreSQL 15 ({@code default_toast_compression = pglz}).
 * <pre>
 *   output     groups of a control byte and up to eight items; bit i of the control byte (least significant
 *              first) says whether item i is a literal (0) or a match tag (1)
 *   literal    one byte, copied
 *   match tag  2 bytes: (offset &gt;&gt; 8) &lt;&lt; 4 | (length - 3), offset &amp; 0xff; a length nibble of 15 means a
 *              third byte follows with length - 18. Offset 1..4095 back into the output produced so far, length
 *              3..273; source and target may overlap (a run repeats itself)
 * </pre>
 * Compression gives up, as the default strategy (PGLZ_strategy_default) does, when the input is under 32 bytes,
 * when no match was found in the first 1 KB, or when the result would not save at least 25%: the caller then
 * stores the value uncompressed. Matches come from a hash of the next three bytes and a chain of earlier
 * positions with the same hash; a good match (128 bytes, accepting 10% less for each further candidate) ends the
 * search. Not PostgreSQL's code: only its format and strategy, so the output need not be byte-identical.
 */
public final class Pglz {
    static final int MIN_INPUT = 32;
    static final int MIN_COMPRESSION_RATE = 25;
    static final int FIRST_SUCCESS_BY = 1024;
    private static final int MATCH_GOOD = 128;
    private static final int MATCH_DROP = 10;
    private static final int MAX_OFFSET = 0x0FFF;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 273;
    private static final int MAX_CHAIN = 256;
    private static final int HASH_BITS = 13;
    private static final int WINDOW = MAX_OFFSET + 1;

    private Pglz() {
    }

    /** The compressed form of {@code src}, or null when compression does not pay (see the class comment). */
    public static byte[] compress(byte[] src) {
        int n = src.length;
        if (n < MIN_INPUT) {
            return null;
        }
        int resultMax = (int) ((long) n * (100 - MIN_COMPRESSION_RATE) / 100);
        // one item writes at most 4 bytes (a new control byte and a 3-byte tag) before the size check below
        byte[] out = new byte[resultMax + 4];
        int[] head = new int[1 << HASH_BITS];
        Arrays.fill(head, -1);
        int[] previous = new int[WINDOW];
        int op = 0;
        int control = -1;
        int bit = 0x100;
        boolean found = false;
        int i = 0;
        while (i < n) {
            if (bit == 0x100) {
                control = op++;
                out[control] = 0;
                bit = 1;
            }
            int length = 0;
            int offset = 0;
            if (i + MIN_MATCH <= n) {
                long match = longestMatch(src, i, head, previous);
                length = (int) (match >>> 32);
                offset = (int) match;
            }
            if (length >= MIN_MATCH) {
                out[control] |= (byte) bit;
                if (length >= 18) {
                    out[op++] = (byte) (((offset >>> 4) & 0xF0) | 0x0F);
                    out[op++] = (byte) offset;
                    out[op++] = (byte) (length - 18);
                } else {
                    out[op++] = (byte) (((offset >>> 4) & 0xF0) | (length - MIN_MATCH));
                    out[op++] = (byte) offset;
                }
                for (int k = 0; k < length; k++) {
                    remember(src, i + k, head, previous);
                }
                i += length;
                found = true;
            } else {
                out[op++] = src[i];
                remember(src, i, head, previous);
                i++;
            }
            bit <<= 1;
            if (op >= resultMax || (!found && i >= FIRST_SUCCESS_BY)) {
                return null;
            }
        }
        return Arrays.copyOf(out, op);
    }

    private static int hash(byte[] src, int i) {
        int v = ((src[i] & 0xFF) << 16) | ((src[i + 1] & 0xFF) << 8) | (src[i + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private static void remember(byte[] src, int i, int[] head, int[] previous) {
        if (i + MIN_MATCH <= src.length) {
            int h = hash(src, i);
            previous[i & MAX_OFFSET] = head[h];
            head[h] = i;
        }
    }

    /**
     * The longest earlier match for the bytes at {@code i} within the window, as length &lt;&lt; 32 | offset. Every
     * position below {@code i} is in the hash chains, so a chain entry within the window is never stale.
     */
    private static long longestMatch(byte[] src, int i, int[] head, int[] previous) {
        int maxLength = Math.min(MAX_MATCH, src.length - i);
        int best = 0;
        int bestOffset = 0;
        int good = MATCH_GOOD;
        int candidate = head[hash(src, i)];
        for (int depth = 0; candidate >= 0 && i - candidate <= MAX_OFFSET && depth < MAX_CHAIN; depth++) {
            if (src[candidate + best] == src[i + best]) {
                int length = 0;
                while (length < maxLength && src[candidate + length] == src[i + length]) {
                    length++;
                }
                if (length > best) {
                    best = length;
                    bestOffset = i - candidate;
                    if (length >= good || length == maxLength) {
                        break;
                    }
                }
            }
            good -= good * MATCH_DROP / 100;
            int next = previous[candidate & MAX_OFFSET];
            if (next >= candidate) {
                break;
            }
            candidate = next;
        }
        return ((long) best << 32) | bestOffset;
    }

    /** Decompresses {@code src} into exactly {@code rawSize} bytes; XX001 if it does not fit that size. */
    public static byte[] decompress(byte[] src, int rawSize) {
        byte[] dst = new byte[rawSize];
        int sp = 0;
        int dp = 0;
        while (sp < src.length && dp < rawSize) {
            int control = src[sp++] & 0xFF;
            for (int bit = 0; bit < 8 && sp < src.length && dp < rawSize; bit++, control >>>= 1) {
                if ((control & 1) == 0) {
                    dst[dp++] = src[sp++];
                    continue;
                }
                if (sp + 1 >= src.length) {
                    throw StorageMessages.compressedDataCorrupt();
                }
                int first = src[sp++] & 0xFF;
                int offset = ((first & 0xF0) << 4) | (src[sp++] & 0xFF);
                int length = (first & 0x0F) + MIN_MATCH;
                if (length == 18) {
                    if (sp >= src.length) {
                        throw StorageMessages.compressedDataCorrupt();
                    }
                    length += src[sp++] & 0xFF;
                }
                if (offset == 0 || offset > dp || length > rawSize - dp) {
                    throw StorageMessages.compressedDataCorrupt();
                }
                if (offset >= length) {
                    System.arraycopy(dst, dp - offset, dst, dp, length);
                    dp += length;
                } else {
                    for (int k = 0; k < length; k++, dp++) {
                        dst[dp] = dst[dp - offset];
                    }
                }
            }
        }
        if (dp != rawSize || sp != src.length) {
            throw StorageMessages.compressedDataCorrupt();
        }
        return dst;
    }
}
