package osgres.storage.internal.heap;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.Tid;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.TransactionCore.Status;
import osgres.storage.internal.core.Wal;

/**
 * The heap access method (heapam.c, pruneheap.c, the heap part of vacuumlazy.c): insert, update, delete, fetch
 * through HOT chains, and page pruning over the shared buffers, each change WAL-logged through
 * {@link HeapRecords}.
 *
 * <p>A writer that finds xmax set by a running transaction takes the tuple lock (queue position), waits for that
 * transaction's xid lock with no page lock held, then looks again. Row locks without an update (SELECT FOR
 * UPDATE / SHARE, {@link #lockRow}) are heavyweight tuple locks held to transaction end rather than xmax bits
 * and MultiXacts: a writer takes the tuple lock first whenever {@link TupleLocks#mayHaveRowLocks()} (read under
 * the page lock, after the locker announced itself) says the relation may have some. HOT: an update that changes no
 * indexed column and fits on the old version's page makes a heap-only tuple that index scans reach through the
 * chain's root, so the indexes get no new entry. Pruning (on an update that finds its page full, and in VACUUM)
 * removes chain members dead to everyone, turning roots into redirects or dead line pointers; only VACUUM, after
 * removing their index entries, frees dead line pointers. Tuple bytes are only ever read under the buffer's
 * content lock, so compaction under the exclusive lock needs no cleanup lock.
 *
 * <p>Where a new tuple goes (RelationGetBufferForTuple): the relation's target block, else a block its
 * {@link osgres.storage.internal.fsm.FreeSpaceMap} says has room for the tuple plus the fillfactor's reserve, else
 * a new block at the end. A block found too full is recorded in the map with what it has, so the map's answers
 * improve as they are used. VACUUM records every page it visits, sequential scans every page they read, and an
 * update that must leave its page (also after pruning it) records that page.
 *
 * <p>Lock order: two heap pages are locked together only by an update moving a row to another page, lower block
 * first, except that a page fresh from extension (which nobody else can be waiting for) may be locked first.
 * No heap page lock is held while taking a B-tree lock. The free space map's monitor is taken with or without a
 * page lock held, and nothing is locked under it.
 *
 * <p>Not done: freezing, visibility map, free space map on disk (it is rebuilt in memory, see its header),
 * truncating empty pages at the end of a relation in VACUUM; an UPDATE always locks as FOR NO KEY UPDATE and a row
 * locker waits for any running updater, whatever strengths (no MultiXacts). TOAST lives above this class (the
 * toast package): it hands in tuples already toasted and detoasts what it reads.
 */
public final class HeapAccess {
    private final BufferPool buffers;
    private final Wal wal;
    private final TransactionCore transactions;
    private final Visibility visibility;
    private final Map<RelFile, HeapRelation> relations = new ConcurrentHashMap<>();

    public HeapAccess(BufferPool buffers, Wal wal, TransactionCore transactions) {
        this.buffers = buffers;
        this.wal = wal;
        this.transactions = transactions;
        this.visibility = new Visibility(transactions);
    }

    public Visibility visibility() {
        return visibility;
    }

    public BufferPool buffers() {
        return buffers;
    }

    public HeapRelation relation(RelFile file) {
        return relations.computeIfAbsent(file, HeapRelation::new);
    }

    /** Forgets in-memory state of a dropped or truncated relation file. */
    public void forget(RelFile file) {
        relations.remove(file);
    }

    // ---- insert ---------------------------------------------------------------------------------------

    /** heap_insert: stores a new tuple of {@code xid} / {@code cid} and returns its address. */
    public Tid insert(RelFile file, int fillfactor, long xid, int cid, int natts, byte[] data) {
        byte[] tuple = HeapPage.buildTuple(xid, cid, 0, natts, data);
        checkSize(tuple);
        HeapRelation rel = relation(file);
        int needed = spaceNeeded(tuple.length, fillfactor);
        int block = candidateBlock(rel, needed);
        while (true) {
            if (block >= 0) {
                int free;
                PageBuffer buf = buffers.read(file, block);
                try {
                    buf.lockExclusive();
                    MemorySegment p = buf.page();
                    if (HeapPage.isNew(p)) {
                        HeapPage.init(p);
                    }
                    if (hasRoom(p, tuple.length, needed)) {
                        Tid tid = placeTuple(buf, tuple, xid);
                        useAsTarget(rel, block);
                        return tid;
                    }
                    free = HeapPage.freeSpace(p);
                } finally {
                    buf.close();
                }
                block = nextCandidate(rel, block, free, needed);
                continue;
            }
            Tid tid = insertIntoNewPage(rel, tuple, xid);
            if (tid != null) {
                return tid;
            }
            block = candidateBlock(rel, needed);
        }
    }

    /**
     * The free space a new tuple of {@code length} bytes needs on a page that is not empty: the tuple plus what
     * the fillfactor keeps free, but never more than an empty page has (RelationGetBufferForTuple's
     * targetFreeSpace), so that {@link #hasRoom} and the free space map agree on every page.
     */
    private static int spaceNeeded(int length, int fillfactor) {
        int ff = fillfactor <= 0 ? 100 : Math.min(100, fillfactor);
        int saveFreeSpace = Page.SIZE * (100 - ff) / 100;
        return Math.max(length, Math.min(length + saveFreeSpace, HeapPage.MAX_TUPLE));
    }

    /**
     * A tuple of {@code length} bytes may go on the page: it fits and leaves the fillfactor's share free, or the
     * page has no line pointers at all (a tuple is never refused by an empty page). A page refused here has less
     * than {@code needed} free, which {@link #nextCandidate} relies on.
     */
    private static boolean hasRoom(MemorySegment p, int length, int needed) {
        return HeapPage.fits(p, length) && (HeapPage.maxOffset(p) == 0 || HeapPage.freeSpace(p) >= needed);
    }

    private static void checkSize(byte[] tuple) {
        if (tuple.length > HeapPage.MAX_TUPLE) {
            throw StorageMessages.rowTooBig(tuple.length, HeapPage.MAX_TUPLE);
        }
    }

    /**
     * The block to try first (RelationGetBufferForTuple): the current target, else a block the free space map
     * knows to have {@code needed} bytes, else (nothing known yet) the last block; -1 to extend the relation.
     */
    private int candidateBlock(HeapRelation rel, int needed) {
        int target = rel.targetBlock;
        if (target >= 0) {
            return target;
        }
        int free = existing(rel, rel.freeSpace.find(needed));
        if (free >= 0 || target == HeapRelation.EXTEND) {
            return free;
        }
        // Read under the extension lock: between an extender's smgrextend and its pin of the new page, the page
        // counts but is not yet in a buffer; an inserter that read it then would initialise it in a buffer of its
        // own, which the extender's zero-filled buffer then overwrites, losing the inserter's committed tuple.
        int count;
        rel.extensionLock.lock();
        try {
            count = buffers.blockCount(rel.file);
        } finally {
            rel.extensionLock.unlock();
        }
        if (count > 0) {
            rel.targetBlock = count - 1;
            return count - 1;
        }
        return -1;
    }

    /**
     * {@code block} has only {@code free} bytes, fewer than {@code needed}: records that in the free space map,
     * stops using the block as the target, and returns the next block to try (-1: extend). The map never returns
     * a block just recorded as too small for the same request, so a caller looping over this ends.
     */
    private int nextCandidate(HeapRelation rel, int block, int free, int needed) {
        if (rel.targetBlock == block) {
            rel.targetBlock = HeapRelation.EXTEND;
        }
        return existing(rel, rel.freeSpace.recordAndFind(block, free, needed));
    }

    /** A block from the free space map, or -1 if it is past the end of the relation (the map is only a hint). */
    private int existing(HeapRelation rel, int block) {
        return block >= 0 && block < buffers.blockCount(rel.file) ? block : -1;
    }

    /** Makes a block that just took a tuple the target of the next inserts (a plain write only when it changes). */
    private static void useAsTarget(HeapRelation rel, int block) {
        if (rel.targetBlock != block) {
            rel.targetBlock = block;
        }
    }

    /**
     * Extends the relation by one page and inserts there, unless another inserter set a target since this one
     * found none (it extended, or found room through the map): then returns null and the caller tries that page.
     */
    private Tid insertIntoNewPage(HeapRelation rel, byte[] tuple, long xid) {
        rel.extensionLock.lock();
        try {
            if (rel.targetBlock >= 0) {
                return null;
            }
            PageBuffer buf = buffers.extend(rel.file);
            try {
                HeapPage.init(buf.page());
                Tid tid = placeTuple(buf, tuple, xid);
                rel.targetBlock = buf.block();
                return tid;
            } finally {
                buf.close();
            }
        } finally {
            rel.extensionLock.unlock();
        }
    }

    /** Adds the tuple to an exclusively locked page with room and logs it. */
    private Tid placeTuple(PageBuffer buf, byte[] tuple, long xid) {
        MemorySegment p = buf.page();
        int offset = HeapPage.nextOffset(p);
        HeapRecords.applyInsert(p, buf.block(), offset, tuple);
        buf.markDirty();
        wal.insert(ResourceManagers.HEAP, HeapRecords.INSERT, xid, HeapRecords.insertRecord(offset, tuple), buf);
        return new Tid(buf.block(), offset);
    }

    // ---- update / delete --------------------------------------------------------------------------------

    /** Decides, looking at the old version's bytes, whether an update may be HOT (no indexed column changes). */
    @FunctionalInterface
    public interface HotCheck {
        boolean indexedColumnsUnchanged(MemorySegment page, long tuple);
    }

    /**
     * heap_update of the version at {@code tid} (visible to the caller's snapshot). Waits for a running writer of
     * the row; a committed one is 40001 under REPEATABLE READ, else {@link HeapOutcome.Moved} or
     * {@link HeapOutcome.Gone}. {@code catalogWrite} lets a transaction rewrite a version it changed in the same
     * command (catalog rows, which DDL rewrites several times per statement). The new version stays on the old
     * one's page if it fits there (whatever the fillfactor, as heap_update); on another page it leaves the
     * {@code fillfactor}'s share free, as an insert does.
     */
    public HeapOutcome update(RelFile file, int fillfactor, Tid tid, long xid, int cid, boolean repeatableRead,
                              RowFormat format, int natts, byte[] data, HotCheck hotCheck, boolean catalogWrite,
                              TupleLocks locks) {
        byte[] tuple = HeapPage.buildTuple(xid, cid, HeapPage.UPDATED, natts, data);
        checkSize(tuple);
        boolean tupleLocked = false;
        try {
            while (true) {
                PageBuffer buf = buffers.read(file, tid.block());
                boolean closed = false;
                try {
                    buf.lockExclusive();
                    MemorySegment p = buf.page();
                    Conflict c = checkWritable(p, tid.block(), tid.offset(), xid, catalogWrite);
                    if (c.kind == Conflict.NONE && !tupleLocked && locks.mayHaveRowLocks()) {
                        c = ROW_LOCKS_POSSIBLE;
                    }
                    if (c.kind != Conflict.NONE) {
                        buf.close();
                        closed = true;
                        if (!tupleLocked && (c.kind == Conflict.WAIT || c == ROW_LOCKS_POSSIBLE)) {
                            locks.lockTuple(tid, RowLockStrength.NO_KEY_UPDATE, LockWaitPolicy.BLOCK);
                            tupleLocked = true;
                        }
                        HeapOutcome outcome = resolveConflict(c, file, tid, format, repeatableRead, locks);
                        if (outcome == null) {
                            continue;
                        }
                        return outcome;
                    }
                    long t = HeapPage.tuple(p, tid.offset());
                    boolean hot = hotCheck != null && hotCheck.indexedColumnsUnchanged(p, t);
                    if (!HeapPage.fits(p, tuple.length) && prune(buf, transactions.oldestXmin(), false)) {
                        t = HeapPage.tuple(p, tid.offset());
                    }
                    if (HeapPage.fits(p, tuple.length)) {
                        return updateOnPage(buf, tid.offset(), xid, cid, tuple, hot);
                    }
                    long seenXmax = HeapPage.xmax(p, t);
                    int oldFree = HeapPage.freeSpace(p);
                    buf.close();
                    closed = true;
                    HeapOutcome outcome = updateToOtherPage(file, tid, seenXmax, oldFree,
                            spaceNeeded(tuple.length, fillfactor), xid, cid, tuple);
                    if (outcome != null) {
                        return outcome;
                    }
                } finally {
                    if (!closed) {
                        buf.close();
                    }
                }
            }
        } finally {
            if (tupleLocked) {
                locks.unlockTuple(tid, RowLockStrength.NO_KEY_UPDATE);
            }
        }
    }

    private HeapOutcome updateOnPage(PageBuffer buf, int oldOffset, long xid, int cid, byte[] tuple, boolean hot) {
        MemorySegment p = buf.page();
        if (hot) {
            LittleEndian.putU16(MemorySegment.ofArray(tuple), HeapPage.T_INFOMASK,
                    HeapPage.UPDATED | HeapPage.HEAP_ONLY);
        }
        int newOffset = HeapPage.nextOffset(p);
        long t = HeapPage.tuple(p, oldOffset);
        int oldInfomask = (HeapPage.infomask(p, t) & ~HeapPage.HOT_UPDATED) | (hot ? HeapPage.HOT_UPDATED : 0);
        HeapRecords.applyInsert(p, buf.block(), newOffset, tuple);
        HeapRecords.applyXmax(p, oldOffset, xid, cid, buf.block(), newOffset, oldInfomask);
        buf.markDirty();
        wal.insert(ResourceManagers.HEAP, HeapRecords.UPDATE, xid,
                HeapRecords.updateRecord(oldOffset, newOffset, true, xid, cid, oldInfomask, tuple), buf);
        return new HeapOutcome.Done(new Tid(buf.block(), newOffset), hot);
    }

    /**
     * Moves the new version to another page. The old page is unlocked while the target is found, so the old
     * version is checked again (same xmax as seen) once both are locked; returns null to start over if it changed.
     */
    private HeapOutcome updateToOtherPage(RelFile file, Tid tid, long seenXmax, int oldFree, int needed, long xid,
                                          int cid, byte[] tuple) {
        HeapRelation rel = relation(file);
        // the old page is too full for the new version (also after pruning): the map should know
        rel.freeSpace.record(tid.block(), oldFree);
        int candidate = otherThan(rel, tid.block(), oldFree, needed, candidateBlock(rel, needed));
        PageBuffer target = null;
        PageBuffer old = null;
        try {
            while (candidate >= 0) {
                target = buffers.read(file, candidate);
                old = buffers.read(file, tid.block());
                if (candidate < tid.block()) {
                    target.lockExclusive();
                    old.lockExclusive();
                } else {
                    old.lockExclusive();
                    target.lockExclusive();
                }
                MemorySegment tp = target.page();
                if (HeapPage.isNew(tp)) {
                    HeapPage.init(tp);
                }
                if (hasRoom(tp, tuple.length, needed)) {
                    useAsTarget(rel, candidate);
                    break;
                }
                int free = HeapPage.freeSpace(tp);
                target.close();
                target = null;
                old.close();
                old = null;
                candidate = otherThan(rel, tid.block(), oldFree, needed, nextCandidate(rel, candidate, free, needed));
            }
            if (target == null) {
                // Buffer locks go in block order, and the new page is the highest: the old page first. The new
                // page becomes the relation's target below, so another updater can wait for it (holding its own
                // old page) as soon as it exists: locking the old page after it deadlocked two TPC-B updaters.
                old = buffers.read(file, tid.block());
                old.lockExclusive();
                rel.extensionLock.lock();
                try {
                    target = buffers.extend(file);
                    HeapPage.init(target.page());
                    rel.targetBlock = target.block();
                } finally {
                    rel.extensionLock.unlock();
                }
            }
            MemorySegment op = old.page();
            if (!HeapPage.isNormal(op, tid.offset())
                    || HeapPage.xmax(op, HeapPage.tuple(op, tid.offset())) != seenXmax) {
                return null;
            }
            MemorySegment tp = target.page();
            int newOffset = HeapPage.nextOffset(tp);
            long t = HeapPage.tuple(op, tid.offset());
            int oldInfomask = HeapPage.infomask(op, t) & ~HeapPage.HOT_UPDATED;
            HeapRecords.applyInsert(tp, target.block(), newOffset, tuple);
            HeapRecords.applyXmax(op, tid.offset(), xid, cid, target.block(), newOffset, oldInfomask);
            target.markDirty();
            old.markDirty();
            wal.insert(ResourceManagers.HEAP, HeapRecords.UPDATE, xid,
                    HeapRecords.updateRecord(tid.offset(), newOffset, false, xid, cid, oldInfomask, tuple),
                    target, old);
            return new HeapOutcome.Done(new Tid(target.block(), newOffset), false);
        } finally {
            if (old != null) {
                old.close();
            }
            if (target != null) {
                target.close();
            }
        }
    }

    /**
     * {@code candidate}, unless it is the old version's page (a stale target or map entry: that page was just
     * found too full): then the next candidate, or -1 (extend) if the map offers that page once more.
     */
    private int otherThan(HeapRelation rel, int oldBlock, int oldFree, int needed, int candidate) {
        if (candidate != oldBlock) {
            return candidate;
        }
        int next = nextCandidate(rel, oldBlock, oldFree, needed);
        return next == oldBlock ? -1 : next;
    }

    /** heap_delete: sets xmax on the version at {@code tid}; conflicts as for {@link #update}. */
    public HeapOutcome delete(RelFile file, Tid tid, long xid, int cid, boolean repeatableRead, RowFormat format,
                              boolean catalogWrite, TupleLocks locks) {
        return delete(file, tid, xid, cid, repeatableRead, format, catalogWrite, locks, false);
    }

    /**
     * heap_delete; {@code movedPartitions} (changingPart) marks the version's t_ctid as moved to another
     * partition, so a concurrent writer that waited for it fails instead of losing the row (40001).
     */
    public HeapOutcome delete(RelFile file, Tid tid, long xid, int cid, boolean repeatableRead, RowFormat format,
                              boolean catalogWrite, TupleLocks locks, boolean movedPartitions) {
        boolean tupleLocked = false;
        try {
            while (true) {
                PageBuffer buf = buffers.read(file, tid.block());
                try {
                    buf.lockExclusive();
                    MemorySegment p = buf.page();
                    Conflict c = checkWritable(p, tid.block(), tid.offset(), xid, catalogWrite);
                    if (c.kind == Conflict.NONE && (tupleLocked || !locks.mayHaveRowLocks())) {
                        long t = HeapPage.tuple(p, tid.offset());
                        int infomask = HeapPage.infomask(p, t) & ~HeapPage.HOT_UPDATED;
                        HeapRecords.applyXmax(p, tid.offset(), xid, cid,
                                movedPartitions ? HeapPage.MOVED_PARTITIONS_BLOCK : tid.block(),
                                movedPartitions ? HeapPage.MOVED_PARTITIONS_OFFSET : tid.offset(), infomask);
                        buf.markDirty();
                        wal.insert(ResourceManagers.HEAP, HeapRecords.DELETE, xid,
                                HeapRecords.deleteRecord(tid.offset(), xid, cid, infomask, movedPartitions), buf);
                        return new HeapOutcome.Done(tid, false);
                    }
                } finally {
                    buf.close();
                }
                // The page is unlocked here: waiting or following the chain must not hold it.
                if (!tupleLocked) {
                    locks.lockTuple(tid, RowLockStrength.UPDATE, LockWaitPolicy.BLOCK);
                    tupleLocked = true;
                }
                Conflict c = recheck(file, tid, xid, catalogWrite);
                if (c == null) {
                    continue;
                }
                HeapOutcome outcome = resolveConflict(c, file, tid, format, repeatableRead, locks);
                if (outcome != null) {
                    return outcome;
                }
            }
        } finally {
            if (tupleLocked) {
                locks.unlockTuple(tid, RowLockStrength.UPDATE);
            }
        }
    }

    /**
     * heap_lock_tuple for SELECT FOR UPDATE / SHARE: takes the tuple lock of {@code strength} (held to transaction
     * end), then makes sure no running transaction has updated or deleted the version: waits for it (or skips /
     * fails per {@code policy}). Returns Done (locked), Moved (a committed update: the caller re-checks its quals
     * on the newest version and locks that one), Gone (deleted), or null when SKIP LOCKED leaves the row out.
     */
    public HeapOutcome lockRow(RelFile file, Tid tid, long xid, RowLockStrength strength, LockWaitPolicy policy,
                               boolean repeatableRead, RowFormat format, TupleLocks locks) {
        locks.noteRowLocks();
        if (!locks.lockTuple(tid, strength, policy)) {
            return null;
        }
        while (true) {
            Conflict c;
            try (PageBuffer buf = buffers.read(file, tid.block())) {
                buf.lockShared();
                c = checkWritable(buf.page(), tid.block(), tid.offset(), xid, false);
            }
            switch (c.kind) {
                case Conflict.NONE -> {
                    return new HeapOutcome.Done(tid, false);
                }
                case Conflict.WAIT -> {
                    if (policy == LockWaitPolicy.BLOCK) {
                        locks.waitForTransaction(c.xmax);
                    } else if (!locks.transactionEnded(c.xmax)) {
                        locks.unlockTuple(tid, strength);
                        return null;
                    }
                }
                default -> {
                    return resolveConflict(c, file, tid, format, repeatableRead, locks);
                }
            }
        }
    }

    private Conflict recheck(RelFile file, Tid tid, long xid, boolean catalogWrite) {
        try (PageBuffer buf = buffers.read(file, tid.block())) {
            buf.lockShared();
            Conflict c = checkWritable(buf.page(), tid.block(), tid.offset(), xid, catalogWrite);
            return c.kind == Conflict.NONE ? null : c;
        }
    }

    /**
     * marks a tuple this transaction inserted as never having existed (a speculative insertion that lost to a
     * concurrent inserter, ON CONFLICT DO NOTHING), so no snapshot ever sees it and pruning removes it.
     */
    public void superDelete(RelFile file, Tid tid, long xid) {
        try (PageBuffer buf = buffers.read(file, tid.block())) {
            buf.lockExclusive();
            MemorySegment p = buf.page();
            long t = HeapPage.tuple(p, tid.offset());
            int infomask = HeapPage.infomask(p, t) | HeapPage.XMIN_INVALID;
            HeapPage.setInfomask(p, t, infomask);
            HeapPage.notePrunable(p, xid);
            buf.markDirty();
            wal.insert(ResourceManagers.HEAP, HeapRecords.SUPER_DELETE, xid,
                    HeapRecords.superDeleteRecord(tid.offset(), infomask), buf);
        }
    }

    /** Why a version cannot be written right now. */
    private record Conflict(int kind, long xmax, boolean deleted, long seenXmax, boolean movedPartitions) {
        Conflict(int kind, long xmax, boolean deleted, long seenXmax) {
            this(kind, xmax, deleted, seenXmax, false);
        }

        static final int NONE = 0;
        static final int WAIT = 1;
        static final int COMMITTED = 2;
        static final int SELF = 3;
        static final int VANISHED = 4;
    }

    private static final Conflict WRITABLE_FRESH = new Conflict(Conflict.NONE, 0, false, 0);
    /** Writable as far as xmax goes, but row locks may exist in the relation: take the tuple lock and look again. */
    private static final Conflict ROW_LOCKS_POSSIBLE = new Conflict(Conflict.WAIT, 0, false, 0);

    /** HeapTupleSatisfiesUpdate: may {@code xid} set xmax on this version now? */
    private Conflict checkWritable(MemorySegment p, int block, int offset, long xid, boolean catalogWrite) {
        if (!HeapPage.isNormal(p, offset)) {
            return new Conflict(Conflict.VANISHED, 0, true, 0);
        }
        long t = HeapPage.tuple(p, offset);
        long xmax = HeapPage.xmax(p, t);
        if (xmax == 0) {
            return WRITABLE_FRESH;
        }
        if (visibility.sameTransaction(xmax, xid)) { // our own change, maybe in another subtransaction
            return catalogWrite ? new Conflict(Conflict.NONE, 0, false, xmax)
                    : new Conflict(Conflict.SELF, xmax, false, xmax);
        }
        Status s = visibility.status(xmax);
        if (s == Status.ABORTED) {
            return new Conflict(Conflict.NONE, 0, false, xmax);
        }
        boolean moved = HeapPage.movedPartitions(p, t);
        boolean deleted = moved || HeapPage.ctidBlock(p, t) == block && HeapPage.ctidOffset(p, t) == offset;
        return new Conflict(s == Status.IN_PROGRESS ? Conflict.WAIT : Conflict.COMMITTED, xmax, deleted, xmax,
                moved);
    }

    /** Waits, raises 40001, or finds where the row went; null means look again. */
    private HeapOutcome resolveConflict(Conflict c, RelFile file, Tid tid, RowFormat format, boolean repeatableRead,
                                        TupleLocks locks) {
        switch (c.kind) {
            case Conflict.WAIT -> {
                if (c.xmax != 0) {
                    locks.waitForTransaction(c.xmax);
                }
                return null;
            }
            case Conflict.SELF, Conflict.VANISHED -> {
                return new HeapOutcome.Gone();
            }
            default -> {
                if (repeatableRead) {
                    // a row moved to another partition was updated, not deleted (TM_Updated)
                    throw c.deleted && !c.movedPartitions ? StorageMessages.concurrentDelete()
                            : StorageMessages.concurrentUpdate();
                }
                if (c.deleted) {
                    return new HeapOutcome.Gone(c.movedPartitions);
                }
                return followUpdateChain(file, tid, format);
            }
        }
    }

    /** Follows t_ctid from a version updated by a committed transaction to the newest version (EvalPlanQual). */
    private HeapOutcome followUpdateChain(RelFile file, Tid start, RowFormat format) {
        Tid current = start;
        long priorXmax = -1;
        for (int hops = 0; hops < 100_000; hops++) {
            try (PageBuffer buf = buffers.read(file, current.block())) {
                buf.lockShared();
                MemorySegment p = buf.page();
                int offset = current.offset();
                if (offset >= 1 && offset <= HeapPage.maxOffset(p)
                        && HeapPage.lpFlags(p, offset) == HeapPage.LP_REDIRECT) {
                    offset = HeapPage.lpOff(p, offset);
                    priorXmax = -1;
                }
                if (!HeapPage.isNormal(p, offset)) {
                    return new HeapOutcome.Gone();
                }
                long t = HeapPage.tuple(p, offset);
                if (priorXmax != -1 && HeapPage.xmin(p, t) != priorXmax) {
                    return new HeapOutcome.Gone();
                }
                long xmax = HeapPage.xmax(p, t);
                Status s = xmax == 0 ? Status.ABORTED : visibility.status(xmax);
                if (s != Status.COMMITTED) {
                    Tid latest = new Tid(current.block(), offset);
                    if (latest.equals(start)) {
                        return null;
                    }
                    return new HeapOutcome.Moved(latest, TupleCodec.decode(p, HeapPage.data(t),
                            HeapPage.natts(p, t), format));
                }
                if (HeapPage.movedPartitions(p, t)) {
                    return new HeapOutcome.Gone(true);
                }
                int nextBlock = HeapPage.ctidBlock(p, t);
                int nextOffset = HeapPage.ctidOffset(p, t);
                if (nextBlock == current.block() && nextOffset == offset) {
                    return new HeapOutcome.Gone();
                }
                priorXmax = xmax;
                current = new Tid(nextBlock, nextOffset);
            }
        }
        return new HeapOutcome.Gone();
    }

    // ---- reads ------------------------------------------------------------------------------------------

    /** A visible version reached from an index entry, with its address and values. */
    /** A fetched version: where it is, its values and its header's xmin, xmax, cmin and cmax. */
    public record Fetched(Tid tid, Object[] values, long xmin, long xmax, int cmin, int cmax) {
        public Fetched(Tid tid, Object[] values) {
            this(tid, values, 0, 0, 0, 0);
        }
    }

    /**
     * heap_hot_search_buffer: the member of the HOT chain rooted at {@code root} that {@code snapshot} sees, or
     * null.
     */
    public Fetched fetchVisible(RelFile file, Tid root, Snapshot snapshot, long ownXid, RowFormat format) {
        try (PageBuffer buf = buffers.read(file, root.block())) {
            buf.lockShared();
            MemorySegment p = buf.page();
            int offset = root.offset();
            long priorXmax = -1;
            boolean first = true;
            for (int hops = 0; hops <= HeapPage.maxOffset(p); hops++) {
                if (offset < 1 || offset > HeapPage.maxOffset(p)) {
                    return null;
                }
                int flags = HeapPage.lpFlags(p, offset);
                if (flags == HeapPage.LP_REDIRECT && first) {
                    offset = HeapPage.lpOff(p, offset);
                    first = false;
                    continue;
                }
                if (flags != HeapPage.LP_NORMAL) {
                    return null;
                }
                long t = HeapPage.tuple(p, offset);
                if (priorXmax != -1 && HeapPage.xmin(p, t) != priorXmax) {
                    return null;
                }
                if (visibility.satisfiesMvcc(p, t, snapshot, ownXid)) {
                    return new Fetched(new Tid(root.block(), offset),
                            TupleCodec.decode(p, HeapPage.data(t), HeapPage.natts(p, t), format),
                            HeapPage.xmin(p, t), HeapPage.xmax(p, t), HeapPage.cmin(p, t), HeapPage.cmax(p, t));
                }
                if ((HeapPage.infomask(p, t) & HeapPage.HOT_UPDATED) == 0) {
                    return null;
                }
                priorXmax = HeapPage.xmax(p, t);
                offset = HeapPage.ctidOffset(p, t);
                first = false;
            }
            return null;
        }
    }

    /**
     * The values of the version at exactly {@code tid}, whatever snapshot would see it (a version this transaction
     * has just locked: ON CONFLICT DO UPDATE's existing row); null if there is no tuple there.
     */
    public Object[] fetchAt(RelFile file, Tid tid, RowFormat format) {
        try (PageBuffer buf = buffers.read(file, tid.block())) {
            buf.lockShared();
            MemorySegment p = buf.page();
            int offset = tid.offset();
            if (offset < 1 || offset > HeapPage.maxOffset(p) || HeapPage.lpFlags(p, offset) != HeapPage.LP_NORMAL) {
                return null;
            }
            long t = HeapPage.tuple(p, offset);
            return TupleCodec.decode(p, HeapPage.data(t), HeapPage.natts(p, t), format);
        }
    }

    /** The outcome of a unique check's dirty look at one index entry's HOT chain. */
    public record DirtyResult(boolean live, long waitXid, Tid liveTid) {
        static final DirtyResult NONE = new DirtyResult(false, 0, null);
    }

    /**
     * Checks the HOT chain at {@code root} with a dirty snapshot: {@code live} if a member is inserted and not
     * deleted (by a committed or our own transaction), else the xid of a running inserter or deleter to wait for.
     */
    public DirtyResult checkUnique(RelFile file, Tid root, long ownXid) {
        try (PageBuffer buf = buffers.read(file, root.block())) {
            buf.lockShared();
            MemorySegment p = buf.page();
            int offset = root.offset();
            long priorXmax = -1;
            boolean first = true;
            long wait = 0;
            for (int hops = 0; hops <= HeapPage.maxOffset(p); hops++) {
                if (offset < 1 || offset > HeapPage.maxOffset(p)) {
                    break;
                }
                int flags = HeapPage.lpFlags(p, offset);
                if (flags == HeapPage.LP_REDIRECT && first) {
                    offset = HeapPage.lpOff(p, offset);
                    first = false;
                    continue;
                }
                if (flags != HeapPage.LP_NORMAL) {
                    break;
                }
                long t = HeapPage.tuple(p, offset);
                if (priorXmax != -1 && HeapPage.xmin(p, t) != priorXmax) {
                    break;
                }
                switch (visibility.satisfiesDirty(p, t, ownXid)) {
                    case LIVE -> {
                        return new DirtyResult(true, 0, new Tid(root.block(), offset));
                    }
                    case INSERT_IN_PROGRESS -> wait = wait == 0 ? HeapPage.xmin(p, t) : wait;
                    case DELETE_IN_PROGRESS -> wait = wait == 0 ? HeapPage.xmax(p, t) : wait;
                    case DEAD -> {
                    }
                }
                if ((HeapPage.infomask(p, t) & HeapPage.HOT_UPDATED) == 0) {
                    break;
                }
                priorXmax = HeapPage.xmax(p, t);
                offset = HeapPage.ctidOffset(p, t);
                first = false;
            }
            return wait == 0 ? DirtyResult.NONE : new DirtyResult(false, wait, null);
        }
    }

    /** Receives the tuples of one page during a scan, under the page's shared lock. */
    @FunctionalInterface
    public interface TupleVisitor {
        void visit(int block, int offset, MemorySegment page, long tuple);
    }

    /**
     * Visits every version on {@code block} that {@code snapshot} sees (one page of a sequential scan). Records
     * the page's free space in the map on the way, which is how the map comes back after a restart before the
     * next VACUUM.
     */
    public void scanPage(RelFile file, int block, Snapshot snapshot, long ownXid, TupleVisitor visitor) {
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockShared();
            MemorySegment p = buf.page();
            if (HeapPage.isNew(p)) {
                return;
            }
            relation(file).freeSpace.record(block, HeapPage.freeSpace(p));
            int max = HeapPage.maxOffset(p);
            for (int o = 1; o <= max; o++) {
                if (HeapPage.lpFlags(p, o) != HeapPage.LP_NORMAL) {
                    continue;
                }
                long t = HeapPage.tuple(p, o);
                if (snapshot == null || visibility.satisfiesMvcc(p, t, snapshot, ownXid)) {
                    visitor.visit(block, o, p, t);
                }
            }
        }
    }

    /**
     * Visits the chain roots of {@code block} that are not dead to everyone, with the newest member that is not
     * (the tuple CREATE INDEX indexes under the root's address), and whether that member is live (not deleted).
     */
    public void scanPageForIndexBuild(RelFile file, int block, long ownXid, RootVisitor visitor) {
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockShared();
            MemorySegment p = buf.page();
            if (HeapPage.isNew(p)) {
                return;
            }
            int max = HeapPage.maxOffset(p);
            for (int root = 1; root <= max; root++) {
                int flags = HeapPage.lpFlags(p, root);
                int offset = root;
                if (flags == HeapPage.LP_REDIRECT) {
                    offset = HeapPage.lpOff(p, root);
                } else if (flags != HeapPage.LP_NORMAL
                        || (HeapPage.infomask(p, HeapPage.tuple(p, root)) & HeapPage.HEAP_ONLY) != 0) {
                    continue;
                }
                long chosen = -1;
                boolean live = false;
                long priorXmax = -1;
                for (int hops = 0; hops <= max; hops++) {
                    if (offset < 1 || offset > max || HeapPage.lpFlags(p, offset) != HeapPage.LP_NORMAL) {
                        break;
                    }
                    long t = HeapPage.tuple(p, offset);
                    if (priorXmax != -1 && HeapPage.xmin(p, t) != priorXmax) {
                        break;
                    }
                    Visibility.Dirty d = visibility.satisfiesDirty(p, t, ownXid);
                    if (d != Visibility.Dirty.DEAD || !visibility.deadToAll(p, t, transactions.oldestXmin())) {
                        if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) == 0
                                && visibility.status(HeapPage.xmin(p, t)) != Status.ABORTED) {
                            chosen = t;
                            live = d != Visibility.Dirty.DEAD;
                        }
                    }
                    if ((HeapPage.infomask(p, t) & HeapPage.HOT_UPDATED) == 0) {
                        break;
                    }
                    priorXmax = HeapPage.xmax(p, t);
                    offset = HeapPage.ctidOffset(p, t);
                }
                if (chosen >= 0) {
                    visitor.visit(new Tid(block, root), p, chosen, live);
                }
            }
        }
    }

    /** Receives one chain root for an index build. */
    @FunctionalInterface
    public interface RootVisitor {
        void visit(Tid root, MemorySegment page, long tuple, boolean live);
    }

    // ---- pruning and vacuum -----------------------------------------------------------------------------

    /**
     * heap_page_prune on an exclusively locked page: removes HOT chain members dead to everyone (redirecting the
     * root to the first survivor, or marking it dead when the whole chain is), frees unreachable dead heap-only
     * tuples, compacts the page and logs it. Returns true if anything changed. Without {@code force} it returns at
     * once when the page's prune xid says nothing can be dead yet.
     */
    public boolean prune(PageBuffer buf, long oldestXmin, boolean force) {
        MemorySegment p = buf.page();
        long pruneXid = HeapPage.pruneXid(p);
        if (!force && (pruneXid == 0 || pruneXid >= oldestXmin)) {
            return false;
        }
        int max = HeapPage.maxOffset(p);
        boolean[] inChain = new boolean[max + 1];
        IntList from = new IntList();
        IntList to = new IntList();
        IntList dead = new IntList();
        IntList unused = new IntList();
        int[] chain = new int[max];
        for (int root = 1; root <= max; root++) {
            int flags = HeapPage.lpFlags(p, root);
            int offset = root;
            if (flags == HeapPage.LP_REDIRECT) {
                offset = HeapPage.lpOff(p, root);
            } else if (flags != HeapPage.LP_NORMAL
                    || (HeapPage.infomask(p, HeapPage.tuple(p, root)) & HeapPage.HEAP_ONLY) != 0) {
                continue;
            }
            int length = 0;
            long priorXmax = -1;
            while (offset >= 1 && offset <= max && !inChain[offset] && length < max
                    && HeapPage.lpFlags(p, offset) == HeapPage.LP_NORMAL) {
                long t = HeapPage.tuple(p, offset);
                if (offset != root && (HeapPage.infomask(p, t) & HeapPage.HEAP_ONLY) == 0) {
                    break;
                }
                if (priorXmax != -1 && HeapPage.xmin(p, t) != priorXmax) {
                    break;
                }
                chain[length++] = offset;
                inChain[offset] = true;
                if ((HeapPage.infomask(p, t) & HeapPage.HOT_UPDATED) == 0) {
                    break;
                }
                priorXmax = HeapPage.xmax(p, t);
                offset = HeapPage.ctidOffset(p, t);
            }
            int deadPrefix = 0;
            while (deadPrefix < length && visibility.deadToAll(p, HeapPage.tuple(p, chain[deadPrefix]), oldestXmin)) {
                deadPrefix++;
            }
            if (flags == HeapPage.LP_REDIRECT && length == 0) {
                dead.add(root);
                continue;
            }
            if (deadPrefix == 0) {
                continue;
            }
            for (int i = 0; i < deadPrefix; i++) {
                if (chain[i] != root) {
                    unused.add(chain[i]);
                }
            }
            if (deadPrefix == length) {
                dead.add(root);
            } else {
                from.add(root);
                to.add(chain[deadPrefix]);
            }
        }
        for (int o = 1; o <= max; o++) {
            if (!inChain[o] && HeapPage.lpFlags(p, o) == HeapPage.LP_NORMAL) {
                long t = HeapPage.tuple(p, o);
                if ((HeapPage.infomask(p, t) & HeapPage.HEAP_ONLY) != 0 && visibility.deadToAll(p, t, oldestXmin)) {
                    unused.add(o);
                }
            }
        }
        if (from.size == 0 && dead.size == 0 && unused.size == 0) {
            long newPruneXid = oldestRemainingXmax(p, null);
            if (newPruneXid != pruneXid) {
                HeapPage.setPruneXid(p, newPruneXid);
            }
            return false;
        }
        int[] removed = unused.toArray();
        int[] deadOffsets = dead.toArray();
        long newPruneXid = oldestRemainingXmax(p, concat(removed, deadOffsets));
        applyAndLogPrune(buf, from.toArray(), to.toArray(), deadOffsets, removed, newPruneXid, oldestXmin);
        return true;
    }

    /**
     * @param conflictHorizon nothing removed here is visible to a snapshot whose xmin is at least this (a hot
     *                        standby's replay cancels older snapshots); 0 when no tuple is removed
     */
    private void applyAndLogPrune(PageBuffer buf, int[] from, int[] to, int[] dead, int[] unused, long newPruneXid,
                                  long conflictHorizon) {
        HeapPage.applyPrune(buf.page(), from, to, dead, unused, newPruneXid);
        buf.markDirty();
        wal.insert(ResourceManagers.HEAP, HeapRecords.PRUNE, 0,
                HeapRecords.pruneRecord(from, to, dead, unused, newPruneXid, conflictHorizon), buf);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The smallest xmax of tuples staying on the page (the next prune xid), skipping {@code removed} offsets. */
    private long oldestRemainingXmax(MemorySegment p, int[] removed) {
        long oldest = 0;
        int max = HeapPage.maxOffset(p);
        for (int o = 1; o <= max; o++) {
            if (HeapPage.lpFlags(p, o) != HeapPage.LP_NORMAL || (removed != null && contains(removed, o))) {
                continue;
            }
            long t = HeapPage.tuple(p, o);
            long xmax = HeapPage.xmax(p, t);
            long candidate = xmax != 0 ? xmax
                    : (HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0 ? HeapPage.xmin(p, t) : 0;
            if (candidate != 0 && (oldest == 0 || candidate < oldest)) {
                oldest = candidate;
            }
        }
        return oldest;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** Lazy VACUUM's first pass over one page: prunes it and returns its dead line pointers' offsets. */
    public int[] pruneForVacuum(RelFile file, int block, long oldestXmin) {
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockExclusive();
            MemorySegment p = buf.page();
            if (HeapPage.isNew(p)) {
                return new int[0];
            }
            prune(buf, oldestXmin, true);
            IntList dead = new IntList();
            int max = HeapPage.maxOffset(p);
            for (int o = 1; o <= max; o++) {
                if (HeapPage.lpFlags(p, o) == HeapPage.LP_DEAD) {
                    dead.add(o);
                }
            }
            return dead.toArray();
        }
    }

    /**
     * Turns tuples that nothing can reach any more into dead line pointers, logged as a prune: the toast
     * relation's chunks that no main tuple points to (their xmax is never set, so pruning cannot see that they are
     * dead). Offsets no longer holding a tuple are skipped. As with pruned tuples, their index entries must go
     * before {@link #reclaimDead} frees the line pointers. Returns the offsets marked.
     */
    public int[] markDead(RelFile file, int block, int[] offsets) {
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockExclusive();
            MemorySegment p = buf.page();
            IntList dead = new IntList();
            for (int o : offsets) {
                if (HeapPage.isNormal(p, o)) {
                    dead.add(o);
                }
            }
            if (dead.size > 0) {
                applyAndLogPrune(buf, new int[0], new int[0], dead.toArray(), new int[0], HeapPage.pruneXid(p),
                        transactions.oldestXmin());
            }
            return dead.toArray();
        }
    }

    /**
     * Lazy VACUUM's last pass over one page: the dead line pointers whose index entries are gone become unused
     * (lazy_vacuum_heap_page). Returns the page's free space afterwards and records it in the free space map,
     * for every page, whether or not anything was freed on it (lazy_scan_heap's RecordPageWithFreeSpace).
     */
    public int reclaimDead(RelFile file, int block, int[] deadOffsets) {
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockExclusive();
            MemorySegment p = buf.page();
            if (HeapPage.isNew(p)) {
                // extended but never initialised (a crash after the extension): the first insert initialises it
                relation(file).freeSpace.record(block, HeapPage.MAX_TUPLE);
                return HeapPage.MAX_TUPLE;
            }
            IntList unused = new IntList();
            for (int o : deadOffsets) {
                if (o <= HeapPage.maxOffset(p) && HeapPage.lpFlags(p, o) == HeapPage.LP_DEAD) {
                    unused.add(o);
                }
            }
            if (unused.size > 0) {
                applyAndLogPrune(buf, new int[0], new int[0], new int[0], unused.toArray(), HeapPage.pruneXid(p),
                        0);
            }
            int free = HeapPage.freeSpace(p);
            relation(file).freeSpace.record(block, free);
            return free;
        }
    }

    /** Live (inserted by a committed transaction, not deleted by one) tuples on a page, for reltuples. */
    public int countLive(RelFile file, int block) {
        int[] count = new int[1];
        try (PageBuffer buf = buffers.read(file, block)) {
            buf.lockShared();
            MemorySegment p = buf.page();
            if (HeapPage.isNew(p)) {
                return 0;
            }
            int max = HeapPage.maxOffset(p);
            for (int o = 1; o <= max; o++) {
                if (HeapPage.lpFlags(p, o) != HeapPage.LP_NORMAL) {
                    continue;
                }
                long t = HeapPage.tuple(p, o);
                if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0
                        || !visibility.isCommitted(HeapPage.xmin(p, t))) {
                    continue;
                }
                long xmax = HeapPage.xmax(p, t);
                if (xmax == 0 || !visibility.isCommitted(xmax)) {
                    count[0]++;
                }
            }
        }
        return count[0];
    }

    /** A growable int array for prune lists (pruning allocates; the hot path does not prune). */
    static final class IntList {
        int[] values = new int[8];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
