package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Temporary tables as PostgreSQL 15 keeps them, seen from several sessions of the real server: each session sees
 * only its own (two sessions may each have a temporary {@code t}, another sees neither), a temporary table shadows
 * a permanent one of the same name ({@code public.t} and {@code pg_temp.t} name one each), it neither blocks nor is
 * seen by another session's DDL, ON COMMIT DELETE ROWS and ON COMMIT DROP act at commit, and it is gone when its
 * session ends: at disconnect, when the backend is terminated, when the client vanishes, and after kill -9 of a
 * backend (crash reset) or of the whole server and a restart, with no file of it left in the data directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempTableIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** The temporary relation files of backend {@code pid} in the data directory ({@code base/<db>/t<pid>_<node>}). */
    private List<Path> temporaryFiles(int pid) throws IOException {
        try (Stream<Path> files = Files.walk(server.dataDir.resolve("base"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("t" + pid + "_")).toList();
        }
    }

    private List<Path> anyTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(server.dataDir.resolve("base"))) {
            return files.filter(f -> f.getFileName().toString().matches("t[0-9]+_[0-9]+")).toList();
        }
    }

    private void awaitNoTemporaryFiles(int pid) {
        TestServer.await("no temporary relation file of backend " + pid, DEADLINE, () -> {
            try {
                return temporaryFiles(pid).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static String missingRelation(Connection c, String sql) {
        return JdbcCrudIT.serverError("42P01", () -> JdbcCrudIT.rows(c, sql)).getMessage();
    }

    @Test
    void twoSessionsWithSameNamedTemporaryTablesSeeOnlyTheirOwn() throws SQLException {
        try (Connection first = Jdbc.connect(server); Connection second = Jdbc.connect(server);
             Connection third = Jdbc.connect(server)) {
            Jdbc.execute(first, "create temp table mine (id integer primary key, who text)");
            Jdbc.execute(second, "create temp table mine (id integer primary key, who text)");
            Jdbc.execute(first, "insert into mine values (1, 'first'), (2, 'first')");
            Jdbc.execute(second, "insert into mine values (1, 'second')");
            assertThat(JdbcCrudIT.rows(first, "select id, who from mine order by id"))
                    .containsExactly("1|first", "2|first");
            assertThat(JdbcCrudIT.rows(second, "select id, who from mine order by id")).containsExactly("1|second");
            assertThat(missingRelation(third, "select * from mine")).isEqualTo("relation \"mine\" does not exist");
            int firstPid = Jdbc.selectInt(first, "select pg_backend_pid()");
            assertThat(JdbcCrudIT.serverError("0A000", () -> JdbcCrudIT.rows(third,
                    "select * from pg_temp_" + firstPid + ".mine")).getMessage())
                    .isEqualTo("cannot access temporary tables of other sessions");
            // the third session may make a permanent table of that name: no other session's temporary table holds it
            Jdbc.execute(third, "create table mine (x integer)");
            Jdbc.execute(third, "insert into mine values (7)");
            assertThat(JdbcCrudIT.rows(first, "select count(*) from mine")).containsExactly("2");
            assertThat(JdbcCrudIT.rows(first, "select x from public.mine")).containsExactly("7");
            Jdbc.execute(third, "drop table mine");
        }
    }

    @Test
    void temporaryTableShadowsThePermanentOneAndCachedPlansFollow() throws SQLException {
        try (Connection c = Jdbc.connect(server); Connection other = Jdbc.connect(server)) {
            JdbcCrudIT.createTable(other, "shadowed", "id integer, origin text");
            Jdbc.execute(other, "insert into shadowed values (1, 'permanent')");
            try (PreparedStatement select = c.prepareStatement("select origin from shadowed")) {
                for (int i = 0; i < 6; i++) { // past pgJDBC's prepareThreshold: a server-side prepared statement
                    assertThat(single(select)).isEqualTo("permanent");
                }
                Jdbc.execute(c, "create temp table shadowed (id integer, origin text)");
                Jdbc.execute(c, "insert into shadowed values (2, 'temporary')");
                assertThat(single(select)).as("the prepared statement now reads the temporary table")
                        .isEqualTo("temporary");
                assertThat(JdbcCrudIT.rows(c, "select origin from public.shadowed")).containsExactly("permanent");
                assertThat(JdbcCrudIT.rows(c, "select origin from pg_temp.shadowed")).containsExactly("temporary");
                assertThat(JdbcCrudIT.rows(other, "select origin from shadowed")).containsExactly("permanent");
                Jdbc.execute(c, "drop table shadowed");
                assertThat(single(select)).as("dropped: the permanent table again").isEqualTo("permanent");
            }
            Jdbc.execute(other, "drop table shadowed");
        }
    }

    private static String single(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            assertThat(rs.next()).isTrue();
            String value = rs.getString(1);
            assertThat(rs.next()).isFalse();
            return value;
        }
    }

    @Test
    void anUncommittedTemporaryTableBlocksNoOtherSession() throws Exception {
        try (Connection holder = Jdbc.connect(server); Connection other = Jdbc.connect(server)) {
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "create temp table busy (id integer primary key)");
            Jdbc.execute(holder, "insert into busy values (1)");
            Jdbc.execute(holder, "lock table busy in access exclusive mode");
            Future<?> ddl = threads.submit(Waits.call(() -> {
                Jdbc.execute(other, "create temp table busy (id integer primary key)");
                Jdbc.execute(other, "create table busy (id integer)");
                Jdbc.execute(other, "create index busy_id_idx on busy (id)");
                Jdbc.execute(other, "drop table busy");
                Jdbc.execute(other, "drop table busy");
            }));
            ddl.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(JdbcCrudIT.rows(holder, "select id from busy")).containsExactly("1");
            holder.commit();
        }
    }

    @Test
    void onCommitDeleteRowsEmptiesAtEachCommitAndOnCommitDropDrops() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create temp table scratch (id integer primary key) on commit delete rows");
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into scratch values (1), (2)");
            assertThat(JdbcCrudIT.rows(c, "select count(*) from scratch")).containsExactly("2");
            c.commit();
            assertThat(JdbcCrudIT.rows(c, "select count(*) from scratch")).containsExactly("0");
            Jdbc.execute(c, "insert into scratch values (1)");
            c.commit();
            Jdbc.execute(c, "create temp table once (id integer) on commit drop");
            Jdbc.execute(c, "insert into once values (1)");
            assertThat(JdbcCrudIT.rows(c, "select count(*) from once")).containsExactly("1");
            c.commit();
            assertThat(missingRelation(c, "select * from once")).isEqualTo("relation \"once\" does not exist");
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    void temporaryTablesGoWithTheirSession() throws Exception {
        try (Connection observer = Jdbc.connect(server)) {
            // a clean disconnect
            int closedPid;
            try (Connection c = Jdbc.connect(server)) {
                closedPid = Jdbc.selectInt(c, "select pg_backend_pid()");
                Jdbc.execute(c, "create temp table gone (id integer primary key, filler text)");
                Jdbc.execute(c, "insert into gone select g, repeat('x', 100) from generate_series(1, 1000) g");
                assertThat(temporaryFiles(closedPid)).as("heap, primary key, TOAST relation and its index")
                        .hasSize(4);
            }
            awaitNoTemporaryFiles(closedPid);

            // a terminated backend
            Connection terminated = Jdbc.connect(server);
            int terminatedPid = Jdbc.selectInt(terminated, "select pg_backend_pid()");
            Jdbc.execute(terminated, "create temp table gone (id integer)");
            Jdbc.execute(terminated, "insert into gone values (1)");
            assertThat(temporaryFiles(terminatedPid)).isNotEmpty();
            assertThat(JdbcCrudIT.rows(observer, "select pg_terminate_backend(" + terminatedPid + ")"))
                    .containsExactly("t");
            awaitNoTemporaryFiles(terminatedPid);
            terminated.close();

            // a client that vanishes without a Terminate message
            ProcessBuilder builder = new ProcessBuilder(Cli.tool("psql"), "-X", "-q", "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port), "-U", "postgres").redirectErrorStream(true);
            builder.environment().put("PGAPPNAME", "temp_table_it_vanishing");
            Process psql = builder.start();
            psql.getOutputStream().write("create temp table gone (id integer); insert into gone values (1);\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            psql.getOutputStream().flush(); // psql stays connected, idle, waiting for more input
            int[] vanishedPid = {0};
            TestServer.await("psql's temporary table exists", DEADLINE, () -> {
                try {
                    List<String> pids = JdbcCrudIT.rows(observer,
                            "select pid from pg_stat_activity where application_name = 'temp_table_it_vanishing'");
                    if (pids.size() != 1) {
                        return false;
                    }
                    vanishedPid[0] = Integer.parseInt(pids.getFirst());
                    return !temporaryFiles(vanishedPid[0]).isEmpty();
                } catch (SQLException | IOException e) {
                    return false;
                }
            });
            psql.destroyForcibly(); // SIGKILL: the socket closes without a Terminate message
            assertThat(psql.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitNoTemporaryFiles(vanishedPid[0]);
        }
    }

    @Test
    void aCrashResetAndAServerRestartLeaveNoTemporaryTableBehind() throws Exception {
        Connection owner = Jdbc.connect(server);
        int ownerPid = Jdbc.selectInt(owner, "select pg_backend_pid()");
        Jdbc.execute(owner, "create temp table survivor (id integer primary key)");
        Jdbc.execute(owner, "insert into survivor select g from generate_series(1, 500) g");
        Jdbc.execute(owner, "checkpoint"); // the files now hold pages: only the startup's cleanup removes them
        assertThat(temporaryFiles(ownerPid)).hasSize(2);

        // kill -9 of the owning backend: a crash reset
        Cli.Result kill = Cli.run(DEADLINE, TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                "osgres:kill KILL " + ownerPid);
        assertThat(kill.exitCode()).as(kill.all()).isZero();
        server.awaitLog("LOG:  all server processes terminated; reinitializing", DEADLINE);
        TestServer.await("ready again", DEADLINE, () -> Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port,
                "select 1").stdout().trim().equals("1"));
        assertThat(temporaryFiles(ownerPid)).as("removed by the crash reset's startup").isEmpty();

        // kill -9 of the whole server, then a restart
        Connection second = Jdbc.connect(server);
        int secondPid = Jdbc.selectInt(second, "select pg_backend_pid()");
        Jdbc.execute(second, "create temp table survivor (id integer primary key)");
        Jdbc.execute(second, "insert into survivor select g from generate_series(1, 500) g");
        Jdbc.execute(second, "checkpoint");
        assertThat(temporaryFiles(secondPid)).hasSize(2);
        server.crash();
        assertThat(temporaryFiles(secondPid)).as("left by kill -9").isNotEmpty();
        server.restart();
        assertThat(anyTemporaryFiles()).as("removed at startup").isEmpty();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(missingRelation(c, "select * from survivor")).isEqualTo("relation \"survivor\" does not exist");
            Jdbc.execute(c, "create temp table survivor (id integer primary key)");
            assertThat(JdbcCrudIT.rows(c, "select count(*) from survivor")).containsExactly("0");
        }
    }
}
