package osgres.sql.internal.utils;

import java.time.Instant;

import osgres.storage.ReplicationSource;

/**
 * A non-exclusive online backup a session started with pg_backup_start and has not stopped yet (xlogfuncs.c's
 * session-level backup state): its label, where it started and when. At most one per session.
 */
public record OnlineBackup(String label, ReplicationSource.BackupStart start, Instant startTime) {
}
