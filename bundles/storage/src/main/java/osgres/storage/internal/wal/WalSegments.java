package osgres.storage.internal.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.Severity;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;

/**
 * The files of {@code pg_wal/} (xlog.c's XLogFileInit / XLogFileName / RemoveOldXlogFiles): 16 MB segments of
 * one continuous byte stream, named {@code TTTTTTTTXXXXXXXXYYYYYYYY} as PostgreSQL names them (timeline 1).
 * LSN {@code n} lives in segment {@code n / 16 MB} at offset {@code n % 16 MB}. Segments are created on first
 * write and grow as WAL is written (not preallocated, so the end of the WAL is where the data ends or
 * turns invalid); old ones are removed, not recycled. Keeps the channels of the segments being written open.
 */
public final class WalSegments implements AutoCloseable {

    public static final long SEGMENT_SIZE = 16L * 1024 * 1024;
    /** The WAL of a new cluster starts at the beginning of segment 1, as initdb's does (0/1000000). */
    public static final long FIRST_LSN = SEGMENT_SIZE;
    public static final int TIMELINE = 1;
    private static final long SEGMENTS_PER_XLOG_ID = 0x100000000L / SEGMENT_SIZE;

    private final Path directory;
    private final Map<Long, FileChannel> open = new ConcurrentHashMap<>();

    public WalSegments(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public static String fileName(long segno) {
        return String.format(Locale.ROOT, "%08X%08X%08X", TIMELINE, segno / SEGMENTS_PER_XLOG_ID,
                segno % SEGMENTS_PER_XLOG_ID);
    }

    /** The segment number a file name stands for, or -1 if it is not a WAL segment of our timeline. */
    static long segmentNumber(String name) {
        if (name.length() != 24 || !name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            return -1;
        }
        if (Long.parseLong(name.substring(0, 8), 16) != TIMELINE) {
            return -1;
        }
        return Long.parseLong(name.substring(8, 16), 16) * SEGMENTS_PER_XLOG_ID
                + Long.parseLong(name.substring(16), 16);
    }

    public Path path(long segno) {
        return directory.resolve(fileName(segno));
    }

    /** The channel to write segment {@code segno}, creating the file (and making its name durable) if new. */
    FileChannel channelForWrite(long segno) {
        FileChannel ch = open.get(segno);
        if (ch != null) {
            return ch;
        }
        synchronized (open) {
            ch = open.get(segno);
            if (ch != null) {
                return ch;
            }
            Path file = path(segno);
            try {
                boolean created = !Files.exists(file);
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
                if (created) {
                    syncDirectory();
                }
            } catch (IOException e) {
                throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotCreateWal(fileName(segno)), e);
            }
            open.put(segno, ch);
            return ch;
        }
    }

    /** fdatasyncs every segment overlapping [from, to); closes those wholly below {@code to}'s segment. */
    void sync(long from, long to) {
        if (to <= from) {
            return;
        }
        long last = (to - 1) / SEGMENT_SIZE;
        for (long segno = from / SEGMENT_SIZE; segno <= last; segno++) {
            FileChannel ch = open.get(segno);
            if (ch == null) {
                continue; // nothing written there through this instance
            }
            try {
                ch.force(false);
            } catch (IOException e) {
                throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotFsyncWal(fileName(segno)), e);
            }
        }
        long current = to / SEGMENT_SIZE;
        for (Long segno : open.keySet()) {
            if (segno < current) {
                closeQuietly(open.remove(segno));
            }
        }
    }

    /**
     * Cuts the WAL at {@code end} (the end of the last valid record found by recovery): the segment holding it
     * is truncated there, later segments are deleted, so nothing stale can follow the new records.
     */
    public void truncateAfter(long end) {
        long segno = end / SEGMENT_SIZE;
        try {
            Files.createDirectories(directory);
            Path file = path(segno);
            if (Files.exists(file)) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(end % SEGMENT_SIZE);
                    ch.force(true);
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path f : files) {
                    long n = segmentNumber(f.getFileName().toString());
                    if (n > segno) {
                        Files.delete(f);
                    }
                }
            }
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotWriteWal(path(segno), e), e);
        }
    }

    /** RemoveOldXlogFiles: deletes the segments wholly before {@code redo}'s segment; returns how many. */
    public int removeBefore(long redo) {
        long keep = redo / SEGMENT_SIZE;
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                long n = segmentNumber(f.getFileName().toString());
                if (n >= 0 && n < keep) {
                    closeQuietly(open.remove(n));
                    try {
                        Files.delete(f);
                        removed++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(Messages.couldNotRemoveWal(f, e), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotRemoveWal(directory, e), e);
        }
        return removed;
    }

    private void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems refuse to fsync a directory; the data files' own fsyncs still hold
        }
    }

    @Override
    public void close() {
        for (FileChannel ch : open.values()) {
            closeQuietly(ch);
        }
        open.clear();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do
            }
        }
    }
}
