package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, acceptance 1: the SQL corpus, run as pg_regress runs PostgreSQL's regression files. Each
 * {@code src/test/sql/input/NAME.sql} runs in a fresh database through {@code psql -X -a -q -d DB < NAME.sql} with
 * stdout and stderr together (and {@code abs_srcdir} set to where {@code src/test/sql/data} was copied, as
 * pg_regress sets it for COPY FROM a server file), and what psql prints must equal {@code src/test/sql/expected/NAME.out} byte for byte.
 * The expected files are PostgreSQL 15's own output for the same input ({@code src/test/sql/regenerate-expected}
 * runs them on a real PostgreSQL 15), so a difference is osgres answering otherwise than PostgreSQL. On a
 * mismatch the actual output is kept in {@code target/sql-corpus/NAME.out} and the assertion shows both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlCorpusIT {
    private static final Path CORPUS = Path.of("src/test/sql");
    private static final Path RESULTS = Path.of("target/sql-corpus");
    /** Where the data files for COPY FROM a server file go: a fixed path, as COPY's error messages show it. */
    private static final Path DATA = Path.of("/tmp/osgres-sql-corpus");

    private TestServer server;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.create().start();
        Files.createDirectories(RESULTS);
        TestServer.deleteTree(DATA);
        Cli.Result copy = Cli.run(Duration.ofSeconds(30), "bash", "-c", "mkdir -p \"$1\" && cp -r \"$0\" \"$1\"/ "
                + "&& chmod -R a+rX \"$1\"", CORPUS.resolve("data").toString(), DATA.toString());
        assertThat(copy.exitCode()).as(copy.all()).isZero();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<String> corpus() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS.resolve("input"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - ".sql".length())));
        }
        assertThat(names).as("SQL files in %s", CORPUS.resolve("input")).isNotEmpty();
        return names.stream();
    }

    @ParameterizedTest(name = "{0}.sql")
    @MethodSource("corpus")
    void psqlPrintsWhatPostgresPrints(String name) throws IOException {
        String database = "corpus_" + name;
        Cli.Result create = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port,
                "create database " + database);
        assertThat(create.exitCode()).as(create.all()).isZero();

        Path input = CORPUS.resolve("input").resolve(name + ".sql");
        String expected = Files.readString(CORPUS.resolve("expected").resolve(name + ".out"), StandardCharsets.UTF_8);
        Cli.Result run = Cli.run(Duration.ofMinutes(2), Map.of("PGCONNECT_TIMEOUT", "10"), List.of("bash", "-c",
                "exec \"$0\" -X -a -q -h 127.0.0.1 -p \"$1\" -U postgres -d \"$2\" -v abs_srcdir=\"$4\" < \"$3\" 2>&1",
                Cli.tool("psql"), Integer.toString(server.port), database, input.toString(), DATA.toString()));
        String actual = run.stdout();
        Files.writeString(RESULTS.resolve(name + ".out"), actual, StandardCharsets.UTF_8);
        assertThat(actual).as("psql's output for %s (actual kept in %s)", input, RESULTS.resolve(name + ".out"))
                .isEqualTo(expected);
    }
}
