package osgres.storage.internal.core;

import osgres.storage.AuxiliaryWork;
import osgres.storage.internal.stats.CumulativeStatistics;

/**
 * The lower half of the storage engine of one shared-memory generation, built by
 * {@code osgres.storage.internal.control.StorageCoreFactory.open(SharedMemory, Settings, Path dataDirectory)}
 * and used by the upper half's DS component, which registers the services. Nothing here touches data files
 * until {@link #recovery()} runs (the startup process) or a buffer is read.
 */
public interface StorageCore extends AutoCloseable {

    BufferPool buffers();

    Wal wal();

    /**
     * SyncRepWaitForLSN: a commit of {@code proc} that ended at {@code lsn} waits for the synchronous standbys its
     * synchronous_commit asks for (none: returns at once).
     */
    void waitForSyncStandbys(long lsn, osgres.storage.BackendProc proc);

    /** The walsender's view: the flushed WAL, the cluster's identity and the replication slots. */
    osgres.storage.ReplicationSource replication();

    TransactionCore transactions();

    /** StartupXLOG, for the startup process. Calls the after-redo hook before its end-of-recovery checkpoint. */
    AuxiliaryWork.Recovery recovery();

    AuxiliaryWork.Checkpoints checkpoints();

    AuxiliaryWork.WalFlusher walFlusher();

    AuxiliaryWork.BufferWriter bufferWriter();

    /** The archiver's work: the WAL files waiting in {@code pg_wal/archive_status}. */
    AuxiliaryWork.WalArchive walArchive();

    /** pg_switch_wal: see {@code osgres.storage.Storage#switchWal}. */
    long switchWal();

    /**
     * Runs once recovery has replayed the WAL, before the end-of-recovery checkpoint: the upper half creates
     * its catalog on a brand-new cluster (WAL-logged like any change) and rebuilds in-memory caches.
     */
    void setAfterRedoHook(Runnable hook);

    /** True once recovery has completed in this generation (the database is open for writes). */
    boolean recovered();

    /**
     * What the upper half does for a hot standby: which relation files hold catalog rows, what to do when replay
     * committed catalog changes, and how to open read-only.
     */
    interface ReplayObserver {
        /** Whether a change to this file changes what the catalog caches hold. */
        boolean isCatalog(RelFile rel);

        /** Replay committed (or aborted) a transaction that changed catalog rows of these databases (0: shared). */
        void catalogReplayed(java.util.Set<Integer> databaseOids);

        /** The standby is consistent: load the caches without writing anything (read-only sessions follow). */
        void beginHotStandby();
    }

    void setReplayObserver(ReplayObserver observer);

    /** True while a consistent standby replays with hot_standby on: read-only sessions may run. */
    boolean hotStandby();

    /** True until recovery (crash recovery, or a standby's until its promotion) has ended. */
    default boolean inRecovery() {
        return !recovered();
    }

    /** The walreceiver's side of a standby. */
    AuxiliaryWork.WalReceipt walReceipt();

    /** pg_last_wal_receive_lsn, pg_last_wal_replay_lsn (0: none) and the walreceiver's status (null: none). */
    record StandbyPositions(long receivedLsn, long replayedLsn, osgres.storage.WalReceiverStatus receiver) {
    }

    StandbyPositions standbyPositions();

    /** CHECKPOINT: posts a request in shared memory and waits for the checkpointer to complete one. */
    void requestCheckpointAndWait();

    /** Whether a checkpointer's main loop runs (it says so through Checkpoints.checkpointerRunning). */
    boolean checkpointerRunning();

    /** The cumulative statistics of this generation (empty after a crash reset, restored after a clean stop). */
    CumulativeStatistics statistics();

    /** Releases file handles (the shared memory itself belongs to osgres.shmem). */
    @Override
    void close();
}
