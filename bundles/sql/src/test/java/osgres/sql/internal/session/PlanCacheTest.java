package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.sql.Column;
import osgres.sql.Portal;
import osgres.sql.Statement;
import osgres.sql.internal.parser.RawParser;

class PlanCacheTest {
    private final FakeBackend lifted = new FakeBackend(true);
    private final FakeBackend exact = new FakeBackend(true);

    PlanCacheTest() {
        ((SqlSessionImpl) exact.session).liftConstants = false;
    }

    private static SqlSessionImpl session(FakeBackend backend) {
        return (SqlSessionImpl) backend.session;
    }

    /** What the client sees of a query: tags, column names and types, rows, and the error with its position. */
    private static String outcome(FakeBackend.Result r) {
        StringBuilder out = new StringBuilder();
        out.append(r.tags()).append(' ');
        for (List<Column> cols : r.columns()) {
            for (Column c : cols) {
                out.append(c.name()).append(':').append(c.typeOid()).append('/').append(c.typeModifier()).append(' ');
            }
        }
        out.append(r.rows());
        if (r.error() != null) {
            out.append(" ERROR ").append(r.error().sqlState()).append(' ').append(r.error().getMessage())
                    .append(" at ").append(r.error().position());
        }
        return out.append(" status ").append(r.status()).toString();
    }

    private void both(String sql) {
        String expected = outcome(exact.query(sql));
        String got = outcome(lifted.query(sql));
        assertThat(got).as(sql).isEqualTo(expected);
    }

    private void setUpBoth(String... statements) {
        for (String sql : statements) {
            for (FakeBackend b : List.of(lifted, exact)) {
                FakeBackend.Result r = b.query(sql);
                assertThat(r.error()).as(sql).isNull();
            }
        }
    }

    private void pgbenchTables() {
        setUpBoth("create table pgbench_history(tid int,bid int,aid int,delta int,mtime timestamp,filler char(22))",
                "create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84))",
                "create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84))",
                "create table pgbench_branches(bid int not null,bbalance int,filler char(88))",
                "insert into pgbench_branches(bid,bbalance) select bid, 0 from generate_series(1, 2) as bid",
                "insert into pgbench_tellers(tid,bid,tbalance) select tid, (tid - 1) / 10 + 1, 0 "
                        + "from generate_series(1, 20) as tid",
                "insert into pgbench_accounts(aid,bid,abalance,filler) select aid, (aid - 1) / 100 + 1, 0, '' "
                        + "from generate_series(1, 200) as aid",
                "alter table pgbench_branches add primary key (bid)",
                "alter table pgbench_tellers add primary key (tid)",
                "alter table pgbench_accounts add primary key (aid)");
    }

    private static String[] tpcb(int aid, int tid, int bid, int delta) {
        return new String[] {
            "UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = " + aid + ";",
            "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";",
            "UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = " + tid + ";",
            "UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = " + bid + ";",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid + ", " + bid + ", " + aid
                    + ", " + delta + ", CURRENT_TIMESTAMP);"};
    }

    @Test
    void tpcbGivesTheSameResultsLiftedAndExact() {
        pgbenchTables();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 30; i++) {
            both("BEGIN;");
            for (String sql : tpcb(1 + random.nextInt(200), 1 + random.nextInt(20), 1 + random.nextInt(2),
                    random.nextInt(10001) - 5000)) {
                both(sql);
            }
            both("END;");
        }
        both("select sum(abalance), count(*) from pgbench_accounts");
        both("select sum(delta), count(*) from pgbench_history");
        both("select tid, tbalance from pgbench_tellers where tbalance <> 0 order by 1");
        // the same transaction as one multi-statement Query
        both("BEGIN;UPDATE pgbench_accounts SET abalance = abalance + -17 WHERE aid = 42;"
                + "SELECT abalance FROM pgbench_accounts WHERE aid = 42;END;");
    }

    @Test
    void queriesGiveTheSameResultsLiftedAndExact() {
        pgbenchTables();
        setUpBoth("create table t (id int primary key, name varchar(10) not null default 'x', n numeric(6,2), "
                + "d date, big bigint)");
        String[] queries = {
            "select 1, 1.50, -7, 3000000000, -2147483648, 99999999999999999999, 1e3, 'x', 'x'::varchar(1)",
            "select 10 / 4, 10 / 4.0, 7 % 3, 2 - -3, -5 + 2, 1.5 = 1, 3000000000 > 1",
            "select 2147483647 + 1",
            "select 1/0",
            "select 'abc'::int",
            "select 1 + 'x'",
            "select '5' + 1, '2024-02-28'::date + 1, '12.5'::numeric * 2",
            "select 'x'::date",
            "select -5::text",
            "select 'a' 'b'",
            "select 1 2",
            "select 'abc'::varchar(2), 'abcdef'::char(3), 12.345::numeric(5,2)",
            "select E'a\\tb', $$dollar's$$, 'it''s', length('héllo'), upper('abc'), 'a' || 'b' || 1",
            "select coalesce(null, 5), coalesce(null, 'x'), case when 1 > 2 then 'a' else 'b' end",
            "insert into t values (1, 'a', 1.005, '2024-01-01', 5), (2, default, null, null, 3000000000) "
                    + "returning id, name, n",
            "insert into t values (3, 'abcdefghijkl')",
            "insert into t values ('x', 'a')",
            "insert into t (id, name) values (1, 'b')",
            "insert into t (id) values (1) on conflict do nothing",
            "insert into t values (4, null)",
            "update t set n = n + 1.5, name = name || '!' where id = 1 returning n, name",
            "select id, name, n, d, big from t where big = 3000000000 or big = 5 order by 1",
            "select id from t where n > 2 and d < '2025-01-01' and name like 'a%'",
            "select aid, abalance from pgbench_accounts where aid between 3 and 7 order by 1 desc limit 2",
            "select aid from pgbench_accounts where aid in (5, 6, 250) order by aid offset 1",
            "select count(*), sum(abalance) from pgbench_accounts where bid = 1 and abalance >= -5",
            "select abalance from pgbench_accounts where aid = '5'",
            "select abalance from pgbench_accounts where aid = 99999999999",
            "select abalance from pgbench_accounts where aid = 5.0",
            "select abalance from pgbench_accounts where aid = 'five'",
            "select count(*) from pgbench_accounts where filler = ''",
            "select bid + 1, count(*) from pgbench_accounts group by bid + 1 order by 1",
            "select bid, count(*) from pgbench_accounts group by 1 having count(*) > 50 order by 1",
            "select case when aid > 3 then 'big' else 'small' end as size from pgbench_accounts where aid < 6 "
                    + "order by aid",
            "select nosuch from pgbench_accounts where aid = 123456",
            "select aid from pgbench_accounts where aid = 1 and nosuch = 'abc'",
            "select aid from nosuch where aid = 1",
            "select pg_typeof(1), pg_typeof(1.5), pg_typeof(3000000000), pg_typeof('x')",
            "select $1",
            "delete from pgbench_history where tid = 3",
            "delete from t where id >= 2 returning name",
        };
        for (String sql : queries) {
            both(sql);
        }
        both("update t set name = 'q' where id = 1; selec 2");
        both("select 1; select 'x'::date; select 3");
        both("begin; insert into t values (5, 'e'); select 1/0;");
        both("select 1");
        both("rollback");
        both("select count(*) from t where id = 5");
    }

    @Test
    void newConstantsReuseTheShapeWithoutParsingOrAnalysing() {
        pgbenchTables();
        lifted.query("UPDATE pgbench_accounts SET abalance = abalance + -17 WHERE aid = 42");
        long parses = RawParser.parseCount();
        long analyses = ParsedStatement.analysisCount();
        long hits = session(lifted).planCache().hits();
        for (int i = 1; i <= 100; i++) {
            FakeBackend.Result r = lifted.query("UPDATE pgbench_accounts SET abalance = abalance + " + (i - 50)
                    + " WHERE aid = " + i);
            assertThat(r.tags()).containsExactly("UPDATE 1");
        }
        assertThat(RawParser.parseCount() - parses).isZero();
        assertThat(ParsedStatement.analysisCount() - analyses).isZero();
        assertThat(session(lifted).planCache().hits() - hits).isEqualTo(100);
        assertThat(lifted.query("select abalance from pgbench_accounts where aid = 60").value()).isEqualTo("10");
        // the exact path parses every new text
        long exactParses = RawParser.parseCount();
        for (int i = 1; i <= 10; i++) {
            exact.query("UPDATE pgbench_accounts SET abalance = abalance + " + i + " WHERE aid = " + i);
        }
        assertThat(RawParser.parseCount() - exactParses).isEqualTo(10);
    }

    @Test
    void aRepeatedTextWhoseShapeFailsIsParsedOnlyUntilItIsCached() {
        both("select pg_typeof('x')");
        both("select pg_typeof('x')");
        long parses = RawParser.parseCount();
        for (int i = 0; i < 5; i++) {
            assertThat(lifted.query("select pg_typeof('x')").value()).isEqualTo("unknown");
        }
        assertThat(RawParser.parseCount() - parses).isZero();
    }

    @Test
    void literalKindsGetTheirOwnShapes() {
        FakeBackend.Result small = lifted.query("select 1");
        FakeBackend.Result decimal = lifted.query("select 1.5");
        FakeBackend.Result big = lifted.query("select 3000000000");
        assertThat(small.columns().getFirst().getFirst().typeOid()).isEqualTo(23);
        assertThat(decimal.columns().getFirst().getFirst().typeOid()).isEqualTo(1700);
        assertThat(big.columns().getFirst().getFirst().typeOid()).isEqualTo(20);
        assertThat(session(lifted).planCache().size()).isEqualTo(3);
    }

    @Test
    void ddlInvalidatesShapes() {
        setUpBoth("create table d (id int, v text)", "insert into d values (1, 'one')");
        both("select * from d where id = 1");
        both("select v from d where id = 2");
        setUpBoth("alter table d add column w int");
        both("select * from d where id = 1");
        setUpBoth("drop table d", "create table d (id text, v int)", "insert into d values ('1', 7)");
        both("select v from d where id = 1");
        both("select v from d where id = '1'");
        setUpBoth("drop table d");
        both("select v from d where id = '1'");
        setUpBoth("create table d (id int, v int)", "insert into d values (1, 8)");
        both("select v from d where id = '1'");
        assertThat(lifted.query("select v from d where id = '1'").value()).isEqualTo("8");
    }

    @Test
    void theCacheIsBounded() {
        setUpBoth("create table b (id int)");
        for (int i = 0; i < SimplePlanCache.DEFAULT_CAPACITY + 50; i++) {
            assertThat(lifted.query("select id as c" + i + " from b where id = " + i).error()).isNull();
        }
        assertThat(session(lifted).planCache().size()).isEqualTo(SimplePlanCache.DEFAULT_CAPACITY);
    }

    @Test
    void repeatedParseOfTheSameTextIsNotReanalysedAndBindConverts() {
        pgbenchTables();
        String sql = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
        Statement first = lifted.session.prepare(sql, new int[0]);
        long analyses = ParsedStatement.analysisCount();
        for (int i = 1; i <= 20; i++) {
            Statement s = lifted.session.prepare(sql, new int[0]);
            assertThat(s).isSameAs(first);
            List<String> got = new ArrayList<>();
            Portal p = lifted.session.bind(s, List.of(String.valueOf(i).getBytes(StandardCharsets.UTF_8)),
                    new short[0], new short[0]);
            p.execute(0, v -> got.add(new String(v[0], StandardCharsets.UTF_8)));
            lifted.session.sync();
            assertThat(got).containsExactly("0");
        }
        assertThat(ParsedStatement.analysisCount() - analyses).isZero();
        assertThat(lifted.session.prepare(sql, new int[] {20})).isNotSameAs(first);
    }

    @Test
    void portalShowsTheQueryTextNotTheShape() {
        Statement s = lifted.session.parseSimple("select 41 + 1").getFirst();
        assertThat(s.sql()).isEqualTo("select 41 + 1");
        assertThat(s.parameterTypes()).isEmpty();
        Portal p = lifted.session.bind(s, List.of(), new short[0], new short[0]);
        assertThat(p.statement().sql()).isEqualTo("select 41 + 1");
        List<String> got = new ArrayList<>();
        p.execute(0, v -> got.add(new String(v[0], StandardCharsets.UTF_8)));
        lifted.session.sync();
        assertThat(got).containsExactly("42");
    }
}
