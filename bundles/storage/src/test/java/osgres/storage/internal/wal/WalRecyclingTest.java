package osgres.storage.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.internal.control.Messages;

/**
 * Recycling and preallocation of {@code pg_wal/} segments, and the reader's guard against what they leave behind:
 * a recycled segment holds another segment's valid-looking records, which must never be read as its own.
 */
class WalRecyclingTest {

    private static final long SEG = WalSegments.SEGMENT_SIZE;

    @TempDir
    Path dir;

    private WalManager openWal() {
        WalManager wal = new WalManager(Arena.ofAuto().allocate(256 * 1024, 64), new WalSegments(dir));
        wal.startInserting(WalSegments.FIRST_LSN, 0, WalSegments.FIRST_LSN);
        return wal;
    }

    private static byte[] payload(int seed) {
        byte[] data = new byte[6000];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Inserts records until the insert position passes {@code lsn}; returns how many. */
    private static int insertUntil(WalManager wal, long lsn) {
        int n = 0;
        while (wal.insertLsn() < lsn) {
            wal.insert(100, 0, n, payload(n));
            n++;
        }
        wal.flush(wal.insertLsn());
        return n;
    }

    @Test
    void aRecycledSegmentsStaleRecordsAreNeverReadAsItsOwn() {
        WalManager wal = openWal();
        insertUntil(wal, 2 * SEG + 4096); // segment 1 full of records, segment 2 begun
        WalSegments segments = wal.segments();

        WalSegments.Cleanup cleanup = segments.removeOrRecycle(2, 2, 3, true);

        assertThat(cleanup).isEqualTo(new WalSegments.Cleanup(0, 1));
        assertThat(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 1))).doesNotExist();
        assertThat(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 3))).exists().hasSize(SEG);
        // segment 3 now starts with segment 1's first record, CRCs intact: only its address gives it away
        try (WalReader reader = new WalReader(new WalSegments(dir), 3 * SEG, -1)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.endReason()).isEqualTo(Messages.unexpectedPageAddress(SEG,
                    "000000010000000000000003", 0));
        }
        wal.close();
    }

    @Test
    void theWalEndsWhereNewRecordsInARecycledSegmentEnd() {
        WalManager wal = openWal();
        insertUntil(wal, 2 * SEG + 4096);
        long secondSegmentStart;
        try (WalReader reader = new WalReader(wal.segments(), WalSegments.FIRST_LSN, -1)) {
            while (reader.next().record().endLsn() < 2 * SEG) {
                // skip to the first record starting in segment 2
            }
            secondSegmentStart = reader.position();
        }
        wal.segments().removeOrRecycle(2, 2, 3, true);
        insertUntil(wal, 3 * SEG + 100_000); // into the recycled file, well short of its stale end
        long end = wal.insertLsn();
        wal.close();

        try (WalReader reader = new WalReader(new WalSegments(dir), secondSegmentStart, -1)) {
            while (reader.next() != null) {
                assertThat(reader.position()).isLessThanOrEqualTo(end);
            }
            assertThat(reader.position()).as("every new record read, no stale one").isEqualTo(end);
        }
    }

    @Test
    void recyclingTakesFreeNamesUpToTheLimitAndRemovesTheRest() throws IOException {
        for (long segno = 1; segno <= 6; segno++) {
            Files.write(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, segno)), new byte[] {(byte) segno});
        }
        WalSegments segments = new WalSegments(dir);

        // keep 5 and 6 (6 is taken, as a preallocated one would be); free names 7 and 8 up to the limit 8
        WalSegments.Cleanup cleanup = segments.removeOrRecycle(5, 5, 8, true);

        assertThat(cleanup).isEqualTo(new WalSegments.Cleanup(2, 2));
        assertThat(Files.readAllBytes(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 7)))).containsExactly(1);
        assertThat(Files.readAllBytes(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 8)))).containsExactly(2);
        assertThat(Files.readAllBytes(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 6)))).containsExactly(6);
        assertThat(segments.segmentFileCount()).isEqualTo(4);
    }

    @Test
    void walRecycleOffRemovesOldSegments() throws IOException {
        for (long segno = 1; segno <= 3; segno++) {
            Files.write(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, segno)), new byte[] {1});
        }
        WalSegments segments = new WalSegments(dir);

        assertThat(segments.removeOrRecycle(3, 3, 10, false)).isEqualTo(new WalSegments.Cleanup(2, 0));
        assertThat(segments.segmentFileCount()).isEqualTo(1);
    }

    @Test
    void theNextSegmentIsPreallocatedOnceTheWalIsThreeQuartersIntoItsOwn() throws IOException {
        WalSegments segments = new WalSegments(dir);

        assertThat(segments.preallocate(SEG + SEG / 2, true)).as("half way: not yet").isFalse();
        assertThat(segments.preallocate(SEG + SEG * 3 / 4 + 1, true)).isTrue();
        assertThat(segments.preallocate(SEG + SEG * 3 / 4 + 2, true)).as("already there").isFalse();

        Path next = dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 2));
        assertThat(next).hasSize(SEG);
        try (FileChannel ch = FileChannel.open(next, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) SEG);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read it all
            }
            b.flip();
            while (b.hasRemaining()) {
                assertThat(b.get()).isZero();
            }
        }
        try (WalReader reader = new WalReader(segments, 2 * SEG, -1)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.endReason()).isEqualTo(Messages.invalidRecordLength(2 * SEG, 40, 0));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 2));
        }
    }

    @Test
    void withoutWalInitZeroAPreallocatedSegmentStillHasItsFullSize() {
        WalSegments segments = new WalSegments(dir);

        assertThat(segments.preallocate(2 * SEG - 8, false)).isTrue();

        assertThat(dir.resolve(WalSegments.fileName(WalSegments.FIRST_TIMELINE, 2))).hasSize(SEG);
    }
}
