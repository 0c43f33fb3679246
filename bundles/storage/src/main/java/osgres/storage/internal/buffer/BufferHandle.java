package osgres.storage.internal.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import osgres.storage.BufferUsage;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;

/**
 * One pin of a shared buffer, handed to one thread (a Buffer in bufmgr.c terms plus the content-lock mode it
 * holds). The handle remembers its own lock mode so {@link #close()} can release exactly what it took, even if
 * the same thread pinned the same buffer twice.
 */
final class BufferHandle implements PageBuffer {

    /** pd_lsn: 8 bytes, little-endian, at offset 0 of every page. */
    static final ValueLayout.OfLong LSN_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private enum LockMode { NONE, SHARED, EXCLUSIVE }

    private final BufferManager manager;
    private final BufferDescriptor descriptor;
    private final BufferTag tag;
    private LockMode lockMode = LockMode.NONE;
    private boolean closed;

    BufferHandle(BufferManager manager, BufferDescriptor descriptor, BufferTag tag) {
        this.manager = manager;
        this.descriptor = descriptor;
        this.tag = tag;
    }

    BufferDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public RelFile rel() {
        return tag.rel();
    }

    @Override
    public int block() {
        return tag.block();
    }

    @Override
    public MemorySegment page() {
        return descriptor.page;
    }

    @Override
    public void lockShared() {
        checkOpen();
        if (lockMode != LockMode.NONE) {
            throw new IllegalStateException("buffer " + descriptor.id + " is already locked by this handle");
        }
        descriptor.content.readLock().lock();
        lockMode = LockMode.SHARED;
    }

    @Override
    public void lockExclusive() {
        checkOpen();
        if (lockMode != LockMode.NONE) {
            throw new IllegalStateException("buffer " + descriptor.id + " is already locked by this handle");
        }
        descriptor.content.writeLock().lock();
        lockMode = LockMode.EXCLUSIVE;
    }

    /** For extend(): the handle starts out holding the exclusive lock taken by the buffer manager. */
    void adoptExclusiveLock() {
        lockMode = LockMode.EXCLUSIVE;
    }

    @Override
    public void unlock() {
        switch (lockMode) {
            case SHARED -> descriptor.content.readLock().unlock();
            case EXCLUSIVE -> descriptor.content.writeLock().unlock();
            case NONE -> throw new IllegalStateException("buffer " + descriptor.id + " is not locked");
        }
        lockMode = LockMode.NONE;
    }

    @Override
    public void markDirty() {
        checkOpen();
        if (!descriptor.dirty) {
            BufferUsage.count(BufferUsage.Counter.SHARED_DIRTIED, 1); // MarkBufferDirty: first dirtied by us
        }
        descriptor.dirty = true;
    }

    @Override
    public long pageLsn() {
        return descriptor.page.get(LSN_LAYOUT, Page.LSN_OFFSET);
    }

    @Override
    public void setPageLsn(long lsn) {
        descriptor.page.set(LSN_LAYOUT, Page.LSN_OFFSET, lsn);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (lockMode != LockMode.NONE) {
            unlock();
        }
        closed = true;
        descriptor.unpin();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("buffer " + descriptor.id + " was already released");
        }
    }

    @Override
    public String toString() {
        return "buffer " + descriptor.id + " (" + tag + ")";
    }
}
