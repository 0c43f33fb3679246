package osgres.shmem.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import osgres.api.SharedMemory;

/**
 * One generation of shared memory: a zeroed {@code Arena.ofShared()} segment and its index of named regions,
 * as PostgreSQL's shared memory segment and ShmemIndex ({@code ShmemInitStruct()} in shmem.c). Regions are
 * carved from the front of the arena, each starting on a 64-byte (cache line) boundary, and never freed
 * while the generation lives. Once {@link #close()}d, the arena is freed: {@link #segment()} and
 * {@link #region} refuse, and any slice handed out earlier fails on access with
 * {@link IllegalStateException} (the Arena's own check), so stale users fail fast instead of reading freed
 * memory.
 */
final class SharedMemoryGeneration implements SharedMemory {

    static final long REGION_ALIGNMENT = 64;
    private static final long ARENA_ALIGNMENT = 4096;

    private final long generation;
    private final Arena arena;
    private final MemorySegment segment;
    /** Guarded by {@code this}: the region index and the allocation offset. */
    private final Map<String, MemorySegment> regions = new HashMap<>();
    private long used;
    private volatile boolean closed;

    SharedMemoryGeneration(long generation, long bytes) {
        this.generation = generation;
        this.arena = Arena.ofShared();
        try {
            // Arena.allocate zeroes the memory, as a fresh shmget/mmap segment is zeroed.
            this.segment = arena.allocate(bytes, ARENA_ALIGNMENT);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public MemorySegment segment() {
        checkOpen();
        return segment;
    }

    @Override
    public synchronized MemorySegment region(String name, long bytes) {
        checkOpen();
        if (bytes < 0) {
            throw new IllegalArgumentException(Messages.negativeSize(name, bytes));
        }
        MemorySegment existing = regions.get(name);
        if (existing != null) {
            if (existing.byteSize() != bytes) {
                throw new IllegalStateException(Messages.wrongEntrySize(name, bytes, existing.byteSize()));
            }
            return existing;
        }
        long start = (used + REGION_ALIGNMENT - 1) / REGION_ALIGNMENT * REGION_ALIGNMENT;
        if (start > segment.byteSize() || bytes > segment.byteSize() - start) {
            throw new IllegalStateException(Messages.notEnoughSharedMemory(name, bytes));
        }
        MemorySegment region = segment.asSlice(start, bytes);
        regions.put(name, region);
        used = start + bytes;
        return region;
    }

    @Override
    public long size() {
        return segment.byteSize();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Bytes handed out so far, alignment padding included. */
    synchronized long used() {
        return used;
    }

    /**
     * Frees the arena. Called only after the service is unregistered, so every component that held it has
     * been deactivated; a straggler's access fails with IllegalStateException.
     */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        arena.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(Messages.generationClosed(generation));
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[generation=" + generation + ", size=" + segment.byteSize() + "]";
    }
}
