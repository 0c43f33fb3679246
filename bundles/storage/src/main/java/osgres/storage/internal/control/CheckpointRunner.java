package osgres.storage.internal.control;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.buffer.BufferManager;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.wal.XlogRecords;
import osgres.storage.internal.xact.TransactionManager;

/**
 * Checkpoints (xlog.c CreateCheckPoint, checkpointer.c's request queue). A checkpoint: choose the redo point
 * (the current insert position), wait out commits between their record and their CLOG bit, write every dirty
 * buffer (each after its WAL), flush the WAL and write the CLOG, fsync every relation file written since the
 * last checkpoint, insert the checkpoint record, flush it, update pg_control, and remove the WAL segments
 * before the redo point. Requests (CHECKPOINT, WAL past max_wal_size) are counters and flags behind one lock,
 * as CheckpointerShmem's ckpt_started / ckpt_done: a requester waits until a checkpoint that started after its
 * request has completed. Checkpoints run one at a time. Not here: spreading writes over
 * checkpoint_completion_target, restartpoints, segment recycling and preallocation.
 */
public final class CheckpointRunner implements AuxiliaryWork.Checkpoints {

    /** How long CHECKPOINT waits for a running checkpointer to pick its request up (RequestCheckpoint's 60 s). */
    private static final long PICKUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * How long it waits when no checkpointer runs at the time of the request: long enough for osgres:restart or a
     * hot swap of the checkpointer bundle to bring one back, short enough that a missing bundle is not a hang.
     */
    static final long NO_CHECKPOINTER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final double CHECKPOINT_COMPLETION_TARGET = 0.9;

    private final Path dataDirectory;
    private final WalManager wal;
    private final BufferManager buffers;
    private final RelationFiles files;
    private final TransactionManager transactions;
    private final StorageSettings settings;
    private final CumulativeStatistics statistics;

    private final ReentrantLock checkpointLock = new ReentrantLock();
    private final ReentrantLock requestLock = new ReentrantLock();
    private final Condition requested = requestLock.newCondition();
    private final Condition progressed = requestLock.newCondition();
    /** Guarded by requestLock: flags of requests not yet taken by a checkpoint (null if none). */
    private CheckpointRequest pending;
    private long requestCount;
    private long startedCount;
    private long completedCount;
    private long failedCount;
    /** How many checkpointer main loops run (0 or 1; a counter so a late "stopped" never hides a new start). */
    private final AtomicInteger checkpointers = new AtomicInteger();

    /** Guarded by checkpointLock (read by recovery before any checkpoint runs). */
    private volatile ControlFile control;
    private long previousRedo;
    private long lastCheckpointEnd = -1;
    private double distanceEstimate;

    CheckpointRunner(Path dataDirectory, WalManager wal, BufferManager buffers, TransactionManager transactions,
                     StorageSettings settings, CumulativeStatistics statistics) {
        this.dataDirectory = dataDirectory;
        this.statistics = statistics;
        this.wal = wal;
        this.buffers = buffers;
        this.files = buffers.files();
        this.transactions = transactions;
        this.settings = settings;
    }

    /** Recovery hands over pg_control and where the last checkpoint record ends. */
    void startFrom(ControlFile controlFile, long checkpointEnd) {
        checkpointLock.lock();
        try {
            this.control = controlFile;
            this.previousRedo = controlFile.redoLsn();
            this.lastCheckpointEnd = checkpointEnd;
        } finally {
            checkpointLock.unlock();
        }
    }

    ControlFile control() {
        return control;
    }

    void updateControl(ControlFile updated) {
        checkpointLock.lock();
        try {
            updated.write(dataDirectory);
            control = updated;
        } finally {
            checkpointLock.unlock();
        }
    }

    @Override
    public CheckpointRequest awaitRequest(long timeoutMillis) throws InterruptedException {
        requestLock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (requestCount == startedCount) {
                if (remaining <= 0) {
                    return null;
                }
                try {
                    remaining = requested.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return pending;
        } finally {
            requestLock.unlock();
        }
    }

    @Override
    public void checkpointerRunning(boolean running) {
        if (running) {
            checkpointers.incrementAndGet();
        } else {
            checkpointers.decrementAndGet();
        }
    }

    /** Whether a checkpointer's main loop runs now. */
    public boolean checkpointerRunning() {
        return checkpointers.get() > 0;
    }

    /**
     * RequestCheckpoint. With {@code wait}, returns once a checkpoint started after this request has
     * completed, and fails if none starts within 60 s (10 s when no checkpointer runs at the time of the request,
     * which is also logged) or it fails.
     */
    public void request(CheckpointRequest flags, boolean wait) {
        boolean noCheckpointer = !checkpointerRunning();
        if (wait && noCheckpointer) {
            ServerLog.log(Messages.noCheckpointer());
        }
        requestLock.lock();
        try {
            pending = merge(pending, flags);
            long ticket = ++requestCount;
            requested.signalAll();
            if (!wait) {
                return;
            }
            long deadline = System.nanoTime() + (noCheckpointer ? NO_CHECKPOINTER_TIMEOUT_NANOS : PICKUP_TIMEOUT_NANOS);
            while (startedCount < ticket) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw requestFailed();
                }
                progressed.awaitNanos(remaining);
            }
            while (completedCount < ticket && failedCount < ticket) {
                progressed.await();
            }
            if (completedCount < ticket) {
                throw requestFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw requestFailed();
        } finally {
            requestLock.unlock();
        }
    }

    private static PgException requestFailed() {
        return PgException.error(SqlState.INTERNAL_ERROR, Messages.CHECKPOINT_REQUEST_FAILED)
                .withHint(Messages.CHECKPOINT_REQUEST_FAILED_HINT);
    }

    /** Called on each WAL segment switch: asks for a checkpoint once max_wal_size worth of WAL is written. */
    void walSegmentSwitched(long insertLsn) {
        long maxWalBytes = settings.maxWalSizeMb() * 1024L * 1024L;
        long threshold = (long) (maxWalBytes / (1.0 + CHECKPOINT_COMPLETION_TARGET));
        if (insertLsn - wal.redoLsn() >= Math.max(threshold, WalSegments.SEGMENT_SIZE)) {
            requestLock.lock();
            try {
                if (requestCount > startedCount) {
                    return; // one is already asked for
                }
            } finally {
                requestLock.unlock();
            }
            request(new CheckpointRequest(false, false, false, false, false, true, false), false);
        }
    }

    @Override
    public void checkpoint(CheckpointRequest request) {
        long ticket;
        CheckpointRequest flags;
        requestLock.lock();
        try {
            ticket = requestCount;
            flags = merge(pending, request);
            pending = null;
            startedCount = ticket;
            progressed.signalAll();
        } finally {
            requestLock.unlock();
        }
        if (!flags.shutdown() && !flags.endOfRecovery()) {
            // CheckpointerMain's count: every cycle the timeout or a request started, done or skipped
            boolean timed = flags.time() && !flags.immediate() && !flags.force() && !flags.wal() && !flags.waitForIt();
            statistics.checkpointStarted(timed);
        }
        boolean ok = false;
        try {
            perform(flags, settings.logCheckpoints());
            ok = true;
        } finally {
            requestLock.lock();
            try {
                if (ok) {
                    completedCount = Math.max(completedCount, ticket);
                } else {
                    failedCount = Math.max(failedCount, ticket);
                }
                progressed.signalAll();
            } finally {
                requestLock.unlock();
            }
        }
    }

    /** CreateCheckPoint. */
    void perform(CheckpointRequest flags, boolean log) {
        checkpointLock.lock();
        try {
            if (control == null || !wal.isWritable()) {
                return; // recovery has not opened the WAL yet: there is nothing a checkpoint could record
            }
            boolean shutdown = flags.shutdown();
            if (shutdown) {
                ServerLog.log(Messages.SHUTTING_DOWN);
            }
            if (!shutdown && !flags.endOfRecovery() && !flags.force() && wal.insertLsn() == lastCheckpointEnd) {
                return; // nothing happened since the last checkpoint: skip it, and say nothing
            }
            long start = System.nanoTime();
            if (shutdown) {
                writeControl(control.withState(ControlFile.DB_SHUTDOWNING, Instant.now().getEpochSecond()));
            }
            if (log) {
                ServerLog.log(Messages.checkpointStarting(describe(flags)));
            }
            long redo = wal.beginCheckpoint();
            transactions.waitForCommitsInProgress();
            long nextXid = transactions.nextXid();
            long nextOid = transactions.nextOidForCheckpoint(shutdown);

            long writeStart = System.nanoTime();
            int written = buffers.flushAll();
            wal.flush(wal.insertLsn()); // no CLOG status may reach disk before its commit record
            transactions.clog().checkpoint();
            long syncStart = System.nanoTime();
            RelationFiles.SyncStats sync = files.syncAll();
            long syncEnd = System.nanoTime();
            statistics.checkpointWrote(written, (syncStart - writeStart) / 1e6, (syncEnd - syncStart) / 1e6);

            long now = Instant.now().getEpochSecond();
            byte[] record = new XlogRecords.Checkpoint(redo, nextXid, nextOid, now).encode();
            WalManager.Position position = wal.insertRecord(ResourceManagers.XLOG,
                    shutdown ? XlogRecords.CHECKPOINT_SHUTDOWN : XlogRecords.CHECKPOINT_ONLINE, 0, record);
            wal.flush(position.end());
            writeControl(control.withCheckpoint(shutdown ? ControlFile.DB_SHUTDOWNED : ControlFile.DB_IN_PRODUCTION,
                    now, position.start(), redo, nextXid, nextOid));
            int removed = wal.segments().removeBefore(redo);

            long distance = redo - previousRedo;
            previousRedo = redo;
            lastCheckpointEnd = position.end();
            distanceEstimate = distanceEstimate < distance ? distance : 0.9 * distanceEstimate + 0.1 * distance;
            if (shutdown) {
                StatisticsFile.writeAtShutdown(statistics, dataDirectory); // only a clean stop keeps them
            }
            long end = System.nanoTime();
            if (log) {
                long syncFiles = sync.files();
                ServerLog.log(Messages.checkpointComplete(written, written * 100.0 / buffers.bufferCount(), removed,
                        millis(syncStart - writeStart), millis(syncEnd - syncStart), millis(end - start),
                        (int) syncFiles, roundUpMillis(sync.longestNanos()),
                        syncFiles == 0 ? 0 : roundUpMillis(sync.totalNanos() / syncFiles),
                        (long) (distance / 1024.0), (long) (distanceEstimate / 1024.0)));
            }
        } finally {
            checkpointLock.unlock();
        }
    }

    private void writeControl(ControlFile updated) {
        updated.write(dataDirectory);
        control = updated;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** LogCheckpointEnd rounds sync times up to whole milliseconds. */
    private static long roundUpMillis(long nanos) {
        return (TimeUnit.NANOSECONDS.toMicros(nanos) + 999) / 1000;
    }

    /** The words LogCheckpointStart prints, in its order. */
    static String describe(CheckpointRequest f) {
        StringBuilder s = new StringBuilder();
        if (f.shutdown()) {
            s.append(" shutdown");
        }
        if (f.endOfRecovery()) {
            s.append(" end-of-recovery");
        }
        if (f.immediate()) {
            s.append(" immediate");
        }
        if (f.force()) {
            s.append(" force");
        }
        if (f.waitForIt()) {
            s.append(" wait");
        }
        if (f.wal()) {
            s.append(" wal");
        }
        if (f.time()) {
            s.append(" time");
        }
        return s.toString();
    }

    static CheckpointRequest merge(CheckpointRequest a, CheckpointRequest b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new CheckpointRequest(a.shutdown() || b.shutdown(), a.endOfRecovery() || b.endOfRecovery(),
                a.immediate() || b.immediate(), a.force() || b.force(), a.waitForIt() || b.waitForIt(),
                a.wal() || b.wal(), a.time() || b.time());
    }
}
