package osgres.storage;

import java.time.Instant;

/**
 * One database's cumulative statistics kept by the storage engine, the counters of {@code pg_stat_database} it
 * knows: transactions ended, shared-buffer lookups that read (or added) a block and that found it, rows written,
 * deadlocks. Sessions, temporary files and I/O timings are not counted. {@code statsReset} is null until a reset.
 */
public record DatabaseStatistics(int datid, String datname, long xactCommit, long xactRollback, long blksRead,
                                 long blksHit, long tupInserted, long tupUpdated, long tupDeleted, long deadlocks,
                                 Instant statsReset) {
}
