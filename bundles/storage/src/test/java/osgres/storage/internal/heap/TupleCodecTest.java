package osgres.storage.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

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
}
