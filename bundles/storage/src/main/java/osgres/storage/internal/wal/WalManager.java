package osgres.storage.internal.wal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import osgres.api.Severity;
import osgres.storage.AuxiliaryWork;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.stats.CumulativeStatistics;

/**
 * The write-ahead log (xlog.c, xloginsert.c): inserts records into the WAL buffers, writes and fsyncs them
 * into {@code pg_wal/} segments, and keeps the redo pointer that decides full-page images.
 *
 * <p>WAL buffers: a ring of {@code wal_buffers} bytes in the shared-memory region "wal_buffers". Byte
 * {@code lsn} of the stream sits at ring offset {@code lsn % ringSize}; the ring holds the bytes between
 * {@code writtenLsn} (already handed to the OS) and {@code insertLsn}. An inserter that finds the ring full
 * writes the oldest part out itself (AdvanceXLInsertBuffer); a record bigger than the ring goes through it in
 * pieces.
 *
 * <p>Locks, always taken in this order and never the other way round: {@code flushLock} (one fsync at a
 * time) or {@code insertLock} (reserve space and copy, PostgreSQL's insertion lock and ring reservation in
 * one), then {@code writeLock} (write ring bytes to segment files). A record is built and its data CRC computed
 * before the insert lock; under it only the prev-link, the 32-byte header CRC and the copy happen.
 *
 * <p>Group commit: {@link #flush} returns at once when {@code flushedLsn} already passed the caller's LSN;
 * otherwise callers queue on {@code flushLock}, and whoever gets it writes and fsyncs everything inserted so
 * far, so the ones queued behind it find their LSN durable and return without an fsync of their own.
 *
 * <p>A failed write or fsync of a segment is a PANIC (XLogWrite, issue_xlog_fsync): the backend or auxiliary
 * process that hit it exits abnormally and the postmaster's crash reset takes over, so nothing runs on after
 * WAL it could not make durable.
 *
 * <p>pg_stat_wal is counted here: records, full-page images and bytes at insert, buffers-full at the inserter's own
 * write-out, writes and fsyncs where they happen (their times only with track_wal_io_timing).
 *
 * <p>A segment switch (pg_switch_wal, archive_timeout) ends a segment early: an XLOG_SWITCH record, then the insert,
 * write and flush positions jump to the next segment's start. Each flush that completes a segment tells the
 * segment-completed listener (the archive status's XLogArchiveNotify).
 *
 * <p>Not here: WAL insertion locks (one lock serializes inserts), page headers and continuation records (the
 * stream is contiguous across 8 KB pages and segment files), compression, timelines beyond 1.
 */
public final class WalManager implements Wal, AuxiliaryWork.WalFlusher, AutoCloseable {

    private final MemorySegment ring;
    private final long ringSize;
    private final WalSegments segments;
    private final ReentrantLock insertLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Map<Integer, RedoHandler> redoHandlers = new ConcurrentHashMap<>();

    /** End of the last record copied into the ring; written under insertLock. */
    private volatile long insertLsn;
    /** Walwriter main loops running (0 or 1): see {@link #walWriterRunning()}. */
    private final AtomicInteger walWriters = new AtomicInteger();
    /** Start of the last record; guarded by insertLock. */
    private long lastRecordStart;
    /** Everything before this was written to the segment files; written under writeLock. */
    private volatile long writtenLsn;
    /** Everything before this is durable; written under flushLock. */
    private volatile long flushedLsn;
    /** The current checkpoint's redo point; written under insertLock. */
    private volatile long redoLsn;
    private volatile boolean writable;
    private volatile LongConsumer segmentSwitchListener = lsn -> { };
    /** Told each segment number whose last byte a flush made durable, in order (XLogArchiveNotifySeg). */
    private volatile LongConsumer segmentCompletedListener = segno -> { };
    /** When the WAL last moved into a new segment, and where (GetLastSegSwitchData, for archive_timeout). */
    private volatile long lastSwitchMillis = System.currentTimeMillis();
    private final AtomicLong fsyncs = new AtomicLong();
    /** Walsenders waiting for WAL to be flushed past what they sent (WalSndWakeup wakes them). */
    private final CopyOnWriteArraySet<Thread> flushWaiters = new CopyOnWriteArraySet<>();
    private volatile CumulativeStatistics statistics = new CumulativeStatistics();
    private volatile LongConsumer recoveryFlushListener;
    private volatile BooleanSupplier trackIoTiming = () -> false;

    public WalManager(MemorySegment ring, WalSegments segments) {
        this.ring = ring;
        this.ringSize = ring.byteSize() & ~7L;
        if (ringSize < 8192) {
            throw new IllegalArgumentException("WAL buffers too small: " + ring.byteSize() + " bytes");
        }
        this.segments = segments;
    }

    /** Where pg_stat_wal is counted, and whether writes and fsyncs are timed (track_wal_io_timing). */
    public void setStatistics(CumulativeStatistics statistics, BooleanSupplier trackIoTiming) {
        this.statistics = statistics;
        this.trackIoTiming = trackIoTiming;
    }

    public WalSegments segments() {
        return segments;
    }

    /**
     * Opens the WAL for inserts after recovery (or on a new cluster): the next record goes at {@code end},
     * right after the one starting at {@code lastRecordStart}; everything before {@code end} is on disk.
     */
    public void startInserting(long end, long lastRecordStart, long redo) {
        insertLock.lock();
        try {
            this.insertLsn = end;
            this.lastRecordStart = lastRecordStart;
            this.writtenLsn = end;
            this.flushedLsn = end;
            this.redoLsn = redo;
            this.writable = true;
        } finally {
            insertLock.unlock();
        }
    }

    /** False until recovery opened the WAL: redo then replays, it does not log. */
    public boolean isWritable() {
        return writable;
    }

    /** Called, under the flush lock and in order, with each segment a flush completed (archive status). */
    public void setSegmentCompletedListener(LongConsumer listener) {
        this.segmentCompletedListener = listener;
    }

    /** Called with the insert LSN each time the WAL crosses into a new segment (the max_wal_size trigger). */
    public void setSegmentSwitchListener(LongConsumer listener) {
        this.segmentSwitchListener = listener;
    }

    @Override
    public long insert(int rmgr, int info, long xid, byte[] data, PageBuffer... blocks) {
        return insertRecord(rmgr, info, xid, data, blocks).end();
    }

    /** Where a record landed: its start LSN (what pg_control keeps for a checkpoint) and its end LSN. */
    public record Position(long start, long end) {
    }

    /** {@link #insert}, also returning the record's start LSN. */
    public Position insertRecord(int rmgr, int info, long xid, byte[] data, PageBuffer... blocks) {
        byte[] payload = data == null ? new byte[0] : data;
        PageBuffer[] pages = blocks == null ? new PageBuffer[0] : blocks;
        if (onlyTemporary(pages)) {
            // a temporary table's change is not logged (its pages keep LSN 0, so writing them waits for no flush)
            long now = insertLsn;
            return new Position(now, now);
        }
        while (true) {
            if (!writable) {
                throw new IllegalStateException(Messages.WAL_NOT_WRITABLE);
            }
            long redo = redoLsn;
            byte[] record = WalRecordFormat.build(rmgr, info, xid, payload, pages, redo);
            int images = pages.length == 0 ? 0 : WalRecordFormat.imageCount(record);
            long start;
            long end;
            insertLock.lock();
            try {
                if (redo != redoLsn) {
                    continue; // a checkpoint moved the redo point: the full-page image decisions are stale
                }
                start = insertLsn;
                WalRecordFormat.seal(record, lastRecordStart, start);
                end = copyIntoRing(record, start);
                lastRecordStart = start;
            } finally {
                insertLock.unlock();
            }
            for (PageBuffer page : pages) {
                page.setPageLsn(end);
            }
            statistics.walRecordInserted(record.length, images);
            WalUsage.count(record.length, images);
            if (start / WalSegments.SEGMENT_SIZE != end / WalSegments.SEGMENT_SIZE) {
                lastSwitchMillis = System.currentTimeMillis();
                segmentSwitchListener.accept(end);
            }
            return new Position(start, end);
        }
    }

    /** True when every block of a record belongs to a temporary relation (none of which is WAL-logged). */
    private static boolean onlyTemporary(PageBuffer[] pages) {
        if (pages.length == 0) {
            return false;
        }
        for (PageBuffer page : pages) {
            if (!page.rel().isTemporary()) {
                return false;
            }
        }
        return true;
    }

    /** Copies the record (and its alignment padding) into the ring; returns its end. Holds insertLock. */
    private long copyIntoRing(byte[] record, long start) {
        long length = WalRecordFormat.align(record.length);
        long position = start;
        long copied = 0;
        while (copied < length) {
            long free = ringSize - (position - writtenLsn);
            if (free <= 0) {
                insertLsn = position; // publish the part copied so far, so it can be written out
                statistics.walBuffersFull();
                writeOut(position);
                continue;
            }
            long offset = position % ringSize;
            long n = Math.min(Math.min(free, length - copied), ringSize - offset);
            long fromRecord = Math.max(0, Math.min(n, record.length - copied));
            if (fromRecord > 0) {
                MemorySegment.copy(record, (int) copied, ring, ValueLayout.JAVA_BYTE, offset,
                        (int) fromRecord);
            }
            if (fromRecord < n) {
                ring.asSlice(offset + fromRecord, n - fromRecord).fill((byte) 0);
            }
            position += n;
            copied += n;
        }
        insertLsn = position;
        return position;
    }

    /** XLogWrite without the fsync: hands ring bytes up to {@code target} to the segment files. */
    private void writeOut(long target) {
        writeLock.lock();
        try {
            long from = writtenLsn;
            while (from < target) {
                long segno = from / WalSegments.SEGMENT_SIZE;
                long segmentOffset = from % WalSegments.SEGMENT_SIZE;
                long n = Math.min(Math.min(target - from, ringSize - from % ringSize),
                        WalSegments.SEGMENT_SIZE - segmentOffset);
                FileChannel ch = segments.channelForWrite(segno);
                ByteBuffer source = ring.asSlice(from % ringSize, n).asByteBuffer();
                long started = trackIoTiming.getAsBoolean() ? System.nanoTime() : 0;
                try {
                    while (source.hasRemaining()) {
                        ch.write(source, segmentOffset + source.position());
                    }
                    statistics.walWritten(started == 0 ? 0 : (System.nanoTime() - started) / 1e6);
                } catch (IOException e) {
                    // XLogWrite: WAL that cannot be written may hold a commit already promised: PANIC, and crash
                    // recovery starts again from what is on disk
                    throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotWriteLogFile(
                            segments.fileName(segno), segmentOffset, n), e);
                }
                from += n;
                writtenLsn = from;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A standby's hook for {@link #flush} calls during recovery: the buffer manager is about to write a page whose
     * LSN is {@code lsn} (UpdateMinRecoveryPoint).
     */
    public void setRecoveryFlushListener(LongConsumer listener) {
        this.recoveryFlushListener = listener;
    }

    @Override
    public void flush(long lsn) {
        if (!writable) {
            LongConsumer listener = recoveryFlushListener;
            if (listener != null) {
                listener.accept(lsn);
            }
            return; // during recovery every page LSN points into WAL that is already on disk
        }
        if (lsn <= flushedLsn) {
            return;
        }
        flushLock.lock();
        try {
            if (lsn <= flushedLsn) {
                return; // the flush we queued behind covered us: group commit
            }
            long target = insertLsn;
            long from = flushedLsn;
            writeOut(target);
            long started = trackIoTiming.getAsBoolean() ? System.nanoTime() : 0;
            int synced = segments.sync(from, target);
            statistics.walSynced(synced, started == 0 ? 0 : (System.nanoTime() - started) / 1e6);
            fsyncs.incrementAndGet();
            flushedLsn = target;
            // XLogWrite's XLogArchiveNotifySeg: each segment whose end this flush made durable
            for (long segno = from / WalSegments.SEGMENT_SIZE; segno < target / WalSegments.SEGMENT_SIZE; segno++) {
                segmentCompletedListener.accept(segno);
            }
            if (!flushWaiters.isEmpty()) {
                flushWaiters.forEach(LockSupport::unpark); // WalSndWakeup
            }
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * Waits until the flushed WAL passes {@code lsn}, {@code timeoutNanos} have passed, or another thread unparks
     * the caller (a walsender's reader with a standby's reply): callers loop. Returns the flush position then.
     * Woken by each flush that moves it (WalSndWaitForWal / WalSndWakeup).
     */
    public long awaitFlush(long lsn, long timeoutNanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        flushWaiters.add(me);
        try {
            if (flushedLsn <= lsn && timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return flushedLsn;
        } finally {
            flushWaiters.remove(me);
        }
    }

    /**
     * RequestXLogSwitch: inserts an XLOG_SWITCH record and moves the insert position to the next segment's start,
     * then flushes, so the segment is complete (and, with archiving on, ready). The bytes between the record and
     * the segment's end stay as the file has them; readers skip them. Returns the end of the switch record, or,
     * when the insert position already is a segment's start, that position without writing anything.
     */
    public long switchSegment() {
        long end;
        long boundary;
        int length;
        insertLock.lock();
        try {
            if (!writable) {
                throw new IllegalStateException(Messages.WAL_NOT_WRITABLE);
            }
            long start = insertLsn;
            if (start % WalSegments.SEGMENT_SIZE == 0) {
                return start;
            }
            byte[] record = WalRecordFormat.build(osgres.storage.internal.core.ResourceManagers.XLOG,
                    XlogRecords.SWITCH, 0, new byte[0], new PageBuffer[0], redoLsn);
            WalRecordFormat.seal(record, lastRecordStart, start);
            end = copyIntoRing(record, start);
            lastRecordStart = start;
            length = record.length;
            boundary = end % WalSegments.SEGMENT_SIZE == 0 ? end
                    : (end / WalSegments.SEGMENT_SIZE + 1) * WalSegments.SEGMENT_SIZE;
            if (boundary > end) {
                // the ring holds [writtenLsn, insertLsn): write it all out, then let both jump to the boundary
                writeOut(end);
                writeLock.lock();
                try {
                    writtenLsn = boundary;
                } finally {
                    writeLock.unlock();
                }
                insertLsn = boundary;
            }
        } finally {
            insertLock.unlock();
        }
        statistics.walRecordInserted(length, 0);
        WalUsage.count(length, 0);
        lastSwitchMillis = System.currentTimeMillis();
        flush(boundary);
        segmentSwitchListener.accept(boundary);
        return end;
    }

    /** When the WAL last moved into a new segment (server start counts as one), for archive_timeout. */
    public long lastSegmentSwitchMillis() {
        return lastSwitchMillis;
    }

    /** How many times {@link #flush} synced (tests: group commit shares them). */
    long fsyncCount() {
        return fsyncs.get();
    }

    @Override
    public long flushedLsn() {
        return flushedLsn;
    }

    @Override
    public long insertLsn() {
        return insertLsn;
    }

    /** The redo point of the current checkpoint (pages changed first after it get full-page images). */
    public long redoLsn() {
        return redoLsn;
    }

    /**
     * The checkpoint's first step: the redo point becomes the current insert position, atomically with respect
     * to inserts, so every record after it decides its full-page images against it.
     */
    public long beginCheckpoint() {
        insertLock.lock();
        try {
            redoLsn = insertLsn;
            return redoLsn;
        } finally {
            insertLock.unlock();
        }
    }

    @Override
    public void walWriterRunning(boolean running) {
        if (running) {
            walWriters.incrementAndGet();
        } else {
            walWriters.decrementAndGet();
        }
    }

    /**
     * Whether a walwriter's main loop runs. An asynchronous commit that reads true after inserting its record is
     * flushed by that walwriter: it flushes once more after saying it stopped.
     */
    public boolean walWriterRunning() {
        return walWriters.get() > 0;
    }

    @Override
    public boolean backgroundFlush() {
        long target = insertLsn;
        if (!writable || target <= flushedLsn) {
            return false;
        }
        flush(target);
        return true;
    }

    @Override
    public void registerRedo(int rmgr, RedoHandler handler) {
        redoHandlers.put(rmgr, handler);
    }

    public RedoHandler redoHandler(int rmgr) {
        return redoHandlers.get(rmgr);
    }

    /** Stops inserts and closes segment files; unflushed WAL is lost, as in a crash (shutdown flushes first). */
    @Override
    public void close() {
        writable = false;
        segments.close();
    }
}
