package osgres.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.session.FakeBackend;

/**
 * SQL cursors in one session (the corpus file cursors.sql compares the whole of it with PostgreSQL 15): the
 * portal position rules of FETCH and MOVE, NO SCROLL, WITH HOLD at commit and rollback, DDL on a table in use. The
 * DECLARE's snapshot needs the real storage (CursorIT, cursors.sql).
 */
class CursorTest {
    private final FakeBackend backend = new FakeBackend(true);

    private FakeBackend.Result ok(String sql) {
        FakeBackend.Result r = backend.query(sql);
        if (r.error() != null) {
            throw new AssertionError(sql + " failed: " + r.error().sqlState() + " " + r.error().getMessage(),
                    r.error());
        }
        return r;
    }

    /** The first column of each row FETCH returned. */
    private List<String> fetch(String sql) {
        FakeBackend.Result r = ok(sql);
        return r.rows().stream().map(List::getFirst).toList();
    }

    private PgException error(String sql) {
        PgException e = backend.query(sql).error();
        assertThat(e).as(sql).isNotNull();
        return e;
    }

    @Test
    void fetchAndMoveFollowPostgresPortalPositions() {
        ok("begin");
        assertThat(ok("declare c scroll cursor for select g from generate_series(1, 10) g").tags())
                .containsExactly("DECLARE CURSOR");
        assertThat(fetch("fetch 3 from c")).containsExactly("1", "2", "3");
        assertThat(fetch("fetch prior from c")).containsExactly("2");
        assertThat(fetch("fetch relative 0 from c")).containsExactly("2");
        assertThat(fetch("fetch absolute -2 from c")).containsExactly("9");
        assertThat(fetch("fetch backward 3 from c")).containsExactly("8", "7", "6");
        assertThat(ok("move forward all in c").tags()).containsExactly("MOVE 4");
        assertThat(fetch("fetch prior from c")).containsExactly("10");
        assertThat(ok("fetch next from c").tags()).containsExactly("FETCH 0");
        assertThat(ok("move backward all in c").tags()).containsExactly("MOVE 10");
        assertThat(fetch("fetch first from c")).containsExactly("1");
        assertThat(ok("close c").tags()).containsExactly("CLOSE CURSOR");
        assertThat(error("fetch c").sqlState()).isEqualTo("34000");
        ok("rollback");
    }

    @Test
    void noScrollCursorsOnlyGoForward() {
        ok("begin");
        ok("declare n no scroll cursor for select g from generate_series(1, 5) g");
        assertThat(fetch("fetch absolute 2 from n")).containsExactly("2");
        PgException back = error("fetch prior from n");
        assertThat(back.sqlState()).isEqualTo("55000");
        assertThat(back.getMessage()).isEqualTo("cursor can only scan forward");
        assertThat(back.hint()).isEqualTo("Declare it with SCROLL option to enable backward scan.");
        ok("rollback");
    }

    @Test
    void withoutHoldNeedsABlockAndCloseAtItsEnd() {
        PgException outside = error("declare c cursor for select 1");
        assertThat(outside.sqlState()).isEqualTo("25P01");
        assertThat(outside.getMessage()).isEqualTo("DECLARE CURSOR can only be used in transaction blocks");
        assertThat(fetch("declare c cursor for select 1; fetch c")).containsExactly("1");
        ok("begin");
        ok("declare c cursor for select 1");
        assertThat(error("declare c cursor for select 2").sqlState()).isEqualTo("42P03");
        ok("rollback");
        ok("begin");
        ok("declare c cursor for select 1");
        ok("commit");
        assertThat(error("fetch c").getMessage()).isEqualTo("cursor \"c\" does not exist");
    }

    @Test
    void withHoldSurvivesCommitAndGoesWithTheDeclaringRollback() {
        ok("begin");
        ok("declare h cursor with hold for select g from generate_series(1, 4) g");
        assertThat(fetch("fetch 1 from h")).containsExactly("1");
        ok("commit");
        assertThat(fetch("fetch 2 from h")).containsExactly("2", "3");
        ok("begin");
        assertThat(error("select 1/0").sqlState()).isEqualTo("22012");
        ok("rollback");
        assertThat(fetch("fetch all from h")).containsExactly("4");
        ok("close h");
        ok("begin");
        ok("declare gone cursor with hold for select 1");
        ok("rollback");
        assertThat(error("fetch gone").sqlState()).isEqualTo("34000");
    }

    @Test
    void ddlOnATableAnOpenCursorReadsIsRefused() {
        ok("create table cur_ddl (id int primary key)");
        ok("insert into cur_ddl select g from generate_series(1, 3) g");
        ok("begin");
        ok("declare s cursor for select id from cur_ddl order by id");
        assertThat(fetch("fetch all from s")).containsExactly("1", "2", "3");
        PgException inUse = error("drop table cur_ddl");
        assertThat(inUse.sqlState()).isEqualTo("55006");
        assertThat(inUse.getMessage())
                .isEqualTo("cannot DROP TABLE \"cur_ddl\" because it is being used by active queries in this session");
        ok("rollback");
        ok("drop table cur_ddl");
    }
}
