package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import static osgres.launcher.it.Jdbc.column;

/**
 * Partial indexes across sessions and crashes, against the real distribution over pgJDBC: with a unique index WHERE
 * deleted_at IS NULL, a second inserter of the same key waits for the first and then fails with 23505 only when both
 * rows match the predicate (a row outside it goes in at once, and after the first rolls back the second goes in);
 * and a partial index's definition and entries survive a kill -9: after recovery the predicate still decides which
 * rows are unique and which the index finds. REINDEX and writers wait for each other as PostgreSQL's share lock
 * makes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialIndexIT {
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

    private static String sqlState(Throwable t) {
        assertThat(t).isInstanceOf(PSQLException.class);
        return ((PSQLException) t).getServerErrorMessage().getSQLState();
    }

    @Test
    void aSecondInserterOfALiveKeyWaitsThenFailsOnlyWhenBothRowsMatchThePredicate() throws Exception {
        try (Connection first = Jdbc.connect(server); Connection second = Jdbc.connect(server)) {
            Jdbc.execute(first, "create table pu (id int, email text, deleted_at timestamp)");
            Jdbc.execute(first, "create unique index pu_live on pu (email) where deleted_at is null");
            first.setAutoCommit(false);
            Jdbc.execute(first, "insert into pu values (1, 'a', null)");
            // a deleted row is outside the index: no wait, no conflict
            Jdbc.execute(second, "insert into pu values (2, 'a', '2020-01-01')");
            Future<?> waiting = threads.submit(Waits.call(() -> Jdbc.execute(second,
                    "insert into pu values (3, 'a', null)")));
            Waits.assertStillWaiting(waiting);
            first.commit();
            assertThat(sqlState(Waits.failureOf(waiting))).isEqualTo("23505");
            // had the first rolled back, the second would have gone in
            Jdbc.execute(first, "update pu set deleted_at = '2021-01-01' where id = 1");
            first.commit();
            Jdbc.execute(first, "insert into pu values (4, 'b', null)");
            Future<?> second2 = threads.submit(Waits.call(() -> Jdbc.execute(second,
                    "insert into pu values (5, 'b', null)")));
            Waits.assertStillWaiting(second2);
            first.rollback();
            second2.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            first.setAutoCommit(true);
            assertThat(column(first, "select id from pu order by id")).containsExactly("1", "2", "5");
            Jdbc.execute(first, "insert into pu values (6, 'a', null)");
            assertThatThrownBy(() -> Jdbc.execute(first, "insert into pu values (7, 'b', null)"))
                    .satisfies(t -> assertThat(sqlState(t)).isEqualTo("23505"));
        }
    }

    @Test
    void reindexWaitsForAWriterAndWritersWaitForReindex() throws Exception {
        try (Connection writer = Jdbc.connect(server); Connection reindexer = Jdbc.connect(server)) {
            Jdbc.execute(writer, "create table rx (id int primary key, v text)");
            Jdbc.execute(writer, "create unique index rx_v on rx (v) where id > 0");
            Jdbc.execute(writer, "insert into rx select g, 'v' || g from generate_series(1, 100) g");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into rx values (101, 'v101')");
            // REINDEX TABLE takes a share lock on the table: it waits for the open writer
            Future<?> reindex = threads.submit(Waits.call(() -> Jdbc.execute(reindexer, "reindex table rx")));
            Waits.assertStillWaiting(reindex);
            writer.commit();
            reindex.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            // and a writer waits for a REINDEX INDEX until its transaction ends
            reindexer.setAutoCommit(false);
            Jdbc.execute(reindexer, "reindex index rx_v");
            Future<?> insert = threads.submit(Waits.call(() -> Jdbc.execute(writer,
                    "insert into rx values (102, 'v102')")));
            Waits.assertStillWaiting(insert);
            reindexer.commit();
            insert.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            writer.commit();
            writer.setAutoCommit(true);
            // the rebuilt indexes hold every committed row, the writer's too
            assertThatThrownBy(() -> Jdbc.execute(writer, "insert into rx values (101, 'x')"))
                    .satisfies(t -> assertThat(sqlState(t)).isEqualTo("23505"));
            assertThatThrownBy(() -> Jdbc.execute(writer, "insert into rx values (200, 'v101')"))
                    .satisfies(t -> assertThat(sqlState(t)).isEqualTo("23505"));
            assertThatThrownBy(() -> Jdbc.execute(writer, "insert into rx values (201, 'v102')"))
                    .satisfies(t -> assertThat(sqlState(t)).isEqualTo("23505"));
            assertThat(column(writer, "select id from rx where id in (1, 101, 102) order by id"))
                    .containsExactly("1", "101", "102");
            assertThat(column(writer, "select count(*) from rx")).containsExactly("102");
        }
    }

    @Test
    void aPartialIndexSurvivesKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table pk (id int, state text, v int)");
                Jdbc.execute(c, "insert into pk select g, case when g % 10 = 0 then 'open' else 'closed' end, g "
                        + "from generate_series(1, 5000) g");
                Jdbc.execute(c, "create unique index pk_open on pk (v) where state = 'open'");
                Jdbc.execute(c, "insert into pk values (5001, 'closed', 10), (5002, 'open', 5002)");
                c.setAutoCommit(false);
                Jdbc.execute(c, "insert into pk values (5003, 'open', 5003)");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(column(c, "select count(*) from pk where state = 'open' and v = 5002"))
                        .containsExactly("1");
                assertThat(column(c, "select count(*) from pk where state = 'open' and v = 5003"))
                        .containsExactly("0");
                assertThatThrownBy(() -> Jdbc.execute(c, "insert into pk values (6000, 'open', 20)"))
                        .satisfies(t -> assertThat(sqlState(t)).isEqualTo("23505"));
                Jdbc.execute(c, "insert into pk values (6001, 'closed', 20)");
                Jdbc.execute(c, "insert into pk values (6002, 'open', 5003)");
                Jdbc.execute(c, "analyze pk");
                assertThat(column(c, "explain (costs off) select id from pk where state = 'open' and v = 20"))
                        .first().asString().contains("Index Scan using pk_open on pk");
                assertThat(column(c, "select id from pk where state = 'open' and v = 20")).containsExactly("20");
            }
        }
    }
}
