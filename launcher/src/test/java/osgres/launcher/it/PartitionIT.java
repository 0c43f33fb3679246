package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Partitioned tables against the real distribution, where two sessions or a crash matter: an INSERT routing
 * through a parent waits for a DETACH PARTITION (which locks the parent ACCESS EXCLUSIVE) and then sees the tree as
 * it committed; a partition attached by another session takes rows at once, through an already prepared statement;
 * a row moving to another partition holds off a concurrent UPDATE of it until it commits; and after kill -9 the
 * partitions, their bounds, their rows and their indexes are all back.
 */
class PartitionIT {

    private static void setUp(Connection c) throws SQLException {
        Jdbc.execute(c, "create table measures (id int primary key, v int) partition by range (id)");
        Jdbc.execute(c, "create table measures_1 partition of measures for values from (1) to (100)");
        Jdbc.execute(c, "create table measures_2 partition of measures for values from (100) to (200)");
    }

    @Test
    void insertThroughParentWaitsForDetachAndThenFindsNoPartition() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            setUp(a);
            a.setAutoCommit(false);
            Jdbc.execute(a, "alter table measures detach partition measures_2");
            Future<?> insert = pool.submit(Waits.call(() -> Jdbc.execute(b, "insert into measures values (150, 1)")));
            Waits.assertStillWaiting(insert);
            a.commit();
            Throwable failure = Waits.failureOf(insert);
            assertThat(failure).isInstanceOf(PSQLException.class);
            PSQLException e = (PSQLException) failure;
            assertThat(e.getSQLState()).isEqualTo("23514");
            assertThat(e.getServerErrorMessage().getMessage())
                    .isEqualTo("no partition of relation \"measures\" found for row");
            assertThat(e.getServerErrorMessage().getDetail())
                    .isEqualTo("Partition key of the failing row contains (id) = (150).");
            assertThat(Jdbc.selectLong(b, "select count(*) from measures")).isZero();
            assertThat(Jdbc.selectLong(b, "select count(*) from measures_2")).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void insertThroughParentWaitsForDetachThatRollsBack() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            setUp(a);
            a.setAutoCommit(false);
            Jdbc.execute(a, "alter table measures detach partition measures_2");
            Future<?> insert = pool.submit(Waits.call(() -> Jdbc.execute(b, "insert into measures values (150, 1)")));
            Waits.assertStillWaiting(insert);
            a.rollback();
            insert.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            assertThat(Jdbc.selectString(b, "select tableoid::regclass::text from measures where id = 150"))
                    .isEqualTo("measures_2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void partitionAttachedByAnotherSessionTakesRowsOfAPreparedInsert() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server);
             PreparedStatement insert = b.prepareStatement("insert into measures values (?, ?)")) {
            setUp(a);
            Jdbc.execute(a, "create table measures_3 (id int, v int)");
            insert.setInt(1, 250);
            insert.setInt(2, 1);
            for (int i = 0; i < 6; i++) {
                // past pgJDBC's prepareThreshold: the server keeps the statement and its plan
                try {
                    insert.executeUpdate();
                } catch (PSQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("23514");
                }
            }
            Jdbc.execute(a, "alter table measures attach partition measures_3 for values from (200) to (300)");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            assertThat(Jdbc.selectString(b, "select tableoid::regclass::text from measures where id = 250"))
                    .isEqualTo("measures_3");
        }
    }

    @Test
    void updateOfARowAnotherTransactionMovesWaitsForIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            setUp(a);
            Jdbc.execute(a, "insert into measures values (5, 0), (6, 0)");
            a.setAutoCommit(false);
            Jdbc.execute(a, "update measures set id = 105 where id = 5");
            Future<?> update = pool.submit(Waits.call(() -> Jdbc.execute(b,
                    "update measures set v = v + 1 where id in (5, 6)")));
            Waits.assertStillWaiting(update);
            a.commit();
            // PostgreSQL 15 refuses to follow a row into another partition: 40001
            Throwable failure = Waits.failureOf(update);
            assertThat(failure).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) failure).getSQLState()).isEqualTo("40001");
            assertThat(((PSQLException) failure).getServerErrorMessage().getMessage())
                    .isEqualTo("tuple to be updated was already moved to another partition due to concurrent update");
            assertThat(Jdbc.selectString(b, "select string_agg(tableoid::regclass::text || ':' || id || ':' || v,"
                    + " ',' order by id) from measures")).isEqualTo("measures_1:6:0,measures_2:105:0");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void partitionsRowsAndIndexesSurviveKillDashNine() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(server)) {
                setUp(c);
                Jdbc.execute(c, "create table measures_d partition of measures default");
                Jdbc.execute(c, "create table legacy (id int, v int)");
                Jdbc.execute(c, "create table legacy_child (note text) inherits (legacy)");
                Jdbc.execute(c, "insert into measures select g, g from generate_series(1, 300) g");
                Jdbc.execute(c, "insert into legacy_child values (1, 2, 'x')");
                Jdbc.execute(c, "update measures set id = id + 1000 where id <= 10");
            }
            server.crash();
            server.restart();
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectString(c, "select string_agg(t || ':' || n, ',' order by t) from (select "
                        + "tableoid::regclass::text t, count(*) n from measures group by 1) s"))
                        .isEqualTo("measures_1:89,measures_2:100,measures_d:111");
                assertThat(Jdbc.selectLong(c, "select count(*) from legacy")).isEqualTo(1);
                // the primary key reached each partition: a duplicate is refused there
                try {
                    Jdbc.execute(c, "insert into measures values (150, 0)");
                    throw new AssertionError("duplicate key accepted");
                } catch (PSQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("23505");
                    assertThat(e.getServerErrorMessage().getMessage()).contains("\"measures_2_pkey\"");
                }
                try {
                    Jdbc.execute(c, "create table measures_bad partition of measures for values from (50) to (60)");
                    throw new AssertionError("overlapping partition accepted");
                } catch (PSQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("42P17");
                }
            }
        }
    }
}
