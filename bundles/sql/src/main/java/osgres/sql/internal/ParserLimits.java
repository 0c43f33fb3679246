/*
 * Guards around JSqlParser, whose backtracking can pin a CPU for seconds or forever on deeply nested input
 * (PostgreSQL's grammar has no such cliff; these go away once libpg_query parses, DESIGN.md). Both refuse the
 * statement with the error PostgreSQL gives when parsing or evaluation recurses too deep (check_stack_depth:
 * 54001 "stack depth limit exceeded"), and the session goes on:
 *
 *   1. before the parse, a pass over the lexer's tokens refuses parentheses nested deeper than 100, and
 *      subqueries inside expressions nested deeper than 10 (deterministic, costs nothing);
 *   2. during the parse, a deadline of one second sets JSqlParser's own {@code interrupted} flag (what its
 *      CCJSqlParserUtil timeout uses; its lookaheads test it and fail), which ends the parse within a few
 *      hundred milliseconds; a parse that ran past the deadline is refused even if it produced a tree, since
 *      the failed lookaheads may have chosen a wrong branch.
 * A StackOverflowError of the parser is the same error.
 *
 * Measured on this 2-core machine (JSqlParser 5.3, CCJSqlParser.Statement() with complex parsing off, best of
 * three in a fresh JVM), time per parse by nesting depth:
 *
 *   shape                                          10       15-17      20       50      100      200      400
 *   select ((((1))))                              1 ms      5 ms     10 ms    46 ms    94 ms   495 ms   2.5 s
 *   select * from t where ((((a = 1))))           3 ms      8 ms     13 ms    58 ms   146 ms   487 ms
 *   select 1 + (1 + (1 + ...))                    3 ms      3 ms      2 ms     3 ms    22 ms    20 ms
 *   abs(abs(...)), not (not ...), cast((...)),
 *     case when .. case, (a = 1 or (...)), derived
 *     tables, exists (select .. exists (...))     <7 ms    <10 ms    <14 ms   <30 ms   <14 ms
 *   select (select (select ... 1))              144 ms    2.5-6.4 s  >20 s
 *   select 1 + (select 1 + (select ...))         73 ms    0.9-3.6 s  >20 s   (12: 228 ms)
 *   where a in (select a .. where a in (...))   160 ms    2.5-9.8 s  >20 s   (12: 630 ms)
 *   select ((((1)))) at depth 1000: more than 20 s with a large stack (the report)
 *
 * Parenthesis depth alone costs about n^2.3 and is harmless up to 100; a subquery inside an expression (a "("
 * directly followed by SELECT, WITH or VALUES, not after FROM, JOIN or LATERAL) doubles the time with each
 * level. The two combine badly: ten nested IN subqueries with eight parentheses around each took 11-19 s, so no
 * pair of static limits that keeps ordinary queries (a handful of parentheses, two or three levels of
 * subqueries; generated SQL rarely past 20 parentheses) can bound the time alone; the deadline does. With it,
 * the same statements are refused after 0.5-0.9 s (deadline 500 ms in that measurement).
 */
package osgres.sql.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.sf.jsqlparser.parser.CCJSqlParser;

final class ParserLimits {

    /** Deepest parenthesis nesting accepted: ~0.1-0.15 s of JSqlParser at worst (measured above). */
    static final int MAX_PARENTHESIS_DEPTH = 100;
    /** Deepest nesting of subqueries inside expressions accepted: ~0.07-0.16 s alone (measured above). */
    static final int MAX_EXPRESSION_SUBQUERY_DEPTH = 10;
    /** Longest a JSqlParser parse may run; ordinary statements take well under 10 ms. */
    static final long PARSE_DEADLINE_MILLIS = 1000;

    private ParserLimits() {
    }

    /** Throws 54001 when the statement's tokens nest deeper than JSqlParser can parse in reasonable time. */
    static void check(List<QueryLexer.Token> tokens) {
        // subquery[d]: whether the parenthesis open at depth d (1-based) holds a subquery in an expression
        boolean[] subquery = new boolean[MAX_PARENTHESIS_DEPTH + 1];
        int depth = 0;
        int subqueryDepth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            if (t.kind() != QueryLexer.Kind.PUNCT) {
                continue;
            }
            if (t.text().equals("(")) {
                if (depth == MAX_PARENTHESIS_DEPTH) {
                    throw Messages.stackDepthExceeded();
                }
                depth++;
                subquery[depth] = opensExpressionSubquery(tokens, i);
                if (subquery[depth] && ++subqueryDepth > MAX_EXPRESSION_SUBQUERY_DEPTH) {
                    throw Messages.stackDepthExceeded();
                }
            } else if (t.text().equals(")") && depth > 0) {
                if (subquery[depth]) {
                    subqueryDepth--;
                }
                depth--;
            }
        }
    }

    private static boolean opensExpressionSubquery(List<QueryLexer.Token> tokens, int open) {
        if (open == 0 || open + 1 >= tokens.size()) {
            return false;
        }
        QueryLexer.Token next = tokens.get(open + 1);
        if (!next.isWord("select") && !next.isWord("with") && !next.isWord("values")) {
            return false;
        }
        QueryLexer.Token before = tokens.get(open - 1);
        return !before.isWord("from") && !before.isWord("join") && !before.isWord("lateral");
    }

    /**
     * Starts the deadline of one parse. The timer is the JDK's shared delayer thread (CompletableFuture
     * .orTimeout): nothing per parse but a queue entry, which {@link Deadline#cancel} removes at once, so a
     * finished parser is not kept reachable for a second.
     */
    static Deadline startDeadline(CCJSqlParser parser) {
        return startDeadline(parser, PARSE_DEADLINE_MILLIS);
    }

    static Deadline startDeadline(CCJSqlParser parser, long millis) {
        CompletableFuture<Void> running = new CompletableFuture<>();
        Deadline deadline = new Deadline(running, parser);
        running.orTimeout(millis, TimeUnit.MILLISECONDS).whenComplete((ignored, failure) -> {
            if (failure instanceof TimeoutException) {
                deadline.expire();
            }
        });
        return deadline;
    }

    /** One parse's deadline: expiring interrupts the parser; {@link #checkNotExpired} turns that into 54001. */
    static final class Deadline {
        private final CompletableFuture<Void> running;
        private final CCJSqlParser parser;
        private volatile boolean expired;

        private Deadline(CompletableFuture<Void> running, CCJSqlParser parser) {
            this.running = running;
            this.parser = parser;
        }

        private void expire() {
            expired = true;
            parser.interrupted = true; // a plain field JSqlParser's lookaheads read; they see it soon after
        }

        void checkNotExpired() {
            if (expired) {
                throw Messages.stackDepthExceeded();
            }
        }

        void cancel() {
            running.complete(null);
        }
    }
}
