package osgres.api;

import java.lang.foreign.MemorySegment;

/**
 * One generation of the server's shared memory (osgres.shmem), registered with service property
 * {@code generation}. Everything that lives in shared memory (buffers, WAL buffers, proc array) holds a
 * static reference to this service: on a crash reset the service is unregistered, which deactivates all
 * of them, and a new generation is registered. After {@link #isClosed()} every access to the old
 * segment fails with {@link IllegalStateException}.
 */
public interface SharedMemory {
    /** Service property carrying the generation number. */
    String GENERATION = "generation";

    long generation();

    /** The whole arena. */
    MemorySegment segment();

    /**
     * A named region inside the arena, allocated on first request (ShmemInitStruct): every caller asking
     * for the same name in one generation gets the same memory.
     */
    MemorySegment region(String name, long bytes);

    long size();

    boolean isClosed();
}
