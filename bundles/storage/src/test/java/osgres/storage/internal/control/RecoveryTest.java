package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.AuxiliaryWork.CheckpointFlag;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.wal.WalSegments;

/**
 * Crash and restart of the lower half: a "crash" is closing a core without a shutdown checkpoint (dirty buffers
 * and unflushed WAL are lost with the generation), a restart is a new core over the same directory.
 */
class RecoveryTest {

    /** A test resource manager: "add the int in the data to the counter at offset 200 of each page". */
    private static final int TEST_RMGR = 101;
    private static final int COUNTER = 200;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final RelFile REL = new RelFile(5, 30000);
    private static final RedoHandler ADD_REDO = (record, pages) -> {
        int delta = ByteBuffer.wrap(record.data()).order(ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = 0; i < record.blocks().size(); i++) {
            PageBuffer page = pages.page(i);
            if (page != null) {
                add(page.page(), delta);
            }
        }
    };

    @TempDir
    Path dir;
    private StorageCore core;

    @AfterEach
    void closeCore() {
        if (core != null) {
            core.close();
        }
    }

    private StorageCore start() {
        core = TestCluster.open(dir);
        core.wal().registerRedo(TEST_RMGR, ADD_REDO);
        return core;
    }

    private void crash() {
        core.close();
        core = null;
    }

    /** The test's change: a counter on a page with a heap page's header (pages read back are verified). */
    private static void add(MemorySegment page, int delta) {
        if (HeapPage.isNew(page)) {
            HeapPage.init(page);
        }
        page.set(INT, COUNTER, page.get(INT, COUNTER) + delta);
    }

    private void addTo(int block, int delta) {
        try (PageBuffer page = core.buffers().read(REL, block)) {
            page.lockExclusive();
            add(page.page(), delta);
            page.markDirty();
            core.wal().insert(TEST_RMGR, 0, 0,
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(delta).array(), page);
        }
    }

    private int counter(int block) {
        try (PageBuffer page = core.buffers().read(REL, block)) {
            page.lockShared();
            return page.page().get(INT, COUNTER);
        }
    }

    private void createRelationWithBlocks(int blocks) {
        core.buffers().createRelation(REL);
        for (int i = 0; i < blocks; i++) {
            core.buffers().extend(REL).close();
        }
    }

    @Test
    void aBrandNewClusterGetsItsFirstSegmentAndCheckpoint() {
        TestCluster.initDb(dir);
        AtomicBoolean hookRan = new AtomicBoolean();
        start().setAfterRedoHook(() -> hookRan.set(core.wal().insertLsn() > 0));
        assertThat(core.recovered()).isFalse();
        core.recovery().recover();
        assertThat(core.recovered()).isTrue();
        assertThat(hookRan).isTrue();
        assertThat(dir.resolve("pg_wal/000000010000000000000001")).exists();
        ControlFile control = ControlFile.read(dir);
        assertThat(control.state()).isEqualTo(ControlFile.DB_IN_PRODUCTION);
        assertThat(control.checkpointLsn()).isGreaterThanOrEqualTo(WalSegments.FIRST_LSN);
        assertThat(control.nextOid()).isGreaterThanOrEqualTo(16384);
        assertThat(core.transactions().assignXid()).isEqualTo(3);
    }

    @Test
    void aCleanShutdownNeedsNoRedo() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        createRelationWithBlocks(2);
        addTo(0, 7);
        core.checkpoints().checkpoint(CheckpointRequest.shutdownCheckpoint());
        ControlFile control = ControlFile.read(dir);
        assertThat(control.state()).isEqualTo(ControlFile.DB_SHUTDOWNED);
        assertThat(control.redoLsn()).isEqualTo(control.checkpointLsn());
        crash();

        start().recovery().recover();
        assertThat(counter(0)).isEqualTo(7);
        assertThat(ControlFile.read(dir).state()).isEqualTo(ControlFile.DB_IN_PRODUCTION);
        assertThat(ControlFile.read(dir).checkpointLsn()).as("no end-of-recovery checkpoint after a clean stop")
                .isEqualTo(control.checkpointLsn());
    }

    @Test
    void redoSkipsRecordsThePageOnDiskAlreadyHas() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        createRelationWithBlocks(1);
        try (PageBuffer page = core.buffers().read(REL, 0)) {
            page.lockExclusive();
            page.setPageLsn(core.wal().insertLsn()); // past the redo point: no full-page image for what follows
            page.markDirty();
        }
        for (int i = 0; i < 5; i++) {
            addTo(0, 1);
        }
        ((LowerStorageCore) core).bufferManager().flushAll(); // the page on disk has the first five changes
        for (int i = 0; i < 5; i++) {
            addTo(0, 1);
        }
        core.wal().flush(core.wal().insertLsn());
        crash();

        start().recovery().recover();
        assertThat(counter(0)).as("five changes on disk plus five replayed, none twice").isEqualTo(10);
    }

    @Test
    void replayingTheSameWalTwiceAfterACrashDuringRecoveryGivesTheSameResult() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        createRelationWithBlocks(3);
        for (int i = 0; i < 10; i++) {
            addTo(0, 1);
            addTo(1, 2);
        }
        core.checkpoints().checkpoint(CheckpointRequest.timed());
        long redo = ControlFile.read(dir).redoLsn();
        for (int i = 0; i < 5; i++) {
            addTo(0, 1);
            addTo(2, 3);
        }
        long xid = core.transactions().assignXid();
        core.transactions().commit(xid, true);
        crash();

        // recovery replays, writes some of its pages, then "crashes" before its end-of-recovery checkpoint
        start().setAfterRedoHook(() -> {
            ((LowerStorageCore) core).bufferManager().flushAll();
            throw new IllegalStateException("simulated crash after redo");
        });
        assertThatThrownBy(() -> core.recovery().recover()).hasMessageContaining("simulated crash");
        assertThat(ControlFile.read(dir).state()).isEqualTo(ControlFile.DB_IN_CRASH_RECOVERY);
        assertThat(ControlFile.read(dir).redoLsn()).isEqualTo(redo);
        crash();

        start().recovery().recover();
        assertThat(counter(0)).isEqualTo(15);
        assertThat(counter(1)).isEqualTo(20);
        assertThat(counter(2)).isEqualTo(15);
        assertThat(core.transactions().status(xid)).isEqualTo(TransactionCore.Status.COMMITTED);
        ControlFile control = ControlFile.read(dir);
        assertThat(control.state()).isEqualTo(ControlFile.DB_IN_PRODUCTION);
        assertThat(control.redoLsn()).as("the end-of-recovery checkpoint moved the redo point").isGreaterThan(redo);
    }

    @Test
    void commitStatusSurvivesACrashExactlyWhenItsRecordWasFlushed() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        TransactionCore tx = core.transactions();
        long beforeCheckpoint = tx.assignXid();
        tx.commit(beforeCheckpoint, true);
        core.checkpoints().checkpoint(CheckpointRequest.timed()); // its CLOG bit now lives in pg_xact
        long aborted = tx.assignXid();
        tx.abort(aborted);
        long running = tx.assignXid();
        long durable = tx.assignXid();
        tx.commit(durable, true); // flushes the abort record before it too
        long asynchronous = tx.assignXid();
        core.walFlusher().walWriterRunning(true); // it leaves its flush to a walwriter that never gets to it
        tx.commit(asynchronous, false); // never flushed before the crash
        assertThat(tx.status(asynchronous)).isEqualTo(TransactionCore.Status.COMMITTED);
        assertThat(tx.status(running)).isEqualTo(TransactionCore.Status.IN_PROGRESS);
        crash();

        start().recovery().recover();
        tx = core.transactions();
        assertThat(tx.status(beforeCheckpoint)).isEqualTo(TransactionCore.Status.COMMITTED);
        assertThat(tx.status(durable)).isEqualTo(TransactionCore.Status.COMMITTED);
        assertThat(tx.status(aborted)).isEqualTo(TransactionCore.Status.ABORTED);
        assertThat(tx.status(running)).as("running at the crash").isEqualTo(TransactionCore.Status.ABORTED);
        assertThat(tx.status(asynchronous)).as("its commit record was lost").isNotEqualTo(
                TransactionCore.Status.COMMITTED);
        assertThat(tx.assignXid()).as("no durable xid is handed out again").isGreaterThan(durable);
    }

    @Test
    void asynchronousCommitsFlushThemselvesWhenNoWalWriterRuns() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        core.walFlusher().walWriterRunning(true);
        core.walFlusher().walWriterRunning(false); // the walwriter's bundle went away
        long xid = core.transactions().assignXid();
        core.transactions().commit(xid, false);
        assertThat(core.walFlusher().backgroundFlush()).as("nothing left for a walwriter").isFalse();
        crash();
        start().recovery().recover();
        assertThat(core.transactions().status(xid)).isEqualTo(TransactionCore.Status.COMMITTED);
    }

    @Test
    void asynchronousCommitsBecomeDurableThroughTheWalWriter() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        core.walFlusher().walWriterRunning(true);
        long xid = core.transactions().assignXid();
        core.transactions().commit(xid, false);
        assertThat(core.walFlusher().backgroundFlush()).isTrue();
        assertThat(core.walFlusher().backgroundFlush()).isFalse();
        crash();
        start().recovery().recover();
        assertThat(core.transactions().status(xid)).isEqualTo(TransactionCore.Status.COMMITTED);
    }

    @Test
    void oidsAreNeverHandedOutTwiceAcrossACrash() {
        TestCluster.initDb(dir);
        start().recovery().recover();
        int last = 0;
        for (int i = 0; i < 10; i++) {
            last = core.transactions().nextOid();
        }
        assertThat(last).isGreaterThanOrEqualTo(16384);
        core.wal().flush(core.wal().insertLsn());
        crash();
        start().recovery().recover();
        assertThat(core.transactions().nextOid()).isGreaterThan(last);
    }

    @Test
    void checkpointCommandWaitsForTheCheckpointer() throws Exception {
        TestCluster.initDb(dir);
        start().recovery().recover();
        createRelationWithBlocks(1);
        addTo(0, 1);
        long before = ControlFile.read(dir).checkpointLsn();
        AtomicInteger done = new AtomicInteger();
        Thread checkpointer = Thread.ofPlatform().name("checkpointer").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    CheckpointRequest request = core.checkpoints().awaitRequest(50);
                    if (request != null) {
                        core.checkpoints().checkpoint(request);
                        done.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            core.requestCheckpointAndWait();
            // the requester is woken inside checkpoint(), before the test's checkpointer loop counts it
            assertThat(ControlFile.read(dir).checkpointLsn()).isGreaterThan(before);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (done.get() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(done.get()).isEqualTo(1);
            assertThat(((LowerStorageCore) core).bufferManager().dirtyCount()).isZero();
        } finally {
            checkpointer.interrupt();
            checkpointer.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void checkpointLinesReadAsPostgresWritesThem() {
        assertThat(Messages.checkpointStarting(CheckpointRunner.describe(
                CheckpointRequest.of(CheckpointFlag.END_OF_RECOVERY, CheckpointFlag.IMMEDIATE, CheckpointFlag.WAIT))))
                .isEqualTo("checkpoint starting: end-of-recovery immediate wait");
        assertThat(Messages.checkpointStarting(CheckpointRunner.describe(CheckpointRequest.shutdownCheckpoint())))
                .isEqualTo("checkpoint starting: shutdown immediate");
        assertThat(Messages.checkpointComplete(37, 0.2258, 0, 1, 0, 9, 1, 35, 2, 1, 1, 0, 206))
                .isEqualTo("checkpoint complete: wrote 37 buffers (0.2%); 0 WAL file(s) added, 1 removed, "
                        + "0 recycled; write=0.009 s, sync=0.001 s, total=0.035 s; sync files=2, longest=0.001 s, "
                        + "average=0.001 s; distance=0 kB, estimate=206 kB");
        assertThat(Messages.redoDoneAt(0x1539B90L, 0, 0, 0.004))
                .isEqualTo("redo done at 0/1539B90 system usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s");
    }
}
