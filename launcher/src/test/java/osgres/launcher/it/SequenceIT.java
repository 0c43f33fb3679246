package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Sequences as PostgreSQL 15 has them, against the real distribution: concurrent nextval over pgJDBC and pgbench
 * never hands out a value twice; values survive a kill -9 of the server and a crash reset (nextval is WAL-logged
 * 32 values ahead and never rolled back, so after recovery every new value is above every value handed out
 * before, committed or not); a SERIAL column fills pgJDBC's generated keys and RETURNING; an identity column
 * GENERATED ALWAYS refuses a value (428C9).
 */
class SequenceIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Test
    void concurrentSessionsNeverGetTheSameValue() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create sequence shared_seq");
            }
            int workers = 4;
            int perWorker = 500;
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<List<Long>>> results = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    boolean rollBack = w % 2 == 0;
                    results.add(pool.submit(() -> takeValues(server, "shared_seq", perWorker, rollBack)));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : results) {
                    all.addAll(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(workers * perWorker).doesNotHaveDuplicates();
                assertThat(all).allMatch(v -> v >= 1 && v <= (long) workers * perWorker);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** nextval {@code count} times, every second call inside a transaction that rolls back when asked. */
    private static List<Long> takeValues(TestServer server, String sequence, int count, boolean rollBack)
            throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Connection c = Jdbc.connect(server);
             PreparedStatement next = c.prepareStatement("select nextval(?)")) {
            for (int i = 0; i < count; i++) {
                boolean inTransaction = rollBack && i % 2 == 1;
                c.setAutoCommit(!inTransaction);
                next.setString(1, sequence);
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    values.add(rs.getLong(1));
                }
                if (inTransaction) {
                    c.rollback();
                }
            }
        }
        return values;
    }

    @Test
    void cachedValuesAreSessionLocalAndDroppedWhenAnotherSessionAlters() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            Jdbc.execute(a, "create sequence cached_seq cache 10");
            assertThat(Jdbc.selectLong(a, "select nextval('cached_seq')")).isEqualTo(1);
            // a took 1..10 at once: b starts after them, a goes on from its cache
            assertThat(Jdbc.selectLong(b, "select nextval('cached_seq')")).isEqualTo(11);
            assertThat(Jdbc.selectLong(a, "select nextval('cached_seq')")).isEqualTo(2);
            Jdbc.execute(b, "alter sequence cached_seq restart with 100");
            assertThat(Jdbc.selectLong(a, "select nextval('cached_seq')")).isEqualTo(100);
            assertThat(Jdbc.selectLong(a, "select currval('cached_seq')")).isEqualTo(100);
            assertThat(Jdbc.selectLong(b, "select nextval('cached_seq')")).isEqualTo(110);
        }
    }

    @Test
    void pgbenchClientsGetDistinctValues() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create sequence bench_seq");
                Jdbc.execute(c, "create table bench_values (v bigint)");
            }
            Path script = Files.createTempFile("seq-pgbench-", ".sql");
            try {
                Files.writeString(script, "select nextval('bench_seq');\n"
                        + "insert into bench_values values (nextval('bench_seq'));\n");
                TestServer.handOver(script);
                Cli.Result run = Cli.pgbench(DEADLINE, server.port, "-n", "-c", "4", "-j", "2", "-t", "500", "-f",
                        script.toString());
                assertThat(run.exitCode()).as("pgbench: %s", run.all()).isZero();
                assertThat(run.stdout()).contains("number of failed transactions: 0");
            } finally {
                Files.deleteIfExists(script);
            }
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectLong(c, "select count(*) from bench_values")).isEqualTo(2000);
                assertThat(Jdbc.selectLong(c, "select count(distinct v) from bench_values")).isEqualTo(2000);
                // each client's two calls per transaction took 4,000 values in all, none twice
                assertThat(Jdbc.selectLong(c, "select last_value from bench_seq")).isEqualTo(4000);
            }
        }
    }

    @Test
    void killDashNineKeepsValuesMonotoneAndUnique() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create sequence crash_seq");
                Jdbc.execute(c, "create table crash_values (v bigint)");
            }
            long highest = 0;
            for (int round = 1; round <= 3; round++) {
                try (Connection c = Jdbc.connect(server)) {
                    // committed, rolled back, and taken after a checkpoint (the first change after it logs again)
                    for (int i = 0; i < 10; i++) {
                        Jdbc.execute(c, "insert into crash_values values (nextval('crash_seq'))");
                    }
                    c.setAutoCommit(false);
                    highest = Math.max(highest, Jdbc.selectLong(c, "select nextval('crash_seq')"));
                    highest = Math.max(highest, Jdbc.selectLong(c, "select nextval('crash_seq')"));
                    c.rollback();
                    c.setAutoCommit(true);
                    if (round == 2) {
                        Jdbc.execute(c, "checkpoint");
                    }
                    highest = Math.max(highest, Jdbc.selectLong(c, "select nextval('crash_seq')"));
                }
                server.crash();
                server.restart();
                try (Connection c = Jdbc.connect(server)) {
                    long next = Jdbc.selectLong(c, "select nextval('crash_seq')");
                    assertThat(next).as("round %d: first value after kill -9", round).isGreaterThan(highest);
                    highest = next;
                }
            }
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectLong(c, "select count(*) from crash_values")).isEqualTo(30);
                assertThat(Jdbc.selectLong(c, "select count(distinct v) from crash_values")).isEqualTo(30);
            }
        }
    }

    @Test
    void crashResetKeepsValuesAboveEveryOneHandedOut() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            long highest;
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create sequence reset_seq");
                c.setAutoCommit(false);
                for (int i = 0; i < 5; i++) {
                    Jdbc.selectLong(c, "select nextval('reset_seq')");
                }
                highest = Jdbc.selectLong(c, "select nextval('reset_seq')");
                c.rollback();
            }
            Connection victim = Jdbc.connect(server);
            int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
            Cli.Result kill = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D",
                    server.dataDir.toString(), "-c", "osgres:kill KILL " + victimPid);
            assertThat(kill.exitCode()).as(kill.all()).isZero();
            server.awaitLog("LOG:  all server processes terminated; reinitializing", Duration.ofSeconds(30));
            TestServer.await("ready after the crash reset", Duration.ofSeconds(30), () -> Cli.psql(
                    Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1").stdout().trim().equals("1"));
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectLong(c, "select nextval('reset_seq')")).isGreaterThan(highest);
            }
        }
    }

    @Test
    void serialColumnFillsGeneratedKeysAndReturning() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table items (id serial primary key, name text not null)");
            try (PreparedStatement insert = c.prepareStatement("insert into items (name) values (?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                for (String name : List.of("a", "b")) {
                    insert.setString(1, name);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        assertThat(keys.getInt("id")).isEqualTo(name.equals("a") ? 1 : 2);
                    }
                }
            }
            assertThat(Jdbc.selectInt(c, "insert into items (name) values ('c') returning id")).isEqualTo(3);
            assertThat(Jdbc.selectLong(c, "select currval('items_id_seq')")).isEqualTo(3);
            assertThat(Jdbc.selectString(c, "select pg_get_serial_sequence('items', 'id')"))
                    .isEqualTo("public.items_id_seq");
            Jdbc.execute(c, "drop table items");
            assertThatThrownBy(() -> Jdbc.selectLong(c, "select nextval('items_id_seq')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42P01");
                        assertThat(e.getMessage()).contains("relation \"items_id_seq\" does not exist");
                    });
        }
    }

    @Test
    void identityGeneratedAlwaysRefusesAValue() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table ids (id int generated always as identity, v text)");
            assertThat(Jdbc.selectInt(c, "insert into ids (v) values ('x') returning id")).isEqualTo(1);
            assertThatThrownBy(() -> Jdbc.execute(c, "insert into ids (id, v) values (5, 'y')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("428C9");
                        assertThat(e.getMessage())
                                .contains("cannot insert a non-DEFAULT value into column \"id\"")
                                .contains("Use OVERRIDING SYSTEM VALUE to override.");
                    });
            assertThat(Jdbc.selectInt(c, "insert into ids (v) values ('z') returning id")).isEqualTo(2);
        }
    }
}
