package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10, acceptance 5: the scripts of src/test/drivers, a psycopg 3 one (Debian's python3-psycopg for
 * /usr/bin/python3) and a node-postgres one (npm package pg 8, installed by this test into target/node-drivers
 * with {@code npm install pg@8}), run against the real distribution: arrays both ways and = ANY(list), json and
 * jsonb as dicts/objects, interval, uuid, numeric, timestamptz, bytea, NULLs, a SERIAL table with INSERT ...
 * RETURNING id, psycopg's named (server-side) cursors. Each script exits 0 and prints "ok" when every value is what
 * PostgreSQL 15 gives; a missing driver or runtime fails the test with the command that installs it, as the
 * build does for libpg_query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriversIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Path DRIVERS = Path.of("src/test/drivers").toAbsolutePath();
    private static final Path NODE_DIR = Path.of("target/node-drivers").toAbsolutePath();
    private static final String PYTHON = "/usr/bin/python3";

    private TestServer server;

    @BeforeAll
    void startServer() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void psycopgScriptGetsWhatPostgresGives() {
        Cli.Result probe = Cli.run(Duration.ofSeconds(60), PYTHON, "-c", "import psycopg");
        assertThat(probe.exitCode()).as("psycopg 3 is missing for %s; install it with: apt-get install -y "
                + "python3-psycopg\n%s", PYTHON, probe.all()).isZero();
        Cli.Result run = Cli.run(SCRIPT_TIMEOUT, PYTHON, DRIVERS.resolve("psycopg_check.py").toString(),
                "host=127.0.0.1 port=" + server.port + " user=postgres dbname=postgres connect_timeout=10");
        assertThat(run.exitCode()).as("psycopg_check.py:\n%s", run.all()).isZero();
        assertThat(run.stdout()).isEqualTo("ok\n");
    }

    @Test
    void nodePostgresScriptGetsWhatPostgresGives() {
        for (String tool : List.of("node", "npm")) {
            Cli.Result probe = Cli.run(Duration.ofSeconds(60), "sh", "-c", "command -v " + tool);
            assertThat(probe.exitCode()).as("%s is missing; install Node.js with: apt-get install -y nodejs npm",
                    tool).isZero();
        }
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/pg"))) {
            Cli.Result install = Cli.run(Duration.ofMinutes(5), "npm", "install", "--no-audit", "--no-fund",
                    "--prefix", NODE_DIR.toString(), "pg@8");
            assertThat(install.exitCode()).as("npm install --prefix %s pg@8 (needs the npm registry):\n%s", NODE_DIR,
                    install.all()).isZero();
        }
        Cli.Result run = Cli.run(SCRIPT_TIMEOUT, Map.of("NODE_PATH", NODE_DIR.resolve("node_modules").toString()),
                List.of("node", DRIVERS.resolve("node_pg_check.js").toString(), Integer.toString(server.port),
                        "postgres"));
        assertThat(run.exitCode()).as("node_pg_check.js:\n%s", run.all()).isZero();
        assertThat(run.stdout()).isEqualTo("ok\n");
    }
}
