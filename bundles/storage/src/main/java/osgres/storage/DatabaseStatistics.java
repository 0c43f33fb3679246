package osgres.storage;

import java.time.Instant;

/**
 * One database's cumulative statistics kept by the storage engine, the counters of {@code pg_stat_database} it
 * can know: transactions ended, buffer reads and hits are not split per database (osgres's buffer manager does
 * not know a page's database cheaply), so they are not here. {@code statsReset} is null until a reset.
 */
public record DatabaseStatistics(int datid, String datname, long xactCommit, long xactRollback, long tupInserted,
                                 long tupUpdated, long tupDeleted, long deadlocks, Instant statsReset) {
}
