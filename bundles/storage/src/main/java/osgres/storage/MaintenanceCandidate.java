package osgres.storage;

/**
 * What autovacuum reads to decide whether a table needs VACUUM or ANALYZE (autovacuum.c relation_needs_vacanalyze):
 * {@code reltuples} as pg_class has it (-1 when never counted) and the table's cumulative statistics.
 */
public record MaintenanceCandidate(int relid, String schemaname, String relname, double reltuples,
                                   TableStatistics statistics) {
}
