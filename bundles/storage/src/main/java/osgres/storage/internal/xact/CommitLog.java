package osgres.storage.internal.xact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.PgException;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;

/**
 * The commit log (clog.c): two status bits per transaction, 32768 transactions per 8 KB page, 32 pages per
 * segment file {@code pg_xact/XXXX}, bit layout as PostgreSQL's (byte {@code (xid % 32768) / 4}, shift
 * {@code (xid % 4) * 2}; 0 in progress, 1 committed, 2 aborted).
 *
 * <p>Held wholly in Java memory (2 bits per xid: ten million transactions take 2.5 MB) instead of
 * PostgreSQL's SLRU buffers in shared memory; updates are lock-free CAS on the int holding the two bits.
 * Durability comes from the WAL: the commit/abort records are replayed into it, and a checkpoint writes the
 * dirty pages (after flushing the WAL, so no status reaches disk before its record) and fsyncs them. So no
 * ZEROPAGE records and no group LSNs are needed.
 */
public final class CommitLog {

    public static final int IN_PROGRESS = 0;
    public static final int COMMITTED = 1;
    public static final int ABORTED = 2;

    static final int PAGE_SIZE = 8192;
    static final int XACTS_PER_PAGE = PAGE_SIZE * 4;
    static final int PAGES_PER_SEGMENT = 32;
    private static final int INTS_PER_PAGE = PAGE_SIZE / 4;
    /** Pages are int[] (each int holds the status bytes 4k..4k+3, little-endian) so CAS works on them. */
    private static final VarHandle INT = MethodHandles.arrayElementVarHandle(int[].class);

    private final Path directory;
    private final ConcurrentHashMap<Long, int[]> pages = new ConcurrentHashMap<>();
    private final Set<Long> dirtyPages = ConcurrentHashMap.newKeySet();
    /**
     * The page {@link #status} found last: nearly every tuple a scan checks has an xid of the current page (32768
     * transactions), and a look here costs no Long box and no hash lookup. Pages are never dropped or replaced.
     */
    private volatile CachedPage lastPage = new CachedPage(-1, null);

    private record CachedPage(long pageNo, int[] page) {
    }

    public CommitLog(Path directory) {
        this.directory = directory;
    }

    /** Reads every segment file of pg_xact (at startup, before redo). */
    public void load() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.length() < 4 || !name.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    continue;
                }
                long segment = Long.parseLong(name, 16);
                byte[] content = Files.readAllBytes(file);
                for (int p = 0; p * PAGE_SIZE < content.length && p < PAGES_PER_SEGMENT; p++) {
                    int[] page = new int[INTS_PER_PAGE];
                    int available = Math.min(PAGE_SIZE, content.length - p * PAGE_SIZE);
                    ByteBuffer.wrap(content, p * PAGE_SIZE, available).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                            .get(page, 0, available / 4);
                    pages.put(segment * PAGES_PER_SEGMENT + p, page);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(Messages.couldNotAccessClog(0, e), e);
        }
        lastPage = new CachedPage(-1, null); // a page read here replaced any the cache may hold
    }

    public int status(long xid) {
        long pageNo = xid / XACTS_PER_PAGE;
        CachedPage cached = lastPage;
        int[] page;
        if (cached.pageNo() == pageNo) {
            page = cached.page();
        } else {
            page = pages.get(pageNo);
            if (page == null) {
                return IN_PROGRESS;
            }
            lastPage = new CachedPage(pageNo, page);
        }
        int byteIndex = (int) (xid % XACTS_PER_PAGE) / 4;
        int word = (int) INT.getVolatile(page, byteIndex >> 2);
        return (word >>> shift(xid, byteIndex)) & 3;
    }

    public void setStatus(long xid, int status) {
        long pageNo = xid / XACTS_PER_PAGE;
        int[] page = pages.computeIfAbsent(pageNo, n -> new int[INTS_PER_PAGE]);
        int byteIndex = (int) (xid % XACTS_PER_PAGE) / 4;
        int shift = shift(xid, byteIndex);
        int wordOffset = byteIndex >> 2;
        while (true) {
            int old = (int) INT.getVolatile(page, wordOffset);
            int updated = (old & ~(3 << shift)) | (status << shift);
            if (INT.compareAndSet(page, wordOffset, old, updated)) {
                break;
            }
        }
        dirtyPages.add(pageNo);
    }

    private static int shift(long xid, int byteIndex) {
        return (byteIndex & 3) * 8 + (int) (xid % 4) * 2;
    }

    /**
     * CheckPointCLOG: writes the dirty pages to their segment files and fsyncs them. The caller has flushed
     * the WAL first. Returns the number of files synced.
     */
    public int checkpoint() {
        List<Long> dirty = new ArrayList<>(dirtyPages);
        Map<Long, List<Long>> bySegment = new HashMap<>();
        for (Long pageNo : dirty) {
            dirtyPages.remove(pageNo); // before the write: a concurrent update marks it dirty again
            bySegment.computeIfAbsent(pageNo / PAGES_PER_SEGMENT, s -> new ArrayList<>()).add(pageNo);
        }
        try {
            Files.createDirectories(directory);
            for (Map.Entry<Long, List<Long>> entry : bySegment.entrySet()) {
                Path file = directory.resolve(segmentName(entry.getKey()));
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    for (Long pageNo : entry.getValue()) {
                        ByteBuffer source = ByteBuffer.allocate(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                        int[] page = pages.get(pageNo);
                        for (int i = 0; i < INTS_PER_PAGE; i++) {
                            source.putInt((int) INT.getVolatile(page, i));
                        }
                        source.flip();
                        long position = (pageNo % PAGES_PER_SEGMENT) * PAGE_SIZE;
                        while (source.hasRemaining()) {
                            ch.write(source, position + source.position());
                        }
                    }
                    ch.force(false);
                }
            }
        } catch (IOException e) {
            // SlruReportIOError: an ERROR, so the checkpoint fails and is retried (a full disk must not crash)
            dirtyPages.addAll(dirty);
            throw PgException.error(FileAccessErrors.sqlState(e), Messages.couldNotAccessClogStatus(0))
                    .withDetail(Messages.couldNotWriteClogDetail(FileAccessErrors.reason(e)));
        }
        return bySegment.size();
    }

    static String segmentName(long segment) {
        return String.format(Locale.ROOT, "%04X", segment);
    }
}
