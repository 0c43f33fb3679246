package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.api.Severity;

/** errcode_for_file_access and %m: the JDK's I/O failures as PostgreSQL reports a failed system call. */
class FileAccessErrorsTest {

    @Test
    void aFullDiskIsDiskFullWithTheSystemsText() {
        PgException e = FileAccessErrors.error(Severity.ERROR, Messages.couldNotExtend("base/5/16384"),
                new IOException("No space left on device")).withHint(Messages.CHECK_FREE_DISK_SPACE);
        assertThat(e.sqlState()).isEqualTo("53100");
        assertThat(e.getMessage()).isEqualTo("could not extend file \"base/5/16384\": No space left on device");
        assertThat(e.hint()).isEqualTo("Check free disk space.");
    }

    @Test
    void fileSystemExceptionsSayTheReasonNotThePath() {
        PgException missing = FileAccessErrors.error(Severity.ERROR, Messages.couldNotOpen("base/5/1"),
                new NoSuchFileException("/data/base/5/1"));
        assertThat(missing.getMessage()).isEqualTo("could not open file \"base/5/1\": No such file or directory");
        assertThat(missing.sqlState()).isEqualTo("58P01");
        assertThat(missing.getCause()).isInstanceOf(NoSuchFileException.class);
        assertThat(FileAccessErrors.sqlState(new AccessDeniedException("/x"))).isEqualTo("42501");
        assertThat(FileAccessErrors.sqlState(new IOException("Input/output error"))).isEqualTo("58030");
        assertThat(FileAccessErrors.sqlState(new IOException("Something else"))).isEqualTo("XX000");
    }
}
