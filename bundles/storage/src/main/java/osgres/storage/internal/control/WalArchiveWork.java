package osgres.storage.internal.control;

import java.nio.file.Path;

import osgres.storage.AuxiliaryWork;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.wal.ArchiveStatus;

/**
 * The archiver's side of the storage (pgarch.c's use of xlogarchive.c and pgstat_archiver.c): the next
 * {@code .ready} WAL file, its {@code .done} once archive_command succeeded, and pg_stat_archiver's counts of both
 * outcomes. The status files themselves are {@link ArchiveStatus}'s; this class only joins them to the counters.
 */
final class WalArchiveWork implements AuxiliaryWork.WalArchive {
    private final Path dataDirectory;
    private final ArchiveStatus status;
    private final CumulativeStatistics statistics;

    WalArchiveWork(Path dataDirectory, ArchiveStatus status, CumulativeStatistics statistics) {
        this.dataDirectory = dataDirectory;
        this.status = status;
        this.statistics = statistics;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String nextReady() {
        return status.nextReady();
    }

    @Override
    public void archived(String fileName) {
        status.markDone(fileName);
        statistics.archiverReported(fileName, false);
    }

    @Override
    public void archiveFailed(String fileName) {
        statistics.archiverReported(fileName, true);
    }

    @Override
    public void awaitReady(long timeoutMillis) {
        status.awaitReady(timeoutMillis);
    }
}
