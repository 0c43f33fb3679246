package osgres.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import osgres.api.PgTempFiles;
import osgres.sql.internal.session.FakeBackend;
import osgres.sql.internal.session.SqlSessionImpl;
import osgres.sql.internal.utils.SessionGucs;

/** ORDER BY, DISTINCT and GROUP BY with work_mem = 64kB: the same answers as in memory, through temporary files. */
class WorkMemTest {
    @TempDir
    Path dataDirectory;

    private FakeBackend backend;

    private FakeBackend.Result ok(String sql) {
        FakeBackend.Result r = backend.query(sql);
        if (r.error() != null) {
            throw new AssertionError(sql + " failed: " + r.error().sqlState() + " " + r.error().getMessage(),
                    r.error());
        }
        return r;
    }

    private long filesCreated() {
        return ((SqlSessionImpl) backend.session).temporaryFiles().created();
    }

    private void assertNoTemporaryFilesLeft() throws IOException {
        Path dir = PgTempFiles.directory(dataDirectory);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                assertThat(list.toList()).isEmpty();
            }
        }
    }

    private void start() {
        backend = new FakeBackend(true, dataDirectory);
        ok("set work_mem = '64kB'");
    }

    @Test
    void workMemReadsInKilobytes() {
        backend = new FakeBackend(true, dataDirectory);
        SessionGucs gucs = ((SqlSessionImpl) backend.session).gucs();
        assertThat(gucs.kilobytes("work_mem", 0)).isEqualTo(4096);
        for (String[] c : new String[][] {{"64kB", "64"}, {"1MB", "1024"}, {"2GB", "2097152"}, {"100", "100"}}) {
            ok("set work_mem = '" + c[0] + "'");
            assertThat(gucs.kilobytes("work_mem", 0)).as(c[0]).isEqualTo(Long.parseLong(c[1]));
        }
        assertThat(gucs.kilobytes("log_temp_files", -1)).as("not defined here: the fallback").isEqualTo(-1);
    }

    @Test
    void orderBySpillsAndReturnsEveryRowInOrder() throws IOException {
        start();
        FakeBackend.Result r = ok("select g, 'row ' || g from generate_series(1, 30000) as g order by g desc");
        assertThat(r.rows()).hasSize(30000);
        assertThat(r.rows().getFirst()).containsExactly("30000", "row 30000");
        assertThat(r.rows().getLast()).containsExactly("1", "row 1");
        for (int i = 1; i < r.rows().size(); i++) {
            assertThat(Integer.parseInt(r.rows().get(i).getFirst()))
                    .isEqualTo(Integer.parseInt(r.rows().get(i - 1).getFirst()) - 1);
        }
        assertThat(filesCreated()).isPositive();
        assertNoTemporaryFilesLeft();
    }

    @Test
    void distinctIsSortAndUniqueBeyondWorkMem() throws IOException {
        start();
        FakeBackend.Result r = ok("select distinct g % 1000 as m, 'x' from generate_series(1, 30000) as g "
                + "order by m desc");
        assertThat(r.rows()).hasSize(1000);
        assertThat(r.rows().getFirst()).containsExactly("999", "x");
        assertThat(r.rows().getLast()).containsExactly("0", "x");
        assertThat(filesCreated()).isPositive();
        FakeBackend.Result unordered = ok("select distinct g % 7 from generate_series(1, 30000) as g");
        assertThat(unordered.rows()).extracting(List::getFirst)
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6");
        assertNoTemporaryFilesLeft();
    }

    @Test
    void groupByBeyondHashMemAggregatesSetAsideGroupsSorted() throws IOException {
        start();
        FakeBackend.Result r = ok("select g % 5000 as k, count(*), sum(g), min(g), max(g) "
                + "from generate_series(1, 30000) as g group by g % 5000 having count(*) > 0 order by k");
        assertThat(r.rows()).hasSize(5000);
        for (int k = 0; k < 5000; k++) {
            List<String> row = r.rows().get(k);
            long sum = 0;
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int g = k == 0 ? 5000 : k; g <= 30000; g += 5000) {
                sum += g;
                min = Math.min(min, g);
                max = Math.max(max, g);
            }
            assertThat(row).containsExactly(Integer.toString(k), "6", Long.toString(sum), Integer.toString(min),
                    Integer.toString(max));
        }
        assertThat(filesCreated()).as("groups set aside in a sort").isPositive();
        assertNoTemporaryFilesLeft();
    }

    @Test
    void aFailingStatementLeavesNoTemporaryFiles() throws IOException {
        start();
        FakeBackend.Result r = backend.query("select 1 / (g - 29000) from generate_series(1, 30000) as g order by 1");
        assertThat(r.error()).isNotNull();
        assertThat(r.error().sqlState()).isEqualTo("22012");
        assertThat(filesCreated()).isPositive();
        assertNoTemporaryFilesLeft();
    }
}
