package osgres.storage.internal.btree;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.storage.internal.heap.RowFormat;
import osgres.storage.TypeOids;
import osgres.storage.internal.heap.TupleCodec;

/** B-tree keys of a jsonb column sort as compareJsonbContainers orders the values (their normal form's text). */
class JsonbKeyOrderTest {
    @Test
    void jsonbKeysSortAsPostgresOrdersThem() {
        List<String> expected = List.of("[]", "null", "\"a\"", "\"b\\n\"", "-1", "2.5", "10", "false", "true",
                "[3]", "[1, 2]", "[1, 3]", "{\"a\": 1}", "{\"b\": 0}", "{\"a\": 1, \"b\": 2}");
        List<byte[]> keys = new ArrayList<>();
        for (int i = expected.size() - 1; i >= 0; i--) {
            keys.add(TupleCodec.encode(RowFormat.of(TypeOids.JSONB), new Object[] {expected.get(i)}));
        }
        keys.sort((a, b) -> KeyComparator.compare(MemorySegment.ofArray(a), 0, 1, MemorySegment.ofArray(b), 0, 1,
                new int[] {TypeOids.JSONB}, 1));
        List<Object> order = keys.stream().map(k -> TupleCodec.decode(MemorySegment.ofArray(k), 0, 1,
                RowFormat.of(TypeOids.JSONB))[0]).toList();
        assertThat(order).isEqualTo(expected);
    }
}
