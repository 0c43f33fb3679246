package osgres.storage;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the auxiliary processes do over the storage engine. Each auxiliary bundle's component references the
 * one it needs (statically: it lives and dies with the shared-memory generation).
 */
public final class AuxiliaryWork {
    private AuxiliaryWork() {
    }

    /** The startup process's work (StartupXLOG). */
    public interface Recovery {
        /**
         * Reads pg_control, logs PostgreSQL's lines ({@code database system was shut down at %s}, or
         * {@code database system was interrupted; last known up at %s} + {@code database system was not properly
         * shut down; automatic recovery in progress}), replays WAL from the last checkpoint's redo point
         * ({@code redo starts at %X/%X} ... {@code redo done at %X/%X ...}, or {@code redo is not required}),
         * writes the end-of-recovery checkpoint and marks pg_control "in production". Returns when the
         * database is consistent and open for writes.
         */
        void recover();

        /**
         * {@link #recover()} for a startup process that can be asked things while it runs: in standby mode
         * (standby.signal) recovery does not end at the end of the WAL but waits for more from the walreceiver,
         * telling the postmaster {@code RECOVERY_STARTED}, {@code BEGIN_HOT_STANDBY} once consistent (hot_standby),
         * {@code START_WALRECEIVER} whenever it wants streaming and {@code STOP_WALRECEIVER} when it stops
         * wanting it; it returns after a promotion (a new timeline, the end-of-recovery checkpoint) and throws a
         * FATAL 57P01 when asked to stop first.
         */
        default void recover(StartupControl control) {
            recover();
        }
    }

    /** What the startup process offers recovery (its signals and the postmaster's ear). */
    public interface StartupControl {
        /** SendPostmasterSignal. */
        void notifyPostmaster(String reason);

        /** A TERM (shutdown) arrived: standby mode ends without promotion. */
        boolean stopRequested();

        /** SIGUSR2 (pg_ctl promote, pg_promote()) arrived since the last call: leave standby mode. */
        boolean consumePromote();
    }

    /** The checkpointer's work (checkpointer.c, CreateCheckPoint). */
    public interface Checkpoints {
        /**
         * Waits up to {@code timeoutMillis} for a checkpoint request (CHECKPOINT command, WAL past max_wal_size);
         * returns its flags or null on timeout. Returns early (null) when interrupted.
         */
        CheckpointRequest awaitRequest(long timeoutMillis) throws InterruptedException;

        /**
         * Performs a checkpoint: writes every dirty buffer, fsyncs, writes the checkpoint WAL record, updates
         * pg_control, recycles or removes old WAL segments and preallocates the next one, logs
         * {@code checkpoint starting: %s} and {@code checkpoint complete: wrote %d buffers (%.1f%%); ...} when
         * log_checkpoints is on, and wakes waiting requesters. {@code shutdown} writes the shutdown checkpoint
         * (pg_control state "shut down"). A checkpoint without {@link CheckpointFlag#IMMEDIATE} spreads its
         * buffer writes over checkpoint_completion_target of the interval, napping through {@code pacing}; an
         * immediate request arriving meanwhile makes it finish at full speed. If {@code pacing} says
         * {@link CheckpointPacing.Pace#ABANDON}, it stops where it is and writes no checkpoint record.
         */
        void checkpoint(CheckpointRequest request, CheckpointPacing pacing);

        /** A checkpoint at full speed, for callers that are not the checkpointer process. */
        default void checkpoint(CheckpointRequest request) {
            checkpoint(request, CheckpointPacing.UNPACED);
        }

        /**
         * The checkpointer's main loop calls this with true when it starts and false when it ends, so a
         * CHECKPOINT requested while none runs warns at once and fails after a short bound instead of waiting
         * silently (RequestCheckpoint's 60 s are kept for a checkpointer that runs but is busy).
         */
        void checkpointerRunning(boolean running);

        /**
         * CheckArchiveTimeout, for the checkpointer's loop: with {@code archiveTimeoutSeconds > 0}, ends the current
         * WAL segment (as pg_switch_wal) when WAL was written into it and that many seconds have passed since the
         * last segment switch. Returns how many milliseconds until the next check is due ({@link Long#MAX_VALUE}
         * when archive_timeout is 0).
         */
        default long checkArchiveTimeout(int archiveTimeoutSeconds) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The checkpointer process's side of a spread checkpoint (checkpointer.c CheckpointWriteDelay): whether its
     * signals let the writes go on being paced, and a nap they cut short. The schedule itself (how far the writes
     * should be by now) is the checkpoint's, which knows the WAL position and the settings.
     */
    public interface CheckpointPacing {
        /** What the checkpointer wants between two buffer writes. */
        enum Pace {
            /** Nap when ahead of schedule. */
            SPREAD,
            /** Write the rest at full speed: a shutdown or stop is pending (ShutdownRequestPending). */
            FULL_SPEED,
            /** Stop now, without a checkpoint record: QUIT (crash or immediate shutdown; WAL is replayed). */
            ABANDON
        }

        Pace pace();

        /** Sleeps up to {@code millis}; returns early when the process latch is set (a signal, a reload). */
        void nap(long millis);

        /** For a checkpoint no checkpointer process runs (end of recovery, tests): never naps, never abandons. */
        CheckpointPacing UNPACED = new CheckpointPacing() {
            @Override
            public Pace pace() {
                return Pace.FULL_SPEED;
            }

            @Override
            public void nap(long millis) {
            }
        };
    }

    /** PostgreSQL's CHECKPOINT_* request bits, in the order LogCheckpointStart prints them. */
    public enum CheckpointFlag {
        SHUTDOWN("shutdown"), END_OF_RECOVERY("end-of-recovery"), IMMEDIATE("immediate"), FORCE("force"),
        WAIT("wait"), WAL("wal"), TIME("time");

        private final String word;

        CheckpointFlag(String word) {
            this.word = word;
        }

        /** The word after "checkpoint starting:". */
        public String word() {
            return word;
        }
    }

    /** Why a checkpoint is taken: a set of {@link CheckpointFlag}s (requests merge by union). */
    public record CheckpointRequest(Set<CheckpointFlag> flags) {
        public CheckpointRequest {
            flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        }

        public static CheckpointRequest of(CheckpointFlag... flags) {
            return new CheckpointRequest(flags.length == 0 ? Set.of() : EnumSet.copyOf(List.of(flags)));
        }

        public static CheckpointRequest timed() {
            return of(CheckpointFlag.TIME);
        }

        public static CheckpointRequest shutdownCheckpoint() {
            return of(CheckpointFlag.SHUTDOWN, CheckpointFlag.IMMEDIATE);
        }

        /** Both requests' flags; null stands for none. */
        public static CheckpointRequest merge(CheckpointRequest a, CheckpointRequest b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            EnumSet<CheckpointFlag> union = EnumSet.noneOf(CheckpointFlag.class);
            union.addAll(a.flags);
            union.addAll(b.flags);
            return new CheckpointRequest(union);
        }

        public boolean has(CheckpointFlag flag) {
            return flags.contains(flag);
        }

        public boolean shutdown() {
            return has(CheckpointFlag.SHUTDOWN);
        }

        public boolean endOfRecovery() {
            return has(CheckpointFlag.END_OF_RECOVERY);
        }

        public boolean immediate() {
            return has(CheckpointFlag.IMMEDIATE);
        }

        public boolean force() {
            return has(CheckpointFlag.FORCE);
        }

        public boolean waitForIt() {
            return has(CheckpointFlag.WAIT);
        }

        public boolean wal() {
            return has(CheckpointFlag.WAL);
        }

        public boolean time() {
            return has(CheckpointFlag.TIME);
        }
    }

    /** The walwriter's work: flush WAL written by asynchronous commits (XLogBackgroundFlush). */
    public interface WalFlusher {
        /** Flushes all WAL inserted so far; returns true if it did any work. */
        boolean backgroundFlush();

        /**
         * The walwriter's main loop calls this with true when it starts and false when it ends (then flushes once
         * more). While no walwriter runs, an asynchronous commit flushes its own commit record, so
         * {@code synchronous_commit = off} never loses a commit to a missing walwriter, only to the usual
         * {@code wal_writer_delay} window.
         */
        void walWriterRunning(boolean running);
    }

    /** The background writer's work (BgBufferSync). */
    public interface BufferWriter {
        /** Writes up to {@code maxPages} dirty, unpinned buffers ahead of the clock sweep; returns how many. */
        int writeDirtyBuffers(int maxPages);
    }

    /**
     * The walreceiver's work on a standby (walreceiver.c with walreceiverfuncs.c's shared state): the startup
     * process, replaying in standby mode, asks for WAL from a position; the walreceiver streams it from the
     * primary named by {@code primary_conninfo}, hands every XLogData payload to {@link #write} at its LSN (the
     * bytes land in pg_wal's segment files at the same offsets as on the primary), calls {@link #flush} to make
     * them durable and visible to replay, and reports its connection for {@code pg_stat_wal_receiver}.
     */
    public interface WalReceipt {
        /**
         * Waits up to {@code timeoutMillis} for the startup process to want streaming; returns where to start
         * (RequestXLogStreaming: the start of the segment holding the first byte replay still lacks, on that
         * timeline), or null on timeout, when the server is not a standby, or when interrupted.
         */
        StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException;

        /** This cluster's system identifier: the primary's IDENTIFY_SYSTEM must name the same. */
        long systemIdentifier();

        /** Writes {@code length} bytes of {@code data} received for WAL position {@code lsn} (XLogWalRcvWrite). */
        void write(long lsn, byte[] data, int offset, int length);

        /** Makes everything written so far durable and available to replay; returns the flushed position. */
        long flush();

        /** How far the startup process has replayed (the apply position of a standby status update). */
        long replayedUpTo();

        /** The walreceiver's state as {@code pg_stat_wal_receiver} shows it; null when it stops. */
        void reportStatus(WalReceiverStatus status);

        /**
         * False once the startup process no longer wants WAL (a promotion, a shutdown): the walreceiver then ends
         * its stream (what it still writes is ignored).
         */
        default boolean streamingWanted() {
            return true;
        }

        /**
         * hot_standby_feedback's xmin: the oldest xmin of this standby's sessions (the walreceiver sends it with
         * epoch = upper 32 bits), 0 when it has none to protect.
         */
        default long feedbackXmin() {
            return 0;
        }
    }

    /**
     * The archiver's work (pgarch.c over xlogarchive.c's status files): WAL files whose {@code
     * pg_wal/archive_status/NAME.ready} says they wait for archive_command, oldest first, and what became of each.
     * The storage writes a {@code .ready} when a segment is complete (XLogArchiveNotify) and keeps the segment until
     * it is {@code .done}; {@link #awaitReady} is woken by each new {@code .ready}, so the archiver needs no polling.
     */
    public interface WalArchive {
        /** The data directory: archive_command runs there, and its {@code %p} is relative to it. */
        java.nio.file.Path dataDirectory();

        /**
         * pgarch_readyXlog: the name of the WAL file to archive next (timeline history files first, then the oldest
         * segment), or null when none waits. A {@code .ready} whose WAL file is gone is removed on the way, with
         * PostgreSQL's WARNING {@code removed orphan archive status file "%s"}.
         */
        String nextReady();

        /** pgarch_archiveDone and pgstat_report_archiver(false): {@code .ready} becomes {@code .done}. */
        void archived(String fileName);

        /** pgstat_report_archiver(true): an attempt failed; the file stays {@code .ready}. */
        void archiveFailed(String fileName);

        /**
         * Waits up to {@code timeoutMillis} for a new {@code .ready} file (or returns at once if one appeared since
         * the last call); returns early, without an exception, when the thread is interrupted.
         */
        void awaitReady(long timeoutMillis) throws InterruptedException;
    }

    /** Where streaming starts: an LSN (a segment start) on a timeline. */
    public record StreamStart(long lsn, int timeline) {
    }
}
