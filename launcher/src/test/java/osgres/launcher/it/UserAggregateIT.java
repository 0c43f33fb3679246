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
 * User-defined aggregates (CREATE AGGREGATE) as PostgreSQL keeps them: a committed aggregate survives kill -9 and a
 * clean restart (its pg_proc row is WAL-logged like any row, as are the pg_operator and pg_cast rows of CREATE
 * OPERATOR and CREATE CAST), one rolled back is gone, and a session calling an aggregate through a prepared
 * statement sees each CREATE OR REPLACE AGGREGATE of another session, then a clean 42883 once it is dropped.
 */
class UserAggregateIT {

    @Test
    void committedAggregatesSurviveKillDashNineAndRestartAndRolledBackOnesDoNot() throws Exception {
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect()) {
                Jdbc.execute(c, "create function add_twice(int, int) returns int language sql as 'select $1 + 2 * $2'");
                Jdbc.execute(c, "create aggregate sum_twice(int) (sfunc = add_twice, stype = int, initcond = '0')");
                Jdbc.execute(c, "create aggregate old_sum (basetype = int4, sfunc1 = int4pl, stype1 = int4)");
                Jdbc.execute(c, "create operator <+> (function = add_twice, leftarg = int, rightarg = int)");
                Jdbc.execute(c, "create cast (int4 as interval) with inout");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create aggregate lost(int) (sfunc = int4pl, stype = int)");
                c.rollback();
                c.setAutoCommit(true);
                assertThat(Jdbc.selectInt(c, "select sum_twice(g) from generate_series(1, 4) g")).isEqualTo(20);
            }
            target.crash();
            target.restart();
            try (Connection c = target.connect()) {
                assertThat(Jdbc.selectInt(c, "select sum_twice(g) from generate_series(1, 5) g")).isEqualTo(30);
                assertThat(Jdbc.selectInt(c, "select old_sum(g) from generate_series(1, 5) g")).isEqualTo(15);
                assertThat(Jdbc.selectInt(c, "select 1 <+> 2")).isEqualTo(5);
                assertThat(Jdbc.selectInt(c, "select extract(epoch from 42::interval)::int")).isEqualTo(42);
                assertThatThrownBy(() -> Jdbc.selectInt(c, "select lost(g) from generate_series(1, 5) g"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42883"));
                Jdbc.execute(c, "drop aggregate old_sum(int4)");
            }
            target.stopFast();
            target.restart();
            try (Connection c = target.connect()) {
                assertThat(Jdbc.selectInt(c, "select sum_twice(g) from generate_series(1, 2) g")).isEqualTo(6);
                assertThatThrownBy(() -> Jdbc.selectInt(c, "select old_sum(g) from generate_series(1, 5) g"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42883"));
            }
        }
    }

    /**
     * A session calling an aggregate through a prepared statement sees each CREATE OR REPLACE AGGREGATE of another
     * session (its cached plan is made again), and a clean 42883 once the aggregate is dropped, after which the
     * session works on.
     */
    @Test
    void replacedAndDroppedAggregatesReachASessionCallingThem() throws Exception {
        try (SqlTarget target = SqlTarget.start();
                Connection caller = target.connect();
                Connection replacer = target.connect()) {
            Jdbc.execute(replacer, "create aggregate versioned(int) (sfunc = int4pl, stype = int, initcond = '0')");
            AtomicInteger latest = new AtomicInteger(-1);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<SQLException> dropped = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread calls = Thread.ofPlatform().daemon(true).start(() -> {
                try (PreparedStatement call = caller.prepareStatement(
                        "select versioned(g) from generate_series(1, 1) g")) {
                    while (!stop.get()) {
                        try (ResultSet rs = call.executeQuery()) {
                            rs.next();
                            latest.set(rs.getInt(1));
                        } catch (SQLException e) {
                            dropped.set(e);
                            return;
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            TestServer.await("the caller sees initcond 0", Duration.ofSeconds(30), () -> latest.get() == 1
                    || failure.get() != null || dropped.get() != null);
            for (int round = 1; round <= 20 && failure.get() == null && dropped.get() == null; round++) {
                int expected = round * 100 + 1;
                Jdbc.execute(replacer, "create or replace aggregate versioned(int) (sfunc = int4pl, stype = int, "
                        + "initcond = '" + round * 100 + "')");
                TestServer.await("the caller sees initcond " + round * 100, Duration.ofSeconds(30),
                        () -> latest.get() == expected || failure.get() != null || dropped.get() != null);
            }
            assertThat(failure.get()).as("errors of the calling session").isNull();
            assertThat((Object) dropped.get()).as("errors of the calling session").isNull();
            assertThat(latest.get()).isEqualTo(2001);
            Jdbc.execute(replacer, "drop aggregate versioned(int)");
            TestServer.await("the caller's statement fails", Duration.ofSeconds(30),
                    () -> dropped.get() != null || failure.get() != null);
            stop.set(true);
            calls.join(Duration.ofSeconds(30));
            assertThat(failure.get()).isNull();
            assertThat(dropped.get().getSQLState()).isEqualTo("42883");
            assertThat(Jdbc.selectInt(caller, "select 1")).isEqualTo(1);
        }
    }
}
