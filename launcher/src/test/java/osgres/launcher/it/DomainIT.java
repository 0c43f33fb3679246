package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
import static osgres.launcher.it.Jdbc.column;
import static osgres.launcher.it.Jdbc.error;

/**
 * Domains across sessions, restarts and crashes, against the real distribution over pgJDBC: ALTER DOMAIN ADD
 * CONSTRAINT waits for a transaction still writing a table with a column of the domain, then fails with 23514
 * when that transaction committed a value the new CHECK refuses (and succeeds when it rolled back); another
 * session sees a committed CREATE DOMAIN and not a rolled-back one; a domain, its constraints and its columns
 * survive a clean restart and a kill -9; DROP DOMAIN ... CASCADE waits for a transaction that read a table with a
 * column of the domain, then drops the column; RowDescription gives a domain column its base type's oid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainIT {
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
    void addConstraintWaitsForAWritingTransactionThenChecksWhatItCommitted() throws Exception {
        try (Connection writer = Jdbc.connect(server); Connection alterer = Jdbc.connect(server)) {
            Jdbc.execute(writer, "create domain wd as int");
            Jdbc.execute(writer, "create table wd_t (v wd)");
            Jdbc.execute(writer, "insert into wd_t values (1)");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into wd_t values (-1)");
            Future<?> alter = threads.submit(Waits.call(() -> Jdbc.execute(alterer,
                    "alter domain wd add constraint wd_pos check (value > 0)")));
            Waits.assertStillWaiting(alter);
            writer.commit();
            Throwable failure = Waits.failureOf(alter);
            assertThat(failure).isInstanceOf(PSQLException.class);
            ServerErrorMessage refused = ((PSQLException) failure).getServerErrorMessage();
            assertThat(refused.getSQLState()).isEqualTo("23514");
            assertThat(refused.getMessage())
                    .isEqualTo("column \"v\" of table \"wd_t\" contains values that violate the new constraint");
            // the constraint is not there: -2 still goes in
            Jdbc.execute(writer, "insert into wd_t values (-2)");
            writer.commit();

            // a writer that rolls back leaves nothing for the check to refuse
            Jdbc.execute(writer, "delete from wd_t where v < 0");
            writer.commit();
            Jdbc.execute(writer, "insert into wd_t values (-3)");
            Future<?> second = threads.submit(Waits.call(() -> Jdbc.execute(alterer,
                    "alter domain wd add constraint wd_pos check (value > 0)")));
            Waits.assertStillWaiting(second);
            writer.rollback();
            second.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            writer.setAutoCommit(true);
            ServerErrorMessage check = error(writer, "insert into wd_t values (-4)");
            assertThat(check.getSQLState()).isEqualTo("23514");
            assertThat(check.getMessage()).isEqualTo("value for domain wd violates check constraint \"wd_pos\"");
        }
    }

    @Test
    void dropDomainCascadeWaitsForAnOpenReaderThenDropsItsColumns() throws Exception {
        try (Connection reader = Jdbc.connect(server); Connection dropper = Jdbc.connect(server)) {
            Jdbc.execute(dropper, "create domain dd_pos as int check (value > 0)");
            Jdbc.execute(dropper, "create table dd_t (id int, n dd_pos)");
            Jdbc.execute(dropper, "insert into dd_t values (1, 10), (2, 20)");
            reader.setAutoCommit(false);
            assertThat(column(reader, "select n from dd_t order by id")).containsExactly("10", "20");
            assertThat(error(dropper, "drop domain dd_pos").getSQLState()).isEqualTo("2BP01");
            // dropping the column needs the table to itself: the reader's open transaction holds it
            Future<?> drop = threads.submit(Waits.call(() -> Jdbc.execute(dropper, "drop domain dd_pos cascade")));
            Waits.assertStillWaiting(drop);
            assertThat(column(reader, "select n from dd_t order by id")).containsExactly("10", "20");
            reader.commit();
            drop.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            assertThat(column(reader, "select count(*) from dd_t")).containsExactly("2");
            assertThat(error(reader, "select n from dd_t").getSQLState()).isEqualTo("42703");
            reader.rollback();
            assertThat(error(reader, "select 1::dd_pos").getSQLState()).isEqualTo("42704");
            reader.rollback();
        }
    }

    @Test
    void otherSessionsSeeACommittedDomainOnly() throws Exception {
        try (Connection maker = Jdbc.connect(server); Connection other = Jdbc.connect(server)) {
            maker.setAutoCommit(false);
            Jdbc.execute(maker, "create domain vis_d as text check (value <> '')");
            assertThat(error(other, "select 'x'::vis_d").getSQLState()).isEqualTo("42704");
            maker.rollback();
            assertThat(error(other, "select 'x'::vis_d").getSQLState()).isEqualTo("42704");
            Jdbc.execute(maker, "create domain vis_d as text check (value <> '')");
            maker.commit();
            assertThat(column(other, "select 'x'::vis_d")).containsExactly("x");
            assertThat(error(other, "select ''::vis_d").getSQLState()).isEqualTo("23514");
            maker.setAutoCommit(true);
        }
    }

    @Test
    void rowDescriptionShowsTheBaseTypeOid() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create domain rd_d as bigint not null");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 5::rd_d")) {
                assertThat(rs.getMetaData().getColumnTypeName(1)).isEqualTo("int8");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5L);
            }
        }
    }

    @Test
    void domainsSurviveARestartAndKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create domain cr_pos as int not null check (value > 0)");
                Jdbc.execute(c, "create domain cr_code as varchar(3) default 'abc'");
                Jdbc.execute(c, "create table cr_t (p cr_pos, code cr_code)");
                Jdbc.execute(c, "insert into cr_t (p) values (1)");
            }
            crashing.signal("INT");
            assertThat(crashing.awaitExit(Duration.ofSeconds(60))).as("exit code of a fast shutdown").isZero();
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(column(c, "select p || ':' || code from cr_t")).containsExactly("1:abc");
                assertThat(error(c, "insert into cr_t values (0, 'x')").getSQLState()).isEqualTo("23514");
                assertThat(error(c, "insert into cr_t values (null, 'x')").getSQLState()).isEqualTo("23502");
                Jdbc.execute(c, "alter domain cr_code add constraint short check (length(value) < 3) not valid");
                Jdbc.execute(c, "insert into cr_t values (2, 'xy')");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create domain cr_lost as int");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(column(c, "select p || ':' || code from cr_t order by p")).containsExactly("1:abc", "2:xy");
                ServerErrorMessage check = error(c, "insert into cr_t values (3, 'xyz')");
                assertThat(check.getMessage()).isEqualTo("value for domain cr_code violates check constraint \"short\"");
                assertThat(error(c, "select 1::cr_lost").getSQLState()).isEqualTo("42704");
                assertThat(error(c, "drop domain cr_pos").getSQLState()).isEqualTo("2BP01");
                Jdbc.execute(c, "drop table cr_t");
                Jdbc.execute(c, "drop domain cr_pos, cr_code");
                assertThat(error(c, "select 1::cr_pos").getSQLState()).isEqualTo("42704");
            }
        }
    }
}
