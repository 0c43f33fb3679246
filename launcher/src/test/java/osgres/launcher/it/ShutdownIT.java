package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Acceptance 2 and 6: smart, fast and immediate shutdown with a session open, as SPEC.md describes them:
 * what that session sees, what a new connection sees, what pg_isready says, and when the server exits.
 */
class ShutdownIT {

    @Test
    void smartShutdownWaitsForSessionsToEnd() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            assertThat(Cli.pgIsReady("127.0.0.1", server.port).exitCode()).isZero();
            assertThat(Cli.pgIsReady(server.socketDir.toString(), server.port).exitCode()).isZero();
            Connection session = Jdbc.connect(server);
            server.signal("TERM");
            server.awaitLog("LOG:  received smart shutdown request", Duration.ofSeconds(30));

            Cli.Result probe = Cli.pgIsReady("127.0.0.1", server.port);
            assertThat(probe.exitCode()).as(probe.all()).isEqualTo(1);
            assertThat(probe.stdout()).contains("rejecting connections");
            Cli.Result refused = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.stderr()).contains("FATAL:  the database system is shutting down");
            assertThat(server.pidFileLine(8)).isEqualTo("stopping");

            assertThat(Jdbc.selectInt(session, "select 41 + 1")).isEqualTo(42);
            assertThat(server.process().isAlive()).isTrue();
            session.close();

            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
            assertThat(server.log()).contains("LOG:  database system is shut down");
            assertThat(Cli.pgIsReady("127.0.0.1", server.port).exitCode()).isEqualTo(2);
        }
    }

    @Test
    void fastShutdownTerminatesSessionsWith57P01() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            Connection session = Jdbc.connect(server);
            assertThat(Jdbc.selectInt(session, "select 1")).isEqualTo(1);
            server.signal("INT");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThatThrownBy(() -> Jdbc.selectInt(session, "select 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .isIn("57P01", "08006", "08003"));
            assertThat(server.log()).contains("LOG:  received fast shutdown request")
                    .contains("LOG:  aborting any active transactions")
                    .contains("LOG:  database system is shut down");
            assertThat(server.log().split("LOG:  shutting down\n", -1)).as("one \"shutting down\" line").hasSize(2);
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
        }
    }

    @Test
    void fastShutdownSendsTheAdministratorCommandFatalToTheSession() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            // psql holding a session open inside pg_sleep sees the FATAL text itself
            Process psql = new ProcessBuilder(Cli.tool("psql"), "-X", "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port), "-U", "postgres", "-c", "select pg_sleep(60)")
                    .redirectErrorStream(true).start();
            TestServer.await("psql session active", Duration.ofSeconds(30), () -> osgresPs(server)
                    .contains("pg_sleep"));
            server.signal("INT");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            String out = new String(psql.getInputStream().readAllBytes());
            assertThat(out).contains("FATAL:  terminating connection due to administrator command");
        }
    }

    @Test
    void immediateShutdownEndsEverythingAtOnce() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            Connection session = Jdbc.connect(server);
            server.signal("QUIT");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThatThrownBy(() -> Jdbc.selectInt(session, "select 1")).isInstanceOf(SQLException.class);
            assertThat(server.log()).contains("LOG:  received immediate shutdown request")
                    .contains("LOG:  database system is shut down")
                    .doesNotContain("aborting any active transactions");
            assertThat(server.dataDir.resolve("postmaster.pid")).doesNotExist();
            assertThat(Cli.pgIsReady("127.0.0.1", server.port).exitCode()).isEqualTo(2);
        }
    }

    static String osgresPs(TestServer server) {
        return Cli.run(Duration.ofSeconds(30), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                "osgres:ps").all();
    }
}
