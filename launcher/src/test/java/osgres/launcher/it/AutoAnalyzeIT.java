package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Autovacuum's auto-analyze fills the planner's column statistics as ANALYZE does: once a freshly loaded table has
 * been analysed by a worker (autovacuum_naptime = 1s), EXPLAIN's estimate for an equality on a column with ten
 * common values is the tenth of the rows its statistics give (never analysed, it would be the default 0.5%).
 * A plan cached before an ANALYZE is made again with the new statistics, in every session, as PostgreSQL's
 * relcache invalidation after ANALYZE does.
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

    @Test
    void cachedPlansAreMadeAgainAfterAnalyze() throws SQLException {
        // autovacuum (naptime 1s here) must not analyse it first
        sql("CREATE TABLE skew (id int, a int) WITH (autovacuum_enabled = false)");
        sql("INSERT INTO skew SELECT g, CASE WHEN g <= 9900 THEN 1 ELSE g END FROM generate_series(1, 10000) g");
        sql("CREATE INDEX skew_a ON skew (a)");
        try (Connection c = Jdbc.connect(server);
             PreparedStatement ps = c.prepareStatement("EXPLAIN (COSTS OFF) SELECT * FROM skew WHERE a = 1")) {
            // past prepareThreshold the statement is a server-side prepared one, planned once and cached
            for (int i = 0; i < 6; i++) {
                assertThat(plan(ps)).as("without statistics: the default selectivity of a = 1 is small")
                        .startsWith("Index Scan using skew_a on skew");
            }
            // ANALYZE in another session: 99% of the rows have a = 1
            sql("ANALYZE skew");
            assertThat(plan(ps)).as("the cached plan, made again with the statistics").startsWith("Seq Scan on skew");
        }
    }

    private static String plan(PreparedStatement ps) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
