package osgres.postmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;

class LockFileTest {
    @TempDir
    Path dataDirectory;

    @Test
    void writesPostgresLinesAndPadsTheStatus() throws Exception {
        LockFile lock = LockFile.create(dataDirectory, 4711, 1795563642L, 5433);
        lock.setLine(LockFile.LINE_SHMEM_KEY, String.format("%9d %9d", 5433001, 1));
        lock.setLine(LockFile.LINE_LISTEN_ADDR, "127.0.0.1");
        lock.setLine(LockFile.LINE_SOCKET_DIR, "/tmp");
        lock.setLine(LockFile.LINE_STATUS, LockFile.STATUS_STARTING);
        lock.setLine(LockFile.LINE_STATUS, LockFile.STATUS_READY);

        Path file = dataDirectory.resolve("postmaster.pid");
        assertThat(Files.readString(file)).isEqualTo("4711\n" + dataDirectory + "\n1795563642\n5433\n/tmp\n"
                + "127.0.0.1\n  5433001         1\nready   \n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(lock.firstLines()).containsExactly("4711", dataDirectory.toString(), "1795563642", "5433");
        assertThat(lock.stillOurs(4711)).isTrue();
        lock.remove();
        assertThat(file).doesNotExist();
    }

    @Test
    void refusesALiveOtherPostmaster() throws Exception {
        // our own parent is exempt (PostgreSQL allows it), so use pid 1, which is always alive
        Files.writeString(dataDirectory.resolve("postmaster.pid"), "1\n" + dataDirectory + "\n0\n5432\n\n");
        assertThatThrownBy(() -> LockFile.create(dataDirectory, 4711, 0, 5433))
                .isInstanceOf(PgException.class)
                .hasMessage("lock file \"postmaster.pid\" already exists")
                .satisfies(e -> assertThat(((PgException) e).hint())
                        .isEqualTo("Is another postmaster (PID 1) running in data directory \"" + dataDirectory
                                + "\"?"));
    }

    @Test
    void replacesAStaleLockFile() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDirectory.resolve("postmaster.pid"), gone.pid() + "\n" + dataDirectory + "\n0\n5432\n");
        LockFile.create(dataDirectory, 4711, 0, 5433);
        assertThat(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0)).isEqualTo("4711");
    }

    @Test
    void emptyLockFileIsFatal() throws Exception {
        Files.writeString(dataDirectory.resolve("postmaster.pid"), "");
        assertThatThrownBy(() -> LockFile.create(dataDirectory, 4711, 0, 5433))
                .hasMessage("lock file \"postmaster.pid\" is empty");
    }
}
