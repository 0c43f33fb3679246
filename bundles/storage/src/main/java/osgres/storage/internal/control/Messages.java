package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

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

    public static String shutdownWasInterrupted(String time) {
        return "database system shutdown was interrupted; last known up at " + time;
    }

    public static String interruptedWhileInRecovery(String time) {
        return "database system was interrupted while in recovery at " + time;
    }

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

    public static String incorrectChecksum(long lsn) {
        return "incorrect resource manager data checksum in record at " + lsn(lsn);
    }

    // --- checkpoints (xlog.c LogCheckpointStart / LogCheckpointEnd) ---

    public static final String SHUTTING_DOWN = "shutting down";

    public static String checkpointStarting(String flags) {
        return "checkpoint starting:" + flags;
    }

    public static String checkpointComplete(int written, double percent, int removed, long writeMs, long syncMs,
                                            long totalMs, int syncFiles, long longestMs, long averageMs,
                                            long distanceKb, long estimateKb) {
        return String.format(Locale.ROOT, "checkpoint complete: wrote %d buffers (%.1f%%); "
                        + "0 WAL file(s) added, %d removed, 0 recycled; "
                        + "write=%d.%03d s, sync=%d.%03d s, total=%d.%03d s; "
                        + "sync files=%d, longest=%d.%03d s, average=%d.%03d s; "
                        + "distance=%d kB, estimate=%d kB",
                written, percent, removed, writeMs / 1000, writeMs % 1000, syncMs / 1000, syncMs % 1000,
                totalMs / 1000, totalMs % 1000, syncFiles, longestMs / 1000, longestMs % 1000,
                averageMs / 1000, averageMs % 1000, distanceKb, estimateKb);
    }

    public static final String CHECKPOINT_REQUEST_FAILED = "checkpoint request failed";
    public static final String CHECKPOINT_REQUEST_FAILED_HINT = "Consult recent messages in the server log for "
            + "details.";

    // --- WAL writer (xlog.c) ---

    public static final String WAL_NOT_WRITABLE = "cannot write WAL before recovery has opened it";

    public static String couldNotWriteWal(Path file, IOException e) {
        return "could not write to file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotFsyncWal(Path file, IOException e) {
        return "could not fsync file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotRemoveWal(Path file, IOException e) {
        return "could not remove file \"" + file + "\": " + e.getMessage();
    }

    // --- storage manager (md.c) ---

    public static String couldNotOpen(Path file, IOException e) {
        return "could not open file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotCreate(Path file, IOException e) {
        return "could not create file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotRemove(Path file, IOException e) {
        return "could not remove file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotTruncate(Path file, int blocks, IOException e) {
        return "could not truncate file \"" + file + "\" to " + blocks + " blocks: " + e.getMessage();
    }

    public static String couldNotRead(int block, Path file, IOException e) {
        return "could not read block " + block + " in file \"" + file + "\": " + e.getMessage();
    }

    public static String shortRead(int block, Path file, int got) {
        return "could not read block " + block + " in file \"" + file + "\": read only " + got + " of 8192 bytes";
    }

    public static String couldNotWrite(int block, Path file, IOException e) {
        return "could not write block " + block + " in file \"" + file + "\": " + e.getMessage();
    }

    public static String couldNotFsync(Path file, IOException e) {
        return "could not fsync file \"" + file + "\": " + e.getMessage();
    }

    // --- buffer manager (bufmgr.c, freelist.c) ---

    public static final String NO_UNPINNED_BUFFERS = "no unpinned buffers available";

    // --- control file ---

    public static String couldNotWriteControlFile(IOException e) {
        return "could not write to file \"global/pg_control\": " + e.getMessage();
    }

    public static String couldNotReadControlFile(IOException e) {
        return "could not open file \"global/pg_control\": " + e.getMessage();
    }

    // --- CLOG ---

    public static String couldNotAccessClog(long xid, IOException e) {
        return "could not access status of transaction " + xid + ": " + e.getMessage();
    }
}
