package osgres.storage.internal.control;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork;
import osgres.storage.AuxiliaryWork.CheckpointFlag;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.internal.buffer.BufferManager;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.WalRecord;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.WalReader;
import osgres.storage.internal.wal.WalRecordFormat;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.wal.XlogRecords;
import osgres.storage.internal.xact.TransactionManager;
import osgres.storage.internal.xact.XactRecords;

/**
 * StartupXLOG for the startup process (xlog.c, xlogrecovery.c, xlogutils.c): reads pg_control, finds the last
 * checkpoint record, decides whether the system went down cleanly, and if not replays the WAL from the
 * checkpoint's redo point to the first invalid record, then cuts the WAL there, runs the upper half's
 * after-redo hook and takes the end-of-recovery checkpoint. A brand-new cluster (no checkpoint yet) first gets
 * its initial WAL segment and a shutdown checkpoint, as initdb leaves them in PostgreSQL.
 *
 * <p>Replay of one record: full-page images are restored unconditionally (the page then is exactly as after
 * the record), other block references are handed to the record's resource manager pinned and exclusively
 * locked unless the page LSN shows the record is already applied (null then), and every page touched gets the
 * record's end LSN and is marked dirty, which makes replaying the same WAL twice harmless. Not here: archive
 * recovery, standby mode, recovery targets, consistency checks, the startup process's own signals.
 */
final class StartupRecovery implements AuxiliaryWork.Recovery {

    private final WalManager wal;
    private final BufferManager buffers;
    private final TransactionManager transactions;
    private final CheckpointRunner checkpoints;
    private final Path dataDirectory;
    private final LowerStorageCore core;
    static final String STANDBY_SIGNAL = "standby.signal";
    static final String RECOVERY_SIGNAL = "recovery.signal";
    static final String PROMOTE_SIGNAL = "promote";
    /** How long standby mode waits for WAL before it looks at its signals again. */
    private static final long WAIT_SLICE_MILLIS = 100;
    /** How many records replay applies between two looks at a standby's stop request. */
    private static final int STOP_CHECK_INTERVAL = 256;
    /** How often replay looks again at the snapshots a record conflicts with while it waits for them. */
    private static final long CONFLICT_POLL_MILLIS = 10;

    /** While recovering from a base backup: its start, until the backup-end record naming it is replayed. */
    private long backupStart;
    /** The end of the last record replayed. */
    private volatile long replayedEnd;
    /** "consistent recovery state reached" was logged (by the backup-end record). */
    private boolean consistencyLogged;

    StartupRecovery(Path dataDirectory, WalManager wal, BufferManager buffers,
                    TransactionManager transactions, CheckpointRunner checkpoints, LowerStorageCore core) {
        this.dataDirectory = dataDirectory;
        this.wal = wal;
        this.buffers = buffers;
        this.transactions = transactions;
        this.checkpoints = checkpoints;
        this.core = core;
    }

    @Override
    public void recover() {
        recover(null);
    }

    @Override
    public synchronized void recover(AuxiliaryWork.StartupControl startup) {
        if (core.recovered()) {
            return;
        }
        ControlFile control = ControlFile.read(dataDirectory);
        boolean standbyMode = Files.exists(dataDirectory.resolve(STANDBY_SIGNAL));
        // archive recovery (recovery.signal without standby.signal): replays what restore_command brings, then ends
        boolean archiveRecovery = !standbyMode && Files.exists(dataDirectory.resolve(RECOVERY_SIGNAL));
        if ((standbyMode || archiveRecovery) && startup == null) {
            String signal = standbyMode ? STANDBY_SIGNAL : RECOVERY_SIGNAL;
            throw new PgException(Severity.FATAL, SqlState.FEATURE_NOT_SUPPORTED,
                    Messages.signalFileNotSupported(signal), null, Messages.signalFileHint(signal), 0);
        }
        if (archiveRecovery && core.settings().restoreCommand().isEmpty()) {
            throw PgException.fatal(SqlState.INVALID_PARAMETER_VALUE, Messages.RESTORE_COMMAND_REQUIRED);
        }
        transactions.clog().load();
        core.slots().load(); // StartupReplicationSlots
        core.slotsLoaded();
        boolean brandNew = control.checkpointLsn() == 0;
        if (brandNew) {
            control = bootstrap(control);
        }
        logState(control);
        WalSegments segments = wal.segments();
        segments.setTimeline(Math.max(WalSegments.FIRST_TIMELINE, control.timeline()));

        // a base backup's label names the checkpoint to start from: pg_control was copied last, so it may name
        // a later one whose redo point would skip changes the copied files lack
        BackupLabel label = BackupLabel.read(dataDirectory).orElse(null);
        long checkpointLsn = control.checkpointLsn();
        if (label != null) {
            checkpointLsn = label.checkpointLsn();
            segments.setTimeline(label.timeline());
            ServerLog.log(Messages.startingBackupRecovery(label.startLsn(), label.checkpointLsn(), label.timeline()));
        } else if (control.backupStartPoint() != 0 || control.backupEndRequired()) {
            ServerLog.log(Messages.restartingBackupRecovery(control.redoLsn()));
        }
        if (standbyMode) {
            ServerLog.log(Messages.ENTERING_STANDBY_MODE);
        } else if (archiveRecovery) {
            ServerLog.log(Messages.STARTING_ARCHIVE_RECOVERY);
        }
        WalRecordFormat.Decoded checkpointRecord;
        try (WalReader reader = new WalReader(segments, checkpointLsn, -1)) {
            checkpointRecord = reader.next();
        }
        if (checkpointRecord == null || checkpointRecord.record().rmgr() != ResourceManagers.XLOG
                || !XlogRecords.isCheckpoint(checkpointRecord.record().info())) {
            if (label != null) {
                throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR, Messages.NO_BACKUP_CHECKPOINT, null,
                        Messages.backupLabelHint(dataDirectory), 0);
            }
            throw new IllegalStateException(Messages.invalidCheckpointRecord(control.checkpointLsn()));
        }
        XlogRecords.Checkpoint checkpoint = XlogRecords.Checkpoint.decode(checkpointRecord.record().data());
        transactions.restoreCounters(checkpoint.nextXid(), checkpoint.nextOid());
        if (label != null) {
            // StartupXLOG: pg_control records the backup's start before the label is renamed
            control = control.withCheckpoint(control.state(), control.time(), checkpointLsn, checkpoint.redo(),
                    checkpoint.nextXid(), checkpoint.nextOid())
                    .withBackup(checkpoint.redo(), label.endRequired(), 0);
            control.write(dataDirectory);
            BackupLabel.retire(dataDirectory);
        }
        backupStart = control.backupStartPoint();
        boolean inRecovery = standbyMode || archiveRecovery || label != null || backupStart != 0
                || checkpoint.redo() < control.checkpointLsn() || control.state() != ControlFile.DB_SHUTDOWNED;

        // pgstat_restore_stats after a clean shutdown, pgstat_discard_stats after a crash
        StatisticsFile.restoreAtStartup(core.statistics(), dataDirectory, !inRecovery);

        long endOfWal = checkpointRecord.record().endLsn();
        long lastRecordStart = control.checkpointLsn();
        if (inRecovery) {
            Standby standby = null;
            if (standbyMode || archiveRecovery) {
                control = control.withState(ControlFile.DB_IN_ARCHIVE_RECOVERY, Instant.now().getEpochSecond());
                transactions.setHotStandby(true);
                standby = new Standby(startup, control.minRecoveryPoint(), archiveRecovery);
                core.archiveStatus().setArchiveRecovery(true);
                // restartpoints: the checkpointer may move pg_control's checkpoint to one replay went past
                checkpoints.startFrom(control, -1);
                checkpoints.updateControl(control);
                wal.setRecoveryFlushListener(this::pageFlushedInRecovery);
                startup.notifyPostmaster("RECOVERY_STARTED");
            } else {
                ServerLog.log(Messages.AUTOMATIC_RECOVERY);
                control = control.withState(ControlFile.DB_IN_CRASH_RECOVERY, Instant.now().getEpochSecond());
                control.write(dataDirectory);
            }
            boolean fromRedo = checkpoint.redo() < control.checkpointLsn() || standby != null;
            try (WalReader reader = fromRedo
                    ? new WalReader(segments, checkpoint.redo(), -1)
                    : new WalReader(segments, endOfWal, control.checkpointLsn())) {
                replay(reader, standby);
                endOfWal = reader.position();
                if (reader.lastRecordStart() >= 0) {
                    lastRecordStart = reader.lastRecordStart();
                }
            }
            if (backupStart != 0) {
                throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR, Messages.WAL_ENDS_BEFORE_BACKUP_END,
                        null, Messages.WAL_ENDS_BEFORE_BACKUP_END_HINT, 0);
            }
            if (standby != null) {
                control = checkpoints.control();
                wal.setRecoveryFlushListener(null);
                endOfWal = standby.promote(endOfWal);
                core.archiveStatus().setArchiveRecovery(false);
                control = control.withTimeline(segments.timeline());
            }
            control = control.withBackup(0, false, 0);
        }
        segments.truncateAfter(endOfWal);
        wal.startInserting(endOfWal, lastRecordStart, checkpoint.redo());
        // segments completed before a crash (or copied without markers) still reach the archive
        core.archiveStatus().notifyUnmarkedBefore(endOfWal / WalSegments.SEGMENT_SIZE);
        ControlFile.Parameters parameters = core.settings().controlParameters();
        checkpoints.startFrom(control, inRecovery ? -1 : checkpointRecord.record().endLsn());
        if (!inRecovery) {
            // before the hook writes WAL: from here on a crash must replay what follows the shutdown checkpoint
            checkpoints.updateControl(control.withState(ControlFile.DB_IN_PRODUCTION, Instant.now().getEpochSecond())
                    .withParameters(parameters));
        } else if (!parameters.equals(control.parameters())) {
            checkpoints.updateControl(control.withParameters(parameters));
        } else if (standbyMode || archiveRecovery) {
            checkpoints.updateControl(control);
        }

        core.runAfterRedoHook();

        if (inRecovery) {
            checkpoints.perform(CheckpointRequest.of(CheckpointFlag.END_OF_RECOVERY, CheckpointFlag.IMMEDIATE,
                    CheckpointFlag.WAIT),
                    core.settings().logCheckpoints());
        } else if (brandNew) {
            // initdb's final checkpoint: the catalog the hook just created is on disk before anyone connects
            checkpoints.perform(CheckpointRequest.of(CheckpointFlag.IMMEDIATE, CheckpointFlag.FORCE), false);
        }
        core.markRecovered();
    }

    /**
     * UpdateMinRecoveryPoint: a standby writes a page changed by replay up to {@code pageLsn}; from then on a
     * restart is consistent only once replay is past it again, so pg_control's minRecoveryPoint moves to where
     * replay is now (at most once per replayed record, as PostgreSQL's does it lazily).
     */
    private void pageFlushedInRecovery(long pageLsn) {
        ControlFile current = checkpoints.control();
        if (current == null || pageLsn <= current.minRecoveryPoint()) {
            return;
        }
        long point = Math.max(pageLsn, replayedEnd);
        checkpoints.updateControl(current.withBackup(current.backupStartPoint(), current.backupEndRequired(), point));
    }

    /** The WAL start of a new cluster: segment 1 with a shutdown checkpoint whose redo point is itself. */
    private ControlFile bootstrap(ControlFile control) {
        wal.segments().truncateAfter(WalSegments.FIRST_LSN);
        wal.startInserting(WalSegments.FIRST_LSN, 0, WalSegments.FIRST_LSN);
        transactions.restoreCounters(control.nextXid(), control.nextOid());
        long nextOid = Math.max(control.nextOid(), TransactionManager.FIRST_NORMAL_OID);
        byte[] data = new XlogRecords.Checkpoint(WalSegments.FIRST_LSN, control.nextXid(), nextOid,
                control.time()).encode();
        WalManager.Position position = wal.insertRecord(ResourceManagers.XLOG, XlogRecords.CHECKPOINT_SHUTDOWN, 0,
                data);
        wal.flush(position.end());
        ControlFile initial = control.withCheckpoint(ControlFile.DB_SHUTDOWNED, control.time(), position.start(),
                WalSegments.FIRST_LSN, control.nextXid(), nextOid);
        initial.write(dataDirectory);
        wal.close(); // reopened for inserts below, after the normal startup path has read the checkpoint back
        return initial;
    }

    private static void logState(ControlFile control) {
        String time = ServerLog.formatTimestamp(Instant.ofEpochSecond(control.time()));
        switch (control.state()) {
            case ControlFile.DB_SHUTDOWNED -> ServerLog.log(Messages.wasShutDownAt(time));
            case ControlFile.DB_SHUTDOWNING -> ServerLog.log(Messages.shutdownWasInterrupted(time));
            case ControlFile.DB_SHUTDOWNED_IN_RECOVERY -> ServerLog.log(Messages.wasShutDownInRecoveryAt(time));
            case ControlFile.DB_IN_CRASH_RECOVERY -> ServerLog.log(Severity.LOG,
                    Messages.interruptedWhileInRecovery(time), null, Messages.INTERRUPTED_IN_RECOVERY_HINT);
            case ControlFile.DB_IN_ARCHIVE_RECOVERY -> ServerLog.log(Severity.LOG,
                    Messages.interruptedWhileInRecoveryAtLogTime(time), null,
                    Messages.INTERRUPTED_IN_ARCHIVE_RECOVERY_HINT);
            default -> ServerLog.log(Messages.interrupted(time));
        }
    }

    /**
     * The redo loop (PerformWalRecovery). Without {@code standby} it ends at the end of the WAL; in standby mode it
     * waits there for the walreceiver's WAL ({@link Standby#awaitRecord}) until a promotion.
     */
    private void replay(WalReader reader, Standby standby) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long userStart = threads.getCurrentThreadUserTime();
        long wallStart = System.nanoTime();
        WalRecordFormat.Decoded decoded = reader.next();
        if (decoded == null && standby == null) {
            ServerLog.log(Messages.REDO_NOT_REQUIRED);
            return;
        }
        long lastReplayed = -1;
        long replayedCount = 0;
        while (true) {
            if (decoded == null) {
                if (standby == null) {
                    break;
                }
                decoded = standby.awaitRecord(reader);
                if (decoded == null) {
                    break; // promoted
                }
            }
            if (lastReplayed < 0) {
                ServerLog.log(Messages.redoStartsAt(decoded.record().lsn()));
            }
            if (standby != null) {
                standby.resolveConflicts(decoded.record());
            }
            apply(decoded);
            lastReplayed = decoded.record().lsn();
            replayedEnd = decoded.record().endLsn();
            if (standby != null) {
                standby.replayed(decoded);
                if (++replayedCount % STOP_CHECK_INTERVAL == 0) {
                    standby.checkStop(); // a standby far behind still leaves promptly when told to stop
                }
            }
            decoded = reader.next();
        }
        if (lastReplayed < 0) {
            ServerLog.log(Messages.REDO_NOT_REQUIRED);
            return;
        }
        if (reader.endReason() != null && standby == null) {
            ServerLog.log(reader.endReason());
        }
        double user = (threads.getCurrentThreadUserTime() - userStart) / 1e9;
        double system = Math.max(0, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 - user);
        double elapsed = (System.nanoTime() - wallStart) / 1e9;
        ServerLog.log(Messages.redoDoneAt(lastReplayed, user, system, elapsed));
        if (standby != null && standby.lastCommitTime != 0) {
            ServerLog.log(Messages.lastCompletedTransaction(standby.lastCommitTime));
        }
    }

    /**
     * Standby mode (xlogrecovery.c WaitForWALToBecomeAvailable, CheckRecoveryConsistency, CheckForStandbyTrigger,
     * the hot-standby half of StartupXLOG): at the end of the WAL there is, it asks for streaming (the postmaster
     * starts a walreceiver) and waits for the walreceiver's flushes; once replay is consistent, hot_standby opens
     * the server to read-only sessions; every replayed commit of a transaction that changed catalog rows refreshes
     * the catalog caches; a promote signal ends it.
     */
    private final class Standby {
        private final AuxiliaryWork.StartupControl startup;
        private final long minRecoveryPoint;
        private final StandbyReceipt receipt;
        private boolean consistent;
        private boolean hotStandby;
        private long nextStreamRequest = System.nanoTime();
        private long lastCommitTime;
        /** Transactions (by the xid their records carry) whose replay changed catalog rows, and in which databases. */
        private final Map<Long, Set<Integer>> catalogWriters = new HashMap<>();

        /** Archive recovery: no streaming; the end of what restore_command finds ends recovery. */
        private final boolean archiveOnly;
        private final RestoreCommand restoreCommand;
        private long nextRestoreAttempt = System.nanoTime();

        Standby(AuxiliaryWork.StartupControl startup, long minRecoveryPoint, boolean archiveOnly) {
            this.startup = startup;
            this.minRecoveryPoint = minRecoveryPoint;
            this.archiveOnly = archiveOnly;
            this.receipt = core.standbyReceipt();
            this.restoreCommand = new RestoreCommand(dataDirectory, () -> core.settings().restoreCommand(),
                    () -> !archiveOnly);
        }

        /**
         * XLogFileRead from the archive: restore_command brings segment {@code segno} (as RECOVERYXLOG, then put
         * in place under its name, marked .done so it is not archived again); false when the archive lacks it.
         */
        private boolean restoreSegment(long segno, WalReader reader) {
            WalSegments segments = wal.segments();
            String name = segments.fileName(segno);
            Path temporary = segments.directory().resolve("RECOVERYXLOG");
            ControlFile current = checkpoints.control();
            String restartFile = current == null ? null
                    : segments.fileName(current.redoLsn() / WalSegments.SEGMENT_SIZE);
            if (!restoreCommand.restore(name, temporary, restartFile)) {
                return false;
            }
            segments.closeChannel(segno);
            try {
                Files.move(temporary, segments.path(segno), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException e) {
                throw FileAccessErrors.error(Severity.FATAL, Messages.couldNotRemoveFile(name), e);
            }
            core.archiveStatus().forceDone(name);
            reader.reopen();
            receipt.restoredUpTo((segno + 1) * WalSegments.SEGMENT_SIZE);
            return true;
        }

        /** The next record, once the walreceiver brought it; null when promoted. FATAL 57P01 on a stop request. */
        WalRecordFormat.Decoded awaitRecord(WalReader reader) {
            checkConsistency(reader.position());
            reader.setLimit(Math.max(receipt.flushedLsn(), reader.position()));
            while (true) {
                checkStop();
                if (startup.consumePromote()) {
                    try {
                        Files.deleteIfExists(dataDirectory.resolve(PROMOTE_SIGNAL));
                    } catch (java.io.IOException e) {
                        // PostgreSQL ignores a promote file it cannot remove as well
                    }
                    ServerLog.log(Messages.RECEIVED_PROMOTE_REQUEST);
                    return null;
                }
                long now = System.nanoTime();
                // the segment holding the first byte replay lacks (a record may reach into the next segment)
                long segno = Math.max(reader.position(), receipt.flushedLsn()) / WalSegments.SEGMENT_SIZE;
                if (!receipt.receiverActive() && now - nextRestoreAttempt >= 0
                        && !core.settings().restoreCommand().isEmpty()) {
                    // the archive first, as WaitForWALToBecomeAvailable's XLOG_FROM_ARCHIVE, then streaming
                    if (restoreSegment(segno, reader)) {
                        reader.setLimit(receipt.flushedLsn());
                        WalRecordFormat.Decoded decoded = reader.next();
                        if (decoded != null) {
                            return decoded;
                        }
                        continue;
                    }
                    nextRestoreAttempt = now + TimeUnit.MILLISECONDS.toNanos(
                            core.settings().walRetrieveRetryIntervalMillis());
                    if (archiveOnly) {
                        return null; // the archive has nothing more: archive recovery ends here
                    }
                }
                if (archiveOnly) {
                    if (receipt.flushedLsn() <= reader.position()) {
                        return null;
                    }
                } else if (!receipt.receiverActive() && now - nextStreamRequest >= 0
                        && !core.settings().primaryConninfo().isEmpty()) {
                    receipt.requestStreaming(reader.position(), wal.segments().timeline());
                    startup.notifyPostmaster("START_WALRECEIVER");
                    nextStreamRequest = now + TimeUnit.MILLISECONDS.toNanos(
                            core.settings().walRetrieveRetryIntervalMillis());
                }
                long flushed = receipt.flushedLsn();
                if (flushed > reader.position()) {
                    reader.setLimit(flushed);
                    WalRecordFormat.Decoded decoded = reader.next();
                    if (decoded != null) {
                        return decoded;
                    }
                }
                try {
                    receipt.awaitFlushBeyond(flushed, WAIT_SLICE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * ResolveRecoveryConflictWithSnapshot: before a record that removes row versions is replayed, the sessions
         * whose snapshots may still see them get max_standby_streaming_delay to finish, then are canceled
         * ({@link osgres.storage.BackendProc#requestRecoveryConflict}); replay goes on once none is left.
         */
        void resolveConflicts(WalRecord record) {
            if (record.rmgr() == ResourceManagers.XLOG) {
                return;
            }
            RedoHandler handler = wal.redoHandler(record.rmgr());
            long horizon = handler == null ? 0 : handler.conflictHorizon(record);
            if (horizon == 0) {
                return;
            }
            long delayMillis = core.settings().maxStandbyStreamingDelayMillis();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis));
            while (true) {
                List<osgres.storage.BackendProc> conflicting = transactions.conflictingSnapshots(horizon);
                if (conflicting.isEmpty()) {
                    return;
                }
                checkStop();
                if (delayMillis >= 0 && System.nanoTime() - deadline >= 0) {
                    conflicting.forEach(osgres.storage.BackendProc::requestRecoveryConflict);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CONFLICT_POLL_MILLIS));
            }
        }

        /** HandleStartupProcInterrupts: a shutdown request ends standby mode (exit 1, nothing logged). */
        void checkStop() {
            if (startup.stopRequested() || Thread.currentThread().isInterrupted()) {
                throw PgException.fatal(SqlState.ADMIN_SHUTDOWN, Messages.STARTUP_STOPPED_IN_STANDBY);
            }
        }

        /** After each replayed record: positions, catalog refreshes, restartpoint candidates, consistency. */
        void replayed(WalRecordFormat.Decoded decoded) {
            WalRecord record = decoded.record();
            receipt.replayedTo(record.endLsn());
            if (record.rmgr() == ResourceManagers.XACT) {
                lastCommitTime = XactRecords.time(record.data());
                Set<Integer> databases = catalogWriters.remove(record.xid());
                for (long subxid : XactRecords.subxids(record.data())) {
                    Set<Integer> more = catalogWriters.remove(subxid);
                    if (more != null) {
                        databases = databases == null ? new HashSet<>() : databases;
                        databases.addAll(more);
                    }
                }
                if (databases != null) {
                    core.catalogReplayed(databases);
                }
            } else if (record.rmgr() == ResourceManagers.XLOG && XlogRecords.isCheckpoint(record.info())) {
                checkpoints.restartpointCandidate(record.lsn(), record.endLsn(),
                        XlogRecords.Checkpoint.decode(record.data()));
            } else {
                for (WalRecord.BlockRef ref : record.blocks()) {
                    if (core.isCatalog(ref.rel())) {
                        catalogWriters.computeIfAbsent(record.xid(), x -> new HashSet<>())
                                .add(ref.rel().databaseOid());
                    }
                }
            }
            checkConsistency(record.endLsn());
        }

        /** CheckRecoveryConsistency: past the backup's end and minRecoveryPoint, reads see a consistent database. */
        private void checkConsistency(long replayedTo) {
            if (!consistent && backupStart == 0 && replayedTo >= minRecoveryPoint) {
                consistent = true;
                if (!consistencyLogged) {
                    ServerLog.log(Messages.consistentRecoveryState(replayedTo));
                }
            }
            if (consistent && !hotStandby && core.settings().hotStandby()) {
                hotStandby = true;
                core.beginHotStandby();
                startup.notifyPostmaster("BEGIN_HOT_STANDBY");
            }
        }

        /**
         * The end of standby mode (StartupXLOG after PerformWalRecovery): the walreceiver is stopped, a new timeline
         * is chosen and its history file written, the WAL continues in the new timeline's segments from
         * {@code endOfWal}; standby.signal is removed. Returns where the WAL continues.
         */
        long promote(long endOfWal) {
            receipt.stopStreaming();
            startup.notifyPostmaster("STOP_WALRECEIVER");
            WalSegments segments = wal.segments();
            int previous = segments.timeline();
            int next = TimelineHistory.newestTimeline(segments.directory(), previous) + 1;
            ServerLog.log(Messages.selectedNewTimeline(next));
            segments.truncateAfter(endOfWal);
            TimelineHistory.write(segments.directory(), next, previous, endOfWal);
            core.archiveStatus().timelineHistoryWritten(next);
            segments.switchTimeline(next, endOfWal);
            try {
                Files.deleteIfExists(dataDirectory.resolve(STANDBY_SIGNAL));
                Files.deleteIfExists(dataDirectory.resolve(RECOVERY_SIGNAL));
            } catch (java.io.IOException e) {
                throw FileAccessErrors.error(Severity.FATAL, Messages.couldNotRemoveFile(STANDBY_SIGNAL), e);
            }
            ServerLog.log(Messages.ARCHIVE_RECOVERY_COMPLETE);
            transactions.setHotStandby(false);
            core.endHotStandby();
            return endOfWal;
        }
    }

    /** Replays one record (ApplyWalRecord + XLogReadBufferForRedo). */
    private void apply(WalRecordFormat.Decoded decoded) {
        WalRecord record = decoded.record();
        transactions.observeXid(record.xid());
        if (record.rmgr() == ResourceManagers.XLOG) {
            redoXlog(record);
            return;
        }
        RedoHandler handler = wal.redoHandler(record.rmgr());
        if (handler == null) {
            throw new IllegalStateException(Messages.rmgrNotRegistered(record.rmgr(), record.lsn()));
        }
        List<WalRecord.BlockRef> blocks = record.blocks();
        PageBuffer[] pages = new PageBuffer[blocks.size()];
        try {
            for (int i = 0; i < pages.length; i++) {
                WalRecord.BlockRef ref = blocks.get(i);
                PageBuffer page = buffers.readForRedo(ref.rel(), ref.block(),
                        ref.hasImage() ? BufferManager.ReadMode.ZERO : BufferManager.ReadMode.NORMAL);
                page.lockExclusive();
                if (ref.hasImage()) {
                    MemorySegment.copy(MemorySegment.ofArray(decoded.images().get(i)), 0, page.page(), 0, Page.SIZE);
                    page.setPageLsn(record.endLsn());
                    page.markDirty();
                    page.close();
                } else if (page.pageLsn() >= record.endLsn()) {
                    page.close(); // already has this change
                } else {
                    pages[i] = page;
                }
            }
            handler.redo(record, index -> pages[index]);
            for (PageBuffer page : pages) {
                if (page != null) {
                    page.setPageLsn(record.endLsn());
                    page.markDirty();
                }
            }
        } finally {
            for (PageBuffer page : pages) {
                if (page != null) {
                    page.close();
                }
            }
        }
    }

    /** xlog_redo: checkpoints and NEXTOID move the counters forward. */
    private void redoXlog(WalRecord record) {
        if (XlogRecords.isCheckpoint(record.info())) {
            XlogRecords.Checkpoint checkpoint = XlogRecords.Checkpoint.decode(record.data());
            transactions.observeXid(checkpoint.nextXid() - 1);
            transactions.redoNextOid(checkpoint.nextOid());
        } else if (record.info() == XlogRecords.NEXTOID) {
            transactions.redoNextOid(XlogRecords.decodeNextOid(record.data()));
        } else if (record.info() == XlogRecords.BACKUP_END && backupStart != 0
                && XlogRecords.decodeNextOid(record.data()) == backupStart) {
            // xlog_redo: the base backup this recovery started from is complete: from here on it is consistent
            backupStart = 0;
            consistencyLogged = true;
            ServerLog.log(Messages.consistentRecoveryState(record.endLsn()));
            ControlFile current = checkpoints.control();
            if (current != null) {
                // a standby records it at once (a restart then does not start the backup's recovery over)
                checkpoints.updateControl(current.withBackup(0, false,
                        Math.max(current.minRecoveryPoint(), record.endLsn())));
            }
        }
    }
}
