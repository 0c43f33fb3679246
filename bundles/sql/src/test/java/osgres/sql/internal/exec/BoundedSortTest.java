package osgres.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** tuplesort's bounded mode: the first n rows of a stable sort, whatever the input order, in bounded memory. */
class BoundedSortTest {
    private static final Comparator<Object[]> BY_KEY = Comparator.comparing(r -> (Integer) r[0]);

    @Test
    void keepsTheFirstRowsAStableSortGives() {
        Random random = new Random(42);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new Object[] {random.nextInt(50), i});
        }
        for (int bound : List.of(1, 7, 100, 9_999, 10_000, 20_000)) {
            BoundedSort top = new BoundedSort(BY_KEY, bound, Long.MAX_VALUE);
            for (Object[] r : rows) {
                assertThat(top.put(r)).isTrue();
            }
            List<Object[]> expected = new ArrayList<>(rows);
            expected.sort(BY_KEY); // List.sort is stable: ties keep input order
            expected = expected.subList(0, Math.min(bound, rows.size()));
            assertThat(top.sorted()).as("bound %d", bound).containsExactlyElementsOf(expected);
            assertThat(top.count()).isEqualTo(rows.size());
        }
    }

    @Test
    void saysWhenTheKeptRowsOutgrowWorkMem() {
        BoundedSort top = new BoundedSort(BY_KEY, 1_000, 64 * 1024);
        boolean fits = true;
        int put = 0;
        while (fits && put < 1_000) {
            fits = top.put(new Object[] {put, "x".repeat(200)});
            put++;
        }
        assertThat(fits).isFalse();
        // what was kept comes back in input order, for the full sort to take over
        List<Object[]> kept = top.inInputOrder();
        assertThat(kept).hasSize(put);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)[0]).isEqualTo(i);
        }
    }
}
