package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * Issue 4, acceptance 6: snapshots and row locks as PostgreSQL defines them. A REPEATABLE READ transaction
 * reads one snapshot however many writers commit meanwhile; READ COMMITTED takes a new snapshot per statement
 * (and never sees uncommitted rows); a REPEATABLE READ update of a row changed by a transaction committed after
 * its snapshot fails with 40001 (whether that writer had already committed or is waited for); a READ COMMITTED
 * writer waits for the row's locker, then works on the newest version, re-checking its WHERE clause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MvccIT {
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
    void repeatableReadReaderSeesOneSnapshotWhileWritersCommit() throws Exception {
        try (Connection setup = target.connect(); Connection reader = target.connect()) {
            JdbcCrudIT.createTable(setup, "mvcc_snapshot", "id integer primary key, val integer not null");
            Jdbc.execute(setup, "insert into mvcc_snapshot (id, val) select g, 1 from generate_series(1, 100) as g");
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            reader.setAutoCommit(false);
            String view = "select count(*), sum(val), max(id) from mvcc_snapshot";
            List<String> snapshot = JdbcCrudIT.rows(reader, view);
            assertThat(snapshot).containsExactly("100|100|100");

            List<Future<Void>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(threads.submit(() -> writeAndCommit(writer, 20)));
            }
            int reads = 0;
            while (reads == 0 || writers.stream().anyMatch(f -> !f.isDone())) {
                assertThat(JdbcCrudIT.rows(reader, view)).as("read %d inside the snapshot", reads)
                        .isEqualTo(snapshot);
                assertThat(Jdbc.selectInt(reader, "select val from mvcc_snapshot where id = 1")).isEqualTo(1);
                reads++;
            }
            for (Future<Void> writer : writers) {
                writer.get(DEADLINE_S, TimeUnit.SECONDS);
            }
            assertThat(JdbcCrudIT.rows(reader, view)).as("after every writer committed").isEqualTo(snapshot);

            reader.commit();
            List<String> now = JdbcCrudIT.rows(reader, view);
            assertThat(now).as("a new transaction, a new snapshot").isNotEqualTo(snapshot)
                    .isEqualTo(JdbcCrudIT.rows(setup, view));
            reader.commit();
        }
    }

    /** Each transaction inserts a row, deletes the previous one it inserted and bumps an existing row. */
    private Void writeAndCommit(int writer, int transactions) throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < transactions; i++) {
                int id = 1000 + writer * 100 + i;
                Jdbc.execute(c, "insert into mvcc_snapshot (id, val) values (" + id + ", 5)");
                if (i > 0) {
                    Jdbc.execute(c, "delete from mvcc_snapshot where id = " + (id - 1));
                }
                Jdbc.execute(c, "update mvcc_snapshot set val = val + 1 where id = " + (writer * 30 + i + 1));
                c.commit();
            }
        }
        return null;
    }

    @Test
    void readCommittedSeesEachCommitAtItsNextStatement() throws SQLException {
        try (Connection reader = target.connect(); Connection writer = target.connect()) {
            JdbcCrudIT.createTable(writer, "mvcc_committed", "id integer primary key, val integer not null");
            reader.setAutoCommit(false);
            writer.setAutoCommit(false);
            String view = "select id, val from mvcc_committed order by id";
            assertThat(JdbcCrudIT.rows(reader, view)).isEmpty();

            Jdbc.execute(writer, "insert into mvcc_committed (id, val) values (1, 10), (2, 20)");
            assertThat(JdbcCrudIT.rows(reader, view)).as("no dirty reads").isEmpty();
            writer.commit();
            assertThat(JdbcCrudIT.rows(reader, view)).as("the insert, in the same reader transaction")
                    .containsExactly("1|10", "2|20");

            Jdbc.execute(writer, "update mvcc_committed set val = val + 1 where id = 1");
            assertThat(JdbcCrudIT.rows(reader, view)).containsExactly("1|10", "2|20");
            writer.commit();
            assertThat(JdbcCrudIT.rows(reader, view)).as("the update").containsExactly("1|11", "2|20");

            Jdbc.execute(writer, "delete from mvcc_committed where id = 2");
            assertThat(JdbcCrudIT.rows(reader, view)).containsExactly("1|11", "2|20");
            writer.commit();
            assertThat(JdbcCrudIT.rows(reader, view)).as("the delete").containsExactly("1|11");

            Jdbc.execute(writer, "insert into mvcc_committed (id, val) values (3, 30)");
            writer.rollback();
            assertThat(JdbcCrudIT.rows(reader, view)).as("a rolled-back insert").containsExactly("1|11");
            reader.commit();
        }
    }

    @Test
    void repeatableReadUpdateOfARowCommittedSinceItsSnapshotFailsWith40001() throws SQLException {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "mvcc_conflict", "id integer primary key, val integer not null");
            Jdbc.execute(first, "insert into mvcc_conflict (id, val) values (1, 0), (2, 0)");

            Jdbc.execute(first, "begin isolation level repeatable read");
            assertThat(Jdbc.selectInt(first, "select sum(val) from mvcc_conflict")).isZero();
            Jdbc.execute(second, "update mvcc_conflict set val = 1 where id = 1");
            Jdbc.execute(first, "update mvcc_conflict set val = 7 where id = 2");
            var error = JdbcCrudIT.serverError("40001",
                    () -> Jdbc.execute(first, "update mvcc_conflict set val = val + 10 where id = 1"));
            assertThat(error.getMessage()).isEqualTo("could not serialize access due to concurrent update");
            Jdbc.execute(first, "rollback");
            assertThat(JdbcCrudIT.rows(first, "select id, val from mvcc_conflict order by id"))
                    .as("the failed transaction left nothing").containsExactly("1|1", "2|0");

            Jdbc.execute(first, "begin isolation level repeatable read");
            assertThat(Jdbc.selectInt(first, "select count(*) from mvcc_conflict")).isEqualTo(2);
            Jdbc.execute(second, "delete from mvcc_conflict where id = 2");
            var deleted = JdbcCrudIT.serverError("40001",
                    () -> Jdbc.execute(first, "update mvcc_conflict set val = 3 where id = 2"));
            assertThat(deleted.getMessage()).isEqualTo("could not serialize access due to concurrent delete");
            Jdbc.execute(first, "rollback");
        }
    }

    @Test
    void repeatableReadWriterWaitsForTheLockerThenFailsWith40001IfItCommits() throws Exception {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "mvcc_wait", "id integer primary key, val integer not null");
            Jdbc.execute(first, "insert into mvcc_wait (id, val) values (1, 0)");

            Jdbc.execute(first, "start transaction isolation level repeatable read");
            assertThat(Jdbc.selectInt(first, "select val from mvcc_wait where id = 1")).isZero();
            second.setAutoCommit(false);
            Jdbc.execute(second, "update mvcc_wait set val = 1 where id = 1");

            Future<Void> blocked = threads.submit(Waits.call(
                    () -> Jdbc.execute(first, "update mvcc_wait set val = val + 10 where id = 1")));
            Waits.assertStillWaiting(blocked);
            second.commit();
            Throwable failure = Waits.failureOf(blocked);
            assertThat(failure).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) failure).getSQLState()).isEqualTo("40001");
            Jdbc.execute(first, "rollback");

            // the same wait ending in the locker's rollback: the update goes ahead
            Jdbc.execute(first, "start transaction isolation level repeatable read");
            assertThat(Jdbc.selectInt(first, "select val from mvcc_wait where id = 1")).isEqualTo(1);
            Jdbc.execute(second, "update mvcc_wait set val = 100 where id = 1");
            Future<Void> proceeds = threads.submit(Waits.call(
                    () -> Jdbc.execute(first, "update mvcc_wait set val = val + 10 where id = 1")));
            Waits.assertStillWaiting(proceeds);
            second.rollback();
            proceeds.get(DEADLINE_S, TimeUnit.SECONDS);
            Jdbc.execute(first, "commit");
            assertThat(Jdbc.selectInt(second, "select val from mvcc_wait where id = 1")).isEqualTo(11);
            second.commit();
        }
    }

    @Test
    void readCommittedWriterWaitsThenUpdatesTheNewestVersion() throws Exception {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "mvcc_chain", "id integer primary key, val integer not null");
            Jdbc.execute(first, "insert into mvcc_chain (id, val) values (1, 0)");
            second.setAutoCommit(false);

            Jdbc.execute(second, "update mvcc_chain set val = val + 1 where id = 1");
            Future<Integer> increment = threads.submit(
                    () -> update(first, "update mvcc_chain set val = val + 10 where id = 1"));
            Waits.assertStillWaiting(increment);
            second.commit();
            assertThat(increment.get(DEADLINE_S, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(Jdbc.selectInt(first, "select val from mvcc_chain where id = 1"))
                    .as("both increments, the second applied to the first's version").isEqualTo(11);

            // the WHERE clause is re-checked against the newest version, which no longer matches
            Jdbc.execute(second, "update mvcc_chain set val = 5 where id = 1");
            Future<Integer> conditional = threads.submit(
                    () -> update(first, "update mvcc_chain set val = 99 where id = 1 and val = 11"));
            Waits.assertStillWaiting(conditional);
            second.commit();
            assertThat(conditional.get(DEADLINE_S, TimeUnit.SECONDS)).isZero();
            assertThat(Jdbc.selectInt(first, "select val from mvcc_chain where id = 1")).isEqualTo(5);
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (var statement = c.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
