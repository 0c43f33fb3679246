package osgres.storage.internal.control;

import java.nio.file.Path;

import osgres.storage.AuxiliaryWork;
import osgres.storage.ReplicationSource;
import osgres.storage.internal.buffer.BufferManager;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.wal.ArchiveStatus;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.xact.TransactionManager;

/**
 * The lower half of one shared-memory generation's storage engine, as the upper half sees it through
 * {@link StorageCore}: the parts wired together by {@link StorageCoreFactory}. Holds the after-redo hook and the
 * "recovered" flag; closing it releases file handles and drops whatever WAL was not flushed, as a crash would.
 */
final class LowerStorageCore implements StorageCore {

    private final StorageSettings settings;
    private final RelationFiles files;
    private final WalManager wal;
    private final BufferManager buffers;
    private final TransactionManager transactions;
    private final CheckpointRunner checkpoints;
    private final StartupRecovery recovery;
    private final ReplicationSlots slots;
    private final SyncRep syncRep;
    private final WalSendSource replication;
    private final ArchiveStatus archiveStatus;
    private final WalArchiveWork walArchive;
    private final CumulativeStatistics statistics = new CumulativeStatistics();
    private volatile Runnable afterRedoHook = () -> { };
    private volatile boolean recovered;
    private volatile ReplayObserver replayObserver;
    private volatile boolean hotStandby;
    private volatile StandbyReceipt standbyReceipt;
    private final Path dataDirectory;

    LowerStorageCore(Path dataDirectory, StorageSettings settings, RelationFiles files, WalManager wal,
                     BufferManager buffers, TransactionManager transactions) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.files = files;
        this.wal = wal;
        this.buffers = buffers;
        this.transactions = transactions;
        buffers.setStatistics(statistics);
        wal.setStatistics(statistics, settings::trackWalIoTiming);
        this.slots = new ReplicationSlots(dataDirectory, settings.maxReplicationSlots());
        this.syncRep = new SyncRep(settings::synchronousStandbyNames);
        this.archiveStatus = new ArchiveStatus(wal.segments(), settings::archivingActive,
                settings::archivingAlways);
        this.walArchive = new WalArchiveWork(dataDirectory, archiveStatus, statistics);
        wal.setSegmentCompletedListener(archiveStatus::segmentComplete);
        this.checkpoints = new CheckpointRunner(dataDirectory, wal, buffers, transactions, settings, statistics,
                slots, archiveStatus);
        this.replication = new WalSendSource(dataDirectory, wal, slots, checkpoints, this);
        transactions.setReplicationHorizon(replication::replicationHorizon);
        this.recovery = new StartupRecovery(dataDirectory, wal, buffers, transactions, checkpoints, this);
        wal.setSegmentSwitchListener(checkpoints::walSegmentSwitched);
    }

    @Override
    public void waitForSyncStandbys(long lsn, osgres.storage.BackendProc proc) {
        if (!syncRep.defined()) {
            return; // the common case, decided before the session's synchronous_commit is even read
        }
        SyncRep.Mode mode = switch (proc.synchronousCommit()) {
            case "on" -> SyncRep.Mode.FLUSH;
            case "remote_write" -> SyncRep.Mode.WRITE;
            case "remote_apply" -> SyncRep.Mode.APPLY;
            default -> null;
        };
        if (mode != null) {
            syncRep.await(lsn, mode, proc);
        }
    }

    SyncRep syncRep() {
        return syncRep;
    }

    @Override
    public ReplicationSource replication() {
        return replication;
    }

    ReplicationSlots slots() {
        return slots;
    }

    /** StartupReplicationSlots read the slots: their xmins hold vacuum back from now on. */
    void slotsLoaded() {
        replication.updateReplicationHorizon();
    }

    StorageSettings settings() {
        return settings;
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    /** The buffer manager itself (tests, and the redo of the lower half's own records). */
    public BufferManager bufferManager() {
        return buffers;
    }

    @Override
    public Wal wal() {
        return wal;
    }

    @Override
    public TransactionCore transactions() {
        return transactions;
    }

    @Override
    public AuxiliaryWork.Recovery recovery() {
        return recovery;
    }

    @Override
    public AuxiliaryWork.Checkpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public AuxiliaryWork.WalFlusher walFlusher() {
        return wal;
    }

    @Override
    public AuxiliaryWork.WalArchive walArchive() {
        return walArchive;
    }

    /** The archive status files: the walreceiver marks what it received ({@code receivedSegmentComplete}). */
    ArchiveStatus archiveStatus() {
        return archiveStatus;
    }

    @Override
    public long switchWal() {
        return wal.switchSegment();
    }

    @Override
    public AuxiliaryWork.BufferWriter bufferWriter() {
        return buffers;
    }

    @Override
    public CumulativeStatistics statistics() {
        return statistics;
    }

    @Override
    public void setAfterRedoHook(Runnable hook) {
        this.afterRedoHook = hook == null ? () -> { } : hook;
    }

    void runAfterRedoHook() {
        afterRedoHook.run();
    }

    @Override
    public boolean recovered() {
        return recovered;
    }

    void markRecovered() {
        recovered = true;
    }

    @Override
    public void setReplayObserver(ReplayObserver observer) {
        this.replayObserver = observer;
    }

    boolean isCatalog(osgres.storage.internal.core.RelFile rel) {
        ReplayObserver observer = replayObserver;
        return observer != null && observer.isCatalog(rel);
    }

    void catalogReplayed(java.util.Set<Integer> databaseOids) {
        ReplayObserver observer = replayObserver;
        if (observer != null && hotStandby) {
            observer.catalogReplayed(databaseOids);
        }
    }

    void beginHotStandby() {
        ReplayObserver observer = replayObserver;
        if (observer != null) {
            observer.beginHotStandby();
        }
        hotStandby = true;
    }

    /** Promotion: the sessions that ran read-only go on as ordinary ones once recovery has ended. */
    void endHotStandby() {
        hotStandby = false;
    }

    @Override
    public boolean hotStandby() {
        return hotStandby && !recovered;
    }

    /** The standby's receipt, made on first use (pg_control's system identifier names the cluster). */
    StandbyReceipt standbyReceipt() {
        StandbyReceipt receipt = standbyReceipt;
        if (receipt == null) {
            synchronized (this) {
                receipt = standbyReceipt;
                if (receipt == null) {
                    receipt = new StandbyReceipt(wal.segments(), ControlFile.read(dataDirectory).systemIdentifier(),
                            () -> transactions.hotStandby() ? transactions.oldestXmin() : 0);
                    receipt.setSegmentReceivedListener(archiveStatus::receivedSegmentComplete);
                    standbyReceipt = receipt;
                }
            }
        }
        return receipt;
    }

    @Override
    public AuxiliaryWork.WalReceipt walReceipt() {
        return standbyReceipt();
    }

    @Override
    public StandbyPositions standbyPositions() {
        StandbyReceipt receipt = standbyReceipt;
        if (receipt == null || recovered) {
            return new StandbyPositions(0, 0, null);
        }
        return new StandbyPositions(receipt.flushedLsn(), receipt.replayedUpTo(), receipt.status());
    }

    @Override
    public boolean checkpointerRunning() {
        return checkpoints.checkpointerRunning();
    }

    @Override
    public void requestCheckpointAndWait() {
        checkpoints.request(AuxiliaryWork.CheckpointRequest.of(AuxiliaryWork.CheckpointFlag.IMMEDIATE,
                AuxiliaryWork.CheckpointFlag.FORCE, AuxiliaryWork.CheckpointFlag.WAIT), true);
    }

    @Override
    public void close() {
        wal.close();
        files.close();
    }
}
