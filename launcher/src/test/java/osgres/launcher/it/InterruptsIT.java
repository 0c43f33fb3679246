package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 7, acceptance 5: interrupts reach a backend wherever it is. statement_timeout (also SET LOCAL) stops
 * pg_sleep and a long scan with 57014; pg_cancel_backend and pg_terminate_backend end a session stuck in a lock
 * wait, and the lock it waited for is then free for others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptsIT {
    private static final long DEADLINE_S = 60;

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void statementTimeoutStopsSleepAndLongScan() throws Exception {
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "set statement_timeout = '1s'");
            long started = System.nanoTime();
            ServerErrorMessage sleep = JdbcCrudIT.serverError("57014", () -> Jdbc.execute(c, "select pg_sleep(5)"));
            assertThat(sleep.getMessage()).isEqualTo("canceling statement due to statement timeout");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(4500);

            Jdbc.execute(c, "reset statement_timeout");
            JdbcCrudIT.createTable(c, "intr_scan", "id integer");
            Jdbc.execute(c, "insert into intr_scan select g from generate_series(1, 20000) as g");
            Jdbc.execute(c, "set statement_timeout = '1s'");
            long scanStarted = System.nanoTime();
            ServerErrorMessage scan = JdbcCrudIT.serverError("57014", () -> Jdbc.selectLong(c,
                    "select count(*) from intr_scan a, intr_scan b where a.id + b.id < 0"));
            assertThat(scan.getMessage()).isEqualTo("canceling statement due to statement timeout");
            // the whole 400-million-pair join takes half a minute: stopping well before that is the point
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - scanStarted)).isLessThan(15_000);
            Jdbc.execute(c, "reset statement_timeout");
            assertThat(Jdbc.selectInt(c, "select 1")).as("the session goes on").isEqualTo(1);

            c.setAutoCommit(false);
            Jdbc.execute(c, "set local statement_timeout = '500ms'");
            ServerErrorMessage local = JdbcCrudIT.serverError("57014", () -> Jdbc.execute(c, "select pg_sleep(3)"));
            assertThat(local.getMessage()).isEqualTo("canceling statement due to statement timeout");
            c.rollback();
            c.setAutoCommit(true);
            Jdbc.execute(c, "select pg_sleep(0.7)");
        }
    }

    @Test
    void statementTimeoutEndsALockWaitInPsqlAndJdbc() throws Exception {
        try (Connection setup = target.connect(); Connection holder = target.connect();
             Connection waiter = target.connect()) {
            JdbcCrudIT.createTable(setup, "intr_locked", "id integer");
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "lock table intr_locked");
            Cli.Result psql = Cli.psql(java.time.Duration.ofSeconds(DEADLINE_S), "127.0.0.1", target.port(),
                    "set statement_timeout = '1s'; select count(*) from intr_locked");
            assertThat(psql.stderr()).contains("ERROR:  canceling statement due to statement timeout");
            Jdbc.execute(waiter, "set statement_timeout = '1s'");
            ServerErrorMessage jdbc = JdbcCrudIT.serverError("57014", () -> Jdbc.execute(waiter,
                    "insert into intr_locked values (1)"));
            assertThat(jdbc.getMessage()).isEqualTo("canceling statement due to statement timeout");
            holder.commit();
            Jdbc.execute(waiter, "insert into intr_locked values (2)");
            assertThat(Jdbc.selectInt(setup, "select count(*) from intr_locked")).isEqualTo(1);
        }
    }

    @Test
    void cancelAndTerminateEndALockWait() throws Exception {
        try (Connection setup = target.connect(); Connection holder = target.connect();
             Connection admin = target.connect()) {
            JdbcCrudIT.createTable(setup, "intr_lock", "id integer primary key, val integer");
            Jdbc.execute(setup, "insert into intr_lock values (1, 0)");
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "update intr_lock set val = 1 where id = 1");

            try (Connection waiter = target.connect()) {
                int pid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
                Future<?> wait = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                        "update intr_lock set val = 2 where id = 1")));
                Waits.assertStillWaiting(wait);
                assertThat(JdbcCrudIT.rows(admin, "select pg_cancel_backend(" + pid + ")")).containsExactly("t");
                Throwable canceled = Waits.failureOf(wait);
                assertThat(canceled).isInstanceOf(PSQLException.class);
                assertThat(((PSQLException) canceled).getSQLState()).isEqualTo("57014");
                assertThat(Jdbc.selectInt(waiter, "select 1")).as("a cancel keeps the session").isEqualTo(1);
            }

            try (Connection waiter = target.connect()) {
                int pid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
                Future<?> wait = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                        "update intr_lock set val = 3 where id = 1")));
                Waits.assertStillWaiting(wait);
                assertThat(JdbcCrudIT.rows(admin, "select pg_terminate_backend(" + pid + ")")).containsExactly("t");
                Throwable terminated = Waits.failureOf(wait);
                assertThat(terminated).isInstanceOf(SQLException.class);
                assertThat(((SQLException) terminated).getSQLState()).isIn("57P01", "08006");
                assertThat(waiter.isValid(5)).as("the terminated session is gone").isFalse();
            }

            holder.commit();
            try (Connection after = target.connect()) {
                Jdbc.execute(after, "update intr_lock set val = 4 where id = 1");
                assertThat(Jdbc.selectInt(after, "select val from intr_lock where id = 1")).isEqualTo(4);
            }
        }
    }

    /**
     * An endless WITH RECURSIVE (no LIMIT: every row is needed) ends on pg_cancel_backend, keeping the session;
     * the cancel may arrive while the Bind is planned (pg_stat_activity already shows the query): it holds for the
     * Execute that follows in the same command cycle, as in PostgreSQL.
     */
    @Test
    void cancelEndsAnEndlessRecursiveQuery() throws Exception {
        try (Connection waiter = target.connect(); Connection admin = target.connect()) {
            int pid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
            String endless = "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r";
            Future<?> run = threads.submit(Waits.call(() -> Jdbc.execute(waiter, endless)));
            TestServer.await("the recursive query runs", Duration.ofSeconds(Waits.DEADLINE_S),
                    () -> {
                        try {
                            return Jdbc.selectLong(admin, "select count(*) from pg_stat_activity where pid = " + pid
                                    + " and state = 'active' and query like 'with recursive%'") == 1;
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertThat(JdbcCrudIT.rows(admin, "select pg_cancel_backend(" + pid + ")")).containsExactly("t");
            Throwable canceled = Waits.failureOf(run);
            assertThat(canceled).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) canceled).getSQLState()).isEqualTo("57014");
            assertThat(Jdbc.selectInt(waiter, "select 1")).as("a cancel keeps the session").isEqualTo(1);
        }
    }

    @Test
    void aTerminatedHolderReleasesItsLocks() throws Exception {
        try (Connection setup = target.connect(); Connection admin = target.connect();
             Connection waiter = target.connect()) {
            JdbcCrudIT.createTable(setup, "intr_holder", "id integer primary key, val integer");
            Jdbc.execute(setup, "insert into intr_holder values (1, 0)");
            Connection holder = target.connect();
            int pid = Jdbc.selectInt(holder, "select pg_backend_pid()");
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "update intr_holder set val = 1 where id = 1");
            Jdbc.execute(holder, "lock table intr_holder in share mode");
            Future<?> wait = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                    "update intr_holder set val = 2 where id = 1")));
            Waits.assertStillWaiting(wait);
            assertThat(JdbcCrudIT.rows(admin, "select pg_terminate_backend(" + pid + ")")).containsExactly("t");
            wait.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(setup, "select val from intr_holder where id = 1")).isEqualTo(2);
            holder.close();
        }
    }
}
