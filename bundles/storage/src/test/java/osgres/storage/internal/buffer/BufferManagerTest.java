package osgres.storage.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.btree.BTreePage;
import osgres.storage.internal.control.TestCluster;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.wal.WalReader;
import osgres.storage.internal.wal.WalRecordFormat;
import osgres.storage.internal.wal.WalSegments;

class BufferManagerTest {

    private static final int TEST_RMGR = 101;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final RelFile REL = new RelFile(5, 20000);

    @TempDir
    Path dir;
    private StorageCore core;

    @AfterEach
    void closeCore() {
        if (core != null) {
            core.close();
        }
    }

    private StorageCore start(int sharedBuffers) {
        TestCluster.initDb(dir);
        core = TestCluster.open(dir, Map.of("shared_buffers", Integer.toString(sharedBuffers), "wal_buffers", "8"));
        core.recovery().recover();
        core.buffers().createRelation(REL);
        return core;
    }

    @Test
    void evictionWritesDirtyPagesOnlyAfterTheirWalIsFlushed() throws IOException {
        start(16);
        long flushedAtStart = core.wal().flushedLsn();
        for (int i = 0; i < 60; i++) {
            try (PageBuffer page = core.buffers().extend(REL)) {
                HeapPage.init(page.page()); // a sane header: pages read back are verified
                page.page().set(INT, 100, 1000 + i);
                page.markDirty();
                core.wal().insert(TEST_RMGR, 0, 0, new byte[] {(byte) i}, page);
            }
        }
        assertThat(core.buffers().blockCount(REL)).isEqualTo(60);

        // 60 pages through 16 buffers: at least 44 were evicted and written, with nobody flushing WAL but them
        byte[] file = Files.readAllBytes(dir.resolve("base/5/20000"));
        long maxLsnOnDisk = 0;
        int written = 0;
        for (int block = 0; block < file.length / Page.SIZE; block++) {
            ByteBuffer page = ByteBuffer.wrap(file, block * Page.SIZE, Page.SIZE).order(ByteOrder.LITTLE_ENDIAN);
            long lsn = page.getLong(block * Page.SIZE);
            if (lsn != 0) {
                written++;
                maxLsnOnDisk = Math.max(maxLsnOnDisk, lsn);
                assertThat(lsn).as("page LSN of block %d on disk", block).isLessThanOrEqualTo(core.wal().flushedLsn());
            }
        }
        assertThat(written).isGreaterThanOrEqualTo(44);
        assertThat(core.wal().flushedLsn()).isGreaterThan(flushedAtStart);
        long walOnDisk;
        try (WalReader reader = new WalReader(new WalSegments(dir.resolve("pg_wal")), WalSegments.FIRST_LSN, -1)) {
            while (reader.next() != null) {
                // read to the end of what reached the files
            }
            walOnDisk = reader.position();
        }
        assertThat(walOnDisk).as("WAL on disk covers every page on disk").isGreaterThanOrEqualTo(maxLsnOnDisk);

        // and every page reads back, from disk or from its buffer
        for (int block = 0; block < 60; block++) {
            try (PageBuffer page = core.buffers().read(REL, block)) {
                page.lockShared();
                assertThat(page.page().get(INT, 100)).isEqualTo(1000 + block);
            }
        }
    }

    @Test
    void concurrentChangesThroughASmallPoolAreNeverLost() throws Exception {
        start(32);
        int blocks = 100;
        for (int i = 0; i < blocks; i++) {
            try (PageBuffer page = core.buffers().extend(REL)) {
                HeapPage.init(page.page());
                page.markDirty();
            }
        }
        int threads = 8;
        int changesEach = 500;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < changesEach; i++) {
                        int block = ThreadLocalRandom.current().nextInt(blocks);
                        try (PageBuffer page = core.buffers().read(REL, block)) {
                            page.lockExclusive();
                            MemorySegment bytes = page.page();
                            bytes.set(INT, 200, bytes.get(INT, 200) + 1);
                            page.markDirty();
                            core.wal().insert(TEST_RMGR, 0, 0, new byte[0], page);
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    core.bufferWriter().writeDirtyBuffers(10);
                }
                return null;
            }));
            for (Future<?> f : futures) {
                f.get();
            }
        }
        long total = 0;
        for (int block = 0; block < blocks; block++) {
            try (PageBuffer page = core.buffers().read(REL, block)) {
                page.lockShared();
                total += page.page().get(INT, 200);
            }
        }
        assertThat(total).isEqualTo((long) threads * changesEach);
    }

    @Test
    void droppedRelationLeavesNoFileAndNoBuffers() {
        start(16);
        try (PageBuffer page = core.buffers().extend(REL)) {
            page.markDirty();
        }
        core.buffers().dropRelation(REL);
        assertThat(dir.resolve("base/5/20000")).doesNotExist();
        assertThat(core.bufferWriter().writeDirtyBuffers(100)).isZero();
        assertThat(dir.resolve("base/5/20000")).doesNotExist();
        core.buffers().dropRelation(REL); // idempotent
    }

    @Test
    void aPageWithAGarbageHeaderIsRefusedWithXX001AndTheRestStillWorks() throws IOException {
        start(16);
        for (int i = 0; i < 3; i++) {
            try (PageBuffer page = core.buffers().extend(REL)) {
                if (i < 2) {
                    HeapPage.init(page.page()); // block 2 stays all zeros: a new page, which is fine
                }
                page.page().set(INT, 100, 7 + i);
                page.markDirty();
                core.wal().insert(TEST_RMGR, 0, 0, new byte[0], page);
            }
        }
        core.checkpoints().checkpoint(CheckpointRequest.shutdownCheckpoint());
        core.close();
        core = null;
        try (FileChannel file = FileChannel.open(dir.resolve("base/5/20000"), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("garbage header!!".getBytes(StandardCharsets.US_ASCII)), Page.SIZE + 8);
            file.write(ByteBuffer.allocate(Page.SIZE), 2L * Page.SIZE);
        }
        core = TestCluster.open(dir, Map.of("shared_buffers", "16", "wal_buffers", "8"));
        core.recovery().recover();

        for (int attempt = 0; attempt < 2; attempt++) { // the failed read leaves no half-valid buffer behind
            assertThatThrownBy(() -> core.buffers().read(REL, 1).close()).isInstanceOfSatisfying(PgException.class,
                    e -> {
                        assertThat(e.sqlState()).isEqualTo("XX001");
                        assertThat(e.getMessage()).isEqualTo("invalid page in block 1 of relation base/5/20000");
                    });
        }
        try (PageBuffer page = core.buffers().read(REL, 0)) {
            page.lockShared();
            assertThat(page.page().get(INT, 100)).isEqualTo(7);
        }
        core.buffers().read(REL, 2).close();
    }

    @Test
    void pageVerificationFollowsPageIsVerified() {
        MemorySegment page = MemorySegment.ofArray(new byte[Page.SIZE]);
        assertThat(Page.isVerified(page)).as("all zeros: new").isTrue();
        HeapPage.init(page);
        assertThat(Page.isVerified(page)).as("empty heap page").isTrue();
        page.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8, (short) 9000);
        assertThat(Page.isVerified(page)).as("pd_lower past pd_upper").isFalse();
        HeapPage.init(page);
        page.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 12, (short) 4096);
        assertThat(Page.isVerified(page)).as("pd_special inside the page").isFalse();
        page.fill((byte) 0);
        page.set(INT, 4000, 1);
        assertThat(Page.isVerified(page)).as("pd_upper 0 but not all zeros").isFalse();
        page.fill((byte) 0);
        BTreePage.initMeta(page, 1, 0);
        assertThat(Page.isVerified(page)).as("B-tree meta page").isTrue();
        BTreePage.init(page, true, 0, BTreePage.NO_RIGHT);
        assertThat(Page.isVerified(page)).as("B-tree leaf").isTrue();
    }
}
