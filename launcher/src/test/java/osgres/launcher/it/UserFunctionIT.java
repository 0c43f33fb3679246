package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * User-defined functions as PostgreSQL keeps them: a committed CREATE FUNCTION survives kill -9 (its pg_proc row is
 * WAL-logged like any row), one rolled back is gone, CREATE OR REPLACE reaches a session that keeps calling the
 * function through a prepared statement, a PL/pgSQL loop that never ends is ended by statement_timeout and by
 * a cancel, leaving the session usable, and a trigger's writes go with the statement that fails.
 */
class UserFunctionIT {

    @Test
    void committedFunctionsSurviveKillDashNineAndRolledBackOnesDoNot() throws Exception {
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect()) {
                Jdbc.execute(c, "create function kept(a int) returns int language sql as 'select a * 10'");
                Jdbc.execute(c, "create function kept_pl(n int) returns int language plpgsql as $$ "
                        + "declare s int := 0; begin for i in 1..n loop s := s + i; end loop; return s; end $$");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create function lost() returns int language sql as 'select 1'");
                c.rollback();
                c.setAutoCommit(true);
                assertThat(Jdbc.selectInt(c, "select kept(4)")).isEqualTo(40);
            }
            target.crash();
            target.restart();
            try (Connection c = target.connect()) {
                assertThat(Jdbc.selectInt(c, "select kept(5)")).isEqualTo(50);
                assertThat(Jdbc.selectInt(c, "select kept_pl(10)")).isEqualTo(55);
                assertThatThrownBy(() -> Jdbc.selectInt(c, "select lost()"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42883"));
            }
        }
    }

    /**
     * A session calling a function through a prepared statement sees each CREATE OR REPLACE of it: its cached
     * plan is made again even when the replacement commits between its snapshot and its catalog-version check
     * (many rounds, so that the window is hit; one round alone passed by luck).
     */
    @Test
    void createOrReplaceReachesASessionCallingTheFunction() throws Exception {
        try (SqlTarget target = SqlTarget.start();
                Connection caller = target.connect();
                Connection replacer = target.connect()) {
            Jdbc.execute(replacer, "create function version_of() returns int language sql as 'select 0'");
            AtomicInteger latest = new AtomicInteger(-1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread calls = Thread.ofPlatform().daemon(true).start(() -> {
                try (PreparedStatement call = caller.prepareStatement("select version_of()")) {
                    while (!stop.get()) {
                        try (ResultSet rs = call.executeQuery()) {
                            rs.next();
                            latest.set(rs.getInt(1));
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            TestServer.await("the caller sees version 0", Duration.ofSeconds(30), () -> latest.get() == 0
                    || failure.get() != null);
            for (int round = 1; round <= 40 && failure.get() == null; round++) {
                int version = round;
                String language = round % 2 == 0 ? "language sql as 'select " + round + "'"
                        : "language plpgsql as $$ begin return " + round + "; end $$";
                Jdbc.execute(replacer, "create or replace function version_of() returns int " + language);
                TestServer.await("the caller sees version " + round, Duration.ofSeconds(30),
                        () -> latest.get() == version || failure.get() != null);
            }
            stop.set(true);
            calls.join(Duration.ofSeconds(30));
            assertThat(failure.get()).as("errors of the calling session").isNull();
            assertThat(latest.get()).isEqualTo(40);
        }
    }

    @Test
    void anEndlessPlpgsqlLoopEndsAtStatementTimeoutAndOnCancel() throws Exception {
        try (SqlTarget target = SqlTarget.start(); Connection c = target.connect()) {
            Jdbc.execute(c, "create function spin() returns void language plpgsql as $$ begin loop end loop; end $$");
            Jdbc.execute(c, "set statement_timeout = '300ms'");
            assertThatThrownBy(() -> Jdbc.execute(c, "select spin()"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            Jdbc.execute(c, "reset statement_timeout");
            try (java.sql.Statement s = c.createStatement()) {
                Thread canceller = Thread.ofPlatform().daemon(true).start(() -> {
                    try {
                        TestServer.await("the loop runs", Duration.ofSeconds(30), () -> {
                            try (Connection other = target.connect()) {
                                return Jdbc.selectLong(other, "select count(*) from pg_stat_activity where query = "
                                        + "'do $$ begin loop end loop; end $$'") > 0;
                            } catch (SQLException e) {
                                return false;
                            }
                        });
                        s.cancel();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThatThrownBy(() -> s.execute("do $$ begin loop end loop; end $$"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("57014"));
                canceller.join(Duration.ofSeconds(30));
            }
            assertThat(Jdbc.selectInt(c, "select 1")).isEqualTo(1);
        }
    }

    @Test
    void aTriggersWritesRollBackWithTheStatementThatFails() throws Exception {
        try (SqlTarget target = SqlTarget.start(); Connection c = target.connect()) {
            Jdbc.execute(c, "create table items (id int, qty int)");
            Jdbc.execute(c, "create table item_log (id int)");
            Jdbc.execute(c, "create function log_item() returns trigger language plpgsql as $$ begin "
                    + "insert into item_log values (new.id); "
                    + "if new.qty < 0 then raise exception 'negative quantity %', new.qty; end if; "
                    + "return new; end $$");
            Jdbc.execute(c, "create trigger items_log before insert on items for each row "
                    + "execute function log_item()");
            Jdbc.execute(c, "insert into items values (1, 5)");
            assertThatThrownBy(() -> Jdbc.execute(c, "insert into items values (2, 1), (3, -1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("P0001");
                        assertThat(e.getMessage()).contains("negative quantity -1");
                    });
            assertThat(Jdbc.selectLong(c, "select count(*) from items")).isEqualTo(1);
            assertThat(Jdbc.selectLong(c, "select count(*) from item_log")).isEqualTo(1);
            try (Connection other = target.connect()) {
                assertThat(Jdbc.selectLong(other, "select count(*) from item_log")).isEqualTo(1);
            }
        }
    }

    /**
     * Two sessions make their database's first functions in open transactions at once: neither waits for the
     * other nor fails with 42P07 on the catalog relation, and a rolled-back first function leaves no trace.
     */
    @Test
    void twoSessionsMakeTheDatabasesFirstFunctionsAtOnce() throws Exception {
        try (SqlTarget target = SqlTarget.start();
                Connection first = target.connect();
                Connection second = target.connect();
                Connection third = target.connect()) {
            Jdbc.execute(third, "begin");
            Jdbc.execute(third, "create function gone() returns int language sql as 'select 0'");
            Jdbc.execute(third, "rollback");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            Jdbc.execute(first, "create function from_first() returns int language sql as 'select 1'");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean created = new AtomicBoolean();
            Thread other = Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    Jdbc.execute(second, "create function from_second() returns int language plpgsql as "
                            + "$$ begin return 2; end $$");
                    created.set(true);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            TestServer.await("the second session's CREATE FUNCTION returns while the first is open",
                    Duration.ofSeconds(30), () -> created.get() || failure.get() != null);
            assertThat(failure.get()).as("error of the second session").isNull();
            first.commit();
            second.commit();
            other.join(Duration.ofSeconds(30));
            assertThat(Jdbc.selectInt(third, "select from_first() + from_second()")).isEqualTo(3);
            assertThatThrownBy(() -> Jdbc.selectInt(third, "select gone()"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42883"));
        }
    }
}
