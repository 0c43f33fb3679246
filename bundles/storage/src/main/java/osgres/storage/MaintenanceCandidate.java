package osgres.storage;

import java.util.Map;

/**
 * What autovacuum reads to decide whether a table needs VACUUM or ANALYZE (autovacuum.c relation_needs_vacanalyze):
 * {@code reltuples} as pg_class has it (-1 when never counted), the table's cumulative statistics and its storage
 * parameters ({@code autovacuum_enabled}, {@code autovacuum_vacuum_threshold}... as set with CREATE or ALTER TABLE).
 */
public record MaintenanceCandidate(int relid, String schemaname, String relname, double reltuples,
                                   TableStatistics statistics, Map<String, String> options) {
}
