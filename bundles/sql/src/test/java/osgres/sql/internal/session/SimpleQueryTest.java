package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.Column;
import osgres.sql.internal.parser.ParseCache;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.utils.Messages;

class SimpleQueryTest {
    private final FakeBackend backend = new FakeBackend(true);

    private FakeBackend.Result ok(String sql) {
        FakeBackend.Result r = backend.query(sql);
        if (r.error() != null) {
            throw new AssertionError(sql + " failed: " + r.error().sqlState() + " " + r.error().getMessage(),
                    r.error());
        }
        return r;
    }

    private String value(String sql) {
        return ok(sql).value();
    }

    private PgException error(String sql) {
        PgException e = backend.query(sql).error();
        assertThat(e).as(sql).isNotNull();
        return e;
    }

    @Test
    void emptyQueriesAndCommentsGiveNoStatements() {
        assertThat(backend.session.parseSimple("")).isEmpty();
        assertThat(backend.session.parseSimple("  -- nothing\n /* at /* all */ */ ;;")).isEmpty();
        assertThat(ok("select 1; select 2;").tags()).containsExactly("SELECT 1", "SELECT 1");
    }

    @Test
    void literalsHavePostgresTypes() {
        FakeBackend.Result r = ok("select 1, 3000000000, 99999999999999999999, 1.50, 'a', true, null, -2147483648");
        assertThat(r.columns().getFirst()).extracting(Column::typeOid)
                .containsExactly(23, 20, 1700, 1700, 25, 16, 25, 23);
        assertThat(r.rows().getFirst()).containsExactly("1", "3000000000", "99999999999999999999", "1.50", "a", "t",
                null, "-2147483648");
        assertThat(r.columnNames()).containsOnly("?column?");
        assertThat(value("select 'it''s'")).isEqualTo("it's");
        assertThat(value("select E'a\\tb\\'c'")).isEqualTo("a\tb'c");
        assertThat(value("select $$dollar 'quoted'$$")).isEqualTo("dollar 'quoted'");
    }

    @Test
    void integerArithmeticFollowsPostgres() {
        assertThat(value("select 7 / 2")).isEqualTo("3");
        assertThat(value("select -7 % 3")).isEqualTo("-1");
        assertThat(value("select 2 + 3 * 4 - (1)")).isEqualTo("13");
        PgException overflow = error("select 2147483647 + 1");
        assertThat(overflow.sqlState()).isEqualTo("22003");
        assertThat(overflow.getMessage()).isEqualTo("integer out of range");
        assertThat(error("select 9223372036854775807 + 1").getMessage()).isEqualTo("bigint out of range");
        assertThat(error("select 32767::smallint + 1::smallint").getMessage()).isEqualTo("smallint out of range");
        PgException zero = error("select 1/0");
        assertThat(zero.sqlState()).isEqualTo("22012");
        assertThat(zero.getMessage()).isEqualTo("division by zero");
        assertThat(error("select 5 % 0").sqlState()).isEqualTo("22012");
        assertThat(error("select -2147483648::int").getMessage()).isEqualTo("integer out of range");
    }

    @Test
    void numericAndFloatArithmetic() {
        assertThat(value("select 1/3.0")).isEqualTo("0.33333333333333333333");
        assertThat(value("select 7/2.0")).isEqualTo("3.5000000000000000");
        assertThat(value("select 2.0/3")).isEqualTo("0.66666666666666666667");
        assertThat(value("select 123456789.123/7")).isEqualTo("17636684.160428571429");
        assertThat(value("select 0.000001/3")).isEqualTo("0.000000333333333333333333");
        assertThat(value("select 2.50*1.2")).isEqualTo("3.000");
        assertThat(value("select 7.5 % 2")).isEqualTo("1.5");
        assertThat(value("select 0.1::float8 + 0.2::float8")).isEqualTo("0.30000000000000004");
        assertThat(value("select 1e15::float8")).isEqualTo("1e+15");
        assertThat(value("select 1e14::float8")).isEqualTo("100000000000000");
        assertThat(value("select 0.00001::float8")).isEqualTo("1e-05");
        assertThat(value("select 1::float4/3")).isEqualTo("0.3333333333333333");
        assertThat(value("select 1000000::float4")).isEqualTo("1e+06");
        assertThat(value("select 'nan'::float8")).isEqualTo("NaN");
        assertThat(value("select '-inf'::float8")).isEqualTo("-Infinity");
        assertThat(ok("select 1 + 1.5, 1::int2 + 1::int2, 1::int4 + 1::float4, 2^3").columns().getFirst())
                .extracting(Column::typeOid).containsExactly(1700, 21, 701, 701);
        assertThat(error("select 1::float8/0").getMessage()).isEqualTo("division by zero");
        assertThat(error("select 1e300::float8 * 1e300::float8").getMessage())
                .isEqualTo("value out of range: overflow");
    }

    @Test
    void extraFloatDigitsZeroUsesFifteenDigits() {
        ok("set extra_float_digits = 0");
        assertThat(value("select 0.1::float8 + 0.2::float8")).isEqualTo("0.3");
    }

    @Test
    void castsAndTheirErrors() {
        FakeBackend.Result r = ok("select 1::int, 1::integer, '1'::text, 1::bigint, 1::smallint,"
                + " 1.5::double precision,"
                + " 1::real, 1::boolean, 'a'::varchar, 2.5::numeric, CAST(7 AS float8), '12'::int4 + 1");
        assertThat(r.columnNames()).containsExactly("int4", "int4", "text", "int8", "int2", "float8", "float4", "bool",
                "varchar", "numeric", "float8", "?column?");
        assertThat(r.columns().getFirst()).extracting(Column::typeOid)
                .containsExactly(23, 23, 25, 20, 21, 701, 700, 16, 1043, 1700, 701, 23);
        assertThat(r.rows().getFirst()).containsExactly("1", "1", "1", "1", "1", "1.5", "1", "t", "a", "2.5", "7",
                "13");
        assertThat(value("select 2.5::int")).isEqualTo("3");
        assertThat(value("select 2.5::float8::int")).isEqualTo("2");
        assertThat(value("select true::text")).isEqualTo("true");
        assertThat(value("select 'abc'::varchar(2)")).isEqualTo("ab");
        assertThat(value("select 0.1::float8::numeric")).isEqualTo("0.1");
        PgException bad = error("select 'abc'::int");
        assertThat(bad.sqlState()).isEqualTo("22P02");
        assertThat(bad.getMessage()).isEqualTo("invalid input syntax for type integer: \"abc\"");
        assertThat(bad.position()).isEqualTo(8);
        assertThat(error("select 'x'::boolean").getMessage())
                .isEqualTo("invalid input syntax for type boolean: \"x\"");
        assertThat(error("select 'x'::float8").getMessage())
                .isEqualTo("invalid input syntax for type double precision: \"x\"");
        assertThat(error("select 'x'::real").getMessage()).isEqualTo("invalid input syntax for type real: \"x\"");
        assertThat(error("select 'x'::numeric").getMessage())
                .isEqualTo("invalid input syntax for type numeric: \"x\"");
        assertThat(error("select 'x'::bigint").getMessage()).isEqualTo("invalid input syntax for type bigint: \"x\"");
        assertThat(error("select 'x'::timestamptz").getMessage())
                .isEqualTo("invalid input syntax for type timestamp with time zone: \"x\"");
        PgException range = error("select '99999999999'::int");
        assertThat(range.sqlState()).isEqualTo("22003");
        assertThat(range.getMessage()).isEqualTo("value \"99999999999\" is out of range for type integer");
        assertThat(error("select 40000::int2").getMessage()).isEqualTo("smallint out of range");
        assertThat(error("select '1e400'::float8").getMessage())
                .isEqualTo("\"1e400\" is out of range for type double precision");
        assertThat(error("select 1::foo").sqlState()).isEqualTo("42704");
        assertThat(error("select 1.5::boolean").sqlState()).isEqualTo("42846");
    }

    @Test
    void booleanLogicComparisonsAndCase() {
        assertThat(ok("select 1 < 2, 1 = 1.0, 'a' = 'a', 2 <> 2, 1 != 2, null = 1, true and null, false and null,"
                + " true or null, not true, 1 is null, null is null, 2 between 1 and 3, 3 in (1, 2)")
                .rows().getFirst())
                .containsExactly("t", "t", "t", "f", "t", null, null, "f", "t", "f", "f", "t", "t", "f");
        FakeBackend.Result r = ok("select case when 1 > 2 then 'a' else 'b' end,"
                + " case 2 when 1 then 10 when 2 then 20 end,"
                + " coalesce(null, 1, 2), 'a' || 'b' || 1, 1 || 'a', null || 'a'");
        assertThat(r.rows().getFirst()).containsExactly("b", "20", "1", "ab1", "1a", null);
        assertThat(r.columnNames()).containsExactly("case", "case", "coalesce", "?column?", "?column?", "?column?");
        PgException noOp = error("select 1 || 2");
        assertThat(noOp.sqlState()).isEqualTo("42883");
        assertThat(noOp.getMessage()).isEqualTo("operator does not exist: integer || integer");
        assertThat(noOp.hint()).isEqualTo(Messages.OPERATOR_HINT);
        assertThat(noOp.position()).isEqualTo(10);
        PgException textPlus = error("select 'a'::text + 1");
        assertThat(textPlus.getMessage()).isEqualTo("operator does not exist: text + integer");
        assertThat(textPlus.position()).isEqualTo(18);
        assertThat(error("select 'abc' + 1").position()).isEqualTo(8);
        assertThat(error("select case when 1 then 2 end").sqlState()).isEqualTo("42804");
        assertThat(error("select case when true then 1 else 'x'::text end").getMessage())
                .isEqualTo("CASE types integer and text cannot be matched");
    }

    @Test
    void functionsAndTheirColumnNames() {
        FakeBackend.Result r = ok("select version(), pg_backend_pid(), current_setting('work_mem'), current_user,"
                + " session_user, current_database(), current_schema(), upper('ab'), lower('AB'), length('héllo'),"
                + " abs(-3), abs(-2.5), now() = current_timestamp, random() < 1");
        assertThat(r.columnNames()).containsExactly("version", "pg_backend_pid", "current_setting", "current_user",
                "session_user", "current_database", "current_schema", "upper", "lower", "length", "abs", "abs",
                "?column?", "?column?");
        assertThat(r.rows().getFirst().getFirst()).startsWith("PostgreSQL 15.18");
        assertThat(r.rows().getFirst().subList(1, 14)).containsExactly("4242", "4MB", "alice", "alice", "db",
                "public", "AB", "ab", "5", "3", "2.5", "t", "t");
        assertThat(r.columns().getFirst().get(3).typeOid()).isEqualTo(19);
        assertThat(ok("select now()").columnNames()).containsExactly("now");
        assertThat(ok("select now()").columns().getFirst().getFirst().typeOid()).isEqualTo(1184);
        assertThat(value("select now()")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00");
        assertThat(value("select clock_timestamp() >= now()")).isEqualTo("t");
        assertThat(value("select current_setting('nosuch', true)")).isNull();
        PgException unknown = error("select foo(1)");
        assertThat(unknown.sqlState()).isEqualTo("42883");
        assertThat(unknown.getMessage()).isEqualTo("function foo(integer) does not exist");
        assertThat(unknown.hint()).isEqualTo(Messages.FUNCTION_HINT);
        assertThat(unknown.position()).isEqualTo(8);
        assertThat(error("select upper(1, 'a')").getMessage())
                .isEqualTo("function upper(integer, unknown) does not exist");
        assertThat(error("select current_setting('nosuch')").getMessage())
                .isEqualTo("unrecognized configuration parameter \"nosuch\"");
    }

    @Test
    void timestampsUseTheSessionTimeZone() {
        ok("set timezone = 'Asia/Kolkata'");
        assertThat(value("select '2020-01-01 10:00:00.5'::timestamptz")).isEqualTo("2020-01-01 10:00:00.5+05:30");
        assertThat(value("select '2020-01-01 10:00:00+00'::timestamptz")).isEqualTo("2020-01-01 15:30:00+05:30");
        assertThat(value("select '2020-01-01'::date")).isEqualTo("2020-01-01");
        assertThat(value("select '2020-01-01 10:00'::timestamp")).isEqualTo("2020-01-01 10:00:00");
    }

    @Test
    void pgSleepReturnsVoidAndCanBeCanceled() {
        FakeBackend.Result r = ok("select pg_sleep(0.01), 1");
        assertThat(r.columns().getFirst().getFirst().typeOid()).isEqualTo(2278);
        assertThat(r.rows().getFirst()).containsExactly("", "1");
        Thread canceller = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                backend.cancel();
                Thread.onSpinWait();
                if (backend.cancelPending) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        PgException e = error("select pg_sleep(30)");
        assertThat(e.sqlState()).isEqualTo("57014");
        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        canceller.interrupt();
    }

    @Test
    void signalFunctionsGoThroughThePostmaster() {
        FakeBackend.Result r = ok("select pg_cancel_backend(77), pg_terminate_backend(77), pg_reload_conf()");
        assertThat(r.rows().getFirst()).containsExactly("t", "t", "t");
        assertThat(backend.signals).containsExactly("INT 77", "TERM 77");
        assertThat(backend.reloads).isEqualTo(1);
        FakeBackend.Result missing = ok("select pg_cancel_backend(1), pg_terminate_backend(5)");
        assertThat(missing.rows().getFirst()).containsExactly("f", "f");
        assertThat(missing.notices()).extracting(PgException::getMessage).containsExactly(
                "PID 1 is not a PostgreSQL backend process", "PID 5 is not a PostgreSQL backend process");
        assertThat(missing.notices().getFirst().severity()).isEqualTo(osgres.api.Severity.WARNING);
    }

    @Test
    void fromClauseAndColumnsReportMissingRelations() {
        PgException e = error("select 1 from x");
        assertThat(e.sqlState()).isEqualTo("42P01");
        assertThat(e.getMessage()).isEqualTo("relation \"x\" does not exist");
        assertThat(e.position()).isEqualTo(15);
        assertThat(error("select abalance from pgbench_accounts where aid = 1").position()).isEqualTo(22);
        assertThat(error("insert into t values (1)").getMessage()).isEqualTo("relation \"t\" does not exist");
        PgException col = error("select x");
        assertThat(col.sqlState()).isEqualTo("42703");
        assertThat(col.getMessage()).isEqualTo("column \"x\" does not exist");
    }

    @Test
    void syntaxErrorsHavePositions() {
        PgException e = error("selec 1");
        assertThat(e.sqlState()).isEqualTo("42601");
        assertThat(e.getMessage()).isEqualTo("syntax error at or near \"selec\"");
        assertThat(e.position()).isEqualTo(1);
        PgException two = error("select 1 2");
        assertThat(two.getMessage()).isEqualTo("syntax error at or near \"2\"");
        assertThat(two.position()).isEqualTo(10);
        PgException end = error("select 1 +");
        assertThat(end.getMessage()).isEqualTo("syntax error at end of input");
        assertThat(end.position()).isEqualTo(11);
        PgException quote = error("select 'abc");
        assertThat(quote.getMessage()).isEqualTo("unterminated quoted string at or near \"'abc\"");
        assertThat(quote.position()).isEqualTo(8);
        assertThat(error("select E'\\n' + ; select 1").getMessage()).isEqualTo("syntax error at or near \";\"");
        PgException later = error("select 1;\nselect 1 2");
        assertThat(later.position()).isEqualTo(20);
        assertThat(error("begin work now").getMessage()).isEqualTo("syntax error at or near \"now\"");
    }

    @Test
    void multiStatementQueryStopsAtTheFirstError() {
        FakeBackend.Result r = backend.query("select 1; select 1/0; select 3");
        assertThat(r.tags()).containsExactly("SELECT 1");
        assertThat(r.error().sqlState()).isEqualTo("22012");
        assertThat(r.status()).isEqualTo('I');
    }

    @Test
    void parametersAreRejectedInSimpleQueries() {
        PgException e = error("select $1");
        assertThat(e.sqlState()).isEqualTo("42P02");
        assertThat(e.getMessage()).isEqualTo("there is no parameter $1");
    }

    @Test
    void selectWithWhereAndLimit() {
        assertThat(ok("select 1 where false").tags()).containsExactly("SELECT 0");
        assertThat(ok("select 1 where 1 = 1 limit 5").tags()).containsExactly("SELECT 1");
        assertThat(ok("select 1 as a, 2 \"B\", 3 c").columnNames()).containsExactly("a", "B", "c");
        assertThat(error("select 1 where 1").getMessage())
                .isEqualTo("argument of WHERE must be type boolean, not type integer");
    }

    @Test
    void parseCacheAvoidsReparsing() {
        ParseCache cache = new ParseCache(10);
        List<RawParser.RawStatement> first = cache.parse("select 1");
        assertThat(cache.parse("select 1")).isSameAs(first);
        assertThat(cache.size()).isEqualTo(1);
    }
}
