package osgres.storage.internal.heap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import osgres.storage.TypeOids;

/**
 * Serialises row values (heap tuple data, B-tree keys) the way heaptuple.c's heap_fill_tuple does it, in our
 * words:
 * <pre>
 *   null bitmap   ceil(natts / 8) bytes, bit i set = column i is NOT null (PostgreSQL's t_bits convention)
 *   values        the non-null columns in order, no alignment padding:
 *                 bool 1 byte; int2 2; int4, float4, date (days since 1970-01-01) 4; int8, float8,
 *                 timestamp and timestamptz (microseconds since 1970-01-01 00:00 UTC) 8;
 *                 varlena (text, varchar, bpchar as UTF-8; bytea; numeric as scale int2 + unscaled two's
 *                 complement) = length header + bytes: 1 byte (len &lt; 128) or 4 bytes big-endian with the high
 *                 bit set, like PostgreSQL's short and long varlena headers
 * </pre>
 * Fixed-width fields are little-endian. There is no TOAST: a row must fit on a page.
 */
public final class TupleCodec {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private TupleCodec() {
    }

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
            case TypeOids.INT8, TypeOids.FLOAT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ -> 8;
            default -> {
                int len = varlenaBytes(type, v).length;
                yield (len < 0x80 ? 1 : 4) + len;
            }
        };
    }

    private static byte[] varlenaBytes(int type, Object v) {
        return switch (type) {
            case TypeOids.BYTEA -> (byte[]) v;
            case TypeOids.NUMERIC -> numericBytes(toBigDecimal(v));
            default -> v instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
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
                LittleEndian.putI32(out, pos, (int) ((LocalDate) v).toEpochDay());
                return pos + 4;
            }
            case TypeOids.INT8 -> {
                LittleEndian.putI64(out, pos, ((Number) v).longValue());
                return pos + 8;
            }
            case TypeOids.FLOAT8 -> {
                LittleEndian.putI64(out, pos, Double.doubleToRawLongBits(((Number) v).doubleValue()));
                return pos + 8;
            }
            case TypeOids.TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) v;
                LittleEndian.putI64(out, pos, micros(t.toEpochSecond(ZoneOffset.UTC), t.getNano()));
                return pos + 8;
            }
            case TypeOids.TIMESTAMPTZ -> {
                Instant t = (Instant) v;
                LittleEndian.putI64(out, pos, micros(t.getEpochSecond(), t.getNano()));
                return pos + 8;
            }
            default -> {
                byte[] bytes = varlenaBytes(type, v);
                int len = bytes.length;
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
            case TypeOids.INT8, TypeOids.FLOAT8, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ -> 8;
            default -> {
                int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
                yield (first & 0x80) == 0 ? 1 + first : 4 + varlenaLength(s, pos);
            }
        };
    }

    /** Payload length of the varlena at {@code pos}. */
    public static int varlenaLength(MemorySegment s, long pos) {
        int first = Byte.toUnsignedInt(s.get(JAVA_BYTE, pos));
        if ((first & 0x80) == 0) {
            return first;
        }
        return ((first & 0x7F) << 24) | (Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 1)) << 16)
                | (Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 2)) << 8)
                | Byte.toUnsignedInt(s.get(JAVA_BYTE, pos + 3));
    }

    /** Offset of the varlena payload at {@code pos}. */
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
            case TypeOids.DATE -> LocalDate.ofEpochDay(s.get(LittleEndian.I32, pos));
            case TypeOids.INT8 -> s.get(LittleEndian.I64, pos);
            case TypeOids.FLOAT8 -> s.get(LittleEndian.F64, pos);
            case TypeOids.TIMESTAMP -> {
                long m = s.get(LittleEndian.I64, pos);
                yield LocalDateTime.ofEpochSecond(Math.floorDiv(m, MICROS_PER_SECOND),
                        (int) Math.floorMod(m, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
            }
            case TypeOids.TIMESTAMPTZ -> {
                long m = s.get(LittleEndian.I64, pos);
                yield Instant.ofEpochSecond(Math.floorDiv(m, MICROS_PER_SECOND),
                        Math.floorMod(m, MICROS_PER_SECOND) * 1000);
            }
            default -> {
                int len = varlenaLength(s, pos);
                long data = varlenaData(s, pos);
                byte[] bytes = s.asSlice(data, len).toArray(JAVA_BYTE);
                yield switch (type) {
                    case TypeOids.BYTEA -> bytes;
                    case TypeOids.NUMERIC -> new BigDecimal(new BigInteger(Arrays.copyOfRange(bytes, 2, len)),
                            (short) LittleEndian.u16(bytes, 0));
                    default -> new String(bytes, StandardCharsets.UTF_8);
                };
            }
        };
    }
}
