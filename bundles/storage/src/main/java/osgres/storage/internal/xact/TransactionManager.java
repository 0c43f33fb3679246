package osgres.storage.internal.xact;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
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
 * Not here: subtransactions, two-phase commit, xid wraparound (xids are 64-bit).
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
    private final ReentrantLock oidLock = new ReentrantLock();
    /** Guarded by oidLock. */
    private long nextOid = FIRST_NORMAL_OID;
    /** Guarded by oidLock: OIDs left before the next NEXTOID record. */
    private int oidCount;

    private record EndAction(Runnable onCommit, Runnable onAbort) {
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
        return procArray.assign();
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
    public void unregisterSnapshot(long backendId) {
        procArray.unregisterSnapshot(backendId);
    }

    @Override
    public Status status(long xid) {
        if (xid == INVALID_XID) {
            return Status.ABORTED;
        }
        if (xid < FIRST_NORMAL_XID) {
            return Status.COMMITTED; // bootstrap and frozen
        }
        // The proc array before CLOG: a commit sets CLOG before leaving the proc array, so "not running" read
        // first and "in progress" in CLOG after can only mean it never committed (a crash, or it aborted).
        boolean isRunning = procArray.isRunning(xid);
        return switch (clog.status(xid)) {
            case CommitLog.COMMITTED -> Status.COMMITTED;
            case CommitLog.ABORTED -> Status.ABORTED;
            default -> isRunning || xid >= procArray.nextXid() ? Status.IN_PROGRESS : Status.ABORTED;
        };
    }

    @Override
    public void commit(long xid, boolean synchronous) {
        if (xid == INVALID_XID) {
            return;
        }
        checkpointDelay.readLock().lock();
        try {
            long end = wal.insert(ResourceManagers.XACT, XACT_COMMIT, xid, timestamp());
            // off means "the walwriter flushes it soon"; with no walwriter running the backend must do it itself
            if (synchronous || !wal.walWriterRunning()) {
                wal.flush(end);
            }
            clog.setStatus(xid, CommitLog.COMMITTED);
        } finally {
            checkpointDelay.readLock().unlock();
        }
        finish(xid, true);
    }

    @Override
    public void abort(long xid) {
        if (xid == INVALID_XID) {
            return;
        }
        try {
            if (wal.isWritable()) {
                wal.insert(ResourceManagers.XACT, XACT_ABORT, xid, timestamp());
            }
            clog.setStatus(xid, CommitLog.ABORTED);
        } finally {
            finish(xid, false);
        }
    }

    private void finish(long xid, boolean committed) {
        procArray.remove(xid);
        List<EndAction> actions = endActions.remove(xid);
        if (actions == null) {
            return;
        }
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

    private static byte[] timestamp() {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(System.currentTimeMillis()).array();
    }

    @Override
    public long oldestXmin() {
        return procArray.oldestXmin();
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
        endActions.computeIfAbsent(xid, x -> Collections.synchronizedList(new ArrayList<>()))
                .add(new EndAction(onCommit, onAbort));
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
            procArray.advanceNextXid(xid + 1);
        }
    }

    /** xact_redo: commit and abort records set the CLOG bits again. */
    public RedoHandler xactRedo() {
        return (WalRecord record, RedoHandler.RedoPages pages) -> {
            switch (record.info()) {
                case XACT_COMMIT -> clog.setStatus(record.xid(), CommitLog.COMMITTED);
                case XACT_ABORT -> clog.setStatus(record.xid(), CommitLog.ABORTED);
                default -> throw new IllegalStateException("xact_redo: unknown op code " + record.info());
            }
        };
    }
}
