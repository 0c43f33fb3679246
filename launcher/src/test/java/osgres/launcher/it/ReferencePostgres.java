package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL 15 that a test starts next to osgres, to compare what clients see on both (issue 10: "compare
 * with a real PostgreSQL 15 started by the test"): initdb with the superuser postgres, trust authentication, UTF8
 * and the C locale (as the corpus reference and bench/compare use), then pg_ctl start on a free loopback port, in a
 * temp directory owned by the test user when run as root. {@link #close} stops it (immediate) and removes the
 * directory. Needs Debian's postgresql-15, which the README's test command installs.
 */
final class ReferencePostgres implements AutoCloseable {
    private final Path root;
    private final Path data;
    final int port;

    private ReferencePostgres(Path root, int port) {
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Cli.PG_BIN.resolve("postgres"));
    }

    static ReferencePostgres start() {
        assertThat(installed()).as("PostgreSQL 15 in %s (apt-get install -y postgresql-15)", Cli.PG_BIN).isTrue();
        try {
            Path root = Files.createTempDirectory("osgres-reference-pg");
            Cli.chownToTestUser(root);
            ReferencePostgres pg = new ReferencePostgres(root, TestServer.freePort());
            Cli.Result init = Cli.runAsServerUser(Duration.ofSeconds(120), List.of(Cli.tool("initdb"), "-D",
                    pg.data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"));
            assertThat(init.exitCode()).as("initdb: %s", init.all()).isZero();
            Cli.Result start = Cli.runAsServerUser(Duration.ofSeconds(120), List.of(Cli.tool("pg_ctl"), "-D",
                    pg.data.toString(), "-l", root.resolve("log").toString(), "-w", "-t", "100", "-o",
                    "-p " + pg.port + " -k " + root + " -c listen_addresses=127.0.0.1", "start"));
            assertThat(start.exitCode()).as("pg_ctl start: %s", start.all()).isZero();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Cli.runAsServerUser(Duration.ofSeconds(60), List.of(Cli.tool("pg_ctl"), "-D", data.toString(), "-m",
                "immediate", "-w", "stop"));
        Cli.run(Duration.ofSeconds(60), "rm", "-rf", root.toString());
    }
}
