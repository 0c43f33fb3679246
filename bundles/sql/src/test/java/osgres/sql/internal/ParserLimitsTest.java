package osgres.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

/**
 * The guards around JSqlParser, which still parses INSERT, UPDATE and DELETE: deep nesting is refused with
 * check_stack_depth's 54001 in no time, the deepest ordinary statements it lets through still parse, and a parse
 * that runs too long is stopped (ParserLimits). Queries (SELECT, VALUES, WITH) go through PostgreSQL's own grammar,
 * which takes a thousand levels in its stride, as PostgreSQL does.
 */
class ParserLimitsTest {

    private static String parentheses(int depth) {
        return "insert into t select " + "(".repeat(depth) + "1" + ")".repeat(depth);
    }

    private static String inSubqueries(int depth, int extraParentheses) {
        String open = "(".repeat(extraParentheses);
        String close = ")".repeat(extraParentheses);
        return "delete from t where a in " + ("(select a from t where " + open + "a in ").repeat(depth) + "(1)"
                + (close + ")").repeat(depth);
    }

    private static PgException refusal(String sql) {
        PgException e = catchThrowableOfType(PgException.class, () -> RawParser.parse(sql));
        assertThat(e).as("refused: %s", sql).isNotNull();
        return e;
    }

    /** Parses and returns the time it took in milliseconds. */
    private static long parseMillis(String sql) {
        long start = System.nanoTime();
        RawParser.parse(sql);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void thousandNestedParenthesesAreRefusedAtOnce() {
        long start = System.nanoTime();
        PgException e = refusal(parentheses(1000));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        assertThat(e.sqlState()).isEqualTo("54001");
        assertThat(e.getMessage()).isEqualTo("stack depth limit exceeded");
        assertThat(e.hint()).isEqualTo("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), "
                + "after ensuring the platform's stack depth limit is adequate.");
    }

    @Test
    void parenthesesUpToTheLimitReachTheParser() {
        StringBuilder sum = new StringBuilder("insert into t select 1");
        for (int i = 0; i < ParserLimits.MAX_PARENTHESIS_DEPTH; i++) {
            sum.append(" + (1");
        }
        sum.append(")".repeat(ParserLimits.MAX_PARENTHESIS_DEPTH));
        assertThat(parseMillis(sum.toString())).isLessThan(5000);
        assertThat(refusal(sum.toString().replace("select 1", "select (1") + ")").sqlState()).isEqualTo("54001");
    }

    @Test
    void subqueriesInExpressionsAreLimitedButDerivedTablesAreNot() {
        int limit = ParserLimits.MAX_EXPRESSION_SUBQUERY_DEPTH;
        // a DELETE's WHERE costs JSqlParser more backtracking than a SELECT's: a few levels below the limit
        assertThat(parseMillis(inSubqueries(limit - 4, 0))).isLessThan(5000);
        assertThat(refusal(inSubqueries(limit + 1, 0)).sqlState()).isEqualTo("54001");
        String derived = "select * from " + "(select * from ".repeat(50) + "t" + ") s".repeat(50);
        assertThat(parseMillis(derived)).isLessThan(5000);
    }

    @Test
    void queriesNestedAThousandDeepParseWithPostgresGrammarAtOnce() {
        long start = System.nanoTime();
        RawParser.RawStatement raw = RawParser.parse("select " + "(".repeat(1000) + "1" + ")".repeat(1000)).getFirst();
        assertThat(raw.pgNode()).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void ordinaryNestingIsNeverRefused() {
        RawParser.parse("select (select max(a) from t where a in (select b from u where exists "
                + "(select 1 from v where v.c = u.b and (v.d > 1 or (v.d < -1 and not (v.e is null))))))");
        RawParser.parse("select * from (select * from (select a, (select count(*) from u) from t) x) y "
                + "join (select 1 as a) z on true");
    }

    @Test
    void aParseThatRunsPastTheDeadlineIsStopped() {
        // within both static limits, yet 11-19 s of JSqlParser without the deadline (ParserLimits' header)
        int depth = ParserLimits.MAX_EXPRESSION_SUBQUERY_DEPTH;
        String sql = inSubqueries(depth, ParserLimits.MAX_PARENTHESIS_DEPTH / depth - 2);
        long start = System.nanoTime();
        PgException e = refusal(sql);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.sqlState()).isEqualTo("54001");
        assertThat(millis).isGreaterThanOrEqualTo(ParserLimits.PARSE_DEADLINE_MILLIS - 50).isLessThan(10_000);
    }
}
