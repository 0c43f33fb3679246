package osgres.storage.internal.heap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte order of every multi-byte field the upper half writes on pages and in WAL records: little-endian and
 * unaligned, read the same way from a page in shared memory and from a record's byte array.
 */
public final class LittleEndian {
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfDouble F64 =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle ARRAY_I16 =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_I32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle ARRAY_I64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    public static int u16(MemorySegment s, long offset) {
        return s.get(I16, offset) & 0xFFFF;
    }

    public static void putU16(MemorySegment s, long offset, int value) {
        s.set(I16, offset, (short) value);
    }

    public static int i32(MemorySegment s, long offset) {
        return s.get(I32, offset);
    }

    public static long i64(MemorySegment s, long offset) {
        return s.get(I64, offset);
    }

    public static void putI32(MemorySegment s, long offset, int value) {
        s.set(I32, offset, value);
    }

    public static void putI64(MemorySegment s, long offset, long value) {
        s.set(I64, offset, value);
    }

    public static void putU16(byte[] b, int offset, int value) {
        ARRAY_I16.set(b, offset, (short) value);
    }

    public static void putI32(byte[] b, int offset, int value) {
        ARRAY_I32.set(b, offset, value);
    }

    public static void putI64(byte[] b, int offset, long value) {
        ARRAY_I64.set(b, offset, value);
    }

    public static int u16(byte[] b, int offset) {
        return (short) ARRAY_I16.get(b, offset) & 0xFFFF;
    }

    public static int i32(byte[] b, int offset) {
        return (int) ARRAY_I32.get(b, offset);
    }

    public static long i64(byte[] b, int offset) {
        return (long) ARRAY_I64.get(b, offset);
    }
}
