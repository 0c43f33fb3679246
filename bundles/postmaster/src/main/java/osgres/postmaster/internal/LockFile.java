package osgres.postmaster.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * {@code postmaster.pid}, the data directory lock file (miscinit.c CreateDataDirLockFile /
 * AddToDataDirLockFile, pidfile.h). Layout, one value per line, each ending in {@code \n}:
 * <pre>
 * 1 postmaster pid          5 first Unix socket directory (empty until a socket is up)
 * 2 data directory          6 first listen address (configured spelling; empty if no TCP)
 * 3 start time (epoch s)    7 shared memory key "%9lu %9lu"
 * 4 port                    8 status: "starting", "stopping", "ready   ", "standby " (8 chars each)
 * </pre>
 * Rewrites go to offset 0 without truncation, then fsync, exactly as PostgreSQL does: a line never gets
 * shorter (hence the padded status), so a reader such as {@code pg_ctl} never sees a torn shorter file.
 * The file is removed as the very last step of the postmaster's exit.
 */
final class LockFile {
    static final String NAME = "postmaster.pid";
    static final int LINE_SOCKET_DIR = 5;
    static final int LINE_LISTEN_ADDR = 6;
    static final int LINE_SHMEM_KEY = 7;
    static final int LINE_STATUS = 8;
    static final String STATUS_STARTING = "starting";
    static final String STATUS_STOPPING = "stopping";
    static final String STATUS_READY = "ready   ";
    static final String STATUS_STANDBY = "standby ";
    private static final int MAX_TRIES = 100;

    private final Path file;
    private final List<String> lines = new ArrayList<>();

    private LockFile(Path file, List<String> initial) {
        this.file = file;
        this.lines.addAll(initial);
    }

    /**
     * Creates the lock file, or throws FATAL if another live postmaster holds it. A file left by a dead
     * process (or by our own pid, our parent's, or pg_ctl's parent's, as PostgreSQL allows) is replaced.
     */
    static LockFile create(Path dataDirectory, long pid, long startTime, int port) {
        Path file = dataDirectory.resolve(NAME);
        List<String> initial = List.of(Long.toString(pid), dataDirectory.toString(), Long.toString(startTime),
                Integer.toString(port), "");
        byte[] content = render(initial);
        long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        long grandparent = parseLong(System.getenv("PG_GRANDPARENT_PID"));
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            try {
                Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                LockFile lock = new LockFile(file, initial);
                lock.sync();
                return lock;
            } catch (FileAlreadyExistsException exists) {
                String text = readQuietly(file);
                if (text != null && text.isEmpty()) {
                    throw PgException.fatal(SqlState.OBJECT_IN_USE, "lock file \"" + NAME + "\" is empty")
                            .withHint("Either another server is starting, or the lock file is the remnant of a "
                                    + "previous server startup crash.");
                }
                long other = text == null ? 0 : Math.abs(parseLong(text.lines().findFirst().orElse("")));
                boolean ours = other == pid || other == parent || other == grandparent;
                if (other > 0 && !ours && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
                    throw PgException.fatal(SqlState.OBJECT_IN_USE, "lock file \"" + NAME + "\" already exists")
                            .withHint("Is another postmaster (PID " + other + ") running in data directory \""
                                    + dataDirectory + "\"?");
                }
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not remove old lock file \"" + NAME
                            + "\": " + e.getMessage()).withHint("The file seems accidentally left over, but it "
                            + "could not be removed. Please remove the file by hand and try again.");
                }
            } catch (IOException e) {
                throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create lock file \"" + NAME + "\": "
                        + e.getMessage());
            }
        }
        throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create lock file \"" + NAME + "\"");
    }

    /** Lines 1-4, which each socket lock file repeats. */
    List<String> firstLines() {
        return List.copyOf(lines.subList(0, 4));
    }

    /** Sets line {@code number} (1-based), filling missing lines with empty ones, and rewrites the file. */
    synchronized void setLine(int number, String value) {
        while (lines.size() < number) {
            lines.add("");
        }
        lines.set(number - 1, value);
        sync();
    }

    /** True while the file still exists and names us (the once-a-minute check of ServerLoop). */
    boolean stillOurs(long pid) {
        String text = readQuietly(file);
        return text != null && text.lines().findFirst().map(l -> parseLong(l) == pid).orElse(false);
    }

    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the server is exiting; pg_ctl will report the leftover file
        }
    }

    private void sync() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(render(lines));
            long position = 0;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(true);
        } catch (IOException e) {
            throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not write lock file \"" + NAME + "\": "
                    + e.getMessage());
        }
    }

    private static byte[] render(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static long parseLong(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
