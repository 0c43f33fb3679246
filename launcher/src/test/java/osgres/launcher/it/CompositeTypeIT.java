package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.ServerErrorMessage;

/**
 * Composite types (CREATE TYPE name AS (...)) across sessions, restarts and crashes, against the real distribution
 * over pgJDBC: DROP TYPE ... CASCADE waits for a transaction still writing a table with a column of the type, then
 * drops the column; another session sees a committed CREATE TYPE and not a rolled-back one; a type and the values
 * of its columns survive a clean restart and a kill -9 (a type created in a transaction the crash cut off is gone).
 * Enum types likewise: a value ALTER TYPE ... ADD VALUE puts in the middle is usable and sorts in its place in
 * another session once committed, and labels and their order survive a kill -9.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositeTypeIT {
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
    void dropTypeCascadeWaitsForAWritingTransactionThenDropsTheColumn() throws Exception {
        try (Connection writer = Jdbc.connect(server); Connection dropper = Jdbc.connect(server)) {
            Jdbc.execute(writer, "create type dc_t as (a int, b text)");
            Jdbc.execute(writer, "create table dc_tab (id int, v dc_t)");
            Jdbc.execute(writer, "insert into dc_tab values (1, row(1, 'one'))");
            ServerErrorMessage restrict = Jdbc.error(dropper, "drop type dc_t");
            assertThat(restrict.getSQLState()).isEqualTo("2BP01");
            assertThat(restrict.getDetail()).isEqualTo("column v of table dc_tab depends on type dc_t");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into dc_tab values (2, '(2,two)')");
            Future<?> drop = threads.submit(Waits.call(() -> Jdbc.execute(dropper, "drop type dc_t cascade")));
            Waits.assertStillWaiting(drop);
            writer.commit();
            drop.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            writer.setAutoCommit(true);
            assertThat(Jdbc.column(writer, "select id from dc_tab order by id")).containsExactly("1", "2");
            assertThat(Jdbc.error(writer, "select v from dc_tab").getSQLState()).isEqualTo("42703");
            assertThat(Jdbc.error(writer, "select null::dc_t").getSQLState()).isEqualTo("42704");
        }
    }

    @Test
    void otherSessionsSeeACommittedTypeOnly() throws Exception {
        try (Connection maker = Jdbc.connect(server); Connection other = Jdbc.connect(server)) {
            maker.setAutoCommit(false);
            Jdbc.execute(maker, "create type vis_t as (x int, y text)");
            assertThat(Jdbc.column(maker, "select ('(1,a)'::vis_t).y")).containsExactly("a");
            assertThat(Jdbc.error(other, "select '(1,a)'::vis_t").getSQLState()).isEqualTo("42704");
            maker.rollback();
            assertThat(Jdbc.error(other, "select '(1,a)'::vis_t").getSQLState()).isEqualTo("42704");
            Jdbc.execute(maker, "create type vis_t as (x int, y text)");
            maker.commit();
            assertThat(Jdbc.column(other, "select row(2, 'b c')::vis_t")).containsExactly("(2,\"b c\")");
            ServerErrorMessage malformed = Jdbc.error(other, "select '(1,a'::vis_t");
            assertThat(malformed.getSQLState()).isEqualTo("22P02");
            assertThat(malformed.getMessage()).isEqualTo("malformed record literal: \"(1,a\"");
            assertThat(malformed.getDetail()).isEqualTo("Unexpected end of input.");
            maker.setAutoCommit(true);
        }
    }

    @Test
    void typesAndTheirColumnsSurviveARestartAndKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create type cr_pair as (n int, tags text[])");
                Jdbc.execute(c, "create table cr_t (id int, p cr_pair)");
                Jdbc.execute(c, "insert into cr_t values (1, row(1, '{a,b}'))");
            }
            crashing.signal("INT");
            assertThat(crashing.awaitExit(Duration.ofSeconds(60))).as("exit code of a fast shutdown").isZero();
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.column(c, "select p from cr_t")).containsExactly("(1,\"{a,b}\")");
                assertThat(Jdbc.column(c, "select (p).tags[2] from cr_t")).containsExactly("b");
                Jdbc.execute(c, "update cr_t set p.n = 5");
                Jdbc.execute(c, "insert into cr_t values (2, '(2,{})')");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create type cr_lost as (z int)");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.column(c, "select (p).n from cr_t order by id")).containsExactly("5", "2");
                assertThat(Jdbc.error(c, "select null::cr_lost").getSQLState()).isEqualTo("42704");
                assertThat(Jdbc.error(c, "drop type cr_pair").getSQLState()).isEqualTo("2BP01");
                Jdbc.execute(c, "drop table cr_t");
                Jdbc.execute(c, "drop type cr_pair");
                assertThat(Jdbc.error(c, "select null::cr_pair").getSQLState()).isEqualTo("42704");
            }
        }
    }

    @Test
    void enumValuesAddedInOneSessionSortInTheirPlaceInAnotherAndSurviveACrash() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection adder = Jdbc.connect(crashing); Connection user = Jdbc.connect(crashing)) {
                Jdbc.execute(adder, "create type level as enum ('low', 'high')");
                Jdbc.execute(user, "create table tasks (name text, lvl level)");
                Jdbc.execute(user, "insert into tasks values ('a', 'high'), ('b', 'low')");
                adder.setAutoCommit(false);
                Jdbc.execute(adder, "alter type level add value 'medium' before 'high'");
                ServerErrorMessage unseen = Jdbc.error(user, "insert into tasks values ('c', 'medium')");
                assertThat(unseen.getSQLState()).isEqualTo("22P02");
                assertThat(unseen.getMessage()).isEqualTo("invalid input value for enum level: \"medium\"");
                adder.commit();
                adder.setAutoCommit(true);
                Jdbc.execute(user, "insert into tasks values ('c', 'medium')");
                assertThat(Jdbc.column(user, "select name from tasks order by lvl")).containsExactly("b", "c", "a");
                assertThat(Jdbc.column(user, "select name from tasks where lvl > 'low' order by lvl desc"))
                        .containsExactly("a", "c");
                user.setAutoCommit(false);
                Jdbc.execute(user, "insert into tasks values ('d', 'low')");
                Jdbc.execute(adder, "alter type level add value 'urgent'");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.column(c, "select name || ':' || lvl from tasks order by lvl, name"))
                        .containsExactly("b:low", "c:medium", "a:high");
                assertThat(Jdbc.column(c, "select enum_range(null::level)"))
                        .containsExactly("{low,medium,high,urgent}");
                assertThat(Jdbc.error(c, "drop type level").getSQLState()).isEqualTo("2BP01");
            }
        }
    }
}
