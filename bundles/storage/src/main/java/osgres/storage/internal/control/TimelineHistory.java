package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

import osgres.api.Severity;

/**
 * Timeline history files (timeline.c): {@code pg_wal/TTTTTTTT.history}, one line per ancestor timeline with the
 * LSN where the next one branched off and why, written at a promotion (writeTimeLineHistory) and read for
 * TIMELINE_HISTORY and to choose the next timeline's id (findNewestTimeLine).
 */
public final class TimelineHistory {

    private TimelineHistory() {
    }

    public static String fileName(int timeline) {
        return String.format(Locale.ROOT, "%08X.history", timeline);
    }

    /** findNewestTimeLine: the highest timeline that has a history file in {@code walDirectory}, at least {@code from}. */
    static int newestTimeline(Path walDirectory, int from) {
        int newest = from;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(walDirectory, "*.history")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.length() == 16 && name.substring(0, 8).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    newest = Math.max(newest, Integer.parseUnsignedInt(name.substring(0, 8), 16));
                }
            }
        } catch (IOException e) {
            // a directory that cannot be listed has no newer history to respect
        }
        return newest;
    }

    /** The content of timeline {@code timeline}'s history file, if there is one. */
    public static Optional<String> read(Path walDirectory, int timeline) {
        Path file = walDirectory.resolve(fileName(timeline));
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, "could not read file \"" + file + "\": "
                    + FileAccessErrors.reason(e), e);
        }
    }

    /**
     * writeTimeLineHistory: the parent's history (if any) plus a line for the parent itself ending at
     * {@code switchPoint}, written under a temporary name, fsynced and renamed into place.
     */
    static void write(Path walDirectory, int newTimeline, int parent, long switchPoint) {
        StringBuilder content = new StringBuilder(read(walDirectory, parent).orElse(""));
        if (!content.isEmpty() && content.charAt(content.length() - 1) != '\n') {
            content.append('\n');
        }
        content.append(parent).append('\t').append(Messages.lsn(switchPoint))
                .append("\tno recovery target specified\n");
        Path target = walDirectory.resolve(fileName(newTimeline));
        Path temporary = walDirectory.resolve("xlogtemp." + ProcessHandle.current().pid() + ".h");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try (var ch = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.FATAL, "could not write file \"" + target + "\": "
                    + FileAccessErrors.reason(e), e);
        }
    }
}
