package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.sql.CopyIn;
import osgres.sql.Portal;
import osgres.sql.Statement;

class TableExecutorTest {
    private final FakeBackend backend = new FakeBackend(true);

    private FakeBackend.Result ok(String sql) {
        FakeBackend.Result r = backend.query(sql);
        if (r.error() != null) {
            throw new AssertionError(sql + " failed: " + r.error().sqlState() + " " + r.error().getMessage(),
                    r.error());
        }
        return r;
    }

    private PgException error(String sql) {
        PgException e = backend.query(sql).error();
        assertThat(e).as(sql).isNotNull();
        return e;
    }

    private void pgbenchInitServerSide() {
        ok("drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers");
        ok("create table pgbench_history(tid int,bid int,aid    int,delta int,mtime timestamp,filler char(22))");
        ok("create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) "
                + "with (fillfactor=100)");
        ok("create table pgbench_accounts(aid    int not null,bid int,abalance int,filler char(84)) "
                + "with (fillfactor=100)");
        ok("create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100)");
        ok("begin");
        ok("insert into pgbench_branches(bid,bbalance) select bid, 0 from generate_series(1, 2) as bid");
        ok("insert into pgbench_tellers(tid,bid,tbalance) select tid, (tid - 1) / 10 + 1, 0 "
                + "from generate_series(1, 20) as tid");
        ok("insert into pgbench_accounts(aid,bid,abalance,filler) select aid, (aid - 1) / 100 + 1, 0, '' "
                + "from generate_series(1, 200) as aid");
        ok("commit");
        ok("vacuum analyze pgbench_branches");
        ok("alter table pgbench_branches add primary key (bid)");
        ok("alter table pgbench_tellers add primary key (tid)");
        ok("alter table pgbench_accounts add primary key (aid)");
    }

    @Test
    void pgbenchInitAndTpcbInSimpleMode() {
        FakeBackend.Result drop = ok("drop table if exists nosuch");
        assertThat(drop.notices()).extracting(Throwable::getMessage)
                .containsExactly("table \"nosuch\" does not exist, skipping");
        pgbenchInitServerSide();
        assertThat(ok("select count(*) from pgbench_branches").value()).isEqualTo("2");
        assertThat(error("select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c "
                + "join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) where c.relname = 'x'")).isNotNull();
        ok("vacuum pgbench_branches");
        ok("truncate pgbench_history");
        FakeBackend.Result tx = ok("BEGIN;UPDATE pgbench_accounts SET abalance = abalance + -17 WHERE aid = 42;"
                + "SELECT abalance FROM pgbench_accounts WHERE aid = 42;"
                + "UPDATE pgbench_tellers SET tbalance = tbalance + -17 WHERE tid = 3;"
                + "UPDATE pgbench_branches SET bbalance = bbalance + -17 WHERE bid = 1;"
                + "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (3, 1, 42, -17, CURRENT_TIMESTAMP);"
                + "END;");
        assertThat(tx.tags()).containsExactly("BEGIN", "UPDATE 1", "SELECT 1", "UPDATE 1", "UPDATE 1",
                "INSERT 0 1", "COMMIT");
        assertThat(tx.rows()).containsExactly(List.of("-17"));
        ok("UPDATE pgbench_accounts SET abalance = abalance + 7 WHERE aid = 43");
        assertThat(ok("select sum(abalance), sum(delta) from pgbench_accounts, pgbench_history "
                + "where pgbench_history.aid = pgbench_accounts.aid").rows()).containsExactly(List.of("-17", "-17"));
        assertThat(ok("select sum(abalance) from pgbench_accounts").value()).isEqualTo("-10");
        assertThat(backend.storage.calls).contains("indexscan pgbench_accounts_pkey");
        assertThat(ok("select length(filler), filler = '' from pgbench_accounts where aid = 1").rows())
                .containsExactly(List.of("0", "t"));
    }

    @Test
    void preparedStatementUsesIndexAndParameters() {
        pgbenchInitServerSide();
        Statement s = backend.session.prepare("SELECT abalance FROM pgbench_accounts WHERE aid = $1", new int[0]);
        assertThat(s.parameterTypes()).containsExactly(23);
        List<String> got = new ArrayList<>();
        Portal p = backend.session.bind(s, List.of("5".getBytes(StandardCharsets.UTF_8)), new short[0],
                new short[0]);
        p.execute(0, v -> got.add(new String(v[0], StandardCharsets.UTF_8)));
        backend.session.sync();
        assertThat(got).containsExactly("0");
    }

    @Test
    void dmlErrorsAndTransactions() {
        ok("create table t (id int primary key, name varchar(10) not null default 'x', n numeric(6,2))");
        assertThat(ok("insert into t values (1, 'a', 1.005), (2, default, null) returning id, name").rows())
                .containsExactly(List.of("1", "a"), List.of("2", "x"));
        PgException dup = error("insert into t (id, name) values (1, 'b')");
        assertThat(dup.sqlState()).isEqualTo("23505");
        assertThat(ok("insert into t (id) values (1) on conflict do nothing").tags()).containsExactly("INSERT 0 0");
        assertThat(error("insert into t values (3, null)").detail()).isEqualTo("Failing row contains (3, null, null).");
        assertThat(error("insert into t values (3, 'abcdefghijkl')").getMessage())
                .isEqualTo("value too long for type character varying(10)");
        assertThat(error("select nosuch from t").sqlState()).isEqualTo("42703");
        assertThat(error("select * from nosuch").getMessage()).isEqualTo("relation \"nosuch\" does not exist");
        assertThat(error("insert into t values ('x', 'a')").sqlState()).isEqualTo("22P02");
        FakeBackend.Result block = backend.query("begin; insert into t values (5, 'e'); select 1/0;");
        assertThat(block.error().sqlState()).isEqualTo("22012");
        assertThat(block.status()).isEqualTo('E');
        assertThat(error("select 1").sqlState()).isEqualTo("25P02");
        assertThat(ok("rollback").tags()).containsExactly("ROLLBACK");
        assertThat(ok("select count(*) from t where id = 5").value()).isEqualTo("0");
        assertThat(ok("select n from t where id = 1").value()).isEqualTo("1.01");
        assertThat(ok("delete from t where id >= 2 returning name").rows()).containsExactly(List.of("x"));
        assertThat(backend.query("begin; create database x").error().getMessage())
                .isEqualTo("CREATE DATABASE cannot run inside a transaction block");
        ok("rollback");
    }

    @Test
    void selectFeatures() {
        ok("create table a (id int, g text, v int)");
        ok("insert into a values (1, 'x', 10), (2, 'x', 20), (3, 'y', null), (4, null, 5)");
        ok("create table b (id int primary key, label text)");
        ok("insert into b values (1, 'one'), (3, 'three')");
        assertThat(ok("select g, count(*), sum(v), avg(v) from a group by g order by g nulls first").rows())
                .containsExactly(java.util.Arrays.asList(null, "1", "5", "5.0000000000000000"), List.of("x", "2", "30",
                        "15.0000000000000000"), java.util.Arrays.asList("y", "1", null, null));
        assertThat(ok("select a.id, b.label from a left join b on b.id = a.id order by a.id desc limit 2").rows())
                .containsExactly(java.util.Arrays.asList("4", null), List.of("3", "three"));
        assertThat(ok("select id from a where id in (select id from b) order by 1").rows())
                .containsExactly(List.of("1"), List.of("3"));
        assertThat(ok("select id from a where exists (select 1 from b where b.id = a.id) and id > 1").rows())
                .containsExactly(List.of("3"));
        assertThat(ok("select distinct g from a where g is not null order by g").rows())
                .containsExactly(List.of("x"), List.of("y"));
        assertThat(ok("select (select max(v) from a) as m, upper(g) from a where id = 1").rows())
                .containsExactly(List.of("20", "X"));
        assertThat(ok("select g, count(*) from a group by g having count(*) > 1").rows())
                .containsExactly(List.of("x", "2"));
    }

    @Test
    void copyInTextAndCsvAndEvalPlanQual() {
        ok("create table c (id int primary key, s text, f char(3))");
        Statement copy = backend.session.parseSimple("copy c from stdin with (freeze on)").getFirst();
        Portal portal = backend.session.bind(copy, List.of(), new short[0], new short[0]);
        CopyIn in = portal.copyIn();
        assertThat(in).isNotNull();
        byte[] data = "1\ta\\tb\t\n2\t\\N\tx\n".getBytes(StandardCharsets.UTF_8);
        in.data(data, 0, 5);
        in.data(data, 5, data.length - 5);
        assertThat(in.done().commandTag()).isEqualTo("COPY 2");
        backend.session.sync();
        List<String> lines = new ArrayList<>();
        Portal out = backend.session.bind(backend.session.parseSimple("copy c to stdout (format csv)").getFirst(),
                List.of(), new short[0], new short[0]);
        assertThat(out.copyOut().run(b -> lines.add(new String(b, StandardCharsets.UTF_8))).commandTag())
                .isEqualTo("COPY 2");
        backend.session.sync();
        assertThat(lines).containsExactly("1,a\tb,   \n", "2,,x  \n");
        backend.storage.moveNextUpdate = new Object[] {1, "moved", "m  "};
        assertThat(ok("update c set s = s || '!' where id = 1").tags()).containsExactly("UPDATE 1");
        assertThat(ok("select s from c where id = 1").value()).isEqualTo("moved!");
    }
}
