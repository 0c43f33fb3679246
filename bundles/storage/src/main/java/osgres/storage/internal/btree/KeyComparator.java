package osgres.storage.internal.btree;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

import osgres.storage.NumericSpecial;
import osgres.storage.TypeOids;
import osgres.storage.internal.heap.LittleEndian;
import osgres.storage.internal.heap.TupleCodec;

/**
 * Orders serialised keys ({@link TupleCodec} format) column by column with PostgreSQL's B-tree semantics, reading
 * the bytes in place (no decoding on the hot path, except numeric): integers, dates and timestamps numerically,
 * floats with NaN greatest and -0 = 0, bool false before true, uuid, text types and bytea by unsigned bytes (C
 * collation; bpchar ignores trailing blanks), jsonb as compareJsonbContainers (JsonbKeyOrder), arrays as
 * array_cmp (element by element, then the number of elements,
 * dimensions and lower bounds), NULLs after every value (NULLS LAST).
 */
public final class KeyComparator {
    private KeyComparator() {
    }

    /**
     * Compares the first {@code columns} columns of key {@code a} (stored with {@code aNatts} columns) and key
     * {@code b}.
     */
    public static int compare(MemorySegment a, long aOff, int aNatts, MemorySegment b, long bOff, int bNatts,
                              int[] types, int columns) {
        long pa = aOff + TupleCodec.bitmapLength(aNatts);
        long pb = bOff + TupleCodec.bitmapLength(bNatts);
        for (int i = 0; i < columns; i++) {
            boolean nullA = TupleCodec.isNull(a, aOff, i);
            boolean nullB = TupleCodec.isNull(b, bOff, i);
            if (nullA || nullB) {
                if (nullA && nullB) {
                    continue;
                }
                return nullA ? 1 : -1;
            }
            int type = types[i];
            int c = compareValue(a, pa, b, pb, type);
            if (c != 0) {
                return c;
            }
            if (i + 1 < columns) {
                pa += TupleCodec.width(a, pa, type);
                pb += TupleCodec.width(b, pb, type);
            }
        }
        return 0;
    }

    private static int compareValue(MemorySegment a, long pa, MemorySegment b, long pb, int type) {
        switch (type) {
            case TypeOids.INT4, TypeOids.DATE -> {
                return Integer.compare(a.get(LittleEndian.I32, pa), b.get(LittleEndian.I32, pb));
            }
            case TypeOids.TIMETZ, TypeOids.INTERVAL -> {
                // timetz_cmp (UTC time, then zone) and interval_cmp (30-day months, 24-hour days) on the values
                @SuppressWarnings("unchecked")
                Comparable<Object> x = (Comparable<Object>) TupleCodec.read(a, pa, type);
                return x.compareTo(TupleCodec.read(b, pb, type));
            }
            case TypeOids.INT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ, TypeOids.TIME -> {
                return Long.compare(a.get(LittleEndian.I64, pa), b.get(LittleEndian.I64, pb));
            }
            case TypeOids.UUID -> {
                // uuid_cmp is memcmp of the 16 bytes: stored big-endian, that is the unsigned order of each half
                int c = Long.compareUnsigned(a.get(TupleCodec.UUID_HALF, pa), b.get(TupleCodec.UUID_HALF, pb));
                return c != 0 ? c : Long.compareUnsigned(a.get(TupleCodec.UUID_HALF, pa + 8),
                        b.get(TupleCodec.UUID_HALF, pb + 8));
            }
            case TypeOids.XID8, TypeOids.PG_LSN -> {
                return Long.compareUnsigned(a.get(LittleEndian.I64, pa), b.get(LittleEndian.I64, pb));
            }
            case TypeOids.INT2 -> {
                return Short.compare(a.get(LittleEndian.I16, pa), b.get(LittleEndian.I16, pb));
            }
            case TypeOids.BOOL -> {
                return Byte.compare(a.get(JAVA_BYTE, pa), b.get(JAVA_BYTE, pb));
            }
            case TypeOids.FLOAT4 -> {
                float x = a.get(LittleEndian.F32, pa);
                float y = b.get(LittleEndian.F32, pb);
                return x == y ? 0 : Float.compare(x, y);
            }
            case TypeOids.FLOAT8 -> {
                double x = a.get(LittleEndian.F64, pa);
                double y = b.get(LittleEndian.F64, pb);
                return x == y ? 0 : Double.compare(x, y);
            }
            case TypeOids.NUMERIC -> {
                return NumericSpecial.compare(TupleCodec.read(a, pa, type), TupleCodec.read(b, pb, type));
            }
            case TypeOids.JSONB -> {
                return JsonbKeyOrder.compare((String) TupleCodec.read(a, pa, type),
                        (String) TupleCodec.read(b, pb, type));
            }
            default -> {
                int la = TupleCodec.varlenaLength(a, pa);
                int lb = TupleCodec.varlenaLength(b, pb);
                long da = TupleCodec.varlenaData(a, pa);
                long db = TupleCodec.varlenaData(b, pb);
                if (TypeOids.isArray(type)) {
                    return compareArrays(a, da, b, db, TypeOids.elementOf(type));
                }
                if (type == TypeOids.BPCHAR) {
                    la = trimBlanks(a, da, la);
                    lb = trimBlanks(b, db, lb);
                }
                int n = Math.min(la, lb);
                long mismatch = MemorySegment.mismatch(a, da, da + n, b, db, db + n);
                if (mismatch >= 0 && mismatch < n) {
                    return Integer.compare(Byte.toUnsignedInt(a.get(JAVA_BYTE, da + mismatch)),
                            Byte.toUnsignedInt(b.get(JAVA_BYTE, db + mismatch)));
                }
                return Integer.compare(la, lb);
            }
        }
    }

    /** array_cmp on two stored arrays (TupleCodec's array layout), their elements compared as key columns. */
    private static int compareArrays(MemorySegment a, long da, MemorySegment b, long db, int elementType) {
        int na = LittleEndian.i32(a, da);
        int nb = LittleEndian.i32(b, db);
        int ca = elementCount(a, da, na);
        int cb = elementCount(b, db, nb);
        int common = Math.min(ca, cb);
        int[] types = new int[common];
        java.util.Arrays.fill(types, elementType);
        int c = compare(a, da + 8 + 8L * na, ca, b, db + 8 + 8L * nb, cb, types, common);
        if (c != 0) {
            return c;
        }
        if (ca != cb) {
            return Integer.compare(ca, cb);
        }
        if (na != nb) {
            return Integer.compare(na, nb);
        }
        for (int part = 0; part < 2; part++) {
            for (int d = 0; d < na; d++) {
                c = Integer.compare(LittleEndian.i32(a, da + 8 + 8L * d + 4 * part),
                        LittleEndian.i32(b, db + 8 + 8L * d + 4 * part));
                if (c != 0) {
                    return c;
                }
            }
        }
        return 0;
    }

    private static int elementCount(MemorySegment s, long data, int ndim) {
        int n = ndim == 0 ? 0 : 1;
        for (int d = 0; d < ndim; d++) {
            n *= LittleEndian.i32(s, data + 8 + 8L * d);
        }
        return n;
    }

    private static int trimBlanks(MemorySegment s, long data, int length) {
        while (length > 0 && s.get(JAVA_BYTE, data + length - 1) == ' ') {
            length--;
        }
        return length;
    }
}
