package osgres.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where PostgreSQL's temporary files live and what they are called (storage/fd.h's {@code PG_TEMP_FILES_DIR} and
 * {@code PG_TEMP_FILE_PREFIX}), and fd.c's RemovePgTempFiles. A backend's sort or hash spill writes
 * {@code <datadir>/base/pgsql_tmp/pgsql_tmp<pid>.<n>} and deletes it when the operation ends or its transaction
 * aborts; files a crashed or killed server left behind are removed by the postmaster at start and before it
 * reinitialises after a crash (remove_temp_files_after_crash). Only the default tablespace exists in osgres, so
 * only {@code base/pgsql_tmp} is searched. The directory itself stays, as in PostgreSQL.
 */
public final class PgTempFiles {
    /** PG_TEMP_FILES_DIR under the default tablespace, relative to the data directory. */
    public static final String DIRECTORY = "base/pgsql_tmp";
    /** PG_TEMP_FILE_PREFIX: every temporary file and shared fileset directory starts with it. */
    public static final String PREFIX = "pgsql_tmp";

    private PgTempFiles() {
    }

    /** {@code <datadir>/base/pgsql_tmp}. */
    public static Path directory(Path dataDirectory) {
        return dataDirectory.resolve(DIRECTORY);
    }

    /** A backend's {@code n}-th temporary file name: {@code pgsql_tmp<pid>.<n>} (fd.c OpenTemporaryFileInTablespace). */
    public static String fileName(long pid, long n) {
        return PREFIX + pid + "." + n;
    }

    /**
     * RemovePgTempFiles: deletes every {@code pgsql_tmp*} entry of the temporary-files directory (a directory with
     * its contents) and logs anything else found there, as PostgreSQL does. Only safe while no backend runs.
     * Returns how many entries were removed.
     */
    public static int removeAll(Path dataDirectory) {
        Path dir = directory(dataDirectory);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(PREFIX)) {
                    ServerLog.log(Severity.LOG, "unexpected file found in temporary-files directory: \""
                            + DIRECTORY + "/" + name + "\"");
                    continue;
                }
                if (delete(entry)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not open directory \"" + DIRECTORY + "\": " + e.getMessage());
        }
        return removed;
    }

    private static boolean delete(Path entry) {
        try {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
                return true;
            }
            return Files.deleteIfExists(entry);
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not remove file \"" + entry + "\": " + e.getMessage());
            return false;
        }
    }
}
