package osgres.storage;

import java.time.Instant;

/**
 * {@code pg_stat_bgwriter}'s counters, counted where the work happens: checkpoints by the checkpoint runner
 * (timed: the checkpointer's timeout fired, even when the checkpoint was skipped because nothing happened, as
 * PostgreSQL 15 counts them; requested: anything else but shutdown and end-of-recovery), buffers written by
 * checkpoints, by the bgwriter's cleaning scan (and how often it stopped at {@code bgwriter_lru_maxpages}) and by
 * backends evicting a dirty victim, and buffers allocated. Write and sync times are in milliseconds.
 */
public record BgWriterStatistics(long checkpointsTimed, long checkpointsReq, double checkpointWriteTime,
                                 double checkpointSyncTime, long buffersCheckpoint, long buffersClean,
                                 long maxwrittenClean, long buffersBackend, long buffersBackendFsync,
                                 long buffersAlloc, Instant statsReset) {
}
