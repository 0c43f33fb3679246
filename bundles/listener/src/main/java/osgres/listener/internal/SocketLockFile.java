package osgres.listener.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * The lock file beside a Unix socket, {@code .s.PGSQL.<port>.lock} (CreateSocketLockFile in miscinit.c):
 * postmaster.pid's lines 1-4 plus the socket's directory as line 5. A lock file whose pid is alive (and not
 * ours) means another postmaster owns the socket: FATAL with PostgreSQL's HINT. A stale one is replaced.
 */
final class SocketLockFile {
    private static final int MAX_TRIES = 100;

    private SocketLockFile() {
    }

    static void create(Path lockFile, Path socketFile, List<String> pidFileLines, String socketDirectory) {
        StringBuilder content = new StringBuilder();
        for (String line : pidFileLines) {
            content.append(line).append('\n');
        }
        content.append(socketDirectory).append('\n');
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            try {
                Files.write(lockFile, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-------"));
                return;
            } catch (FileAlreadyExistsException exists) {
                long other = readPid(lockFile);
                if (other != self && other > 0 && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
                    throw PgException.fatal(SqlState.OBJECT_IN_USE, "lock file \"" + lockFile + "\" already exists")
                            .withHint("Is another postmaster (PID " + other + ") using socket file \"" + socketFile
                                    + "\"?");
                }
                try {
                    Files.deleteIfExists(lockFile);
                } catch (IOException e) {
                    throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not remove old lock file \"" + lockFile
                            + "\": " + e.getMessage());
                }
            } catch (IOException e) {
                throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create lock file \"" + lockFile + "\": "
                        + e.getMessage());
            }
        }
        throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create lock file \"" + lockFile + "\"");
    }

    private static long readPid(Path lockFile) {
        try {
            String text = Files.readString(lockFile);
            int nl = text.indexOf('\n');
            String first = (nl < 0 ? text : text.substring(0, nl)).trim();
            return first.isEmpty() ? 0 : Math.abs(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
