package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLWarning;
import java.sql.Statement;
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
 * Advisory locks (lockfuncs.c), as Flyway, Liquibase and job queues use them, with two and three sessions: a
 * session-level lock outlives the transactions of the session that took it and blocks another session's lock until
 * pg_advisory_unlock or the session's end; a transaction-level one ends with its transaction or savepoint; shared
 * locks share; bigint and (int, int) keys are different locks; waits end on cancel (57014), lock_timeout (55P03)
 * and deadlocks (40P01, also between an advisory lock and a row lock); unlocking what the session does not hold
 * answers false with PostgreSQL's WARNING. Runs against a real PostgreSQL 15 too (-Dosgres.it.reference.port).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdvisoryLockIT {
    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start("deadlock_timeout = 200ms");
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    private static boolean bool(Connection c, String sql) throws Exception {
        return Jdbc.selectString(c, sql).equals("t");
    }

    @Test
    void aSessionLockOutlivesItsTransactionsUntilUnlockOrSessionEnd() throws Exception {
        try (Connection a = target.connect(); Connection b = target.connect()) {
            Jdbc.execute(a, "select pg_advisory_lock(1001)");
            // autocommit: the statement's transaction has ended, the lock stays
            assertThat(bool(b, "select pg_try_advisory_lock(1001)")).isFalse();
            Future<?> waiting = threads.submit(Waits.call(() -> Jdbc.execute(b, "select pg_advisory_lock(1001)")));
            Waits.assertStillWaiting(waiting);
            assertThat(bool(a, "select pg_advisory_unlock(1001)")).isTrue();
            waiting.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            assertThat(bool(a, "select pg_try_advisory_lock(1001)")).isFalse();
            // locks are counted: taken twice, released twice
            Jdbc.execute(b, "select pg_advisory_lock(1001)");
            assertThat(bool(b, "select pg_advisory_unlock(1001)")).isTrue();
            assertThat(bool(a, "select pg_try_advisory_lock(1001)")).isFalse();
            assertThat(bool(b, "select pg_advisory_unlock(1001)")).isTrue();
            assertThat(bool(a, "select pg_try_advisory_lock(1001)")).isTrue();
            // the end of a's session releases what it still holds
            Future<?> next = threads.submit(Waits.call(() -> Jdbc.execute(b, "select pg_advisory_lock(1001)")));
            Waits.assertStillWaiting(next);
            a.close();
            next.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTransactionLockEndsWithItsTransactionOrSavepoint() throws Exception {
        try (Connection a = target.connect(); Connection b = target.connect()) {
            a.setAutoCommit(false);
            Jdbc.execute(a, "select pg_advisory_xact_lock(2002)");
            assertThat(bool(b, "select pg_try_advisory_xact_lock(2002)")).isFalse();
            Future<?> waiting = threads.submit(Waits.call(() -> Jdbc.execute(b, "select pg_advisory_xact_lock(2002)")));
            Waits.assertStillWaiting(waiting);
            a.commit();
            waiting.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            // b's autocommit statement ended, and its transaction lock with it
            assertThat(bool(a, "select pg_try_advisory_xact_lock(2002)")).isTrue();
            a.rollback();

            // ROLLBACK TO releases the transaction lock taken under the savepoint, not the session lock
            Jdbc.execute(a, "savepoint s");
            Jdbc.execute(a, "select pg_advisory_xact_lock(2003)");
            Jdbc.execute(a, "select pg_advisory_lock(2004)");
            Jdbc.execute(a, "rollback to savepoint s");
            assertThat(bool(b, "select pg_try_advisory_xact_lock(2003)")).isTrue();
            assertThat(bool(b, "select pg_try_advisory_lock(2004)")).isFalse();
            a.rollback();
            assertThat(bool(b, "select pg_try_advisory_lock(2004)")).isFalse();
            a.setAutoCommit(true);
            Jdbc.execute(a, "select pg_advisory_unlock_all()");
            assertThat(bool(b, "select pg_try_advisory_lock(2004)")).isTrue();
        }
    }

    @Test
    void sharedLocksShareAndKeysOfBothKindsAreDistinct() throws Exception {
        try (Connection a = target.connect(); Connection b = target.connect(); Connection c = target.connect()) {
            Jdbc.execute(a, "select pg_advisory_lock_shared(3003)");
            assertThat(bool(b, "select pg_try_advisory_lock_shared(3003)")).isTrue();
            assertThat(bool(c, "select pg_try_advisory_lock(3003)")).isFalse();
            assertThat(bool(a, "select pg_advisory_unlock_shared(3003)")).isTrue();
            assertThat(bool(c, "select pg_try_advisory_lock(3003)")).isFalse();
            assertThat(bool(b, "select pg_advisory_unlock_shared(3003)")).isTrue();
            assertThat(bool(c, "select pg_try_advisory_lock(3003)")).isTrue();

            // (0, 3003) as two int keys is not the bigint 3003
            assertThat(bool(a, "select pg_try_advisory_lock(0, 3003)")).isTrue();
            assertThat(bool(b, "select pg_try_advisory_lock(0, 3003)")).isFalse();
            // a key beyond 32 bits
            assertThat(bool(a, "select pg_try_advisory_lock(77431708279161)")).isTrue();
            assertThat(bool(b, "select pg_try_advisory_lock(77431708279161)")).isFalse();
        }
    }

    @Test
    void unlockingWhatTheSessionDoesNotHoldWarnsAndAnswersFalse() throws Exception {
        try (Connection a = target.connect(); Statement s = a.createStatement()) {
            assertThat(bool(a, "select pg_advisory_unlock(4004)")).isFalse();
            try (var rs = s.executeQuery("select pg_advisory_unlock_shared(4004)")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
            }
            SQLWarning warning = s.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).isEqualTo("you don't own a lock of type ShareLock");
            assertThat(warning.getSQLState()).isEqualTo("01000");
        }
    }

    @Test
    void waitsEndOnCancelLockTimeoutAndDeadlock() throws Exception {
        try (Connection a = target.connect(); Connection b = target.connect(); Statement bs = b.createStatement()) {
            Jdbc.execute(a, "select pg_advisory_lock(5005)");
            Future<?> waiting = threads.submit(Waits.call(() -> bs.execute("select pg_advisory_lock(5005)")));
            Waits.assertStillWaiting(waiting);
            bs.cancel();
            Throwable cancelled = Waits.failureOf(waiting);
            assertThat(((PSQLException) cancelled).getSQLState()).isEqualTo("57014");

            Jdbc.execute(b, "set lock_timeout = '300ms'");
            PSQLException timeout = (PSQLException) Waits.failureOf(threads.submit(Waits.call(
                    () -> Jdbc.execute(b, "select pg_advisory_lock(5005)"))));
            assertThat(timeout.getSQLState()).isEqualTo("55P03");
            assertThat(timeout.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to lock timeout");
            Jdbc.execute(b, "reset lock_timeout");

            // a holds 5005 and waits for 5006, which b holds while it waits for 5005
            Jdbc.execute(b, "select pg_advisory_lock(5006)");
            Jdbc.execute(a, "set deadlock_timeout = '30s'");
            Future<?> aWaits = threads.submit(Waits.call(() -> Jdbc.execute(a, "select pg_advisory_lock(5006)")));
            Waits.assertStillWaiting(aWaits);
            PSQLException deadlock = (PSQLException) Waits.failureOf(threads.submit(Waits.call(
                    () -> Jdbc.execute(b, "select pg_advisory_lock(5005)"))));
            assertThat(deadlock.getSQLState()).isEqualTo("40P01");
            assertThat(deadlock.getServerErrorMessage().getDetail())
                    .containsPattern("Process \\d+ waits for ExclusiveLock on advisory lock \\[\\d+,0,5006,1\\]; "
                            + "blocked by process \\d+\\.");
            assertThat(bool(b, "select pg_advisory_unlock(5006)")).isTrue();
            aWaits.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAdvisoryLockAndARowLockCanDeadlock() throws Exception {
        try (Connection setup = target.connect(); Connection a = target.connect(); Connection b = target.connect()) {
            JdbcCrudIT.createTable(setup, "advisory_rows", "id integer primary key, v integer");
            Jdbc.execute(setup, "insert into advisory_rows values (1, 0)");
            Jdbc.execute(a, "set deadlock_timeout = '30s'");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            Jdbc.execute(a, "update advisory_rows set v = 1 where id = 1");
            Jdbc.execute(b, "select pg_advisory_xact_lock(6006)");
            Future<?> aWaits = threads.submit(Waits.call(() -> Jdbc.execute(a, "select pg_advisory_xact_lock(6006)")));
            Waits.assertStillWaiting(aWaits);
            PSQLException deadlock = (PSQLException) Waits.failureOf(threads.submit(Waits.call(
                    () -> Jdbc.execute(b, "update advisory_rows set v = 2 where id = 1"))));
            assertThat(deadlock.getSQLState()).isEqualTo("40P01");
            b.rollback();
            aWaits.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            a.commit();
        }
    }
}
