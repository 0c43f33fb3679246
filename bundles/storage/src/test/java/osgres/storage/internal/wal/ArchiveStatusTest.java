package osgres.storage.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive status files (XLogArchiveNotify, XLogArchiveCheckDone, pgarch_readyXlog, pgarch_archiveDone), and the
 * WAL's part: a segment becomes ready when a flush completes it, including an early end by a segment switch.
 */
class ArchiveStatusTest {
    private static final long SEG = WalSegments.SEGMENT_SIZE;

    @TempDir
    Path dir;

    private ArchiveStatus status(boolean on) {
        return new ArchiveStatus(new WalSegments(dir), () -> on);
    }

    private WalManager openWal(ArchiveStatus status) {
        WalManager wal = new WalManager(Arena.ofAuto().allocate(256 * 1024, 64), new WalSegments(dir));
        wal.setSegmentCompletedListener(status::segmentComplete);
        wal.startInserting(WalSegments.FIRST_LSN, 0, WalSegments.FIRST_LSN);
        return wal;
    }

    private static void insertUntil(WalManager wal, long lsn) {
        byte[] data = new byte[6000];
        new Random(1).nextBytes(data);
        int n = 0;
        while (wal.insertLsn() < lsn) {
            wal.insert(100, 0, n++, data);
        }
        wal.flush(wal.insertLsn());
    }

    private static String name(long segno) {
        return WalSegments.fileName(WalSegments.FIRST_TIMELINE, segno);
    }

    private Path marker(long segno, String suffix) {
        return dir.resolve("archive_status").resolve(name(segno) + suffix);
    }

    @Test
    void aSegmentIsReadyOnceAFlushCompletesItAndNotBefore() {
        ArchiveStatus status = status(true);
        WalManager wal = openWal(status);
        insertUntil(wal, SEG + SEG / 2);
        assertThat(status.nextReady()).isNull();
        insertUntil(wal, 3 * SEG + 100);
        assertThat(marker(1, ".ready")).exists();
        assertThat(marker(2, ".ready")).exists();
        assertThat(marker(3, ".ready")).doesNotExist();
        assertThat(status.nextReady()).isEqualTo(name(1));
    }

    @Test
    void withArchivingOffNoMarkerIsWrittenAndEverySegmentMayGo() {
        ArchiveStatus status = status(false);
        WalManager wal = openWal(status);
        insertUntil(wal, 2 * SEG + 100);
        assertThat(dir.resolve("archive_status")).doesNotExist();
        assertThat(status.removable(1)).isTrue();
    }

    @Test
    void aSwitchEndsTheSegmentMakesItReadyAndTheReaderSkipsToTheNext() {
        ArchiveStatus status = status(true);
        WalManager wal = openWal(status);
        insertUntil(wal, SEG + 10_000);
        long switchEnd = wal.switchSegment();
        assertThat(switchEnd).isLessThan(2 * SEG);
        assertThat(wal.insertLsn()).isEqualTo(2 * SEG);
        assertThat(wal.flushedLsn()).isEqualTo(2 * SEG);
        assertThat(marker(1, ".ready")).exists();
        // nothing written since: a second switch does nothing and returns the segment start
        assertThat(wal.switchSegment()).isEqualTo(2 * SEG);
        long next = wal.insert(100, 0, 7, new byte[] {1, 2, 3});
        wal.flush(next);
        List<Long> starts = new ArrayList<>();
        try (WalReader reader = new WalReader(new WalSegments(dir), WalSegments.FIRST_LSN, -1)) {
            WalRecordFormat.Decoded d;
            while ((d = reader.next()) != null) {
                starts.add(d.record().lsn());
            }
            assertThat(reader.position()).isEqualTo(next);
        }
        assertThat(starts).contains(2 * SEG);
    }

    @Test
    void aSegmentNotArchivedIsKeptByCheckpointsAndGoesOnceDone() {
        ArchiveStatus status = status(true);
        WalManager wal = openWal(status);
        insertUntil(wal, 3 * SEG + 100);
        WalSegments.Cleanup kept = wal.segments().removeOrRecycle(3, 3, 5, true, status);
        assertThat(kept.removed() + kept.recycled()).isZero();
        assertThat(dir.resolve(name(1))).exists();

        status.markDone(name(1));
        assertThat(marker(1, ".done")).exists();
        assertThat(marker(1, ".ready")).doesNotExist();
        assertThat(status.nextReady()).isEqualTo(name(2));
        WalSegments.Cleanup cleanup = wal.segments().removeOrRecycle(3, 3, 5, true, status);
        assertThat(cleanup.removed() + cleanup.recycled()).isEqualTo(1);
        assertThat(marker(1, ".done")).doesNotExist();
        assertThat(dir.resolve(name(2))).exists();
    }

    @Test
    void aSegmentWithoutAnyStatusGetsReadyInsteadOfBeingRemoved() throws IOException {
        ArchiveStatus status = status(true);
        Files.write(dir.resolve(name(4)), new byte[16]);
        assertThat(status.removable(4)).isFalse();
        assertThat(marker(4, ".ready")).exists();
    }

    @Test
    void atStartupOlderSegmentsWithoutStatusBecomeReadyButNotTheCurrentOne() throws IOException {
        ArchiveStatus status = status(true);
        for (long segno = 1; segno <= 4; segno++) {
            Files.write(dir.resolve(name(segno)), new byte[16]);
        }
        Files.createDirectories(dir.resolve("archive_status"));
        Files.createFile(marker(1, ".done"));
        status.notifyUnmarkedBefore(3);
        assertThat(marker(1, ".ready")).doesNotExist();
        assertThat(marker(2, ".ready")).exists();
        assertThat(marker(3, ".ready")).doesNotExist();
        assertThat(marker(4, ".ready")).doesNotExist();
    }

    @Test
    void historyFilesGoFirstAndOrphanMarkersAreRemoved() throws IOException {
        ArchiveStatus status = status(true);
        Files.createDirectories(dir.resolve("archive_status"));
        Files.write(dir.resolve(name(2)), new byte[16]);
        Files.write(dir.resolve("00000002.history"), new byte[16]);
        status.notify(name(2));
        status.notify("00000002.history");
        status.notify(name(1)); // its segment does not exist: an orphan
        assertThat(status.nextReady()).isEqualTo("00000002.history");
        status.markDone("00000002.history");
        assertThat(status.nextReady()).isEqualTo(name(2));
        assertThat(marker(1, ".ready")).doesNotExist();
    }

    @Test
    void aStandbyMarksReceivedSegmentsDoneUnlessArchiveModeIsAlways() {
        new ArchiveStatus(new WalSegments(dir), () -> true, () -> false).receivedSegmentComplete(2);
        assertThat(marker(2, ".done")).exists();
        assertThat(marker(2, ".ready")).doesNotExist();
        new ArchiveStatus(new WalSegments(dir), () -> true, () -> true).receivedSegmentComplete(3);
        assertThat(marker(3, ".ready")).exists();
    }

    @Test
    void aNewReadyFileWakesTheArchiversWait() throws Exception {
        ArchiveStatus status = status(true);
        status.awaitReady(0); // forget anything pending
        CompletableFuture<Long> waited = new CompletableFuture<>();
        Thread archiver = new Thread(() -> {
            long start = System.nanoTime();
            status.awaitReady(60_000);
            waited.complete(System.nanoTime() - start);
        });
        archiver.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (archiver.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(archiver.getState()).isEqualTo(Thread.State.TIMED_WAITING);
        Files.write(dir.resolve(name(5)), new byte[16]);
        status.segmentComplete(5);
        assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
}
