package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 7, acceptance 1, 2 and 4: the heavyweight lock manager as PostgreSQL users meet it. Two transactions
 * updating two rows in opposite order: one gets 40P01 with PostgreSQL's DETAIL after deadlock_timeout, the other
 * commits, and the server log has the report with each process's query. DDL (DROP, TRUNCATE, ALTER TABLE ADD
 * COLUMN, CREATE INDEX) waits for a reader's and a writer's open transaction; LOCK TABLE ... NOWAIT gives 55P03.
 * SELECT FOR UPDATE blocks an UPDATE until commit; NOWAIT gives 55P03, SKIP LOCKED skips, lock_timeout gives
 * 55P03 after about its value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocksIT {
    private static final long DEADLINE_S = 60;
    private static final Pattern WAIT_LINE = Pattern.compile(
            "Process (\\d+) waits for ShareLock on transaction (\\d+); blocked by process (\\d+)\\.");

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start("deadlock_timeout = 1s", "log_lock_waits = on");
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void twoSessionsUpdatingInOppositeOrderGetOneDeadlockError() throws Exception {
        try (Connection setup = target.connect(); Connection first = target.connect();
             Connection second = target.connect()) {
            JdbcCrudIT.createTable(setup, "lock_deadlock", "id integer primary key, val integer not null");
            Jdbc.execute(setup, "insert into lock_deadlock values (1, 0), (2, 0)");
            int firstPid = Jdbc.selectInt(first, "select pg_backend_pid()");
            int secondPid = Jdbc.selectInt(second, "select pg_backend_pid()");
            // the first to wait checks late, so the second, which closes the cycle, is the one that detects it
            Jdbc.execute(first, "set deadlock_timeout = '30s'");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            Jdbc.execute(first, "update lock_deadlock set val = 1 where id = 1");
            Jdbc.execute(second, "update lock_deadlock set val = 2 where id = 2");
            Future<?> firstWaits = threads.submit(Waits.call(() -> Jdbc.execute(first,
                    "update lock_deadlock set val = 1 where id = 2")));
            Waits.assertStillWaiting(firstWaits);
            long closed = System.nanoTime();
            Throwable failure = Waits.failureOf(threads.submit(Waits.call(() -> Jdbc.execute(second,
                    "update lock_deadlock set val = 2 where id = 1"))));
            long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);

            assertThat(failure).isInstanceOf(PSQLException.class);
            ServerErrorMessage error = ((PSQLException) failure).getServerErrorMessage();
            assertThat(error.getSQLState()).isEqualTo("40P01");
            assertThat(error.getMessage()).isEqualTo("deadlock detected");
            assertThat(error.getHint()).isEqualTo("See server log for query details.");
            String[] lines = error.getDetail().split("\n");
            assertThat(lines).hasSize(2);
            Matcher own = WAIT_LINE.matcher(lines[0]);
            Matcher other = WAIT_LINE.matcher(lines[1]);
            assertThat(own.matches()).as("DETAIL line: %s", lines[0]).isTrue();
            assertThat(other.matches()).as("DETAIL line: %s", lines[1]).isTrue();
            assertThat(Integer.parseInt(own.group(1))).isEqualTo(secondPid);
            assertThat(Integer.parseInt(own.group(3))).isEqualTo(firstPid);
            assertThat(Integer.parseInt(other.group(1))).isEqualTo(firstPid);
            assertThat(Integer.parseInt(other.group(3))).isEqualTo(secondPid);
            assertThat(detectedMs).as("detected within deadlock_timeout + 2 s").isLessThan(3000);

            second.rollback();
            firstWaits.get(DEADLINE_S, TimeUnit.SECONDS);
            first.commit();
            assertThat(JdbcCrudIT.rows(setup, "select id, val from lock_deadlock order by id"))
                    .containsExactly("1|1", "2|1");
            TestServer.await("the deadlock report in the server log", java.time.Duration.ofSeconds(DEADLINE_S),
                    () -> target.log().contains("ERROR:  deadlock detected")
                            && target.log().contains("Process " + secondPid + ": update lock_deadlock set val = 2")
                            && target.log().contains("Process " + firstPid + ": update lock_deadlock set val = 1"));
        }
    }

    @Test
    void ddlWaitsForReadersAndWritersWithOpenTransactions() throws Exception {
        List<String> ddl = List.of("drop table lock_ddl", "truncate lock_ddl",
                "alter table lock_ddl add column extra integer", "create index lock_ddl_val on lock_ddl (val)");
        List<String> holders = List.of("select count(*) from lock_ddl", "insert into lock_ddl values (100, 100)");
        for (String command : ddl) {
            for (String hold : holders) {
                try (Connection setup = target.connect(); Connection holder = target.connect();
                     Connection other = target.connect()) {
                    JdbcCrudIT.createTable(setup, "lock_ddl", "id integer primary key, val integer");
                    Jdbc.execute(setup, "insert into lock_ddl values (1, 1)");
                    holder.setAutoCommit(false);
                    Jdbc.execute(holder, hold);
                    Future<?> waiting = threads.submit(Waits.call(() -> Jdbc.execute(other, command)));
                    if (command.startsWith("create index") && hold.startsWith("select")) {
                        // Share does not conflict with a reader's AccessShare: PostgreSQL builds the index at once
                        waiting.get(DEADLINE_S, TimeUnit.SECONDS);
                        holder.commit();
                        continue;
                    }
                    try {
                        waiting.get(Waits.BLOCKED_WINDOW_MS, TimeUnit.MILLISECONDS);
                        throw new AssertionError(command + " did not wait for an open transaction that ran: " + hold);
                    } catch (TimeoutException expected) {
                        // still waiting, as it should
                    }
                    holder.commit();
                    waiting.get(DEADLINE_S, TimeUnit.SECONDS);
                }
            }
        }
        try (Connection setup = target.connect(); Connection holder = target.connect();
             Connection other = target.connect()) {
            JdbcCrudIT.createTable(setup, "lock_ddl", "id integer primary key, val integer");
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "insert into lock_ddl values (7, 7)");
            other.setAutoCommit(false);
            ServerErrorMessage error = JdbcCrudIT.serverError("55P03",
                    () -> Jdbc.execute(other, "lock table lock_ddl in access exclusive mode nowait"));
            assertThat(error.getMessage()).isEqualTo("could not obtain lock on relation \"lock_ddl\"");
            other.rollback();
            Jdbc.execute(other, "lock table lock_ddl in access share mode nowait");
            other.rollback();
            holder.commit();
            other.setAutoCommit(true);
            ServerErrorMessage outside = JdbcCrudIT.serverError("25P01", () -> Jdbc.execute(other,
                    "lock table lock_ddl"));
            assertThat(outside.getMessage()).isEqualTo("LOCK TABLE can only be used in transaction blocks");
        }
    }

    @Test
    void ddlOnDifferentTablesRunsConcurrentlyAndASecondCreatorOfANameWaits() throws Exception {
        try (Connection setup = target.connect(); Connection a = target.connect(); Connection b = target.connect()) {
            Jdbc.execute(setup, "drop table if exists lock_new_a");
            Jdbc.execute(setup, "drop table if exists lock_new_b");
            Jdbc.execute(setup, "drop table if exists lock_new_same");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            Jdbc.execute(a, "create table lock_new_a (id integer)");
            threads.submit(Waits.call(() -> Jdbc.execute(b, "create table lock_new_b (id integer)")))
                    .get(DEADLINE_S, TimeUnit.SECONDS);
            Jdbc.execute(a, "create table lock_new_same (id integer)");
            Future<?> same = threads.submit(Waits.call(() -> Jdbc.execute(b,
                    "create table lock_new_same (id integer)")));
            Waits.assertStillWaiting(same);
            a.commit();
            Throwable failure = Waits.failureOf(same);
            assertThat(failure).isInstanceOf(PSQLException.class);
            // osgres: 42P07 relation exists; PostgreSQL reports its catalog's unique index (pg_type's) as 23505
            assertThat(((PSQLException) failure).getSQLState()).isIn("42P07", "23505");
            b.rollback();
            assertThat(JdbcCrudIT.rows(setup, "select count(*) from lock_new_a")).containsExactly("0");
        }
    }

    @Test
    void truncateFromAnotherSessionWaitsForAnUncommittedInsert() throws Exception {
        try (Connection setup = target.connect(); Connection writer = target.connect();
             Connection other = target.connect()) {
            JdbcCrudIT.createTable(setup, "lock_truncate", "id integer primary key");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into lock_truncate values (1)");
            Future<?> truncate = threads.submit(Waits.call(() -> Jdbc.execute(other,
                    "truncate lock_truncate")));
            Waits.assertStillWaiting(truncate);
            assertThat(Jdbc.selectInt(writer, "select count(*) from lock_truncate")).as("own row").isEqualTo(1);
            writer.commit();
            truncate.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(setup, "select count(*) from lock_truncate")).isZero();
        }
    }

    @Test
    void selectForUpdateBlocksWritersAndHonoursNowaitSkipLockedAndLockTimeout() throws Exception {
        try (Connection setup = target.connect(); Connection locker = target.connect();
             Connection writer = target.connect(); Connection other = target.connect()) {
            JdbcCrudIT.createTable(setup, "lock_rows", "id integer primary key, val integer not null");
            Jdbc.execute(setup, "insert into lock_rows values (1, 0), (2, 0), (3, 0)");
            locker.setAutoCommit(false);
            assertThat(JdbcCrudIT.rows(locker, "select id from lock_rows where id = 1 for update"))
                    .containsExactly("1");

            int writerPid = Jdbc.selectInt(writer, "select pg_backend_pid()");
            Future<?> update = threads.submit(Waits.call(() -> Jdbc.execute(writer,
                    "update lock_rows set val = val + 10 where id = 1")));
            Waits.assertStillWaiting(update);

            ServerErrorMessage nowait = JdbcCrudIT.serverError("55P03", () -> JdbcCrudIT.rows(other,
                    "select id from lock_rows where id = 1 for update nowait"));
            assertThat(nowait.getMessage()).isEqualTo("could not obtain lock on row in relation \"lock_rows\"");
            assertThat(JdbcCrudIT.rows(other, "select id from lock_rows order by id for update skip locked"))
                    .containsExactly("2", "3");
            assertThat(JdbcCrudIT.rows(other, "select id from lock_rows order by id for share skip locked limit 1"))
                    .containsExactly("2");

            Jdbc.execute(other, "set lock_timeout = '1s'");
            long started = System.nanoTime();
            ServerErrorMessage timeout = JdbcCrudIT.serverError("55P03", () -> Jdbc.execute(other,
                    "update lock_rows set val = 99 where id = 1"));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(timeout.getMessage()).isEqualTo("canceling statement due to lock timeout");
            assertThat(waitedMs).as("waited about lock_timeout").isGreaterThanOrEqualTo(900);
            Jdbc.execute(other, "reset lock_timeout");

            Jdbc.execute(locker, "update lock_rows set val = val + 1 where id = 1");
            Waits.assertStillWaiting(update);
            locker.commit();
            update.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(setup, "select val from lock_rows where id = 1"))
                    .as("the waiting update worked on the locker's new version").isEqualTo(11);
            // log_lock_waits: the writer waited longer than deadlock_timeout
            Pattern still = Pattern.compile("LOG:  process " + writerPid + " still waiting for \\w+ on .+ after "
                    + "\\d+\\.\\d{3} ms");
            Pattern acquired = Pattern.compile("LOG:  process " + writerPid + " acquired \\w+ on .+ after "
                    + "\\d+\\.\\d{3} ms");
            TestServer.await("log_lock_waits lines", java.time.Duration.ofSeconds(DEADLINE_S),
                    () -> still.matcher(target.log()).find() && acquired.matcher(target.log()).find());
        }
    }

    @Test
    void sharedRowLocksDoNotBlockEachOtherButBlockAnUpdate() throws Exception {
        try (Connection setup = target.connect(); Connection a = target.connect(); Connection b = target.connect();
             Connection writer = target.connect()) {
            JdbcCrudIT.createTable(setup, "lock_share", "id integer primary key, val integer not null");
            Jdbc.execute(setup, "insert into lock_share values (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertThat(JdbcCrudIT.rows(a, "select id from lock_share for share")).containsExactly("1");
            assertThat(threads.submit(() -> JdbcCrudIT.rows(b, "select id from lock_share for share"))
                    .get(DEADLINE_S, TimeUnit.SECONDS)).containsExactly("1");
            Future<?> update = threads.submit(Waits.call(() -> Jdbc.execute(writer, "delete from lock_share")));
            Waits.assertStillWaiting(update);
            a.commit();
            Waits.assertStillWaiting(update);
            b.commit();
            update.get(DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectInt(setup, "select count(*) from lock_share")).isZero();
        }
    }
}
