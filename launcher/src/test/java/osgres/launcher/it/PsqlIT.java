package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acceptance 3: psql over TCP and the Unix socket, pgJDBC with a prepared statement. */
class PsqlIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void psqlOverTcpPrintsOne() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(r.exitCode()).as(r.all() + server.log()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("1");
    }

    @Test
    void psqlOverUnixSocketPrintsOne() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), server.socketDir.toString(), server.port, "select 1");
        assertThat(r.exitCode()).as(r.all() + server.log()).isZero();
        assertThat(r.stdout().trim()).isEqualTo("1");
    }

    @Test
    void pgJdbcRunsAPreparedStatement() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + server.port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement ps = c.prepareStatement("select ?::int + 1")) {
            for (int i = 0; i < 10; i++) {
                ps.setInt(1, 41 + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42 + i);
                }
            }
        }
    }
}
