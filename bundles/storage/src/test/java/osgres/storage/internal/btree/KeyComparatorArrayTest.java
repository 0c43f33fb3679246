package osgres.storage.internal.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.storage.ArrayValue;
import osgres.storage.TypeOids;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.TupleCodec;

/** B-tree keys of an int4[] column sort as PostgreSQL's array_cmp orders them, uuid keys as uuid_cmp does. */
class KeyComparatorArrayTest {
    private static final int INT4_ARRAY = 1007;

    private static byte[] key(Object... elements) {
        return TupleCodec.encode(RowFormat.of(INT4_ARRAY), new Object[] {ArrayValue.of(TypeOids.INT4, elements)});
    }

    private static int compare(byte[] a, byte[] b) {
        return KeyComparator.compare(MemorySegment.ofArray(a), 0, 1, MemorySegment.ofArray(b), 0, 1,
                new int[] {INT4_ARRAY}, 1);
    }

    @Test
    void arraysSortElementByElementThenByLengthWithNullElementsLast() {
        List<byte[]> keys = new ArrayList<>(List.of(key(1, 5, 3), key(2, 3, 4), key(1, 2), key(), key(1, 2, 10),
                key(1, 2, 3), key(1, null), key(-1)));
        keys.sort(Comparator.comparing(k -> k, KeyComparatorArrayTest::compare));
        List<String> order = keys.stream().map(k -> TupleCodec.decode(MemorySegment.ofArray(k), 0, 1,
                RowFormat.of(INT4_ARRAY))[0].toString()).toList();
        assertThat(order).containsExactly("{}", "{-1}", "{1,2}", "{1,2,3}", "{1,2,10}", "{1,5,3}", "{1,NULL}",
                "{2,3,4}");
        assertThat(compare(key(7, 8), key(7, 8))).isZero();
    }

    @Test
    void uuidKeysSortAsUnsignedBytes() {
        List<String> ids = new ArrayList<>(List.of("80000000-0000-0000-0000-000000000000",
                "7fffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-8000-000000000000",
                "00000000-0000-0000-7fff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "00000000-0000-0000-0000-000000000000"));
        List<byte[]> keys = new ArrayList<>(ids.stream().map(id -> TupleCodec.encode(RowFormat.of(TypeOids.UUID),
                new Object[] {java.util.UUID.fromString(id)})).toList());
        keys.sort((a, b) -> KeyComparator.compare(MemorySegment.ofArray(a), 0, 1, MemorySegment.ofArray(b), 0, 1,
                new int[] {TypeOids.UUID}, 1));
        List<String> order = keys.stream().map(k -> TupleCodec.decode(MemorySegment.ofArray(k), 0, 1,
                RowFormat.of(TypeOids.UUID))[0].toString()).toList();
        assertThat(order).isEqualTo(ids.stream().sorted().toList());
    }
}
