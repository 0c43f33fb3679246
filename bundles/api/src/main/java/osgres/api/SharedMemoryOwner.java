package osgres.api;

/**
 * The stable owner of shared memory (osgres.shmem). Nothing deactivates it; it creates a generation of
 * {@link SharedMemory} and publishes it as a service. The postmaster calls {@link #reinitialize()} in the
 * crash-reset path (after every child is gone), like PostgreSQL's reset of shared memory and semaphores.
 */
public interface SharedMemoryOwner {

    /** Creates the first generation (postmaster start) if none exists; returns its number. */
    long create();

    /**
     * Allocates the next arena, unregisters the old service (every dependent component is deactivated
     * before this returns), registers the new one, closes the old arena. Synchronous. Returns the new
     * generation.
     */
    long reinitialize();

    /** Unregisters and frees the current generation (server exit). */
    void destroy();

    /** Current generation, 0 before {@link #create()}. */
    long generation();

    /** Size of the arena in bytes, computed from shared_buffers, wal_buffers and max_connections. */
    long size();
}
