package osgres.storage.internal.core;

/**
 * Shared buffers (bufmgr.c + smgr): {@code shared_buffers} pages in shared memory, clock-sweep replacement,
 * dirty pages written back only after the WAL covering them is durable. Thread-safe.
 */
public interface BufferPool {

    /** Pins block {@code block} of {@code rel}, reading it from disk if needed (unlocked). */
    PageBuffer read(RelFile rel, int block);

    /** Appends a new zero-filled page to {@code rel}; returned pinned and exclusively locked. */
    PageBuffer extend(RelFile rel);

    /** Number of blocks in the relation (including pages only in buffers so far). */
    int blockCount(RelFile rel);

    /** Whether the block is in the pool now (VACUUM's cost accounting tells a hit from a miss by it). */
    boolean isResident(RelFile rel, int block);

    /** Creates the (empty) relation file; idempotent (redo may repeat it). */
    void createRelation(RelFile rel);

    /** Discards the relation's buffers and deletes its file; idempotent. */
    void dropRelation(RelFile rel);
}
