package osgres.storage;

/**
 * Who ran a VACUUM or ANALYZE: a command, or an autovacuum worker. It decides which columns of
 * {@code pg_stat_all_tables} move ({@code last_vacuum}/{@code vacuum_count} or {@code last_autovacuum}/
 * {@code autovacuum_count}, likewise for analyze).
 */
public enum MaintenanceOrigin {
    COMMAND,
    AUTOVACUUM
}
