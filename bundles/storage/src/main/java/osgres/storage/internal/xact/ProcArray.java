package osgres.storage.internal.xact;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import osgres.storage.internal.core.Snapshot;

/**
 * The proc array (procarray.c): which xids are running, the next xid to assign, and the xmins of registered
 * snapshots. The running set and nextXid are one immutable {@link State} swapped under a lock, so
 * {@link #snapshot} reads a consistent picture with a single volatile read and no lock (GetSnapshotData's
 * ProcArrayLock in shared mode costs nothing here); assigning and ending xids copy the array, which is as long
 * as the number of writing transactions.
 *
 * <p>A subtransaction's xid is running here from its assignment until its top-level transaction ends (or a ROLLBACK
 * TO aborts it), as PostgreSQL keeps subxids in PGPROC's subxid cache: another backend's snapshot lists it, so
 * a released savepoint's rows stay invisible until the top commits. The own transaction leaves out only its
 * top-level xid; its own subxids are recognised before the snapshot is asked (see {@code Visibility}).
 *
 * <p>Kept in Java memory, not in the shared-memory arena: it is rebuilt empty in every generation anyway.
 */
final class ProcArray {

    /** Running xids (ascending, as they are assigned in order) and the next xid to assign. */
    record State(long[] running, long nextXid) {
    }

    /** More xids than this skipped at once are not listed as running (a standby started far behind). */
    private static final long MAX_KNOWN_ASSIGNED_GAP = 1_000_000;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state;
    private final ConcurrentHashMap<Long, Long> snapshotXmins = new ConcurrentHashMap<>();

    ProcArray(long nextXid) {
        this.state = new State(new long[0], nextXid);
    }

    long assign() {
        lock.lock();
        try {
            State s = state;
            long xid = s.nextXid();
            long[] running = Arrays.copyOf(s.running(), s.running().length + 1);
            running[running.length - 1] = xid;
            state = new State(running, xid + 1);
            return xid;
        } finally {
            lock.unlock();
        }
    }

    /** ProcArrayEndTransaction: the xid stops being running for every later snapshot. */
    void remove(long xid) {
        lock.lock();
        try {
            State s = state;
            int index = Arrays.binarySearch(s.running(), xid);
            if (index < 0) {
                return;
            }
            long[] running = new long[s.running().length - 1];
            System.arraycopy(s.running(), 0, running, 0, index);
            System.arraycopy(s.running(), index + 1, running, index, running.length - index);
            state = new State(running, s.nextXid());
        } finally {
            lock.unlock();
        }
    }

    /**
     * ProcArrayEndTransaction for a transaction with subtransactions, or the subtransactions a ROLLBACK TO ends:
     * every xid in {@code xids} stops being running in one step, so no snapshot sees part of them finished.
     */
    void removeAll(long[] xids) {
        if (xids.length == 0) {
            return;
        }
        lock.lock();
        try {
            State s = state;
            long[] running = s.running();
            long[] left = new long[running.length];
            int n = 0;
            for (long x : running) {
                if (!contains(xids, x)) {
                    left[n++] = x;
                }
            }
            state = new State(Arrays.copyOf(left, n), s.nextXid());
        } finally {
            lock.unlock();
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

    /** Recovery: xids up to what the WAL showed are used. */
    void advanceNextXid(long nextXid) {
        lock.lock();
        try {
            State s = state;
            if (nextXid > s.nextXid()) {
                state = new State(s.running(), nextXid);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hot standby (KnownAssignedXidsAdd): a record of {@code xid} was replayed, so it and every xid the primary
     * assigned before it and not seen yet may be running there; they count as running for standby snapshots until
     * their commit or abort record is replayed ({@link #removeAll}).
     */
    void observeRunning(long xid) {
        lock.lock();
        try {
            State s = state;
            if (xid < s.nextXid()) {
                return;
            }
            long gap = xid - s.nextXid() + 1;
            if (gap > MAX_KNOWN_ASSIGNED_GAP) {
                state = new State(s.running(), xid + 1); // a jump no snapshot needs listed one by one
                return;
            }
            long[] running = Arrays.copyOf(s.running(), s.running().length + (int) gap);
            for (int i = 0; i < gap; i++) {
                running[s.running().length + i] = s.nextXid() + i;
            }
            state = new State(running, xid + 1);
        } finally {
            lock.unlock();
        }
    }

    /** End of recovery (ExpireAllKnownAssignedTransactionIds): what replay still took as running never ends. */
    void forgetRunning() {
        lock.lock();
        try {
            state = new State(new long[0], state.nextXid());
        } finally {
            lock.unlock();
        }
    }

    long nextXid() {
        return state.nextXid();
    }

    boolean isRunning(long xid) {
        return Arrays.binarySearch(state.running(), xid) >= 0;
    }

    /**
     * GetSnapshotData: xmax is the next xid (nothing at or above it had started), xmin the oldest running one,
     * and the running ones in between except our own (as PostgreSQL leaves its own xid out).
     */
    Snapshot snapshot(long ownXid, int commandId) {
        State s = state;
        long xmax = s.nextXid();
        long[] running = s.running();
        long xmin = running.length == 0 ? xmax : Math.min(running[0], xmax);
        long[] inProgress = running;
        int own = ownXid == 0 ? -1 : Arrays.binarySearch(running, ownXid);
        if (own >= 0) {
            inProgress = new long[running.length - 1];
            System.arraycopy(running, 0, inProgress, 0, own);
            System.arraycopy(running, own + 1, inProgress, own, inProgress.length - own);
        }
        return new Snapshot(xmin, xmax, inProgress, ownXid, commandId);
    }

    void registerSnapshot(long backendId, long xmin) {
        snapshotXmins.put(backendId, xmin);
    }

    void unregisterSnapshot(long backendId) {
        snapshotXmins.remove(backendId);
    }

    /** Each registered snapshot's backend and xmin. */
    void forEachSnapshot(java.util.function.BiConsumer<Long, Long> action) {
        snapshotXmins.forEach(action);
    }

    /** GetOldestNonRemovableTransactionId: nothing older than this can be seen by anyone. */
    long oldestXmin() {
        State s = state;
        long oldest = s.running().length == 0 ? s.nextXid() : s.running()[0];
        for (long xmin : snapshotXmins.values()) {
            oldest = Math.min(oldest, xmin);
        }
        return oldest;
    }
}
