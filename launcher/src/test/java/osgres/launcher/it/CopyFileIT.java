package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * COPY ... TO a server file against a concurrent writer: the file holds what the COPY's snapshot sees, never another
 * session's uncommitted rows, and the writer's open transaction neither blocks the COPY nor is blocked by it; once
 * the writer commits, the next COPY has its rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyFileIT {
    private SqlTarget target;

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void copyToAFileWritesItsSnapshotOnly() throws Exception {
        Path file = target.dataDir().resolve("copy_file_it.txt");
        try (Connection copier = target.connect(); Connection writer = target.connect()) {
            JdbcCrudIT.createTable(copier, "copy_file_it", "id integer primary key, v text");
            Jdbc.execute(copier, "insert into copy_file_it values (1, 'one'), (2, 'two')");

            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into copy_file_it values (3, 'three')");
            Jdbc.execute(writer, "update copy_file_it set v = 'uno' where id = 1");

            Jdbc.execute(copier, "copy copy_file_it to '" + file + "'");
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).as("committed rows only")
                    .containsExactlyInAnyOrder("1\tone", "2\ttwo");

            writer.commit();
            Jdbc.execute(copier, "copy (select id, v from copy_file_it order by id) to '" + file + "'");
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).as("the file replaced, with the commit")
                    .containsExactly("1\tuno", "2\ttwo", "3\tthree");
        }
    }
}
