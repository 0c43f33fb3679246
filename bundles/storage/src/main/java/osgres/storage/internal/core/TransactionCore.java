package osgres.storage.internal.core;

/**
 * Transaction ids, CLOG (pg_xact), the proc array and snapshots (varsup.c, clog.c, procarray.c, xact.c).
 * Thread-safe. xids are 64-bit here (no wraparound); 0 is invalid, 1 and 2 are reserved as in PostgreSQL
 * (bootstrap, frozen), so the first normal xid is 3.
 */
public interface TransactionCore {
    long INVALID_XID = 0;
    long FROZEN_XID = 2;

    enum Status { IN_PROGRESS, COMMITTED, ABORTED }

    /** Assigns a new xid and enters it in the proc array (before the transaction writes anything). */
    long assignXid();

    /**
     * Assigns the xid of a subtransaction of the running top-level transaction {@code topXid} and records its parent
     * (pg_subtrans); like any xid it is running until its top-level transaction ends or it is aborted.
     */
    long assignSubXid(long topXid);

    /** The top-level transaction of a running, not aborted subtransaction id; {@code xid} itself for any other. */
    long topXid(long xid);

    /**
     * TransactionIdIsCurrentTransactionId from the point of view of top-level transaction {@code topXid} (0: none):
     * {@code xid} is it or one of its subtransactions that was not rolled back. Subtransaction ids are assigned
     * after their top-level xid, so only larger xids need the look-up.
     */
    default boolean isCurrentTransaction(long xid, long topXid) {
        return topXid != INVALID_XID && (xid == topXid || (xid > topXid && topXid(xid) == topXid));
    }

    /** A snapshot for a transaction ({@code ownXid} may be 0 until it writes). */
    Snapshot takeSnapshot(long ownXid, int commandId);

    /** Registers a snapshot's xmin so vacuum keeps what it can see; unregister when the snapshot is dropped. */
    void registerSnapshot(long backendId, long xmin);

    /** {@link #registerSnapshot(long, long)} of a backend a hot standby's replay may cancel (recovery conflicts). */
    default void registerSnapshot(long backendId, long xmin, osgres.storage.BackendProc proc) {
        registerSnapshot(backendId, xmin);
    }

    void unregisterSnapshot(long backendId);

    /** Committed, aborted, or still running (a crashed transaction is aborted after recovery). */
    Status status(long xid);

    /**
     * Commits: writes the commit record, marks CLOG, leaves the proc array; with {@code synchronous} the
     * commit record is flushed before return, otherwise the walwriter flushes it later.
     */
    default void commit(long xid, boolean synchronous) {
        commit(xid, new long[0], synchronous);
    }

    /**
     * Commits top-level transaction {@code xid} with its committed subtransactions {@code subxids}: one commit record
     * lists them all, and CLOG and the proc array change for all of them before anyone can wait on them again.
     */
    void commit(long xid, long[] subxids, boolean synchronous);

    /**
     * Commit, then {@code beforeVisible} with the commit record's end LSN while the transaction still shows as
     * running to everyone else (where a synchronous-replication wait happens, as in RecordTransactionCommit).
     */
    default void commit(long xid, long[] subxids, boolean synchronous, java.util.function.LongConsumer beforeVisible) {
        commit(xid, subxids, synchronous);
    }

    /** Aborts: abort record (not flushed), CLOG aborted, leaves the proc array. */
    default void abort(long xid) {
        abort(xid, new long[0]);
    }

    /** Aborts top-level transaction {@code xid} and its subtransactions {@code subxids}. */
    void abort(long xid, long[] subxids);

    /**
     * ROLLBACK TO SAVEPOINT (AbortSubTransaction + RecordTransactionAbort of a subtransaction): the subtransactions
     * {@code subxids} of {@code topXid} are aborted (an abort record, CLOG, the proc array) and their
     * end-of-transaction actions run as at abort; the top-level transaction goes on.
     */
    void abortSubtransactions(long topXid, long[] subxids);

    /** Oldest xmin of any running transaction or registered snapshot: older dead tuples can be removed. */
    long oldestXmin();

    /** The next transaction id to be assigned (ReadNextTransactionId). */
    long nextXid();

    /** A new OID (relations, relfilenodes), WAL-logged in batches and kept in checkpoints. */
    int nextOid();

    /**
     * Runs an action after commit of {@code xid}'s top-level transaction or at abort of {@code xid} (a subtransaction
     * rolled back runs its abort actions then) (e.g. unlink the old file of a TRUNCATE at commit,
     * the new one at abort).
     */
    void atEndOfTransaction(long xid, Runnable onCommit, Runnable onAbort);
}
