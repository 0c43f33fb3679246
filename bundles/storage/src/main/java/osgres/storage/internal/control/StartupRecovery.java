package osgres.storage.internal.control;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

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
    /** While recovering from a base backup: its start, until the backup-end record naming it is replayed. */
    private long backupStart;

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
    public synchronized void recover() {
        if (core.recovered()) {
            return;
        }
        ControlFile control = ControlFile.read(dataDirectory);
        for (String signal : new String[] {"standby.signal", "recovery.signal"}) {
            if (java.nio.file.Files.exists(dataDirectory.resolve(signal))) {
                // no walreceiver and no archive recovery yet: never come up as a primary that forks off the source
                throw new PgException(Severity.FATAL, SqlState.FEATURE_NOT_SUPPORTED,
                        Messages.signalFileNotSupported(signal), null, Messages.signalFileHint(signal), 0);
            }
        }
        transactions.clog().load();
        core.slots().load(); // StartupReplicationSlots
        boolean brandNew = control.checkpointLsn() == 0;
        if (brandNew) {
            control = bootstrap(control);
        }
        logState(control);

        // a base backup's label names the checkpoint to start from: pg_control was copied last, so it may name
        // a later one whose redo point would skip changes the copied files lack
        BackupLabel label = BackupLabel.read(dataDirectory).orElse(null);
        long checkpointLsn = control.checkpointLsn();
        if (label != null) {
            checkpointLsn = label.checkpointLsn();
            ServerLog.log(Messages.startingBackupRecovery(label.startLsn(), label.checkpointLsn(), label.timeline()));
        } else if (control.backupStartPoint() != 0 || control.backupEndRequired()) {
            ServerLog.log(Messages.restartingBackupRecovery(control.redoLsn()));
        }
        WalSegments segments = wal.segments();
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
        boolean inRecovery = label != null || backupStart != 0 || checkpoint.redo() < control.checkpointLsn()
                || control.state() != ControlFile.DB_SHUTDOWNED;

        // pgstat_restore_stats after a clean shutdown, pgstat_discard_stats after a crash
        StatisticsFile.restoreAtStartup(core.statistics(), dataDirectory, !inRecovery);

        long endOfWal = checkpointRecord.record().endLsn();
        long lastRecordStart = control.checkpointLsn();
        if (inRecovery) {
            ServerLog.log(Messages.AUTOMATIC_RECOVERY);
            control = control.withState(ControlFile.DB_IN_CRASH_RECOVERY, Instant.now().getEpochSecond());
            control.write(dataDirectory);
            boolean fromRedo = checkpoint.redo() < control.checkpointLsn();
            try (WalReader reader = fromRedo
                    ? new WalReader(segments, checkpoint.redo(), -1)
                    : new WalReader(segments, endOfWal, control.checkpointLsn())) {
                replay(reader);
                endOfWal = reader.position();
                if (reader.lastRecordStart() >= 0) {
                    lastRecordStart = reader.lastRecordStart();
                }
            }
            if (backupStart != 0) {
                throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR, Messages.WAL_ENDS_BEFORE_BACKUP_END,
                        null, Messages.WAL_ENDS_BEFORE_BACKUP_END_HINT, 0);
            }
            control = control.withBackup(0, false, control.minRecoveryPoint());
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
            case ControlFile.DB_IN_CRASH_RECOVERY, ControlFile.DB_SHUTDOWNED_IN_RECOVERY,
                 ControlFile.DB_IN_ARCHIVE_RECOVERY -> ServerLog.log(Severity.LOG,
                    Messages.interruptedWhileInRecovery(time), null, Messages.INTERRUPTED_IN_RECOVERY_HINT);
            default -> ServerLog.log(Messages.interrupted(time));
        }
    }

    /** The redo loop (PerformWalRecovery). */
    private void replay(WalReader reader) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long userStart = threads.getCurrentThreadUserTime();
        long wallStart = System.nanoTime();
        WalRecordFormat.Decoded decoded = reader.next();
        if (decoded == null) {
            ServerLog.log(Messages.REDO_NOT_REQUIRED);
            return;
        }
        ServerLog.log(Messages.redoStartsAt(decoded.record().lsn()));
        long lastReplayed = decoded.record().lsn();
        while (decoded != null) {
            apply(decoded);
            lastReplayed = decoded.record().lsn();
            decoded = reader.next();
        }
        if (reader.endReason() != null) {
            ServerLog.log(reader.endReason());
        }
        double user = (threads.getCurrentThreadUserTime() - userStart) / 1e9;
        double system = Math.max(0, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 - user);
        double elapsed = (System.nanoTime() - wallStart) / 1e9;
        ServerLog.log(Messages.redoDoneAt(lastReplayed, user, system, elapsed));
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
            ServerLog.log(Messages.consistentRecoveryState(record.endLsn()));
        }
    }
}
