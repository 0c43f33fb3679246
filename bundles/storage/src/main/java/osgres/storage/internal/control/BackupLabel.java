package osgres.storage.internal.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * {@code backup_label} of a base backup (xlogrecovery.c's read_backup_label): where its WAL starts (the redo point
 * of the checkpoint BASE_BACKUP forced), that checkpoint's location and timeline, and whether it was streamed
 * (then recovery must replay up to the backup-end record). Renamed to {@code backup_label.old} once pg_control
 * records the backup's start, so a crash during that recovery restarts from pg_control.
 */
record BackupLabel(long startLsn, long checkpointLsn, int timeline, boolean endRequired) {
    static final String FILE = "backup_label";
    static final String OLD_FILE = "backup_label.old";
    private static final Pattern START = Pattern.compile("START WAL LOCATION: ([0-9A-F]+)/([0-9A-F]+) \\(file "
            + "([0-9A-F]{8})[0-9A-F]{16}\\)");
    private static final Pattern CHECKPOINT = Pattern.compile("CHECKPOINT LOCATION: ([0-9A-F]+)/([0-9A-F]+)");
    private static final Pattern METHOD = Pattern.compile("BACKUP METHOD: (\\S+)");

    static Optional<BackupLabel> read(Path dataDirectory) {
        String text;
        try {
            text = Files.readString(dataDirectory.resolve(FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher start = START.matcher(text);
        Matcher checkpoint = CHECKPOINT.matcher(text);
        if (!start.find() || !checkpoint.find()) {
            throw PgException.fatal(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "invalid data in file \"" + FILE
                    + "\"");
        }
        Matcher method = METHOD.matcher(text);
        boolean streamed = method.find() && method.group(1).equals("streamed");
        return Optional.of(new BackupLabel(lsn(start.group(1), start.group(2)),
                lsn(checkpoint.group(1), checkpoint.group(2)), Integer.parseInt(start.group(3), 16), streamed));
    }

    /** durable_rename(backup_label, backup_label.old). */
    static void retire(Path dataDirectory) {
        try {
            Files.move(dataDirectory.resolve(FILE), dataDirectory.resolve(OLD_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            try (var ch = java.nio.channels.FileChannel.open(dataDirectory, java.nio.file.StandardOpenOption.READ)) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lsn(String high, String low) {
        return Long.parseLong(high, 16) << 32 | Long.parseLong(low, 16);
    }
}
