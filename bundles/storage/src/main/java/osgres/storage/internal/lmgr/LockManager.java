package osgres.storage.internal.lmgr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.BackendProc;
import osgres.storage.LockMode;
import osgres.storage.internal.heap.StorageMessages;

/**
 * The heavyweight lock manager (lock.c, proc.c's ProcSleep/ProcLockWakeup, deadlock.c), one per shared-memory
 * generation: a crash reset drops it with everything it holds, which is why it lives in Java memory like the proc
 * array rather than in the arena.
 *
 * <p>Shared lock table: {@value #PARTITIONS} partitions, each a mutex over a map from {@link LockTag} to
 * {@link Lock} (the modes granted, who holds them, the FIFO wait queue). A request is granted when it conflicts
 * with no mode held by another owner and, unless the owner already holds a mode on the object, with no mode
 * requested by a waiter already queued (so a stream of weak lockers cannot starve a waiting DROP).
 *
 * <p>Fast path, as PostgreSQL's: AccessShare, RowShare and RowExclusive on a relation (what every query takes)
 * are recorded in the owner's own table under its own mutex, without touching the shared table, as long as no
 * strong lock (Share and above) is held or requested on any relation hashing to the same one of
 * {@value #STRONG_SLOTS} counters. A strong locker first raises the counter, then moves every owner's fast-path
 * locks on that relation into the shared table, so it sees them as holders. Correctness rests on one rule: the
 * weak locker reads the counter while holding its fast-path mutex, the strong locker raises it before taking any
 * fast-path mutex.
 *
 * <p>Waiting: the waiter parks; a release that grants its request sets its status and unparks it. Every wait
 * ends on grant, on the owner's interrupt (cancel, terminate, quit, statement_timeout: {@link BackendProc}),
 * on lock_timeout (55P03), on a deadlock this waiter closes (40P01, checked once after deadlock_timeout over
 * the wait-for graph of holders and of conflicting waiters ahead in the queue, with every partition locked in
 * index order), or when the engine closes. Lock order: fast-path mutex before partition mutex; partitions in
 * index order. Savepoints: while one is open, an owner logs its acquisitions, and ROLLBACK TO releases those made since
 * its mark ({@link #releaseSince}). Session-level locks (advisory locks taken by pg_advisory_lock): counted apart
 * as well as with the owner's other acquisitions, so transaction end and ROLLBACK TO leave them held until
 * {@link #releaseSession} or the backend's exit. Not here: pg_locks.
 */
public final class LockManager {
    private static final int PARTITIONS = 16;
    private static final int STRONG_SLOTS = 1024;
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Partition[] partitions = new Partition[PARTITIONS];
    private final AtomicIntegerArray strongRelationLocks = new AtomicIntegerArray(STRONG_SLOTS);
    private final Set<LockOwner> owners = ConcurrentHashMap.newKeySet();
    /** One owner per backend for its whole life (PGPROC), so a transaction costs no registration. */
    private final Map<BackendProc, LockOwner> ownersByBackend = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> rowLockCounts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One locked object (lock.h LOCK + its PROCLOCKs): guarded by its partition's mutex. */
    static final class Lock {
        final LockTag tag;
        final int[] granted = new int[LockMode.values().length];
        int grantedMask;
        final Map<LockOwner, Integer> holders = new HashMap<>(4);
        final ArrayDeque<LockOwner> waiters = new ArrayDeque<>();

        Lock(LockTag tag) {
            this.tag = tag;
        }

        boolean unused() {
            return holders.isEmpty() && waiters.isEmpty();
        }
    }

    private static final class Partition {
        final ReentrantLock mutex = new ReentrantLock();
        final Map<LockTag, Lock> locks = new HashMap<>();
    }

    /** One edge of a deadlock cycle: {@code waiter} waits for {@code mode} on {@code tag}, blocked by {@code by}. */
    record WaitEdge(LockOwner waiter, LockTag tag, LockMode mode, LockOwner by) {
    }

    public LockManager() {
        for (int i = 0; i < PARTITIONS; i++) {
            partitions[i] = new Partition();
        }
    }

    private volatile IntConsumer deadlockListener = database -> { };

    /** Told the database of each waiter that ends in a deadlock error (pg_stat_database.deadlocks). */
    public void setDeadlockListener(IntConsumer listener) {
        this.deadlockListener = listener;
    }

    /** A lock owner of its own (tests, internal work, VACUUM's per-table locks); {@link #releaseAll} ends it. */
    public LockOwner newOwner(BackendProc proc) {
        LockOwner owner = new LockOwner(proc, true);
        owners.add(owner);
        return owner;
    }

    /**
     * The lock owner of a backend's transactions: the backend's own, kept until {@link #backendExited} (one
     * transaction at a time per backend); a fresh one for {@link BackendProc#INTERNAL}, which many share.
     */
    public LockOwner ownerFor(BackendProc proc) {
        if (proc == BackendProc.INTERNAL) {
            return newOwner(proc);
        }
        return ownersByBackend.computeIfAbsent(proc, p -> {
            LockOwner owner = new LockOwner(p, false);
            owners.add(owner);
            return owner;
        });
    }

    /** The backend is gone: whatever it still held is released and its owner forgotten. */
    public void backendExited(BackendProc proc) {
        LockOwner owner = ownersByBackend.remove(proc);
        if (owner != null) {
            owner.session.clear();
            releaseAll(owner);
            owners.remove(owner);
        }
    }

    // ---- acquire ----------------------------------------------------------------------------------------

    /**
     * LockAcquire: returns true once granted, false when {@code dontWait} and it would have to wait. Throws 40P01,
     * 55P03 (lock_timeout) or the owner's interrupt if a wait ends that way.
     */
    public boolean acquire(LockOwner owner, LockTag tag, LockMode mode, boolean dontWait) {
        boolean granted = acquireCounted(owner, tag, mode, dontWait);
        if (granted && owner.subtransactionLog != null) {
            owner.subtransactionLog.add(new LockOwner.Acquisition(tag, mode));
        }
        return granted;
    }

    /**
     * A session-level acquisition (LockAcquire with sessionLock): held past the end of the transaction that took it,
     * never released by ROLLBACK TO, until {@link #releaseSession} or the backend exits. Waits like any acquisition.
     */
    public boolean acquireSession(LockOwner owner, LockTag tag, LockMode mode, boolean dontWait) {
        boolean granted = acquireCounted(owner, tag, mode, dontWait);
        if (granted) {
            owner.session.computeIfAbsent(tag, t -> new int[LockMode.values().length])[mode.ordinal()]++;
        }
        return granted;
    }

    /** Releases one session-level acquisition; false if the owner holds {@code mode} on the tag at session level. */
    public boolean releaseSession(LockOwner owner, LockTag tag, LockMode mode) {
        int[] sessionCounts = owner.session.get(tag);
        if (sessionCounts == null || sessionCounts[mode.ordinal()] == 0) {
            return false;
        }
        if (--sessionCounts[mode.ordinal()] == 0 && java.util.Arrays.stream(sessionCounts).allMatch(c -> c == 0)) {
            owner.session.remove(tag);
        }
        releaseCounted(owner, tag, mode, owner.local.get(tag));
        return true;
    }

    /** Every session-level acquisition of the tags {@code which} accepts (pg_advisory_unlock_all). */
    public void releaseAllSession(LockOwner owner, java.util.function.Predicate<LockTag> which) {
        for (LockTag tag : List.copyOf(owner.session.keySet())) {
            if (which.test(tag)) {
                int[] sessionCounts = owner.session.get(tag);
                for (LockMode m : LockMode.values()) {
                    while (sessionCounts[m.ordinal()] > 0) {
                        releaseSession(owner, tag, m);
                    }
                }
            }
        }
    }

    /**
     * An acquisition that belongs to the top-level transaction even while a subtransaction runs (the top xid's own
     * lock, taken at its lazy assignment inside a savepoint): a ROLLBACK TO never releases it.
     */
    public void acquireForTopTransaction(LockOwner owner, LockTag tag, LockMode mode) {
        acquireCounted(owner, tag, mode, false);
    }

    private boolean acquireCounted(LockOwner owner, LockTag tag, LockMode mode, boolean dontWait) {
        checkOpen();
        int[] counts = owner.local.get(tag);
        if (counts != null && counts[mode.ordinal()] > 0) {
            counts[mode.ordinal()]++;
            return true;
        }
        boolean relation = tag.kind() == LockTag.Kind.RELATION;
        int slot = relation ? strongSlot(tag) : -1;
        if (relation && isWeak(mode)) {
            owner.fastPathLock.lock();
            try {
                if (strongRelationLocks.get(slot) == 0) {
                    owner.fastPath.merge(tag, mode.bit(), (a, b) -> a | b);
                    remember(owner, tag, mode);
                    return true;
                }
            } finally {
                owner.fastPathLock.unlock();
            }
        }
        boolean strong = relation && isStrong(mode);
        if (strong) {
            strongRelationLocks.incrementAndGet(slot);
            transferFastPathLocks(tag);
        }
        boolean granted = false;
        try {
            granted = acquireShared(owner, tag, mode, dontWait);
        } finally {
            if (!granted && strong) {
                strongRelationLocks.decrementAndGet(slot);
            }
        }
        if (granted) {
            remember(owner, tag, mode);
        }
        return granted;
    }

    private static boolean isWeak(LockMode mode) {
        return mode.ordinal() <= LockMode.ROW_EXCLUSIVE.ordinal();
    }

    /** Conflicts with a weak mode (FastPathStrongMode): Share and above. */
    private static boolean isStrong(LockMode mode) {
        return mode.ordinal() > LockMode.SHARE_UPDATE_EXCLUSIVE.ordinal();
    }

    private static int strongSlot(LockTag tag) {
        return (int) ((tag.id() * 31 + tag.database()) & (STRONG_SLOTS - 1));
    }

    private static void remember(LockOwner owner, LockTag tag, LockMode mode) {
        owner.local.computeIfAbsent(tag, t -> new int[LockMode.values().length])[mode.ordinal()]++;
    }

    /** FastPathTransferRelationLocks: every owner's weak locks on {@code tag} become shared-table holders. */
    private void transferFastPathLocks(LockTag tag) {
        for (LockOwner other : owners) {
            other.fastPathLock.lock();
            try {
                Integer bits = other.fastPath.remove(tag);
                if (bits == null) {
                    continue;
                }
                Partition p = partition(tag);
                p.mutex.lock();
                try {
                    Lock lock = p.locks.computeIfAbsent(tag, Lock::new);
                    for (LockMode m : LockMode.values()) {
                        if ((bits & m.bit()) != 0) {
                            grant(lock, other, m);
                        }
                    }
                } finally {
                    p.mutex.unlock();
                }
            } finally {
                other.fastPathLock.unlock();
            }
        }
    }

    private boolean acquireShared(LockOwner owner, LockTag tag, LockMode mode, boolean dontWait) {
        Partition p = partition(tag);
        Lock lock;
        p.mutex.lock();
        try {
            lock = p.locks.computeIfAbsent(tag, Lock::new);
            boolean holdsAny = lock.holders.containsKey(owner);
            boolean mustWait = conflictsWithOthers(lock, owner, mode)
                    || (!holdsAny && (mode.conflictMask() & waitMask(lock)) != 0);
            if (!mustWait) {
                grant(lock, owner, mode);
                return true;
            }
            if (dontWait) {
                if (lock.unused()) {
                    p.locks.remove(tag);
                }
                return false;
            }
            owner.waitingOn = lock;
            owner.waitMode = mode;
            owner.waitThread = Thread.currentThread();
            owner.waitStatus = LockOwner.WAITING;
            if (holdsAny) {
                lock.waiters.addFirst(owner);
            } else {
                lock.waiters.addLast(owner);
            }
        } finally {
            p.mutex.unlock();
        }
        return waitForGrant(owner, lock, p);
    }

    /** LockCheckConflicts: does {@code mode} conflict with a mode some other owner holds? */
    private static boolean conflictsWithOthers(Lock lock, LockOwner owner, LockMode mode) {
        int conflict = mode.conflictMask() & lock.grantedMask;
        if (conflict == 0) {
            return false;
        }
        int own = lock.holders.getOrDefault(owner, 0);
        for (LockMode m : LockMode.values()) {
            if ((conflict & m.bit()) != 0 && lock.granted[m.ordinal()] > ((own & m.bit()) != 0 ? 1 : 0)) {
                return true;
            }
        }
        return false;
    }

    private static int waitMask(Lock lock) {
        int mask = 0;
        for (LockOwner w : lock.waiters) {
            mask |= w.waitMode.bit();
        }
        return mask;
    }

    private static void grant(Lock lock, LockOwner owner, LockMode mode) {
        int bits = lock.holders.getOrDefault(owner, 0);
        if ((bits & mode.bit()) == 0) {
            lock.holders.put(owner, bits | mode.bit());
            lock.granted[mode.ordinal()]++;
            lock.grantedMask |= mode.bit();
        }
    }

    private static void ungrant(Lock lock, LockOwner owner, LockMode mode) {
        Integer bits = lock.holders.get(owner);
        if (bits == null || (bits & mode.bit()) == 0) {
            return;
        }
        int left = bits & ~mode.bit();
        if (left == 0) {
            lock.holders.remove(owner);
        } else {
            lock.holders.put(owner, left);
        }
        if (--lock.granted[mode.ordinal()] == 0) {
            lock.grantedMask &= ~mode.bit();
        }
    }

    /** ProcLockWakeup: grants queued requests in order while they conflict with nothing held or queued ahead. */
    private static void wakeWaiters(Lock lock) {
        int aheadMask = 0;
        Iterator<LockOwner> it = lock.waiters.iterator();
        while (it.hasNext()) {
            LockOwner w = it.next();
            LockMode m = w.waitMode;
            if ((m.conflictMask() & aheadMask) != 0 || conflictsWithOthers(lock, w, m)) {
                aheadMask |= m.bit();
                continue;
            }
            it.remove();
            grant(lock, w, m);
            w.waitingOn = null;
            w.waitStatus = LockOwner.GRANTED;
            Thread t = w.waitThread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    // ---- waiting ----------------------------------------------------------------------------------------

    private boolean waitForGrant(LockOwner owner, Lock lock, Partition p) {
        BackendProc proc = owner.proc;
        long start = System.nanoTime();
        long deadlockAt = start + TimeUnit.MILLISECONDS.toNanos(Math.max(1, proc.deadlockTimeoutMillis()));
        long lockTimeout = proc.lockTimeoutMillis();
        long timeoutAt = lockTimeout > 0 ? start + TimeUnit.MILLISECONDS.toNanos(lockTimeout) : Long.MAX_VALUE;
        boolean deadlockChecked = false;
        boolean reportedWaiting = false;
        while (true) {
            if (owner.waitStatus == LockOwner.GRANTED) {
                owner.waitStatus = LockOwner.NOT_WAITING;
                if (reportedWaiting) {
                    logWait(owner, lock.tag, owner.waitMode, "acquired", start, null);
                }
                return true;
            }
            long now = System.nanoTime();
            boolean timedOut = timeoutAt != Long.MAX_VALUE && now - timeoutAt >= 0;
            if (timedOut || proc.interruptPending() || closed) {
                if (cancelWait(owner, lock, p)) {
                    return true;
                }
                if (timedOut) {
                    throw StorageMessages.lockTimeout();
                }
                if (closed) {
                    throw StorageMessages.engineClosed();
                }
                proc.checkInterrupts();
                throw StorageMessages.interrupted();
            }
            if (!deadlockChecked && now - deadlockAt >= 0) {
                deadlockChecked = true;
                List<WaitEdge> cycle = findCycle(owner);
                if (cycle != null) {
                    if (cancelWait(owner, lock, p)) {
                        return true;
                    }
                    if (proc.logLockWaits()) {
                        logWait(owner, lock.tag, owner.waitMode, "detected deadlock while waiting for", start,
                                null);
                    }
                    deadlockListener.accept(owner.database);
                    throw deadlockReport(cycle);
                }
                cancelBlockingAutovacuum(owner, lock, p);
                if (proc.logLockWaits()) {
                    reportedWaiting = true;
                    logWait(owner, lock.tag, owner.waitMode, "still waiting for", start, lock);
                }
            }
            long wakeAt = Math.min(timeoutAt, proc.interruptDeadlineNanos());
            if (!deadlockChecked) {
                wakeAt = Math.min(wakeAt, deadlockAt);
            }
            long park = wakeAt == Long.MAX_VALUE ? MAX_PARK_NANOS : Math.min(MAX_PARK_NANOS, wakeAt - now);
            LockSupport.parkNanos(this, Math.max(park, 1000));
        }
    }

    /**
     * ProcSleep's DS_BLOCKED_BY_AUTOVACUUM: when an autovacuum worker holds a mode this waiter conflicts with, it
     * is told to cancel its task (it yields the table; the waiter then gets the lock when the worker releases it).
     */
    private static void cancelBlockingAutovacuum(LockOwner owner, Lock lock, Partition p) {
        List<LockOwner> blocking = new ArrayList<>();
        p.mutex.lock();
        try {
            if (owner.waitStatus != LockOwner.WAITING) {
                return;
            }
            int conflict = owner.waitMode.conflictMask();
            lock.holders.forEach((holder, bits) -> {
                if (holder != owner && (bits & conflict) != 0 && holder.proc.isAutovacuum()) {
                    blocking.add(holder);
                }
            });
        } finally {
            p.mutex.unlock();
        }
        for (LockOwner worker : blocking) {
            ServerLog.log(Severity.DEBUG1, "sending cancel to blocking autovacuum PID " + worker.proc.pid());
            worker.proc.requestCancel();
        }
    }

    /** RemoveFromWaitQueue; true if the request was granted meanwhile (then it is held). */
    private static boolean cancelWait(LockOwner owner, Lock lock, Partition p) {
        p.mutex.lock();
        try {
            if (owner.waitStatus == LockOwner.GRANTED) {
                owner.waitStatus = LockOwner.NOT_WAITING;
                return true;
            }
            lock.waiters.remove(owner);
            owner.waitingOn = null;
            owner.waitStatus = LockOwner.NOT_WAITING;
            wakeWaiters(lock);
            if (lock.unused()) {
                p.locks.remove(lock.tag);
            }
            return false;
        } finally {
            p.mutex.unlock();
        }
    }

    // ---- deadlock detection -----------------------------------------------------------------------------

    /** DeadLockCheck's FindLockCycle from {@code start}: the cycle it closes, or null. */
    List<WaitEdge> findCycle(LockOwner start) {
        for (Partition p : partitions) {
            p.mutex.lock();
        }
        try {
            if (start.waitStatus != LockOwner.WAITING) {
                return null;
            }
            ArrayDeque<WaitEdge> path = new ArrayDeque<>();
            return visit(start, start, path, new HashSet<>()) ? new ArrayList<>(path) : null;
        } finally {
            for (int i = partitions.length - 1; i >= 0; i--) {
                partitions[i].mutex.unlock();
            }
        }
    }

    private static boolean visit(LockOwner current, LockOwner start, ArrayDeque<WaitEdge> path,
                                 Set<LockOwner> visited) {
        Lock lock = current.waitingOn;
        if (current.waitStatus != LockOwner.WAITING || lock == null) {
            return false;
        }
        for (LockOwner blocker : blockers(lock, current)) {
            path.addLast(new WaitEdge(current, lock.tag, current.waitMode, blocker));
            if (blocker == start) {
                return true;
            }
            if (visited.add(blocker) && visit(blocker, start, path, visited)) {
                return true;
            }
            path.removeLast();
        }
        return false;
    }

    /** Holders of a conflicting mode (hard edges) and conflicting waiters queued ahead (soft edges). */
    private static List<LockOwner> blockers(Lock lock, LockOwner waiter) {
        List<LockOwner> out = new ArrayList<>();
        int conflict = waiter.waitMode.conflictMask();
        lock.holders.forEach((holder, bits) -> {
            if (holder != waiter && (bits & conflict) != 0) {
                out.add(holder);
            }
        });
        for (LockOwner ahead : lock.waiters) {
            if (ahead == waiter) {
                break;
            }
            if ((ahead.waitMode.bit() & conflict) != 0 && !out.contains(ahead)) {
                out.add(ahead);
            }
        }
        return out;
    }

    /** DeadLockReport: the client gets the wait lines, the log also each process's query. */
    private static RuntimeException deadlockReport(List<WaitEdge> cycle) {
        StringBuilder detail = new StringBuilder();
        StringBuilder queries = new StringBuilder();
        for (WaitEdge e : cycle) {
            if (!detail.isEmpty()) {
                detail.append('\n');
            }
            detail.append("Process ").append(e.waiter().proc.pid()).append(" waits for ").append(e.mode().lockName())
                    .append(" on ").append(e.tag().describe()).append("; blocked by process ")
                    .append(e.by().proc.pid()).append('.');
        }
        for (WaitEdge e : cycle) {
            queries.append('\n').append("Process ").append(e.waiter().proc.pid()).append(": ")
                    .append(e.waiter().proc.currentQuery());
        }
        return StorageMessages.deadlockDetected(detail.toString(), detail + queries.toString());
    }

    private void logWait(LockOwner owner, LockTag tag, LockMode mode, String what, long start, Lock lock) {
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        String message = "process " + owner.proc.pid() + " " + what + " " + mode.lockName() + " on "
                + tag.describe() + " after " + (micros / 1000) + "." + String.format("%03d", micros % 1000) + " ms";
        String detail = null;
        if (lock != null) {
            Partition p = partition(tag);
            p.mutex.lock();
            try {
                List<String> holding = new ArrayList<>();
                lock.holders.keySet().forEach(h -> holding.add(Integer.toString(h.proc.pid())));
                List<String> queue = new ArrayList<>();
                lock.waiters.forEach(w -> queue.add(Integer.toString(w.proc.pid())));
                detail = (holding.size() == 1 ? "Process holding the lock: " : "Processes holding the lock: ")
                        + String.join(", ", holding) + ". Wait queue: " + String.join(", ", queue) + ".";
            } finally {
                p.mutex.unlock();
            }
        }
        ServerLog.log(Severity.LOG, message, detail, null);
    }

    // ---- release ----------------------------------------------------------------------------------------

    /** LockRelease of one acquisition: the mode is given up when its last acquisition is released. */
    public void release(LockOwner owner, LockTag tag, LockMode mode) {
        int[] counts = owner.local.get(tag);
        if (counts == null || counts[mode.ordinal()] == 0) {
            return;
        }
        if (owner.subtransactionLog != null) {
            owner.forgetLastAcquisition(tag, mode);
        }
        releaseCounted(owner, tag, mode, counts);
    }

    private void releaseCounted(LockOwner owner, LockTag tag, LockMode mode, int[] counts) {
        if (--counts[mode.ordinal()] > 0) {
            return;
        }
        boolean any = false;
        for (int c : counts) {
            any |= c > 0;
        }
        if (!any) {
            owner.local.remove(tag);
        }
        releaseHeld(owner, tag, mode);
    }

    private void releaseHeld(LockOwner owner, LockTag tag, LockMode mode) {
        boolean relation = tag.kind() == LockTag.Kind.RELATION;
        if (relation && isWeak(mode)) {
            owner.fastPathLock.lock();
            try {
                Integer bits = owner.fastPath.get(tag);
                if (bits != null && (bits & mode.bit()) != 0) {
                    int left = bits & ~mode.bit();
                    if (left == 0) {
                        owner.fastPath.remove(tag);
                    } else {
                        owner.fastPath.put(tag, left);
                    }
                    return;
                }
            } finally {
                owner.fastPathLock.unlock();
            }
        }
        Partition p = partition(tag);
        p.mutex.lock();
        try {
            Lock lock = p.locks.get(tag);
            if (lock != null) {
                ungrant(lock, owner, mode);
                wakeWaiters(lock);
                if (lock.unused()) {
                    p.locks.remove(tag);
                }
            }
        } finally {
            p.mutex.unlock();
        }
        if (relation && isStrong(mode)) {
            strongRelationLocks.decrementAndGet(strongSlot(tag));
        }
    }

    // ---- subtransactions ----------------------------------------------------------------------------------

    /**
     * A savepoint starts: from now on the owner records each acquisition in order (PostgreSQL gives each
     * subtransaction a ResourceOwner; one ordered log with a mark per level does the same for one thread).
     * Returns the mark that {@link #releaseSince} goes back to.
     */
    public int subtransactionMark(LockOwner owner) {
        if (owner.subtransactionLog == null) {
            owner.subtransactionLog = new ArrayList<>();
        }
        return owner.subtransactionLog.size();
    }

    /**
     * ROLLBACK TO SAVEPOINT (AbortSubTransaction's ResourceOwnerRelease): every acquisition made since {@code mark}
     * is released, newest first; a lock also held from before the mark stays held (its earlier acquisition counts).
     * Waiters on what becomes free are woken.
     */
    public void releaseSince(LockOwner owner, int mark) {
        List<LockOwner.Acquisition> log = owner.subtransactionLog;
        if (log == null) {
            return;
        }
        for (int i = log.size() - 1; i >= mark; i--) {
            LockOwner.Acquisition a = log.remove(i);
            int[] counts = owner.local.get(a.tag());
            if (counts != null && counts[a.mode().ordinal()] > 0) {
                releaseCounted(owner, a.tag(), a.mode(), counts);
            }
        }
    }

    /** No savepoint is left (all released or rolled back): acquisitions are no longer recorded. */
    public void endSubtransactionLog(LockOwner owner) {
        owner.subtransactionLog = null;
    }

    /** LockReleaseAll at transaction end (commit or abort), also after an error in the middle of a wait. */
    public void releaseAll(LockOwner owner) {
        owner.subtransactionLog = null;
        for (Iterator<Map.Entry<LockTag, int[]>> it = owner.local.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<LockTag, int[]> e = it.next();
            int[] counts = e.getValue();
            int[] sessionCounts = owner.session.get(e.getKey());
            boolean kept = false;
            for (LockMode m : LockMode.values()) {
                int keep = sessionCounts == null ? 0 : sessionCounts[m.ordinal()];
                if (keep > 0) {
                    // a session-level lock outlives the transaction: only the transaction's acquisitions go
                    counts[m.ordinal()] = keep;
                    kept = true;
                } else if (counts[m.ordinal()] > 0) {
                    counts[m.ordinal()] = 0;
                    releaseHeld(owner, e.getKey(), m);
                }
            }
            if (!kept) {
                it.remove();
            }
        }
        for (long relation : owner.rowLockRelations) {
            AtomicInteger n = rowLockCounts.get(relation);
            if (n != null) {
                n.decrementAndGet();
            }
        }
        owner.rowLockRelations.clear();
        if (owner.transientOwner) {
            owners.remove(owner);
        }
    }

    // ---- transactions and rows --------------------------------------------------------------------------

    /** XactLockTableWait: waits until the transaction holding {@code xid}'s lock ends. */
    public void waitForTransaction(LockOwner owner, long xid) {
        LockTag tag = LockTag.transaction(xid);
        acquire(owner, tag, LockMode.SHARE, false);
        release(owner, tag, LockMode.SHARE);
    }

    /** ConditionalXactLockTableWait: false if {@code xid} is still running. */
    public boolean transactionEnded(LockOwner owner, long xid) {
        LockTag tag = LockTag.transaction(xid);
        if (!acquire(owner, tag, LockMode.SHARE, true)) {
            return false;
        }
        release(owner, tag, LockMode.SHARE);
        return true;
    }

    /**
     * Before its first row lock on a relation, an owner raises the relation's row-lock count (kept until its
     * transaction ends); writers that see a zero count under the page lock may skip the tuple lock.
     */
    public void noteRowLocks(LockOwner owner, int database, int relation) {
        long key = ((long) database << 32) | (relation & 0xFFFFFFFFL);
        if (owner.rowLockRelations.add(key)) {
            rowLockCounts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** True if some transaction may hold row locks in the relation. */
    public boolean mayHaveRowLocks(int database, int relation) {
        AtomicInteger n = rowLockCounts.get(((long) database << 32) | (relation & 0xFFFFFFFFL));
        return n != null && n.get() > 0;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    private Partition partition(LockTag tag) {
        return partitions[(tag.hashCode() & 0x7FFFFFFF) % PARTITIONS];
    }

    private void checkOpen() {
        if (closed) {
            throw StorageMessages.engineClosed();
        }
    }

    /** The generation ends: every waiter wakes and fails; nothing can be locked any more. */
    public void close() {
        closed = true;
        for (Partition p : partitions) {
            p.mutex.lock();
            try {
                for (Lock lock : p.locks.values()) {
                    for (LockOwner w : lock.waiters) {
                        Thread t = w.waitThread;
                        if (t != null) {
                            LockSupport.unpark(t);
                        }
                    }
                }
            } finally {
                p.mutex.unlock();
            }
        }
    }

    /** For tests: number of objects in the shared table. */
    int sharedLockCount() {
        int n = 0;
        for (Partition p : partitions) {
            p.mutex.lock();
            try {
                n += p.locks.size();
            } finally {
                p.mutex.unlock();
            }
        }
        return n;
    }
}
