package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Issue 7, acceptance 8 (full disk): the data directory on a small file system that fills up. The statement that
 * needs a new block fails with md.c's ERROR 53100 "could not extend file ...: No space left on device" and HINT
 * "Check free disk space.", the session goes on, and once space is freed every committed row is there, also
 * after a crash and restart.
 *
 * <p>The file system is a 40 MB tmpfs mounted for the test, so it needs root and a working mount; otherwise the
 * test is skipped with the reason. pg_wal lives outside it behind a symlink (as {@code initdb --waldir} sets up),
 * so that the data files fill up first and the test is deterministic. The second test puts only pg_wal on the
 * small file system: a WAL write (or a new segment's zero-fill) that fails is a PANIC (XLogWrite, XLogFileInit),
 * the postmaster's crash handling takes over,
 * and after space is freed and a restart every committed row is there.
 */
class DiskFullIT {
    private static final long KEEP_FREE = 1024 * 1024;
    private static final String INSERT_FIVE = "insert into filler values (?, ?), (?, ?), (?, ?), (?, ?), (?, ?)";
    private static final String PAD = "x".repeat(1000);

    private Path root;
    private Path mountPoint;
    private boolean mounted;

    /** Mounts a fresh 40 MB tmpfs at {@code root/<name>}, or skips the test saying why it cannot. */
    private Path mountSmallFileSystem(String name) throws IOException {
        Assumptions.assumeTrue(Cli.runningAsRoot(), () -> skip("mounting a tmpfs needs root"));
        if (root == null) {
            root = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-diskfull-");
        }
        mountPoint = Files.createDirectories(root.resolve(name));
        Cli.Result mount;
        try {
            mount = Cli.run(Duration.ofSeconds(30), "mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs",
                    mountPoint.toString());
        } catch (AssertionError e) {
            mount = new Cli.Result(-1, "", String.valueOf(e.getMessage()));
        }
        mounted = mount.exitCode() == 0;
        String reason = mount.all().strip();
        Assumptions.assumeTrue(mounted, () -> skip("mount -t tmpfs failed: " + reason));
        return mountPoint;
    }

    private static String skip(String reason) {
        String message = "DiskFullIT skipped: " + reason;
        System.out.println(message);
        return message;
    }

    @AfterEach
    void unmount() {
        if (mounted) {
            Cli.run(Duration.ofSeconds(30), "umount", "-l", mountPoint.toString());
            mounted = false;
        }
        if (root != null) {
            TestServer.deleteTree(root);
            root = null;
        }
    }

    /** Moves {@code pg_wal} to {@code target} and leaves a symlink to it, as {@code initdb --waldir} does. */
    private static void moveWal(TestServer server, Path target) throws IOException {
        Files.createDirectories(target);
        Path wal = server.dataDir.resolve("pg_wal");
        try (Stream<Path> entries = Files.list(wal)) {
            for (Path entry : entries.toList()) { // files and empty directories: Files.move crosses file systems
                Files.move(entry, target.resolve(entry.getFileName()));
            }
        }
        Files.delete(wal);
        Files.createSymbolicLink(wal, target);
    }

    @Test
    void aFullDiskIs53100AndNothingCommittedIsLost() throws Exception {
        mountSmallFileSystem("data");
        try (TestServer server = TestServer.createIn(root)) {
            moveWal(server, root.resolve("pg_wal"));
            server.start();

            long committed;
            Path ballast = server.dataDir.resolve("ballast");
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create table filler (id integer, pad text)");
                fillUpTo(ballast, KEEP_FREE);
                Filled filled = insertUntilFailure(c);
                committed = filled.committed();
                PSQLException full = filled.failure();
                assertThat(full.getSQLState()).as(String.valueOf(full.getServerErrorMessage())).isEqualTo("53100");
                assertThat(full.getServerErrorMessage().getMessage())
                        .matches("could not extend file \"base/\\d+/\\d+\": No space left on device");
                assertThat(full.getServerErrorMessage().getHint()).isEqualTo("Check free disk space.");
                assertThat(Jdbc.selectLong(c, "select count(*) from filler")).as("the session goes on")
                        .isEqualTo(committed);

                Files.delete(ballast);
                try (PreparedStatement insert = c.prepareStatement(INSERT_FIVE)) {
                    setBatch(insert, committed);
                    assertThat(insert.executeUpdate()).as("space freed: inserts work again").isEqualTo(5);
                    committed += 5;
                }
            }
            assertThat(server.log()).doesNotContain("TRAP:").doesNotContain("terminated by");

            server.crash();
            server.restart();
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectLong(c, "select count(*) from filler")).as("committed rows after a crash")
                        .isEqualTo(committed);
                assertThat(Jdbc.selectLong(c, "select count(distinct id) from filler")).isEqualTo(committed);
            }
        }
    }

    @Test
    void aWalWriteThatFailsIsAPanicAndNothingCommittedIsLost() throws Exception {
        try (TestServer server = TestServer.create()) {
            root = server.root;
            moveWal(server, mountSmallFileSystem("wal"));
            server.start();
            long committed;
            Path ballast = mountPoint.resolve("ballast");
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create table filler (id integer, pad text)");
                fillUpTo(ballast, KEEP_FREE);
                committed = insertUntilFailure(c).committed();
            }
            // a write into a segment ("could not write to log file"), or, since segments are made full size before
            // use, more often the zero-filling of the next one ("could not write to file "pg_wal/xlogtemp...")
            server.awaitLog("PANIC:  could not write to ", Duration.ofSeconds(60));
            assertThat(server.log()).contains(": No space left on device");
            // the postmaster's crash handling takes over: quickdie, reinitialize, redo to the end of what was
            // written (a write cut short by the full disk ends the WAL), and back to work if the end-of-recovery
            // checkpoint still fits; or the startup process PANICs too and the postmaster gives up
            server.awaitLog("terminated by signal 6: Aborted", Duration.ofSeconds(60));
            server.awaitLog("all server processes terminated; reinitializing", Duration.ofSeconds(60));

            Files.delete(ballast);
            if (server.process().isAlive()) {
                server.signal("KILL");
            }
            server.awaitExit(Duration.ofSeconds(60));
            server.restart();
            try (Connection c = Jdbc.connect(server)) {
                assertThat(Jdbc.selectLong(c, "select count(*) from filler")).as("committed rows after the PANIC")
                        .isEqualTo(committed);
            }
        }
    }

    /** How many rows were committed before the first statement failed, and its error. */
    private record Filled(long committed, PSQLException failure) {
    }

    /** Inserts five rows of 1 kB per statement (autocommit) until one fails. */
    private static Filled insertUntilFailure(Connection c) throws SQLException {
        long committed = 0;
        try (PreparedStatement insert = c.prepareStatement(INSERT_FIVE)) {
            for (int batch = 0; batch < 2000; batch++) {
                setBatch(insert, committed);
                try {
                    insert.executeUpdate();
                    committed += 5;
                } catch (PSQLException e) {
                    return new Filled(committed, e);
                }
            }
        }
        throw new AssertionError("the file system did not fill up after " + committed + " rows");
    }

    private static void setBatch(PreparedStatement insert, long firstId) throws SQLException {
        for (int i = 0; i < 5; i++) {
            insert.setInt(2 * i + 1, (int) firstId + i);
            insert.setString(2 * i + 2, PAD);
        }
    }

    /** Writes {@code ballast} until the file system has only about {@code keepFree} bytes left. */
    private void fillUpTo(Path ballast, long keepFree) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
        try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (Files.getFileStore(mountPoint).getUsableSpace() > keepFree + chunk.capacity()) {
                chunk.clear();
                ch.write(chunk);
            }
        }
    }
}
