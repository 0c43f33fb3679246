package osgres.storage;

/**
 * What one ANALYZE of a table by autovacuum did (analyze.c's {@code automatic analyze of table} report):
 * {@code skipped} when its lock was not free at once; the pages read from the buffer pool ({@code buffersHit}) and
 * from disk ({@code buffersMissed}); the rows it counted.
 */
public record AnalyzeResult(int relid, String schemaname, String relname, boolean skipped, long rows,
                            long buffersHit, long buffersMissed) {
}
