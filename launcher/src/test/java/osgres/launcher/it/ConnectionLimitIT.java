package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Acceptance 5: max_connections exceeded gives PostgreSQL's 53300 FATAL; a freed slot is usable again. */
class ConnectionLimitIT {

    @Test
    void nextPsqlPrintsTooManyClients() throws Exception {
        try (TestServer server = TestServer.create("max_connections = 3",
                "superuser_reserved_connections = 0").start()) {
            List<Connection> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    sessions.add(Jdbc.connect(server));
                }
                Cli.Result refused = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
                assertThat(refused.exitCode()).isEqualTo(2);
                assertThat(refused.stderr()).contains("FATAL:  sorry, too many clients already");
                Cli.Result probe = Cli.pgIsReady("127.0.0.1", server.port);
                assertThat(probe.exitCode()).as("53300 still means the server is up").isZero();

                sessions.remove(0).close();
                TestServer.await("slot freed", Duration.ofSeconds(30), () -> Cli.psql(Duration.ofSeconds(30),
                        "127.0.0.1", server.port, "select 1").stdout().trim().equals("1"));
                for (Connection c : sessions) {
                    assertThat(Jdbc.selectInt(c, "select 7")).isEqualTo(7);
                }
            } finally {
                for (Connection c : sessions) {
                    c.close();
                }
            }
        }
    }
}
