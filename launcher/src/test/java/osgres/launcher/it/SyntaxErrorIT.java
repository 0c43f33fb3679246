package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, acceptance 2 (first step): syntax errors are PostgreSQL's own, from PostgreSQL 15's grammar
 * (osgres.pgquery): psql prints exactly the lines it prints against PostgreSQL 15 (the expected text below is
 * what {@code psql -X -f} printed against a real PostgreSQL 15 for the same file), including the error in a later
 * line of a statement, a statement after a good one, and the scanner's own errors. A statement PostgreSQL's grammar
 * accepts but osgres cannot run yet says so with 0A000 at the place osgres stopped.
 */
class SyntaxErrorIT {
    private static final String SCRIPT = """
            selec 1;
            select 1,
              2 3;
            select 1; selec 2;
            select $$abc
            """;
    private static final String POSTGRES_STDERR = """
            psql:FILE:1: ERROR:  syntax error at or near "selec"
            LINE 1: selec 1;
                    ^
            psql:FILE:3: ERROR:  syntax error at or near "3"
            LINE 2:   2 3;
                        ^
            psql:FILE:4: ERROR:  syntax error at or near "selec"
            LINE 1: selec 2;
                    ^
            psql:FILE:5: ERROR:  unterminated dollar-quoted string at or near "$$abc"
            LINE 1: select $$abc
                           ^
            """;

    private static TestServer server;
    private static Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.create().start();
        dir = Files.createTempDirectory("osgres-syntax-");
    }

    @AfterAll
    static void stop() {
        server.close();
        TestServer.deleteTree(dir);
    }

    @Test
    void psqlPrintsPostgresExactSyntaxErrorsWithLineAndCaret() throws IOException {
        Path file = dir.resolve("syntax.sql");
        Files.writeString(file, SCRIPT);
        Cli.Result r = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"),
                "-X", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "postgres", "-d", "postgres",
                "-f", file.toString()));
        assertThat(r.stderr()).isEqualTo(POSTGRES_STDERR.replace("FILE", file.toString()));
        assertThat(r.stdout()).contains("(1 row)");
    }

    @Test
    void validPostgresSyntaxNotRunHereYetIsFeatureNotSupported() {
        Cli.Result r = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"),
                "-X", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "postgres", "-d", "postgres",
                "-v", "VERBOSITY=verbose", "-c", "select 'x' from t where a operator(pg_catalog.=) 1"));
        assertThat(r.stderr()).startsWith("""
                ERROR:  0A000: syntax at or near "operator" is not supported yet
                LINE 1: select 'x' from t where a operator(pg_catalog.=) 1
                                                  ^
                """);
    }
}
