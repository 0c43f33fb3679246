package osgres.storage.internal.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.internal.stats.CumulativeStatistics;

/**
 * When the cumulative statistics reach and leave disk (pgstat.c's pgstat_before_server_shutdown,
 * pgstat_restore_stats and pgstat_discard_stats): the shutdown checkpoint writes them; the startup process reads
 * them after a clean shutdown and discards them after a crash, and removes the file in both cases, so a later
 * crash cannot bring back old numbers. A failure is a LOG line, never a reason to stop.
 */
final class StatisticsFile {
    private static final String PATH = CumulativeStatistics.DIRECTORY + "/" + CumulativeStatistics.FILE;

    private StatisticsFile() {
    }

    static void writeAtShutdown(CumulativeStatistics statistics, Path dataDirectory) {
        try {
            statistics.write(dataDirectory);
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, Messages.couldNotWriteStatsFile(PATH + ".tmp", FileAccessErrors.reason(e)));
        }
    }

    static void restoreAtStartup(CumulativeStatistics statistics, Path dataDirectory, boolean cleanShutdown) {
        if (cleanShutdown) {
            try {
                statistics.read(dataDirectory);
            } catch (IOException e) {
                ServerLog.log(Severity.LOG, Messages.corruptedStatsFile(PATH));
            }
        }
        try {
            Files.deleteIfExists(CumulativeStatistics.file(dataDirectory));
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, Messages.couldNotUnlinkStatsFile(PATH, FileAccessErrors.reason(e)));
        }
    }
}
