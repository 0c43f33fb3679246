package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 7, item 9: memory bounded by work_mem. With work_mem = 1MB an ORDER BY over a million rows spills sorted
 * runs to base/pgsql_tmp/pgsql_tmp<pid>.<n> (seen there while it runs, and in the log through log_temp_files = 0),
 * merges them into correctly ordered results, and deletes the files when it ends. Four such sorts at once leave
 * another session answering promptly. A sort stopped by statement_timeout or a cancel leaves no file; DISTINCT and
 * GROUP BY beyond work_mem give the right answers; files left by a dead server are removed at the next start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkMemIT {
    private static final int ROWS = 1_000_000;
    /** A prime above ROWS: k = id * 7919 mod it is a permutation of the ids, so ORDER BY k shuffles them. */
    private static final long MODULUS = 1_000_003;
    private static final String SORT = "select id, k, pad from wm_sort order by k";
    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Pattern TEMP_FILE_LINE = Pattern.compile(
            "LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp(\\d+)\\.\\d+\", size \\d+");

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws SQLException {
        target = SqlTarget.start("log_temp_files = 0");
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "wm_sort", "id integer, k integer, pad text");
            Jdbc.execute(c, "insert into wm_sort select g, (g::bigint * 7919) % " + MODULUS
                    + ", 'padding ' || g from generate_series(1, " + ROWS + ") as g");
        }
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void orderByBeyondWorkMemSpillsToTemporaryFilesAndReturnsOrderedRows() throws Exception {
        try (Connection c = target.connect()) {
            int pid = Jdbc.selectInt(c, "select pg_backend_pid()");
            Jdbc.execute(c, "set work_mem = '1MB'");
            try (TempFileWatch watch = new TempFileWatch(pid)) {
                SortResult result = streamSort(c);
                assertThat(result.rows()).isEqualTo(ROWS);
                assertThat(result.idSum()).as("every id once").isEqualTo((long) ROWS * (ROWS + 1) / 2);
                assertThat(watch.seen()).as("pgsql_tmp%d.* under base/pgsql_tmp during the sort", pid).isTrue();
            }
            TestServer.await("no temporary file of pid " + pid + " after the sort", DEADLINE,
                    () -> tempFiles(pid).isEmpty());
            TestServer.await("log_temp_files line of pid " + pid, DEADLINE,
                    () -> TEMP_FILE_LINE.matcher(target.log()).results().anyMatch(m -> m.group(1).equals("" + pid)));
        }
    }

    @Test
    void fourConcurrentSortsLeaveOtherSessionsResponsive() throws Exception {
        try (Connection probe = target.connect()) {
            List<Integer> pids = new ArrayList<>();
            List<Future<SortResult>> sorts = new ArrayList<>();
            List<Connection> sorters = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Connection c = target.connect();
                    sorters.add(c);
                    pids.add(Jdbc.selectInt(c, "select pg_backend_pid()"));
                    Jdbc.execute(c, "set work_mem = '1MB'");
                    sorts.add(threads.submit(() -> streamSort(c)));
                }
                CompletableFuture<Void> all = CompletableFuture.allOf(sorts.stream()
                        .map(f -> CompletableFuture.runAsync(() -> join(f), threads)).toArray(CompletableFuture[]::new));
                int probes = 0;
                long slowest = 0;
                while (!all.isDone()) {
                    long started = System.nanoTime();
                    assertThat(Jdbc.selectInt(probe, "select 1")).isEqualTo(1);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    slowest = Math.max(slowest, millis);
                    assertThat(millis).as("select 1 while four sorts run (probe %d)", probes)
                            .isLessThan(PROMPT.toMillis());
                    probes++;
                    try {
                        all.get(100, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException stillSorting) {
                        // probe again
                    }
                }
                for (Future<SortResult> sort : sorts) {
                    SortResult r = sort.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    assertThat(r.rows()).isEqualTo(ROWS);
                    assertThat(r.idSum()).isEqualTo((long) ROWS * (ROWS + 1) / 2);
                }
                assertThat(probes).as("probes while the sorts ran (slowest %d ms)", slowest).isPositive();
            } finally {
                for (Connection c : sorters) {
                    c.close();
                }
            }
            for (int pid : pids) {
                TestServer.await("no temporary file of pid " + pid, DEADLINE, () -> tempFiles(pid).isEmpty());
            }
        }
    }

    @Test
    void sortStoppedByStatementTimeoutOrCancelLeavesNoTemporaryFiles() throws Exception {
        String bigSort = "select a.id, a.k, g from wm_sort a, generate_series(1, 20) as g order by a.k, g";
        try (Connection c = target.connect(); Connection admin = target.connect()) {
            int pid = Jdbc.selectInt(c, "select pg_backend_pid()");
            Jdbc.execute(c, "set work_mem = '1MB'");
            Jdbc.execute(c, "set statement_timeout = '3s'");
            try (TempFileWatch watch = new TempFileWatch(pid)) {
                ServerErrorMessage timeout = JdbcCrudIT.serverError("57014", () -> Jdbc.execute(c, bigSort));
                assertThat(timeout.getMessage()).isEqualTo("canceling statement due to statement timeout");
                assertThat(watch.seen()).as("the sort had spilled when the timeout hit").isTrue();
            }
            TestServer.await("no temporary file after the timeout", DEADLINE, () -> tempFiles(pid).isEmpty());

            Jdbc.execute(c, "reset statement_timeout");
            try (TempFileWatch watch = new TempFileWatch(pid)) {
                Future<?> sort = threads.submit(Waits.call(() -> Jdbc.execute(c, bigSort)));
                TestServer.await("temporary files of the running sort", DEADLINE, watch::seen);
                assertThat(JdbcCrudIT.rows(admin, "select pg_cancel_backend(" + pid + ")")).containsExactly("t");
                Throwable canceled = Waits.failureOf(sort);
                assertThat(canceled).hasMessageContaining("canceling statement due to user request");
            }
            TestServer.await("no temporary file after the cancel", DEADLINE, () -> tempFiles(pid).isEmpty());
            assertThat(Jdbc.selectInt(c, "select 1")).as("the session goes on").isEqualTo(1);
        }
    }

    @Test
    void distinctAndGroupByBeyondWorkMemGiveTheRightAnswers() throws Exception {
        try (Connection c = target.connect()) {
            int pid = Jdbc.selectInt(c, "select pg_backend_pid()");
            Jdbc.execute(c, "set work_mem = '1MB'");
            try (TempFileWatch watch = new TempFileWatch(pid)) {
                List<String> distinct = JdbcCrudIT.rows(c, "select distinct id % 100000 as m from wm_sort order by m");
                assertThat(distinct).hasSize(100_000);
                assertThat(distinct.getFirst()).isEqualTo("0");
                assertThat(distinct.getLast()).isEqualTo("99999");

                long groups = 0;
                long total = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "select id % 200000, count(*), sum(id) from wm_sort group by id % 200000")) {
                    while (rs.next()) {
                        groups++;
                        total += rs.getLong(2);
                        long m = rs.getLong(1);
                        long expected = 0;
                        for (long id = m == 0 ? 200_000 : m; id <= ROWS; id += 200_000) {
                            expected += id;
                        }
                        assertThat(rs.getLong(3)).as("sum of group %d", m).isEqualTo(expected);
                    }
                }
                assertThat(groups).isEqualTo(200_000);
                assertThat(total).isEqualTo(ROWS);
                assertThat(watch.seen()).as("DISTINCT and GROUP BY spilled").isTrue();
            }
            TestServer.await("no temporary file left", DEADLINE, () -> tempFiles(pid).isEmpty());
        }
    }

    /**
     * A WITH query's rows beyond work_mem go to a temporary file (the CteScan's tuplestore), so a long recursion
     * needs disk rather than memory; a WITH query read twice (a self-join) gets the same rows back from the file.
     */
    @Test
    void withQueryRowsBeyondWorkMemSpillToATemporaryFile() throws Exception {
        try (Connection c = target.connect()) {
            int pid = Jdbc.selectInt(c, "select pg_backend_pid()");
            Jdbc.execute(c, "set work_mem = '64kB'");
            try (TempFileWatch watch = new TempFileWatch(pid)) {
                assertThat(JdbcCrudIT.rows(c, "with recursive r(n) as (select 1 union all select n + 1 from r "
                        + "where n < 200000) select count(*) || ' ' || sum(n) from r"))
                        .containsExactly("200000 20000100000");
                assertThat(JdbcCrudIT.rows(c, "with w as materialized (select id from wm_sort where id <= 50000) "
                        + "select count(*) || ' ' || sum(a.id) from w a join w b on a.id = b.id"))
                        .containsExactly("50000 1250025000");
                assertThat(watch.seen()).as("the WITH query's rows spilled").isTrue();
            }
            TestServer.await("no temporary file left", DEADLINE, () -> tempFiles(pid).isEmpty());
        }
    }

    @Test
    void temporaryFilesLeftByADeadServerAreRemovedAtStart() throws Exception {
        Assumptions.assumeFalse(target.isReference(), "needs write access to the reference's data directory");
        Path dir = Files.createDirectories(tempDirectory());
        Path leftover = Files.writeString(dir.resolve("pgsql_tmp999999.0"), "a crashed sort's run");
        target.crash();
        target.restart();
        assertThat(leftover).doesNotExist();
        assertThat(dir).isDirectory();
        try (Connection c = target.connect()) {
            assertThat(Jdbc.selectLong(c, "select count(*) from wm_sort")).isEqualTo(ROWS);
        }
    }

    // ---------------------------------------------------------------- helpers

    private record SortResult(long rows, long idSum) {
    }

    /** Runs {@link #SORT} through a cursor (fetch size) and checks each row: k ascending and k = id * 7919 mod p. */
    private static SortResult streamSort(Connection c) throws SQLException {
        c.setAutoCommit(false);
        long rows = 0;
        long idSum = 0;
        long previous = -1;
        try (Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery(SORT)) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    long k = rs.getLong(2);
                    if (k <= previous || k != id * 7919 % MODULUS || !rs.getString(3).equals("padding " + id)) {
                        throw new AssertionError("row " + rows + " out of order or wrong: id " + id + ", k " + k
                                + " after k " + previous);
                    }
                    previous = k;
                    rows++;
                    idSum += id;
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return new SortResult(rows, idSum);
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Path tempDirectory() {
        return target.dataDir().resolve("base").resolve("pgsql_tmp");
    }

    /** The temporary files of backend {@code pid} now ({@code pgsql_tmp<pid>.<n>}). */
    private List<Path> tempFiles(int pid) {
        Path dir = tempDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("pgsql_tmp" + pid + ".")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Watches base/pgsql_tmp for files of one backend until closed. */
    private final class TempFileWatch implements AutoCloseable {
        private final AtomicBoolean seen = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Future<?> watcher;

        TempFileWatch(int pid) {
            watcher = threads.submit(() -> {
                while (!stop.get()) {
                    if (!tempFiles(pid).isEmpty()) {
                        seen.set(true);
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        boolean seen() {
            return seen.get();
        }

        @Override
        public void close() {
            stop.set(true);
            watcher.cancel(true);
        }
    }
}
