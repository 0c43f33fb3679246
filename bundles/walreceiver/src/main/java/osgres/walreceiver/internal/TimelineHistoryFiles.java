package osgres.walreceiver.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The timeline history files a standby copies from its primary into pg_wal (walreceiver.c
 * WalRcvFetchTimeLineHistoryFiles with timeline.c writeTimeLineHistoryFile): {@code %08X.history}, written through
 * a {@code .tmp} file and renamed, marked {@code .done} in archive_status so this server never archives it
 * (XLogArchiveForceDone; archive_mode=always is not considered).
 */
final class TimelineHistoryFiles {
    private final Path walDirectory;

    TimelineHistoryFiles(Path walDirectory) {
        this.walDirectory = walDirectory;
    }

    static String fileName(int tli) {
        return String.format(Locale.ROOT, "%08X.history", tli);
    }

    boolean exists(int tli) {
        return Files.exists(walDirectory.resolve(fileName(tli)));
    }

    void write(int tli, byte[] content) throws IOException {
        Path target = walDirectory.resolve(fileName(tli));
        Path tmp = walDirectory.resolve(fileName(tli) + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path status = walDirectory.resolve("archive_status");
        Files.createDirectories(status);
        Path done = status.resolve(fileName(tli) + ".done");
        if (!Files.exists(done)) {
            Files.createFile(done);
        }
    }
}
