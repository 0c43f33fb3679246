package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Autovacuum's auto-analyze fills the planner's column statistics as ANALYZE does: once a freshly loaded table has
 * been analysed by a worker (autovacuum_naptime = 1s), EXPLAIN's estimate for an equality on a column with ten
 * common values is the tenth of the rows its statistics give (never analysed, it would be the default 0.5%).
 */
class AutoAnalyzeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create("autovacuum_naptime = 1s").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sql(String statement) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port, statement);
        assertThat(r.exitCode()).as(statement + "\n" + r.all() + server.log()).isZero();
        return r.stdout().trim();
    }

    @Test
    void autoAnalyzeGathersColumnStatistics() {
        sql("CREATE TABLE aa (k int, v int)");
        sql("INSERT INTO aa SELECT g % 10, g FROM generate_series(1, 2000) g");
        TestServer.await("an autovacuum worker analysed aa", DEADLINE,
                () -> sql("SELECT last_autoanalyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'aa'")
                        .equals("t"));
        assertThat(sql("EXPLAIN SELECT * FROM aa WHERE k = 3")).contains("rows=200 ");
    }
}
