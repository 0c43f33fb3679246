package osgres.storage.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.internal.control.Messages;

class WalTest {

    @TempDir
    Path dir;

    private WalManager openWal(long ringBytes) {
        WalManager wal = new WalManager(Arena.ofAuto().allocate(ringBytes, 64), new WalSegments(dir));
        wal.startInserting(WalSegments.FIRST_LSN, 0, WalSegments.FIRST_LSN);
        return wal;
    }

    private static byte[] payload(int seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void recordsReadBackAcrossASegmentSwitchWithTheirLsns() {
        WalManager wal = openWal(64 * 1024);
        List<Long> ends = new ArrayList<>();
        int count = 0;
        // 17 MB of records, one of them larger than the WAL buffers, so the stream crosses into segment 2
        while (wal.insertLsn() < WalSegments.FIRST_LSN + WalSegments.SEGMENT_SIZE + (1 << 20)) {
            int length = count == 10 ? 200_000 : 7000 + count % 1500;
            ends.add(wal.insert(100 + count % 3, count % 16, count, payload(count, length)));
            count++;
        }
        wal.flush(wal.insertLsn());
        wal.close();

        assertThat(dir.resolve("000000010000000000000001")).exists();
        assertThat(dir.resolve("000000010000000000000002")).exists();
        try (WalReader reader = new WalReader(new WalSegments(dir), WalSegments.FIRST_LSN, -1)) {
            long expectedStart = WalSegments.FIRST_LSN;
            for (int i = 0; i < count; i++) {
                WalRecordFormat.Decoded d = reader.next();
                assertThat(d).as("record %d", i).isNotNull();
                assertThat(d.record().lsn()).isEqualTo(expectedStart);
                assertThat(d.record().endLsn()).isEqualTo(ends.get(i));
                assertThat(d.record().rmgr()).isEqualTo(100 + i % 3);
                assertThat(d.record().info()).isEqualTo(i % 16);
                assertThat(d.record().xid()).isEqualTo(i);
                int length = i == 10 ? 200_000 : 7000 + i % 1500;
                assertThat(Arrays.equals(d.record().data(), payload(i, length))).as("data of record %d", i).isTrue();
                expectedStart = d.record().endLsn();
            }
            assertThat(reader.next()).isNull();
            assertThat(reader.endReason()).isEqualTo(Messages.invalidRecordLength(expectedStart, 40, 0));
            assertThat(reader.position()).isEqualTo(wal.insertLsn());
        }
    }

    @Test
    void aCorruptedRecordEndsTheWalThere() throws IOException {
        WalManager wal = openWal(32 * 1024);
        long[] ends = new long[5];
        for (int i = 0; i < 5; i++) {
            ends[i] = wal.insert(101, 0, 7, payload(i, 1000));
        }
        wal.flush(wal.insertLsn());
        wal.close();
        // flip one byte in the data of the fourth record
        Path segment = dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 1));
        long offset = ends[2] % WalSegments.SEGMENT_SIZE + 100;
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            b.rewind();
            ch.write(b, offset);
        }
        assertThat(readAll(WalSegments.FIRST_LSN)).hasSize(3);
        try (WalReader reader = new WalReader(new WalSegments(dir), ends[2], -1)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.endReason()).isEqualTo(Messages.incorrectChecksum(ends[2]));
        }
    }

    @Test
    void aTornTailStopsReplayAtTheLastCompleteRecord() throws IOException {
        WalManager wal = openWal(32 * 1024);
        long[] ends = new long[4];
        for (int i = 0; i < 4; i++) {
            ends[i] = wal.insert(101, 0, 7, payload(i, 3000));
        }
        wal.flush(wal.insertLsn());
        wal.close();
        Path segment = dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 1));
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ends[2] % WalSegments.SEGMENT_SIZE + 1500); // half of the last record made it
        }
        List<WalRecordFormat.Decoded> records = readAll(WalSegments.FIRST_LSN);
        assertThat(records).hasSize(3);
        assertThat(records.get(2).record().endLsn()).isEqualTo(ends[2]);

        // a recovered WAL is cut at that point and continues with a valid prev-link
        new WalSegments(dir).truncateAfter(ends[2]);
        WalManager reopened = new WalManager(Arena.ofAuto().allocate(32 * 1024, 64), new WalSegments(dir));
        reopened.startInserting(ends[2], records.get(2).record().lsn(), WalSegments.FIRST_LSN);
        reopened.insert(102, 1, 9, payload(99, 50));
        reopened.flush(reopened.insertLsn());
        reopened.close();
        List<WalRecordFormat.Decoded> after = readAll(WalSegments.FIRST_LSN);
        assertThat(after).hasSize(4);
        assertThat(after.get(3).record().rmgr()).isEqualTo(102);
    }

    @Test
    void concurrentCommitsShareFsyncs() throws Exception {
        WalManager wal = openWal(256 * 1024);
        int threads = 32;
        int commitsEach = 40;
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < commitsEach; i++) {
                        long end = wal.insert(1, 0, id * 1000L + i, payload(i, 64));
                        wal.flush(end);
                        if (wal.flushedLsn() < end) {
                            violations.add("flush returned before " + end);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(violations).isEmpty();
        long commits = (long) threads * commitsEach;
        assertThat(wal.fsyncCount()).as("fsyncs for %d commits", commits).isLessThan(commits);
        wal.close();
        assertThat(readAll(WalSegments.FIRST_LSN)).hasSize((int) commits);
    }

    @Test
    void walFileNamesFollowPostgres() {
        assertThat(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 1)).isEqualTo("000000010000000000000001");
        assertThat(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 0x1FF)).isEqualTo("0000000100000001000000FF");
        assertThat(new WalSegments(java.nio.file.Path.of("unused")).segmentNumber("0000000100000002000000A0")).isEqualTo(2 * 256 + 0xA0);
        assertThat(Messages.lsn(0x1500790L)).isEqualTo("0/1500790");
        assertThat(Messages.lsn(0x1_0000_00A0L)).isEqualTo("1/A0");
    }

    private List<WalRecordFormat.Decoded> readAll(long from) {
        List<WalRecordFormat.Decoded> out = new ArrayList<>();
        try (WalReader reader = new WalReader(new WalSegments(dir), from, -1)) {
            for (WalRecordFormat.Decoded d = reader.next(); d != null; d = reader.next()) {
                out.add(d);
            }
        }
        return out;
    }
}
