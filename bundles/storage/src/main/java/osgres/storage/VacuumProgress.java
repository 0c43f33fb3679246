package osgres.storage;

/**
 * One running VACUUM, a row of {@code pg_stat_progress_vacuum} (PostgreSQL 15's columns; the phase names are
 * vacuumlazy.c's: {@code initializing}, {@code scanning heap}, {@code vacuuming indexes}, {@code vacuuming heap},
 * {@code performing final cleanup}).
 */
public record VacuumProgress(int pid, int datid, int relid, String phase, long heapBlksTotal, long heapBlksScanned,
                             long heapBlksVacuumed, long indexVacuumCount, long maxDeadTuples, long numDeadTuples) {
}
