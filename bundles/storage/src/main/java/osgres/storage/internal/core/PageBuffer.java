package osgres.storage.internal.core;

import java.lang.foreign.MemorySegment;

/**
 * A pinned shared buffer holding one page. Closing it unpins it. The content lock protects the page bytes:
 * shared to read, exclusive to change; never hold two content locks in an order other than block order of one
 * relation (B-tree splits lock left to right, parent after children) to stay deadlock-free.
 * A change is: lock exclusive, modify {@link #page()}, {@link #markDirty()}, WAL-log it (which sets the page
 * LSN), unlock. The buffer manager never writes a page out before WAL is flushed up to its page LSN.
 */
public interface PageBuffer extends AutoCloseable {

    RelFile rel();

    int block();

    /** The 8 KB page, in shared memory; valid while pinned. */
    MemorySegment page();

    void lockShared();

    void lockExclusive();

    void unlock();

    void markDirty();

    long pageLsn();

    void setPageLsn(long lsn);

    /** Unpins (and unlocks, if still locked by this thread). */
    @Override
    void close();
}
