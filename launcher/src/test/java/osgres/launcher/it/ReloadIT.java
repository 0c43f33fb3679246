package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A reload reaches DS components through ConfigAdmin: osgres.config pushes the new values, the backend
 * factory receives them in {@code @Modified} without being re-created, and the next connection follows them.
 */
class ReloadIT {

    @Test
    void reloadedLogConnectionsReachesTheBackendThroughConfigAdmin() {
        try (TestServer server = TestServer.create().start()) {
            Cli.Result first = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
            assertThat(first.stdout().trim()).isEqualTo("1");
            assertThat(server.log()).doesNotContain("connection received");

            server.appendConfig("log_connections = on");
            server.signal("HUP");
            server.awaitLog("LOG:  parameter \"log_connections\" changed to \"on\"", Duration.ofSeconds(30));
            TestServer.await("a connection logged", Duration.ofSeconds(30), () -> {
                Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
                return server.log().contains("LOG:  connection received: host=127.0.0.1 port=");
            });
            assertThat(server.log()).contains("LOG:  connection authorized: user=postgres database=postgres "
                    + "application_name=psql");
            Cli.Result show = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "show log_connections");
            assertThat(show.stdout().trim()).isEqualTo("on");
        }
    }
}
