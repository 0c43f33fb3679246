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

    /** A snapshot for a transaction ({@code ownXid} may be 0 until it writes). */
    Snapshot takeSnapshot(long ownXid, int commandId);

    /** Registers a snapshot's xmin so vacuum keeps what it can see; unregister when the snapshot is dropped. */
    void registerSnapshot(long backendId, long xmin);

    void unregisterSnapshot(long backendId);

    /** Committed, aborted, or still running (a crashed transaction is aborted after recovery). */
    Status status(long xid);

    /**
     * Commits: writes the commit record, marks CLOG, leaves the proc array; with {@code synchronous} the
     * commit record is flushed before return, otherwise the walwriter flushes it later.
     */
    void commit(long xid, boolean synchronous);

    /** Aborts: abort record (not flushed), CLOG aborted, leaves the proc array. */
    void abort(long xid);

    /** Oldest xmin of any running transaction or registered snapshot: older dead tuples can be removed. */
    long oldestXmin();

    /** The next transaction id to be assigned (ReadNextTransactionId). */
    long nextXid();

    /** A new OID (relations, relfilenodes), WAL-logged in batches and kept in checkpoints. */
    int nextOid();

    /**
     * Runs an action after commit of {@code xid} or at abort (e.g. unlink the old file of a TRUNCATE at commit,
     * the new one at abort).
     */
    void atEndOfTransaction(long xid, Runnable onCommit, Runnable onAbort);
}
