package osgres.storage;

import java.time.Instant;

/**
 * {@code pg_stat_archiver}'s one row (PostgreSQL 15, pgstat_archiver.c): how many WAL files the archiver archived
 * and which one last, how many attempts failed and on which file last, and when the counters were last reset.
 * Names and times are null where PostgreSQL shows NULL (nothing archived, or failed, since the reset).
 */
public record ArchiverStatistics(long archivedCount, String lastArchivedWal, Instant lastArchivedTime,
                                 long failedCount, String lastFailedWal, Instant lastFailedTime,
                                 Instant statsReset) {
}
