package osgres.storage.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.storage.ArrayValue;
import osgres.storage.TypeOids;

class TupleCodecTest {
    private static final RowFormat ALL = RowFormat.of(TypeOids.BOOL, TypeOids.INT2, TypeOids.INT4, TypeOids.INT8,
            TypeOids.NUMERIC, TypeOids.FLOAT4, TypeOids.FLOAT8, TypeOids.TEXT, TypeOids.VARCHAR, TypeOids.BPCHAR,
            TypeOids.BYTEA, TypeOids.DATE, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ);

    @Test
    void everyTypeRoundTrips() {
        Object[] row = {true, (short) -7, 123456, -9_000_000_000L, new BigDecimal("-12345678901234567890.125"),
            1.5f, -2.25e300, "héllo", "x".repeat(300), "ab  ", new byte[] {0, 1, (byte) 0xFF},
            LocalDate.of(1999, 12, 31), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000),
            Instant.parse("1960-01-01T00:00:00.000001Z")};
        Object[] back = TupleCodec.decode(MemorySegment.ofArray(TupleCodec.encode(ALL, row)), 0, 14, ALL);
        assertThat(back).containsExactly(row);
    }

    @Test
    void infiniteDatesAndTimestampsAreStoredAsPostgresSentinels() {
        RowFormat format = RowFormat.of(TypeOids.DATE, TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ, TypeOids.DATE,
                TypeOids.TIMESTAMP, TypeOids.TIMESTAMPTZ);
        Object[] row = {LocalDate.MAX, LocalDateTime.MAX, Instant.MAX, LocalDate.MIN, LocalDateTime.MIN, Instant.MIN};
        byte[] bytes = TupleCodec.encode(format, row);
        assertThat(TupleCodec.decode(MemorySegment.ofArray(bytes), 0, 6, format)).containsExactly(row);
        assertThat(ValueText.format(TypeOids.TIMESTAMP, LocalDateTime.MAX)).isEqualTo("infinity");
        assertThat(ValueText.format(TypeOids.DATE, LocalDate.MIN)).isEqualTo("-infinity");
    }

    @Test
    void intervalTimeAndTimetzRoundTripAtPostgresWidths() {
        RowFormat format = RowFormat.of(TypeOids.INTERVAL, TypeOids.TIME, TypeOids.TIMETZ);
        Object[] row = {new osgres.storage.Interval(-21, 3, -5_000_001L),
            java.time.LocalTime.of(23, 59, 59, 500_000_000),
            java.time.OffsetTime.of(12, 34, 56, 789_000_000, java.time.ZoneOffset.ofHoursMinutes(5, 30))};
        byte[] bytes = TupleCodec.encode(format, row);
        assertThat(bytes).hasSize(TupleCodec.bitmapLength(3) + 16 + 8 + 12);
        assertThat(TupleCodec.decode(MemorySegment.ofArray(bytes), 0, 3, format)).containsExactly(row);
        assertThat(ValueText.format(TypeOids.INTERVAL, row[0])).isEqualTo("-1 years -9 mons +3 days -00:00:05.000001");
        assertThat(ValueText.format(TypeOids.TIMETZ, row[2])).isEqualTo("12:34:56.789+05:30");
    }

    @Test
    void uuidIsStoredAsItsSixteenBytesInNetworkOrder() {
        java.util.UUID id = java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        RowFormat format = RowFormat.of(TypeOids.UUID, 2951);
        Object[] row = {id, ArrayValue.of(TypeOids.UUID, new Object[] {id, null})};
        byte[] bytes = TupleCodec.encode(format, row);
        int bitmap = TupleCodec.bitmapLength(2);
        assertThat(Arrays.copyOfRange(bytes, bitmap, bitmap + 16)).isEqualTo(java.util.HexFormat.of()
                .parseHex("a0eebc999c0b4ef8bb6d6bb9bd380a11"));
        assertThat(TupleCodec.fixedWidth(TypeOids.UUID)).isEqualTo(16);
        assertThat(TupleCodec.decode(MemorySegment.ofArray(bytes), 0, 2, format)).containsExactly(row);
        assertThat(ValueText.format(TypeOids.UUID, id)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    @Test
    void arraysRoundTripWithShapeBoundsAndNullElements() {
        RowFormat format = RowFormat.of(1007, 1009, 1231, 1007);
        ArrayValue ints = new ArrayValue(TypeOids.INT4, new int[] {2, 2}, new int[] {0, 1}, new Object[] {1, null, 3,
            -4});
        ArrayValue texts = ArrayValue.of(TypeOids.TEXT, new Object[] {"a b", null, ""});
        ArrayValue numerics = ArrayValue.of(TypeOids.NUMERIC, new Object[] {new BigDecimal("1.50")});
        ArrayValue empty = ArrayValue.of(TypeOids.INT4, new Object[0]);
        Object[] row = {ints, texts, numerics, empty};
        Object[] back = TupleCodec.decode(MemorySegment.ofArray(TupleCodec.encode(format, row)), 0, 4, format);
        assertThat(back).containsExactly(row);
        assertThat(((ArrayValue) back[0]).lowerBound(0)).isZero();
        assertThat(((ArrayValue) back[3]).ndim()).isZero();
    }

    @Test
    void nullsTakeNoSpaceAndComeBackAsNull() {
        Object[] row = new Object[14];
        row[2] = 42;
        byte[] bytes = TupleCodec.encode(ALL, row);
        assertThat(bytes).hasSize(TupleCodec.bitmapLength(14) + 4);
        Object[] back = TupleCodec.decode(MemorySegment.ofArray(bytes), 0, 14, ALL);
        assertThat(back[2]).isEqualTo(42);
        assertThat(back).filteredOn(v -> v != null).hasSize(1);
    }

    @Test
    void columnsAddedLaterReadAsTheirMissingValue() {
        RowFormat old = RowFormat.of(TypeOids.INT4);
        byte[] stored = TupleCodec.encode(old, new Object[] {1});
        RowFormat widened = new RowFormat(new int[] {TypeOids.INT4, TypeOids.TEXT}, new Object[] {null, "dflt"});
        assertThat(TupleCodec.decode(MemorySegment.ofArray(stored), 0, 1, widened)).containsExactly(1, "dflt");
    }

    @Test
    void valuesPrintAsPostgresDoes() {
        assertThat(ValueText.format(TypeOids.BOOL, true)).isEqualTo("t");
        assertThat(ValueText.format(TypeOids.NUMERIC, new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(ValueText.format(TypeOids.BYTEA, new byte[] {(byte) 0xDE, 0x01})).isEqualTo("\\xde01");
        assertThat(ValueText.format(TypeOids.TIMESTAMP, LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
                .isEqualTo("2024-01-02 03:04:05");
    }

    @Test
    void toastedFormsRoundTripAndKeepTheirNeighboursReadable() {
        RowFormat f = RowFormat.of(TypeOids.INT4, TypeOids.TEXT, TypeOids.BYTEA, TypeOids.TEXT, TypeOids.INT8);
        ToastedValue.Compressed compressed = new ToastedValue.Compressed(TypeOids.TEXT, 5000, ToastedValue.PGLZ,
                new byte[] {1, 2, 3, 4, 5});
        ToastedValue.External external = new ToastedValue.External(TypeOids.BYTEA, 10_000_000, 6_000_000,
                ToastedValue.PGLZ, -5, 16_400);
        byte[] bytes = TupleCodec.encode(f, new Object[] {7, compressed, external, "y".repeat(200), 9L});
        assertThat(bytes).hasSize(1 + 4 + (8 + 5) + TupleCodec.EXTERNAL_SIZE + (4 + 200) + 8);
        Object[] back = TupleCodec.decode(MemorySegment.ofArray(bytes), 0, 5, f);
        assertThat(back[0]).isEqualTo(7);
        assertThat(back[1]).isInstanceOf(ToastedValue.Compressed.class);
        ToastedValue.Compressed c = (ToastedValue.Compressed) back[1];
        assertThat(c.rawSize()).isEqualTo(5000);
        assertThat(c.data()).containsExactly(1, 2, 3, 4, 5);
        assertThat(back[2]).isEqualTo(external);
        assertThat(((ToastedValue.External) back[2]).compressed()).isTrue();
        assertThat(back[3]).isEqualTo("y".repeat(200));
        assertThat(back[4]).isEqualTo(9L);
        List<Integer> ids = new ArrayList<>();
        TupleCodec.forEachExternal(MemorySegment.ofArray(bytes), 0, 5, f, ids::add);
        assertThat(ids).containsExactly(-5);
    }

    @Test
    void theLongPlainHeaderOfEarlierVersionsStillReads() {
        // written before TOAST: first byte (len >>> 24) | 0x80, which the 30-bit long form reads the same
        byte[] stored = new byte[1 + 4 + 300];
        stored[0] = 1;
        stored[1] = (byte) 0x80;
        stored[3] = (byte) (300 >>> 8);
        stored[4] = (byte) 300;
        Arrays.fill(stored, 5, stored.length, (byte) 'z');
        assertThat(TupleCodec.decode(MemorySegment.ofArray(stored), 0, 1, RowFormat.of(TypeOids.TEXT)))
                .containsExactly("z".repeat(300));
    }
}
