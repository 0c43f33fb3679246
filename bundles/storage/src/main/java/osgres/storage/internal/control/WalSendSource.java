package osgres.storage.internal.control;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork;
import osgres.storage.ReplicationSlot;
import osgres.storage.ReplicationSource;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.wal.WalSegments;
import osgres.storage.internal.wal.XlogRecords;

/**
 * The lower half's {@link ReplicationSource}: pg_control's identity, the flushed WAL read back from the segment
 * files, and the replication slots. Everything a walsender sends is already durable here, so a standby never
 * holds WAL its primary could lose in a crash.
 */
final class WalSendSource implements ReplicationSource {
    /** hot_standby_feedback xmins of walsenders streaming without a slot, by pid. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, Long> feedback =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long replicationHorizon;
    private final Path dataDirectory;
    private final WalManager wal;
    private final ReplicationSlots slots;
    private final CheckpointRunner checkpoints;
    private final LowerStorageCore core;

    WalSendSource(Path dataDirectory, WalManager wal, ReplicationSlots slots, CheckpointRunner checkpoints,
                  LowerStorageCore core) {
        this.dataDirectory = dataDirectory;
        this.wal = wal;
        this.slots = slots;
        this.checkpoints = checkpoints;
        this.core = core;
    }

    @Override
    public long systemIdentifier() {
        ControlFile control = checkpoints.control();
        return (control != null ? control : ControlFile.read(dataDirectory)).systemIdentifier();
    }

    @Override
    public int timeline() {
        return wal.segments().timeline();
    }

    @Override
    public long flushLsn() {
        requireRecovered();
        return wal.flushedLsn();
    }

    @Override
    public long awaitFlush(long lsn, long timeoutNanos) throws InterruptedException {
        requireRecovered();
        return wal.awaitFlush(lsn, timeoutNanos);
    }

    @Override
    public int readWal(long lsn, byte[] buffer, int offset, int length) {
        long flushed = wal.flushedLsn();
        int n = (int) Math.min(length, flushed - lsn);
        if (n <= 0) {
            return 0;
        }
        return wal.segments().read(lsn, buffer, offset, n);
    }

    @Override
    public long redoLsn() {
        requireRecovered();
        return wal.redoLsn();
    }

    @Override
    public BackupStart startBackup(boolean fast) {
        requireRecovered();
        AuxiliaryWork.CheckpointRequest request = fast
                ? AuxiliaryWork.CheckpointRequest.of(AuxiliaryWork.CheckpointFlag.IMMEDIATE,
                        AuxiliaryWork.CheckpointFlag.FORCE, AuxiliaryWork.CheckpointFlag.WAIT)
                : AuxiliaryWork.CheckpointRequest.of(AuxiliaryWork.CheckpointFlag.FORCE,
                        AuxiliaryWork.CheckpointFlag.WAIT);
        checkpoints.request(request, true);
        ControlFile control = checkpoints.control();
        return new BackupStart(control.redoLsn(), control.checkpointLsn(), control.timeline());
    }

    @Override
    public long stopBackup(long startLsn) {
        requireRecovered();
        WalManager.Position end = wal.insertRecord(ResourceManagers.XLOG, XlogRecords.BACKUP_END, 0,
                XlogRecords.encodeNextOid(startLsn));
        wal.flush(end.end());
        return end.end();
    }

    @Override
    public boolean awaitArchived(long stopLsn, Runnable checkInterrupts, java.util.function.LongConsumer stillWaiting) {
        osgres.storage.internal.wal.ArchiveStatus archive = core.archiveStatus();
        if (!archive.archivingActive()) {
            return false;
        }
        // the last segment the backup needs is the one holding its end: it must be complete to be archived
        long lastSegno = (stopLsn - 1) / WalSegments.SEGMENT_SIZE;
        if (wal.insertLsn() / WalSegments.SEGMENT_SIZE == lastSegno) {
            wal.switchSegment();
        }
        java.nio.file.Path status = wal.segments().directory().resolve(osgres.storage.internal.wal.ArchiveStatus.DIRECTORY);
        String name = wal.segments().fileName(lastSegno);
        long started = System.nanoTime();
        long nextWarning = 60;
        while (!java.nio.file.Files.exists(status.resolve(name + ".done"))
                && java.nio.file.Files.exists(wal.segments().path(lastSegno))) {
            checkInterrupts.run();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            if (seconds >= nextWarning) {
                stillWaiting.accept(seconds);
                nextWarning *= 2;
            }
        }
        return true;
    }

    @Override
    public ReplicationSlot createSlot(String name, boolean temporary, boolean reserveWal, int pid) {
        requireRecovered();
        // ReplicationSlotReserveWal: from the current redo pointer, so the next checkpoint keeps what follows
        return slots.create(name, temporary, reserveWal ? wal.redoLsn() : 0, pid);
    }

    @Override
    public void dropSlot(String name, int pid) {
        slots.drop(name, pid);
        updateReplicationHorizon();
    }

    @Override
    public ReplicationSlot acquireSlot(String name, int pid) {
        return slots.acquire(name, pid);
    }

    @Override
    public void releaseSlot(String name, int pid) {
        slots.release(name, pid);
    }

    @Override
    public void advanceSlot(String name, long restartLsn, long xmin) {
        slots.advance(name, restartLsn, xmin);
        updateReplicationHorizon();
    }

    @Override
    public void releaseSlotsOf(int pid) {
        slots.releaseAll(pid);
        updateReplicationHorizon();
    }

    @Override
    public void reportStandby(int pid, String applicationName, long write, long flush, long apply) {
        core.syncRep().report(pid, applicationName, write, flush, apply);
    }

    @Override
    public void standbyGone(int pid) {
        core.syncRep().gone(pid);
        feedbackXmin(pid, 0);
    }

    @Override
    public void feedbackXmin(int pid, long xmin) {
        if (xmin == 0) {
            feedback.remove(pid);
        } else {
            feedback.put(pid, xmin);
        }
        updateReplicationHorizon();
    }

    /** The oldest xmin a standby asked the primary to keep, through a slot or its walsender (0: none). */
    long replicationHorizon() {
        return replicationHorizon;
    }

    void updateReplicationHorizon() {
        long horizon = slots.oldestXmin();
        for (long x : feedback.values()) {
            horizon = horizon == 0 ? x : Math.min(horizon, x);
        }
        replicationHorizon = horizon;
    }

    @Override
    public String[] syncState(int pid) {
        return core.syncRep().state(pid);
    }

    @Override
    public Optional<ReplicationSlot> slot(String name) {
        return slots.slot(name);
    }

    @Override
    public List<ReplicationSlot> slots() {
        return slots.list();
    }

    private void requireRecovered() {
        if (!core.recovered()) {
            throw PgException.error(SqlState.CANNOT_CONNECT_NOW, "the database system is starting up");
        }
    }
}
