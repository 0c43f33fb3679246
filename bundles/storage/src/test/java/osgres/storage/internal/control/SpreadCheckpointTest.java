package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.AuxiliaryWork.CheckpointFlag;
import osgres.storage.AuxiliaryWork.CheckpointPacing;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.wal.WalSegments;

/**
 * A checkpoint's pacing (CheckpointWriteDelay) and its WAL cleanup, over a real lower half: the naps are counted
 * instead of slept, so a spread checkpoint that stays on schedule naps after every write.
 */
class SpreadCheckpointTest {

    private static final RelFile REL = new RelFile(5, 30001);
    private static final int FILLER_RMGR = 102;
    private static final int DIRTY = 40;

    @TempDir
    Path dir;
    private StorageCore core;

    @AfterEach
    void closeCore() {
        if (core != null) {
            core.close();
        }
    }

    private void start(Map<String, String> settings) {
        TestCluster.initDb(dir);
        core = TestCluster.open(dir, settings);
        core.wal().registerRedo(FILLER_RMGR, (record, pages) -> { });
        core.recovery().recover();
    }

    private void start() {
        start(Map.of("shared_buffers", "64", "wal_buffers", "8", "checkpoint_timeout", "30",
                "checkpoint_completion_target", "0.9"));
    }

    private void dirtyPages(int count) {
        core.buffers().createRelation(REL);
        for (int i = 0; i < count; i++) {
            try (PageBuffer page = core.buffers().extend(REL)) {
                HeapPage.init(page.page());
                page.markDirty();
                core.wal().insert(FILLER_RMGR, 0, 0, new byte[8], page);
            }
        }
    }

    private int dirtyCount() {
        return ((LowerStorageCore) core).bufferManager().dirtyCount();
    }

    /** Counts naps; what it answers as pace can change as the checkpoint goes on. */
    private static final class CountingPacing implements CheckpointPacing {
        final AtomicInteger naps = new AtomicInteger();
        final AtomicReference<Pace> pace = new AtomicReference<>(Pace.SPREAD);
        volatile Runnable onNap = () -> { };

        @Override
        public Pace pace() {
            return pace.get();
        }

        @Override
        public void nap(long millis) {
            assertThat(millis).isEqualTo(CheckpointRunner.WRITE_DELAY_MILLIS);
            naps.incrementAndGet();
            onNap.run();
        }
    }

    @Test
    void aTimedCheckpointNapsAfterEachWriteWhileAheadOfSchedule() {
        start();
        dirtyPages(DIRTY);
        CountingPacing pacing = new CountingPacing();

        core.checkpoints().checkpoint(CheckpointRequest.timed(), pacing);

        assertThat(pacing.naps.get()).isGreaterThanOrEqualTo(DIRTY);
        assertThat(dirtyCount()).isZero();
    }

    @Test
    void anImmediateCheckpointNeverNaps() {
        start();
        dirtyPages(DIRTY);
        CountingPacing pacing = new CountingPacing();

        core.checkpoints().checkpoint(CheckpointRequest.of(CheckpointFlag.IMMEDIATE, CheckpointFlag.FORCE), pacing);

        assertThat(pacing.naps.get()).isZero();
        assertThat(dirtyCount()).isZero();
    }

    @Test
    void anImmediateRequestDuringASpreadCheckpointMakesItFinishAtFullSpeed() {
        start();
        dirtyPages(DIRTY);
        CountingPacing pacing = new CountingPacing();
        CheckpointRunner runner = (CheckpointRunner) core.checkpoints();
        pacing.onNap = () -> {
            if (pacing.naps.get() == 3) {
                runner.request(CheckpointRequest.of(CheckpointFlag.IMMEDIATE, CheckpointFlag.FORCE), false);
            }
        };

        runner.checkpoint(CheckpointRequest.timed(), pacing);

        assertThat(pacing.naps.get()).isEqualTo(3);
        assertThat(dirtyCount()).isZero();
    }

    @Test
    void aShutdownPendingMakesASpreadCheckpointFinishAtFullSpeed() {
        start();
        dirtyPages(DIRTY);
        CountingPacing pacing = new CountingPacing();
        pacing.onNap = () -> pacing.pace.set(CheckpointPacing.Pace.FULL_SPEED);

        core.checkpoints().checkpoint(CheckpointRequest.of(CheckpointFlag.WAL), pacing);

        assertThat(pacing.naps.get()).isEqualTo(1);
        assertThat(dirtyCount()).isZero();
    }

    @Test
    void quitAbandonsTheCheckpointBeforeItsRecord() {
        start();
        long before = ControlFile.read(dir).checkpointLsn();
        dirtyPages(DIRTY);
        CountingPacing pacing = new CountingPacing();
        pacing.onNap = () -> pacing.pace.set(CheckpointPacing.Pace.ABANDON);

        core.checkpoints().checkpoint(CheckpointRequest.timed(), pacing);

        assertThat(pacing.naps.get()).isEqualTo(1);
        assertThat(dirtyCount()).as("the scan stopped").isGreaterThan(DIRTY / 2);
        assertThat(ControlFile.read(dir).checkpointLsn()).as("no checkpoint recorded").isEqualTo(before);
    }

    @Test
    void oldSegmentsAreRecycledAfterACheckpointAndRecoveryStillFindsEverything() throws Exception {
        start(Map.of("shared_buffers", "64", "wal_buffers", "8", "max_wal_size", "32", "min_wal_size", "32"));
        core.buffers().createRelation(REL);
        try (PageBuffer page = core.buffers().extend(REL)) {
            HeapPage.init(page.page());
            page.markDirty();
        }
        for (int round = 0; round < 3; round++) {
            long target = core.wal().insertLsn() + WalSegments.SEGMENT_SIZE + 1024 * 1024;
            while (core.wal().insertLsn() < target) {
                core.wal().insert(FILLER_RMGR, 0, 0, new byte[64 * 1024]);
            }
            core.checkpoints().checkpoint(CheckpointRequest.of(CheckpointFlag.IMMEDIATE, CheckpointFlag.FORCE));
        }
        long insertSegment = core.wal().insertLsn() / WalSegments.SEGMENT_SIZE;
        List<Long> segments = segmentNumbers();
        assertThat(segments).as("a recycled segment waits ahead of the insert position")
                .anyMatch(n -> n > insertSegment);
        assertThat(segments).as("nothing before the redo point is kept")
                .allMatch(n -> n >= ControlFile.read(dir).redoLsn() / WalSegments.SEGMENT_SIZE);
        assertThat(segments.size()).isLessThanOrEqualTo(3);

        // write on into the recycled segment, then crash: recovery replays up to the new records' end only
        long target = (insertSegment + 1) * WalSegments.SEGMENT_SIZE + 4096;
        while (core.wal().insertLsn() < target) {
            core.wal().insert(FILLER_RMGR, 0, 0, new byte[64 * 1024]);
        }
        long end = core.wal().insertLsn();
        core.wal().flush(end);
        core.close();
        core = TestCluster.open(dir, Map.of("shared_buffers", "64", "wal_buffers", "8"));
        core.wal().registerRedo(FILLER_RMGR, (record, pages) -> { });
        core.recovery().recover();
        assertThat(core.wal().insertLsn()).as("the end-of-recovery checkpoint follows the last new record")
                .isGreaterThan(end);
        assertThat(ControlFile.read(dir).redoLsn()).isEqualTo(end);
    }

    private List<Long> segmentNumbers() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("pg_wal"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.length() == 24)
                    .map(n -> Long.parseLong(n.substring(8, 16), 16) * 256 + Long.parseLong(n.substring(16), 16))
                    .sorted().toList();
        }
    }
}
