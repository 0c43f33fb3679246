package osgres.pgquery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.pgquery.tree.PgQuery;

class PgParserTest {

    @Test
    void parsesPgbenchsSelectIntoPostgresTree() {
        PgQuery.ParseResult result = PgParser.parse("SELECT abalance FROM pgbench_accounts WHERE aid = 48213");
        assertThat(result.getStmtsCount()).isEqualTo(1);
        PgQuery.SelectStmt select = result.getStmts(0).getStmt().getSelectStmt();
        assertThat(select.getFromClause(0).getRangeVar().getRelname()).isEqualTo("pgbench_accounts");
        PgQuery.A_Expr where = select.getWhereClause().getAExpr();
        assertThat(where.getName(0).getString().getSval()).isEqualTo("=");
        assertThat(where.getRexpr().getAConst().getIval().getIval()).isEqualTo(48213);
    }

    @Test
    void parsesWhatPsqlSendsForBackslashD() {
        PgQuery.ParseResult result = PgParser.parse("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c "
                + "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default "
                + "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3; SELECT 1");
        assertThat(result.getStmtsCount()).isEqualTo(2);
    }

    @Test
    void syntaxErrorIsPostgresMessageAndCursor() {
        assertThatThrownBy(() -> PgParser.parse("selec 1")).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("42601");
            assertThat(e.getMessage()).isEqualTo("syntax error at or near \"selec\"");
            assertThat(e.position()).isEqualTo(1);
        });
        assertThatThrownBy(() -> PgParser.parse("select 1 +")).isInstanceOfSatisfying(PgException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("syntax error at end of input");
            assertThat(e.position()).isEqualTo(11);
        });
    }

    @Test
    void aThousandDeepExpressionParses() {
        String sql = "select " + "(".repeat(1000) + "1" + ")".repeat(1000);
        assertThat(PgParser.parse(sql).getStmtsCount()).isEqualTo(1);
        String sum = "select " + "1 + ".repeat(1000) + "1";
        assertThat(PgParser.parse(sum).getStmtsCount()).isEqualTo(1);
    }

    @Test
    void parsesConcurrentlyFromManyThreads() throws Exception {
        Thread[] threads = new Thread[8];
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                for (int k = 0; k < 2000; k++) {
                    PgQuery.ParseResult r = PgParser.parse("select " + n + " + " + k + " from t where a = $1");
                    if (r.getStmtsCount() != 1) {
                        failures.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).hasValue(0);
    }
}
