package osgres.storage.internal.lmgr;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import osgres.storage.BackendProc;
import osgres.storage.LockMode;

/**
 * The locks of one backend's transaction (PostgreSQL keeps them on the backend's PGPROC, with a LOCALLOCK table
 * counting repeated acquisitions); a backend reuses its owner for each of its transactions, one at a time. The local table is touched only by the owning thread; the fast-path table is also read
 * by a strong locker moving weak locks into the shared table, so it is guarded by {@link #fastPathLock}; the
 * wait fields are guarded by the partition lock of the lock waited for.
 */
public final class LockOwner {
    static final int NOT_WAITING = 0;
    static final int WAITING = 1;
    static final int GRANTED = 2;

    final BackendProc proc;
    /** Ends with its {@code releaseAll}; a backend's own owner lives as long as the backend. */
    final boolean transientOwner;
    /** The database of the transaction that owns the locks (0: none), whose pg_stat_database.deadlocks counts. */
    volatile int database;
    /** Owner thread only: acquisition counts per mode of every lock held. */
    final Map<LockTag, int[]> local = new HashMap<>();
    /**
     * Owner thread only: the part of {@link #local}'s counts that are session-level (advisory locks taken with
     * pg_advisory_lock), which transaction end leaves held.
     */
    final Map<LockTag, int[]> session = new HashMap<>();
    /** Owner thread only: relations whose row-lock count this owner raised. */
    final Set<Long> rowLockRelations = new HashSet<>();
    final ReentrantLock fastPathLock = new ReentrantLock();
    /** Guarded by fastPathLock: weak relation locks held without the shared table (mode bits). */
    final Map<LockTag, Integer> fastPath = new HashMap<>();

    /** One lock acquisition, as a subtransaction's log records it. */
    record Acquisition(LockTag tag, LockMode mode) {
    }

    /** Owner thread only: while a savepoint is open, every acquisition in order; null otherwise. */
    List<Acquisition> subtransactionLog;

    LockManager.Lock waitingOn;
    LockMode waitMode;
    volatile int waitStatus = NOT_WAITING;
    volatile Thread waitThread;

    LockOwner(BackendProc proc, boolean transientOwner) {
        this.proc = proc;
        this.transientOwner = transientOwner;
    }

    /** A release of one acquisition removes its newest log entry, so a ROLLBACK TO does not release it again. */
    void forgetLastAcquisition(LockTag tag, LockMode mode) {
        for (int i = subtransactionLog.size() - 1; i >= 0; i--) {
            Acquisition a = subtransactionLog.get(i);
            if (a.mode() == mode && a.tag().equals(tag)) {
                subtransactionLog.remove(i);
                return;
            }
        }
    }

    public void setDatabase(int databaseOid) {
        this.database = databaseOid;
    }

    public BackendProc proc() {
        return proc;
    }

    /** True if this owner holds {@code mode} (or any mode, when null) on {@code tag}. */
    public boolean holds(LockTag tag, LockMode mode) {
        int[] counts = local.get(tag);
        if (counts == null) {
            return false;
        }
        if (mode == null) {
            for (int c : counts) {
                if (c > 0) {
                    return true;
                }
            }
            return false;
        }
        return counts[mode.ordinal()] > 0;
    }
}
