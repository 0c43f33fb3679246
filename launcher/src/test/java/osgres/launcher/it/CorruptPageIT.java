package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Issue 7, acceptance 8 (faults): a heap page whose header was overwritten on disk while the server was down is
 * ERROR XX001 "invalid page in block 1 of relation base/D/R" when a query reads it (ReadBuffer_common after
 * PageIsVerifiedExtended). Only that statement fails: the session, other tables and the server go on.
 */
class CorruptPageIT {

    private static Set<Path> relationFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("base"))) {
            return new HashSet<>(files.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void aGarbagePageHeaderIsXX001AndOnlyThatStatementFails() throws Exception {
        try (TestServer server = TestServer.create().start()) {
            List<Path> createdFiles;
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create table bystander (id integer, t text)");
                Jdbc.execute(c, "insert into bystander values (1, 'unharmed')");
                Set<Path> before = relationFiles(server.dataDir);
                Jdbc.execute(c, "create table victim (id integer, pad text)");
                List<Path> created = relationFiles(server.dataDir).stream().filter(p -> !before.contains(p)).toList();
                assertThat(created).as("the new table's files (heap, and TOAST heap and index)").isNotEmpty();
                try (PreparedStatement insert = c.prepareStatement("insert into victim values (?, ?)")) {
                    for (int id = 0; id < 60; id++) { // about 60 kB: blocks 0..7
                        insert.setInt(1, id);
                        insert.setString(2, "x".repeat(1000));
                        insert.executeUpdate();
                    }
                }
                createdFiles = created;
                assertThat(Jdbc.selectLong(c, "select count(*) from victim")).isEqualTo(60);
            }
            server.signal("INT"); // fast shutdown: a shutdown checkpoint writes every page
            assertThat(server.awaitExit(Duration.ofSeconds(120))).isZero();
            // rows under 2 kB stay in the heap, which is then by far the largest new file
            Path victimFile = createdFiles.stream().max(java.util.Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow();
            assertThat(Files.size(victimFile)).isGreaterThanOrEqualTo(2 * 8192L);
            try (FileChannel file = FileChannel.open(victimFile, StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap("garbage!garbage!".getBytes(StandardCharsets.US_ASCII)), 8192 + 8);
            }
            server.restart();

            String relation = server.dataDir.relativize(victimFile).toString();
            try (Connection c = Jdbc.connect(server)) {
                for (int attempt = 0; attempt < 2; attempt++) {
                    PSQLException e = catchThrowableOfType(PSQLException.class,
                            () -> Jdbc.selectLong(c, "select count(*) from victim"));
                    assertThat((Throwable) e).as("reading the corrupt page").isNotNull();
                    assertThat(e.getSQLState()).isEqualTo("XX001");
                    assertThat(e.getServerErrorMessage().getMessage())
                            .isEqualTo("invalid page in block 1 of relation " + relation);
                }
                assertThat(Jdbc.selectInt(c, "select 1")).as("the same session goes on").isEqualTo(1);
                assertThat(Jdbc.selectLong(c, "select count(*) from bystander where t = 'unharmed'")).isEqualTo(1);
                Jdbc.execute(c, "insert into bystander values (2, 'writable')");
                assertThat(Jdbc.selectLong(c, "select count(*) from bystander")).isEqualTo(2);
            }
            assertThat(server.log()).contains("ERROR:  invalid page in block 1 of relation " + relation);
            assertThat(server.process().isAlive()).isTrue();
        }
    }
}
