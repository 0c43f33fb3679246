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
import osgres.storage.AuxiliaryWork.CheckpointFlag;
import osgres.storage.AuxiliaryWork.CheckpointPacing;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.buffer.BufferManager;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.wal.ArchiveStatus;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.wal.XlogRecords;
import osgres.storage.internal.xact.TransactionManager;

/**
 * Checkpoints (xlog.c CreateCheckPoint, checkpointer.c's request queue and CheckpointWriteDelay). A checkpoint:
 * choose the redo point (the current insert position), wait out commits between their record and their CLOG bit,
 * write every dirty buffer (each after its WAL), flush the WAL and write the CLOG, fsync every relation file
 * written since the last checkpoint, insert the checkpoint record, flush it, update pg_control, recycle or remove
 * the WAL segments before the redo point, and preallocate the next segment when the WAL end is near its
 * segment's end.
 *
 * <p>Spreading: a checkpoint without IMMEDIATE (timed, wal) paces its buffer writes so that they end when
 * checkpoint_completion_target of the interval has passed, by time against checkpoint_timeout and by WAL against
 * CheckPointSegments ({@link CheckpointSchedule}); ahead of schedule it naps 100 ms after a write through the
 * checkpointer's {@link CheckpointPacing}. An IMMEDIATE request arriving meanwhile (CHECKPOINT, shutdown, end of
 * recovery), or the checkpointer's shutdown or stop, makes it write the rest at full speed; the checkpointer's
 * QUIT abandons it before its record (WAL replay covers everything after the previous checkpoint's redo point).
 *
 * <p>Requests (CHECKPOINT, WAL past CheckPointSegments) are counters and flags behind one lock, as
 * CheckpointerShmem's ckpt_started / ckpt_done: a requester waits until a checkpoint that started after its
 * request has completed. Checkpoints run one at a time. With archiving on, a segment not yet archived is neither
 * recycled nor removed ({@link ArchiveStatus#removable}). Not here: restartpoints.
 */
public final class CheckpointRunner implements AuxiliaryWork.Checkpoints {

    /** How long CHECKPOINT waits for a running checkpointer to pick its request up (RequestCheckpoint's 60 s). */
    private static final long PICKUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /**
     * How long it waits when no checkpointer runs at the time of the request: long enough for osgres:restart or a
     * hot swap of the checkpointer bundle to bring one back, short enough that a missing bundle is not a hang.
     */
    static final long NO_CHECKPOINTER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** CheckpointWriteDelay's nap when a spread checkpoint is ahead of schedule. */
    static final long WRITE_DELAY_MILLIS = 100;

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
    private final ReplicationSlots slots;
    /** Segments not yet archived stay (XLogArchiveCheckDone in RemoveOldXlogFiles). */
    private final ArchiveStatus archiveStatus;
    private long previousRedo;
    /** Where the last checkpoint record ends (volatile: archive_timeout reads it without the checkpoint lock). */
    private volatile long lastCheckpointEnd = -1;
    private double distanceEstimate;

    CheckpointRunner(Path dataDirectory, WalManager wal, BufferManager buffers, TransactionManager transactions,
                     StorageSettings settings, CumulativeStatistics statistics, ReplicationSlots slots,
                     ArchiveStatus archiveStatus) {
        this.dataDirectory = dataDirectory;
        this.archiveStatus = archiveStatus;
        this.slots = slots;
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

    /**
     * CheckArchiveTimeout (checkpointer.c): a segment switch once archive_timeout has passed since the last one,
     * if WAL was written into the current segment since (an idle server's segment is not switched again and
     * again). The switch's own record counts for nothing: right after it the insert position is a segment start.
     */
    @Override
    public long checkArchiveTimeout(int archiveTimeoutSeconds) {
        if (archiveTimeoutSeconds <= 0 || !wal.isWritable()) {
            return Long.MAX_VALUE;
        }
        long timeoutMillis = TimeUnit.SECONDS.toMillis(archiveTimeoutSeconds);
        long due = wal.lastSegmentSwitchMillis() + timeoutMillis;
        long now = System.currentTimeMillis();
        if (now < due) {
            return due - now;
        }
        if (wal.insertLsn() % WalSegments.SEGMENT_SIZE != 0 && wal.insertLsn() != lastCheckpointEnd) {
            wal.switchSegment();
        }
        return timeoutMillis;
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
            pending = CheckpointRequest.merge(pending, flags);
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

    /**
     * Called on each WAL segment switch (XLogWrite's XLogCheckpointNeeded): asks for a checkpoint once the segment
     * just filled is CheckPointSegments past the redo point's.
     */
    void walSegmentSwitched(long insertLsn) {
        long filled = insertLsn / WalSegments.SEGMENT_SIZE - 1;
        if (!WalSegmentBudget.of(settings).checkpointNeeded(filled, wal.redoLsn())) {
            return;
        }
        requestLock.lock();
        try {
            if (requestCount > startedCount) {
                return; // one is already asked for
            }
        } finally {
            requestLock.unlock();
        }
        request(CheckpointRequest.of(CheckpointFlag.WAL), false);
    }

    /** ImmediateCheckpointRequested: a request waiting for the next checkpoint wants it at full speed. */
    private boolean immediateRequested() {
        requestLock.lock();
        try {
            return pending != null && pending.immediate();
        } finally {
            requestLock.unlock();
        }
    }

    @Override
    public void checkpoint(CheckpointRequest request, CheckpointPacing pacing) {
        long ticket;
        CheckpointRequest flags;
        requestLock.lock();
        try {
            ticket = requestCount;
            flags = CheckpointRequest.merge(pending, request);
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
            ok = perform(flags, settings.logCheckpoints(), pacing);
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

    /** CreateCheckPoint at full speed (startup: end of recovery, a new cluster's first checkpoint). */
    void perform(CheckpointRequest flags, boolean log) {
        perform(flags, log, CheckpointPacing.UNPACED);
    }

    /** CreateCheckPoint. Returns false only if {@code pacing} abandoned it (no record written). */
    boolean perform(CheckpointRequest flags, boolean log, CheckpointPacing pacing) {
        checkpointLock.lock();
        try {
            if (control != null && !wal.isWritable() && control.state() == ControlFile.DB_IN_ARCHIVE_RECOVERY) {
                return restartpoint(flags, log, pacing);
            }
            if (control == null || !wal.isWritable()) {
                return true; // recovery has not opened the WAL yet: there is nothing a checkpoint could record
            }
            boolean shutdown = flags.shutdown();
            if (shutdown) {
                ServerLog.log(Messages.SHUTTING_DOWN);
            }
            if (!shutdown && !flags.endOfRecovery() && !flags.force() && wal.insertLsn() == lastCheckpointEnd) {
                return true; // nothing happened since the last checkpoint: skip it, and say nothing
            }
            long start = System.nanoTime();
            long startLsn = wal.insertLsn();
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
            WalSegmentBudget budget = WalSegmentBudget.of(settings);
            BufferManager.AfterCheckpointWrite afterWrite = flags.immediate()
                    ? written -> pacing.pace() != CheckpointPacing.Pace.ABANDON
                    : spreadWrites(pacing, buffers.dirtyCount(), new CheckpointSchedule(start, startLsn,
                            budget.completionTarget(), settings.checkpointTimeoutSeconds(),
                            budget.checkpointSegments()));
            int written = buffers.flushAll(afterWrite);
            if (pacing.pace() == CheckpointPacing.Pace.ABANDON) {
                return false; // QUIT: the process ends now; recovery replays from the previous redo point
            }
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

            // UpdateCheckPointDistanceEstimate, before the estimate decides how many segments to recycle
            long distance = redo - previousRedo;
            previousRedo = redo;
            lastCheckpointEnd = position.end();
            distanceEstimate = distanceEstimate < distance ? distance : 0.9 * distanceEstimate + 0.1 * distance;
            slots.checkpoint();
            // KeepLogSeg: a replication slot holds the WAL from its restart LSN on
            long oldestSlot = slots.oldestRestartLsn();
            long keepFrom = oldestSlot >= 0 ? Math.min(redo, oldestSlot) : redo;
            WalSegments segments = wal.segments();
            WalSegments.Cleanup cleanup = segments.removeOrRecycle(keepFrom / WalSegments.SEGMENT_SIZE,
                    position.end() / WalSegments.SEGMENT_SIZE, budget.recycleUpTo(redo, distanceEstimate),
                    settings.walRecycle(), archiveStatus);
            if (shutdown) {
                StatisticsFile.writeAtShutdown(statistics, dataDirectory); // only a clean stop keeps them
            }
            // after recycling, which may already have supplied the next segment; an ERROR here leaves the
            // checkpoint itself complete, as PostgreSQL's does
            boolean added = !shutdown && segments.preallocate(position.end(), settings.walInitZero());
            long end = System.nanoTime();
            if (log) {
                long syncFiles = sync.files();
                ServerLog.log(Messages.checkpointComplete(written, written * 100.0 / buffers.bufferCount(),
                        added ? 1 : 0, cleanup.removed(), cleanup.recycled(),
                        millis(syncStart - writeStart), millis(syncEnd - syncStart), millis(end - start),
                        (int) syncFiles, roundUpMillis(sync.longestNanos()),
                        syncFiles == 0 ? 0 : roundUpMillis(sync.totalNanos() / syncFiles),
                        (long) (distance / 1024.0), (long) (distanceEstimate / 1024.0)));
            }
            return true;
        } finally {
            checkpointLock.unlock();
        }
    }

    /**
     * A standby replayed a checkpoint record: once replay is past it, a restartpoint may start recovery from its
     * redo point (RecoveryRestartPoint).
     */
    void restartpointCandidate(long checkpointLsn, long checkpointEnd, XlogRecords.Checkpoint checkpoint) {
        restartpointCandidate = new RestartpointCandidate(checkpointLsn, checkpointEnd, checkpoint);
    }

    private record RestartpointCandidate(long lsn, long end, XlogRecords.Checkpoint checkpoint) {
    }

    private volatile RestartpointCandidate restartpointCandidate;

    /**
     * CreateRestartPoint: on a standby the checkpointer cannot write a checkpoint record; it writes every buffer
     * replay dirtied up to the last replayed checkpoint record and moves pg_control's checkpoint to that record,
     * so that a restart replays from its redo point, then removes the WAL before it (keeping what slots hold). A
     * shutdown one also leaves pg_control saying "shut down in recovery".
     */
    private boolean restartpoint(CheckpointRequest flags, boolean log, CheckpointPacing pacing) {
        RestartpointCandidate candidate = restartpointCandidate;
        boolean shutdown = flags.shutdown();
        if (shutdown) {
            ServerLog.log(Messages.SHUTTING_DOWN);
        }
        if (candidate == null || candidate.lsn() <= control.checkpointLsn()) {
            if (shutdown) {
                writeControl(control.withState(ControlFile.DB_SHUTDOWNED_IN_RECOVERY, Instant.now().getEpochSecond()));
            }
            return true; // PostgreSQL: "skipping restartpoint, already performed at %X/%X" (DEBUG2)
        }
        long start = System.nanoTime();
        if (log) {
            ServerLog.log(Messages.restartpointStarting(describe(flags)));
        }
        int written = buffers.flushAll(written1 -> pacing.pace() != CheckpointPacing.Pace.ABANDON);
        if (pacing.pace() == CheckpointPacing.Pace.ABANDON) {
            return false;
        }
        transactions.clog().checkpoint();
        RelationFiles.SyncStats sync = files.syncAll();
        XlogRecords.Checkpoint checkpoint = candidate.checkpoint();
        long now = Instant.now().getEpochSecond();
        ControlFile updated = control.withCheckpoint(shutdown ? ControlFile.DB_SHUTDOWNED_IN_RECOVERY
                : ControlFile.DB_IN_ARCHIVE_RECOVERY, now, candidate.lsn(), checkpoint.redo(), checkpoint.nextXid(),
                checkpoint.nextOid());
        writeControl(updated);
        slots.checkpoint();
        long oldestSlot = slots.oldestRestartLsn();
        long keepFrom = oldestSlot >= 0 ? Math.min(checkpoint.redo(), oldestSlot) : checkpoint.redo();
        WalSegments.Cleanup cleanup = wal.segments().removeOrRecycle(keepFrom / WalSegments.SEGMENT_SIZE,
                candidate.end() / WalSegments.SEGMENT_SIZE, keepFrom / WalSegments.SEGMENT_SIZE, false);
        if (log) {
            long end = System.nanoTime();
            ServerLog.log("restart" + Messages.checkpointComplete(written, written * 100.0 / buffers.bufferCount(), 0,
                    cleanup.removed(), cleanup.recycled(), 0, 0, millis(end - start), (int) sync.files(),
                    roundUpMillis(sync.longestNanos()), sync.files() == 0 ? 0 : roundUpMillis(sync.totalNanos()
                    / sync.files()), 0, 0).substring("check".length()));
            ServerLog.log(Messages.recoveryRestartPoint(checkpoint.redo()));
        }
        return true;
    }

    /**
     * CheckpointWriteDelay for a spread checkpoint that has {@code toWrite} dirty buffers at its start: after each
     * write, nap while ahead of schedule, unless an immediate request is waiting or the checkpointer wants full
     * speed; stop the scan when it abandons the checkpoint. Buffers dirtied meanwhile are written too, so progress
     * is capped at 1.
     */
    private BufferManager.AfterCheckpointWrite spreadWrites(CheckpointPacing pacing, int toWrite,
                                                             CheckpointSchedule schedule) {
        return written -> {
            CheckpointPacing.Pace pace = pacing.pace();
            if (pace == CheckpointPacing.Pace.ABANDON) {
                return false;
            }
            double progress = toWrite == 0 ? 1.0 : Math.min(1.0, (double) written / toWrite);
            if (pace == CheckpointPacing.Pace.SPREAD && !immediateRequested()
                    && schedule.onSchedule(progress, System.nanoTime(), wal.insertLsn())) {
                pacing.nap(WRITE_DELAY_MILLIS);
            }
            return true;
        };
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
    static String describe(CheckpointRequest request) {
        StringBuilder s = new StringBuilder();
        for (CheckpointFlag flag : CheckpointFlag.values()) {
            if (request.has(flag)) {
                s.append(' ').append(flag.word());
            }
        }
        return s.toString();
    }
}
