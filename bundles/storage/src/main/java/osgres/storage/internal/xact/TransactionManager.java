package osgres.storage.internal.xact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.WalRecord;
import osgres.storage.internal.wal.WalManager;
import osgres.storage.internal.wal.XlogRecords;

/**
 * Transactions (xact.c, varsup.c, procarray.c, clog.c through {@link CommitLog}): xid and OID assignment,
 * commit and abort with their WAL records, snapshots and end-of-transaction actions (waiting for a
 * transaction is the lock manager's: every xid holds its own ExclusiveLock).
 *
 * <p>Commit order, as RecordTransactionCommit + ProcArrayEndTransaction: (1) insert the commit record,
 * (2) flush it when synchronous, (3) mark CLOG committed, (4) leave the proc array, (5) run the on-commit
 * actions; the transaction's locks (its xid lock, which waiters wait on) are released after that, by its owner.
 * Nobody sees the xid committed before (2) since snapshots still list it as running until (4); a snapshot
 * taken between (3) and (4) still treats it as running, which is what MVCC needs. Steps (1)-(3)
 * run under the shared side of {@link #checkpointDelay} (DELAY_CHKPT_START): a checkpoint takes the exclusive
 * side right after choosing its redo point, so no commit record can sit before the redo point while its CLOG
 * bit is still missing from the CLOG pages the checkpoint writes.
 *
 * <p>A transaction that never wrote a commit or abort record (it was running at a crash) reads as aborted
 * once it is not in the proc array, which is how PostgreSQL's TransactionIdIsInProgress + CLOG treat it.
 * <p>Subtransactions (savepoints): a subtransaction's xid comes from the same counter, after its top-level xid, and
 * {@link #subtrans} maps it to its top-level transaction while that runs (pg_subtrans; PostgreSQL records the
 * immediate parent, here the top is all anyone asks for, since a released savepoint's work belongs to whichever
 * level is rolled back or committed, which the owning transaction tracks). The commit record lists the committed
 * subxids and redo marks them with the top; a ROLLBACK TO writes an abort record for the subxids it ends (not
 * needed for correctness: an xid with neither record reads as aborted after a crash, but as PostgreSQL does).
 * CLOG has no sub-committed state: a subxid stays in the proc array until its top ends, and nobody decides on a
 * subxid's commit without first seeing it running or waiting on its lock, which is released with the top's.
 * Not here: two-phase commit, xid wraparound (xids are 64-bit).
 */
public final class TransactionManager implements TransactionCore {

    public static final int XACT_COMMIT = 0x00;
    public static final int XACT_ABORT = 0x20;
    /** FirstNormalTransactionId. */
    public static final long FIRST_NORMAL_XID = 3;
    /** FirstNormalObjectId: user objects get OIDs from here (below is the system's). */
    public static final long FIRST_NORMAL_OID = 16384;
    /** VAR_OID_PREFETCH: OIDs handed out per NEXTOID record. */
    static final int OID_PREFETCH = 8192;

    private final CommitLog clog;
    private final WalManager wal;
    private final ProcArray procArray;
    private final ReentrantReadWriteLock checkpointDelay = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<Long, List<EndAction>> endActions = new ConcurrentHashMap<>();
    /** pg_subtrans for running transactions: subxid to top-level xid; an aborted or ended subxid is removed. */
    private final ConcurrentHashMap<Long, Long> subtrans = new ConcurrentHashMap<>();
    private final ReentrantLock oidLock = new ReentrantLock();
    /** Guarded by oidLock. */
    private long nextOid = FIRST_NORMAL_OID;
    /** The oldest xmin standbys asked to keep (hot_standby_feedback), 0 if none: vacuum's horizon holds it. */
    private volatile java.util.function.LongSupplier replicationHorizon = () -> 0;

    public void setReplicationHorizon(java.util.function.LongSupplier horizon) {
        this.replicationHorizon = horizon;
    }

    /** A hot standby's backends with a registered snapshot, which replay may cancel. */
    private final ConcurrentHashMap<Long, osgres.storage.BackendProc> snapshotOwners = new ConcurrentHashMap<>();
    /** True while a standby replays: see {@link #setHotStandby}. */
    private volatile boolean hotStandby;
    /** Guarded by oidLock: OIDs left before the next NEXTOID record. */
    private int oidCount;

    /** An end-of-transaction action registered by {@code xid} (the top or one of its subtransactions). */
    private record EndAction(long xid, Runnable onCommit, Runnable onAbort) {
    }

    public TransactionManager(CommitLog clog, WalManager wal) {
        this.clog = clog;
        this.wal = wal;
        this.procArray = new ProcArray(FIRST_NORMAL_XID);
    }

    public CommitLog clog() {
        return clog;
    }

    @Override
    public long assignXid() {
        refuseDuringRecovery();
        return procArray.assign();
    }

    /** GetNewTransactionId's check: a hot standby's sessions never write (the xids are the primary's). */
    private void refuseDuringRecovery() {
        if (hotStandby) {
            throw osgres.api.PgException.error(osgres.api.SqlState.INTERNAL_ERROR,
                    "cannot assign TransactionIds during recovery");
        }
    }

    @Override
    public long assignSubXid(long topXid) {
        refuseDuringRecovery();
        long subxid = procArray.assign();
        subtrans.put(subxid, topXid);
        return subxid;
    }

    @Override
    public long topXid(long xid) {
        if (subtrans.isEmpty()) {
            return xid;
        }
        Long top = subtrans.get(xid);
        return top == null ? xid : top;
    }

    @Override
    public Snapshot takeSnapshot(long ownXid, int commandId) {
        return procArray.snapshot(ownXid, commandId);
    }

    @Override
    public void registerSnapshot(long backendId, long xmin) {
        procArray.registerSnapshot(backendId, xmin);
    }

    @Override
    public void registerSnapshot(long backendId, long xmin, osgres.storage.BackendProc proc) {
        procArray.registerSnapshot(backendId, xmin);
        if (hotStandby && proc != null) {
            snapshotOwners.put(backendId, proc);
        }
    }

    @Override
    public void unregisterSnapshot(long backendId) {
        procArray.unregisterSnapshot(backendId);
        snapshotOwners.remove(backendId);
    }

    /**
     * GetConflictingVirtualXIDs: the backends of a hot standby whose registered snapshot xmin is below
     * {@code horizon}, so they may need row versions a replayed record removes.
     */
    public java.util.List<osgres.storage.BackendProc> conflictingSnapshots(long horizon) {
        java.util.List<osgres.storage.BackendProc> conflicting = new ArrayList<>();
        procArray.forEachSnapshot((backendId, xmin) -> {
            osgres.storage.BackendProc proc = snapshotOwners.get(backendId);
            if (proc != null && xmin < horizon) {
                conflicting.add(proc);
            }
        });
        return conflicting;
    }

    @Override
    public Status status(long xid) {
        if (xid == INVALID_XID) {
            return Status.ABORTED;
        }
        if (xid < FIRST_NORMAL_XID) {
            return Status.COMMITTED; // bootstrap and frozen
        }
        // A decided status in CLOG is final (committed is set only after the commit record is durable): the
        // common case, a tuple's long-committed xmin, answers without a look at the proc array.
        int decided = clog.status(xid);
        if (decided == CommitLog.COMMITTED) {
            return Status.COMMITTED;
        }
        if (decided == CommitLog.ABORTED) {
            return Status.ABORTED;
        }
        // Still in progress there: the proc array before CLOG again. A commit sets CLOG before leaving the proc
        // array, so "not running" read first and "in progress" in CLOG after can only mean it never committed
        // (a crash, or it aborted).
        boolean isRunning = procArray.isRunning(xid);
        return switch (clog.status(xid)) {
            case CommitLog.COMMITTED -> Status.COMMITTED;
            case CommitLog.ABORTED -> Status.ABORTED;
            default -> isRunning || xid >= procArray.nextXid() ? Status.IN_PROGRESS : Status.ABORTED;
        };
    }

    @Override
    public void commit(long xid, long[] subxids, boolean synchronous) {
        commit(xid, subxids, synchronous, lsn -> { });
    }

    @Override
    public void commit(long xid, long[] subxids, boolean synchronous, java.util.function.LongConsumer beforeVisible) {
        if (xid == INVALID_XID) {
            return;
        }
        long end;
        checkpointDelay.readLock().lock();
        try {
            end = wal.insert(ResourceManagers.XACT, XACT_COMMIT, xid, record(subxids));
            // off means "the walwriter flushes it soon"; with no walwriter running the backend must do it itself
            if (synchronous || !wal.walWriterRunning()) {
                wal.flush(end);
            }
            // every bit is set before any of the xids leaves the proc array (finish), so snapshots see them all
            // committed at once; a status() call meanwhile answers in progress or committed, both true by now
            clog.setStatus(xid, CommitLog.COMMITTED);
            for (long subxid : subxids) {
                clog.setStatus(subxid, CommitLog.COMMITTED);
            }
        } finally {
            checkpointDelay.readLock().unlock();
        }
        try {
            beforeVisible.accept(end);
        } finally {
            finish(xid, subxids, true);
        }
    }

    @Override
    public void abort(long xid, long[] subxids) {
        if (xid == INVALID_XID) {
            return;
        }
        try {
            if (wal.isWritable()) {
                wal.insert(ResourceManagers.XACT, XACT_ABORT, xid, record(subxids));
            }
            for (long subxid : subxids) {
                clog.setStatus(subxid, CommitLog.ABORTED);
            }
            clog.setStatus(xid, CommitLog.ABORTED);
        } finally {
            finish(xid, subxids, false);
        }
    }

    @Override
    public void abortSubtransactions(long topXid, long[] subxids) {
        if (subxids.length == 0) {
            return;
        }
        try {
            if (wal.isWritable()) {
                wal.insert(ResourceManagers.XACT, XACT_ABORT, subxids[0],
                        record(Arrays.copyOfRange(subxids, 1, subxids.length)));
            }
            for (long subxid : subxids) {
                clog.setStatus(subxid, CommitLog.ABORTED);
            }
        } finally {
            // CLOG says aborted before the xids leave the proc array and pg_subtrans: nobody sees them committed
            procArray.removeAll(subxids);
            for (long subxid : subxids) {
                subtrans.remove(subxid);
            }
            List<EndAction> actions = endActions.get(topXid);
            if (actions != null) {
                List<EndAction> aborted = new ArrayList<>();
                synchronized (actions) {
                    for (Iterator<EndAction> it = actions.iterator(); it.hasNext(); ) {
                        EndAction a = it.next();
                        if (contains(subxids, a.xid())) {
                            aborted.add(a);
                            it.remove();
                        }
                    }
                }
                run(aborted.reversed(), false);
            }
        }
    }

    private static boolean contains(long[] xids, long x) {
        for (long y : xids) {
            if (y == x) {
                return true;
            }
        }
        return false;
    }

    private static byte[] record(long[] subxids) {
        return XactRecords.encode(System.currentTimeMillis(), subxids);
    }

    private void finish(long xid, long[] subxids, boolean committed) {
        if (subxids.length == 0) {
            procArray.remove(xid);
        } else {
            long[] all = Arrays.copyOf(subxids, subxids.length + 1);
            all[subxids.length] = xid;
            procArray.removeAll(all);
            for (long subxid : subxids) {
                subtrans.remove(subxid);
            }
        }
        List<EndAction> actions = endActions.remove(xid);
        if (actions != null) {
            run(actions, committed);
        }
    }

    private static void run(List<EndAction> actions, boolean committed) {
        RuntimeException failure = null;
        for (EndAction action : actions) {
            Runnable r = committed ? action.onCommit() : action.onAbort();
            if (r == null) {
                continue;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public long oldestXmin() {
        long oldest = procArray.oldestXmin();
        long replication = replicationHorizon.getAsLong();
        return replication != 0 && replication < oldest ? replication : oldest;
    }

    @Override
    public int nextOid() {
        oidLock.lock();
        try {
            if (nextOid < FIRST_NORMAL_OID || nextOid > 0xFFFFFFFFL) {
                nextOid = FIRST_NORMAL_OID; // wraparound, as GetNewObjectId skips the system range
                oidCount = 0;
            }
            if (oidCount == 0) {
                wal.insert(ResourceManagers.XLOG, XlogRecords.NEXTOID, 0,
                        XlogRecords.encodeNextOid(nextOid + OID_PREFETCH));
                oidCount = OID_PREFETCH;
            }
            oidCount--;
            return (int) nextOid++;
        } finally {
            oidLock.unlock();
        }
    }

    @Override
    public void atEndOfTransaction(long xid, Runnable onCommit, Runnable onAbort) {
        endActions.computeIfAbsent(topXid(xid), x -> Collections.synchronizedList(new ArrayList<>()))
                .add(new EndAction(xid, onCommit, onAbort));
    }

    // --- for checkpoints and recovery ---

    /**
     * Waits until every commit that is between inserting its record and setting its CLOG bit has finished
     * (the checkpoint calls this after choosing its redo point).
     */
    public void waitForCommitsInProgress() {
        checkpointDelay.writeLock().lock();
        checkpointDelay.writeLock().unlock();
    }

    @Override
    public long nextXid() {
        return procArray.nextXid();
    }

    /** The next OID a checkpoint records: for an online checkpoint, past every OID possibly handed out. */
    public long nextOidForCheckpoint(boolean shutdown) {
        oidLock.lock();
        try {
            return shutdown ? nextOid : nextOid + oidCount;
        } finally {
            oidLock.unlock();
        }
    }

    /** Recovery: the counters a checkpoint record (or the WAL after it) proves are used. */
    public void restoreCounters(long nextXid, long restoredNextOid) {
        procArray.advanceNextXid(Math.max(nextXid, FIRST_NORMAL_XID));
        oidLock.lock();
        try {
            nextOid = restoredNextOid;
            oidCount = 0;
        } finally {
            oidLock.unlock();
        }
    }

    /** NEXTOID redo: OIDs below {@code value} may have been handed out before the crash. */
    public void redoNextOid(long value) {
        oidLock.lock();
        try {
            nextOid = value;
            oidCount = 0;
        } finally {
            oidLock.unlock();
        }
    }

    /** Recovery: a record of transaction {@code xid} exists, so xids up to it are used. */
    public void observeXid(long xid) {
        if (xid >= FIRST_NORMAL_XID && xid >= procArray.nextXid()) {
            if (hotStandby) {
                procArray.observeRunning(xid);
            } else {
                procArray.advanceNextXid(xid + 1);
            }
        }
    }

    /**
     * Standby mode begins (true: replayed xids count as running until their commit or abort record, and nothing
     * may assign an xid) or ends with a promotion (false: what was still running never finishes, it aborted).
     */
    public void setHotStandby(boolean on) {
        hotStandby = on;
        if (!on) {
            procArray.forgetRunning();
        }
    }

    public boolean hotStandby() {
        return hotStandby;
    }

    /**
     * xact_redo: commit and abort records set the CLOG bits again, of the record's xid and of the subtransactions it
     * lists (a subxid that wrote nothing has no other record, so the xid counter moves past them here too).
     */
    public RedoHandler xactRedo() {
        return (WalRecord record, RedoHandler.RedoPages pages) -> {
            int status = switch (record.info()) {
                case XACT_COMMIT -> CommitLog.COMMITTED;
                case XACT_ABORT -> CommitLog.ABORTED;
                default -> throw new IllegalStateException("xact_redo: unknown op code " + record.info());
            };
            long[] subxids = XactRecords.subxids(record.data());
            for (long subxid : subxids) {
                observeXid(subxid);
                clog.setStatus(subxid, status);
            }
            clog.setStatus(record.xid(), status);
            if (hotStandby) {
                // after CLOG, as ProcArrayEndTransaction: a snapshot never sees it neither running nor committed
                long[] all = Arrays.copyOf(subxids, subxids.length + 1);
                all[subxids.length] = record.xid();
                procArray.removeAll(all);
            }
        };
    }
}
