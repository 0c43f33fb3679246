package osgres.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import osgres.api.PgException;
import osgres.api.PgTempFiles;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.TemporaryFiles;

/** tuplesort's behaviour: in-memory quicksort under work_mem, sorted runs on disk and a merge beyond it. */
class ExternalSortTest {
    private static final long WORK_MEM = 64 * 1024;
    private static final int PID = 4242;

    @TempDir
    Path dataDirectory;

    /** CHECK_FOR_INTERRUPTS that throws 57014 from the {@code failAt}-th check on. */
    private static final class CountingInterrupts implements osgres.sql.Interrupts {
        long checks;
        long failAt = Long.MAX_VALUE;

        @Override
        public void check() {
            if (++checks >= failAt) {
                throw PgException.error(SqlState.QUERY_CANCELED, "canceling statement due to statement timeout");
            }
        }

        @Override
        public void sleep(long nanos) {
        }
    }

    private final CountingInterrupts interrupts = new CountingInterrupts();

    private TemporaryFiles files(long logTempFilesKb, long tempFileLimitKb) {
        return new TemporaryFiles(dataDirectory, PID, () -> logTempFilesKb, () -> tempFileLimitKb);
    }

    private ExternalSort sort(Comparator<Object[]> order, TemporaryFiles files) {
        return new ExternalSort(order, WORK_MEM, files, new LoopInterrupts(interrupts));
    }

    private static Comparator<Object[]> byColumn(int column, PgType type, boolean desc, boolean nullsFirst) {
        return RowComparator.of(List.of(new Plan.SortKey(column, type, desc, nullsFirst)));
    }

    /** Rows {key int4 (10% NULL), sequence int4, padding text}: about 100 bytes each in memory. */
    private static List<Object[]> rows(int count, long seed) {
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Integer key = random.nextInt(10) == 0 ? null : random.nextInt(count / 4 + 1);
            rows.add(new Object[] {key, i, "padding " + random.nextLong()});
        }
        return rows;
    }

    private static List<Object[]> drain(ExternalSort sort) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] row = sort.next(); row != null; row = sort.next()) {
            out.add(row);
        }
        return out;
    }

    private List<Path> tempFiles() throws IOException {
        Path dir = PgTempFiles.directory(dataDirectory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    @Test
    void rowsThatFitAreSortedInMemoryWithoutFiles() throws IOException {
        TemporaryFiles files = files(-1, -1);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        for (int k : new int[] {5, 3, 9, 1}) {
            sort.put(new Object[] {k});
        }
        sort.performSort();
        assertThat(sort.state()).isEqualTo(ExternalSort.State.IN_MEMORY);
        assertThat(drain(sort)).extracting(r -> r[0]).containsExactly(1, 3, 5, 9);
        assertThat(sort.spilled()).isFalse();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void beyondWorkMemRunsAreWrittenAndMergedInOrder() throws IOException {
        TemporaryFiles files = files(-1, -1);
        Comparator<Object[]> order = byColumn(0, PgType.INT4, false, false);
        List<Object[]> input = rows(40_000, 1);
        ExternalSort sort = sort(order, files);
        for (Object[] row : input) {
            sort.put(row);
        }
        assertThat(tempFiles()).as("runs on disk while loading").isNotEmpty()
                .allSatisfy(p -> assertThat(p.getFileName().toString()).matches("pgsql_tmp4242\\.\\d+"));
        sort.performSort();
        assertThat(sort.state()).isEqualTo(ExternalSort.State.MERGING);
        assertThat(sort.spilled()).isTrue();
        assertThat(sort.initialRuns()).isGreaterThan(ExternalSort.MIN_MERGE_ORDER);
        assertThat(sort.mergePasses()).as("more runs than the merge order: intermediate passes").isPositive();

        List<Object[]> expected = new ArrayList<>(input);
        expected.sort(order);
        List<Object[]> sorted = drain(sort);
        assertThat(sorted).hasSize(input.size());
        assertThat(sorted).extracting(r -> r[1]).as("the same rows in the same stable order")
                .containsExactlyElementsOf(expected.stream().map(r -> r[1]).toList());
        assertThat(tempFiles()).as("files deleted at the end of the merge").isEmpty();
        assertThat(files.openCount()).isZero();
    }

    @Test
    void descendingAndNullsFirstOrLastHoldAcrossRuns() {
        List<Object[]> input = rows(20_000, 2);
        for (boolean desc : new boolean[] {false, true}) {
            for (boolean nullsFirst : new boolean[] {false, true}) {
                Comparator<Object[]> order = byColumn(0, PgType.INT4, desc, nullsFirst);
                ExternalSort sort = sort(order, files(-1, -1));
                input.forEach(sort::put);
                sort.performSort();
                assertThat(sort.spilled()).isTrue();
                List<Object[]> out = drain(sort);
                List<Integer> keys = out.stream().map(r -> (Integer) r[0]).toList();
                long nulls = keys.stream().filter(k -> k == null).count();
                assertThat(nulls).isPositive();
                List<Integer> head = keys.subList(0, (int) nulls);
                List<Integer> tail = keys.subList(keys.size() - (int) nulls, keys.size());
                assertThat(nullsFirst ? head : tail).as("desc=%s nullsFirst=%s", desc, nullsFirst).containsOnlyNulls();
                List<Integer> values = keys.stream().filter(k -> k != null).toList();
                List<Integer> expected = new ArrayList<>(values);
                expected.sort(desc ? Comparator.reverseOrder() : Comparator.naturalOrder());
                assertThat(values).isEqualTo(expected);
            }
        }
    }

    @Test
    void multiColumnKeysWithTextAndNumeric() {
        Comparator<Object[]> order = RowComparator.of(List.of(
                new Plan.SortKey(0, PgType.TEXT, false, false),
                new Plan.SortKey(1, PgType.NUMERIC, true, false)));
        ExternalSort sort = sort(order, files(-1, -1));
        List<Object[]> input = new ArrayList<>();
        for (int i = 0; i < 15_000; i++) {
            input.add(new Object[] {"group " + (i % 7), new BigDecimal(i % 100 + ".5"), "x".repeat(40)});
        }
        input.forEach(sort::put);
        sort.performSort();
        List<Object[]> out = drain(sort);
        assertThat(out).hasSize(input.size());
        for (int i = 1; i < out.size(); i++) {
            assertThat(order.compare(out.get(i - 1), out.get(i))).isLessThanOrEqualTo(0);
        }
    }

    @Test
    void cancelWhileBuildingRunsDeletesTheFiles() throws IOException {
        TemporaryFiles files = files(-1, -1);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        interrupts.failAt = 25;
        assertThatThrownBy(() -> rows(40_000, 3).forEach(sort::put))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("57014"));
        assertThat(sort.state()).isEqualTo(ExternalSort.State.CLOSED);
        assertThat(tempFiles()).isEmpty();
        assertThat(files.openCount()).isZero();
    }

    @Test
    void cancelDuringTheMergeDeletesTheFiles() throws IOException {
        TemporaryFiles files = files(-1, -1);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        rows(40_000, 4).forEach(sort::put);
        sort.performSort();
        assertThat(sort.next()).isNotNull();
        assertThat(tempFiles()).isNotEmpty();
        interrupts.failAt = interrupts.checks + 3;
        assertThatThrownBy(() -> drain(sort)).isInstanceOf(PgException.class);
        assertThat(tempFiles()).isEmpty();
        assertThat(files.openCount()).isZero();
    }

    @Test
    void closingEarlyAsLimitDoesDeletesTheFiles() throws IOException {
        TemporaryFiles files = files(-1, -1);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        rows(30_000, 5).forEach(sort::put);
        sort.performSort();
        sort.next();
        sort.next();
        sort.close();
        assertThat(sort.next()).isNull();
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void transactionEndClosesFilesASortLeftOpen() throws IOException {
        TemporaryFiles files = files(-1, -1);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        rows(30_000, 6).forEach(sort::put);
        assertThat(files.openCount()).isPositive();
        files.closeAll();
        assertThat(tempFiles()).isEmpty();
        assertThat(files.openCount()).isZero();
    }

    @Test
    void tempFileLimitStopsTheSortWith53400() throws IOException {
        TemporaryFiles files = files(-1, 100);
        ExternalSort sort = sort(byColumn(0, PgType.INT4, false, false), files);
        assertThatThrownBy(() -> rows(40_000, 7).forEach(sort::put))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("53400");
                    assertThat(e.getMessage()).isEqualTo("temporary file size exceeds temp_file_limit (100kB)");
                });
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void everyExecutorValueTypeSurvivesTheFile() throws IOException {
        Object[] row = {null, true, false, (short) -7, 42, -9_000_000_000L, 1.5f, -0.0, Double.NaN,
                new BigDecimal("-12345678901234567890.000123"), "text é ✓", new byte[] {0, -1, 7},
                Instant.parse("2024-02-29T12:34:56.123456Z"), LocalDateTime.parse("1999-12-31T23:59:59.999999"),
                LocalDate.parse("0001-01-01"), RegType.of(PgType.INT8), "", new RegType(4_000_000_000L, null)};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SpillRowFormat.write(new DataOutputStream(bytes), row);
        Object[] back = SpillRowFormat.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(back).hasSize(row.length);
        for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof byte[] b) {
                assertThat((byte[]) back[i]).containsExactly(b);
            } else {
                assertThat(back[i]).as("value %d", i).isEqualTo(row[i]);
            }
        }
        assertThat(((BigDecimal) back[9]).scale()).isEqualTo(6);
        assertThat(((RegType) back[15]).name()).isEqualTo("bigint");
        assertThat(((RegType) back[17]).name()).isNull();
        assertThatThrownBy(() -> SpillRowFormat.write(new DataOutputStream(bytes), new Object[] {new Object()}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removeAllDeletesLeftoversAndKeepsTheDirectory() throws IOException {
        Path dir = Files.createDirectories(PgTempFiles.directory(dataDirectory));
        Files.writeString(dir.resolve("pgsql_tmp999.0"), "left by a crash");
        Files.createDirectories(dir.resolve("pgsql_tmp999.0.fileset")).resolve("x").toFile().createNewFile();
        assertThat(PgTempFiles.removeAll(dataDirectory)).isEqualTo(2);
        assertThat(dir).isEmptyDirectory();
        assertThat(PgTempFiles.removeAll(dataDirectory.resolve("nonexistent"))).isZero();
    }

    @Test
    void rowSizesGrowWithTheirValues() {
        assertThat(WorkMem.rowBytes(new Object[] {1, "a"})).isLessThan(WorkMem.rowBytes(new Object[] {1,
                "a".repeat(1000)}));
        assertThat(WorkMem.rowBytes(new Object[0])).isPositive();
    }
}
