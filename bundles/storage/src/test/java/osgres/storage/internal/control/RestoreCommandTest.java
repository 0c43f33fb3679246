package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.storage.internal.wal.WalSegments;

/** restore_command as RestoreArchivedFile runs it: placeholders, outcomes, and what is an error and what is not. */
class RestoreCommandTest {
    private static final String SEGMENT = "000000010000000000000003";

    @TempDir
    Path dataDirectory;
    @TempDir
    Path archive;

    @BeforeEach
    void walDirectory() throws IOException {
        Files.createDirectories(dataDirectory.resolve("pg_wal"));
    }

    private RestoreCommand command(String template, boolean standby) {
        return new RestoreCommand(dataDirectory, () -> template, () -> standby);
    }

    private Path archived(String name, long size) throws IOException {
        Path file = archive.resolve(name);
        Files.write(file, new byte[(int) size]);
        return file;
    }

    @Test
    void aSegmentInTheArchiveIsCopiedToTheTemporaryName() throws IOException {
        archived(SEGMENT, WalSegments.SEGMENT_SIZE);
        boolean restored = command("cp " + archive + "/%f %p", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"),
                null);
        assertThat(restored).isTrue();
        assertThat(Files.size(dataDirectory.resolve("pg_wal/RECOVERYXLOG"))).isEqualTo(WalSegments.SEGMENT_SIZE);
        assertThat(dataDirectory.resolve("pg_wal/" + SEGMENT)).doesNotExist();
    }

    @Test
    void placeholdersAreTheFileTheRelativeTargetTheRestartPointAndAPercentSign() throws IOException {
        boolean restored = command("echo '%f %p %r 100%%' > %p", false).restore("00000002.history",
                Path.of("pg_wal/RECOVERYHISTORY"), "000000010000000000000002");
        assertThat(restored).isTrue();
        assertThat(Files.readString(dataDirectory.resolve("pg_wal/RECOVERYHISTORY")))
                .isEqualTo("00000002.history pg_wal/RECOVERYHISTORY 000000010000000000000002 100%\n");
    }

    @Test
    void withoutARestartPointPercentRIsTheZeroFileName() throws IOException {
        command("echo %r > %p", false).restore("00000002.history", Path.of("pg_wal/RECOVERYHISTORY"), null);
        assertThat(Files.readString(dataDirectory.resolve("pg_wal/RECOVERYHISTORY")).trim())
                .isEqualTo("000000000000000000000000");
    }

    @Test
    void aFileTheArchiveLacksIsNoErrorJustFalse() {
        assertThat(command("cp " + archive + "/%f %p", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"),
                null)).isFalse();
        assertThat(dataDirectory.resolve("pg_wal/RECOVERYXLOG")).doesNotExist();
    }

    @Test
    void anEmptyRestoreCommandRestoresNothing() {
        assertThat(command("", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"), null)).isFalse();
    }

    @Test
    void aLeftoverTargetIsRemovedBeforeTheCommandRuns() throws IOException {
        Files.write(dataDirectory.resolve("pg_wal/RECOVERYXLOG"), new byte[(int) WalSegments.SEGMENT_SIZE]);
        assertThat(command("exit 1", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"), null)).isFalse();
        assertThat(dataDirectory.resolve("pg_wal/RECOVERYXLOG")).doesNotExist();
    }

    @Test
    void aSegmentOfTheWrongSizeIsFatal() throws IOException {
        archived(SEGMENT, 8192);
        assertThatThrownBy(() -> command("cp " + archive + "/%f %p", false).restore(SEGMENT,
                Path.of("pg_wal/RECOVERYXLOG"), null))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.severity()).isEqualTo(Severity.FATAL))
                .hasMessage("archive file \"" + SEGMENT + "\" has wrong size: 8192 instead of 16777216");
    }

    @Test
    void aShortSegmentInStandbyModeIsNotThereYet() throws IOException {
        archived(SEGMENT, 8192);
        assertThat(command("cp " + archive + "/%f %p", true).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"), null))
                .isFalse();
    }

    @Test
    void aCommandKilledByASignalIsFatal() {
        assertThatThrownBy(() -> command("kill -9 $$", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"), null))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.severity()).isEqualTo(Severity.FATAL))
                .hasMessageStartingWith("could not restore file \"" + SEGMENT + "\" from archive: ");
    }

    @Test
    void aCommandNotFoundIsFatal() {
        assertThatThrownBy(() -> command("no-such-restore-program %f %p", false).restore(SEGMENT,
                Path.of("pg_wal/RECOVERYXLOG"), null))
                .isInstanceOf(PgException.class)
                .hasMessage("could not restore file \"" + SEGMENT + "\" from archive: command not found");
    }

    @Test
    void exitZeroWithoutAFileIsFalse() {
        assertThat(command("true", false).restore(SEGMENT, Path.of("pg_wal/RECOVERYXLOG"), null)).isFalse();
    }

    @Test
    void theCommandRunsInTheDataDirectory() throws IOException {
        assertThat(command("pwd > %p", false).restore("00000002.history", Path.of("pg_wal/RECOVERYHISTORY"), null))
                .isTrue();
        assertThat(Files.readString(dataDirectory.resolve("pg_wal/RECOVERYHISTORY")).trim())
                .isEqualTo(dataDirectory.toRealPath().toString());
    }
}
