package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 9: SQL cursors as clients use them. psql's FETCH_COUNT (DECLARE _psql_cursor NO SCROLL CURSOR, FETCH
 * FORWARD n until a short batch), pgJDBC running DECLARE and FETCH FORWARD n as plain statements in the extended
 * protocol, psycopg's named cursors in the simple protocol (DECLARE "c" CURSOR WITHOUT HOLD, FETCH FORWARD n FROM
 * "c" until empty, CLOSE), a WITH HOLD cursor past COMMIT, a cursor gone with its transaction's ROLLBACK, cursors
 * private to their session, a cursor reading as of its DECLARE while another session commits, and a cancel during
 * the FETCH of a slow query (57014).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorIT {
    private static final int ROWS = 20_000;

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws SQLException {
        target = SqlTarget.start();
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "cursor_big", "id integer primary key, pad text");
            Jdbc.execute(c, "insert into cursor_big select g, repeat('x', 40) || g from generate_series(1, " + ROWS
                    + ") g");
        }
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void psqlFetchCountReadsALargeTableThroughACursor() {
        // the query asks, while it runs, whether psql's cursor exists: 1 on every row shows psql went through it
        Cli.Result psql = Cli.run(Duration.ofSeconds(Waits.DEADLINE_S), java.util.Map.of("PGCONNECT_TIMEOUT", "10"),
                List.of(Cli.tool("psql"), "-X", "-A", "-t", "-h", "127.0.0.1", "-p", Integer.toString(target.port()),
                        "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-v", "FETCH_COUNT=100", "-c",
                        "select id, (select count(*) from pg_cursors where name = '_psql_cursor') as open"
                                + " from cursor_big order by id"));
        assertThat(psql.exitCode()).as(psql.all()).isZero();
        List<String> lines = psql.stdout().lines().toList();
        assertThat(lines).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(lines.get(i)).isEqualTo((i + 1) + "|1");
        }
        // and the cursor is gone afterwards, with psql's transaction
        Cli.Result after = Cli.psql(Duration.ofSeconds(Waits.DEADLINE_S), "127.0.0.1", target.port(),
                "select count(*) from pg_cursors");
        assertThat(after.stdout().strip()).isEqualTo("0");
    }

    @Test
    void jdbcDeclareAndFetchForwardLoopInTheExtendedProtocol() throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare big_cur cursor for select id, pad from cursor_big order by id");
            assertThat(fetchLoop(c, "fetch forward 1000 from big_cur")).isEqualTo(expectedIds());
            Jdbc.execute(c, "close big_cur");
            c.commit();
        }
    }

    @Test
    void psycopgStyleNamedCursorInTheSimpleProtocol() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = Jdbc.connect(target.port(), simple)) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare \"psy_cur\" cursor without hold for select id, pad from cursor_big order by id");
            assertThat(fetchLoop(c, "fetch forward 100 from \"psy_cur\"")).isEqualTo(expectedIds());
            Jdbc.execute(c, "close \"psy_cur\"");
            c.commit();
        }
    }

    @Test
    void declareWithBoundParametersAsPsycopg3SendsIt() throws SQLException {
        // psycopg 3 binds a server-side cursor's parameters: DECLARE ... $1 in a Parse, strings as unknown (0)
        Properties unspecified = new Properties();
        unspecified.setProperty("stringtype", "unspecified");
        try (Connection c = Jdbc.connect(target.port(), unspecified)) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement declare = c.prepareStatement(
                    "declare bound_cur cursor for select id, ? as label from cursor_big where id > ? order by id")) {
                declare.setString(1, "tagged");
                declare.setInt(2, ROWS - 3);
                declare.execute();
            }
            assertThat(JdbcCrudIT.rows(c, "fetch all from bound_cur"))
                    .containsExactly((ROWS - 2) + "|tagged", (ROWS - 1) + "|tagged", ROWS + "|tagged");
            c.rollback();
        }
    }

    @Test
    void aBinaryCursorSendsBinaryValuesToASimpleQuery() throws SQLException {
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c = Jdbc.connect(target.port(), simple)) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare bin_cur binary cursor for select id, id::int8 * 1000000000 as big, pad"
                    + " from cursor_big where id in (7, 8) order by id");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("fetch all from bin_cur")) {
                // the driver reads each value by the format code of the RowDescription: 1 (binary) here
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
                assertThat(rs.getLong(2)).isEqualTo(7_000_000_000L);
                assertThat(rs.getString(3)).isEqualTo("x".repeat(40) + 7);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).containsExactly(0, 0, 0, 8);
                assertThat(rs.next()).isFalse();
            }
            c.rollback();
        }
    }

    /** FETCH until a batch comes back empty (psycopg's named-cursor iteration), checking each row's columns. */
    private static List<Integer> fetchLoop(Connection c, String fetch) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            while (true) {
                int batch = 0;
                try (ResultSet rs = s.executeQuery(fetch)) {
                    assertThat(rs.getMetaData().getColumnName(2)).isEqualTo("pad");
                    while (rs.next()) {
                        int id = rs.getInt(1);
                        assertThat(rs.getString(2)).isEqualTo("x".repeat(40) + id);
                        ids.add(id);
                        batch++;
                    }
                }
                if (batch == 0) {
                    return ids;
                }
            }
        }
    }

    private static List<Integer> expectedIds() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void withHoldCursorSurvivesCommitAtItsPosition() throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare held scroll cursor with hold for select id from cursor_big where id <= 10"
                    + " order by id");
            assertThat(JdbcCrudIT.rows(c, "fetch 3 from held")).containsExactly("1", "2", "3");
            c.commit();
            c.setAutoCommit(true);
            assertThat(JdbcCrudIT.rows(c, "fetch 2 from held")).containsExactly("4", "5");
            assertThat(JdbcCrudIT.rows(c, "fetch prior from held")).containsExactly("4");
            // (PostgreSQL lists the extended protocol's own unnamed portal too; osgres only SQL cursors)
            assertThat(JdbcCrudIT.rows(c, "select name, is_holdable from pg_cursors where name <> ''"))
                    .containsExactly("held|t");
            assertThat(JdbcCrudIT.rows(c, "fetch all from held")).containsExactly("5", "6", "7", "8", "9", "10");
            Jdbc.execute(c, "close held");
            assertThat(JdbcCrudIT.rows(c, "select count(*) from pg_cursors where name <> ''")).containsExactly("0");
        }
    }

    @Test
    void aHeldScrollCursorBeyondWorkMemKeepsItsTemporaryFileUntilClose() throws Exception {
        Assumptions.assumeFalse(target.isReference(), "reads the server's base/pgsql_tmp");
        java.nio.file.Path tmp = target.dataDir().resolve("base/pgsql_tmp");
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "set work_mem = '64kB'");
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare spilled scroll cursor with hold for select id, pad from cursor_big");
            Jdbc.execute(c, "move forward all in spilled");
            c.commit();
            c.setAutoCommit(true);
            assertThat(temporaryFiles(tmp)).as("the rows past work_mem, in a file past the commit").hasSize(1);
            Jdbc.execute(c, "select 1/0 where false"); // statements and transactions come and go
            assertThat(JdbcCrudIT.rows(c, "fetch absolute 5 from spilled")).containsExactly("5|" + "x".repeat(40) + 5);
            assertThat(JdbcCrudIT.rows(c, "fetch absolute 19999 from spilled"))
                    .containsExactly("19999|" + "x".repeat(40) + 19999);
            assertThat(JdbcCrudIT.rows(c, "fetch backward 2 from spilled"))
                    .containsExactly("19998|" + "x".repeat(40) + 19998, "19997|" + "x".repeat(40) + 19997);
            Jdbc.execute(c, "close spilled");
            assertThat(temporaryFiles(tmp)).as("CLOSE deletes the file").isEmpty();
        }
    }

    private static List<java.nio.file.Path> temporaryFiles(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void cursorsCloseAtRollback() throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare gone cursor for select id from cursor_big");
            Jdbc.execute(c, "declare gone_held cursor with hold for select id from cursor_big");
            assertThat(JdbcCrudIT.rows(c, "fetch gone")).hasSize(1);
            c.rollback();
            ServerErrorMessage missing = JdbcCrudIT.serverError("34000", () -> Jdbc.execute(c, "fetch gone"));
            assertThat(missing.getMessage()).isEqualTo("cursor \"gone\" does not exist");
            c.rollback();
            JdbcCrudIT.serverError("34000", () -> Jdbc.execute(c, "fetch gone_held"));
            c.rollback();
            c.setAutoCommit(true);
            ServerErrorMessage outside = JdbcCrudIT.serverError("25P01", () -> Jdbc.execute(c,
                    "declare outside cursor for select 1"));
            assertThat(outside.getMessage()).isEqualTo("DECLARE CURSOR can only be used in transaction blocks");
        }
    }

    @Test
    void aHeldCursorsErrorAtTheImplicitCommitIsTheDeclares() {
        // exec_simple_query commits a lone statement before CommandComplete: no "DECLARE CURSOR", the error instead
        Cli.Result psql = Cli.psql(Duration.ofSeconds(Waits.DEADLINE_S), "127.0.0.1", target.port(),
                "declare bad_held cursor with hold for select 10 / (5 - g) from generate_series(1, 8) g");
        assertThat(psql.exitCode()).isNotZero();
        assertThat(psql.stdout()).doesNotContain("DECLARE CURSOR");
        assertThat(psql.stderr()).contains("ERROR:  division by zero");
        Cli.Result good = Cli.psql(Duration.ofSeconds(Waits.DEADLINE_S), "127.0.0.1", target.port(),
                "declare good_held cursor with hold for select g from generate_series(1, 3) g");
        assertThat(good.stdout().strip()).isEqualTo("DECLARE CURSOR");
    }

    @Test
    void aCursorIsPrivateToItsSession() throws SQLException {
        try (Connection owner = target.connect(); Connection other = target.connect()) {
            owner.setAutoCommit(false);
            Jdbc.execute(owner, "declare mine cursor with hold for select id from cursor_big order by id");
            assertThat(JdbcCrudIT.rows(owner, "fetch mine")).containsExactly("1");
            owner.commit();
            assertThat(JdbcCrudIT.rows(other, "select count(*) from pg_cursors where name <> ''"))
                    .containsExactly("0");
            ServerErrorMessage missing = JdbcCrudIT.serverError("34000", () -> Jdbc.execute(other, "fetch mine"));
            assertThat(missing.getMessage()).isEqualTo("cursor \"mine\" does not exist");
            other.setAutoCommit(false);
            Jdbc.execute(other, "declare mine cursor for select -id from cursor_big order by id");
            assertThat(JdbcCrudIT.rows(other, "fetch mine")).containsExactly("-1");
            assertThat(JdbcCrudIT.rows(owner, "fetch mine")).containsExactly("2");
            other.rollback();
            assertThat(JdbcCrudIT.rows(owner, "fetch mine")).containsExactly("3");
            Jdbc.execute(owner, "close mine");
            owner.commit();
        }
    }

    @Test
    void aCursorReadsAsOfItsDeclareWhileAnotherSessionCommits() throws SQLException {
        try (Connection reader = target.connect(); Connection writer = target.connect()) {
            JdbcCrudIT.createTable(writer, "cursor_snap", "id integer primary key, val text");
            Jdbc.execute(writer, "insert into cursor_snap select g, 'old' from generate_series(1, 5) g");
            reader.setAutoCommit(false);
            Jdbc.execute(reader, "declare snap cursor for select id, val from cursor_snap order by id");
            Jdbc.execute(writer, "update cursor_snap set val = 'new' where id = 3");
            Jdbc.execute(writer, "insert into cursor_snap values (6, 'new')");
            assertThat(JdbcCrudIT.rows(reader, "fetch all from snap"))
                    .containsExactly("1|old", "2|old", "3|old", "4|old", "5|old");
            // READ COMMITTED: the next statement of the same transaction sees the commits
            assertThat(JdbcCrudIT.rows(reader, "select count(*) from cursor_snap where val = 'new'"))
                    .containsExactly("2");
            reader.commit();
        }
    }

    @Test
    void cancelDuringAFetchOfASlowQuery() throws Exception {
        try (Connection c = target.connect(); Connection admin = target.connect()) {
            int pid = Jdbc.selectInt(c, "select pg_backend_pid()");
            c.setAutoCommit(false);
            Jdbc.execute(c, "declare slow cursor for select g, pg_sleep(0.2) from generate_series(1, 1000) g");
            assertThat(JdbcCrudIT.rows(c, "fetch 2 from slow")).hasSize(2);
            Future<?> fetch = threads.submit(Waits.call(() -> Jdbc.execute(c, "fetch all from slow")));
            Waits.assertStillWaiting(fetch);
            assertThat(JdbcCrudIT.rows(admin, "select pg_cancel_backend(" + pid + ")")).containsExactly("t");
            Throwable canceled = Waits.failureOf(fetch);
            assertThat(canceled).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) canceled).getSQLState()).isEqualTo("57014");
            assertThat(((PSQLException) canceled).getServerErrorMessage().getMessage())
                    .isEqualTo("canceling statement due to user request");
            c.rollback();
            JdbcCrudIT.serverError("34000", () -> Jdbc.execute(c, "fetch slow"));
            c.rollback();
            assertThat(Jdbc.selectInt(c, "select 1")).as("the session goes on").isEqualTo(1);
        }
    }
}
