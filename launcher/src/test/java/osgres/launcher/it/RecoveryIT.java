package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Issue 4, acceptance 7: a clean stop (SIGINT) and start keeps every committed row and needs no recovery; after
 * CHECKPOINT and kill -9 the startup process logs PostgreSQL's recovery lines, redo starts at that
 * checkpoint's redo point (not at the beginning of WAL) and the data comes back intact, also through a second
 * crash right after the first recovery.
 *
 * <p>Where redo must start is checked exactly: against the redo LSN in osgres's global/pg_control (pg_controldata's
 * "Latest checkpoint's REDO location" on a reference PostgreSQL), and between
 * pg_current_wal_lsn() before and after CHECKPOINT when the server has that function; the log lines and
 * their order are checked always.
 */
class RecoveryIT {
    /** An online checkpoint record (header and body) is far smaller than this. */
    private static final long MAX_CHECKPOINT_RECORD = 256;
    private static final Pattern REDO_STARTS = Pattern.compile("LOG:  redo starts at ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern REDO_DONE = Pattern.compile("LOG:  redo done at ([0-9A-F]+/[0-9A-F]+)");
    private static final Pattern CONTROL_REDO = Pattern.compile(
            "Latest checkpoint's REDO location:\\s+([0-9A-F]+/[0-9A-F]+)");
    /** No timed checkpoint may move the redo point while a test looks at the one it asked for. */
    private static final String NO_TIMED_CHECKPOINTS = "checkpoint_timeout = 3600";

    @Test
    void cleanStopAndStartKeepEveryCommittedRow() throws SQLException {
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect(); Connection open = target.connect()) {
                fill(c, "recovery_clean", 5000);
                open.setAutoCommit(false);
                Jdbc.execute(open, "insert into recovery_clean (id, name, qty) values (100000, 'uncommitted', 1)");
                int logOffset = target.log().length();
                target.stopFast();
                assertThat(target.log().substring(logOffset)).contains("LOG:  database system is shut down");
            }
            int logOffset = target.log().length();
            target.restart();
            String startup = target.log().substring(logOffset);
            assertThat(startup).contains("LOG:  database system was shut down at ")
                    .doesNotContain("automatic recovery in progress").doesNotContain("redo starts at");
            try (Connection c = target.connect()) {
                assertFilled(c, "recovery_clean", 5000);
                assertThat(Jdbc.selectInt(c, "select count(*) from recovery_clean where id = 100000")).isZero();
            }
        }
    }

    @Test
    void afterCheckpointAndKillRedoStartsAtThatCheckpoint() throws SQLException {
        try (SqlTarget target = SqlTarget.start(NO_TIMED_CHECKPOINTS)) {
            OptionalLong insertLsnBefore;
            OptionalLong insertLsnAfter;
            try (Connection c = target.connect()) {
                fill(c, "recovery_before", 3000);
                insertLsnBefore = currentWalLsn(c);
                Jdbc.execute(c, "checkpoint");
                insertLsnAfter = currentWalLsn(c);
                // committed after the checkpoint: only the WAL from its redo point brings these back
                fill(c, "recovery_after", 2000);
                Jdbc.execute(c, "update recovery_before set name = 'changed' where id <= 100");
            }
            target.crash();
            OptionalLong controlRedo = target.isReference() ? checkpointRedoFromPgControl(target)
                    : OptionalLong.empty();
            long[] osgresCheckpoint = target.isReference() ? null : osgresControlCheckpoint(target);

            int logOffset = target.log().length();
            target.restart();
            String startup = target.log().substring(logOffset);
            assertRecoveryLinesInOrder(startup);
            long redoStart = lsn(REDO_STARTS, startup);
            long redoDone = lsn(REDO_DONE, startup);
            assertThat(redoDone).as("redo done at (%s) after redo starts at", startup).isGreaterThan(redoStart);
            controlRedo.ifPresent(redo -> assertThat(redoStart)
                    .as("redo starts at pg_control's latest checkpoint REDO location").isEqualTo(redo));
            if (osgresCheckpoint != null) {
                long checkpointLsn = osgresCheckpoint[0];
                long redo = osgresCheckpoint[1];
                if (redo < checkpointLsn) {
                    assertThat(redoStart).as("redo starts at the checkpoint's redo point").isEqualTo(redo);
                } else {
                    // nothing was logged between the redo point and the checkpoint record: as PostgreSQL's
                    // PerformWalRecovery, replay (and its log line) starts at the record after the checkpoint record
                    assertThat(redoStart).as("redo starts right after the checkpoint record at %s", checkpointLsn)
                            .isGreaterThan(checkpointLsn).isLessThanOrEqualTo(checkpointLsn + MAX_CHECKPOINT_RECORD);
                }
            }
            if (insertLsnBefore.isPresent() && insertLsnAfter.isPresent()) {
                assertThat(redoStart).as("redo starts at the CHECKPOINT's redo point: between the insert LSNs "
                        + "before and after it").isBetween(insertLsnBefore.getAsLong(), insertLsnAfter.getAsLong());
            }

            try (Connection c = target.connect()) {
                assertFilled(c, "recovery_after", 2000);
                assertThat(Jdbc.selectInt(c, "select count(*) from recovery_before where name = 'changed'"))
                        .isEqualTo(rowsLeft(100));
                assertThat(Jdbc.selectInt(c, "select count(*) from recovery_before")).isEqualTo(rowsLeft(3000));
            }
        }
    }

    @Test
    void aSecondCrashRightAfterRecoveryLosesNothing() throws SQLException {
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect()) {
                fill(c, "recovery_twice", 2000);
            }
            target.crash();
            target.restart();
            try (Connection c = target.connect()) {
                assertFilled(c, "recovery_twice", 2000);
                JdbcCrudIT.createTable(c, "recovery_twice_more", "id integer primary key, name text");
                Jdbc.execute(c, "insert into recovery_twice_more (id, name) values (1, 'after the first crash')");
            }
            target.crash();
            int logOffset = target.log().length();
            target.restart();
            assertRecoveryLinesInOrder(target.log().substring(logOffset));
            try (Connection c = target.connect()) {
                assertFilled(c, "recovery_twice", 2000);
                assertThat(JdbcCrudIT.rows(c, "select id, name from recovery_twice_more"))
                        .containsExactly("1|after the first crash");
                // the index survived too: a duplicate of a recovered key is refused
                JdbcCrudIT.serverError("23505",
                        () -> Jdbc.execute(c, "insert into recovery_twice (id, name, qty) values (1, 'dup', 0)"));
            }
        }
    }

    /**
     * rows 1..n (name 'row i', qty i), then qty + 1 where id % 10 = 0 and every seventh row deleted, each
     * statement committed on its own.
     */
    private static void fill(Connection c, String table, int rows) throws SQLException {
        JdbcCrudIT.createTable(c, table, "id integer primary key, name text not null, qty integer not null");
        Jdbc.execute(c, "insert into " + table + " (id, name, qty) select g, 'row ' || g, g "
                + "from generate_series(1, " + rows + ") as g");
        Jdbc.execute(c, "update " + table + " set qty = qty + 1 where id % 10 = 0");
        Jdbc.execute(c, "delete from " + table + " where id % 7 = 0");
    }

    private static void assertFilled(Connection c, String table, int rows) throws SQLException {
        long sumOfIds = 0;
        long sumOfQty = 0;
        for (int id = 1; id <= rows; id++) {
            if (id % 7 != 0) {
                sumOfIds += id;
                sumOfQty += id + (id % 10 == 0 ? 1 : 0);
            }
        }
        assertThat(Jdbc.selectInt(c, "select count(*) from " + table)).as("rows of %s", table)
                .isEqualTo(rowsLeft(rows));
        assertThat(Jdbc.selectLong(c, "select sum(id) from " + table)).as("sum(id) of %s", table).isEqualTo(sumOfIds);
        assertThat(Jdbc.selectLong(c, "select sum(qty) from " + table)).as("sum(qty) of %s", table)
                .isEqualTo(sumOfQty);
        assertThat(JdbcCrudIT.rows(c, "select id, name, qty from " + table + " where id in (1, 10, 14, " + rows
                + ")")).containsExactlyInAnyOrder("1|row 1|1", "10|row 10|11", rows + "|row " + rows + "|"
                + (rows + (rows % 10 == 0 ? 1 : 0)));
    }

    private static int rowsLeft(int rows) {
        return rows - rows / 7;
    }

    private static void assertRecoveryLinesInOrder(String startup) {
        List<String> expected = List.of("LOG:  database system was interrupted; last known up at ",
                "LOG:  database system was not properly shut down; automatic recovery in progress",
                "LOG:  redo starts at ", "LOG:  redo done at ");
        int from = 0;
        for (String line : expected) {
            int at = startup.indexOf(line, from);
            assertThat(at).as("\"%s\" after the previous recovery line in:%n%s", line, startup).isNotNegative();
            from = at + line.length();
        }
    }

    /** pg_current_wal_lsn() if the server has it (it is not among issue 4's functions). */
    private static OptionalLong currentWalLsn(Connection c) throws SQLException {
        try {
            return OptionalLong.of(parseLsn(JdbcCrudIT.rows(c, "select pg_current_wal_lsn()").get(0)));
        } catch (PSQLException e) {
            if ("42883".equals(e.getSQLState())) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * The last checkpoint's location and redo point from osgres's own global/pg_control (layout in
     * InitDb.controlFile and the storage bundle's ControlFile: little-endian, checkpoint LSN at byte 32, redo LSN
     * at byte 40). With no timed checkpoint configured, they are the test's CHECKPOINT's.
     */
    private static long[] osgresControlCheckpoint(SqlTarget target) {
        try {
            ByteBuffer control = ByteBuffer.wrap(Files.readAllBytes(target.dataDir().resolve("global/pg_control")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long checkpointLsn = control.getLong(32);
            long redo = control.getLong(40);
            assertThat(redo).as("pg_control records a checkpoint").isPositive().isLessThanOrEqualTo(checkpointLsn);
            return new long[] {checkpointLsn, redo};
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The last checkpoint's redo point as pg_controldata reads it (the reference PostgreSQL). */
    private static OptionalLong checkpointRedoFromPgControl(SqlTarget target) {
        Cli.Result control = Cli.run(Duration.ofSeconds(30), Cli.tool("pg_controldata"), "-D",
                target.dataDir().toString());
        Matcher m = CONTROL_REDO.matcher(control.stdout());
        if (control.exitCode() != 0 || control.all().contains("CRC") || !m.find()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseLsn(m.group(1)));
    }

    private static long lsn(Pattern line, String log) {
        Matcher m = line.matcher(log);
        assertThat(m.find()).as("%s in:%n%s", line, log).isTrue();
        return parseLsn(m.group(1));
    }

    /** PostgreSQL prints an LSN as %X/%X: the upper and lower 32 bits in hex. */
    static long parseLsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
