package osgres.sql.internal.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.utils.PgType;

class QueryNormalizerTest {

    /** The normalised text of a one-statement query, or null when it is no lifting candidate. */
    private static String text(String sql) {
        List<QueryNormalizer.Piece> pieces = QueryNormalizer.normalize(sql);
        assertThat(pieces).hasSize(1);
        return pieces.getFirst().key() == null ? null : pieces.getFirst().shapeText();
    }

    private static QueryNormalizer.Piece piece(String sql) {
        return QueryNormalizer.normalize(sql).getFirst();
    }

    private static void unchanged(String sql) {
        assertThat(text(sql)).as(sql).isEqualTo(sql);
    }

    @Test
    void tpcbStatementsLiftEveryConstantWithItsMinus() {
        QueryNormalizer.Piece update =
                piece("UPDATE pgbench_accounts SET abalance = abalance + -4211 WHERE aid = 155338;");
        assertThat(update.shapeText())
                .isEqualTo("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2");
        assertThat(update.values()).containsExactly(-4211, 155338);
        assertThat(update.types()).containsExactly(PgType.INT4, PgType.INT4);
        assertThat(update.givenTypes()).containsExactly(23, 23);
        assertThat(text("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (3, 1, 42, -17, "
                + "CURRENT_TIMESTAMP)")).isEqualTo("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) "
                + "VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)");
        assertThat(piece("SELECT abalance FROM pgbench_accounts WHERE aid = 7").values()).containsExactly(7);
    }

    @Test
    void numbersKeepTheTypeTheirFormGives() {
        QueryNormalizer.Piece p = piece("select 1, 1.5, 3000000000, 99999999999999999999, 1e5, .5, -2147483648, "
                + "-9223372036854775808, 9223372036854775808");
        assertThat(p.types()).containsExactly(PgType.INT4, PgType.NUMERIC, PgType.INT8, PgType.NUMERIC,
                PgType.NUMERIC, PgType.NUMERIC, PgType.INT4, PgType.INT8, PgType.NUMERIC);
        assertThat(p.values()).containsExactly(1, new BigDecimal("1.5"), 3000000000L,
                new BigDecimal("99999999999999999999"), new BigDecimal("100000"), new BigDecimal("0.5"),
                Integer.MIN_VALUE, Long.MIN_VALUE, new BigDecimal("9223372036854775808"));
        assertThat(p.key()).endsWith("\u00004n8nnn48n");
        // 1 and 1.5 must never share a plan
        assertThat(piece("select 1").key()).isNotEqualTo(piece("select 1.5").key());
    }

    @Test
    void minusIsFoldedOnlyWhereTheGrammarFoldsIt() {
        assertThat(text("select a - 1 from t")).isEqualTo("select a - $1 from t");
        assertThat(piece("select a - 1 from t").values()).containsExactly(1);
        assertThat(text("select a - -1, (-2), 3 * -4 where - 5 < x"))
                .isEqualTo("select a - $1, ($2), $3 * $4 where $5 < x");
        assertThat(piece("select a - -1, (-2), 3 * -4 where - 5 < x").values()).containsExactly(-1, -2, 3, -4, -5);
        // :: binds tighter than unary minus: -5::text is -(5::text)
        assertThat(text("select -5::text")).isEqualTo("select -$1::text");
        assertThat(piece("select -5::text").values()).containsExactly(5);
        // a binary minus before 2147483648: if it were unary the constant would be int4, so keep it
        unchanged("select a -2147483648 from t");
        unchanged("select a - 9223372036854775808 from t");
    }

    @Test
    void constantsThatArePositionsCountsOrTypeModifiersStay() {
        unchanged("select a, b from t order by 1, 2 desc");
        unchanged("select a, count(*) from t group by 1");
        unchanged("select a from t limit 10 offset 5");
        unchanged("select a from t offset 5 rows fetch first 3 rows only");
        assertThat(text("select 'abc'::varchar(10), 1::numeric(10,2), cast(2 as char(3)), now()::timestamp(3)"))
                .isEqualTo("select $1::varchar(10), $2::numeric(10,2), cast($3 as char(3)), now()::timestamp(3)");
        unchanged("select a[1], b[2:3], array[4, 5] from t");
        assertThat(text("select a from t where b in (select c from u order by 1 limit 2) and d = 5"))
                .isEqualTo("select a from t where b in (select c from u order by 1 limit 2) and d = $1");
        assertThat(text("select a + 1 from t group by a having count(*) > 2 order by 1"))
                .isEqualTo("select a + $1 from t group by a having count(*) > $2 order by 1");
    }

    @Test
    void typedLiteralsStayAndCastLiteralsLift() {
        unchanged("select interval '1 day', date '2024-01-01', timestamp '2024-01-01 10:00', B'101', X'1f'");
        unchanged("select U&'d\\0061t'");
        unchanged("select a at time zone 'UTC' from t");
        assertThat(text("select a from t where a like 'x!%' escape '!'"))
                .isEqualTo("select a from t where a like $1 escape '!'");
        QueryNormalizer.Piece cast = piece("select '2024-01-01'::date, x from t where y = 'z'");
        assertThat(cast.shapeText()).isEqualTo("select $1::date, x from t where y = $2");
        assertThat(cast.values()).containsExactly("2024-01-01", "z");
        assertThat(cast.types()).containsExactly(PgType.UNKNOWN, PgType.UNKNOWN);
        assertThat(cast.givenTypes()).containsExactly(0, 0);
    }

    @Test
    void stringFormsAreUnescapedAndCommentsKept() {
        QueryNormalizer.Piece p = piece("select 'it''s', E'a\\nb\\'c', $$dollar 'x'$$, $q$a$$b$q$, 'con'\n 'tinued'");
        assertThat(p.shapeText()).isEqualTo("select $1, $2, $3, $4, $5");
        assertThat(p.values()).containsExactly("it's", "a\nb'c", "dollar 'x'", "a$$b", "continued");
        assertThat(text("select /* 1 */ 2 -- 3\n, '--' ")).isEqualTo("select /* 1 */ $1 -- 3\n, $2 ");
        assertThat(text("select.5, x from t where x='a'or x=-1 and y=2"))
                .isEqualTo("select $1, x from t where x=$2 or x=$3 and y=$4");
        // two literals side by side are a syntax error a parameter must not hide
        unchanged("select 'a' 'b'");
        unchanged("select 1 2");
    }

    @Test
    void onlyParameterlessQueriesAreCandidates() {
        assertThat(text("select $1 + 1")).isNull();
        assertThat(text("begin")).isNull();
        assertThat(text("create table t (a varchar(10) default 'x')")).isNull();
        assertThat(text("set work_mem = 1024")).isNull();
        assertThat(text("copy t from stdin")).isNull();
        assertThat(text("(select 1)")).isEqualTo("(select $1)");
        assertThat(text("select a from t")).isEqualTo("select a from t");
        assertThat(piece("select a from t").values()).isEmpty();
    }

    @Test
    void splitsLikeTheLexer() {
        String sql = "begin; update t set a = 1 where b = 'x;y'; ; end;";
        List<QueryNormalizer.Piece> pieces = sameSplit(sql, 3);
        assertThat(pieces.get(0).key()).isNull();
        assertThat(pieces.get(1).shapeText()).isEqualTo("update t set a = $1 where b = $2");
        assertThat(pieces.get(2).key()).isNull();
        assertThat(QueryNormalizer.normalize("  -- nothing\n ;")).isEmpty();
        assertThatThrownBy(() -> QueryNormalizer.normalize("select 'open"))
                .isInstanceOf(PgException.class).hasMessage("unterminated quoted string at or near \"'open\"");
    }

    @Test
    void semicolonsInParenthesesAndAtomicBodiesDoNotSplit() {
        sameSplit("create rule r as on insert to t do instead (notify a; notify b); select 1", 2);
        sameSplit("select 1; create function f() returns int begin atomic select 1; select case when true then 2"
                + " end; end; select (3)", 3);
        sameSplit("select (1; select 2)", 1);
    }

    private static List<QueryNormalizer.Piece> sameSplit(String sql, int count) {
        List<QueryNormalizer.Piece> pieces = QueryNormalizer.normalize(sql);
        List<QueryLexer.Piece> lexed = QueryLexer.split(sql);
        assertThat(lexed).hasSize(count);
        assertThat(pieces).hasSameSizeAs(lexed);
        for (int i = 0; i < pieces.size(); i++) {
            assertThat(pieces.get(i).start()).isEqualTo(lexed.get(i).start());
            assertThat(pieces.get(i).end()).isEqualTo(lexed.get(i).end());
        }
        return pieces;
    }
}
