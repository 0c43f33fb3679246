package osgres.storage.internal.control;

import osgres.api.Settings;

/**
 * The GUCs the lower half reads, with PostgreSQL's defaults when a value is missing or unreadable (tests pass
 * partial Settings). Read on each use, so a reload (sighup parameters) takes effect at the next checkpoint.
 */
final class StorageSettings {

    private static final long DEFAULT_SHARED_BUFFERS = 16384;
    private static final long DEFAULT_MAX_WAL_SIZE_MB = 1024;
    /** XLOGChooseNumBuffers: at least 8 pages (64 kB), at most one 16 MB segment; explicit values at least 4. */
    private static final long MIN_AUTO_WAL_PAGES = 8;
    private static final long MAX_AUTO_WAL_PAGES = 2048;
    private static final long MIN_WAL_PAGES = 4;

    private final Settings settings;

    StorageSettings(Settings settings) {
        this.settings = settings;
    }

    int sharedBuffers() {
        return (int) Math.max(16, intValue("shared_buffers", DEFAULT_SHARED_BUFFERS));
    }

    /** wal_buffers in 8 kB pages, auto-tuned from shared_buffers when -1 (as osgres.shmem sizes the arena). */
    long walBufferPages() {
        long walBuffers = intValue("wal_buffers", -1);
        if (walBuffers == -1) {
            return Math.clamp(sharedBuffers() / 32, MIN_AUTO_WAL_PAGES, MAX_AUTO_WAL_PAGES);
        }
        return Math.max(walBuffers, MIN_WAL_PAGES);
    }

    long maxWalSizeMb() {
        return Math.max(2, intValue("max_wal_size", DEFAULT_MAX_WAL_SIZE_MB));
    }

    boolean logCheckpoints() {
        try {
            return settings.value("log_checkpoints").isEmpty() || settings.boolValue("log_checkpoints");
        } catch (RuntimeException e) {
            return true;
        }
    }

    private long intValue(String name, long fallback) {
        try {
            if (settings.value(name).isEmpty()) {
                return fallback;
            }
            return settings.intValue(name);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
