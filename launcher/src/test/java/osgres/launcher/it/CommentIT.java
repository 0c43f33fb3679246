package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static osgres.launcher.it.Jdbc.column;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * COMMENT ON across sessions and crashes, against the real distribution over pgJDBC: pg_description's rows are
 * transactional (another session sees a comment only once it is committed, never a rolled-back one, and a
 * REPEATABLE READ transaction keeps the descriptions of its snapshot), and they survive a kill -9, as do the oids
 * pg_constraint and pg_attrdef show (clients join on them).
 */
class CommentIT extends OneServerPerClass {
    private static String tableComment(Connection c, String table) throws Exception {
        return Jdbc.selectString(c, "select obj_description('" + table + "'::regclass, 'pg_class')");
    }

    @Test
    void aCommentIsSeenByOtherSessionsOnlyOnceCommitted() throws Exception {
        try (Connection writer = Jdbc.connect(server); Connection reader = Jdbc.connect(server);
             Connection snapshot = Jdbc.connect(server)) {
            Jdbc.execute(writer, "create table cm_t (a int)");
            Jdbc.execute(writer, "comment on table cm_t is 'first'");
            snapshot.setAutoCommit(false);
            Jdbc.execute(snapshot, "set transaction isolation level repeatable read");
            assertThat(tableComment(snapshot, "cm_t")).isEqualTo("first");

            writer.setAutoCommit(false);
            Jdbc.execute(writer, "comment on table cm_t is 'second'");
            Jdbc.execute(writer, "comment on column cm_t.a is 'the a'");
            assertThat(tableComment(writer, "cm_t")).isEqualTo("second");
            assertThat(tableComment(reader, "cm_t")).isEqualTo("first");
            assertThat(Jdbc.selectString(reader, "select col_description('cm_t'::regclass, 1)")).isNull();
            writer.commit();

            assertThat(tableComment(reader, "cm_t")).isEqualTo("second");
            assertThat(Jdbc.selectString(reader, "select col_description('cm_t'::regclass, 1)")).isEqualTo("the a");
            // the repeatable read transaction still sees its snapshot's description
            assertThat(tableComment(snapshot, "cm_t")).isEqualTo("first");
            snapshot.commit();

            Jdbc.execute(writer, "comment on table cm_t is null");
            Jdbc.execute(writer, "comment on column cm_t.a is 'changed'");
            writer.rollback();
            writer.setAutoCommit(true);
            assertThat(tableComment(reader, "cm_t")).isEqualTo("second");
            assertThat(Jdbc.selectString(reader, "select col_description('cm_t'::regclass, 1)")).isEqualTo("the a");
        }
    }

    @Test
    void commentsAndConstraintOidsSurviveKillDashNine() throws Exception {
        String constraints = "select oid || ' ' || conname from pg_constraint where conrelid = 'cr_t'::regclass"
                + " order by conname";
        String defaults = "select oid || ' ' || adnum || ' ' || pg_get_expr(adbin, adrelid) from pg_attrdef"
                + " where adrelid = 'cr_t'::regclass order by adnum";
        List<String> constraintsBefore;
        List<String> defaultsBefore;
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table cr_p (id serial primary key)");
                Jdbc.execute(c, "create table cr_t (id serial primary key, p int references cr_p, "
                        + "n int default 5 check (n > 0), s text default 'x' unique)");
                Jdbc.execute(c, "comment on table cr_t is 'kept'");
                Jdbc.execute(c, "comment on column cr_t.n is 'a number'");
                Jdbc.execute(c, "comment on sequence cr_t_id_seq is 'ids'");
                constraintsBefore = column(c, constraints);
                defaultsBefore = column(c, defaults);
                assertThat(constraintsBefore).hasSize(4);
                assertThat(defaultsBefore).hasSize(3);
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(tableComment(c, "cr_t")).isEqualTo("kept");
                assertThat(Jdbc.selectString(c, "select col_description('cr_t'::regclass, 3)"))
                        .isEqualTo("a number");
                assertThat(tableComment(c, "cr_t_id_seq")).isEqualTo("ids");
                assertThat(column(c, constraints)).isEqualTo(constraintsBefore);
                assertThat(column(c, defaults)).isEqualTo(defaultsBefore);
            }
        }
    }
}
