package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9: savepoints as real subtransactions, seen from two sessions over pgJDBC. Rows written under a released
 * savepoint are invisible to another session until the top-level transaction commits, rows of a rolled-back one
 * never appear; a ROLLBACK TO releases the row locks taken after the savepoint, so a session waiting for one goes
 * on while the holder's transaction still runs; pgJDBC's setSavepoint / rollback(sp) / releaseSavepoint work after
 * writes and after an error; and after kill -9 the committed transaction keeps its released savepoints' work and
 * loses its rolled-back ones', and so after a crash reset (a backend killed). Waits are seen in the server log
 * (log_lock_waits after a short deadlock_timeout).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SavepointIT {
    private static final long DEADLINE_S = 60;

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start("deadlock_timeout = 100ms", "log_lock_waits = on");
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    private static String ids(Connection c, String table) throws SQLException {
        return String.join(",", JdbcCrudIT.rows(c, "select id from " + table + " order by id"));
    }

    @Test
    void anotherSessionSeesReleasedSavepointRowsOnlyAfterCommitAndRolledBackOnesNever() throws Exception {
        try (Connection writer = target.connect(); Connection reader = target.connect()) {
            JdbcCrudIT.createTable(writer, "sp_visibility", "id integer primary key, val text");
            Jdbc.execute(writer, "insert into sp_visibility values (1, 'committed before')");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into sp_visibility values (2, 'top level')");
            Savepoint released = writer.setSavepoint("released");
            Jdbc.execute(writer, "insert into sp_visibility values (3, 'released')");
            Jdbc.execute(writer, "update sp_visibility set val = 'changed in a savepoint' where id = 1");
            writer.releaseSavepoint(released);
            Savepoint rolledBack = writer.setSavepoint("rolled_back");
            Jdbc.execute(writer, "insert into sp_visibility values (4, 'rolled back')");
            Jdbc.execute(writer, "delete from sp_visibility where id = 2");
            writer.rollback(rolledBack);
            assertThat(ids(writer, "sp_visibility")).as("the writer's own view").isEqualTo("1,2,3");

            assertThat(ids(reader, "sp_visibility")).as("before the commit").isEqualTo("1");
            assertThat(Jdbc.selectString(reader, "select val from sp_visibility where id = 1"))
                    .isEqualTo("committed before");
            writer.commit();
            assertThat(ids(reader, "sp_visibility")).as("after the commit").isEqualTo("1,2,3");
            assertThat(Jdbc.selectString(reader, "select val from sp_visibility where id = 1"))
                    .isEqualTo("changed in a savepoint");
            assertThat(Jdbc.selectLong(reader, "select count(*) from sp_visibility where id = 4")).isZero();
        }
    }

    @Test
    void rollbackToSavepointWakesASessionWaitingForTheRowLock() throws Exception {
        try (Connection holder = target.connect(); Connection waiter = target.connect()) {
            JdbcCrudIT.createTable(holder, "sp_locks", "id integer primary key, val integer not null");
            Jdbc.execute(holder, "insert into sp_locks values (1, 0), (2, 0)");
            int waiterPid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "update sp_locks set val = 10 where id = 2"); // the top level keeps this one
            Savepoint sp = holder.setSavepoint();
            Jdbc.execute(holder, "update sp_locks set val = 1 where id = 1");

            Future<?> update = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                    "update sp_locks set val = val + 100 where id = 1")));
            awaitWaiting(waiterPid, 1);
            assertThat(update).isNotDone();
            holder.rollback(sp);
            update.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(waiter, "select val from sp_locks where id = 1"))
                    .as("the waiter updated the version from before the savepoint").isEqualTo(100);

            // a row lock (SELECT FOR UPDATE) taken in a savepoint is released by ROLLBACK TO too
            Savepoint again = holder.setSavepoint();
            assertThat(JdbcCrudIT.rows(holder, "select id from sp_locks where id = 1 for update"))
                    .containsExactly("1");
            Future<?> second = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                    "update sp_locks set val = val + 1000 where id = 1")));
            awaitWaiting(waiterPid, 2);
            holder.rollback(again);
            second.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(waiter, "select val from sp_locks where id = 1")).isEqualTo(1100);

            // the lock the top level took before the savepoints is still held
            Future<?> third = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                    "update sp_locks set val = val + 1 where id = 2")));
            awaitWaiting(waiterPid, 3);
            holder.commit();
            third.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(JdbcCrudIT.rows(waiter, "select id, val from sp_locks order by id"))
                    .containsExactly("1|1100", "2|11");
        }
    }

    /** Waits until the server log shows the {@code n}-th "still waiting" line of backend {@code pid}. */
    private void awaitWaiting(int pid, int n) {
        Pattern still = Pattern.compile("process " + pid + " still waiting for ");
        TestServer.await("lock wait " + n + " of process " + pid + " in the log", Duration.ofSeconds(DEADLINE_S),
                () -> still.matcher(target.log()).results().count() >= n);
    }

    @Test
    void pgJdbcSavepointsWorkAfterWritesAndAfterAnError() throws Exception {
        try (Connection c = target.connect(); Connection other = target.connect()) {
            JdbcCrudIT.createTable(c, "sp_jdbc", "id integer primary key, val text");
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into sp_jdbc values (1, 'one')");
            Savepoint outer = c.setSavepoint();
            Jdbc.execute(c, "insert into sp_jdbc values (2, 'two')");
            Savepoint inner = c.setSavepoint("inner");
            Jdbc.execute(c, "insert into sp_jdbc values (3, 'three')");
            c.rollback(outer);
            assertThat(ids(c, "sp_jdbc")).isEqualTo("1");

            Savepoint beforeError = c.setSavepoint();
            Jdbc.execute(c, "insert into sp_jdbc values (4, 'four')");
            JdbcCrudIT.serverError("23505", () -> Jdbc.execute(c, "insert into sp_jdbc values (1, 'again')"));
            JdbcCrudIT.serverError("25P02", () -> Jdbc.execute(c, "select 1"));
            c.rollback(beforeError);
            assertThat(ids(c, "sp_jdbc")).as("usable again, the failed savepoint's work gone").isEqualTo("1");
            Jdbc.execute(c, "insert into sp_jdbc values (5, 'five')");
            c.releaseSavepoint(beforeError);
            JdbcCrudIT.serverError("3B001", () -> c.rollback(inner));
            c.rollback();

            Jdbc.execute(c, "insert into sp_jdbc values (6, 'six')");
            Savepoint kept = c.setSavepoint();
            Jdbc.execute(c, "update sp_jdbc set val = 'SIX' where id = 6");
            c.releaseSavepoint(kept);
            c.commit();
            c.setAutoCommit(true);
            assertThat(JdbcCrudIT.rows(other, "select id, val from sp_jdbc order by id")).containsExactly("6|SIX");
        }
    }

    @Test
    void crashResetReplaysSubtransactionsAsKillDashNineDoes() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(server); Connection victim = Jdbc.connect(server)) {
                JdbcCrudIT.createTable(c, "sp_reset", "id integer primary key");
                c.setAutoCommit(false);
                Jdbc.execute(c, "insert into sp_reset values (1)");
                Savepoint a = c.setSavepoint();
                Jdbc.execute(c, "insert into sp_reset values (2)");
                c.releaseSavepoint(a);
                Savepoint b = c.setSavepoint();
                Jdbc.execute(c, "insert into sp_reset values (3)");
                c.rollback(b);
                c.commit();

                int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
                victim.setAutoCommit(false);
                Savepoint v = victim.setSavepoint();
                Jdbc.execute(victim, "insert into sp_reset values (4)");
                victim.releaseSavepoint(v);
                Cli.Result kill = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D",
                        server.dataDir.toString(), "-c", "osgres:kill KILL " + victimPid);
                assertThat(kill.exitCode()).as(kill.all()).isZero();
                server.awaitLog("LOG:  all server processes terminated; reinitializing", Duration.ofSeconds(30));
            }
            TestServer.await("ready again after the crash reset", Duration.ofSeconds(DEADLINE_S), () -> Cli.psql(
                    Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1").stdout().trim().equals("1"));
            try (Connection c = Jdbc.connect(server)) {
                assertThat(ids(c, "sp_reset")).isEqualTo("1,2");
            }
        }
    }

    @Test
    void killDashNineKeepsReleasedSavepointWorkAndLosesRolledBackWork() throws Exception {
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "sp_crash", "id integer primary key, val integer not null");
            Jdbc.execute(c, "insert into sp_crash select g, 0 from generate_series(1, 20) as g");
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into sp_crash values (100, 1)");
            Savepoint a = c.setSavepoint();
            Jdbc.execute(c, "insert into sp_crash values (101, 1)");
            Jdbc.execute(c, "update sp_crash set val = 1 where id <= 5");
            c.releaseSavepoint(a);
            Savepoint b = c.setSavepoint();
            Jdbc.execute(c, "insert into sp_crash values (102, 1)");
            Jdbc.execute(c, "delete from sp_crash where id > 10 and id <= 20");
            c.rollback(b);
            c.setSavepoint();
            Jdbc.execute(c, "insert into sp_crash values (103, 1)"); // open at COMMIT: commits with the top
            c.commit();
            c.setAutoCommit(true);
            Jdbc.execute(c, "checkpoint");

            // after the checkpoint, one more committed transaction with savepoints, then one left running
            c.setAutoCommit(false);
            Savepoint d = c.setSavepoint();
            Jdbc.execute(c, "insert into sp_crash values (104, 1)");
            c.rollback(d);
            Jdbc.execute(c, "insert into sp_crash values (105, 1)");
            c.commit();
            try (Connection running = target.connect()) {
                running.setAutoCommit(false);
                Savepoint r = running.setSavepoint();
                Jdbc.execute(running, "insert into sp_crash values (106, 1)");
                running.releaseSavepoint(r);
                target.crash();
            }
        }
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(JdbcCrudIT.rows(c, "select id from sp_crash where id >= 100 order by id"))
                    .containsExactly("100", "101", "103", "105");
            assertThat(Jdbc.selectLong(c, "select count(*) from sp_crash where id <= 20")).isEqualTo(20);
            assertThat(Jdbc.selectLong(c, "select count(*) from sp_crash where val = 1 and id <= 20")).isEqualTo(5);
            // the rolled-back subtransactions' xids read as aborted: their keys are free, VACUUM removes them
            Jdbc.execute(c, "insert into sp_crash values (102, 2), (104, 2), (106, 2)");
            Jdbc.execute(c, "vacuum sp_crash");
            assertThat(Jdbc.selectLong(c, "select count(*) from sp_crash")).isEqualTo(27);
        }
    }
}
