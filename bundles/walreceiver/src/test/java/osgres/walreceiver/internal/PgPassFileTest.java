package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgPassFileTest {

    @Test
    void firstMatchingLineWinsWithWildcardsAndEscapes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, "# comment\nother:5432:*:rep:nope\n127.0.0.1:*:replication:rep:a\\:b\\\\c\n"
                + "*:*:*:*:fallback\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(PgPassFile.lookup(file, "127.0.0.1", "5432", "replication", "rep")).isEqualTo("a:b\\c");
        assertThat(PgPassFile.lookup(file, "10.0.0.1", "5432", "replication", "x")).isEqualTo("fallback");
    }

    @Test
    void aFileOthersCanReadIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PgPassFile.lookup(file, "h", "1", "replication", "u")).isNull();
    }
}
