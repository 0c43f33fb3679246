package osgres.storage.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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

import osgres.storage.internal.control.TestCluster;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.StorageCore;
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
}
