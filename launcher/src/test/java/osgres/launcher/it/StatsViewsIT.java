package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.util.PSQLException;

/**
 * Issue 8, acceptance 2 (statistics views): {@code pg_stat_activity} lists the auxiliary processes and the client
 * backends with PostgreSQL 15's backend_type values, and the querying backend is 'active' with its query;
 * {@code pg_stat_bgwriter.buffers_clean} grows under a write load that evicts buffers and stays 0 with
 * {@code bgwriter_lru_maxpages = 0}; {@code checkpoints_timed} grows with {@code checkpoint_timeout = 30s};
 * {@code pg_stat_user_tables} counts inserts, updates, deletes and VACUUM, keeps them over a clean restart and
 * forgets them after kill -9; {@code pg_stat_database} counts commits, rollbacks, a deadlock and buffer accesses.
 * Counts are awaited with a deadline: PostgreSQL flushes a backend's counts up to a second after its transaction
 * ends.
 *
 * <p>Against a reference PostgreSQL 15 ({@code -Dosgres.it.reference.port}), start it with
 * {@code shared_buffers = 1MB} and {@code checkpoint_timeout = 30s}; the {@code bgwriter_lru_maxpages = 0} case
 * needs its own server and is skipped there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsViewsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Two timeouts of 30 s and some: the first timed checkpoint is due 30 s after the checkpointer started. */
    private static final Duration TIMED_CHECKPOINT_DEADLINE = Duration.ofSeconds(75);
    private static final String[] SETTINGS = {"checkpoint_timeout = 30s", "shared_buffers = 1MB",
        "bgwriter_delay = 10ms"};

    private static final List<String> ACTIVITY_COLUMNS = List.of("datid:oid", "datname:name", "pid:int4",
            "leader_pid:int4", "usesysid:oid", "usename:name", "application_name:text", "client_addr:inet",
            "client_hostname:text", "client_port:int4", "backend_start:timestamptz", "xact_start:timestamptz",
            "query_start:timestamptz", "state_change:timestamptz", "wait_event_type:text", "wait_event:text",
            "state:text", "backend_xid:xid", "backend_xmin:xid", "query_id:int8", "query:text", "backend_type:text");
    private static final List<String> TABLE_COLUMNS = List.of("relid:oid", "schemaname:name", "relname:name",
            "seq_scan:int8", "seq_tup_read:int8", "idx_scan:int8", "idx_tup_fetch:int8", "n_tup_ins:int8",
            "n_tup_upd:int8", "n_tup_del:int8", "n_tup_hot_upd:int8", "n_live_tup:int8", "n_dead_tup:int8",
            "n_mod_since_analyze:int8", "n_ins_since_vacuum:int8", "last_vacuum:timestamptz",
            "last_autovacuum:timestamptz", "last_analyze:timestamptz", "last_autoanalyze:timestamptz",
            "vacuum_count:int8", "autovacuum_count:int8", "analyze_count:int8", "autoanalyze_count:int8");
    private static final List<String> BGWRITER_COLUMNS = List.of("checkpoints_timed:int8", "checkpoints_req:int8",
            "checkpoint_write_time:float8", "checkpoint_sync_time:float8", "buffers_checkpoint:int8",
            "buffers_clean:int8", "maxwritten_clean:int8", "buffers_backend:int8", "buffers_backend_fsync:int8",
            "buffers_alloc:int8", "stats_reset:timestamptz");

    private SqlTarget target;
    private long timedAtStart;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws SQLException {
        target = SqlTarget.start(SETTINGS);
        try (Connection c = target.connect()) {
            timedAtStart = Jdbc.selectLong(c, "select checkpoints_timed from pg_stat_bgwriter");
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
    @Order(1)
    void viewsHavePostgresColumnsAndTypes() throws SQLException {
        try (Connection c = target.connect()) {
            assertThat(columns(c, "select * from pg_stat_activity")).isEqualTo(ACTIVITY_COLUMNS);
            assertThat(columns(c, "select * from pg_stat_user_tables")).isEqualTo(TABLE_COLUMNS);
            assertThat(columns(c, "select * from pg_catalog.pg_stat_all_tables")).isEqualTo(TABLE_COLUMNS);
            assertThat(columns(c, "select * from pg_stat_bgwriter")).isEqualTo(BGWRITER_COLUMNS);
            List<String> database = columns(c, "select * from pg_stat_database");
            assertThat(database).hasSize(28).startsWith("datid:oid", "datname:name", "numbackends:int4",
                    "xact_commit:int8", "xact_rollback:int8").contains("deadlocks:int8")
                    .endsWith("stats_reset:timestamptz");
        }
    }

    @Test
    @Order(2)
    void pgStatActivityListsAuxiliaryProcessesAndClientBackends() throws SQLException {
        try (Connection self = target.connect(); Connection other = target.connect()) {
            int otherPid = Jdbc.selectInt(other, "select pg_backend_pid()");
            String sql = "select pid, backend_type, state, query, wait_event_type, backend_start is not null, "
                    + "query_start is not null, xact_start is not null, pid = pg_backend_pid() "
                    + "from pg_stat_activity order by pid";
            List<Map<String, String>> rows = rows(self, sql);
            List<String> types = rows.stream().map(r -> r.get("backend_type")).toList();
            assertThat(types).contains("checkpointer", "background writer", "walwriter", "autovacuum launcher");
            assertThat(types.stream().filter("client backend"::equals).count()).isGreaterThanOrEqualTo(2);

            Map<String, String> me = rows.stream().filter(r -> "t".equals(r.get("?column?#9"))).findFirst()
                    .orElseThrow();
            assertThat(me.get("backend_type")).isEqualTo("client backend");
            assertThat(me.get("state")).isEqualTo("active");
            assertThat(me.get("query")).isEqualTo(sql);
            assertThat(me.get("?column?#6")).isEqualTo("t");
            assertThat(me.get("?column?#7")).isEqualTo("t");
            assertThat(me.get("?column?#8")).as("xact_start of a running query").isEqualTo("t");

            Map<String, String> idle = rows.stream().filter(r -> r.get("pid").equals(Integer.toString(otherPid)))
                    .findFirst().orElseThrow();
            assertThat(idle.get("state")).isEqualTo("idle");
            assertThat(idle.get("query")).isEqualTo("select pg_backend_pid()");
            assertThat(idle.get("?column?#8")).as("xact_start of an idle session").isEqualTo("f");

            Map<String, String> checkpointer = rows.stream()
                    .filter(r -> r.get("backend_type").equals("checkpointer")).findFirst().orElseThrow();
            assertThat(checkpointer.get("state")).isNull();
            assertThat(checkpointer.get("query")).isEmpty();

            // a WHERE and a column list over the view, as over a table
            assertThat(Jdbc.selectLong(self, "select count(*) from pg_stat_activity where backend_type = "
                    + "'walwriter'")).isEqualTo(1);
        }
    }

    @Test
    @Order(3)
    void tableCountersFollowInsertsUpdatesDeletesAbortsAndVacuum() throws SQLException {
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "stats_counts", "id integer primary key, v integer not null");
            Jdbc.execute(c, "insert into stats_counts select g, g from generate_series(1, 100) g");
            Jdbc.execute(c, "update stats_counts set v = v + 1 where id <= 10");
            Jdbc.execute(c, "delete from stats_counts where id > 95");
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into stats_counts values (1001, 0), (1002, 0), (1003, 0)");
            c.rollback();
            c.setAutoCommit(true);

            String counts = "select n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup, n_mod_since_analyze, "
                    + "n_ins_since_vacuum from pg_stat_user_tables where relname = 'stats_counts'";
            // ins counts the aborted 3; live = 100 - 5; dead = 10 updated + 5 deleted + 3 aborted inserts
            awaitRow(c, counts, "103|10|5|95|18|115|103");

            Jdbc.execute(c, "vacuum stats_counts");
            awaitRow(c, "select n_live_tup, n_dead_tup, n_ins_since_vacuum, vacuum_count, last_vacuum is not null, "
                    + "autovacuum_count from pg_stat_user_tables where relname = 'stats_counts'", "95|0|0|1|t|0");
            Jdbc.execute(c, "analyze stats_counts");
            awaitRow(c, "select n_mod_since_analyze, analyze_count, last_analyze is not null "
                    + "from pg_stat_all_tables where relname = 'stats_counts'", "0|1|t");
            awaitRow(c, "select count(*) from pg_stat_user_tables where relname = 'stats_counts' "
                    + "and schemaname = 'public' order by 1", "1");
        }
    }

    @Test
    @Order(4)
    void pgStatDatabaseCountsCommitsRollbacksDeadlocksAndBlocks() throws Exception {
        String db = "select xact_commit, xact_rollback, deadlocks, blks_hit + blks_read from pg_stat_database "
                + "where datname = current_database()";
        try (Connection setup = target.connect(); Connection first = target.connect();
             Connection second = target.connect()) {
            JdbcCrudIT.createTable(setup, "stats_deadlock", "id integer primary key, v integer not null");
            Jdbc.execute(setup, "insert into stats_deadlock values (1, 0), (2, 0)");
            long[] before = longs(setup, db);
            Jdbc.execute(first, "set deadlock_timeout = '30s'");
            Jdbc.execute(second, "set deadlock_timeout = '100ms'");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            Jdbc.execute(first, "update stats_deadlock set v = 1 where id = 1");
            Jdbc.execute(second, "update stats_deadlock set v = 2 where id = 2");
            Future<?> firstWaits = threads.submit(Waits.call(() -> Jdbc.execute(first,
                    "update stats_deadlock set v = 1 where id = 2")));
            Waits.assertStillWaiting(firstWaits);
            Throwable failure = Waits.failureOf(threads.submit(Waits.call(() -> Jdbc.execute(second,
                    "update stats_deadlock set v = 2 where id = 1"))));
            assertThat(failure).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) failure).getSQLState()).isEqualTo("40P01");
            second.rollback();
            firstWaits.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            first.commit();

            TestServer.await("pg_stat_database to count the commit, the rollback and the deadlock", DEADLINE, () -> {
                long[] now = longs(setup, db);
                return now[0] > before[0] && now[1] > before[1] && now[2] == before[2] + 1 && now[3] > before[3];
            });
        }
    }

    @Test
    @Order(5)
    void buffersCleanGrowsUnderAWriteLoad() throws SQLException {
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "stats_load", "id integer, pad text");
            long before = Jdbc.selectLong(c, "select buffers_clean from pg_stat_bgwriter");
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int batch = 0;
            long clean = before;
            while (clean == before && System.nanoTime() < deadline) {
                writeLoad(c, batch++);
                clean = Jdbc.selectLong(c, "select buffers_clean from pg_stat_bgwriter");
            }
            assertThat(clean).as("buffers_clean after %d batches of writes", batch).isGreaterThan(before);
        }
    }

    @Test
    @Order(6)
    void buffersCleanStaysZeroWithoutLruPages() throws SQLException {
        assumeFalse(target.isReference(), "needs a server of its own with bgwriter_lru_maxpages = 0");
        TestServer quiet = TestServer.create("shared_buffers = 1MB", "bgwriter_delay = 10ms",
                "bgwriter_lru_maxpages = 0").start();
        try (Connection c = Jdbc.connect(quiet.port)) {
            JdbcCrudIT.createTable(c, "stats_load", "id integer, pad text");
            for (int batch = 0; batch < 5; batch++) {
                writeLoad(c, batch);
            }
            assertThat(Jdbc.selectLong(c, "select buffers_backend from pg_stat_bgwriter"))
                    .as("backends wrote dirty victims themselves").isPositive();
            assertThat(Jdbc.selectLong(c, "select buffers_clean from pg_stat_bgwriter")).isZero();
            assertThat(Jdbc.selectLong(c, "select maxwritten_clean from pg_stat_bgwriter")).isZero();
        } finally {
            quiet.close();
        }
    }

    @Test
    @Order(7)
    void checkpointsTimedGrowsWithAThirtySecondTimeout() throws SQLException {
        try (Connection c = target.connect()) {
            TestServer.await("checkpoints_timed to grow past " + timedAtStart, TIMED_CHECKPOINT_DEADLINE,
                    () -> selectLongUnchecked(c, "select checkpoints_timed from pg_stat_bgwriter") > timedAtStart);
        }
    }

    @Test
    @Order(8)
    void pgStatResetZeroesTheDatabasesCounters() throws SQLException {
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "stats_reset", "id integer");
            Jdbc.execute(c, "insert into stats_reset values (1), (2)");
            awaitRow(c, "select n_tup_ins from pg_stat_user_tables where relname = 'stats_reset'", "2");
            Jdbc.execute(c, "select pg_stat_reset()");
            awaitRow(c, "select n_tup_ins, n_live_tup from pg_stat_user_tables where relname = 'stats_reset'", "0|0");
            awaitRow(c, "select stats_reset is not null from pg_stat_database where datname = current_database()",
                    "t");
        }
    }

    @Test
    @Order(9)
    void tableCountersSurviveACleanRestartAndAreResetAfterACrash() throws SQLException {
        String counts = "select n_tup_ins, n_tup_del, n_live_tup from pg_stat_user_tables "
                + "where relname = 'stats_restart'";
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "stats_restart", "id integer");
            Jdbc.execute(c, "insert into stats_restart select g from generate_series(1, 50) g");
            Jdbc.execute(c, "delete from stats_restart where id <= 20");
            awaitRow(c, counts, "50|20|30");
        }
        target.stopFast();
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(JdbcCrudIT.rows(c, counts)).as("after a clean restart").containsExactly("50|20|30");
        }
        target.crash();
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(JdbcCrudIT.rows(c, counts)).as("after kill -9").containsExactly("0|0|0");
            assertThat(Jdbc.selectLong(c, "select count(*) from stats_restart")).isEqualTo(30);
        }
    }

    // ---- helpers ----

    /** About 1.3 MB of new rows and an update of all of them: more than shared_buffers, so buffers are evicted. */
    private static void writeLoad(Connection c, int batch) throws SQLException {
        int from = batch * 5000 + 1;
        Jdbc.execute(c, "insert into stats_load select g, '" + "x".repeat(200) + "' from generate_series(" + from
                + ", " + (from + 4999) + ") g");
        Jdbc.execute(c, "update stats_load set pad = '" + "y".repeat(200) + "' where id >= " + from);
    }

    /** The only row's columns as longs. */
    private static long[] longs(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long selectLongUnchecked(Connection c, String sql) {
        try {
            return Jdbc.selectLong(c, sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls until the query's only row reads {@code expected} ('|'-joined), failing with the last one seen. */
    private static void awaitRow(Connection c, String sql, String expected) throws SQLException {
        List<List<String>> last = new ArrayList<>(List.of(List.of()));
        try {
            TestServer.await(sql + " to read " + expected, DEADLINE, () -> {
                try {
                    last.set(0, JdbcCrudIT.rows(c, sql));
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
                return last.getFirst().equals(List.of(expected));
            });
        } catch (AssertionError timedOut) {
            assertThat(last.getFirst()).as(sql).containsExactly(expected);
        }
    }

    /**
     * Each result column as {@code name:typname}. pgJDBC knows the names of the common built-in types itself; for
     * inet and xid it would read pg_type, which osgres does not have yet, so those two are taken as given.
     */
    private static List<String> columns(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i);
                String type = switch (name) {
                    case "client_addr" -> "inet";
                    case "backend_xid", "backend_xmin" -> "xid";
                    default -> md.getColumnTypeName(i);
                };
                out.add(name + ":" + type);
            }
        }
        return out;
    }

    /** Rows as column label to text; unnamed columns as {@code ?column?#position}. */
    private static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String label = md.getColumnLabel(i);
                    row.put(label.equals("?column?") ? label + "#" + i : label, rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
