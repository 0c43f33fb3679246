package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, WAL archiving against the real distribution: with archive_mode on, each WAL segment a flush or
 * pg_switch_wal() completes gets {@code pg_wal/archive_status/NAME.ready}, the archiver child runs archive_command
 * for it ({@code cp %p DIR/%f}), the copy is byte-identical to pg_wal's file, the marker becomes {@code .done} and
 * pg_stat_archiver counts it. A failing command logs PostgreSQL's lines, counts failures, and the segment stays
 * ready and survives checkpoints until a reload fixes the command; a restart of the archiver alone or a crash of
 * the whole server loses nothing that was ready.
 */
class ArchiverIT {
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);

    private static Path archiveDir(TestServer server) {
        try {
            return Files.createDirectories(server.root.resolve("archive"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path status(TestServer server, String wal, String suffix) {
        return server.dataDir.resolve("pg_wal/archive_status").resolve(wal + suffix);
    }

    /** Writes some WAL, ends the segment with pg_switch_wal() and returns the name of the segment it ended. */
    private static String switchSegment(Connection c) throws Exception {
        Jdbc.execute(c, "create table if not exists arch_t (a int, b text)");
        Jdbc.execute(c, "insert into arch_t select i, repeat('x', 200) from generate_series(1, 1000) i");
        return Jdbc.selectString(c, "select pg_walfile_name(pg_switch_wal())");
    }

    private static void awaitArchived(TestServer server, Path archive, String wal) {
        TestServer.await(wal + " archived", ARCHIVE_WAIT, () -> Files.exists(archive.resolve(wal))
                && Files.exists(status(server, wal, ".done")));
    }

    private static void assertSameBytes(TestServer server, Path archive, String wal) throws IOException {
        byte[] archived = Files.readAllBytes(archive.resolve(wal));
        assertThat(archived.length).as(wal).isEqualTo(16 * 1024 * 1024);
        assertThat(Arrays.equals(archived, Files.readAllBytes(server.dataDir.resolve("pg_wal").resolve(wal))))
                .as("%s in the archive is byte-identical to pg_wal's", wal).isTrue();
    }

    /** One value of a query, for conditions awaited in lambdas. */
    private static String value(Connection c, String sql) {
        try {
            return Jdbc.selectString(c, sql);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Cli.Result shell(TestServer server, String command) {
        return Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                command);
    }

    private static Cli.Result pgCtlReload(TestServer server) {
        return Cli.runAsServerUser(Duration.ofSeconds(30), List.of(Cli.tool("pg_ctl"), "-D",
                server.dataDir.toString(), "reload"));
    }

    @Test
    void pgbenchsSegmentsReachTheArchiveByteIdenticalAndAreCounted() throws Exception {
        TestServer created = TestServer.create("archive_mode = on");
        Path archive = archiveDir(created);
        created.appendConfig("archive_command = 'cp %p " + archive + "/%f'");
        try (TestServer server = created.start(); Connection c = Jdbc.connect(server)) {
            assertThat(Jdbc.selectString(c, "select count(*) from pg_stat_activity where backend_type = 'archiver'"))
                    .isEqualTo("1");
            Cli.Result init = Cli.pgbench(Duration.ofMinutes(5), server.port, "-i", "-s", "2");
            assertThat(init.exitCode()).as("pgbench -i: %s", init.all()).isZero();
            String switched = Jdbc.selectString(c, "select pg_walfile_name(pg_switch_wal())");
            awaitArchived(server, archive, switched);
            assertSameBytes(server, archive, switched);

            // pgbench -i's 30 MB of WAL filled whole segments before the switch: each is archived once, in order
            String[] archived = archive.toFile().list();
            Arrays.sort(archived);
            assertThat(archived.length).isGreaterThanOrEqualTo(2);
            assertThat(archived[archived.length - 1]).isEqualTo(switched);
            for (String wal : archived) {
                if (Files.exists(server.dataDir.resolve("pg_wal").resolve(wal))) {
                    assertSameBytes(server, archive, wal);
                }
            }
            TestServer.await("pg_stat_archiver counts every file", ARCHIVE_WAIT, () -> value(c,
                    "select archived_count from pg_stat_archiver").equals(Integer.toString(archived.length)));
            assertThat(Jdbc.selectString(c, "select last_archived_wal || ' ' || failed_count || ' '"
                    + " || (last_archived_time is not null) || ' ' || (last_failed_wal is null) from pg_stat_archiver"))
                    .isEqualTo(switched + " 0 true true");

            // nothing written since the switch: a second one does nothing and archives nothing new
            assertThat(Jdbc.selectString(c, "select pg_switch_wal() = pg_current_wal_lsn()")).isEqualTo("t");

            Jdbc.execute(c, "select pg_stat_reset_shared('archiver')");
            assertThat(Jdbc.selectString(c, "select archived_count || ' ' || (last_archived_wal is null) || ' '"
                    + " || (stats_reset > now() - interval '1 minute') from pg_stat_archiver"))
                    .isEqualTo("0 true true");

            // a fast shutdown waits for the archiver's last cycle after the shutdown checkpoint, then ends cleanly
            c.close();
            server.signal("INT");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(server.log()).contains("LOG:  database system is shut down");
        }
    }

    @Test
    void aFailingCommandKeepsTheSegmentReadyUntilAReloadFixesIt() throws Exception {
        TestServer created = TestServer.create("archive_mode = on", "archive_command = 'false'");
        Path archive = archiveDir(created);
        try (TestServer server = created.start(); Connection c = Jdbc.connect(server)) {
            String failing = switchSegment(c);
            server.awaitLog("WARNING:  archiving write-ahead log file \"" + failing
                    + "\" failed too many times, will try again later", ARCHIVE_WAIT);
            assertThat(server.log()).contains("LOG:  archive command failed with exit code 1")
                    .contains("DETAIL:  The failed archive command was: false");
            assertThat(Jdbc.selectString(c, "select (failed_count >= 3) || ' ' || last_failed_wal || ' '"
                    + " || archived_count from pg_stat_archiver")).isEqualTo("true " + failing + " 0");
            assertThat(status(server, failing, ".ready")).exists();

            // later segments and checkpoints past it: the unarchived segment is neither recycled nor removed
            switchSegment(c);
            Jdbc.execute(c, "checkpoint");
            switchSegment(c);
            Jdbc.execute(c, "checkpoint");
            String redoFile = Jdbc.selectString(c, "select redo_wal_file from pg_control_checkpoint()");
            assertThat(redoFile).isGreaterThan(failing);
            assertThat(server.dataDir.resolve("pg_wal").resolve(failing)).exists();
            assertThat(status(server, failing, ".ready")).exists();

            server.appendConfig("archive_command = 'cp %p " + archive + "/%f'");
            Cli.Result reload = pgCtlReload(server);
            assertThat(reload.exitCode()).as("pg_ctl reload: %s", reload.all()).isZero();
            awaitArchived(server, archive, failing);
            assertSameBytes(server, archive, failing);
            assertThat(status(server, failing, ".ready")).doesNotExist();

            // osgres:restart archiver: a new archiver child takes over and archives the next segment
            int before = Jdbc.selectInt(c, "select pid from pg_stat_activity where backend_type = 'archiver'");
            Cli.Result restart = shell(server, "osgres:restart archiver");
            assertThat(restart.exitCode()).as(restart.all()).isZero();
            TestServer.await("a new archiver", ARCHIVE_WAIT, () -> value(c, "select count(*) || ' ' || bool_and(pid <> "
                    + before + ") from pg_stat_activity where backend_type = 'archiver'").equals("1 true"));
            String next = switchSegment(c);
            awaitArchived(server, archive, next);
            assertSameBytes(server, archive, next);

            // with archiving working, a checkpoint may now recycle the archived segment
            switchSegment(c);
            Jdbc.execute(c, "checkpoint");
            TestServer.await(failing + " recycled once archived", ARCHIVE_WAIT,
                    () -> !Files.exists(status(server, failing, ".done")));
        }
    }

    @Test
    void aSegmentReadyAtACrashIsArchivedAfterTheRestart() throws Exception {
        TestServer created = TestServer.create("archive_mode = on", "archive_command = 'exit 3'");
        Path archive = archiveDir(created);
        try (TestServer server = created.start(); Connection c = Jdbc.connect(server)) {
            String pending = switchSegment(c);
            server.awaitLog("LOG:  archive command failed with exit code 3", ARCHIVE_WAIT);
            assertThat(status(server, pending, ".ready")).exists();
            c.close();

            server.appendConfig("archive_command = 'cp %p " + archive + "/%f'");
            server.crash();
            server.restart();
            awaitArchived(server, archive, pending);
            assertSameBytes(server, archive, pending);
            try (Connection again = Jdbc.connect(server)) {
                String next = switchSegment(again);
                awaitArchived(server, archive, next);
            }
        }
    }

    @Test
    void archiveTimeoutSwitchesASegmentThatHadWalAndLeavesAnIdleOneAlone() throws Exception {
        TestServer created = TestServer.create("archive_mode = on", "archive_timeout = 2");
        Path archive = archiveDir(created);
        created.appendConfig("archive_command = 'cp %p " + archive + "/%f'");
        try (TestServer server = created.start(); Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table timeout_t (a int)");
            Jdbc.execute(c, "insert into timeout_t values (1)");
            String written = Jdbc.selectString(c, "select pg_walfile_name(pg_current_wal_lsn())");
            awaitArchived(server, archive, written);
            assertSameBytes(server, archive, written);
            // no WAL since that switch: the insert position stays at the new segment's start
            String start = Jdbc.selectString(c, "select pg_current_wal_lsn()");
            TestServer.await("two archive_timeout periods after the last archiving", Duration.ofSeconds(30),
                    () -> "t".equals(value(c, "select clock_timestamp() - last_archived_time > interval '4 seconds'"
                            + " from pg_stat_archiver")));
            assertThat(Jdbc.selectString(c, "select archived_count || ' ' || last_archived_wal from pg_stat_archiver"))
                    .isEqualTo("1 " + written);
            assertThat(Jdbc.selectString(c, "select pg_current_wal_lsn() = '" + start + "'::pg_lsn")).isEqualTo("t");
        }
    }

    @Test
    void aStandbyMarksReceivedSegmentsDoneAndArchivesItsOwnTimelineOncePromoted() throws Exception {
        try (TestServer primary = TestServer.create().start()) {
            Path root = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-archiving-standby-");
            Cli.Result backup = Cli.run(Duration.ofMinutes(3), java.util.Map.of("PGCONNECT_TIMEOUT", "10"), List.of(
                    Cli.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(primary.port), "-U",
                    "postgres", "-D", root.resolve("data").toString(), "-X", "stream", "-R", "-c", "fast"));
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            Path archive = Files.createDirectories(root.resolve("archive"));
            Files.writeString(root.resolve("data/postgresql.auto.conf"), "archive_mode = on\narchive_command = 'cp %p "
                    + archive + "/%f'\n", java.nio.file.StandardOpenOption.APPEND);
            try (TestServer standby = TestServer.adopt(root).start();
                 Connection p = Jdbc.connect(primary); Connection s = Jdbc.connect(standby)) {
                // archive_mode on (not always): no archiver in recovery, and what the standby receives is .done
                assertThat(value(s, "select count(*) from pg_stat_activity where backend_type = 'archiver'"))
                        .isEqualTo("0");
                String received = switchSegment(p);
                TestServer.await(received + " received and marked done", ARCHIVE_WAIT,
                        () -> Files.exists(status(standby, received, ".done")));
                assertThat(status(standby, received, ".ready")).doesNotExist();
                assertThat(archive.toFile().list()).isEmpty();

                Cli.Result promote = Cli.runAsServerUser(Duration.ofMinutes(2), List.of(Cli.tool("pg_ctl"), "-D",
                        standby.dataDir.toString(), "promote", "-w", "-t", "60"));
                assertThat(promote.exitCode()).as(promote.all()).isZero();
                // the promotion's history file is archived first, then the new timeline's segments
                TestServer.await("00000002.history archived", ARCHIVE_WAIT,
                        () -> Files.exists(archive.resolve("00000002.history")));
                TestServer.await("an archiver on the promoted server", ARCHIVE_WAIT, () -> value(s,
                        "select count(*) from pg_stat_activity where backend_type = 'archiver'").equals("1"));
                String own = switchSegment(s);
                assertThat(own).startsWith("00000002");
                awaitArchived(standby, archive, own);
                assertSameBytes(standby, archive, own);
                assertThat(archive.resolve(received)).doesNotExist();
            }
        }
    }

    @Test
    void anEmptyArchiveCommandArchivesNothingAndWarnsAsPostgresDoes() throws Exception {
        try (TestServer server = TestServer.create("archive_mode = on").start(); Connection c = Jdbc.connect(server)) {
            String pending = switchSegment(c);
            server.awaitLog("WARNING:  archive_mode enabled, yet archiving is not configured", ARCHIVE_WAIT);
            assertThat(status(server, pending, ".ready")).exists();
            assertThat(Jdbc.selectString(c, "select archived_count || ' ' || failed_count from pg_stat_archiver"))
                    .isEqualTo("0 0");
        }
    }

    @Test
    void withArchiveModeOffThereIsNoArchiverAndNoStatusFiles() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            String switched = switchSegment(c);
            assertThat(Jdbc.selectString(c, "select count(*) from pg_stat_activity where backend_type = 'archiver'"))
                    .isEqualTo("0");
            assertThat(status(server, switched, ".ready")).doesNotExist();
            // the switch still ends the segment: the insert position is the next one's start, so another does nothing
            assertThat(Jdbc.selectString(c, "select pg_switch_wal() = pg_current_wal_lsn()")).isEqualTo("t");
            Path statusDir = server.dataDir.resolve("pg_wal/archive_status");
            assertThat(!Files.exists(statusDir) || statusDir.toFile().list().length == 0).as("no status files").isTrue();
        }
    }
}
