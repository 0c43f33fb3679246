package osgres.storage.internal.heap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.IntConsumer;

import osgres.storage.ArrayValue;
import osgres.storage.Interval;
import osgres.storage.NumericSpecial;
import osgres.storage.TypeOids;

/**
 * Serialises row values (heap tuple data, B-tree keys) the way heaptuple.c's heap_fill_tuple does it, in our
 * words:
 * <pre>
 *   null bitmap   ceil(natts / 8) bytes, bit i set = column i is NOT null (PostgreSQL's t_bits convention)
 *   values        the non-null columns in order, no alignment padding:
 *                 bool 1 byte; int2 2; int4, float4, date (days since 1970-01-01) 4; int8, float8,
 *                 timestamp and timestamptz (microseconds since 1970-01-01 00:00 UTC) 8;
 *                 uuid 16, its bytes in network order (so that unsigned byte order is uuid_cmp's order);
 *                 varlena (text, varchar, bpchar as UTF-8; bytea; numeric as scale int2 + unscaled two's
 *                 complement; arrays as arrayBytes describes) = a header whose first byte tells the form,
 *                 then the payload (PostgreSQL's varattrib_1b, varattrib_4b, its compressed variant and varattrib_1b_e):
 *                   0xxxxxxx                plain, short: 7-bit length, then the bytes (length &lt; 128)
 *                   10xxxxxx + 3 bytes      plain, long: 30-bit big-endian length, then the bytes (&lt; 1 GB)
 *                   110xxxxx + 3 bytes      compressed in line: 29-bit big-endian length of what follows, then
 *                                           int4 raw size (bits 0..29) + compression method (bits 30..31), then
 *                                           the compressed bytes ({@link ToastedValue.Compressed})
 *                   11100000 + 16 bytes     toast pointer ({@link ToastedValue.External}): int4 raw size, int4
 *                                           stored size (bits 0..29) + method (bits 30..31; compressed when stored
 *                                           &lt; raw), int4 value id (the chunks' chunk_id), int4 toast relfilenode
 * </pre>
 * Fixed-width fields are little-endian. Only the toaster ({@code toast.Toaster}) writes the compressed and pointer
 * forms; {@link #decode} returns them as {@link ToastedValue}s for the caller to detoast once no page lock is held.
 * B-tree keys are always plain.
 */
public final class TupleCodec {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    /** Each half of a stored uuid: the one field not little-endian, because uuid's order is its byte order. */
    public static final ValueLayout.OfLong UUID_HALF =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private TupleCodec() {
    }

    /** Bytes of the compressed in-line form besides the compressed data: header and raw size / method word. */
    public static final int COMPRESSED_OVERHEAD = 8;
    /** Bytes of a toast pointer in a tuple, header included (PostgreSQL's TOAST_POINTER_SIZE). */
    public static final int EXTERNAL_SIZE = 17;
    /** The largest varlena payload (PostgreSQL's 1 GB limit, MaxAllocSize). */
    public static final int MAX_VARLENA = 0x3FFF_FFFF;
    private static final int EXTERNAL_TAG = 0xE0;
    private static final int SIZE_MASK = 0x3FFF_FFFF;

    public static int bitmapLength(int natts) {
        return (natts + 7) >>> 3;
    }

    /** Serialises {@code values} (one per column of {@code format}, null for SQL NULL). */
    public static byte[] encode(RowFormat format, Object[] values) {
        int[] types = format.types();
        int natts = types.length;
        int bitmap = bitmapLength(natts);
        int size = bitmap;
        for (int i = 0; i < natts; i++) {
            if (values[i] != null) {
                size += encodedSize(types[i], values[i]);
            }
        }
        byte[] out = new byte[size];
        int pos = bitmap;
        for (int i = 0; i < natts; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            out[i >>> 3] |= (byte) (1 << (i & 7));
            pos = write(out, pos, types[i], v);
        }
        return out;
    }

    private static int encodedSize(int type, Object v) {
        return switch (type) {
            case TypeOids.BOOL -> 1;
            case TypeOids.INT2 -> 2;
            case TypeOids.INT4, TypeOids.FLOAT4, TypeOids.DATE -> 4;
            case TypeOids.INT8, TypeOids.FLOAT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ, TypeOids.TIME,
                 TypeOids.XID8, TypeOids.PG_LSN -> 8;
            case TypeOids.TIMETZ -> 12;
            case TypeOids.INTERVAL, TypeOids.UUID -> 16;
            default -> {
                if (v instanceof ToastedValue toasted) {
                    yield toasted.storedSize();
                }
                int len = varlenaBytes(type, v).length;
                yield plainSize(len);
            }
        };
    }

    /** Bytes a plain varlena of {@code length} payload bytes occupies, header included. */
    public static int plainSize(int length) {
        return (length < 0x80 ? 1 : 4) + length;
    }

    /** Bytes a value of {@code type} always takes, or 0 for a varlena type. */
    public static int fixedWidth(int type) {
        return switch (type) {
            case TypeOids.BOOL -> 1;
            case TypeOids.INT2 -> 2;
            case TypeOids.INT4, TypeOids.FLOAT4, TypeOids.DATE -> 4;
            case TypeOids.INT8, TypeOids.FLOAT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ, TypeOids.TIME,
                 TypeOids.XID8, TypeOids.PG_LSN -> 8;
            case TypeOids.TIMETZ -> 12;
            case TypeOids.INTERVAL, TypeOids.UUID -> 16;
            default -> 0;
        };
    }

    /** Types stored as varlena (everything without a fixed width), the only ones TOAST can compress or move. */
    public static boolean isVarlena(int type) {
        return fixedWidth(type) == 0;
    }

    /** The varlena payload of a plain Java value of {@code type}. */
    public static byte[] varlenaBytes(int type, Object v) {
        return switch (type) {
            case TypeOids.BYTEA -> (byte[]) v;
            case TypeOids.NUMERIC -> v instanceof NumericSpecial s ? specialBytes(s) : numericBytes(toBigDecimal(v));
            default -> v instanceof ArrayValue a ? arrayBytes(a)
                    : v instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                    : v.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    private static BigDecimal toBigDecimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        return new BigDecimal(v.toString());
    }

    /** A special numeric: its sign word where a finite one has its scale, and no digits (a finite one has some). */
    private static byte[] specialBytes(NumericSpecial s) {
        byte[] out = new byte[2];
        LittleEndian.putU16(out, 0, s.signWord());
        return out;
    }

    private static byte[] numericBytes(BigDecimal d) {
        byte[] unscaled = d.unscaledValue().toByteArray();
        byte[] out = new byte[2 + unscaled.length];
        LittleEndian.putU16(out, 0, d.scale());
        System.arraycopy(unscaled, 0, out, 2, unscaled.length);
        return out;
    }

    private static int write(byte[] out, int pos, int type, Object v) {
        switch (type) {
            case TypeOids.BOOL -> {
                out[pos] = (byte) (((Boolean) v) ? 1 : 0);
                return pos + 1;
            }
            case TypeOids.INT2 -> {
                LittleEndian.putU16(out, pos, ((Number) v).shortValue());
                return pos + 2;
            }
            case TypeOids.INT4 -> {
                LittleEndian.putI32(out, pos, ((Number) v).intValue());
                return pos + 4;
            }
            case TypeOids.FLOAT4 -> {
                LittleEndian.putI32(out, pos, Float.floatToRawIntBits(((Number) v).floatValue()));
                return pos + 4;
            }
            case TypeOids.DATE -> {
                LittleEndian.putI32(out, pos, epochDay((LocalDate) v));
                return pos + 4;
            }
            case TypeOids.INT8, TypeOids.XID8, TypeOids.PG_LSN -> {
                LittleEndian.putI64(out, pos, ((Number) v).longValue());
                return pos + 8;
            }
            case TypeOids.FLOAT8 -> {
                LittleEndian.putI64(out, pos, Double.doubleToRawLongBits(((Number) v).doubleValue()));
                return pos + 8;
            }
            case TypeOids.TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) v;
                LittleEndian.putI64(out, pos, t.equals(LocalDateTime.MAX) ? Long.MAX_VALUE
                        : t.equals(LocalDateTime.MIN) ? Long.MIN_VALUE : micros(t.toEpochSecond(ZoneOffset.UTC),
                        t.getNano()));
                return pos + 8;
            }
            case TypeOids.TIME -> {
                LittleEndian.putI64(out, pos, ((LocalTime) v).toNanoOfDay() / 1000);
                return pos + 8;
            }
            case TypeOids.TIMETZ -> {
                OffsetTime t = (OffsetTime) v;
                LittleEndian.putI64(out, pos, t.toLocalTime().toNanoOfDay() / 1000);
                LittleEndian.putI32(out, pos + 8, -t.getOffset().getTotalSeconds());
                return pos + 12;
            }
            case TypeOids.INTERVAL -> {
                Interval i = (Interval) v;
                LittleEndian.putI64(out, pos, i.micros());
                LittleEndian.putI32(out, pos + 8, i.days());
                LittleEndian.putI32(out, pos + 12, i.months());
                return pos + 16;
            }
            case TypeOids.UUID -> {
                UUID u = (UUID) v;
                MemorySegment target = MemorySegment.ofArray(out);
                target.set(UUID_HALF, pos, u.getMostSignificantBits());
                target.set(UUID_HALF, pos + 8, u.getLeastSignificantBits());
                return pos + 16;
            }
            case TypeOids.TIMESTAMPTZ -> {
                Instant t = (Instant) v;
                LittleEndian.putI64(out, pos, t.equals(Instant.MAX) ? Long.MAX_VALUE
                        : t.equals(Instant.MIN) ? Long.MIN_VALUE : micros(t.getEpochSecond(), t.getNano()));
                return pos + 8;
            }
            default -> {
                if (v instanceof ToastedValue toasted) {
                    return writeToasted(out, pos, toasted);
                }
                byte[] bytes = varlenaBytes(type, v);
                int len = bytes.length;
                if (len > MAX_VARLENA) {
                    throw StorageMessages.valueTooLarge(len);
                }
                if (len < 0x80) {
                    out[pos++] = (byte) len;
                } else {
                    out[pos++] = (byte) ((len >>> 24) | 0x80);
                    out[pos++] = (byte) (len >>> 16);
                    out[pos++] = (byte) (len >>> 8);
                    out[pos++] = (byte) len;
                }
                System.arraycopy(bytes, 0, out, pos, len);
                return pos + len;
            }
        }
    }

    private static int writeToasted(byte[] out, int pos, ToastedValue value) {
        switch (value) {
            case ToastedValue.Compressed c -> {
                int len = 4 + c.data().length;
                out[pos] = (byte) ((len >>> 24) | 0xC0);
                out[pos + 1] = (byte) (len >>> 16);
                out[pos + 2] = (byte) (len >>> 8);
                out[pos + 3] = (byte) len;
                LittleEndian.putI32(out, pos + 4, c.rawSize() | (c.method() << 30));
                System.arraycopy(c.data(), 0, out, pos + COMPRESSED_OVERHEAD, c.data().length);
                return pos + COMPRESSED_OVERHEAD + c.data().length;
            }
            case ToastedValue.External e -> {
                out[pos] = (byte) EXTERNAL_TAG;
                LittleEndian.putI32(out, pos + 1, e.rawSize());
                LittleEndian.putI32(out, pos + 5, e.extSize() | (e.method() << 30));
                LittleEndian.putI32(out, pos + 9, e.valueId());
                LittleEndian.putI32(out, pos + 13, e.toastRelfilenode());
                return pos + EXTERNAL_SIZE;
            }
        }
    }

    private static ToastedValue readToasted(MemorySegment s, long pos, int type) {
        int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
        if ((first & 0xE0) == 0xC0) {
            int len = bigEndianLength(s, pos) & 0x1FFF_FFFF;
            int info = s.get(LittleEndian.I32, pos + 4);
            byte[] data = s.asSlice(pos + COMPRESSED_OVERHEAD, len - 4).toArray(JAVA_BYTE);
            return new ToastedValue.Compressed(type, info & SIZE_MASK, info >>> 30, data);
        }
        if (first == EXTERNAL_TAG) {
            int info = s.get(LittleEndian.I32, pos + 5);
            return new ToastedValue.External(type, s.get(LittleEndian.I32, pos + 1), info & SIZE_MASK, info >>> 30,
                    s.get(LittleEndian.I32, pos + 9), s.get(LittleEndian.I32, pos + 13));
        }
        throw StorageMessages.badVarlenaHeader(first);
    }

    private static int bigEndianLength(MemorySegment s, long pos) {
        return (Byte.toUnsignedInt(s.get(JAVA_BYTE, pos)) << 24) | (Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 1)) << 16)
                | (Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 2)) << 8)
                | Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 3));
    }

    /**
     * Reports the value id of every toast pointer in a stored tuple (VACUUM's look at which chunks a table still
     * references), without decoding anything else.
     */
    public static void forEachExternal(MemorySegment s, long offset, int natts, RowFormat format,
                                       IntConsumer valueIds) {
        int[] types = format.types();
        long pos = offset + bitmapLength(natts);
        int stored = Math.min(natts, types.length);
        for (int i = 0; i < stored; i++) {
            if (isNull(s, offset, i)) {
                continue;
            }
            if (isVarlena(types[i]) && Byte.toUnsignedInt(s.get(JAVA_BYTE, pos)) == EXTERNAL_TAG) {
                valueIds.accept(s.get(LittleEndian.I32, pos + 9));
            }
            pos += width(s, pos, types[i]);
        }
    }

    /** Days since 1970; the infinite dates (LocalDate.MAX/MIN) are PostgreSQL's int32 sentinels. */
    private static int epochDay(LocalDate d) {
        return d.equals(LocalDate.MAX) ? Integer.MAX_VALUE : d.equals(LocalDate.MIN) ? Integer.MIN_VALUE
                : (int) d.toEpochDay();
    }

    private static long micros(long epochSecond, int nano) {
        return epochSecond * MICROS_PER_SECOND + nano / 1000;
    }

    /** Decodes {@code natts} stored columns at {@code offset}; columns past {@code natts} read as missing values. */
    public static Object[] decode(MemorySegment s, long offset, int natts, RowFormat format) {
        int[] types = format.types();
        Object[] values = new Object[types.length];
        long pos = offset + bitmapLength(natts);
        int stored = Math.min(natts, types.length);
        for (int i = 0; i < stored; i++) {
            if (isNull(s, offset, i)) {
                continue;
            }
            int type = types[i];
            values[i] = read(s, pos, type);
            pos += width(s, pos, type);
        }
        for (int i = stored; i < types.length; i++) {
            values[i] = format.missing()[i];
        }
        return values;
    }

    /** Decodes only the columns listed in {@code columns} (ascending order not required). */
    public static Object[] decodeColumns(MemorySegment s, long offset, int natts, RowFormat format, int[] columns) {
        Object[] all = new Object[format.columnCount()];
        int max = 0;
        for (int c : columns) {
            max = Math.max(max, c);
        }
        int[] types = format.types();
        long pos = offset + bitmapLength(natts);
        int stored = Math.min(natts, types.length);
        for (int i = 0; i <= max && i < stored; i++) {
            if (isNull(s, offset, i)) {
                continue;
            }
            int w = width(s, pos, types[i]);
            if (contains(columns, i)) {
                all[i] = read(s, pos, types[i]);
            }
            pos += w;
        }
        for (int i = stored; i < types.length; i++) {
            all[i] = format.missing()[i];
        }
        return all;
    }

    /**
     * Decodes the columns marked in {@code columns} ({@code last} the last marked one, -1 for none); the others,
     * and every column after {@code last}, stay null.
     */
    public static Object[] decodeColumns(MemorySegment s, long offset, int natts, RowFormat format,
                                         boolean[] columns, int last) {
        int[] types = format.types();
        Object[] values = new Object[types.length];
        long pos = offset + bitmapLength(natts);
        int stored = Math.min(natts, types.length);
        int end = Math.min(last + 1, stored);
        for (int i = 0; i < end; i++) {
            if (isNull(s, offset, i)) {
                continue;
            }
            int type = types[i];
            if (columns[i]) {
                values[i] = read(s, pos, type);
            }
            pos += width(s, pos, type);
        }
        for (int i = stored; i <= last && i < types.length; i++) {
            if (columns[i]) {
                values[i] = format.missing()[i];
            }
        }
        return values;
    }

    private static boolean contains(int[] columns, int c) {
        for (int x : columns) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    public static boolean isNull(MemorySegment s, long bitmapOffset, int column) {
        return (s.get(JAVA_BYTE, bitmapOffset + (column >>> 3)) & (1 << (column & 7)))
                == 0;
    }

    /** Bytes the value at {@code pos} occupies, header included. */
    public static int width(MemorySegment s, long pos, int type) {
        return switch (type) {
            case TypeOids.BOOL -> 1;
            case TypeOids.INT2 -> 2;
            case TypeOids.INT4, TypeOids.FLOAT4, TypeOids.DATE -> 4;
            case TypeOids.INT8, TypeOids.FLOAT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ, TypeOids.TIME,
                 TypeOids.XID8, TypeOids.PG_LSN -> 8;
            case TypeOids.TIMETZ -> 12;
            case TypeOids.INTERVAL, TypeOids.UUID -> 16;
            default -> {
                int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
                if ((first & 0x80) == 0) {
                    yield 1 + first;
                }
                if ((first & 0xC0) == 0x80) {
                    yield 4 + (bigEndianLength(s, pos) & SIZE_MASK);
                }
                if ((first & 0xE0) == 0xC0) {
                    yield 4 + (bigEndianLength(s, pos) & 0x1FFF_FFFF);
                }
                if (first == EXTERNAL_TAG) {
                    yield EXTERNAL_SIZE;
                }
                throw StorageMessages.badVarlenaHeader(first);
            }
        };
    }

    /** Payload length of the plain varlena at {@code pos} (B-tree keys, which are never toasted). */
    public static int varlenaLength(MemorySegment s, long pos) {
        int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
        if ((first & 0x80) == 0) {
            return first;
        }
        return bigEndianLength(s, pos) & SIZE_MASK;
    }

    /** Offset of the plain varlena payload at {@code pos}. */
    public static long varlenaData(MemorySegment s, long pos) {
        int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
        return (first & 0x80) == 0 ? pos + 1 : pos + 4;
    }

    public static Object read(MemorySegment s, long pos, int type) {
        return switch (type) {
            case TypeOids.BOOL -> s.get(JAVA_BYTE, pos) != 0;
            case TypeOids.INT2 -> s.get(LittleEndian.I16, pos);
            case TypeOids.INT4 -> s.get(LittleEndian.I32, pos);
            case TypeOids.FLOAT4 -> s.get(LittleEndian.F32, pos);
            case TypeOids.DATE -> {
                int day = s.get(LittleEndian.I32, pos);
                yield day == Integer.MAX_VALUE ? LocalDate.MAX : day == Integer.MIN_VALUE ? LocalDate.MIN
                        : LocalDate.ofEpochDay(day);
            }
            case TypeOids.INT8, TypeOids.XID8, TypeOids.PG_LSN -> s.get(LittleEndian.I64, pos);
            case TypeOids.FLOAT8 -> s.get(LittleEndian.F64, pos);
            case TypeOids.TIMESTAMP -> {
                long m = s.get(LittleEndian.I64, pos);
                if (m == Long.MAX_VALUE || m == Long.MIN_VALUE) {
                    yield m == Long.MAX_VALUE ? LocalDateTime.MAX : LocalDateTime.MIN;
                }
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(m, MICROS_PER_SECOND),
                        (int) Math.floorMod(m, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
            }
            case TypeOids.TIME -> LocalTime.ofNanoOfDay(s.get(LittleEndian.I64, pos) * 1000);
            case TypeOids.TIMETZ -> OffsetTime.of(LocalTime.ofNanoOfDay(s.get(LittleEndian.I64, pos) * 1000),
                    ZoneOffset.ofTotalSeconds(-s.get(LittleEndian.I32, pos + 8)));
            case TypeOids.INTERVAL -> new Interval(s.get(LittleEndian.I32, pos + 12), s.get(LittleEndian.I32, pos + 8),
                    s.get(LittleEndian.I64, pos));
            case TypeOids.UUID -> new UUID(s.get(UUID_HALF, pos), s.get(UUID_HALF, pos + 8));
            case TypeOids.TIMESTAMPTZ -> {
                long m = s.get(LittleEndian.I64, pos);
                if (m == Long.MAX_VALUE || m == Long.MIN_VALUE) {
                    yield m == Long.MAX_VALUE ? Instant.MAX : Instant.MIN;
                }
                yield Instant.ofEpochSecond(Math.floorDiv(m, MICROS_PER_SECOND),
                        Math.floorMod(m, MICROS_PER_SECOND) * 1000);
            }
            default -> {
                if ((Byte.toUnsignedInt(s.get(JAVA_BYTE, pos)) & 0xC0) == 0xC0) {
                    yield readToasted(s, pos, type);
                }
                int len = varlenaLength(s, pos);
                long data = varlenaData(s, pos);
                yield varlenaValue(type, s.asSlice(data, len).toArray(JAVA_BYTE));
            }
        };
    }

    /** The Java value of a varlena payload of {@code type} (the inverse of {@link #varlenaBytes}). */
    public static Object varlenaValue(int type, byte[] bytes) {
        return switch (type) {
            case TypeOids.BYTEA -> bytes;
            case TypeOids.NUMERIC -> bytes.length == 2 ? NumericSpecial.ofSignWord(LittleEndian.u16(bytes, 0))
                    : new BigDecimal(new BigInteger(Arrays.copyOfRange(bytes, 2, bytes.length)),
                    (short) LittleEndian.u16(bytes, 0));
            default -> TypeOids.isArray(type) ? arrayValue(bytes) : new String(bytes, StandardCharsets.UTF_8);
        };
    }

    /**
     * An array's varlena payload: int32 ndim, int32 element type, per dimension int32 length and int32 lower
     * bound, then the elements encoded as one tuple whose columns all have the element type.
     */
    private static byte[] arrayBytes(ArrayValue a) {
        int n = a.ndim();
        int[] types = new int[a.size()];
        Arrays.fill(types, a.elementType());
        byte[] body = encode(RowFormat.of(types), a.elements());
        byte[] out = new byte[8 + 8 * n + body.length];
        LittleEndian.putI32(out, 0, n);
        LittleEndian.putI32(out, 4, a.elementType());
        for (int d = 0; d < n; d++) {
            LittleEndian.putI32(out, 8 + 8 * d, a.dim(d));
            LittleEndian.putI32(out, 12 + 8 * d, a.lowerBound(d));
        }
        System.arraycopy(body, 0, out, 8 + 8 * n, body.length);
        return out;
    }

    private static ArrayValue arrayValue(byte[] bytes) {
        int n = LittleEndian.i32(bytes, 0);
        int elementType = LittleEndian.i32(bytes, 4);
        int[] dims = new int[n];
        int[] lowerBounds = new int[n];
        int count = n == 0 ? 0 : 1;
        for (int d = 0; d < n; d++) {
            dims[d] = LittleEndian.i32(bytes, 8 + 8 * d);
            lowerBounds[d] = LittleEndian.i32(bytes, 12 + 8 * d);
            count *= dims[d];
        }
        int[] types = new int[count];
        Arrays.fill(types, elementType);
        MemorySegment body = MemorySegment.ofArray(bytes);
        Object[] elements = decode(body, 8 + 8L * n, count, RowFormat.of(types));
        return new ArrayValue(elementType, dims, lowerBounds, elements);
    }
}
