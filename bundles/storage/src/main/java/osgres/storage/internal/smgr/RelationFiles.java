package osgres.storage.internal.smgr;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import osgres.api.Severity;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.RelFile;

/**
 * The storage manager (smgr.c + md.c): one file per relation, {@code base/<db>/<relfilenode>} or
 * {@code global/<relfilenode>} for database 0, made of 8 KB blocks. Keeps a cache of open FileChannels, the
 * block count of each relation, and the set of files written since the last checkpoint so the checkpoint can
 * fsync exactly those (md.c's pending fsync requests). It does no buffering and knows nothing of WAL: the
 * buffer manager decides when a block may be written. Forks (FSM, VM), segmenting at 1 GB and tablespaces are
 * not implemented.
 *
 * <p>A failed system call is md.c's ERROR: {@code could not extend file "base/5/16384": No space left on device}
 * (53100, HINT to check free disk space) and the like, with errcode_for_file_access's SQLSTATE and the path
 * relative to the data directory ({@link FileAccessErrors}); only the statement fails. Extension writes the new
 * block at once, as mdextend does, so a full disk is found there, before any WAL refers to the block.
 */
public final class RelationFiles implements AutoCloseable {

    private static final byte[] ZERO_PAGE = new byte[Page.SIZE];

    private final Path dataDirectory;
    private final ConcurrentHashMap<RelFile, FileChannel> channels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RelFile, AtomicInteger> blockCounts = new ConcurrentHashMap<>();
    private final Set<RelFile> unsynced = ConcurrentHashMap.newKeySet();

    public RelationFiles(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** Fsync statistics of one checkpoint's sync phase, for the "checkpoint complete" line. */
    public record SyncStats(int files, long longestNanos, long totalNanos) {
    }

    public Path path(RelFile rel) {
        if (rel.databaseOid() == 0) {
            return dataDirectory.resolve("global").resolve(Integer.toUnsignedString(rel.relfilenode()));
        }
        return dataDirectory.resolve("base").resolve(Integer.toUnsignedString(rel.databaseOid()))
                .resolve(fileName(rel));
    }

    /** The file's name in its database directory: {@code t<pid>_<relfilenode>} for a temporary relation. */
    private static String fileName(RelFile rel) {
        String node = Integer.toUnsignedString(rel.relfilenode());
        return rel.isTemporary() ? "t" + rel.tempBackend() + "_" + node : node;
    }

    /** Whether {@code name} is a temporary relation's file ({@code t<digits>_<digits>}, looks_like_temp_rel_name). */
    public static boolean isTemporaryFileName(String name) {
        return name.matches("t[0-9]+_[0-9]+");
    }

    /** relpath(): the file as PostgreSQL names it in messages, relative to the data directory. */
    public String relpath(RelFile rel) {
        return rel.databaseOid() == 0 ? "global/" + Integer.toUnsignedString(rel.relfilenode())
                : "base/" + Integer.toUnsignedString(rel.databaseOid()) + "/" + fileName(rel);
    }

    public boolean exists(RelFile rel) {
        return channels.containsKey(rel) || Files.exists(path(rel));
    }

    /** Creates the file if it does not exist; an existing file keeps its contents (redo may repeat this). */
    public void create(RelFile rel) {
        Path file = path(rel);
        try {
            Files.createDirectories(file.getParent());
            channel(rel, true);
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotCreate(relpath(rel)), e);
        }
    }

    /** Closes and deletes the file; a missing file is not an error. */
    public void drop(RelFile rel) {
        FileChannel ch = channels.remove(rel);
        closeQuietly(ch);
        blockCounts.remove(rel);
        unsynced.remove(rel);
        try {
            Files.deleteIfExists(path(rel));
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotRemove(relpath(rel)), e);
        }
    }

    /** Cuts the file down to {@code blocks} blocks (and fsyncs it: a truncation must not come back). */
    public void truncate(RelFile rel, int blocks) {
        try {
            FileChannel ch = channel(rel, true);
            ch.truncate((long) blocks * Page.SIZE);
            ch.force(false);
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotTruncate(relpath(rel), blocks), e);
        }
        blockCounts(rel).set(blocks);
    }

    /** Number of blocks, including blocks extended but not yet written with data. */
    public int blockCount(RelFile rel) {
        return blockCounts(rel).get();
    }

    /**
     * Appends a zero-filled block and returns its number. The caller serializes extensions of one relation
     * (the relation extension lock in the buffer manager).
     */
    public int extend(RelFile rel) {
        AtomicInteger count = blockCounts(rel);
        int block = count.get();
        try {
            writeBytes(rel, block, ByteBuffer.wrap(ZERO_PAGE));
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotExtend(relpath(rel)), e)
                    .withHint(Messages.CHECK_FREE_DISK_SPACE);
        }
        count.set(block + 1);
        return block;
    }

    /** Extends the relation with zero blocks until it has at least {@code blocks} blocks (redo). */
    public void extendTo(RelFile rel, int blocks) {
        AtomicInteger count = blockCounts(rel);
        synchronized (count) {
            while (count.get() < blocks) {
                try {
                    writeBytes(rel, count.get(), ByteBuffer.wrap(ZERO_PAGE));
                } catch (IOException e) {
                    throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotExtend(relpath(rel)), e)
                            .withHint(Messages.CHECK_FREE_DISK_SPACE);
                }
                count.incrementAndGet();
            }
        }
    }

    /** Reads block {@code block} into {@code page} (8 KB); a block past the end of the file is an error. */
    public void read(RelFile rel, int block, MemorySegment page) {
        ByteBuffer dst = page.asByteBuffer();
        long position = (long) block * Page.SIZE;
        try {
            FileChannel ch = channel(rel, false);
            while (dst.hasRemaining()) {
                int n = ch.read(dst, position + dst.position());
                if (n < 0) {
                    if (dst.position() == 0 && block < blockCount(rel)) {
                        // extended in memory past what reached the file: a zero page, as md.c would read it
                        page.fill((byte) 0);
                        return;
                    }
                    throw Messages.shortRead(block, relpath(rel), dst.position());
                }
            }
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotRead(block, relpath(rel)), e);
        }
    }

    /** Writes block {@code block} from {@code page}; remembered for the next checkpoint's fsync. */
    public void write(RelFile rel, int block, MemorySegment page) {
        try {
            writeBytes(rel, block, page.asByteBuffer());
        } catch (IOException e) {
            throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotWrite(block, relpath(rel)), e);
        }
    }

    /** Writes to an existing file only: a write racing with a drop must not bring the file back. */
    private void writeBytes(RelFile rel, int block, ByteBuffer src) throws IOException {
        FileChannel ch = channel(rel, false);
        long position = (long) block * Page.SIZE;
        while (src.hasRemaining()) {
            ch.write(src, position + src.position());
        }
        if (!rel.isTemporary()) {
            unsynced.add(rel); // a temporary relation need not survive a crash: no checkpoint fsyncs it
        }
    }

    /** Fsyncs every file written since the last call (the checkpoint's sync phase). */
    public SyncStats syncAll() {
        List<RelFile> files = new ArrayList<>(unsynced);
        int count = 0;
        long longest = 0;
        long total = 0;
        for (RelFile rel : files) {
            unsynced.remove(rel);
            FileChannel ch = channels.get(rel);
            if (ch == null) {
                continue;
            }
            long start = System.nanoTime();
            try {
                ch.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                continue; // dropped meanwhile: nothing left to make durable
            } catch (IOException e) {
                unsynced.add(rel);
                throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotFsync(relpath(rel)), e);
            }
            long took = System.nanoTime() - start;
            count++;
            total += took;
            longest = Math.max(longest, took);
        }
        return new SyncStats(count, longest, total);
    }

    private AtomicInteger blockCounts(RelFile rel) {
        AtomicInteger count = blockCounts.get(rel);
        if (count != null) {
            return count;
        }
        return blockCounts.computeIfAbsent(rel, r -> {
            try {
                FileChannel ch = channel(r, false);
                return new AtomicInteger((int) (ch.size() / Page.SIZE));
            } catch (NoSuchFileException e) {
                return new AtomicInteger(0);
            } catch (IOException e) {
                throw FileAccessErrors.error(Severity.ERROR, Messages.couldNotOpen(relpath(r)), e);
            }
        });
    }

    /** The open channel; a missing file is NoSuchFileException (callers tell a dropped relation by it). */
    private FileChannel channel(RelFile rel, boolean create) throws IOException {
        FileChannel ch = channels.get(rel);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (channels) {
            ch = channels.get(rel);
            if (ch != null && ch.isOpen()) {
                return ch;
            }
            Path file = path(rel);
            ch = create
                    ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            StandardOpenOption.CREATE)
                    : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channels.put(rel, ch);
            return ch;
        }
    }

    @Override
    public void close() {
        for (FileChannel ch : channels.values()) {
            closeQuietly(ch);
        }
        channels.clear();
        blockCounts.clear();
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a file we no longer need: nothing to do about a failure
        }
    }
}
