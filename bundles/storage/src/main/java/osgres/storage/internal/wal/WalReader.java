package osgres.storage.internal.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import osgres.storage.internal.control.Messages;

/**
 * Reads WAL records forward from an LSN (xlogreader.c): validates each record's length, segment address,
 * prev-link and both CRCs, and stops at the first one that fails, which is the end of the WAL (a torn or
 * never-written tail, zeros of a preallocated segment, or the stale records of a recycled one, whose segment
 * address is the old segment's: xlogreader.c's xlp_pageaddr check, "unexpected pageaddr"). The
 * reason is kept as PostgreSQL's message ("invalid record length at ...", "incorrect resource manager data
 * checksum in record at ...") for recovery to log. Reads through a 1 MB window so replay makes few system
 * calls. Not thread-safe.
 */
public final class WalReader implements AutoCloseable {

    private static final int WINDOW = 1 << 20;

    private final WalSegments segments;
    private final byte[] window = new byte[WINDOW];
    private long windowStart = -1;
    private int windowLength;
    private FileChannel channel;
    private long channelSegno = -1;

    private long position;
    /** Nothing at or past this LSN is read (a standby's received WAL ends there); Long.MAX_VALUE: no limit. */
    private long limit = Long.MAX_VALUE;
    private long expectedPrev;
    private long lastRecordStart = -1;
    private String endReason;

    /**
     * @param start        LSN of the first record to read
     * @param expectedPrev the first record's prev-link, or -1 not to check it (reading from a redo point)
     */
    public WalReader(WalSegments segments, long start, long expectedPrev) {
        this.segments = segments;
        this.position = start;
        this.expectedPrev = expectedPrev;
    }

    /** The next valid record, or null at the end of the WAL ({@link #endReason()} says why). */
    public WalRecordFormat.Decoded next() {
        long lsn = position;
        byte[] header = new byte[WalRecordFormat.HEADER_SIZE];
        int got = read(lsn, header, WalRecordFormat.HEADER_SIZE);
        int total = got >= 4 ? WalRecordFormat.totalLength(header) : 0;
        if (got < WalRecordFormat.HEADER_SIZE || total < WalRecordFormat.HEADER_SIZE
                || total > WalRecordFormat.MAX_RECORD_SIZE) {
            return end(Messages.invalidRecordLength(lsn, WalRecordFormat.HEADER_SIZE, Integer.toUnsignedLong(total)));
        }
        if (WalRecordFormat.headerCrc(header) != WalRecordFormat.storedHeaderCrc(header)) {
            return end(Messages.incorrectChecksum(lsn));
        }
        int address = WalRecordFormat.storedSegmentAddress(header);
        if (address != WalRecordFormat.segmentAddress(lsn)) {
            long offset = lsn % WalSegments.SEGMENT_SIZE;
            return end(Messages.unexpectedPageAddress(Integer.toUnsignedLong(address) * WalSegments.SEGMENT_SIZE
                    + offset, segments.fileName(lsn / WalSegments.SEGMENT_SIZE), offset));
        }
        long prev = WalRecordFormat.prev(header);
        if (expectedPrev >= 0 && prev != expectedPrev) {
            return end(Messages.incorrectPrevLink(prev, lsn));
        }
        byte[] body = new byte[total - WalRecordFormat.HEADER_SIZE];
        if (read(lsn + WalRecordFormat.HEADER_SIZE, body, body.length) < body.length
                || !WalRecordFormat.dataCrcMatches(header, body)) {
            return end(Messages.incorrectChecksum(lsn));
        }
        WalRecordFormat.Decoded decoded = WalRecordFormat.decode(lsn, header, body);
        if (decoded == null) {
            return end(Messages.incorrectChecksum(lsn));
        }
        lastRecordStart = lsn;
        expectedPrev = lsn;
        position = decoded.record().endLsn();
        if (decoded.record().rmgr() == osgres.storage.internal.core.ResourceManagers.XLOG
                && decoded.record().info() == XlogRecords.SWITCH && position % WalSegments.SEGMENT_SIZE != 0) {
            // XLOG_SWITCH: what follows it in its segment is not WAL (zeros, or a recycled file's old bytes)
            position = (position / WalSegments.SEGMENT_SIZE + 1) * WalSegments.SEGMENT_SIZE;
        }
        return decoded;
    }

    private WalRecordFormat.Decoded end(String reason) {
        endReason = reason;
        return null;
    }

    /**
     * Reads stop before {@code lsn}: on a standby the WAL ends where the walreceiver's flushed WAL does, and a
     * record that reaches past it is read again once the limit moved. Bytes read before are kept only below it.
     */
    public void setLimit(long lsn) {
        limit = lsn;
        if (windowStart >= 0 && windowStart + windowLength > lsn) {
            windowLength = (int) Math.max(0, lsn - windowStart);
        }
    }

    /** A segment file was replaced (restored from the archive): read everything again from the files. */
    public void reopen() {
        close();
        windowStart = -1;
        windowLength = 0;
    }

    /** Where the next record would start: after {@link #next()} returned null, the end of the valid WAL. */
    public long position() {
        return position;
    }

    /** Start LSN of the last valid record read, -1 if none. */
    public long lastRecordStart() {
        return lastRecordStart;
    }

    public String endReason() {
        return endReason;
    }

    /** Copies up to {@code length} bytes of the WAL stream at {@code lsn}; fewer at its end. */
    private int read(long lsn, byte[] target, int length) {
        int done = 0;
        while (done < length) {
            long p = lsn + done;
            if (p < windowStart || p >= windowStart + windowLength) {
                fill(p);
                if (windowLength == 0) {
                    break;
                }
            }
            int n = (int) Math.min(windowStart + windowLength - p, length - done);
            System.arraycopy(window, (int) (p - windowStart), target, done, n);
            done += n;
        }
        return done;
    }

    private void fill(long start) {
        windowStart = start;
        windowLength = 0;
        int max = (int) Math.min(WINDOW, Math.max(0, limit - start));
        try {
            while (windowLength < max) {
                long p = start + windowLength;
                long segno = p / WalSegments.SEGMENT_SIZE;
                FileChannel ch = channel(segno);
                if (ch == null) {
                    return;
                }
                long offset = p % WalSegments.SEGMENT_SIZE;
                int want = (int) Math.min(max - windowLength, WalSegments.SEGMENT_SIZE - offset);
                int n = ch.read(ByteBuffer.wrap(window, windowLength, want), offset);
                if (n <= 0) {
                    return;
                }
                windowLength += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileChannel channel(long segno) throws IOException {
        if (segno == channelSegno) {
            return channel;
        }
        close();
        Path file = segments.path(segno);
        if (!Files.exists(file)) {
            return null;
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        channelSegno = segno;
        return channel;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel
            }
        }
        channel = null;
        channelSegno = -1;
    }
}
