package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A child that dies abnormally (here killed with SIGKILL through the shell) makes the postmaster stop every
 * other child, reinitialize shared memory (a new generation) and come back without a human, logging what
 * PostgreSQL logs.
 */
class CrashResetIT {

    private static Cli.Result shell(TestServer server, String command) {
        return Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                command);
    }

    @Test
    void killedBackendTriggersACrashResetAndTheServerComesBack() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            Connection victim = Jdbc.connect(server);
            Connection bystander = Jdbc.connect(server);
            int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
            assertThat(shell(server, "osgres:status").stdout()).contains("shared memory generation: 1");

            Cli.Result kill = shell(server, "osgres:kill KILL " + victimPid);
            assertThat(kill.exitCode()).as(kill.all()).isZero();

            server.awaitLog("LOG:  all server processes terminated; reinitializing", Duration.ofSeconds(30));
            assertThat(server.log())
                    .contains("LOG:  server process (PID " + victimPid + ") was terminated by signal 9: Killed")
                    .contains("LOG:  terminating any other active server processes");
            TestServer.await("ready again", Duration.ofSeconds(30), () -> Cli.psql(Duration.ofSeconds(30),
                    "127.0.0.1", server.port, "select 1").stdout().trim().equals("1"));
            assertThat(shell(server, "osgres:status").stdout()).contains("shared memory generation: 2")
                    .contains("PM_RUN");
            assertThatThrownBy(() -> Jdbc.selectInt(victim, "select 1")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> Jdbc.selectInt(bystander, "select 1")).isInstanceOf(SQLException.class);
            assertThat(server.pidFileLine(8)).isEqualTo("ready   ");
        }
    }

    @Test
    void crashWarningReachesOtherSessions() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            Process psql = new ProcessBuilder(Cli.tool("psql"), "-X", "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port), "-U", "postgres", "-c", "select pg_sleep(60)")
                    .redirectErrorStream(true).start();
            Connection victim = Jdbc.connect(server);
            int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
            TestServer.await("psql session active", Duration.ofSeconds(30),
                    () -> shell(server, "osgres:ps").stdout().contains("pg_sleep"));
            shell(server, "osgres:kill KILL " + victimPid);
            assertThat(psql.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String out = new String(psql.getInputStream().readAllBytes());
            assertThat(out).contains("WARNING:  terminating connection because of crash of another server process")
                    .contains("DETAIL:  The postmaster has commanded this server process to roll back the current "
                            + "transaction and exit, because another server process exited abnormally and possibly "
                            + "corrupted shared memory.");
            victim.close();
        }
    }

    @Test
    void aBackendWaitingForALockEndsInACrashResetAndLogsNothingAfterwards() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            Connection setup = Jdbc.connect(server);
            Jdbc.execute(setup, "create table crash_lock (id integer primary key, val integer)");
            Jdbc.execute(setup, "insert into crash_lock values (1, 0)");
            Connection holder = Jdbc.connect(server);
            holder.setAutoCommit(false);
            Jdbc.execute(holder, "update crash_lock set val = 1 where id = 1");
            Connection waiter = Jdbc.connect(server);
            int waiterPid = Jdbc.selectInt(waiter, "select pg_backend_pid()");
            java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<?> wait = thread.submit(Waits.call(() -> Jdbc.execute(waiter,
                        "update crash_lock set val = 2 where id = 1")));
                Waits.assertStillWaiting(wait);
                int victimPid = Jdbc.selectInt(setup, "select pg_backend_pid()");
                shell(server, "osgres:kill KILL " + victimPid);
                assertThat(Waits.failureOf(wait)).as("the lock wait ends with the crash")
                        .isInstanceOf(SQLException.class);
                String[] last = {""};
                try {
                    TestServer.await("ready again with the update rolled back", Duration.ofSeconds(60), () -> {
                        Cli.Result r = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port,
                                "select val from crash_lock");
                        last[0] = r.all();
                        return r.stdout().trim().equals("0");
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; psql: " + last[0] + "\nlog:\n" + server.log(), e);
                }
                String afterReset = server.log().substring(server.log()
                        .indexOf("all server processes terminated; reinitializing"));
                assertThat(afterReset).as("no old backend runs after the reset")
                        .doesNotContain("[" + waiterPid + "]");
            } finally {
                thread.shutdownNow();
            }
        }
    }

    @Test
    void restartAfterCrashOffShutsTheServerDown() throws Exception {
        try (TestServer server = TestServer.create("restart_after_crash = off").start()) {
            Connection victim = Jdbc.connect(server);
            int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
            shell(server, "osgres:kill KILL " + victimPid);
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(server.log()).contains("LOG:  shutting down because restart_after_crash is off");
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
        }
    }
}
