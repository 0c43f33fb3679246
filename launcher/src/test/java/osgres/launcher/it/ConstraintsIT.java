package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
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
 * ALTER TABLE, CHECK and FOREIGN KEY constraints across sessions and crashes, against the real distribution over
 * pgJDBC: an insert of a referencing row locks the referenced row FOR KEY SHARE, so a concurrent DELETE of that row
 * waits for it and then fails with 23503 (and an insert waits for a concurrent delete of its referenced row, then
 * fails); ALTER TABLE takes AccessExclusive and waits for a transaction that read the table; a deferred key is
 * checked at COMMIT; and constraints, dropped columns and retyped columns survive a kill -9 of the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConstraintsIT {
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

    private static ServerErrorMessage serverError(Throwable t) {
        assertThat(t).isInstanceOf(PSQLException.class);
        return ((PSQLException) t).getServerErrorMessage();
    }

    @Test
    void deleteOfAReferencedRowWaitsForTheReferencingInsertThenFails() throws Exception {
        try (Connection inserter = Jdbc.connect(server); Connection deleter = Jdbc.connect(server)) {
            Jdbc.execute(inserter, "create table ks_p (id int primary key)");
            Jdbc.execute(inserter, "create table ks_c (pid int references ks_p)");
            Jdbc.execute(inserter, "insert into ks_p values (1), (2)");
            inserter.setAutoCommit(false);
            Jdbc.execute(inserter, "insert into ks_c values (1)");
            Future<?> delete = threads.submit(Waits.call(() -> Jdbc.execute(deleter,
                    "delete from ks_p where id = 1")));
            Waits.assertStillWaiting(delete);
            // a row nobody references goes at once
            try (Connection third = Jdbc.connect(server)) {
                Jdbc.execute(third, "delete from ks_p where id = 2");
            }
            inserter.commit();
            ServerErrorMessage refused = serverError(Waits.failureOf(delete));
            assertThat(refused.getSQLState()).isEqualTo("23503");
            assertThat(refused.getDetail()).isEqualTo("Key (id)=(1) is still referenced from table \"ks_c\".");
            inserter.setAutoCommit(true);
            assertThat(column(inserter, "select id from ks_p")).containsExactly("1");
        }
    }

    @Test
    void insertOfAReferencingRowWaitsForADeleteOfItsKeyThenFails() throws Exception {
        try (Connection deleter = Jdbc.connect(server); Connection inserter = Jdbc.connect(server)) {
            Jdbc.execute(deleter, "create table kd_p (id int primary key)");
            Jdbc.execute(deleter, "create table kd_c (pid int references kd_p)");
            Jdbc.execute(deleter, "insert into kd_p values (1)");
            deleter.setAutoCommit(false);
            Jdbc.execute(deleter, "delete from kd_p where id = 1");
            Future<?> insert = threads.submit(Waits.call(() -> Jdbc.execute(inserter,
                    "insert into kd_c values (1)")));
            Waits.assertStillWaiting(insert);
            deleter.commit();
            ServerErrorMessage refused = serverError(Waits.failureOf(insert));
            assertThat(refused.getSQLState()).isEqualTo("23503");
            assertThat(refused.getDetail()).isEqualTo("Key (pid)=(1) is not present in table \"kd_p\".");
            // had the delete rolled back, the insert would have gone in
            Jdbc.execute(deleter, "insert into kd_p values (2)");
            deleter.commit();
            Jdbc.execute(deleter, "delete from kd_p where id = 2");
            Future<?> second = threads.submit(Waits.call(() -> Jdbc.execute(inserter,
                    "insert into kd_c values (2)")));
            Waits.assertStillWaiting(second);
            deleter.rollback();
            second.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            assertThat(column(deleter, "select pid from kd_c")).containsExactly("2");
            deleter.rollback();
        }
    }

    @Test
    void alterTableWaitsForATransactionThatReadTheTable() throws Exception {
        try (Connection reader = Jdbc.connect(server); Connection alterer = Jdbc.connect(server)) {
            Jdbc.execute(reader, "create table aw_t (a int, b text)");
            Jdbc.execute(reader, "insert into aw_t values (1, 'x')");
            reader.setAutoCommit(false);
            assertThat(column(reader, "select b from aw_t")).containsExactly("x");
            Future<?> alter = threads.submit(Waits.call(() -> Jdbc.execute(alterer,
                    "alter table aw_t drop column b, add constraint a_positive check (a > 0)")));
            Waits.assertStillWaiting(alter);
            assertThat(column(reader, "select count(*) from aw_t")).containsExactly("1");
            reader.commit();
            alter.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            reader.setAutoCommit(true);
            assertThat(error(reader, "select b from aw_t").getSQLState()).isEqualTo("42703");
            assertThat(error(reader, "insert into aw_t values (0)").getSQLState()).isEqualTo("23514");
        }
    }

    @Test
    void aDeferredKeyIsCheckedAtCommit() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table dk_p (id int primary key)");
            Jdbc.execute(c, "create table dk_c (pid int references dk_p deferrable initially deferred)");
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into dk_c values (7)");
            Jdbc.execute(c, "insert into dk_p values (7)");
            c.commit();
            Jdbc.execute(c, "insert into dk_c values (8)");
            Throwable failed = null;
            try {
                c.commit();
            } catch (SQLException e) {
                failed = e;
            }
            assertThat(serverError(failed).getSQLState()).isEqualTo("23503");
            c.setAutoCommit(true);
            assertThat(column(c, "select pid from dk_c")).containsExactly("7");
        }
    }

    @Test
    void constraintsAndRewrittenTablesSurviveKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table cr_p (id int primary key, name text)");
                Jdbc.execute(c, "create table cr_c (id int, pid int references cr_p on delete cascade, "
                        + "v text, w int check (w >= 0))");
                Jdbc.execute(c, "insert into cr_p values (1, 'one'), (2, 'two')");
                Jdbc.execute(c, "insert into cr_c values (10, 1, '5', 0), (11, 2, '6', 0)");
                Jdbc.execute(c, "alter table cr_c drop column w, alter column v type int using v::int, "
                        + "add constraint v_small check (v < 100)");
                Jdbc.execute(c, "alter table cr_c rename column id to cid");
                c.setAutoCommit(false);
                Jdbc.execute(c, "alter table cr_c drop constraint v_small");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(column(c, "select cid || ':' || v from cr_c order by cid")).containsExactly("10:5", "11:6");
                assertThat(error(c, "insert into cr_c values (12, 1, 100)").getSQLState()).isEqualTo("23514");
                assertThat(error(c, "insert into cr_c values (12, 3, 1)").getSQLState()).isEqualTo("23503");
                Jdbc.execute(c, "delete from cr_p where id = 1");
                assertThat(column(c, "select cid from cr_c")).containsExactly("11");
                assertThat(error(c, "drop table cr_p").getSQLState()).isEqualTo("2BP01");
            }
        }
    }
}
