package osgres.storage.internal.heap;

import java.lang.foreign.MemorySegment;

import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.TransactionCore.Status;

/**
 * Tuple visibility (heapam_visibility.c): HeapTupleSatisfiesMVCC for snapshots, a dirty look for unique checks
 * (HeapTupleSatisfiesDirty), and HeapTupleSatisfiesVacuum's "dead to everyone" for pruning. xids below 3 are
 * bootstrap / frozen and count as committed. No hint bits are set: with asynchronous commit a hint could reach
 * disk before the commit record does, so every check asks the CLOG. A transaction's own rows are those of its top-level
 * xid and of its subtransactions not rolled back ({@link #own}); a rolled-back subtransaction's xid is aborted in CLOG
 * at once, so its rows are invisible (and dead to VACUUM) while its top-level transaction still runs.
 */
public final class Visibility {
    private static final long FIRST_NORMAL_XID = 3;

    private final TransactionCore transactions;

    public Visibility(TransactionCore transactions) {
        this.transactions = transactions;
    }

    /**
     * TransactionIdIsCurrentTransactionId for the transaction whose top-level xid is {@code ownXid} (0: none yet):
     * its own xid or a subtransaction of it not rolled back. Every "own" test below goes through here.
     */
    private boolean own(long xid, long ownXid) {
        return transactions.isCurrentTransaction(xid, ownXid);
    }

    /** True if {@code xid} belongs to the same running transaction as {@code writerXid} (a top xid or a subxid). */
    public boolean sameTransaction(long xid, long writerXid) {
        return xid == writerXid || own(xid, transactions.topXid(writerXid));
    }

    private boolean committed(long xid) {
        return xid < FIRST_NORMAL_XID || transactions.status(xid) == Status.COMMITTED;
    }

    /**
     * HeapTupleSatisfiesMVCC: visible to {@code snapshot} of the transaction {@code ownXid} (0 if it has none yet),
     * whose own changes count from commands before {@code snapshot.commandId()}.
     */
    public boolean satisfiesMvcc(MemorySegment p, long t, Snapshot snapshot, long ownXid) {
        int infomask = HeapPage.infomask(p, t);
        if ((infomask & HeapPage.XMIN_INVALID) != 0) {
            return false;
        }
        long xmin = HeapPage.xmin(p, t);
        long xmax = HeapPage.xmax(p, t);
        int curcid = snapshot.commandId();
        if (own(xmin, ownXid)) {
            if (HeapPage.cmin(p, t) >= curcid) {
                return false;
            }
            if (xmax == 0) {
                return true;
            }
            if (own(xmax, ownXid)) {
                return HeapPage.cmax(p, t) >= curcid;
            }
            return true; // deleted by a subtransaction that rolled back
        }
        if (xmin >= FIRST_NORMAL_XID && (snapshot.isRunning(xmin) || !committed(xmin))) {
            return false;
        }
        if (xmax == 0) {
            return true;
        }
        if (own(xmax, ownXid)) {
            return HeapPage.cmax(p, t) >= curcid;
        }
        if (snapshot.isRunning(xmax)) {
            return true;
        }
        return !committed(xmax);
    }

    /** What a dirty look (unique check) makes of a tuple. */
    public enum Dirty { LIVE, DEAD, INSERT_IN_PROGRESS, DELETE_IN_PROGRESS }

    /** HeapTupleSatisfiesDirty: live means inserted (by a committed or our own transaction) and not deleted. */
    public Dirty satisfiesDirty(MemorySegment p, long t, long ownXid) {
        if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0) {
            return Dirty.DEAD;
        }
        long xmin = HeapPage.xmin(p, t);
        if (xmin >= FIRST_NORMAL_XID && !own(xmin, ownXid)) {
            Status s = transactions.status(xmin);
            if (s == Status.ABORTED) {
                return Dirty.DEAD;
            }
            if (s == Status.IN_PROGRESS) {
                return Dirty.INSERT_IN_PROGRESS;
            }
        }
        long xmax = HeapPage.xmax(p, t);
        if (xmax == 0) {
            return Dirty.LIVE;
        }
        if (own(xmax, ownXid)) {
            return Dirty.DEAD;
        }
        return switch (transactions.status(xmax)) {
            case ABORTED -> Dirty.LIVE;
            case IN_PROGRESS -> Dirty.DELETE_IN_PROGRESS;
            case COMMITTED -> Dirty.DEAD;
        };
    }

    /**
     * HeapTupleSatisfiesVacuum reduced to one question: can no transaction, running or future, ever see this tuple
     * (its inserter aborted, or its deleter committed before {@code oldestXmin})?
     */
    public boolean deadToAll(MemorySegment p, long t, long oldestXmin) {
        if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0) {
            return true;
        }
        long xmin = HeapPage.xmin(p, t);
        if (xmin >= FIRST_NORMAL_XID) {
            Status s = transactions.status(xmin);
            if (s == Status.ABORTED) {
                return true;
            }
            if (s == Status.IN_PROGRESS) {
                return false;
            }
        }
        long xmax = HeapPage.xmax(p, t);
        return xmax != 0 && xmax < oldestXmin && committed(xmax);
    }

    /**
     * The catalog's look when loading its cache (no transaction running in that database yet): inserted by a
     * committed transaction and not deleted by one.
     */
    public boolean committedLive(MemorySegment p, long t) {
        if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0 || !committed(HeapPage.xmin(p, t))) {
            return false;
        }
        long xmax = HeapPage.xmax(p, t);
        return xmax == 0 || !committed(xmax);
    }

    /** True if {@code xid} committed (bootstrap and frozen xids included). */
    public boolean isCommitted(long xid) {
        return committed(xid);
    }

    public Status status(long xid) {
        return xid < FIRST_NORMAL_XID ? Status.COMMITTED : transactions.status(xid);
    }
}
