package osgres.shmem.internal;

/**
 * How big the arena is, after PostgreSQL's {@code CalculateShmemSize()} (ipci.c) in broad strokes: the buffer
 * pool, the WAL buffers (with {@code XLOGChooseNumBuffers()}'s autotuning of {@code wal_buffers = -1}), a
 * rough per-connection area for the proc array and locks, and a fixed megabyte for everything small, rounded
 * up to a whole megabyte. It does not itemize every structure as PostgreSQL does.
 */
final class SharedMemorySize {

    static final long BLOCK_SIZE = 8192;
    static final long PER_CONNECTION = 4096;
    static final long FIXED = 1L << 20;
    static final long ROUNDING = 1L << 20;

    /** XLOGChooseNumBuffers: at least 8 pages (64kB), at most one 16MB WAL segment. */
    private static final long MIN_AUTO_WAL_PAGES = 8;
    private static final long MAX_AUTO_WAL_PAGES = (16L << 20) / BLOCK_SIZE;
    /** check_wal_buffers: an explicit setting below 4 pages is raised to 4. */
    private static final long MIN_WAL_PAGES = 4;

    /**
     * @param sharedBuffers  shared_buffers in 8kB pages
     * @param walBuffers     wal_buffers in 8kB pages, -1 for 1/32 of shared_buffers
     * @param maxConnections max_connections
     */
    static long bytes(long sharedBuffers, long walBuffers, long maxConnections) {
        long total = sharedBuffers * BLOCK_SIZE
                + walBufferPages(walBuffers, sharedBuffers) * BLOCK_SIZE
                + maxConnections * PER_CONNECTION
                + FIXED;
        return (total + ROUNDING - 1) / ROUNDING * ROUNDING;
    }

    static long walBufferPages(long walBuffers, long sharedBuffers) {
        if (walBuffers == -1) {
            return Math.clamp(sharedBuffers / 32, MIN_AUTO_WAL_PAGES, MAX_AUTO_WAL_PAGES);
        }
        return Math.max(walBuffers, MIN_WAL_PAGES);
    }

    private SharedMemorySize() {
    }
}
