package osgres.storage.internal.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.stats.TransactionCounts;

/**
 * One open savepoint level of a transaction (a TransactionStateData below xact.c's top level): the subtransaction
 * id it writes with, assigned on its first write as PostgreSQL assigns subxids lazily; the xids it answers for (its
 * own and those of the levels released into it, as AtSubCommit_childXids hands them up); and what ROLLBACK TO
 * brings back: the lock log mark, the transaction's relation-lock cache, its catalog overlay and its table counts
 * as they were when the level started.
 *
 * <p>States of a level, as xact.c's TBLOCK_SUBINPROGRESS and its ends:
 * <pre>
 *   open (no xid)  --first write-->  open (subxid assigned, its xid lock held)
 *   open           --RELEASE------>  gone; its xids, locks and end actions now the parent's
 *   open           --ROLLBACK TO-->  gone; its xids aborted (CLOG, WAL), its locks released, overlay restored
 * </pre>
 * Used by the owning transaction's thread only.
 */
final class Subtransaction {
    private long subxid;
    private long[] xids = new long[0];
    /** The lock manager's log position when the level started (see {@code LockManager#releaseSince}). */
    final int lockMark;
    final int[] lockedOids;
    final int[] lockedModes;
    final int lockedCount;
    /** A copy of the catalog overlay at the start, or null when the transaction had none. */
    private final Map<Integer, RelationEntry> overlay;
    /** A copy of the transaction's table counts at the start, or null when it had counted nothing. */
    final TransactionCounts countsAtStart;

    Subtransaction(int lockMark, int[] lockedOids, int[] lockedModes, int lockedCount,
                   Map<Integer, RelationEntry> overlay, TransactionCounts counts) {
        this.lockMark = lockMark;
        this.lockedOids = Arrays.copyOf(lockedOids, lockedCount);
        this.lockedModes = Arrays.copyOf(lockedModes, lockedCount);
        this.lockedCount = lockedCount;
        this.overlay = overlay == null ? null : new HashMap<>(overlay);
        this.countsAtStart = counts == null ? null : counts.copy();
    }

    /** The level's own subtransaction id, 0 until it writes. */
    long subxid() {
        return subxid;
    }

    void assigned(long newSubxid) {
        subxid = newSubxid;
        adopt(new long[] {newSubxid});
    }

    /** The level's xids: its own and those of released levels below it. */
    long[] xids() {
        return xids;
    }

    /** RELEASE of a level below: its xids become this level's. */
    void adopt(long[] childXids) {
        if (childXids.length == 0) {
            return;
        }
        long[] merged = Arrays.copyOf(xids, xids.length + childXids.length);
        System.arraycopy(childXids, 0, merged, xids.length, childXids.length);
        xids = merged;
    }

    /** The catalog overlay to go back to (a fresh copy, so the level can be rolled back to twice). */
    Map<Integer, RelationEntry> overlayAtStart() {
        return overlay == null ? null : new HashMap<>(overlay);
    }
}
