/*
 * The hash a row's key gets under HASH partitioning (PostgreSQL's compute_partition_hash_value): each non-null key
 * value hashed by its type's extended hash function with the seed HASH_PARTITION_SEED, the results folded with
 * hash_combine64; the row goes to the partition whose remainder is that hash modulo its modulus. The functions are
 * Bob Jenkins' lookup3 as common/hashfn.c has it (hash_bytes_extended, hash_bytes_uint32_extended), so rows land in
 * the partitions PostgreSQL puts them in. Types: smallint, integer, bigint, oid, boolean, text, varchar, char(n)
 * (trailing blanks ignored), date and uuid (its 16 bytes, as uuid_hash_extended); others are refused when the key is
 * made.
 */
package osgres.sql.internal.func;

import osgres.sql.internal.utils.DateTimeValues;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.UuidValues;

import java.nio.charset.StandardCharsets;

public final class PartitionHash {
    /** HASH_PARTITION_SEED. */
    public static final long SEED = 0x7A5B22367996DCFDL;

    private PartitionHash() {
    }

    /** Can a key column of this type be hashed here? */
    public static boolean hashable(PgType type) {
        return switch (type) {
            case INT2, INT4, INT8, OID, BOOL, TEXT, VARCHAR, BPCHAR, DATE, UUID -> true;
            default -> false;
        };
    }

    /** compute_partition_hash_value over the key's values (nulls skipped). */
    public static long rowHash(PgType[] types, Object[] values) {
        long rowHash = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                rowHash = combine(rowHash, hash(types[i], values[i]));
            }
        }
        return rowHash;
    }

    /** hash_combine64. */
    public static long combine(long a, long b) {
        a ^= b + 0x49a0f4dd15e5a8e3L + (a << 54) + (a >>> 7);
        return a;
    }

    /** The type's hash*extended function with the partition seed. */
    public static long hash(PgType type, Object value) {
        return switch (type) {
            case INT2, INT4 -> uint32(((Number) value).intValue());
            case OID -> uint32((int) ((Number) value).longValue());
            case BOOL -> uint32((Boolean) value ? 1 : 0);
            case INT8 -> {
                long v = (Long) value;
                int lo = (int) v;
                int hi = (int) (v >>> 32);
                lo ^= v >= 0 ? hi : ~hi;
                yield uint32(lo);
            }
            case DATE -> uint32(DateTimeValues.dateDays((java.time.LocalDate) value));
            case BPCHAR -> bytes(((String) value).stripTrailing().getBytes(StandardCharsets.UTF_8));
            case TEXT, VARCHAR -> bytes(((String) value).getBytes(StandardCharsets.UTF_8));
            case UUID -> bytes(UuidValues.send((java.util.UUID) value));
            default -> throw Messages.notSupported("hash partitioning on type " + type.sqlName(), 0);
        };
    }

    /** hash_bytes_uint32_extended(k, SEED). */
    private static long uint32(int k) {
        int[] abc = start(4);
        abc[0] += k;
        finalMix(abc);
        return result(abc);
    }

    /** hash_bytes_extended(k, length, SEED), little-endian words. */
    private static long bytes(byte[] k) {
        int len = k.length;
        int[] abc = start(len);
        int at = 0;
        while (len >= 12) {
            abc[0] += word(k, at);
            abc[1] += word(k, at + 4);
            abc[2] += word(k, at + 8);
            mix(abc);
            at += 12;
            len -= 12;
        }
        // the last 11 bytes; the lowest byte of c is left for nothing here, as in hashfn.c
        switch (len) {
            case 11: abc[2] += (k[at + 10] & 0xFF) << 24;
            case 10: abc[2] += (k[at + 9] & 0xFF) << 16;
            case 9: abc[2] += (k[at + 8] & 0xFF) << 8;
            case 8: abc[1] += (k[at + 7] & 0xFF) << 24;
            case 7: abc[1] += (k[at + 6] & 0xFF) << 16;
            case 6: abc[1] += (k[at + 5] & 0xFF) << 8;
            case 5: abc[1] += k[at + 4] & 0xFF;
            case 4: abc[0] += (k[at + 3] & 0xFF) << 24;
            case 3: abc[0] += (k[at + 2] & 0xFF) << 16;
            case 2: abc[0] += (k[at + 1] & 0xFF) << 8;
            case 1: abc[0] += k[at] & 0xFF;
            default: break;
        }
        finalMix(abc);
        return result(abc);
    }

    private static int word(byte[] k, int at) {
        return (k[at] & 0xFF) | (k[at + 1] & 0xFF) << 8 | (k[at + 2] & 0xFF) << 16 | (k[at + 3] & 0xFF) << 24;
    }

    /** a = b = c = 0x9e3779b9 + length + 3923095, then the seed mixed in. */
    private static int[] start(int length) {
        int init = 0x9e3779b9 + length + 3923095;
        int[] abc = {init, init, init};
        abc[0] += (int) (SEED >>> 32);
        abc[1] += (int) SEED;
        mix(abc);
        return abc;
    }

    private static long result(int[] abc) {
        return (long) abc[1] << 32 | (abc[2] & 0xFFFFFFFFL);
    }

    private static void mix(int[] abc) {
        int a = abc[0];
        int b = abc[1];
        int c = abc[2];
        a -= c;
        a ^= Integer.rotateLeft(c, 4);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 6);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 8);
        b += a;
        a -= c;
        a ^= Integer.rotateLeft(c, 16);
        c += b;
        b -= a;
        b ^= Integer.rotateLeft(a, 19);
        a += c;
        c -= b;
        c ^= Integer.rotateLeft(b, 4);
        b += a;
        abc[0] = a;
        abc[1] = b;
        abc[2] = c;
    }

    private static void finalMix(int[] abc) {
        int a = abc[0];
        int b = abc[1];
        int c = abc[2];
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        abc[0] = a;
        abc[1] = b;
        abc[2] = c;
    }
}
