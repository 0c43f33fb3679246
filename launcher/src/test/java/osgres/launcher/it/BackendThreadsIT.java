package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * Backends on platform threads up to {@code osgres.platform_backends}, on virtual threads beyond (BackendThreads):
 * with the limit at 1, the first session gets the one platform thread (seen as an OS thread of the server named
 * {@code postgres: backend N}), the next ones run on virtual threads (no OS thread of their own); cancel and
 * terminate reach both kinds in a lock wait; a session that ends leaves its thread idle for the next connection,
 * which reuses it; connection churn from pgbench -C runs over both kinds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendThreadsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Linux keeps 15 bytes of a thread's name. */
    private static final String BACKEND = "postgres: backe";
    private static final String IDLE = "postgres: idle ";

    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.create("osgres.platform_backends = 1").start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onePlatformThreadThenVirtualThreadsAndReuse() throws Exception {
        // pg_isready's session at start-up may still hold the platform thread: wait until it is idle
        TestServer.await("no session on a platform thread", DEADLINE, () -> threadsNamed(BACKEND).isEmpty());
        long platformTid;
        try (Connection admin = Jdbc.connect(server.port)) {
            JdbcCrudIT.createTable(admin, "bt_row", "id integer primary key, val integer");
            Jdbc.execute(admin, "insert into bt_row values (1, 0)");
            TestServer.await("the first session's platform thread", DEADLINE,
                    () -> threadsNamed(BACKEND).size() == 1);
            platformTid = threadsNamed(BACKEND).get(0);
            assertThat(Jdbc.column(admin, "show osgres.platform_backends")).containsExactly("1");

            try (Connection waiter = Jdbc.connect(server.port); Connection second = Jdbc.connect(server.port)) {
                assertThat(Jdbc.selectInt(second, "select 1")).isEqualTo(1);
                assertThat(threadsNamed(BACKEND)).as("sessions beyond the limit run on virtual threads")
                        .containsExactly(platformTid);

                // a virtual-thread session waits for the platform-thread session's row lock: cancel reaches it
                admin.setAutoCommit(false);
                Jdbc.execute(admin, "update bt_row set val = 1 where id = 1");
                int waiterPid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
                Future<?> wait = threads.submit(Waits.call(() -> Jdbc.execute(waiter,
                        "update bt_row set val = 2 where id = 1")));
                Waits.assertStillWaiting(wait);
                assertThat(JdbcCrudIT.rows(second, "select pg_cancel_backend(" + waiterPid + ")"))
                        .containsExactly("t");
                Throwable canceled = Waits.failureOf(wait);
                assertThat(canceled).isInstanceOf(PSQLException.class);
                assertThat(((PSQLException) canceled).getSQLState()).isEqualTo("57014");

                // now the platform-thread session waits for a virtual-thread session: terminate reaches it
                admin.rollback();
                waiter.setAutoCommit(false);
                Jdbc.execute(waiter, "update bt_row set val = 3 where id = 1");
                int adminPid = Jdbc.selectInt(admin, "select pg_backend_pid()");
                Future<?> adminWait = threads.submit(Waits.call(() -> Jdbc.execute(admin,
                        "update bt_row set val = 4 where id = 1")));
                Waits.assertStillWaiting(adminWait);
                assertThat(JdbcCrudIT.rows(second, "select pg_terminate_backend(" + adminPid + ")"))
                        .containsExactly("t");
                Throwable terminated = Waits.failureOf(adminWait);
                assertThat(terminated).isInstanceOf(PSQLException.class);
                assertThat(((PSQLException) terminated).getSQLState()).isEqualTo("57P01");
                waiter.commit();
                assertThat(Jdbc.selectInt(second, "select val from bt_row where id = 1")).isEqualTo(3);
            }

        }
        TestServer.await("the ended session's thread to wait idle", DEADLINE,
                () -> threadsNamed(IDLE).contains(platformTid) && threadsNamed(BACKEND).isEmpty());

        List<Long> idle = threadsNamed(IDLE);
        try (Connection next = Jdbc.connect(server.port)) {
            assertThat(Jdbc.selectInt(next, "select val from bt_row where id = 1")).isEqualTo(3);
            TestServer.await("the next session on a platform thread", DEADLINE,
                    () -> threadsNamed(BACKEND).size() == 1);
            assertThat(idle).as("an idle OS thread reused, not a new one").contains(threadsNamed(BACKEND).get(0));
        }
    }

    @Test
    void connectionChurnRunsOverBothKinds() {
        Path script = server.dataDir.resolve("churn.sql");
        try {
            Files.writeString(script, "select count(*) from pg_stat_activity;\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Cli.Result r = Cli.pgbench(DEADLINE.multipliedBy(2), server.port, "-n", "-C", "-c", "4", "-j", "2", "-t",
                "50", "-f", script.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("number of transactions actually processed: 200/200");
    }

    /** The server's OS threads (their tids) whose name starts with {@code name}. */
    private List<Long> threadsNamed(String name) {
        List<Long> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(server.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    if (comm.startsWith(name.strip())) {
                        tids.add(Long.parseLong(task.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the thread ended while listed
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list the server's threads", e);
        }
        return tids;
    }
}
