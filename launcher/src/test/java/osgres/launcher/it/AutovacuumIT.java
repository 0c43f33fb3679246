package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Issue 8, acceptance 1 and item 1 (autovacuum), against the real distribution with pgJDBC: with
 * {@code autovacuum_naptime = 1s}, repeated full-table updates of a 100k-row table are vacuumed by the autovacuum
 * workers (n_dead_tup back near 0, last_autovacuum and autovacuum_count advancing, PostgreSQL's
 * {@code automatic vacuum of table} line with {@code log_autovacuum_min_duration = 0}) and the table stops growing;
 * a worker shows in pg_stat_activity with its query and in pg_stat_progress_vacuum; a session that needs the table cancels a slow worker
 * ({@code canceling autovacuum task}) instead of waiting for it; turning autovacuum off stops the launcher and on
 * starts it; a table's own {@code autovacuum_enabled = off} keeps workers away until {@code ALTER TABLE ... SET}
 * enables it, with PostgreSQL's errors for bad storage parameters; a fast shutdown ends a worker in its cost-delay sleep; the counts survive a clean restart and are
 * forgotten after kill -9, as PostgreSQL's cumulative statistics are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutovacuumIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int ROWS = 100_000;
    /** "near 0": what is left once a vacuum has run (updates are over, nothing holds an old snapshot). */
    private static final long NEAR_ZERO = ROWS / 100;
    /** Slow enough that vacuuming the table would take minutes: only a cancel lets a waiter in within the deadline. */
    private static final String[] SLOW_WORKERS = {"autovacuum_vacuum_cost_delay = 100ms",
        "autovacuum_vacuum_cost_limit = 1", "deadlock_timeout = 100ms"};

    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.create("autovacuum_naptime = 1s", "log_autovacuum_min_duration = 0").start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void repeatedFullTableUpdatesAreVacuumedAndTheTableStopsGrowing() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table av_t (id int primary key, v int)");
            Jdbc.execute(c, "insert into av_t select g, 0 from generate_series(1, " + ROWS + ") g");
            List<Long> sizes = new ArrayList<>();
            List<String> lastAutovacuum = new ArrayList<>();
            for (int round = 1; round <= 6; round++) {
                long countBefore = autovacuumCount(c);
                Jdbc.execute(c, "update av_t set v = v + 1");
                TestServer.await("round " + round + ": n_dead_tup near 0 after an autovacuum", DEADLINE, () ->
                        query(c, "select n_dead_tup <= " + NEAR_ZERO + " and autovacuum_count > " + countBefore
                                + " from pg_stat_user_tables where relname = 'av_t'").equals("t"));
                lastAutovacuum.add(query(c, "select last_autovacuum from pg_stat_user_tables where relname = 'av_t'"));
                sizes.add(Jdbc.selectLong(c, "select pg_relation_size('av_t')"));
            }
            assertThat(lastAutovacuum).as("last_autovacuum advances").doesNotHaveDuplicates().doesNotContainNull();
            // the first update doubles the table; from then on each update fills the space the last vacuum freed
            assertThat(sizes.getLast()).as("table size after each round %s", sizes)
                    .isLessThanOrEqualTo(sizes.get(1) + sizes.get(1) / 20);
            assertThat(Jdbc.selectLong(c, "select count(*) from av_t where v = 6")).isEqualTo(ROWS);
        }
        String log = server.log();
        assertThat(log).contains("LOG:  automatic vacuum of table \"postgres.public.av_t\": index scans: ",
                "\ntuples: ", "\nbuffer usage: ", "\nsystem usage: CPU: user: ");
        assertThat(log).contains("LOG:  automatic analyze of table \"postgres.public.av_t\"");
    }

    @Test
    @Order(2)
    void aTableWithAutovacuumDisabledIsLeftAloneUntilAlterTableEnablesIt() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table av_off (id int, v int) with (autovacuum_enabled = off, "
                    + "autovacuum_vacuum_threshold = 10)");
            Jdbc.execute(c, "create table av_on (id int, v int) with (fillfactor = 90)");
            for (String table : List.of("av_off", "av_on")) {
                Jdbc.execute(c, "insert into " + table + " select g, 0 from generate_series(1, 5000) g");
                Jdbc.execute(c, "update " + table + " set v = 1");
            }
            // av_on vacuumed twice, the second time after av_off had its dead tuples: a worker has passed av_off by
            for (int times = 1; times <= 2; times++) {
                int expected = times;
                TestServer.await("av_on vacuumed " + times + " time(s)", DEADLINE, () ->
                        Long.parseLong(query(c, "select autovacuum_count from pg_stat_user_tables "
                                + "where relname = 'av_on'")) >= expected);
                Jdbc.execute(c, "update av_on set v = v + 1");
            }
            assertThat(query(c, "select autovacuum_count || ' ' || n_dead_tup from pg_stat_user_tables "
                    + "where relname = 'av_off'")).isEqualTo("0 5000");

            Jdbc.execute(c, "alter table av_off set (autovacuum_enabled = on)");
            TestServer.await("av_off vacuumed once enabled", DEADLINE, () -> query(c,
                    "select autovacuum_count > 0 and n_dead_tup = 0 from pg_stat_user_tables "
                            + "where relname = 'av_off'").equals("t"));
            Jdbc.execute(c, "alter table av_off reset (autovacuum_enabled, autovacuum_vacuum_threshold)");

            assertThat(error(c, "create table av_bad (a int) with (autovacuum_enabled = maybe)"))
                    .isEqualTo("22023 invalid value for boolean option \"autovacuum_enabled\": maybe");
            assertThat(error(c, "create table av_bad (a int) with (nonsense = 1)"))
                    .isEqualTo("22023 unrecognized parameter \"nonsense\"");
            assertThat(error(c, "alter table av_off set (autovacuum_vacuum_scale_factor = 101)"))
                    .isEqualTo("22023 value 101 out of bounds for option \"autovacuum_vacuum_scale_factor\"");
            assertThat(error(c, "alter table av_off set (autovacuum_enabled, autovacuum_enabled = off)"))
                    .isEqualTo("22023 parameter \"autovacuum_enabled\" specified more than once");
            assertThat(error(c, "alter table av_off reset (autovacuum_enabled = on)"))
                    .isEqualTo("42601 RESET must not include values for parameters");
        }
    }

    @Test
    @Order(3)
    void aSessionNeedingTheTableCancelsASlowWorkerShownInPgStatActivity() throws Exception {
        server.appendConfig(SLOW_WORKERS);
        try (Connection c = Jdbc.connect(server); Connection locker = Jdbc.connect(server)) {
            Jdbc.execute(c, "select pg_reload_conf()");
            server.awaitLog("parameter \"autovacuum_vacuum_cost_limit\" changed to \"1\"", DEADLINE);
            Jdbc.execute(c, "update av_t set v = v + 1");
            awaitWorkerOn(c, "av_t");
            // the slow worker's progress, joined to its pg_stat_activity row and the table
            TestServer.await("pg_stat_progress_vacuum shows the worker scanning av_t", DEADLINE, () -> query(c,
                    "select count(*) from pg_stat_progress_vacuum p join pg_stat_activity a on a.pid = p.pid "
                            + "join pg_stat_user_tables t on t.relid = p.relid where t.relname = 'av_t' "
                            + "and a.backend_type = 'autovacuum worker' and p.datname = 'postgres' "
                            + "and p.phase = 'scanning heap' and p.heap_blks_scanned > 0 "
                            + "and p.heap_blks_total >= p.heap_blks_scanned").equals("1"));

            locker.setAutoCommit(false);
            Future<?> lock = threads.submit(Waits.call(() -> Jdbc.execute(locker,
                    "lock table av_t in access exclusive mode")));
            lock.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            locker.commit();
            server.awaitLog("ERROR:  canceling autovacuum task", DEADLINE);
            assertThat(server.log()).contains("CONTEXT:  automatic vacuum of table \"postgres.public.av_t\"");
        }
    }

    @Test
    @Order(4)
    void turningAutovacuumOffStopsTheLauncherAndOnStartsItAgain() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            server.appendConfig("autovacuum = off");
            Jdbc.execute(c, "select pg_reload_conf()");
            TestServer.await("no autovacuum launcher", DEADLINE, () -> launchers(c) == 0);
            server.appendConfig("autovacuum = on");
            Jdbc.execute(c, "select pg_reload_conf()");
            TestServer.await("an autovacuum launcher again", DEADLINE, () -> launchers(c) == 1);
        }
    }

    @Test
    @Order(5)
    void fastShutdownEndsASleepingWorkerAndCountsSurviveOnlyACleanRestart() throws Exception {
        long counted;
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "update av_t set v = v + 1");
            awaitWorkerOn(c, "av_t");
            counted = autovacuumCount(c);
            assertThat(counted).isPositive();
        }
        server.signal("INT");
        assertThat(server.awaitExit(Duration.ofSeconds(60))).as("exit code of a fast shutdown").isZero();
        assertThat(server.log()).contains("FATAL:  terminating autovacuum process due to administrator command");

        server.restart();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(autovacuumCount(c)).as("autovacuum_count after a clean restart").isGreaterThanOrEqualTo(
                    counted);
        }
        server.crash();
        server.restart();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(autovacuumCount(c)).as("autovacuum_count after kill -9").isZero();
        }
    }

    private static String error(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            throw new AssertionError("expected an error from " + sql);
        } catch (SQLException e) {
            return e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("").replace("ERROR: ", "");
        }
    }

    private void awaitWorkerOn(Connection c, String table) {
        TestServer.await("an autovacuum worker on " + table + " in pg_stat_activity", DEADLINE, () -> query(c,
                "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' "
                        + "and datname = 'postgres' and state = 'active' "
                        + "and query in ('autovacuum: VACUUM public." + table + "', "
                        + "'autovacuum: VACUUM ANALYZE public." + table + "')").equals("1"));
    }

    private static long launchers(Connection c) {
        return Long.parseLong(query(c,
                "select count(*) from pg_stat_activity where backend_type = 'autovacuum launcher'"));
    }

    private static long autovacuumCount(Connection c) throws SQLException {
        return Jdbc.selectLong(c, "select autovacuum_count from pg_stat_user_tables where relname = 'av_t'");
    }

    private static String query(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(1)) : "";
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
