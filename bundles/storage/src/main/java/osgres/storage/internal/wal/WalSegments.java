package osgres.storage.internal.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import osgres.api.Severity;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;

/**
 * The files of {@code pg_wal/} (xlog.c's XLogFileInit / XLogFileName / RemoveOldXlogFiles / RemoveXlogFile /
 * InstallXLogFileSegment / PreallocXlogFiles): 16 MB segments of one continuous byte stream, named
 * {@code TTTTTTTTXXXXXXXXYYYYYYYY} as PostgreSQL names them (timeline 1). LSN {@code n} lives in segment
 * {@code n / 16 MB} at offset {@code n % 16 MB}. Keeps the channels of the segments being written open.
 *
 * <p>Life of a segment file:
 * <ul>
 *   <li>preallocated at a checkpoint's end when the WAL end is 3/4 into its segment: the next one is written as
 *       {@code xlogtemp.<pid>} (16 MB of zeros with wal_init_zero, else only its last byte), fsynced and renamed
 *       to its name;</li>
 *   <li>created by the writer if it needs one that is missing (XLogFileInit), the same way: at its full 16 MB
 *       before the first record goes in, so a commit's fdatasync never has to make a grown file size durable
 *       too (a journal commit on every flush: that made each synchronous commit about 1 ms slower than
 *       PostgreSQL's);</li>
 *   <li>after a checkpoint, every segment wholly before the redo point is recycled (renamed to the lowest free
 *       future name, up to a limit from min_wal_size and max_wal_size) or removed ({@code wal_recycle = off},
 *       or past the limit);</li>
 *   <li>recovery truncates the segment holding the end of the valid WAL there, fills it out to 16 MB again
 *       (zeros), and deletes every later one, so no record of a previous life with the right address can follow
 *       the new ones.</li>
 * </ul>
 * A recycled or preallocated segment therefore holds zeros or another segment's stale records beyond what was
 * written into it; {@link WalReader} ends the WAL there (record length 0, or a record whose segment address is
 * not this segment's, as xlp_pageaddr does for PostgreSQL). Renames and the writer's creation of a segment happen
 * under one lock, so neither ever replaces a file the other put in place.
 */
public final class WalSegments implements AutoCloseable {

    public static final long SEGMENT_SIZE = 16L * 1024 * 1024;
    /** The WAL of a new cluster starts at the beginning of segment 1, as initdb's does (0/1000000). */
    public static final long FIRST_LSN = SEGMENT_SIZE;
    /** The timeline of a new cluster. */
    public static final int FIRST_TIMELINE = 1;
    private static final long SEGMENTS_PER_XLOG_ID = 0x100000000L / SEGMENT_SIZE;

    /** PreallocXlogFiles: the next segment is made ahead of need once the WAL end is this far into its own. */
    static final long PREALLOCATE_AT_OFFSET = SEGMENT_SIZE * 3 / 4;
    private static final int ZERO_CHUNK = 1024 * 1024;

    private final Path directory;
    /** wal_init_zero: a new segment is written full of zeros, else only its last byte (read at each creation). */
    private final BooleanSupplier initZero;
    /** Open channels of segments being written; its monitor also orders every creation and rename of a name. */
    private final Map<Long, FileChannel> open = new ConcurrentHashMap<>();
    /** ThisTimeLineID: the timeline whose segment files this instance reads and writes. */
    private volatile int timeline = FIRST_TIMELINE;

    /** Segments whose new files get only their last byte written (wal_init_zero = off): tests, and WAL readers. */
    public WalSegments(Path directory) {
        this(directory, () -> false);
    }

    public WalSegments(Path directory, BooleanSupplier initZero) {
        this.directory = directory;
        this.initZero = initZero;
    }

    public Path directory() {
        return directory;
    }

    /** The timeline whose segments this instance reads and writes. */
    public int timeline() {
        return timeline;
    }

    /** Recovery: the timeline pg_control (or a promotion) names. */
    public void setTimeline(int newTimeline) {
        this.timeline = newTimeline;
    }

    /** XLogFileName: segment {@code segno} of the current timeline. */
    public String fileName(long segno) {
        return fileName(timeline, segno);
    }

    public static String fileName(int timeline, long segno) {
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, segno / SEGMENTS_PER_XLOG_ID,
                segno % SEGMENTS_PER_XLOG_ID);
    }

    /** The segment number a file name stands for, or -1 if it is not a WAL segment of our timeline. */
    public long segmentNumber(String name) {
        return isSegmentFileName(name) && timelineOf(name) == timeline ? segmentOf(name) : -1;
    }

    /** IsXLogFileName: 24 upper-case hex digits, a segment of any timeline. */
    public static boolean isSegmentFileName(String name) {
        return name.length() == 24 && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    }

    private static long timelineOf(String segmentName) {
        return Long.parseLong(segmentName.substring(0, 8), 16);
    }

    private static long segmentOf(String segmentName) {
        return Long.parseLong(segmentName.substring(8, 16), 16) * SEGMENTS_PER_XLOG_ID
                + Long.parseLong(segmentName.substring(16), 16);
    }

    public Path path(long segno) {
        return directory.resolve(fileName(segno));
    }

    /**
     * Reads WAL bytes at {@code lsn} from its segment file, within that segment (XLogRead for a walsender).
     * 58P01 {@code requested WAL segment %s has already been removed} when the file is gone.
     */
    public int read(long lsn, byte[] buffer, int offset, int length) {
        long segno = lsn / SEGMENT_SIZE;
        long inSegment = lsn % SEGMENT_SIZE;
        int n = (int) Math.min(length, SEGMENT_SIZE - inSegment);
        try (FileChannel ch = FileChannel.open(path(segno), StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(buffer, offset, n);
            long position = inSegment;
            while (target.hasRemaining()) {
                int r = ch.read(target, position);
                if (r < 0) {
                    break;
                }
                position += r;
            }
            return n - target.remaining();
        } catch (java.nio.file.NoSuchFileException e) {
            throw osgres.api.PgException.error(osgres.api.SqlState.UNDEFINED_FILE,
                    "requested WAL segment " + fileName(segno) + " has already been removed");
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, "could not read from log segment " + fileName(segno)
                    + ", offset " + inSegment + ": " + FileAccessErrors.reason(e), e);
        }
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
            if (!Files.exists(file)) {
                // XLogFileInit: built full size under a temporary name, fsynced, then renamed into place; a
                // failure is a PANIC, as XLogWrite's call of it runs in a critical section
                String tmp = "xlogtemp." + ProcessHandle.current().pid() + ".w";
                try {
                    writeTemporarySegment(tmp, initZero.getAsBoolean());
                } catch (IOException e) {
                    deleteQuietly(directory.resolve(tmp)); // its space back, as XLogFileInitInternal unlinks it
                    throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotWriteFile("pg_wal/" + tmp), e);
                }
                try {
                    Files.move(directory.resolve(tmp), file, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotCreateWal(fileName(segno)), e);
                }
                syncDirectory();
            }
            try {
                ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            } catch (IOException e) {
                throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotCreateWal(fileName(segno)), e);
            }
            open.put(segno, ch);
            return ch;
        }
    }

    /**
     * XLogWalRcvWrite: writes WAL a walreceiver got from the primary at its own LSN (crossing segment boundaries as
     * needed). PANIC when it cannot, as for WAL this server writes itself.
     */
    public void writeReceived(long lsn, byte[] data, int offset, int length) {
        long at = lsn;
        int done = 0;
        while (done < length) {
            long segno = at / SEGMENT_SIZE;
            long inSegment = at % SEGMENT_SIZE;
            int n = (int) Math.min(length - done, SEGMENT_SIZE - inSegment);
            FileChannel ch = channelForWrite(segno);
            ByteBuffer source = ByteBuffer.wrap(data, offset + done, n);
            try {
                while (source.hasRemaining()) {
                    ch.write(source, inSegment + source.position() - (offset + done));
                }
            } catch (IOException e) {
                throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotWriteLogFile(fileName(segno),
                        inSegment, n), e);
            }
            done += n;
            at += n;
        }
    }

    /** A segment file is about to be replaced (restored from the archive): later writes open the new one. */
    public void closeChannel(long segno) {
        synchronized (open) {
            closeQuietly(open.remove(segno));
        }
    }

    /** XLogWalRcvFlush: makes received WAL in [from, to) durable. */
    public void syncReceived(long from, long to) {
        sync(from, to);
    }

    /**
     * fdatasyncs every segment overlapping [from, to); closes those wholly below {@code to}'s segment. Returns
     * how many it synced.
     */
    int sync(long from, long to) {
        if (to <= from) {
            return 0;
        }
        int synced = 0;
        long last = (to - 1) / SEGMENT_SIZE;
        for (long segno = from / SEGMENT_SIZE; segno <= last; segno++) {
            FileChannel ch = open.get(segno);
            if (ch == null) {
                continue; // nothing written there through this instance
            }
            try {
                ch.force(false);
                synced++;
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
        return synced;
    }

    /**
     * XLogInitNewTimeline: the segment holding {@code switchLsn} is copied from the current timeline to
     * {@code newTimeline}'s name up to that point (zeros after it), and the new timeline becomes the current one:
     * WAL written from {@code switchLsn} on goes into the new timeline's files, the old ones stay as they are.
     */
    public void switchTimeline(int newTimeline, long switchLsn) {
        long segno = switchLsn / SEGMENT_SIZE;
        Path from = path(segno);
        Path to = directory.resolve(fileName(newTimeline, segno));
        String tmp = "xlogtemp." + ProcessHandle.current().pid() + ".t";
        Path temporary = directory.resolve(tmp);
        try {
            synchronized (open) {
                closeQuietly(open.remove(segno));
                try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    long upTo = switchLsn % SEGMENT_SIZE;
                    if (Files.exists(from) && upTo > 0) {
                        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
                            long copied = 0;
                            while (copied < upTo) {
                                long n = in.transferTo(copied, upTo - copied, out);
                                if (n <= 0) {
                                    break;
                                }
                                copied += n;
                            }
                        }
                    }
                    fill(out, upTo, true);
                    out.force(true);
                }
                Files.move(temporary, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory();
                timeline = newTimeline;
                for (FileChannel ch : open.values()) {
                    closeQuietly(ch);
                }
                open.clear();
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw FileAccessErrors.error(Severity.PANIC, Messages.couldNotCreateWal(fileName(newTimeline, segno)), e);
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
                    // full size again, zeros past the end (so the writer's flushes never grow the file)
                    fill(ch, end % SEGMENT_SIZE, initZero.getAsBoolean());
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

    /** What a checkpoint did to {@code pg_wal/}, for its "checkpoint complete" line. */
    public record Cleanup(int removed, int recycled) {
    }

    /**
     * RemoveOldXlogFiles and RemoveXlogFile: every segment wholly before segment {@code keepFrom} is no longer
     * needed. With {@code recycle}, each is renamed to the lowest free segment name from {@code endSegno} on, as
     * long as one is free up to {@code recycleUpTo} (InstallXLogFileSegment with find_free); the others are
     * removed.
     */
    public Cleanup removeOrRecycle(long keepFrom, long endSegno, long recycleUpTo, boolean recycle) {
        return removeOrRecycle(keepFrom, endSegno, recycleUpTo, recycle, null);
    }

    /**
     * {@link #removeOrRecycle(long, long, long, boolean)} that keeps every segment {@code archive} does not yet
     * allow to go (XLogArchiveCheckDone: with archiving on, one not yet archived), and removes the archive status
     * markers of those that went (XLogArchiveCleanup).
     */
    public Cleanup removeOrRecycle(long keepFrom, long endSegno, long recycleUpTo, boolean recycle,
                                   ArchiveStatus archive) {
        List<Long> old = new ArrayList<>();
        List<Path> earlierTimelines = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                long n = segmentNumber(name);
                if (n >= 0 && n < keepFrom) {
                    old.add(n);
                } else if (n < 0 && earlierTimelineSegment(name, keepFrom)) {
                    earlierTimelines.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotRemoveWal(directory, e), e);
        }
        old.sort(null);
        int removed = 0;
        // RemoveOldXlogFiles after a promotion: the old timeline's segments before the redo point go too (never
        // recycled: their names are not this timeline's), unless the archive still wants them
        for (Path f : earlierTimelines) {
            String name = f.getFileName().toString();
            if (archive != null && Files.exists(directory.resolve(ArchiveStatus.DIRECTORY).resolve(name + ".ready"))) {
                continue;
            }
            try {
                Files.deleteIfExists(f);
                Files.deleteIfExists(directory.resolve(ArchiveStatus.DIRECTORY).resolve(name + ".done"));
                removed++;
            } catch (IOException e) {
                throw new UncheckedIOException(Messages.couldNotRemoveWal(directory, e), e);
            }
        }
        int recycled = 0;
        long nextFree = endSegno;
        for (long n : old) {
            if (archive != null && !archive.removable(n)) {
                continue;
            }
            long installedAt = recycle && nextFree <= recycleUpTo ? install(n, nextFree, recycleUpTo) : -1;
            if (installedAt >= 0) {
                recycled++;
                nextFree = installedAt + 1;
            } else {
                remove(n);
                removed++;
            }
            if (archive != null) {
                archive.cleanup(n);
            }
        }
        if (removed + recycled > 0) {
            syncDirectory();
        }
        return new Cleanup(removed, recycled);
    }

    /** A segment file of a timeline before the current one, wholly before {@code keepFrom}. */
    private boolean earlierTimelineSegment(String name, long keepFrom) {
        return isSegmentFileName(name) && timelineOf(name) < timeline && segmentOf(name) < keepFrom;
    }

    /** Renames segment {@code segno} to the first free name in [from, upTo]; returns that number, or -1. */
    private long install(long segno, long from, long upTo) {
        synchronized (open) {
            closeQuietly(open.remove(segno));
            long target = from;
            while (Files.exists(path(target))) {
                if (target >= upTo) {
                    return -1;
                }
                target++;
            }
            try {
                Files.move(path(segno), path(target), StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                // durable_rename failed (LOG there): the caller removes the segment instead
                return -1;
            }
        }
    }

    private void remove(long segno) {
        Path f = path(segno);
        synchronized (open) {
            closeQuietly(open.remove(segno));
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotRemoveWal(f, e), e);
        }
    }

    /**
     * PreallocXlogFiles: if the WAL ending at {@code end} is at least 3/4 into its segment, makes sure the next
     * segment exists at its full 16 MB (zero-filled with {@code zeroFill}, else only its last byte written);
     * returns whether it created one. A failure is an ERROR for the checkpoint, which is complete by then.
     */
    public boolean preallocate(long end, boolean zeroFill) {
        long segno = (end - 1) / SEGMENT_SIZE;
        if ((end - 1) % SEGMENT_SIZE < PREALLOCATE_AT_OFFSET || Files.exists(path(segno + 1))) {
            return false;
        }
        Path tmp = directory.resolve("xlogtemp." + ProcessHandle.current().pid());
        try {
            writeTemporarySegment(tmp.getFileName().toString(), zeroFill);
            synchronized (open) {
                if (Files.exists(path(segno + 1))) {
                    Files.delete(tmp); // the writer got there first
                    return false;
                }
                Files.move(tmp, path(segno + 1), StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory();
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotWriteFile("pg_wal/" + tmp.getFileName()),
                    e);
        }
    }

    /**
     * Writes a full-size segment file {@code name} in {@code pg_wal/} (replacing any leftover of that name): zeros,
     * or with {@code zeroFill} false only its last byte; fsynced.
     */
    private void writeTemporarySegment(String name, boolean zeroFill) throws IOException {
        Path tmp = directory.resolve(name);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            fill(ch, 0, zeroFill);
            ch.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next creation truncates it
        }
    }

    /** Extends a segment file from {@code from} to its full size: zeros, or with {@code zeroFill} false its last byte. */
    private static void fill(FileChannel ch, long from, boolean zeroFill) throws IOException {
        if (!zeroFill) {
            ch.write(ByteBuffer.allocate(1), SEGMENT_SIZE - 1);
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
        for (long at = from; at < SEGMENT_SIZE; ) {
            zeros.clear();
            zeros.limit((int) Math.min(ZERO_CHUNK, SEGMENT_SIZE - at));
            at += ch.write(zeros, at);
        }
    }

    /** How many segment files {@code pg_wal/} holds (tests). */
    int segmentFileCount() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            int n = 0;
            for (Path f : files) {
                if (segmentNumber(f.getFileName().toString()) >= 0) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void syncDirectory() {
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
