package osgres.archiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.ShellCommand;
import osgres.storage.AuxiliaryWork.WalArchive;

/** pgarch.c's loops over a storage double: order, %p/%f, retries, the last cycle at USR2, TERM, FATAL. */
class ArchiverLoopTest {

    /** The storage's side: ready files in a sorted set. */
    static final class ReadyFiles implements WalArchive {
        final TreeSet<String> ready = new TreeSet<>();
        final List<String> archived = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        @Override
        public Path dataDirectory() {
            return Path.of("/nonexistent");
        }

        @Override
        public String nextReady() {
            return ready.isEmpty() ? null : ready.first();
        }

        @Override
        public void archived(String fileName) {
            ready.remove(fileName);
            archived.add(fileName);
        }

        @Override
        public void archiveFailed(String fileName) {
            failed.add(fileName);
        }

        @Override
        public void awaitReady(long timeoutMillis) {
            throw new AssertionError("the last cycle must not sleep");
        }
    }

    private final ReadyFiles files = new ReadyFiles();
    private final ProcessLatch latch = new ProcessLatch();
    private final List<String> commands = new ArrayList<>();

    private ArchiverLoop loop(String archiveCommand, int exitCode) {
        return new ArchiverLoop(files, latch, () -> archiveCommand, command -> {
            commands.add(command);
            return new ShellCommand.Outcome(exitCode, null);
        });
    }

    @Test
    void afterUsr2EveryReadyFileIsArchivedOldestFirstThenTheLoopEnds() throws InterruptedException {
        files.ready.add("000000010000000000000003");
        files.ready.add("000000010000000000000002");
        latch.signal(ProcSignal.USR2);
        loop("cp %p /archive/%f && echo 100%%", 0).run();
        assertThat(files.archived).containsExactly("000000010000000000000002", "000000010000000000000003");
        assertThat(commands).containsExactly(
                "cp pg_wal/000000010000000000000002 /archive/000000010000000000000002 && echo 100%",
                "cp pg_wal/000000010000000000000003 /archive/000000010000000000000003 && echo 100%");
    }

    @Test
    void aFailingCommandIsTriedThreeTimesAndTheFileStaysReady() throws InterruptedException {
        files.ready.add("000000010000000000000002");
        latch.signal(ProcSignal.USR2);
        loop("false", 1).run();
        assertThat(commands).hasSize(ArchiverLoop.ARCHIVE_RETRIES);
        assertThat(files.failed).hasSize(ArchiverLoop.ARCHIVE_RETRIES);
        assertThat(files.archived).isEmpty();
        assertThat(files.ready).contains("000000010000000000000002");
    }

    @Test
    void termStopsBeforeTheNextCommand() throws InterruptedException {
        files.ready.add("000000010000000000000002");
        latch.signal(ProcSignal.TERM);
        loop("cp %p /archive/%f", 0).run();
        assertThat(commands).isEmpty();
    }

    @Test
    void anEmptyArchiveCommandArchivesNothing() throws InterruptedException {
        files.ready.add("000000010000000000000002");
        latch.signal(ProcSignal.USR2);
        loop("", 0).run();
        assertThat(commands).isEmpty();
        assertThat(files.ready).hasSize(1);
    }

    @Test
    void aCommandThatWasNotFoundIsFatal() {
        files.ready.add("000000010000000000000002");
        latch.signal(ProcSignal.USR2);
        assertThatThrownBy(() -> loop("no-such-program %p", 127).run())
                .isInstanceOf(PgException.class).hasMessage("archive command failed with exit code 127");
        assertThat(files.failed).isEmpty();
    }
}
