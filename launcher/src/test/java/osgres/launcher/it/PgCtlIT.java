package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1, 4 and 7 through PostgreSQL's own pg_ctl (run as an unprivileged user when the tests run as
 * root, since pg_ctl refuses root): start -w, postmaster.pid, status, reload, restart, a second server on the
 * same data directory, stop.
 */
class PgCtlIT {
    private static final Duration PG_CTL = Duration.ofSeconds(120);
    private TestServer server;
    private Path serverLog;

    @BeforeEach
    void create() {
        server = TestServer.create();
        serverLog = server.root.resolve("pg_ctl.log");
        Cli.chownToTestUser(server.root);
    }

    @AfterEach
    void stop() {
        pgCtl("stop", "-m", "immediate");
        server.close();
    }

    private Cli.Result pgCtl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Cli.tool("pg_ctl"), "-D", server.dataDir.toString()));
        command.addAll(List.of(args));
        return Cli.runAsServerUser(PG_CTL, command);
    }

    /** pg_ctl start as the issue spells it, the port given on the command line with -o. */
    private Cli.Result start() {
        return pgCtl("-p", TestServer.osgresForServerUser(), "-o", "-p " + server.port, "-l", serverLog.toString(),
                "-w", "-t", "90", "start");
    }

    /** pg_ctl start with the port from postgresql.conf only (a command-line value would win over the file). */
    private Cli.Result startWithPortFromConfigFile() {
        return pgCtl("-p", TestServer.osgresForServerUser(), "-l", serverLog.toString(), "-w", "-t", "90", "start");
    }

    private String serverLog() {
        try {
            return Files.exists(serverLog) ? Files.readString(serverLog) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void pgCtlStartStatusRestartAndStop() throws Exception {
        Cli.Result start = start();
        assertThat(start.exitCode()).as(start.all() + serverLog()).isZero();
        assertThat(start.stdout()).contains("server started");

        List<String> pidFile = Files.readAllLines(server.dataDir.resolve("postmaster.pid"));
        assertThat(pidFile).hasSize(8);
        long pid = Long.parseLong(pidFile.get(0));
        assertThat(pidFile.get(1)).isEqualTo(server.dataDir.toString());
        assertThat(Long.parseLong(pidFile.get(2))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data
                .Offset.offset(600L));
        assertThat(pidFile.get(3)).isEqualTo(Integer.toString(server.port));
        assertThat(pidFile.get(4)).isEqualTo(server.socketDir.toString());
        assertThat(pidFile.get(5)).isEqualTo("127.0.0.1");
        assertThat(pidFile.get(6)).matches("[ \\d]{9} [ \\d]{9}");
        assertThat(pidFile.get(7)).isEqualTo("ready   ");
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElse("")).endsWith("/java");

        Cli.Result status = pgCtl("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.stdout()).contains("pg_ctl: server is running (PID: " + pid + ")")
                .contains(TestServer.osgresForServerUser());

        Cli.Result restart = pgCtl("-w", "-t", "90", "restart");
        assertThat(restart.exitCode()).as(restart.all() + serverLog()).isZero();
        long newPid = Long.parseLong(Files.readAllLines(server.dataDir.resolve("postmaster.pid")).get(0));
        assertThat(newPid).isNotEqualTo(pid);
        Cli.Result psql = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(psql.stdout().trim()).as(psql.all()).isEqualTo("1");

        Cli.Result stop = pgCtl("stop");
        assertThat(stop.exitCode()).as(stop.all()).isZero();
        assertThat(stop.stdout()).contains("server stopped");
        assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
        assertThat(Cli.pgIsReady("127.0.0.1", server.port).exitCode()).isEqualTo(2);
        assertThat(pgCtl("status").exitCode()).isEqualTo(3);
    }

    @Test
    void reloadAppliesChangesAndRefusesPortChange() throws Exception {
        assertThat(startWithPortFromConfigFile().exitCode()).as(serverLog()).isZero();
        Cli.Result before = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "show work_mem");
        assertThat(before.stdout().trim()).as(before.all()).isEqualTo("4MB");

        server.appendConfig("work_mem = '8MB'", "port = " + (server.port + 1));
        Cli.Result reload = pgCtl("reload");
        assertThat(reload.exitCode()).isZero();
        assertThat(reload.stdout()).contains("server signaled");

        TestServer.await("work_mem reloaded", Duration.ofSeconds(30), () -> Cli.psql(Duration.ofSeconds(30),
                "127.0.0.1", server.port, "show work_mem").stdout().trim().equals("8MB"));
        TestServer.await("restart-required line", Duration.ofSeconds(30), () -> serverLog()
                .contains("LOG:  parameter \"port\" cannot be changed without restarting the server"));
        assertThat(serverLog()).contains("LOG:  received SIGHUP, reloading configuration files")
                .contains("LOG:  parameter \"work_mem\" changed to \"8MB\"");
        assertThat(Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "show port").stdout().trim())
                .isEqualTo(Integer.toString(server.port));
    }

    @Test
    void secondServerOnTheSameDataDirectoryFailsWithTheLockFileFatal() throws Exception {
        assertThat(start().exitCode()).as(serverLog()).isZero();
        long pid = Long.parseLong(Files.readAllLines(server.dataDir.resolve("postmaster.pid")).get(0));

        Cli.Result second = Cli.runAsServerUser(Duration.ofSeconds(120), List.of(TestServer.osgresForServerUser(), "-D",
                server.dataDir.toString(), "-p", Integer.toString(server.port + 1)));
        assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
        assertThat(second.all()).contains("FATAL:  lock file \"postmaster.pid\" already exists")
                .contains("HINT:  Is another postmaster (PID " + pid + ") running in data directory \""
                        + server.dataDir + "\"?");

        assertThat(Long.parseLong(Files.readAllLines(server.dataDir.resolve("postmaster.pid")).get(0)))
                .isEqualTo(pid);
        Cli.Result psql = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(psql.stdout().trim()).as(psql.all()).isEqualTo("1");
    }
}
