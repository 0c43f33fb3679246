package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Semi and anti joins through psql against the real distribution: EXISTS, NOT EXISTS and IN over 10k-row tables
 * show as PostgreSQL's join nodes in EXPLAIN (COSTS OFF), NOT IN as a hashed SubPlan, and the four-way join and
 * regression suite's nested EXISTS answer what the same question asked without a pulled-up sublink answers.
 * Results are compared, never timings (a generous deadline per statement only keeps a regression from hanging).
 */
class JoinPlanIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create().start();
        sql("CREATE TABLE tenk AS SELECT g AS unique1, (g * 7919) % 10000 AS unique2, g % 100 AS hundred,"
                + " g % 1000 AS thousand, g % 10 AS ten FROM generate_series(0, 9999) g");
        sql("CREATE INDEX tenk_thousand ON tenk (thousand)");
        sql("CREATE INDEX tenk_hundred ON tenk (hundred)");
        for (String copy : new String[] {"tenk_b", "tenk_c", "tenk_d"}) {
            sql("CREATE TABLE " + copy + " AS SELECT * FROM tenk");
            sql("CREATE INDEX " + copy + "_thousand ON " + copy + " (thousand)");
            sql("CREATE INDEX " + copy + "_hundred ON " + copy + " (hundred)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sql(String statement) {
        Cli.Result r = Cli.psql(DEADLINE, "127.0.0.1", server.port, statement);
        assertThat(r.exitCode()).as(statement + "\n" + r.all() + server.log()).isZero();
        return r.stdout().trim();
    }

    @Test
    void existsIsAHashSemiJoin() {
        String query = "SELECT count(*) FROM tenk a WHERE EXISTS (SELECT 1 FROM tenk_b b WHERE b.unique2 = a.unique1"
                + " AND b.ten < 5)";
        assertThat(sql("EXPLAIN (COSTS OFF) " + query)).contains("Hash Semi Join", "Hash Cond: (a.unique1 = b.unique2)");
        assertThat(sql(query)).isEqualTo("5000");
        // the same question as a subplan per row (EXISTS under OR is not pulled up)
        assertThat(sql("SELECT count(*) FROM tenk a WHERE a.unique1 < 300 AND (EXISTS (SELECT 1 FROM tenk_b b"
                + " WHERE b.unique2 = a.unique1 AND b.ten < 5) OR a.unique1 < 0)"))
                .isEqualTo(sql("SELECT count(*) FROM tenk a WHERE a.unique1 < 300 AND EXISTS (SELECT 1 FROM tenk_b b"
                        + " WHERE b.unique2 = a.unique1 AND b.ten < 5)"));
    }

    @Test
    void notExistsIsAHashAntiJoin() {
        String query = "SELECT count(*) FROM tenk a WHERE NOT EXISTS (SELECT 1 FROM tenk_b b"
                + " WHERE b.unique2 = a.unique1 AND b.ten < 5)";
        assertThat(sql("EXPLAIN (COSTS OFF) " + query)).contains("Hash Anti Join");
        assertThat(sql(query)).isEqualTo("5000");
    }

    @Test
    void inIsASemiJoinAndNotInAHashedSubPlanWithNullSemantics() {
        String in = "SELECT count(*) FROM tenk a WHERE a.thousand IN (SELECT b.hundred FROM tenk_b b WHERE b.ten = 3)";
        assertThat(sql("EXPLAIN (COSTS OFF) " + in)).contains("Semi Join");
        assertThat(sql(in)).isEqualTo("100");
        String notIn = "SELECT count(*) FROM tenk a WHERE a.thousand NOT IN (SELECT b.hundred FROM tenk_b b"
                + " WHERE b.ten = 3)";
        assertThat(sql("EXPLAIN (COSTS OFF) " + notIn)).contains("(NOT (hashed SubPlan");
        assertThat(sql(notIn)).isEqualTo("9900");
        // a null among the subquery's values: NOT IN is never true
        assertThat(sql("SELECT count(*) FROM tenk a WHERE a.thousand NOT IN (SELECT CASE WHEN b.ten = 3 THEN NULL"
                + " ELSE b.hundred END FROM tenk_b b)")).isEqualTo("0");
    }

    @Test
    void fourWayJoinOfTenThousandRowTables() {
        String query = "SELECT count(*), sum(d.unique1) FROM tenk a JOIN tenk_b b ON a.unique1 = b.unique2"
                + " JOIN tenk_c c ON b.unique1 = c.unique2 JOIN tenk_d d ON c.unique1 = d.unique2";
        String plan = sql("EXPLAIN (COSTS OFF) " + query);
        assertThat(plan).contains("Hash Join").doesNotContain("Nested Loop");
        assertThat(sql(query)).isEqualTo("10000|49995000");
    }

    @Test
    void hashJoinsAndAggregatesBeyondWorkMemSpillToDiskAndGiveTheSameAnswers() {
        String[] queries = {
            "SELECT count(*), sum(d.unique1) FROM tenk a JOIN tenk_b b ON a.unique1 = b.unique2"
                    + " JOIN tenk_c c ON b.unique1 = c.unique2 JOIN tenk_d d ON c.unique1 = d.unique2",
            "SELECT count(*) FROM tenk a WHERE NOT EXISTS (SELECT 1 FROM tenk_b b WHERE b.unique2 = a.unique1"
                    + " AND b.ten < 5)",
            "SELECT count(*), count(a.unique1), count(b.unique1) FROM (SELECT * FROM tenk WHERE ten < 7) a"
                    + " FULL JOIN (SELECT * FROM tenk_b WHERE ten > 2) b ON a.unique1 = b.unique2",
            "SELECT count(*), count(b.unique1) FROM tenk a LEFT JOIN tenk_b b ON a.unique1 = b.unique2 + 5000",
            // a hash aggregate of 3,000 groups: new groups beyond hash_mem are set aside, sorted on disk
            "SELECT count(*), sum(c), sum(s), min(m) FROM (SELECT unique2 % 3000 AS g, count(*) AS c,"
                    + " sum(unique1) AS s, max(ten) AS m FROM tenk GROUP BY unique2 % 3000) x",
        };
        for (String query : queries) {
            String inMemory = sql(query);
            Cli.Result r = Cli.psql(DEADLINE, Map.of("PGOPTIONS", "-c work_mem=64kB -c log_temp_files=0"), "postgres",
                    "127.0.0.1", server.port, query);
            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.stdout().trim()).as(query).isEqualTo(inMemory);
        }
        assertThat(server.log()).as("the spilled rows' temporary files, logged as they are deleted")
                .contains("temporary file: path \"base/pgsql_tmp/pgsql_tmp");
    }

    @Test
    void indexOnlyScanCountsItsHeapFetchesUnderAnalyze() {
        String query = "SELECT thousand FROM tenk WHERE thousand < 3";
        assertThat(sql("EXPLAIN (COSTS OFF) " + query)).contains("Index Only Scan using tenk_thousand on tenk");
        assertThat(sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query))
                .contains("Index Only Scan using tenk_thousand on tenk (actual rows=30 loops=1)", "Heap Fetches: 30");
        assertThat(sql("SELECT count(*) FROM (" + query + ") s")).isEqualTo("30");
        // a column outside the index: a plain index scan
        assertThat(sql("EXPLAIN (COSTS OFF) SELECT ten FROM tenk WHERE thousand < 3"))
                .contains("Index Scan using tenk_thousand on tenk").doesNotContain("Index Only");
    }

    @Test
    void analyzeStatisticsShapeEstimatesAndSurviveACrash() {
        sql("CREATE TABLE st AS SELECT g % 10 AS k, g AS v FROM generate_series(1, 1000) g");
        String eq = "EXPLAIN SELECT * FROM st WHERE k = 3";
        String group = "EXPLAIN SELECT k, count(*) FROM st GROUP BY k";
        sql("ANALYZE st");
        // 100 rows of each of 10 values: the most common values say so (the default would be 0.5% of the rows)
        assertThat(sql(eq)).contains("rows=100 ");
        assertThat(sql(group)).startsWith("HashAggregate").contains("rows=10 ");
        assertThat(sql("EXPLAIN SELECT * FROM st WHERE v <= 250")).contains("rows=250 ");
        server.crash();
        server.restart();
        assertThat(sql(eq)).as("statistics are kept on disk").contains("rows=100 ");
    }

    @Test
    void nestedExistsOfTheRegressionSuite() {
        // subselect.sql: "Test case for planner bug with nested EXISTS handling"
        assertThat(sql("SELECT a.thousand FROM tenk a, tenk_b b WHERE a.thousand = b.thousand"
                + " AND EXISTS (SELECT 1 FROM tenk_c c WHERE b.hundred = c.hundred"
                + " AND NOT EXISTS (SELECT 1 FROM tenk_d d WHERE a.thousand = d.thousand))")).isEmpty();
        // the same shape where the inner NOT EXISTS holds for every row: all of a join b
        assertThat(sql("SELECT count(*) FROM tenk a, tenk_b b WHERE a.thousand = b.thousand"
                + " AND EXISTS (SELECT 1 FROM tenk_c c WHERE b.hundred = c.hundred"
                + " AND NOT EXISTS (SELECT 1 FROM tenk_d d WHERE a.thousand = d.thousand AND d.ten > 10))"))
                .isEqualTo("100000");
    }
}
