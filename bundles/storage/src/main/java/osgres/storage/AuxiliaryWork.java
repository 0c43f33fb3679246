package osgres.storage;

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
         * pg_control, removes or recycles old WAL segments, logs {@code checkpoint starting: %s} and
         * {@code checkpoint complete: wrote %d buffers (%.1f%%); ...} when log_checkpoints is on, and wakes
         * waiting requesters. {@code shutdown} writes the shutdown checkpoint (pg_control state "shut down").
         */
        void checkpoint(CheckpointRequest request);

        /**
         * The checkpointer's main loop calls this with true when it starts and false when it ends, so a
         * CHECKPOINT requested while none runs warns at once and fails after a short bound instead of waiting
         * silently (RequestCheckpoint's 60 s are kept for a checkpointer that runs but is busy).
         */
        void checkpointerRunning(boolean running);
    }

    /** Why a checkpoint is taken; PostgreSQL prints these words after "checkpoint starting:". */
    public record CheckpointRequest(boolean shutdown, boolean endOfRecovery, boolean immediate, boolean force,
                                    boolean waitForIt, boolean wal, boolean time) {
        public static CheckpointRequest timed() {
            return new CheckpointRequest(false, false, false, false, false, false, true);
        }

        public static CheckpointRequest shutdownCheckpoint() {
            return new CheckpointRequest(true, false, true, false, false, false, false);
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
}
