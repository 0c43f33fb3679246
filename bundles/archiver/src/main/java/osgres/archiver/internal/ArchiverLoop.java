package osgres.archiver.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.ShellCommand;
import osgres.api.SqlState;
import osgres.storage.AuxiliaryWork.WalArchive;

/**
 * One run of the archiver (pgarch.c's pgarch_MainLoop, pgarch_ArchiverCopyLoop and shell_archive.c): archives every
 * WAL file the storage marked {@code .ready}, oldest first, with {@code archive_command}, then sleeps until a new
 * one is ready, the settings change, a signal arrives, or 60 s pass. Plain code over the storage's
 * {@link WalArchive} and the process latch, so it runs without OSGi in tests.
 *
 * <p>Signals (the latch's flags), as pgarch.c's:
 * <ul>
 *   <li>USR2 (the postmaster, after the shutdown checkpoint): one more full archiving cycle, then exit 0, so
 *       every segment the shutdown completed reaches the archive;</li>
 *   <li>TERM (osgres:restart, a hot swap, deactivation): stop before the next command, exit 0; what is still
 *       {@code .ready} waits for the next archiver;</li>
 *   <li>QUIT (crash, immediate shutdown): stop at once; a running command is killed.</li>
 * </ul>
 * A file's command is tried 3 times, 1 s apart; then WARNING {@code archiving write-ahead log file "%s" failed too
 * many times, will try again later} and the 60 s sleep (a new segment or a reload ends it early). A command that
 * died on a signal, or that the shell could not find (exit code above 125), is FATAL: the process exits and the
 * postmaster starts a new one, as PostgreSQL's does.
 */
final class ArchiverLoop {
    /** PGARCH_AUTOWAKE_INTERVAL: the archiver looks for work at least this often without being woken. */
    static final long AUTOWAKE_MILLIS = TimeUnit.SECONDS.toMillis(60);
    /** NUM_ARCHIVE_RETRIES. */
    static final int ARCHIVE_RETRIES = 3;
    /** pg_usleep(1000000L) between two attempts on one file. */
    static final long RETRY_MILLIS = 1000;

    /** Runs one command; the component kills it on QUIT by interrupting the thread. */
    @FunctionalInterface
    interface CommandRunner {
        ShellCommand.Outcome run(String command) throws InterruptedException;
    }

    private final WalArchive archive;
    private final ProcessLatch latch;
    private final Supplier<String> archiveCommand;
    private final CommandRunner runner;

    ArchiverLoop(WalArchive archive, ProcessLatch latch, Supplier<String> archiveCommand, CommandRunner runner) {
        this.archive = archive;
        this.latch = latch;
        this.archiveCommand = archiveCommand;
        this.runner = runner;
    }

    /** pgarch_MainLoop: returns after the last cycle that USR2 asked for, or at TERM or QUIT. */
    void run() throws InterruptedException {
        boolean timeToStop;
        do {
            timeToStop = latch.isPending(ProcSignal.USR2);
            if (stopNow()) {
                return;
            }
            copyLoop();
            if (!timeToStop && !stopNow()) {
                latch.interruptibly(() -> {
                    archive.awaitReady(AUTOWAKE_MILLIS);
                    return Boolean.TRUE;
                });
            }
        } while (!timeToStop);
    }

    private boolean stopNow() {
        return latch.isPending(ProcSignal.TERM) || latch.isPending(ProcSignal.QUIT);
    }

    /** pgarch_ArchiverCopyLoop: every ready file, oldest first, until one fails too often. */
    private void copyLoop() throws InterruptedException {
        String xlog;
        while ((xlog = archive.nextReady()) != null) {
            int failures = 0;
            while (true) {
                if (stopNow()) {
                    return;
                }
                String command = archiveCommand.get();
                if (command == null || command.isEmpty()) {
                    ServerLog.log(Severity.WARNING, Messages.NOT_CONFIGURED);
                    return;
                }
                if (archiveFile(xlog, command)) {
                    archive.archived(xlog);
                    break;
                }
                archive.archiveFailed(xlog);
                if (++failures >= ARCHIVE_RETRIES) {
                    ServerLog.log(Severity.WARNING, Messages.failedTooManyTimes(xlog));
                    return;
                }
                latch.await(RETRY_MILLIS);
            }
        }
    }

    /** shell_archive_file: %p is the file's path relative to the data directory, %f its name. */
    private boolean archiveFile(String xlog, String template) throws InterruptedException {
        String command = ShellCommand.expand(template, Map.of('p', "pg_wal/" + xlog, 'f', xlog));
        ShellCommand.Outcome outcome = runner.run(command);
        if (outcome.succeeded()) {
            return true;
        }
        String message = outcome.startFailure() != null ? outcome.startFailure()
                : Messages.commandFailed(outcome.exitCode());
        String detail = Messages.commandDetail(command);
        if (outcome.isSignalOrNotFound()) {
            // system() ignored our own signals while it waited: a signal probably meant us too; give up, and let
            // the postmaster start a fresh archiver
            ServerLog.log(Severity.FATAL, message, detail, null);
            throw new PgException(Severity.FATAL, SqlState.INTERNAL_ERROR, message, detail, null, 0);
        }
        ServerLog.log(Severity.LOG, message, detail, null);
        return false;
    }
}
