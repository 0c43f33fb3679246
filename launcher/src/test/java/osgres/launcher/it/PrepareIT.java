package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static osgres.launcher.it.Jdbc.column;
import static osgres.launcher.it.Jdbc.error;

import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SQL-level PREPARE/EXECUTE across another session's DDL, against the real distribution over pgJDBC (simple
 * protocol, as psql sends them): a prepared statement is planned again after another session's CREATE INDEX, ALTER
 * TABLE or DROP/CREATE, sees the rows committed since, fails with PostgreSQL's 0A000 when its result columns
 * changed and 42P01 when its table is gone, and an EXECUTE waits for a DDL transaction still open on its table. Two
 * sessions, one with standard_conforming_strings off, read the same query text each by its own setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrepareIT {
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

    @Test
    void preparedStatementsFollowAnotherSessionsDdl() throws Exception {
        try (Connection user = Jdbc.connect(server); Connection ddl = Jdbc.connect(server)) {
            Jdbc.execute(ddl, "create table pp (a int, b text)");
            Jdbc.execute(ddl, "insert into pp select g % 10, 'b' || g from generate_series(1, 100) g");
            Jdbc.execute(user, "prepare count_a(int) as select count(*) from pp where a = $1");
            Jdbc.execute(user, "prepare star as select * from pp where a = 1 order by b limit 1");
            assertThat(column(user, "execute count_a(3)")).containsExactly("10");
            assertThat(column(user, "execute star")).containsExactly("1");

            // an index and new rows: the same answer through the new plan, rows committed since included
            Jdbc.execute(ddl, "create index pp_a on pp (a)");
            Jdbc.execute(ddl, "insert into pp values (3, 'new')");
            assertThat(column(user, "execute count_a(3)")).containsExactly("11");

            // an open ALTER TABLE holds the table: EXECUTE waits for it, then sees its outcome
            ddl.setAutoCommit(false);
            Jdbc.execute(ddl, "alter table pp add column c int default 7");
            Future<?> waiting = threads.submit(Waits.call(() -> column(user, "execute count_a(3)")));
            Waits.assertStillWaiting(waiting);
            ddl.commit();
            ddl.setAutoCommit(true);
            waiting.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            assertThat(column(user, "execute count_a(3)")).containsExactly("11");
            // SELECT * now has three columns: a prepared statement may not change its result type
            assertThat(error(user, "execute star").getSQLState()).isEqualTo("0A000");
            assertThat(error(user, "execute star").getMessage()).isEqualTo("cached plan must not change result type");

            // the table dropped and made again with another column type
            Jdbc.execute(ddl, "drop table pp");
            assertThat(error(user, "execute count_a(3)").getSQLState()).isEqualTo("42P01");
            Jdbc.execute(ddl, "create table pp (a bigint)");
            Jdbc.execute(ddl, "insert into pp values (3), (3), (4)");
            assertThat(column(user, "execute count_a(3)")).containsExactly("2");
            Jdbc.execute(user, "deallocate all");
            assertThat(column(user, "select count(*) from pg_prepared_statements")).containsExactly("0");
        }
    }

    @Test
    void sessionsWithAndWithoutStandardStringsShareNoParse() throws Exception {
        // the engine-wide parse cache is keyed by query text: one text must still read per session's setting
        try (Connection standard = Jdbc.connect(server); Connection legacy = Jdbc.connect(server)) {
            Jdbc.execute(legacy, "set standard_conforming_strings = off");
            Jdbc.execute(legacy, "set escape_string_warning = off");
            String sql = "select length('a\\\\b')";
            for (int round = 0; round < 3; round++) {
                assertThat(column(standard, sql)).containsExactly("4");
                assertThat(column(legacy, sql)).containsExactly("3");
            }
            Jdbc.execute(legacy, "reset standard_conforming_strings");
            assertThat(column(legacy, sql)).containsExactly("4");
        }
    }
}
