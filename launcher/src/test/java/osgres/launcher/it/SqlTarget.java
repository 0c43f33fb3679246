package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server the SQL and durability acceptance tests (JdbcCrudIT, MvccIT, DurabilityIT, RecoveryIT) talk to: a
 * fresh osgres of the distribution, or a real PostgreSQL 15 already running, so the tests themselves can be
 * checked against the behaviour they demand:
 * <pre>
 *   -Dosgres.it.reference.port=PORT     PostgreSQL on 127.0.0.1:PORT (user postgres, trust)
 *   -Dosgres.it.reference.pgdata=DIR    its data directory, owned by the test user (Cli.TEST_USER) when root,
 *   -Dosgres.it.reference.pglog=FILE    and the log pg_ctl -l writes: needed for crash, stop and restart
 * </pre>
 * On the reference, a crash is {@code pg_ctl stop -m immediate} (no shutdown checkpoint, like kill -9 of
 * the osgres JVM) and a clean stop is {@code pg_ctl stop -m fast} (SIGINT). Tests drop and create their own
 * tables, so a reference server can be reused.
 */
final class SqlTarget implements AutoCloseable {
    private final TestServer server;
    private final int port;

    private SqlTarget(TestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static SqlTarget start(String... extraConfigLines) {
        Integer reference = Integer.getInteger("osgres.it.reference.port");
        if (reference != null) {
            return new SqlTarget(null, reference);
        }
        TestServer server = TestServer.create(extraConfigLines).start();
        return new SqlTarget(server, server.port);
    }

    boolean isReference() {
        return server == null;
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return server != null ? server.dataDir : Path.of(referenceProperty("pgdata"));
    }

    Connection connect() throws SQLException {
        return Jdbc.connect(port);
    }

    /** The whole server dies at once: kill -9 of the osgres JVM. */
    void crash() {
        if (server != null) {
            server.crash();
        } else {
            pgCtl("-m", "immediate", "stop");
        }
    }

    /** A fast shutdown (SIGINT), waiting for the server to exit 0. */
    void stopFast() {
        if (server != null) {
            server.signal("INT");
            assertThat(server.awaitExit(Duration.ofSeconds(120))).as("exit code after SIGINT").isZero();
        } else {
            pgCtl("-m", "fast", "stop");
        }
    }

    /** Starts again on the same data directory and waits until it accepts connections. */
    void restart() {
        if (server != null) {
            server.restart();
        } else {
            pgCtl("-l", referenceProperty("pglog"), "start");
        }
    }

    String log() {
        if (server != null) {
            return server.log();
        }
        try {
            return Files.readString(Path.of(referenceProperty("pglog")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_ctl"), "-D", referenceProperty(
                "pgdata"), "-w", "-t", "120"));
        command.addAll(List.of(args));
        Cli.Result r = Cli.runAsServerUser(Duration.ofSeconds(180), command);
        assertThat(r.exitCode()).as("pg_ctl %s: %s", String.join(" ", args), r.all()).isZero();
    }

    private static String referenceProperty(String name) {
        String value = System.getProperty("osgres.it.reference." + name);
        assertThat(value).as("-Dosgres.it.reference.%s for this test against a reference server", name)
                .isNotNull();
        return value;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
