package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * Every message text of the lower half of the storage engine (smgr, buffer, wal, xact, control), PostgreSQL's
 * wording (xlog.c, xlogrecovery.c, xlogreader.c, md.c, bufmgr.c), kept in one place so they grep.
 */
public final class Messages {

    private Messages() {
    }

    /** An LSN as PostgreSQL prints it: {@code %X/%X}, upper and lower 32 bits, no padding. */
    public static String lsn(long lsn) {
        return String.format(Locale.ROOT, "%X/%X", lsn >>> 32, lsn & 0xFFFFFFFFL);
    }

    // --- recovery (xlog.c StartupXLOG, xlogrecovery.c) ---

    public static String wasShutDownAt(String time) {
        return "database system was shut down at " + time;
    }

    public static String wasShutDownInRecoveryAt(String time) {
        return "database system was shut down in recovery at " + time;
    }

    public static String shutdownWasInterrupted(String time) {
        return "database system shutdown was interrupted; last known up at " + time;
    }

    public static String interruptedWhileInRecovery(String time) {
        return "database system was interrupted while in recovery at " + time;
    }

    public static String interruptedWhileInRecoveryAtLogTime(String time) {
        return "database system was interrupted while in recovery at log time " + time;
    }

    public static final String INTERRUPTED_IN_ARCHIVE_RECOVERY_HINT = "If this has occurred more than once some data "
            + "might be corrupted and you might need to choose an earlier recovery target.";

    public static final String INTERRUPTED_IN_RECOVERY_HINT = "This probably means that some data is corrupted and"
            + " you will have to use the last backup for recovery.";

    public static String interrupted(String time) {
        return "database system was interrupted; last known up at " + time;
    }

    public static final String AUTOMATIC_RECOVERY = "database system was not properly shut down; "
            + "automatic recovery in progress";

    public static String redoStartsAt(long lsn) {
        return "redo starts at " + lsn(lsn);
    }

    public static String redoDoneAt(long lsn, double user, double system, double elapsed) {
        return String.format(Locale.ROOT, "redo done at %s system usage: CPU: user: %.2f s, system: %.2f s, "
                + "elapsed: %.2f s", lsn(lsn), user, system, elapsed);
    }

    public static final String REDO_NOT_REQUIRED = "redo is not required";

    public static String startingBackupRecovery(long redo, long checkpoint, int timeline) {
        return "starting backup recovery with redo LSN " + lsn(redo) + ", checkpoint LSN " + lsn(checkpoint)
                + ", on timeline ID " + timeline;
    }

    public static String restartingBackupRecovery(long redo) {
        return "restarting backup recovery with redo LSN " + lsn(redo);
    }

    public static String consistentRecoveryState(long lsn) {
        return "consistent recovery state reached at " + lsn(lsn);
    }

    // --- standby mode and promotion (xlogrecovery.c, xlog.c) ---

    public static final String ENTERING_STANDBY_MODE = "entering standby mode";
    public static final String STARTING_ARCHIVE_RECOVERY = "starting archive recovery";
    public static final String RESTORE_COMMAND_REQUIRED = "must specify restore_command when standby mode is not "
            + "enabled";
    /** Never shown: the startup process leaves standby mode silently on a shutdown request (exit 1). */
    public static final String STARTUP_STOPPED_IN_STANDBY = "startup process stopped in standby mode";
    public static final String RECEIVED_PROMOTE_REQUEST = "received promote request";
    public static final String ARCHIVE_RECOVERY_COMPLETE = "archive recovery complete";

    public static String selectedNewTimeline(int timeline) {
        return "selected new timeline ID: " + timeline;
    }

    public static String lastCompletedTransaction(long epochMillis) {
        return "last completed transaction was at log time "
                + osgres.api.ServerLog.formatTimestamp(java.time.Instant.ofEpochMilli(epochMillis));
    }

    public static String couldNotRemoveFile(String file) {
        return "could not remove file \"" + file + "\"";
    }

    public static String restartpointStarting(String flags) {
        return "restartpoint starting:" + flags;
    }

    public static String recoveryRestartPoint(long lsn) {
        return "recovery restart point at " + lsn(lsn);
    }

    public static String signalFileNotSupported(String file) {
        return "\"" + file + "\" found, but this server cannot run in standby or archive recovery mode yet";
    }

    public static String signalFileHint(String file) {
        return "Remove \"" + file + "\" to start this data directory as a primary of its own.";
    }

    public static final String NO_BACKUP_CHECKPOINT = "could not locate required checkpoint record";

    public static String backupLabelHint(java.nio.file.Path dataDirectory) {
        return "If you are restoring from a backup, touch \"" + dataDirectory + "/recovery.signal\" and add "
                + "required recovery options.\nIf you are not restoring from a backup, try removing the file \""
                + dataDirectory + "/backup_label\".\nBe careful: removing \"" + dataDirectory + "/backup_label\" "
                + "will result in a corrupt cluster if restoring from a backup.";
    }

    public static final String WAL_ENDS_BEFORE_BACKUP_END = "WAL ends before end of online backup";
    public static final String WAL_ENDS_BEFORE_BACKUP_END_HINT = "All WAL generated while online backup was taken "
            + "must be available at recovery.";

    public static final String INVALID_CONTROL_FILE = "incorrect checksum in control file";

    public static String invalidCheckpointRecord(long lsn) {
        return "could not locate a valid checkpoint record at " + lsn(lsn);
    }

    public static String rmgrNotRegistered(int rmgr, long lsn) {
        return "resource manager with ID " + rmgr + " not registered (record at " + lsn(lsn) + ")";
    }

    // --- WAL reader (xlogreader.c) ---

    public static String invalidRecordLength(long lsn, int wanted, long got) {
        return "invalid record length at " + lsn(lsn) + ": wanted " + wanted + ", got " + got;
    }

    public static String incorrectPrevLink(long prev, long lsn) {
        return "record with incorrect prev-link " + lsn(prev) + " at " + lsn(lsn);
    }

    /** A record whose segment address is not the segment it was read from: a recycled segment's stale content. */
    public static String unexpectedPageAddress(long address, String segment, long offset) {
        return "unexpected pageaddr " + lsn(address) + " in log segment " + segment + ", offset " + offset;
    }

    public static String incorrectChecksum(long lsn) {
        return "incorrect resource manager data checksum in record at " + lsn(lsn);
    }

    // --- checkpoints (xlog.c LogCheckpointStart / LogCheckpointEnd) ---

    public static final String SHUTTING_DOWN = "shutting down";

    public static String checkpointStarting(String flags) {
        return "checkpoint starting:" + flags;
    }

    public static String checkpointComplete(int written, double percent, int added, int removed, int recycled,
                                            long writeMs, long syncMs, long totalMs, int syncFiles, long longestMs,
                                            long averageMs, long distanceKb, long estimateKb) {
        return String.format(Locale.ROOT, "checkpoint complete: wrote %d buffers (%.1f%%); "
                        + "%d WAL file(s) added, %d removed, %d recycled; "
                        + "write=%d.%03d s, sync=%d.%03d s, total=%d.%03d s; "
                        + "sync files=%d, longest=%d.%03d s, average=%d.%03d s; "
                        + "distance=%d kB, estimate=%d kB",
                written, percent, added, removed, recycled, writeMs / 1000, writeMs % 1000, syncMs / 1000,
                syncMs % 1000, totalMs / 1000, totalMs % 1000, syncFiles, longestMs / 1000, longestMs % 1000,
                averageMs / 1000, averageMs % 1000, distanceKb, estimateKb);
    }

    public static final String CHECKPOINT_REQUEST_FAILED = "checkpoint request failed";

    /** CHECKPOINT while no checkpointer process runs: said at once, to the client and the log. */
    public static PgException noCheckpointer() {
        return new PgException(Severity.WARNING, SqlState.WARNING,
                "no checkpointer process is running", "No active bundle provides the checkpointer: "
                + "osgres.checkpointer is not installed in deploy/ or not active.",
                "Put osgres.checkpointer.jar back into deploy/. The checkpoint request fails if no checkpointer "
                + "starts within 10 seconds.", 0);
    }
    public static final String CHECKPOINT_REQUEST_FAILED_HINT = "Consult recent messages in the server log for "
            + "details.";

    // --- cumulative statistics (pgstat.c) ---

    public static String couldNotWriteStatsFile(String path, String reason) {
        return "could not write temporary statistics file \"" + path + "\": " + reason;
    }

    public static String corruptedStatsFile(String path) {
        return "corrupted statistics file \"" + path + "\"";
    }

    public static String couldNotUnlinkStatsFile(String path, String reason) {
        return "could not unlink permanent statistics file \"" + path + "\": " + reason;
    }

    // --- WAL writer (xlog.c) ---

    public static final String WAL_NOT_WRITABLE = "cannot write WAL before recovery has opened it";

    /** XLogWrite's PANIC; the caller adds ": %m". */
    public static String couldNotWriteLogFile(String segment, long offset, long length) {
        return "could not write to log file " + segment + " at offset " + offset + ", length " + length;
    }

    public static String couldNotWriteWal(Path file, IOException e) {
        return "could not write to file \"" + file + "\": " + FileAccessErrors.reason(e);
    }

    /** issue_xlog_fsync's PANIC (the segment's file name only, as PostgreSQL prints it); ": %m" follows. */
    public static String couldNotFsyncWal(String segment) {
        return "could not fsync file \"" + segment + "\"";
    }

    /** XLogFileInit, in a critical section there too; ": %m" follows. */
    public static String couldNotCreateWal(String segment) {
        return "could not create file \"pg_wal/" + segment + "\"";
    }

    /** XLogFileInitInternal's failure to fill a new segment; ": %m" follows. */
    public static String couldNotWriteFile(String path) {
        return "could not write to file \"" + path + "\"";
    }

    public static String couldNotRemoveWal(Path file, IOException e) {
        return "could not remove file \"" + file + "\": " + FileAccessErrors.reason(e);
    }

    // --- storage manager (md.c): the text before ": %m" (FileAccessErrors adds the reason); paths relative to
    // the data directory, as PostgreSQL prints them (its working directory is the data directory) ---

    public static String couldNotOpen(String file) {
        return "could not open file \"" + file + "\"";
    }

    public static String couldNotCreate(String file) {
        return "could not create file \"" + file + "\"";
    }

    public static String couldNotRemove(String file) {
        return "could not remove file \"" + file + "\"";
    }

    public static String couldNotTruncate(String file, int blocks) {
        return "could not truncate file \"" + file + "\" to " + blocks + " blocks";
    }

    public static String couldNotRead(int block, String file) {
        return "could not read block " + block + " in file \"" + file + "\"";
    }

    /** mdread's short read: ERRCODE_DATA_CORRUPTED. */
    public static PgException shortRead(int block, String file, int got) {
        return PgException.error(SqlState.DATA_CORRUPTED, "could not read block " + block + " in file \"" + file
                + "\": read only " + got + " of 8192 bytes");
    }

    public static String couldNotWrite(int block, String file) {
        return "could not write block " + block + " in file \"" + file + "\"";
    }

    /** mdextend; the caller adds ": %m" and {@link #CHECK_FREE_DISK_SPACE}. */
    public static String couldNotExtend(String file) {
        return "could not extend file \"" + file + "\"";
    }

    public static final String CHECK_FREE_DISK_SPACE = "Check free disk space.";

    public static String couldNotFsync(String file) {
        return "could not fsync file \"" + file + "\"";
    }

    // --- buffer manager (bufmgr.c, freelist.c) ---

    public static final String NO_UNPINNED_BUFFERS = "no unpinned buffers available";

    /** ReadBuffer_common after PageIsVerifiedExtended failed; {@code relation} as relpath() prints it. */
    public static PgException invalidPage(int block, String relation) {
        return PgException.error(SqlState.DATA_CORRUPTED, "invalid page in block " + Integer.toUnsignedString(block)
                + " of relation " + relation);
    }

    // --- control file ---

    public static String couldNotWriteControlFile(IOException e) {
        return "could not write to file \"global/pg_control\": " + FileAccessErrors.reason(e);
    }

    public static String couldNotReadControlFile(IOException e) {
        return "could not open file \"global/pg_control\": " + FileAccessErrors.reason(e);
    }

    // --- CLOG ---

    public static String couldNotAccessClog(long xid, IOException e) {
        return "could not access status of transaction " + xid + ": " + FileAccessErrors.reason(e);
    }

    public static String couldNotAccessClogStatus(long xid) {
        return "could not access status of transaction " + xid;
    }

    /** SlruReportIOError's DETAIL for a failed write (the file and offset are not tracked here). */
    public static String couldNotWriteClogDetail(String reason) {
        return "Could not write to file in \"pg_xact\": " + reason + ".";
    }

    // ---- WAL archiving (xlogarchive.c, pgarch.c) ----

    public static String couldNotCreateArchiveStatus(String file, String reason) {
        return "could not create archive status file \"" + file + "\": " + reason;
    }

    public static String removedOrphanStatus(String file) {
        return "removed orphan archive status file \"" + file + "\"";
    }

    public static String orphanStatusRemovalFailed(String file) {
        return "removal of orphan archive status file \"" + file + "\" failed too many times, will try again later";
    }

    public static String couldNotOpenDirectory(String directory, String reason) {
        return "could not open directory \"" + directory + "\": " + reason;
    }

    public static String couldNotRename(String from, String to, String reason) {
        return "could not rename file \"" + from + "\" to \"" + to + "\": " + reason;
    }

    public static String restoredLogFile(String file) {
        return "restored log file \"" + file + "\" from archive";
    }

    public static String archiveFileWrongSize(String file, long size, long expected) {
        return "archive file \"" + file + "\" has wrong size: " + size + " instead of " + expected;
    }

    public static String couldNotRestore(String file, String reason) {
        return "could not restore file \"" + file + "\" from archive: " + reason;
    }

    public static String couldNotStat(String file, String reason) {
        return "could not stat file \"" + file + "\": " + reason;
    }

    public static final String RESTORE_STAT_FAILED_DETAIL =
            "restore_command returned a zero exit status, but stat() failed.";

    public static String couldNotRemoveFile(String file, String reason) {
        return "could not remove file \"" + file + "\": " + reason;
    }
}
