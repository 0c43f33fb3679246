package osgres.sql.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import osgres.api.PgTempFiles;
import osgres.sql.internal.utils.TemporaryFiles;

/** tuplestore's behaviour for cursors: rows in memory within work_mem, in one file beyond it, read back by number. */
class TupleStoreTest {
    private static final long WORK_MEM = 64 * 1024;

    @TempDir
    Path dataDirectory;

    private TemporaryFiles files() {
        return new TemporaryFiles(dataDirectory, 4242, () -> -1, () -> -1);
    }

    private List<Path> temporaryFiles() throws IOException {
        Path dir = PgTempFiles.directory(dataDirectory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    private static Object[] row(int i) {
        return new Object[] {i, "row number " + i, i % 7 == 0 ? null : new BigDecimal(i).movePointLeft(2)};
    }

    @Test
    void rowsWithinWorkMemStayInMemory() throws IOException {
        try (TupleStore store = new TupleStore(files(), WORK_MEM)) {
            for (int i = 0; i < 100; i++) {
                store.add(row(i));
            }
            assertThat(store.size()).isEqualTo(100);
            assertThat(store.get(42)).containsExactly(row(42));
            assertThat(temporaryFiles()).isEmpty();
        }
    }

    @Test
    void rowsBeyondWorkMemGoToOneFileAndReadBackInAnyOrder() throws IOException {
        TemporaryFiles files = files();
        TupleStore store = new TupleStore(files, WORK_MEM);
        int count = 20_000;
        for (int i = 0; i < count; i++) {
            store.add(row(i));
            if (i == count / 2) {
                assertThat(store.get(i)).as("a row read back while rows are still being added").containsExactly(row(i));
            }
        }
        assertThat(temporaryFiles()).hasSize(1);
        assertThat(store.size()).isEqualTo(count);
        for (int i = count - 1; i >= 0; i -= 997) {
            assertThat(store.get(i)).containsExactly(row(i));
        }
        assertThat(store.get(0)).containsExactly(row(0));
        assertThat(store.get(count - 1)).containsExactly(row(count - 1));
        store.close();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aFileKeptPastItsTransactionSurvivesTheTransactionsCleanup() throws IOException {
        TemporaryFiles files = files();
        TupleStore held = new TupleStore(files, WORK_MEM);
        TupleStore other = new TupleStore(files, WORK_MEM);
        for (int i = 0; i < 5_000; i++) {
            held.add(row(i));
            other.add(row(i));
        }
        assertThat(temporaryFiles()).hasSize(2);
        held.keepPastTransaction();
        files.closeAll(); // the transaction ends
        assertThat(temporaryFiles()).hasSize(1);
        assertThat(held.get(4_999)).containsExactly(row(4_999));
        held.close();
        assertThat(temporaryFiles()).isEmpty();
    }
}
