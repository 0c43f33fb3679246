package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9, section 3: EXPLAIN (ANALYZE, BUFFERS) as psql shows it, checked for its shape, since the numbers differ
 * from PostgreSQL's: every node has a "Buffers: shared hit=N" line, a parent's count includes its input's, the
 * counts grow with the table, a sort past work_mem shows "external merge  Disk: NkB" and its temp blocks, an
 * in-memory one "quicksort  Memory: NkB", ORDER BY ... LIMIT a "top-N heapsort", a hash join's Hash node its
 * buckets and memory, FORMAT JSON the buffer counters of every node and of planning, and the timings and summary
 * lines their number formats. Buffer counts belong to one backend: another session scanning a big table meanwhile
 * does not change them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainIT {
    private static final Pattern BUFFERS = Pattern.compile(
            "Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?(?: dirtied=\\d+)?(?: written=\\d+)?"
                    + "(?:, temp(?: read=\\d+)?(?: written=\\d+)?)?$");
    private static final Pattern NODE = Pattern.compile("^(?:\\s*->\\s+)?([A-Z][A-Za-z ]+?)(?: on \\S+)? \\(actual");

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws SQLException {
        target = SqlTarget.start();
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            st.execute("drop table if exists explain_small, explain_big");
            st.execute("create table explain_small (id integer, pad text)");
            st.execute("create table explain_big (id integer, pad text)");
            st.execute("insert into explain_small select g, repeat('x', 50) || g from generate_series(1, 100) g");
            st.execute("insert into explain_big select g, repeat('x', 50) || g from generate_series(1, 20000) g");
        }
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    private List<String> explain(String sql) {
        return explain(Map.of(), sql);
    }

    private List<String> explain(Map<String, String> env, String sql) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(Waits.DEADLINE_S), env, "postgres", "127.0.0.1", target.port(),
                sql);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout().lines().toList();
    }

    /** Shared blocks (hit + read) of the first node named {@code node}, from the Buffers line below it. */
    private static long sharedBlocks(List<String> plan, String node) {
        for (int i = 0; i < plan.size(); i++) {
            Matcher m = NODE.matcher(plan.get(i));
            if (m.find() && m.group(1).equals(node)) {
                for (int j = i + 1; j < plan.size() && !NODE.matcher(plan.get(j)).find(); j++) {
                    Matcher b = BUFFERS.matcher(plan.get(j).strip());
                    if (b.matches()) {
                        return (b.group(1) == null ? 0 : Long.parseLong(b.group(1)))
                                + (b.group(2) == null ? 0 : Long.parseLong(b.group(2)));
                    }
                }
                throw new AssertionError("no Buffers line under " + node + ": " + String.join("\n", plan));
            }
        }
        throw new AssertionError("no " + node + " node: " + String.join("\n", plan));
    }

    @Test
    void analyzeBuffersShowsSharedBlocksUnderEveryNode() {
        List<String> plan = explain("explain (analyze, buffers, costs off) select count(*) from explain_big");
        long nodes = plan.stream().filter(l -> NODE.matcher(l).find()).count();
        long buffers = plan.stream().filter(l -> BUFFERS.matcher(l.strip()).matches()).count();
        assertThat(nodes).as(String.join("\n", plan)).isEqualTo(2);
        assertThat(buffers).as(String.join("\n", plan)).isEqualTo(nodes);
        assertThat(plan).anyMatch(l -> l.matches("Planning Time: \\d+\\.\\d{3} ms"));
        assertThat(plan).anyMatch(l -> l.matches("Execution Time: \\d+\\.\\d{3} ms"));
        assertThat(plan.getFirst())
                .matches("Aggregate \\(actual time=\\d+\\.\\d{3}\\.\\.\\d+\\.\\d{3} rows=1 loops=1\\)");
    }

    @Test
    void buffersGrowWithTheTableAndParentsIncludeTheirInput() {
        List<String> small = explain("explain (analyze, buffers, costs off, timing off) "
                + "select count(*) from explain_small");
        List<String> big = explain("explain (analyze, buffers, costs off, timing off) "
                + "select count(*) from explain_big");
        long smallScan = sharedBlocks(small, "Seq Scan");
        long bigScan = sharedBlocks(big, "Seq Scan");
        assertThat(smallScan).as(String.join("\n", small)).isPositive();
        // 20,000 rows of ~60 bytes take some 200 pages, 100 rows one
        assertThat(bigScan).as(String.join("\n", big)).isGreaterThan(50 * smallScan);
        assertThat(sharedBlocks(big, "Aggregate")).isGreaterThanOrEqualTo(bigScan);
    }

    @Test
    void sortPastWorkMemShowsExternalMergeAndTempBlocks() {
        List<String> plan = explain(Map.of("PGOPTIONS", "-c work_mem=64kB"),
                "explain (analyze, buffers, costs off, timing off) select * from explain_big order by pad desc");
        assertThat(plan).as(String.join("\n", plan))
                .anyMatch(l -> l.strip().matches("Sort Method: external merge  Disk: \\d+kB"))
                .anyMatch(l -> l.strip().matches("Buffers: shared hit=\\d+.*, temp read=\\d+ written=\\d+")
                        || l.strip().matches("Buffers: shared (hit=\\d+ )?read=\\d+.*, temp read=\\d+ written=\\d+"));
    }

    @Test
    void sortInMemoryShowsQuicksortAndItsMemory() {
        List<String> plan = explain("explain (analyze, costs off, timing off)"
                + " select * from explain_small order by pad");
        assertThat(plan).as(String.join("\n", plan))
                .anyMatch(l -> l.strip().matches("Sort Method: quicksort  Memory: \\d+kB"));
    }

    @Test
    void orderByLimitSortsOnlyTheTopRowsInAHeap() {
        List<String> plan = explain("explain (analyze, costs off, timing off) select id from explain_big"
                + " order by pad desc limit 10");
        assertThat(plan).as(String.join("\n", plan))
                .anyMatch(l -> l.strip().matches("->  Sort \\(actual rows=10 loops=1\\)"))
                .anyMatch(l -> l.strip().matches("Sort Method: top-N heapsort  Memory: \\d+kB"));
    }

    @Test
    void hashJoinShowsTheHashNodesBucketsAndMemory() {
        List<String> plan = explain("explain (analyze, costs off, timing off) select count(*) from explain_big b"
                + " join explain_small s on s.id = b.id");
        assertThat(plan).as(String.join("\n", plan))
                .anyMatch(l -> l.matches("\\s+->  Hash \\(actual rows=\\d+ loops=1\\)"))
                .anyMatch(l -> l.strip().matches("Buckets: \\d+  Batches: \\d+  Memory Usage: \\d+kB"));
    }

    @Test
    void jsonCarriesTheBufferCountersOfEveryNodeAndOfPlanning() {
        String json = String.join("\n", explain("explain (analyze, buffers, costs off, format json)"
                + " select count(*) from explain_big"));
        for (String key : List.of("Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks",
                "Shared Written Blocks", "Local Hit Blocks", "Temp Read Blocks", "Temp Written Blocks")) {
            Matcher m = Pattern.compile("\"" + key + "\": \\d+").matcher(json);
            int found = 0;
            while (m.find()) {
                found++;
            }
            // the Aggregate, the Seq Scan and Planning
            assertThat(found).as(key + " in " + json).isEqualTo(3);
        }
        assertThat(json).contains("\"Planning\": {").containsPattern("\"Planning Time\": \\d+\\.\\d{3}")
                .containsPattern("\"Execution Time\": \\d+\\.\\d{3}").contains("\"Triggers\": [");
    }

    @Test
    void anotherSessionsScansDoNotCountInThisBackendsBuffers() throws Exception {
        String sql = "explain (analyze, buffers, costs off, timing off) select count(*) from explain_small";
        long alone = sharedBlocks(explain(sql), "Seq Scan");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong scans = new AtomicLong();
        Future<?> busy = threads.submit(() -> {
            try (Connection c = target.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.executeQuery("select count(*) from explain_big").close();
                    scans.incrementAndGet();
                }
            }
            return null;
        });
        try {
            // the other session is scanning before this one explains
            long deadline = System.nanoTime() + Duration.ofSeconds(Waits.DEADLINE_S).toNanos();
            while (scans.get() == 0 && !busy.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(busy.isDone()).as("the scanning session failed").isFalse();
            List<Long> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(sharedBlocks(explain(sql), "Seq Scan"));
            }
            assertThat(during).allMatch(n -> n == alone);
            assertThat(scans.get()).isPositive();
        } finally {
            stop.set(true);
            busy.get();
        }
    }
}
