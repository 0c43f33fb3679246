package osgres.storage.internal.control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import osgres.storage.AuxiliaryWork;
import osgres.storage.WalReceiverStatus;
import osgres.storage.internal.wal.WalSegments;

/**
 * The meeting point of the startup process and the walreceiver on a standby (walreceiverfuncs.c's WalRcvData):
 * the startup process asks for streaming from a position ({@link #requestStreaming}, RequestXLogStreaming), the
 * walreceiver picks the request up, writes what the primary sends into pg_wal at the same LSNs and flushes it,
 * which moves {@link #flushedLsn()} (WalRcv->flushedUpto) and wakes the startup process waiting in
 * {@link #awaitFlushBeyond}. When the startup process stops wanting WAL (promotion, shutdown), writes are ignored
 * from then on, so nothing lands behind the end of recovery's cut of the WAL.
 */
final class StandbyReceipt implements AuxiliaryWork.WalReceipt {

    private final WalSegments segments;
    private final long systemIdentifier;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Guarded by lock: where the startup process wants streaming to start (null: it wants none now). */
    private volatile AuxiliaryWork.StreamStart request;
    /** Guarded by lock: the end of what the walreceiver wrote, and of what it made durable. */
    private long written;
    private long flushed;
    /** Whether a walreceiver has taken the request and not reported its end yet. */
    private volatile boolean receiverActive;
    private volatile long replayed;
    private volatile WalReceiverStatus status;
    /** Told each segment a flush received in full (XLogWalRcvClose's archive status: .done, or .ready if always). */
    private volatile java.util.function.LongConsumer segmentReceived = segno -> { };

    /** The standby's oldest snapshot xmin (its proc array's horizon). */
    private final java.util.function.LongSupplier oldestXmin;

    StandbyReceipt(WalSegments segments, long systemIdentifier, java.util.function.LongSupplier oldestXmin) {
        this.segments = segments;
        this.systemIdentifier = systemIdentifier;
        this.oldestXmin = oldestXmin;
    }

    void setSegmentReceivedListener(java.util.function.LongConsumer listener) {
        this.segmentReceived = listener;
    }

    // ---- the startup process's side ----------------------------------------------------------------------

    /** RequestXLogStreaming: WAL is wanted from {@code lsn} (rounded down to its segment's start) on. */
    void requestStreaming(long lsn, int timeline) {
        lock.lock();
        try {
            request = new AuxiliaryWork.StreamStart(lsn - lsn % WalSegments.SEGMENT_SIZE, timeline);
            if (flushed < lsn) {
                flushed = lsn; // everything before the requested point is on disk already (local WAL)
                written = Math.max(written, lsn);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** restore_command put the WAL up to {@code lsn} in pg_wal: replay may read it. */
    void restoredUpTo(long lsn) {
        lock.lock();
        try {
            if (flushed < lsn) {
                flushed = lsn;
                written = Math.max(written, lsn);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** ShutdownWalRcv's first half: no more WAL is wanted; later writes are dropped. */
    void stopStreaming() {
        lock.lock();
        try {
            request = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean receiverActive() {
        return receiverActive;
    }

    long flushedLsn() {
        return flushed;
    }

    void replayedTo(long lsn) {
        replayed = lsn;
    }

    /** Waits up to {@code millis} until received WAL is flushed past {@code lsn}; returns the flush position. */
    long awaitFlushBeyond(long lsn, long millis) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (flushed <= lsn && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return flushed;
        } finally {
            lock.unlock();
        }
    }

    WalReceiverStatus status() {
        return status;
    }

    // ---- the walreceiver's side (AuxiliaryWork.WalReceipt) -----------------------------------------------

    @Override
    public AuxiliaryWork.StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (request == null) {
                if (remaining <= 0) {
                    return null;
                }
                remaining = changed.awaitNanos(remaining);
            }
            // a walreceiver started again goes on from what is durable, not from where the first one began
            long start = Math.max(request.lsn(), flushed - flushed % WalSegments.SEGMENT_SIZE);
            written = start;
            receiverActive = true;
            return new AuxiliaryWork.StreamStart(start, request.timeline());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long systemIdentifier() {
        return systemIdentifier;
    }

    @Override
    public void write(long lsn, byte[] data, int offset, int length) {
        lock.lock();
        try {
            if (request == null) {
                return; // recovery ended: the WAL after its end is this server's own now
            }
            segments.writeReceived(lsn, data, offset, length);
            written = Math.max(written, lsn + length);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long flush() {
        lock.lock();
        try {
            if (request != null && written > flushed) {
                segments.syncReceived(flushed, written);
                for (long segno = flushed / WalSegments.SEGMENT_SIZE; segno < written / WalSegments.SEGMENT_SIZE;
                        segno++) {
                    segmentReceived.accept(segno);
                }
                flushed = written;
                changed.signalAll();
            }
            return flushed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long replayedUpTo() {
        return replayed;
    }

    @Override
    public void reportStatus(WalReceiverStatus newStatus) {
        status = newStatus;
        if (newStatus == null) {
            receiverActive = false;
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public boolean streamingWanted() {
        return request != null;
    }

    @Override
    public long feedbackXmin() {
        return oldestXmin.getAsLong();
    }
}
