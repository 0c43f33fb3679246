package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.ShellCommand;
import osgres.api.SqlState;
import osgres.storage.internal.wal.WalSegments;

/**
 * Fetches one WAL file from the archive with {@code restore_command}, for archive recovery and standby mode
 * (xlogarchive.c RestoreArchivedFile, common/archive.c BuildRestoreCommand). The file is restored under a
 * temporary name the caller chooses ({@code pg_wal/RECOVERYXLOG} for a segment, {@code pg_wal/RECOVERYHISTORY}
 * for a timeline history file), never under its own name, so a half-copied file can never pass for a real one.
 *
 * <p>The command runs through {@code /bin/sh -c} in the data directory with {@code %f} = the wanted file name,
 * {@code %p} = the target path relative to the data directory, {@code %r} = the file of the last restart point
 * (the oldest file still needed, for pg_archivecleanup), {@code %%} = {@code %}. Outcomes, as PostgreSQL's:
 * <ul>
 *   <li>exit 0 and the target exists with the right size (16 MB for a segment, any for others): LOG
 *       {@code restored log file "%s" from archive}, true;</li>
 *   <li>exit 0 but a segment of the wrong size: FATAL {@code archive file "%s" has wrong size: %d instead of %d},
 *       except a shorter one in standby mode (the archive may still be copying it): false;</li>
 *   <li>exit 0 but no target: LOG {@code could not stat file ...} with its DETAIL, false;</li>
 *   <li>any other exit: false (the file is simply not in the archive: not an error), unless the command died on a
 *       signal or could not be run (exit code above 125): FATAL {@code could not restore file "%s" from archive:
 *       %s};</li>
 *   <li>restore_command empty: false without running anything.</li>
 * </ul>
 * Not here: where recovery looks next (pg_wal, streaming), which is the startup process's loop, and
 * archive_cleanup_command / recovery_end_command.
 */
public final class RestoreCommand {
    /** XLogFileName(0, 0): %r when no restart point limits the cleanup. */
    static final String NO_RESTART_POINT = "000000000000000000000000";

    private final Path dataDirectory;
    private final Supplier<String> command;
    private final BooleanSupplier standbyMode;

    /**
     * @param command     restore_command, read at each call (a reload changes it)
     * @param standbyMode whether the server is in standby mode (a short segment is then no error)
     */
    public RestoreCommand(Path dataDirectory, Supplier<String> command, BooleanSupplier standbyMode) {
        this.dataDirectory = dataDirectory;
        this.command = command;
        this.standbyMode = standbyMode;
    }

    /**
     * Restores {@code fileName} from the archive into {@code target} (relative paths are the data directory's);
     * returns whether it is there now. {@code lastRestartPointFile} is %r, or null for none. An interrupt of the
     * calling thread stops the command and returns false with the interrupt flag set.
     */
    public boolean restore(String fileName, Path target, String lastRestartPointFile) {
        String template = command.get();
        if (template == null || template.isEmpty()) {
            return false;
        }
        Path file = dataDirectory.resolve(target);
        String relative = file.startsWith(dataDirectory) ? dataDirectory.relativize(file).toString()
                : file.toString();
        try {
            Files.deleteIfExists(file); // never mistake a leftover from an earlier attempt for this file
        } catch (IOException e) {
            throw new PgException(Severity.FATAL, FileAccessErrors.sqlState(e),
                    Messages.couldNotRemoveFile(relative, FileAccessErrors.reason(e)), null, null, 0);
        }
        String restore = ShellCommand.expand(template, Map.of('p', relative, 'f', fileName, 'r',
                lastRestartPointFile == null ? NO_RESTART_POINT : lastRestartPointFile));
        ShellCommand.Outcome outcome;
        try {
            outcome = ShellCommand.run(restore, dataDirectory);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (outcome.succeeded()) {
            return restored(fileName, file, relative);
        }
        if (outcome.isSignalOrNotFound()) {
            throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR,
                    Messages.couldNotRestore(fileName, outcome.describe()), null, null, 0);
        }
        return false; // DEBUG2 in PostgreSQL: a file the archive does not have is the normal end of archived WAL
    }

    private boolean restored(String fileName, Path file, String relative) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, Messages.couldNotStat(relative, FileAccessErrors.reason(e)),
                    Messages.RESTORE_STAT_FAILED_DETAIL, null);
            return false;
        }
        // only a segment has a fixed size (history and backup history files do not)
        long expected = WalSegments.isSegmentFileName(fileName) ? WalSegments.SEGMENT_SIZE : 0;
        if (expected > 0 && size != expected) {
            if (standbyMode.getAsBoolean() && size < expected) {
                return false; // DEBUG1: still being copied into the archive; the standby asks again later
            }
            throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR,
                    Messages.archiveFileWrongSize(fileName, size, expected), null, null, 0);
        }
        ServerLog.log(Severity.LOG, Messages.restoredLogFile(fileName));
        return true;
    }
}
