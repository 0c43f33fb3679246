package osgres.storage.internal.core;

/**
 * The write-ahead log (xlog.c / xloginsert.c). Records carry a CRC-32C; segments are 16 MB files in pg_wal
 * named as PostgreSQL names them. Thread-safe.
 */
public interface Wal {

    /**
     * Appends a record to the WAL buffers. Each buffer in {@code blocks} must be pinned, exclusively locked and
     * already changed and marked dirty: the first change of a page after the last checkpoint's redo point is
     * logged with a full-page image, and every page's LSN is set to the record's end LSN here.
     *
     * @return the record's end LSN
     */
    long insert(int rmgr, int info, long xid, byte[] data, PageBuffer... blocks);

    /** Makes the WAL durable up to {@code lsn} (concurrent callers share one fsync: group commit). */
    void flush(long lsn);

    long flushedLsn();

    /** End of the last inserted record. */
    long insertLsn();

    /**
     * The current checkpoint's redo point (GetRedoRecPtr): a page whose LSN is not after it was last changed before
     * that checkpoint, so a change that relies on earlier WAL (a sequence's values logged ahead) must log again.
     */
    long redoLsn();

    /** Registers the replay function of a resource manager (done by each upper-half module at start). */
    void registerRedo(int rmgr, RedoHandler handler);
}
