package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.ServerErrorMessage;
import static osgres.launcher.it.Jdbc.column;
import static osgres.launcher.it.Jdbc.error;

/**
 * Views as PostgreSQL 15 has them, against the real distribution over pgJDBC and psql: CREATE [OR REPLACE] VIEW
 * and DROP VIEW with PostgreSQL's errors; a view is catalog DDL, so another session sees it only once it commits
 * and a rollback takes it away; it survives a kill -9 of the server; DROP TABLE of a table a view reads fails
 * with 2BP01 (or drops the view with CASCADE); and DROP VIEW waits for a transaction that has read the view
 * (AccessExclusive against its AccessShare), as does DROP TABLE of the table under it. ALTER VIEW ... RENAME TO
 * renames a view no other view reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /**
     * pg_get_viewdef (psql's \d+, pg_dump) beside a transaction that holds AccessExclusive on the view's table and
     * has replaced the view without committing: it neither waits nor sees the new definition until COMMIT.
     */
    @Test
    void viewDefinitionNeitherWaitsForNorSeesAnUncommittedReplace() throws Exception {
        String oldDefinition = " SELECT vd_t.a,\n    vd_t.b\n   FROM vd_t\n  WHERE (vd_t.a > 1);";
        try (Connection a = Jdbc.connect(server); Connection b = Jdbc.connect(server)) {
            Jdbc.execute(a, "create table vd_t (a int, b text)");
            Jdbc.execute(a, "create view vd_v as select a, b from vd_t where a > 1");
            a.setAutoCommit(false);
            Jdbc.execute(a, "alter table vd_t add column c int");
            Jdbc.execute(a, "create or replace view vd_v as select a, b, c from vd_t where a > 2");
            Jdbc.execute(b, "set lock_timeout = '1s'"); // a wait for a's lock fails the test (55P03)
            assertThat(Jdbc.selectString(b, "select pg_get_viewdef('vd_v'::regclass)")).isEqualTo(oldDefinition);
            a.commit();
            assertThat(Jdbc.selectString(b, "select pg_get_viewdef('vd_v'::regclass)")).isEqualTo(
                    " SELECT vd_t.a,\n    vd_t.b,\n    vd_t.c\n   FROM vd_t\n  WHERE (vd_t.a > 2);");
        }
    }

    @Test
    void createReplaceAndDropAView() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table crd_t (a int, b text)");
            Jdbc.execute(c, "insert into crd_t values (1, 'x'), (2, 'y'), (3, 'z')");
            Jdbc.execute(c, "create view crd_v as select a, b from crd_t where a > 1");
            assertThat(column(c, "select b from crd_v order by a")).containsExactly("y", "z");
            // pgJDBC's extended protocol: a prepared statement reading the view, re-planned after OR REPLACE
            try (var ps = c.prepareStatement("select count(*) from crd_v where a > ?")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
                Jdbc.execute(c, "create or replace view crd_v as select a, b, a * 2 as c from crd_t");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(3);
                }
            }
            assertThat(column(c, "select c from crd_v order by a")).containsExactly("2", "4", "6");
            ServerErrorMessage dropColumn = error(c, "create or replace view crd_v as select a from crd_t");
            assertThat(dropColumn.getSQLState()).isEqualTo("42P16");
            assertThat(dropColumn.getMessage()).isEqualTo("cannot drop columns from view");
            ServerErrorMessage retype = error(c, "create or replace view crd_v as select a::text, b, a * 2 as c from crd_t");
            assertThat(retype.getMessage())
                    .isEqualTo("cannot change data type of view column \"a\" from integer to text");
            ServerErrorMessage clash = error(c, "create view crd_t as select 1");
            assertThat(clash.getSQLState()).isEqualTo("42P07");
            assertThat(clash.getMessage()).isEqualTo("relation \"crd_t\" already exists");
            ServerErrorMessage notAView = error(c, "drop view crd_t");
            assertThat(notAView.getSQLState()).isEqualTo("42809");
            assertThat(notAView.getHint()).isEqualTo("Use DROP TABLE to remove a table.");
            ServerErrorMessage notATable = error(c, "drop table crd_v");
            assertThat(notATable.getSQLState()).isEqualTo("42809");
            assertThat(notATable.getMessage()).isEqualTo("\"crd_v\" is not a table");
            assertThat(notATable.getHint()).isEqualTo("Use DROP VIEW to remove a view.");
            // DML through the view changes its base table; its expression column c is not writable
            Jdbc.execute(c, "insert into crd_v (a, b) values (4, 'w')");
            assertThat(column(c, "select b from crd_t where a = 4")).containsExactly("w");
            ServerErrorMessage expression = error(c, "update crd_v set c = 1");
            assertThat(expression.getSQLState()).isEqualTo("0A000");
            assertThat(expression.getMessage()).isEqualTo("cannot update column \"c\" of view \"crd_v\"");
            Jdbc.execute(c, "drop view crd_v");
            assertThat(error(c, "select * from crd_v").getSQLState()).isEqualTo("42P01");
            Jdbc.execute(c, "drop table crd_t");
        }
    }

    /**
     * A server-side prepared statement whose plan has the view pulled up (it reads the base table and its index
     * directly) is planned again when another session replaces the view with one over another table: it waits for
     * that session's lock on the view, then reads the new definition.
     */
    @Test
    void aPulledUpViewInAnotherSessionsPreparedStatementIsReplaced() throws Exception {
        try (Connection reader = Jdbc.connect(server); Connection ddl = Jdbc.connect(server)) {
            Jdbc.execute(ddl, "create table pv_old (id int primary key, tag text)");
            Jdbc.execute(ddl, "create table pv_new (id int primary key, tag text)");
            Jdbc.execute(ddl, "insert into pv_old select g, 'old' from generate_series(1, 1000) g");
            Jdbc.execute(ddl, "insert into pv_new select g, 'new' from generate_series(1, 1000) g");
            Jdbc.execute(ddl, "create view pv as select id, tag from pv_old where id > 10");
            try (var ps = reader.prepareStatement("select tag from pv where id = ?")) {
                ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(1);
                for (int i = 0; i < 3; i++) {
                    assertThat(tagOf(ps, 500)).isEqualTo("old");
                }
                assertThat(tagOf(ps, 5)).as("the view's own qual still applies").isNull();
                ddl.setAutoCommit(false);
                Jdbc.execute(ddl, "create or replace view pv as select id, tag from pv_new where id > 1");
                // CREATE OR REPLACE VIEW holds AccessExclusiveLock on the view to commit: the reader waits for it
                java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
                try {
                    java.util.concurrent.Future<String> read = thread.submit(() -> tagOf(ps, 500));
                    Waits.assertStillWaiting(read);
                    ddl.commit();
                    assertThat(read.get(Waits.DEADLINE_S, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("new");
                } finally {
                    thread.shutdownNow();
                }
                assertThat(tagOf(ps, 5)).isEqualTo("new");
            }
        }
    }

    private static String tagOf(java.sql.PreparedStatement ps, int id) throws java.sql.SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void anotherSessionSeesAViewOnlyAfterCommit() throws Exception {
        try (Connection a = Jdbc.connect(server); Connection b = Jdbc.connect(server)) {
            Jdbc.execute(a, "create table vis_t (a int)");
            Jdbc.execute(a, "insert into vis_t values (7)");
            a.setAutoCommit(false);
            Jdbc.execute(a, "create view vis_v as select a from vis_t");
            assertThat(column(a, "select a from vis_v")).containsExactly("7");
            // b does not see the uncommitted view
            assertThat(error(b, "select * from vis_v").getSQLState()).isEqualTo("42P01");
            a.rollback();
            assertThat(error(b, "select * from vis_v").getSQLState()).isEqualTo("42P01");
            Jdbc.execute(a, "create view vis_v as select a + 1 as a from vis_t");
            assertThat(error(b, "select * from vis_v").getSQLState()).isEqualTo("42P01");
            a.commit();
            assertThat(column(b, "select a from vis_v")).containsExactly("8");
            a.setAutoCommit(true);
            Jdbc.execute(a, "drop table vis_t cascade");
        }
    }

    @Test
    void dropTableThatAViewReadsFailsOrCascades() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table dep_t (a int, b text)");
            Jdbc.execute(c, "create view dep_v1 as select * from dep_t");
            Jdbc.execute(c, "create view dep_v2 as select a from dep_v1");
            ServerErrorMessage e = error(c, "drop table dep_t");
            assertThat(e.getSQLState()).isEqualTo("2BP01");
            assertThat(e.getMessage()).isEqualTo("cannot drop table dep_t because other objects depend on it");
            assertThat(e.getDetail()).isEqualTo("view dep_v1 depends on table dep_t\nview dep_v2 depends on view dep_v1");
            assertThat(e.getHint()).isEqualTo("Use DROP ... CASCADE to drop the dependent objects too.");
            ServerErrorMessage viewOverView = error(c, "drop view dep_v1");
            assertThat(viewOverView.getDetail()).isEqualTo("view dep_v2 depends on view dep_v1");
            try (Statement s = c.createStatement()) {
                s.execute("drop table dep_t cascade");
                SQLWarning notice = s.getWarnings();
                assertThat(notice == null ? null : notice.getMessage()).isEqualTo("drop cascades to 2 other objects");
            }
            assertThat(error(c, "select * from dep_v2").getSQLState()).isEqualTo("42P01");
            assertThat(error(c, "select * from dep_v1").getSQLState()).isEqualTo("42P01");
        }
    }

    @Test
    void dropViewWaitsForAReadersTransaction() throws Exception {
        try (Connection reader = Jdbc.connect(server); Connection dropper = Jdbc.connect(server)) {
            Jdbc.execute(reader, "create table wait_t (a int)");
            Jdbc.execute(reader, "insert into wait_t values (1)");
            Jdbc.execute(reader, "create view wait_v as select a from wait_t");
            reader.setAutoCommit(false);
            assertThat(column(reader, "select a from wait_v")).containsExactly("1");
            Future<?> drop = threads.submit(Waits.call(() -> Jdbc.execute(dropper, "drop view wait_v")));
            Waits.assertStillWaiting(drop);
            // the reader still reads the view it locked
            assertThat(column(reader, "select count(*) from wait_v")).containsExactly("1");
            reader.commit();
            drop.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(error(reader, "select * from wait_v").getSQLState()).isEqualTo("42P01");
            reader.rollback();

            // reading a view locks the table under it too: DROP TABLE of that table waits as well
            reader.setAutoCommit(true);
            Jdbc.execute(reader, "create view wait_v2 as select a from wait_t");
            reader.setAutoCommit(false);
            assertThat(column(reader, "select a from wait_v2")).containsExactly("1");
            Future<?> dropTable = threads.submit(Waits.call(() -> Jdbc.execute(dropper,
                    "drop table wait_t cascade")));
            Waits.assertStillWaiting(dropTable);
            reader.commit();
            dropTable.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(error(reader, "select * from wait_v2").getSQLState()).isEqualTo("42P01");
            reader.rollback();
        }
    }

    @Test
    void aViewSurvivesKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table crash_t (a int, b text)");
                Jdbc.execute(c, "insert into crash_t values (1, 'one'), (2, 'two')");
                Jdbc.execute(c, "create view crash_v as select * from crash_t where a > 1");
                Jdbc.execute(c, "create view crash_v2 as select upper(b) as ub from crash_v");
                Jdbc.execute(c, "alter table crash_t add column c int default 5");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create view crash_uncommitted as select 1 as one");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(column(c, "select ub from crash_v2")).containsExactly("TWO");
                // SELECT * was expanded when the view was made: the later column c is not there
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from crash_v")) {
                    assertThat(rs.getMetaData().getColumnCount()).isEqualTo(2);
                }
                assertThat(error(c, "select * from crash_uncommitted").getSQLState()).isEqualTo("42P01");
                assertThat(error(c, "drop table crash_t").getSQLState()).isEqualTo("2BP01");
            }
        }
    }

    @Test
    void renameAViewThatNoOtherViewReads() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table ren_t (a int)");
            Jdbc.execute(c, "insert into ren_t values (3)");
            Jdbc.execute(c, "create view ren_v as select a from ren_t");
            Jdbc.execute(c, "alter view ren_v rename to ren_w");
            assertThat(column(c, "select a from ren_w")).containsExactly("3");
            assertThat(error(c, "select a from ren_v").getSQLState()).isEqualTo("42P01");
            assertThat(error(c, "alter view ren_w rename to ren_t").getMessage())
                    .isEqualTo("relation \"ren_t\" already exists");
            // a view read by another view keeps its name: their stored queries name it
            Jdbc.execute(c, "create view ren_top as select a from ren_w");
            ServerErrorMessage refused = error(c, "alter view ren_w rename to ren_x");
            assertThat(refused.getSQLState()).isEqualTo("0A000");
            assertThat(column(c, "select a from ren_top")).containsExactly("3");
            Jdbc.execute(c, "drop table ren_t cascade");
        }
    }

    @Test
    void psqlPrintsPostgresDependencyReport() {
        Cli.Result setup = Cli.psql(DEADLINE, "127.0.0.1", server.port,
                "create table psql_t (a int); create view psql_v as select a from psql_t");
        assertThat(setup.exitCode()).as(setup.all()).isZero();
        Cli.Result refused = Cli.psql(DEADLINE, "127.0.0.1", server.port, "drop table psql_t");
        assertThat(refused.stderr()).isEqualTo("ERROR:  cannot drop table psql_t because other objects depend on it\n"
                + "DETAIL:  view psql_v depends on table psql_t\n"
                + "HINT:  Use DROP ... CASCADE to drop the dependent objects too.\n");
        Cli.Result cascaded = Cli.psql(DEADLINE, "127.0.0.1", server.port, "drop table psql_t cascade");
        assertThat(cascaded.exitCode()).as(cascaded.all()).isZero();
        assertThat(cascaded.stderr()).isEqualTo("NOTICE:  drop cascades to view psql_v\n");
    }
}
