package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance 9 and the operator commands: osgres shell -D DIR -c COMMAND against a running server. */
class ShellIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result shell(String command) {
        return Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                command);
    }

    @Test
    void statusPrintsTheStateAndTheChildren() throws Exception {
        try (Connection session = Jdbc.connect(server)) {
            int backendPid = Jdbc.selectInt(session, "select pg_backend_pid()");
            Cli.Result status = shell("osgres:status");
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(status.stdout()).contains("PM_RUN").contains(Long.toString(server.pid()))
                    .contains(Integer.toString(server.port)).contains(".s.PGSQL." + server.port)
                    .contains("shared memory generation: 1").contains(Integer.toString(backendPid))
                    .contains("client backend");
        }
    }

    @Test
    void psListsSessionsAndKillTermEndsOne() throws Exception {
        Connection session = Jdbc.connect(server);
        int backendPid = Jdbc.selectInt(session, "select pg_backend_pid()");
        assertThat(shell("osgres:ps").stdout()).contains(Integer.toString(backendPid)).contains("postgres");

        Cli.Result kill = shell("osgres:kill TERM " + backendPid);
        assertThat(kill.exitCode()).as(kill.all()).isZero();
        assertThatThrownBy(() -> Jdbc.selectInt(session, "select 1")).isInstanceOf(SQLException.class);
        TestServer.await("backend gone from ps", Duration.ofSeconds(30),
                () -> !shell("osgres:ps").stdout().contains(" " + backendPid + " "));
        session.close();
        Cli.Result psql = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(psql.stdout().trim()).isEqualTo("1");
    }

    @Test
    void shellWithoutAServerSaysSo() {
        Cli.Result r = Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D",
                server.root.resolve("nowhere").toString(), "-c", "osgres:status");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("could not connect to server shell");
    }
}
