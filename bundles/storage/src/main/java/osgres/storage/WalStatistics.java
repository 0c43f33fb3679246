package osgres.storage;

import java.math.BigInteger;
import java.time.Instant;

/**
 * {@code pg_stat_wal}'s counters (PostgreSQL 15, pgstat_wal.c), counted by the WAL where the work happens: records
 * inserted, full-page images among them, bytes of WAL generated, how often an inserter found the WAL buffers full
 * and wrote them out itself, how many writes and fsyncs of WAL segments there were, and the time those took in
 * milliseconds (only while {@code track_wal_io_timing} is on, else zero).
 */
public record WalStatistics(long walRecords, long walFpi, BigInteger walBytes, long walBuffersFull, long walWrite,
                            long walSync, double walWriteTime, double walSyncTime, Instant statsReset) {
}
