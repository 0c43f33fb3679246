/*
 * How the executor writes a row of Java values to a temporary file and reads it back (PostgreSQL writes
 * MinimalTuples to its tapes; this is their counterpart for osgres's value types, see PgType). Only this process
 * reads what it wrote, within one statement, so the format has no version and no alignment. Big-endian
 * (DataOutput). A row:
 *
 *   u16  number of values
 *   per value: u8 tag, then
 *     0  NULL                      (nothing)
 *     1  Boolean true              (nothing)
 *     2  Boolean false             (nothing)
 *     3  Short                     i16
 *     4  Integer                   i32
 *     5  Long                      i64
 *     6  Float                     i32 (raw bits)
 *     7  Double                    i64 (raw bits)
 *     8  BigDecimal                i32 scale, i32 n, n bytes of the two's-complement unscaled value
 *     9  String                    i32 n, n bytes of UTF-8
 *    10  byte[]                    i32 n, n bytes
 *    11  Instant                   i64 epoch seconds, i32 nanoseconds
 *    12  LocalDateTime             i64 epoch day, i64 nanosecond of day
 *    13  LocalDate                 i64 epoch day
 *    14  RegType                   i64 type OID, bool named, UTF name
 *    15  Interval                  i32 months, i32 days, i64 microseconds
 *    16  LocalTime                 i64 nanosecond of day
 *    17  OffsetTime                i64 nanosecond of day, i32 offset seconds east of UTC
 *    18  RegClass                  i64 oid, UTF name ("" for none)
 *    19  ArrayValue (any array)    i32 element type OID, i32 ndim, per dimension i32 length and i32 lower bound,
 *                                  then each element as a value
 *    20  RowValue (record)         i32 field count, then per field i32 type OID and the field as a value
 *    21  UUID                      i64 most significant bits, i64 least significant bits
 *
 * A value of any other class cannot be spilled: IllegalArgumentException (a bug: the executor met a type this
 * file has not been taught).
 */
package osgres.sql.internal.exec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.RowValue;
import osgres.storage.Interval;

final class SpillRowFormat {
    private static final int NULL = 0;
    private static final int TRUE = 1;
    private static final int FALSE = 2;
    private static final int SHORT = 3;
    private static final int INTEGER = 4;
    private static final int LONG = 5;
    private static final int FLOAT = 6;
    private static final int DOUBLE = 7;
    private static final int NUMERIC = 8;
    private static final int STRING = 9;
    private static final int BYTES = 10;
    private static final int INSTANT = 11;
    private static final int LOCAL_DATE_TIME = 12;
    private static final int LOCAL_DATE = 13;
    private static final int REGTYPE = 14;
    private static final int INTERVAL = 15;
    private static final int LOCAL_TIME = 16;
    private static final int OFFSET_TIME = 17;
    private static final int REGCLASS = 18;
    private static final int ARRAY = 19;
    private static final int RECORD = 20;
    private static final int UUID = 21;

    private SpillRowFormat() {
    }

    static void write(DataOutput out, Object[] row) throws IOException {
        out.writeShort(row.length);
        for (Object v : row) {
            writeValue(out, v);
        }
    }

    static Object[] read(DataInput in) throws IOException {
        Object[] row = new Object[in.readUnsignedShort()];
        for (int i = 0; i < row.length; i++) {
            row[i] = readValue(in);
        }
        return row;
    }

    private static void writeValue(DataOutput out, Object v) throws IOException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Short s -> {
                out.writeByte(SHORT);
                out.writeShort(s);
            }
            case Integer i -> {
                out.writeByte(INTEGER);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Float f -> {
                out.writeByte(FLOAT);
                out.writeInt(Float.floatToRawIntBits(f));
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(d));
            }
            case BigDecimal d -> {
                out.writeByte(NUMERIC);
                out.writeInt(d.scale());
                writeBytes(out, d.unscaledValue().toByteArray());
            }
            case String s -> {
                out.writeByte(STRING);
                writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
            }
            case byte[] b -> {
                out.writeByte(BYTES);
                writeBytes(out, b);
            }
            case Instant t -> {
                out.writeByte(INSTANT);
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
            case LocalDateTime t -> {
                out.writeByte(LOCAL_DATE_TIME);
                out.writeLong(t.toLocalDate().toEpochDay());
                out.writeLong(t.toLocalTime().toNanoOfDay());
            }
            case LocalDate d -> {
                out.writeByte(LOCAL_DATE);
                out.writeLong(d.toEpochDay());
            }
            case RegType t -> {
                out.writeByte(REGTYPE);
                out.writeLong(t.oid());
                out.writeBoolean(t.name() != null);
                if (t.name() != null) {
                    out.writeUTF(t.name());
                }
            }
            case osgres.storage.ArrayValue a -> {
                out.writeByte(ARRAY);
                out.writeInt(a.elementType());
                out.writeInt(a.ndim());
                for (int d = 0; d < a.ndim(); d++) {
                    out.writeInt(a.dim(d));
                    out.writeInt(a.lowerBound(d));
                }
                for (Object e : a.elements()) {
                    writeValue(out, e);
                }
            }
            case RowValue r -> {
                out.writeByte(RECORD);
                out.writeInt(r.values().length);
                for (int i = 0; i < r.values().length; i++) {
                    out.writeInt(r.types().get(i).oid());
                    writeValue(out, r.values()[i]);
                }
            }
            case Interval i -> {
                out.writeByte(INTERVAL);
                out.writeInt(i.months());
                out.writeInt(i.days());
                out.writeLong(i.micros());
            }
            case LocalTime t -> {
                out.writeByte(LOCAL_TIME);
                out.writeLong(t.toNanoOfDay());
            }
            case java.time.OffsetTime t -> {
                out.writeByte(OFFSET_TIME);
                out.writeLong(t.toLocalTime().toNanoOfDay());
                out.writeInt(t.getOffset().getTotalSeconds());
            }
            case java.util.UUID u -> {
                out.writeByte(UUID);
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            case RegClass r -> {
                out.writeByte(REGCLASS);
                out.writeLong(r.oid());
                out.writeUTF(r.name() == null ? "" : r.name());
            }
            default -> throw new IllegalArgumentException("cannot write a value of " + v.getClass().getName()
                    + " to a temporary file");
        }
    }

    private static Object readValue(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case SHORT -> in.readShort();
            case INTEGER -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> Float.intBitsToFloat(in.readInt());
            case DOUBLE -> Double.longBitsToDouble(in.readLong());
            case NUMERIC -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
            case BYTES -> readBytes(in);
            case INSTANT -> {
                long seconds = in.readLong();
                yield Instant.ofEpochSecond(seconds, in.readInt());
            }
            case LOCAL_DATE_TIME -> {
                LocalDate date = LocalDate.ofEpochDay(in.readLong());
                yield LocalDateTime.of(date, LocalTime.ofNanoOfDay(in.readLong()));
            }
            case LOCAL_DATE -> LocalDate.ofEpochDay(in.readLong());
            case REGTYPE -> {
                long oid = in.readLong();
                yield new RegType(oid, in.readBoolean() ? in.readUTF() : null);
            }
            case ARRAY -> {
                int elementType = in.readInt();
                int ndim = in.readInt();
                int[] dims = new int[ndim];
                int[] lowerBounds = new int[ndim];
                int n = ndim == 0 ? 0 : 1;
                for (int d = 0; d < ndim; d++) {
                    dims[d] = in.readInt();
                    lowerBounds[d] = in.readInt();
                    n *= dims[d];
                }
                Object[] elements = new Object[n];
                for (int i = 0; i < n; i++) {
                    elements[i] = readValue(in);
                }
                yield new osgres.storage.ArrayValue(elementType, dims, lowerBounds, elements);
            }
            case RECORD -> {
                int n = in.readInt();
                PgType[] types = new PgType[n];
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    types[i] = PgType.byOid(in.readInt());
                    values[i] = readValue(in);
                }
                yield new RowValue(java.util.List.of(types), values);
            }
            case INTERVAL -> {
                int months = in.readInt();
                int days = in.readInt();
                yield new Interval(months, days, in.readLong());
            }
            case LOCAL_TIME -> LocalTime.ofNanoOfDay(in.readLong());
            case OFFSET_TIME -> {
                LocalTime time = LocalTime.ofNanoOfDay(in.readLong());
                yield java.time.OffsetTime.of(time, java.time.ZoneOffset.ofTotalSeconds(in.readInt()));
            }
            case UUID -> {
                long high = in.readLong();
                yield new java.util.UUID(high, in.readLong());
            }
            case REGCLASS -> {
                long oid = in.readLong();
                String name = in.readUTF();
                yield new RegClass(oid, name.isEmpty() ? null : name);
            }
            default -> throw new IOException("corrupt temporary file: value tag " + tag);
        };
    }

    private static void writeBytes(DataOutput out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
