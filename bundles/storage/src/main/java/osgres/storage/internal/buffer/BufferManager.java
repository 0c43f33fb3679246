package osgres.storage.internal.buffer;

import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.storage.AuxiliaryWork;
import osgres.storage.BufferUsage;
import osgres.storage.internal.control.Messages;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.wal.WalManager;

/**
 * The shared buffer pool (bufmgr.c, buf_table.c, freelist.c): {@code shared_buffers} 8 KB pages in the
 * shared-memory region "buffers", a descriptor per buffer, a mapping table from (relation, block) to buffer,
 * and clock-sweep replacement with usage counts. A page is written out only after the WAL up to its page LSN
 * is durable (WAL before data); the victim's writer does that flush itself, as a backend does in
 * PostgreSQL. Also the bgwriter's ({@link #writeDirtyBuffers}) and the checkpointer's ({@link #flushAll})
 * write paths.
 *
 * <p>Locking: the mapping table is a ConcurrentHashMap; a descriptor's header lock is held only for a few
 * field updates (never across I/O or while taking another lock); the content lock is held across the page
 * write. A buffer moves to a new tag only while its sole pin is the allocator's, and it is unmapped under its
 * header lock, so {@link BufferDescriptor#pinIfTaggedAndValid} either pins it before (the allocator backs off) or
 * sees the new tag and retries. No free list, no ring buffers for bulk reads, no local buffers.
 *
 * <p>A page read from disk is verified before anyone sees it ({@link Page#isVerified}, PageIsVerifiedExtended
 * without checksums): a damaged header is ERROR XX001 for the statement that read it, and the buffer goes back
 * unmapped, so the next reader tries (and fails) again instead of finding garbage cached.
 */
public final class BufferManager implements BufferPool, AuxiliaryWork.BufferWriter {

    private final BufferDescriptor[] descriptors;
    private final ConcurrentHashMap<BufferTag, BufferDescriptor> mapping;
    private final ConcurrentHashMap<RelFile, ReentrantLock> extensionLocks = new ConcurrentHashMap<>();
    private final AtomicLong clockHand = new AtomicLong();
    private final RelationFiles files;
    private final WalManager wal;
    /** Where buffers_alloc, buffers_backend, buffers_clean and maxwritten_clean are counted. */
    private volatile CumulativeStatistics statistics = new CumulativeStatistics();

    /**
     * @param region the shared-memory region holding the pages, {@code buffers * 8192} bytes
     */
    public BufferManager(MemorySegment region, int buffers, RelationFiles files, WalManager wal) {
        if (region.byteSize() < (long) buffers * Page.SIZE) {
            throw new IllegalArgumentException("buffer region too small for " + buffers + " buffers");
        }
        this.descriptors = new BufferDescriptor[buffers];
        for (int i = 0; i < buffers; i++) {
            descriptors[i] = new BufferDescriptor(i, region.asSlice((long) i * Page.SIZE, Page.SIZE));
        }
        this.mapping = new ConcurrentHashMap<>(buffers * 2);
        this.files = files;
        this.wal = wal;
    }

    public void setStatistics(CumulativeStatistics statistics) {
        this.statistics = statistics;
    }

    public int bufferCount() {
        return descriptors.length;
    }

    public RelationFiles files() {
        return files;
    }

    /** ReadBufferMode, the two osgres uses. */
    public enum ReadMode {
        /** RBM_NORMAL: read the block from disk (unless buffered) and verify its header. */
        NORMAL,
        /** RBM_ZERO_AND_LOCK: the caller overwrites the whole page (a new block, a full-page image): no read. */
        ZERO
    }

    @Override
    public PageBuffer read(RelFile rel, int block) {
        BufferTag tag = new BufferTag(rel, block);
        return new BufferHandle(this, pinBuffer(tag, ReadMode.NORMAL, true), tag);
    }

    @Override
    public boolean isResident(RelFile rel, int block) {
        return mapping.containsKey(new BufferTag(rel, block));
    }

    /**
     * XLogReadBufferExtended: like {@link #read}, but a missing file is created and a block past the end is
     * added (zero-filled), since WAL replay may reach a page whose extension never made it to disk. A block that
     * a full-page image will overwrite is not read ({@link ReadMode#ZERO}), so a torn page on disk does not stop
     * the redo that repairs it.
     */
    public PageBuffer readForRedo(RelFile rel, int block, ReadMode mode) {
        if (!files.exists(rel)) {
            files.create(rel);
        }
        if (block >= files.blockCount(rel)) {
            files.extendTo(rel, block + 1);
        }
        BufferTag tag = new BufferTag(rel, block);
        return new BufferHandle(this, pinBuffer(tag, mode, false), tag);
    }

    @Override
    public PageBuffer extend(RelFile rel) {
        ReentrantLock extension = extensionLocks.computeIfAbsent(rel, r -> new ReentrantLock());
        extension.lock();
        try {
            int block = files.extend(rel);
            BufferTag tag = new BufferTag(rel, block);
            BufferDescriptor descriptor = pinBuffer(tag, ReadMode.ZERO, true);
            BufferHandle handle = new BufferHandle(this, descriptor, tag);
            descriptor.content.writeLock().lock();
            handle.adoptExclusiveLock();
            descriptor.page.fill((byte) 0);
            return handle;
        } finally {
            extension.unlock();
        }
    }

    @Override
    public int blockCount(RelFile rel) {
        return files.blockCount(rel);
    }

    @Override
    public void createRelation(RelFile rel) {
        if (files.exists(rel)) {
            return; // already there (and so already durable): nothing to log again
        }
        if (wal.isWritable() && !rel.isTemporary()) {
            wal.insert(ResourceManagers.SMGR, SmgrRecords.CREATE, 0, SmgrRecords.encode(rel));
        }
        files.create(rel);
    }

    @Override
    public void dropRelation(RelFile rel) {
        invalidateRelation(rel);
        if (wal.isWritable() && !rel.isTemporary()) {
            // The drop follows the commit (or abort) record that decided it: flushing the drop record makes
            // that decision durable before the file is gone, so a crash cannot resurrect a catalog entry
            // pointing at a missing file.
            long end = wal.insert(ResourceManagers.SMGR, SmgrRecords.DROP, 0, SmgrRecords.encode(rel));
            wal.flush(end);
        }
        files.drop(rel);
        extensionLocks.remove(rel);
    }

    /** DropRelationBuffers: forgets every buffer of the relation without writing it. */
    void invalidateRelation(RelFile rel) {
        for (BufferDescriptor d : descriptors) {
            d.header.lock();
            try {
                if (d.tag != null && d.tag.rel().equals(rel)) {
                    mapping.remove(d.tag, d);
                    d.tag = null;
                    d.valid = false;
                    d.dirty = false;
                    d.usageCount = 0;
                }
            } finally {
                d.header.unlock();
            }
        }
    }

    /**
     * Returns the buffer holding {@code tag}, pinned and valid, reading it in (or zeroing it) if needed. A page
     * read from disk whose header is not sane is ERROR XX001 (ReadBuffer_common): the buffer is given back, the
     * statement fails, the server goes on, and the page on disk is left as it is for an operator to look at. A
     * {@code counted} access is a hit or a read of its database's blks_hit/blks_read (an extension counts as a
     * read, as in PostgreSQL; WAL replay counts nowhere).
     */
    private BufferDescriptor pinBuffer(BufferTag tag, ReadMode mode, boolean counted) {
        while (true) {
            BufferDescriptor found = mapping.get(tag);
            if (found != null) {
                int pinned = found.pinIfTaggedAndValid(tag);
                if (pinned != BufferDescriptor.NOT_TAGGED) {
                    if (pinned == BufferDescriptor.PINNED_VALID || found.awaitValid()) {
                        if (counted) {
                            statistics.blockAccessed(tag.rel().databaseOid(), true);
                            BufferUsage.count(BufferUsage.Counter.SHARED_HIT, 1);
                        }
                        return found;
                    }
                    found.unpin(); // the reading thread failed and unmapped it; try again (and fail ourselves)
                }
                continue;
            }
            BufferDescriptor victim = allocateVictim();
            victim.header.lock();
            try {
                victim.tag = tag;
                victim.valid = false;
                victim.ioInProgress = true;
            } finally {
                victim.header.unlock();
            }
            if (mapping.putIfAbsent(tag, victim) != null) {
                release(victim); // another thread mapped this page first; use theirs
                continue;
            }
            try {
                if (mode == ReadMode.ZERO) {
                    victim.page.fill((byte) 0);
                } else {
                    files.read(tag.rel(), tag.block(), victim.page);
                    if (!Page.isVerified(victim.page)) {
                        throw Messages.invalidPage(tag.block(), files.relpath(tag.rel()));
                    }
                }
            } catch (RuntimeException e) {
                mapping.remove(tag, victim);
                release(victim);
                throw e;
            }
            victim.finishIo(true);
            if (counted) {
                statistics.blockAccessed(tag.rel().databaseOid(), false);
                BufferUsage.count(BufferUsage.Counter.SHARED_READ, 1);
            }
            return victim;
        }
    }

    /** Gives back a victim that did not get mapped: unmapped, invalid, unpinned. */
    private static void release(BufferDescriptor victim) {
        victim.header.lock();
        try {
            victim.tag = null;
            victim.valid = false;
            victim.usageCount = 0;
            victim.pinCount--;
        } finally {
            victim.header.unlock();
        }
        victim.finishIo(false);
    }

    /**
     * StrategyGetBuffer + the eviction half of BufferAlloc: runs the clock until it finds an unpinned buffer
     * with usage count 0, writes it out if dirty, and unmaps it. Returns it pinned once, tagless.
     */
    private BufferDescriptor allocateVictim() {
        long limit = (long) descriptors.length * (BufferDescriptor.MAX_USAGE_COUNT + 2) + 64;
        for (long tries = 0; tries < limit; tries++) {
            BufferDescriptor d = descriptors[(int) Math.floorMod(clockHand.getAndIncrement(), descriptors.length)];
            d.header.lock();
            try {
                if (d.pinCount > 0 || d.ioInProgress) {
                    continue;
                }
                if (d.usageCount > 0) {
                    d.usageCount--;
                    continue;
                }
                d.pinCount = 1;
            } finally {
                d.header.unlock();
            }
            if (d.dirty) {
                // Only a conditional share lock, as BufferAlloc: our caller may hold another content lock, and
                // whoever holds this one exclusively may be waiting for it.
                if (!d.content.readLock().tryLock()) {
                    d.unpin();
                    continue;
                }
                try {
                    if (flushBuffer(d)) {
                        statistics.backendWroteBuffer();
                        BufferUsage.count(BufferUsage.Counter.SHARED_WRITTEN, 1);
                    }
                } catch (RuntimeException e) {
                    d.unpin();
                    throw e;
                } finally {
                    d.content.readLock().unlock();
                }
            }
            d.header.lock();
            try {
                if (d.pinCount == 1 && !d.dirty) {
                    if (d.tag != null) {
                        mapping.remove(d.tag, d);
                    }
                    d.tag = null;
                    d.valid = false;
                    d.usageCount = 1;
                    statistics.bufferAllocated();
                    return d;
                }
                d.pinCount--; // someone pinned or re-dirtied it while we wrote it: look further
            } finally {
                d.header.unlock();
            }
        }
        throw new IllegalStateException(Messages.NO_UNPINNED_BUFFERS);
    }

    /**
     * FlushBuffer: writes a dirty page, after making the WAL durable up to its page LSN. The caller holds a pin,
     * so the tag cannot change underneath. Returns whether a page was written. Takes the share content lock
     * (reentrantly, if the caller already got it conditionally).
     */
    private boolean flushBuffer(BufferDescriptor d) {
        d.content.readLock().lock();
        try {
            BufferTag tag;
            d.header.lock();
            try {
                tag = d.tag;
            } finally {
                d.header.unlock();
            }
            if (!d.dirty || tag == null) {
                return false;
            }
            // Cleared before the write: a change made after this point (only possible once we release the
            // share lock) sets it again and the page is written again later.
            d.dirty = false;
            try {
                long lsn = d.page.get(BufferHandle.LSN_LAYOUT, Page.LSN_OFFSET);
                wal.flush(lsn);
                files.write(tag.rel(), tag.block(), d.page);
                return true;
            } catch (PgException e) {
                if (isDroppedFile(e) || (e.severity() == Severity.ERROR && !files.exists(tag.rel()))) {
                    return false; // the relation was dropped while we were writing: nothing to keep
                }
                d.dirty = true;
                throw e;
            } catch (RuntimeException e) {
                d.dirty = true;
                throw e;
            }
        } finally {
            d.content.readLock().unlock();
        }
    }

    /** A write that failed because its relation's file is gone (never the WAL flush's PANIC). */
    private static boolean isDroppedFile(PgException e) {
        return e.severity() == Severity.ERROR
                && (e.getCause() instanceof NoSuchFileException || e.getCause() instanceof ClosedChannelException);
    }

    /** BgBufferSync, simplified: writes dirty buffers the clock is about to reach that nobody is using. */
    @Override
    public int writeDirtyBuffers(int maxPages) {
        int written = 0;
        long start = clockHand.get();
        for (int i = 0; i < descriptors.length && written < maxPages; i++) {
            BufferDescriptor d = descriptors[(int) Math.floorMod(start + i, descriptors.length)];
            if (!d.dirty || !pinIfReusable(d)) {
                continue;
            }
            try {
                if (flushBuffer(d)) {
                    written++;
                }
            } finally {
                d.unpin();
            }
        }
        statistics.bufferCleaningDone(written, maxPages > 0 && written >= maxPages);
        return written;
    }

    private static boolean pinIfReusable(BufferDescriptor d) {
        d.header.lock();
        try {
            if (d.pinCount > 0 || d.usageCount > 0 || d.tag == null || d.ioInProgress) {
                return false;
            }
            d.pinCount++;
            return true;
        } finally {
            d.header.unlock();
        }
    }

    /** BufferSync for a checkpoint: writes every buffer dirty when it is reached; returns how many. */
    public int flushAll() {
        return flushAll(written -> true);
    }

    /** What a checkpoint does between two buffer writes (CheckpointWriteDelay): nap, or stop the scan. */
    @FunctionalInterface
    public interface AfterCheckpointWrite {
        /** {@code written} buffers are written so far, none pinned by this scan; false ends the scan. */
        boolean proceed(int written);
    }

    /**
     * BufferSync: writes every buffer found dirty during one pass, calling {@code afterWrite} after each write
     * (with no buffer pinned, so a nap there holds nothing up); returns how many it wrote, fewer if
     * {@code afterWrite} stopped it.
     */
    public int flushAll(AfterCheckpointWrite afterWrite) {
        int written = 0;
        for (BufferDescriptor d : descriptors) {
            if (!d.dirty) {
                continue;
            }
            d.header.lock();
            try {
                if (d.tag == null || d.ioInProgress) {
                    continue;
                }
                d.pinCount++;
            } finally {
                d.header.unlock();
            }
            boolean wrote;
            try {
                wrote = flushBuffer(d);
            } finally {
                d.unpin();
            }
            if (wrote && !afterWrite.proceed(++written)) {
                break;
            }
        }
        return written;
    }

    /** Number of dirty buffers (tests, statistics). */
    public int dirtyCount() {
        int n = 0;
        for (BufferDescriptor d : descriptors) {
            if (d.dirty) {
                n++;
            }
        }
        return n;
    }
}
