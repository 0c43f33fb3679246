package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 2 (the checkpointer) and pg_stat_wal, against the real distribution:
 * <ul>
 *   <li>a timed checkpoint spreads its writes over checkpoint_completion_target of checkpoint_timeout (the
 *       "checkpoint complete" line's write= time), an immediate CHECKPOINT writes at full speed, and a CHECKPOINT
 *       issued during a spread checkpoint makes it finish at once;</li>
 *   <li>with a small max_wal_size, pgbench's WAL asks for checkpoints ({@code checkpoint starting: wal}), which
 *       come too close together ({@code checkpoints are occurring too frequently} with its HINT); old segments are
 *       recycled ({@code N recycled} in the complete line) and pg_wal stays small however much WAL is written;
 *       kill -9 of the server after recycling loses no committed transaction (pgbench's balances agree with its
 *       history, every acknowledged insert is there);</li>
 *   <li>pg_stat_wal has PostgreSQL 15's columns, grows with writes and is reset by
 *       {@code pg_stat_reset_shared('wal')}.</li>
 * </ul>
 * Every wait has a deadline; times are read from the server's own log line, never from the test's clock.
 */
class CheckpointerIT {
    private static final Pattern COMPLETE = Pattern.compile("checkpoint complete: wrote (\\d+) buffers \\([0-9.]+%\\); "
            + "(\\d+) WAL file\\(s\\) added, (\\d+) removed, (\\d+) recycled; write=(\\d+)\\.(\\d{3}) s, "
            + "sync=\\d+\\.\\d{3} s, total=\\d+\\.\\d{3} s; sync files=\\d+, longest=\\d+\\.\\d{3} s, "
            + "average=\\d+\\.\\d{3} s; distance=\\d+ kB, estimate=\\d+ kB");
    private static final Duration TIMED_CHECKPOINT_DEADLINE = Duration.ofSeconds(120);
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int CHECKPOINT_TIMEOUT_S = 30;
    private static final double COMPLETION_TARGET = 0.9;
    /** Half the spread target (0.9 x 30 s): a spread checkpoint's writes take at least this long. */
    private static final long SPREAD_LOWER_BOUND_MS = (long) (CHECKPOINT_TIMEOUT_S * COMPLETION_TARGET * 1000 / 2);
    private static final int MAX_WAL_SEGMENTS_KEPT = 6;
    private static final String PAD_X = "'" + "x".repeat(400) + "'";
    private static final String PAD_Y = "'" + "y".repeat(400) + "'";
    private static final String PAD_Z = "'" + "z".repeat(400) + "'";

    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** What one "checkpoint complete" line says. */
    private record Complete(int buffers, int added, int removed, int recycled, long writeMillis) {
        static Complete parse(String line) {
            Matcher m = COMPLETE.matcher(line);
            assertThat(m.find()).as("a complete line as PostgreSQL writes it: %s", line).isTrue();
            return new Complete(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    Long.parseLong(m.group(5)) * 1000 + Long.parseLong(m.group(6)));
        }
    }

    private List<String> logLines() {
        return server.log().lines().toList();
    }

    /** The "checkpoint complete" line of the {@code nth} (from 1) checkpoint started with {@code starting}. */
    private Complete awaitCompletion(String starting, int nth, Duration timeout) {
        String[] found = new String[1];
        TestServer.await("checkpoint complete after the " + nth + ". \"" + starting + "\"", timeout, () -> {
            List<String> lines = logLines();
            int seen = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith(starting) && ++seen == nth) {
                    for (int j = i + 1; j < lines.size(); j++) {
                        if (lines.get(j).contains("checkpoint complete: ")) {
                            found[0] = lines.get(j);
                            return true;
                        }
                    }
                }
            }
            return false;
        });
        return Complete.parse(found[0]);
    }

    private int count(String text) {
        return (int) logLines().stream().filter(l -> l.contains(text)).count();
    }

    // ---- spreading ---------------------------------------------------------------------------------------------

    /**
     * Each step dirties about 1,100 buffers right after a CHECKPOINT or a checkpoint start, so the next timed
     * checkpoint (checkpoint_timeout after the last one started) always comes after those writes have finished.
     */
    @Test
    void aTimedCheckpointSpreadsItsWritesAndAnImmediateOneDoesNot() throws Exception {
        server = TestServer.create("checkpoint_timeout = " + CHECKPOINT_TIMEOUT_S + "s",
                "checkpoint_completion_target = " + COMPLETION_TARGET).start();
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table spread (id integer, pad text)");
            Jdbc.execute(c, "insert into spread select g, " + PAD_X + " from generate_series(1, 20000) g");
            Jdbc.execute(c, "checkpoint");
            Complete immediate = awaitCompletion("checkpoint starting: immediate force wait", 1, DEADLINE);
            assertThat(immediate.buffers()).isGreaterThan(600);
            assertThat(immediate.writeMillis()).as("CHECKPOINT writes at full speed")
                    .isLessThan(SPREAD_LOWER_BOUND_MS);

            Jdbc.execute(c, "update spread set pad = " + PAD_Y);
            Complete timed = awaitCompletion("checkpoint starting: time", 1, TIMED_CHECKPOINT_DEADLINE);
            assertThat(timed.buffers()).as("enough dirty buffers to spread over (100 ms naps)").isGreaterThan(600);
            assertThat(timed.writeMillis()).as("a timed checkpoint's writes take about 0.9 x 30 s")
                    .isGreaterThanOrEqualTo(SPREAD_LOWER_BOUND_MS);

            // the next timed checkpoint: a CHECKPOINT while it is spreading makes it finish at full speed
            Jdbc.execute(c, "checkpoint");
            Jdbc.execute(c, "update spread set pad = " + PAD_Z);
            TestServer.await("a second timed checkpoint", TIMED_CHECKPOINT_DEADLINE,
                    () -> count("checkpoint starting: time") >= 2);
            Jdbc.execute(c, "checkpoint");
        }
        Complete hurried = awaitCompletion("checkpoint starting: time", 2, DEADLINE);
        assertThat(hurried.buffers()).as("it had all the update's buffers to write").isGreaterThan(600);
        assertThat(hurried.writeMillis()).as("an immediate request ends the spreading")
                .isLessThan(SPREAD_LOWER_BOUND_MS);
        awaitCompletion("checkpoint starting: immediate force wait", 3, DEADLINE);
    }

    // ---- WAL volume, recycling, kill -9 -------------------------------------------------------------------------

    /**
     * max_wal_size 48 MB (CheckPointSegments 1: a checkpoint per segment of WAL) with min_wal_size 32 MB: the
     * recycling limit is then one segment beyond the one the checkpoint ends in, so a checkpoint that ran past its
     * redo segment still recycles instead of removing (with both at 32 MB PostgreSQL, and osgres, mostly remove).
     */
    @Test
    void walVolumeCheckpointsRecycleSegmentsAndKillDashNineLosesNothing() throws Exception {
        server = TestServer.create("max_wal_size = 48MB", "min_wal_size = 32MB", "checkpoint_warning = 30s").start();
        Cli.Result init = Cli.pgbench(Duration.ofMinutes(5), server.port, "-i", "-s", "2");
        assertThat(init.exitCode()).as("pgbench -i: %s", init.all()).isZero();

        AtomicBoolean crashing = new AtomicBoolean();
        AtomicLong acknowledged = new AtomicLong();
        Future<Cli.Result> pgbench = threads.submit(() -> Cli.pgbench(Duration.ofMinutes(5), server.port,
                "-c", "4", "-j", "2", "-T", "120"));
        Future<?> inserts = threads.submit(() -> insertAndCount(acknowledged, crashing));

        AtomicInteger maxSegments = new AtomicInteger();
        TestServer.await("WAL checkpoints that recycled segments, and 16 segments' worth of WAL written", DEADLINE,
                () -> {
                    maxSegments.accumulateAndGet(walSegmentCount(), Math::max);
                    assertThat(pgbench.isDone()).as("pgbench still running").isFalse();
                    return count("checkpoint starting: wal") >= 3 && recycledSoFar() > 0
                            && walBytes().compareTo(BigDecimal.valueOf(16L * 16 * 1024 * 1024)) > 0;
                });
        List<String> lines = logLines();
        int warning = indexOf(lines, "LOG:  checkpoints are occurring too frequently (");
        assertThat(warning).as("the too-frequently LOG line").isNotNegative();
        assertThat(lines.get(warning)).matches(".*too frequently \\(\\d+ seconds? apart\\)");
        assertThat(lines.get(warning + 1))
                .endsWith("HINT:  Consider increasing the configuration parameter \"max_wal_size\".");
        assertThat(maxSegments.get()).as("segments in pg_wal while 256 MB of WAL went through it")
                .isLessThanOrEqualTo(MAX_WAL_SEGMENTS_KEPT);

        crashing.set(true);
        server.crash();
        pgbench.get(60, TimeUnit.SECONDS);
        inserts.get(60, TimeUnit.SECONDS);
        server.restart();

        try (Connection c = Jdbc.connect(server)) {
            long history = Jdbc.selectLong(c, "select coalesce(sum(delta), 0) from pgbench_history");
            assertThat(Jdbc.selectLong(c, "select sum(abalance) from pgbench_accounts")).isEqualTo(history);
            assertThat(Jdbc.selectLong(c, "select sum(bbalance) from pgbench_branches")).isEqualTo(history);
            assertThat(Jdbc.selectLong(c, "select sum(tbalance) from pgbench_tellers")).isEqualTo(history);
            assertThat(Jdbc.selectLong(c, "select count(*) from pgbench_history")).as("transactions kept")
                    .isPositive();
            assertThat(Jdbc.selectLong(c, "select count(*) from acked")).as("acknowledged inserts after kill -9")
                    .isBetween(acknowledged.get(), acknowledged.get() + 1);
            assertThat(Jdbc.selectLong(c, "select count(*) from pgbench_accounts")).isEqualTo(200_000);
        }
        assertThat(server.log()).doesNotContain("PANIC").doesNotContain("TRAP");
    }

    /** Autocommit inserts, each counted once its commit returned, until the crash breaks the connection. */
    private Void insertAndCount(AtomicLong acknowledged, AtomicBoolean crashing) throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table acked (id bigint)");
            try (var insert = c.prepareStatement("insert into acked values (?)")) {
                for (long id = 1; ; id++) {
                    insert.setLong(1, id);
                    insert.executeUpdate();
                    acknowledged.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            if (!crashing.get()) {
                throw e;
            }
            return null;
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private int recycledSoFar() {
        return logLines().stream().filter(l -> l.contains("checkpoint complete: "))
                .mapToInt(l -> Complete.parse(l).recycled()).sum();
    }

    private int walSegmentCount() {
        try (Stream<Path> files = Files.list(server.dataDir.resolve("pg_wal"))) {
            return (int) files.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private BigDecimal walBytes() {
        try (Connection c = Jdbc.connect(server); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select wal_bytes from pg_stat_wal")) {
            assertThat(rs.next()).isTrue();
            return rs.getBigDecimal(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    // ---- pg_stat_wal -------------------------------------------------------------------------------------------

    @Test
    void pgStatWalCountsWritesAndIsResetByPgStatResetShared() throws Exception {
        server = TestServer.create().start();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(columns(c, "select * from pg_stat_wal")).containsExactly("wal_records:int8", "wal_fpi:int8",
                    "wal_bytes:numeric", "wal_buffers_full:int8", "wal_write:int8", "wal_sync:int8",
                    "wal_write_time:float8", "wal_sync_time:float8", "stats_reset:timestamptz");
            Jdbc.execute(c, "create table w (id integer, pad text)");
            Jdbc.execute(c, "insert into w select g, 'x' from generate_series(1, 1000) g");
            Jdbc.execute(c, "checkpoint");
            WalRow before = walRow(c);
            Jdbc.execute(c, "update w set pad = 'y'"); // first change of each page after the checkpoint: images
            WalRow after = walRow(c);
            assertThat(after.records() - before.records()).as("wal_records").isGreaterThanOrEqualTo(1000);
            assertThat(after.fpi()).as("wal_fpi").isGreaterThan(before.fpi());
            assertThat(after.bytes().subtract(before.bytes()).longValue()).as("wal_bytes")
                    .isGreaterThan(8192L * (after.fpi() - before.fpi()));
            assertThat(after.writes()).as("wal_write").isGreaterThan(before.writes());
            assertThat(after.syncs()).as("wal_sync").isGreaterThan(before.syncs());

            Jdbc.execute(c, "select pg_stat_reset_shared('wal')");
            WalRow reset = walRow(c);
            assertThat(reset.records()).as("wal_records after the reset").isLessThan(before.records());
            assertThat(reset.bytes()).isLessThan(after.bytes());
            assertThat(reset.statsReset()).isAfter(after.statsReset());
        }
    }

    private record WalRow(long records, long fpi, BigDecimal bytes, long writes, long syncs, Timestamp statsReset) {
    }

    private static WalRow walRow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select wal_records, wal_fpi, wal_bytes, wal_write, wal_sync, stats_reset from pg_stat_wal")) {
            assertThat(rs.next()).isTrue();
            return new WalRow(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3), rs.getLong(4), rs.getLong(5),
                    rs.getTimestamp(6));
        }
    }

    private static List<String> columns(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i) + ":" + md.getColumnTypeName(i));
            }
        }
        return out;
    }
}
