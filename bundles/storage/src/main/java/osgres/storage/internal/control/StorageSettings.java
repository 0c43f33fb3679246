package osgres.storage.internal.control;

import osgres.api.Settings;

/**
 * The GUCs the lower half reads, with PostgreSQL's defaults when a value is missing or unreadable (tests pass
 * partial Settings). Read on each use, so a reload (sighup parameters) takes effect at the next checkpoint.
 */
final class StorageSettings {

    private static final long DEFAULT_SHARED_BUFFERS = 16384;
    private static final long DEFAULT_MAX_WAL_SIZE_MB = 1024;
    private static final long DEFAULT_MIN_WAL_SIZE_MB = 80;
    private static final long DEFAULT_CHECKPOINT_TIMEOUT_S = 300;
    private static final double DEFAULT_COMPLETION_TARGET = 0.9;
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

    long minWalSizeMb() {
        return Math.max(2, intValue("min_wal_size", DEFAULT_MIN_WAL_SIZE_MB));
    }

    /** checkpoint_timeout in seconds: the time a spread checkpoint paces itself against. */
    long checkpointTimeoutSeconds() {
        return Math.max(1, intValue("checkpoint_timeout", DEFAULT_CHECKPOINT_TIMEOUT_S));
    }

    double checkpointCompletionTarget() {
        try {
            String value = settings.value("checkpoint_completion_target").orElse("");
            return value.isEmpty() ? DEFAULT_COMPLETION_TARGET : Math.clamp(Double.parseDouble(value), 0.0, 1.0);
        } catch (RuntimeException e) {
            return DEFAULT_COMPLETION_TARGET;
        }
    }

    /** hot_standby: read-only sessions while a standby replays. */
    boolean hotStandby() {
        return boolValue("hot_standby", true);
    }

    /** primary_conninfo ("" when unset: a standby then lives on restore_command alone). */
    String primaryConninfo() {
        return settings.value("primary_conninfo").orElse("");
    }

    /** restore_command ("" when unset): how recovery fetches archived WAL. */
    String restoreCommand() {
        return settings.value("restore_command").orElse("");
    }

    /** max_standby_streaming_delay in milliseconds (-1: wait for conflicting queries forever). */
    long maxStandbyStreamingDelayMillis() {
        return intValue("max_standby_streaming_delay", 30000);
    }

    /** wal_retrieve_retry_interval in milliseconds: how long a standby waits before asking for streaming again. */
    long walRetrieveRetryIntervalMillis() {
        return Math.max(1, intValue("wal_retrieve_retry_interval", 5000));
    }

    boolean logCheckpoints() {
        return boolValue("log_checkpoints", true);
    }

    /** wal_recycle: old segments are renamed to future names instead of removed. */
    boolean walRecycle() {
        return boolValue("wal_recycle", true);
    }

    /** wal_init_zero: a new segment is written full of zeros before use, else only its last byte. */
    boolean walInitZero() {
        return boolValue("wal_init_zero", true);
    }

    boolean trackWalIoTiming() {
        return boolValue("track_wal_io_timing", false);
    }

    /** synchronous_standby_names (sighup: read at each commit that might wait). */
    String synchronousStandbyNames() {
        try {
            return settings.value("synchronous_standby_names").orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** XLogArchivingActive: archive_mode on or always (postmaster context: the same for the server's life). */
    boolean archivingActive() {
        try {
            String mode = settings.value("archive_mode").orElse("off");
            return mode.equals("on") || mode.equals("always");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** XLogArchivingAlways: archive_mode = always. */
    boolean archivingAlways() {
        try {
            return settings.value("archive_mode").orElse("off").equals("always");
        } catch (RuntimeException e) {
            return false;
        }
    }

    int maxReplicationSlots() {
        return (int) intValue("max_replication_slots", 10);
    }

    /** The settings pg_control records (XLogReportParameters), PostgreSQL's defaults where one is missing. */
    ControlFile.Parameters controlParameters() {
        ControlFile.Parameters d = ControlFile.Parameters.DEFAULT;
        int walLevel = switch (settings.value("wal_level").orElse("replica")) {
            case "minimal" -> ControlFile.Parameters.WAL_LEVEL_MINIMAL;
            case "logical" -> ControlFile.Parameters.WAL_LEVEL_LOGICAL;
            default -> ControlFile.Parameters.WAL_LEVEL_REPLICA;
        };
        return new ControlFile.Parameters(walLevel, boolValue("wal_log_hints", d.walLogHints()),
                (int) intValue("max_connections", d.maxConnections()),
                (int) intValue("max_worker_processes", d.maxWorkerProcesses()),
                (int) intValue("max_wal_senders", d.maxWalSenders()),
                (int) intValue("max_prepared_transactions", d.maxPreparedXacts()),
                (int) intValue("max_locks_per_transaction", d.maxLocksPerXact()),
                boolValue("track_commit_timestamp", d.trackCommitTimestamp()),
                boolValue("full_page_writes", d.fullPageWrites()));
    }

    private boolean boolValue(String name, boolean fallback) {
        try {
            return settings.value(name).isEmpty() ? fallback : settings.boolValue(name);
        } catch (RuntimeException e) {
            return fallback;
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
