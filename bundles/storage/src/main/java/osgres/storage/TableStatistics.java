package osgres.storage;

import java.time.Instant;

/**
 * One table's cumulative statistics, a row of {@code pg_stat_all_tables} (PostgreSQL 15's column order). Counts
 * follow pgstat_relation.c: {@code nTup*} count attempted changes, committed or not; live/dead/modified move at
 * commit and abort; VACUUM and ANALYZE set live/dead and their {@code last*} columns. Times are null when never.
 */
public record TableStatistics(int relid, String schemaname, String relname, long seqScan, long seqTupRead,
                              long idxScan, long idxTupFetch, long nTupIns, long nTupUpd, long nTupDel,
                              long nTupHotUpd, long nLiveTup, long nDeadTup, long nModSinceAnalyze,
                              long nInsSinceVacuum, Instant lastVacuum, Instant lastAutovacuum, Instant lastAnalyze,
                              Instant lastAutoanalyze, long vacuumCount, long autovacuumCount, long analyzeCount,
                              long autoanalyzeCount) {
}
