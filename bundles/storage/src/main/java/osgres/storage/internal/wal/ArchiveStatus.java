package osgres.storage.internal.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.internal.control.FileAccessErrors;
import osgres.storage.internal.control.Messages;

/**
 * The archive status files of {@code pg_wal/archive_status/} (xlogarchive.c: XLogArchiveNotify,
 * XLogArchiveCheckDone, XLogArchiveCleanup; pgarch.c: pgarch_readyXlog, pgarch_archiveDone). Each WAL file that
 * must reach the archive has one empty marker:
 * <pre>
 *   (none) ─segment complete, archiving on─► NAME.ready ─archive_command exit 0─► NAME.done
 *   (none) ─a standby received it in full─► NAME.done  (NAME.ready with archive_mode = always)
 *   (none) ─a promotion wrote TTTTTTTT.history─► TTTTTTTT.history.ready
 *   NAME.done ─segment removed or recycled by a checkpoint─► (none)
 * </pre>
 * Invariants: with archiving on, a segment is never removed or recycled while it lacks a {@code .done}
 * ({@link #removable}); a {@code .ready} is written only after the segment's last byte is flushed, so the archive
 * never gets a torn segment. A new {@code .ready} wakes the archiver's {@link #awaitReady}: it sleeps on a
 * condition, never polls.
 *
 * <p>Not here: archive_library modules, the "last archived" shared state of recovery (XLogArchiveIsBusy), the
 * per-scan batching of pgarch_readyXlog (osgres scans the directory once per file; it holds few status files).
 */
public final class ArchiveStatus {
    public static final String DIRECTORY = "archive_status";
    static final String READY = ".ready";
    static final String DONE = ".done";

    private final WalSegments segments;
    private final Path walDirectory;
    private final Path statusDirectory;
    /** XLogArchivingActive: archive_mode is on or always (a postmaster setting: fixed for the server's life). */
    private final BooleanSupplier archivingActive;
    /** XLogArchivingAlways: archive_mode = always (a standby archives what it receives too). */
    private final BooleanSupplier archivingAlways;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notified = lock.newCondition();
    /** Standby mode (RECOVERY_STATE_ARCHIVE): received segments may go without archiving unless mode is always. */
    private volatile boolean archiveRecovery;
    /** Guarded by lock: a .ready appeared since the archiver last looked. */
    private boolean pending;

    public ArchiveStatus(WalSegments segments, BooleanSupplier archivingActive) {
        this(segments, archivingActive, () -> false);
    }

    /** Over the segment files of {@code segments} (whose timeline names them). */
    public ArchiveStatus(WalSegments segments, BooleanSupplier archivingActive, BooleanSupplier archivingAlways) {
        this.segments = segments;
        this.walDirectory = segments.directory();
        this.statusDirectory = walDirectory.resolve(DIRECTORY);
        this.archivingActive = archivingActive;
        this.archivingAlways = archivingAlways;
    }

    public boolean archivingActive() {
        return archivingActive.getAsBoolean();
    }

    /** XLogArchiveNotifySeg: segment {@code segno} is complete and flushed. Nothing when archiving is off. */
    public void segmentComplete(long segno) {
        if (archivingActive()) {
            notify(segments.fileName(segno));
        }
    }

    /**
     * For the walreceiver (XLogWalRcvClose): a segment a standby received in full is {@code .ready} with
     * archive_mode = always, else {@code .done} at once (XLogArchiveForceDone), so that after a promotion the new
     * primary does not archive again what the old primary already did.
     */
    public void receivedSegmentComplete(long segno) {
        String name = segments.fileName(segno);
        if (archivingAlways.getAsBoolean()) {
            notify(name);
            return;
        }
        forceDone(name);
    }

    /** XLogArchiveForceDone: {@code NAME.done}, whatever its status was. */
    public void forceDone(String fileName) {
        Path done = status(fileName, DONE);
        try {
            Files.createDirectories(statusDirectory);
            Path ready = status(fileName, READY);
            if (Files.exists(ready)) {
                markDone(fileName);
            } else if (!Files.exists(done)) {
                Files.createFile(done);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // done already
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotCreateArchiveStatus(relative(done),
                    FileAccessErrors.reason(e)));
        }
    }

    /** writeTimeLineHistory: a promotion's new {@code TTTTTTTT.history} is archived first (with archiving on). */
    public void timelineHistoryWritten(int timeline) {
        if (archivingActive()) {
            notify(String.format(java.util.Locale.ROOT, "%08X.history", timeline));
        }
    }

    /** XLogArchiveNotify: writes {@code NAME.ready} (unless it is already {@code .done}) and wakes the archiver. */
    public void notify(String fileName) {
        if (Files.exists(status(fileName, DONE))) {
            return;
        }
        Path ready = status(fileName, READY);
        try {
            Files.createDirectories(statusDirectory);
            try (FileChannel ignored = FileChannel.open(ready, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                // an empty marker: its name is the message
            }
        } catch (IOException e) {
            // XLogArchiveNotify: LOG and go on; XLogArchiveCheckDone makes it again before the segment may go
            ServerLog.log(Severity.LOG, Messages.couldNotCreateArchiveStatus(relative(ready),
                    FileAccessErrors.reason(e)));
            return;
        }
        wake();
    }

    private void wake() {
        lock.lock();
        try {
            pending = true;
            notified.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * XLogArchiveCheckDone, for a checkpoint deciding whether a segment may be removed or recycled: always with
     * archiving off or (unless archive_mode is always) during standby recovery; otherwise only once it is
     * {@code .done}. A segment with no status at all gets its
     * {@code .ready} now (its notification was lost, say to a crash), and stays.
     */
    public boolean removable(long segno) {
        if (!archivingActive() || (archiveRecovery && !archivingAlways.getAsBoolean())) {
            return true;
        }
        String name = segments.fileName(segno);
        if (Files.exists(status(name, DONE))) {
            return true;
        }
        if (!Files.exists(status(name, READY))) {
            notify(name);
        }
        return false;
    }

    /** The startup process: standby (archive) recovery begins (true) or ends with the promotion (false). */
    public void setArchiveRecovery(boolean inArchiveRecovery) {
        this.archiveRecovery = inArchiveRecovery;
    }

    /** XLogArchiveCleanup: the segment is gone (removed, or recycled to another name): so are its markers. */
    public void cleanup(long segno) {
        String name = segments.fileName(segno);
        try {
            Files.deleteIfExists(status(name, DONE));
            Files.deleteIfExists(status(name, READY));
        } catch (IOException e) {
            // a stale marker of a name the WAL reaches again much later: harmless, and removed then
        }
    }

    /**
     * At the end of recovery, with archiving on: every segment before {@code currentSegno} that has no status yet
     * gets a {@code .ready} (it was completed before a crash, or came with a copied data directory without
     * markers), so nothing complete escapes the archive. Segments from {@code currentSegno} on are the one being
     * written and recycled future ones.
     */
    public void notifyUnmarkedBefore(long currentSegno) {
        if (!archivingActive() || !Files.isDirectory(walDirectory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(walDirectory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                long segno = segments.segmentNumber(name);
                if (segno >= 0 && segno < currentSegno && !Files.exists(status(name, DONE))
                        && !Files.exists(status(name, READY))) {
                    notify(name);
                }
            }
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, Messages.couldNotOpenDirectory("pg_wal", FileAccessErrors.reason(e)));
        }
    }

    /**
     * pgarch_readyXlog: the WAL file to archive next, or null. Timeline history files come first (a standby
     * following a new timeline needs them), then the lowest name, which is the oldest segment. A {@code .ready}
     * whose WAL file no longer exists is removed with PostgreSQL's WARNING and skipped.
     */
    public String nextReady() {
        while (true) {
            String best = null;
            if (!Files.isDirectory(statusDirectory)) {
                return null;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(statusDirectory, "*" + READY)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    String wal = name.substring(0, name.length() - READY.length());
                    if (!isWalFileName(wal)) {
                        continue;
                    }
                    if (best == null || earlier(wal, best)) {
                        best = wal;
                    }
                }
            } catch (IOException e) {
                ServerLog.log(Severity.LOG, Messages.couldNotOpenDirectory("pg_wal/" + DIRECTORY,
                        FileAccessErrors.reason(e)));
                return null;
            }
            if (best == null || Files.exists(walDirectory.resolve(best))) {
                return best;
            }
            Path orphan = status(best, READY);
            try {
                Files.deleteIfExists(orphan);
                ServerLog.log(Severity.WARNING, Messages.removedOrphanStatus(relative(orphan)));
            } catch (IOException e) {
                ServerLog.log(Severity.WARNING, Messages.orphanStatusRemovalFailed(relative(orphan)));
                return null;
            }
        }
    }

    /** ready_file_comparator: history files before segments, then by name. */
    private static boolean earlier(String a, String b) {
        boolean aHistory = a.endsWith(".history");
        boolean bHistory = b.endsWith(".history");
        if (aHistory != bHistory) {
            return aHistory;
        }
        return a.compareTo(b) < 0;
    }

    /** pgarch_readyXlog's VALID_XFN_CHARS: what may stand before ".ready" (segments, history, backup, partial). */
    private static final String VALID_XFN_CHARS = "0123456789ABCDEF.history.backup.partial";

    private static boolean isWalFileName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> VALID_XFN_CHARS.indexOf(c) >= 0);
    }

    /** pgarch_archiveDone: {@code NAME.ready} becomes {@code NAME.done} (durable_rename; a failure is a WARNING). */
    public void markDone(String fileName) {
        Path ready = status(fileName, READY);
        Path done = status(fileName, DONE);
        try {
            Files.move(ready, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(statusDirectory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems refuse to fsync a directory; a lost rename only archives the file once more
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile (a checkpoint with archiving turned off): nothing to mark
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotRename(relative(ready), relative(done),
                    FileAccessErrors.reason(e)));
        }
    }

    /**
     * The archiver's sleep: returns at once if a {@code .ready} appeared since the last call, else waits up to
     * {@code timeoutMillis} for one. Returns early when interrupted (the interrupt is kept for the caller).
     */
    public void awaitReady(long timeoutMillis) {
        long remaining = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        lock.lock();
        try {
            while (!pending && remaining > 0) {
                remaining = notified.awaitNanos(remaining);
            }
            pending = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    Path status(String fileName, String suffix) {
        return statusDirectory.resolve(fileName + suffix);
    }

    private String relative(Path file) {
        return "pg_wal/" + DIRECTORY + "/" + file.getFileName();
    }
}
