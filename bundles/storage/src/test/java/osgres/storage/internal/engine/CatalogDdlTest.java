package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.ColumnDef;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

class CatalogDdlTest {
    @TempDir
    Path dir;

    private static long count(Transaction tx, TableDef t) {
        long n = 0;
        try (RowScan s = tx.scan(t)) {
            while (s.hasNext()) {
                s.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void ddlIsVisibleToItsTransactionAtOnceAndToOthersAtCommit() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction creator = c.begin();
            creator.createTable("t", EngineCluster.accountColumns(), 100);
            assertThat(creator.table("t")).isPresent();
            Transaction other = c.begin();
            assertThat(other.table("t")).isEmpty();
            creator.commit(true);
            other.startStatement();
            assertThat(other.table("t")).isPresent();
            assertThatThrownBy(() -> other.createTable("t", EngineCluster.accountColumns(), 100))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("42P07");
                        assertThat(e.getMessage()).isEqualTo("relation \"t\" already exists");
                    });
            other.abort();
        }
    }

    @Test
    void abortUndoesCreateAndDrop() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction aborted = c.begin();
            aborted.createTable("gone", EngineCluster.accountColumns(), 100);
            aborted.abort();
            Transaction tx = c.begin();
            assertThat(tx.table("gone")).isEmpty();
            TableDef t = tx.createTable("kept", EngineCluster.accountColumns(), 100);
            tx.startStatement();
            tx.insert(t, new Object[] {1, 1, 1, "a"});
            tx.commit(true);

            Transaction dropper = c.begin();
            dropper.dropTable("kept");
            assertThat(dropper.table("kept")).isEmpty();
            dropper.abort();
            Transaction check = c.begin();
            assertThat(count(check, check.table("kept").orElseThrow())).isEqualTo(1);
            assertThatThrownBy(() -> check.dropTable("missing"))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("42P01");
                        assertThat(e.getMessage()).isEqualTo("table \"missing\" does not exist");
                    });
            check.abort();
        }
    }

    @Test
    void truncateAddColumnAndIndexesSurviveARestart() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef t = tx.createTable("t", EngineCluster.accountColumns(), 100);
            tx.startStatement();
            for (int i = 0; i < 100; i++) {
                tx.insert(t, new Object[] {i, 1, 1, "a"});
            }
            tx.commit(true);
            Transaction ddl = c.begin();
            ddl.truncate("t");
            TableDef widened = ddl.addColumn("t", new ColumnDef("note", TypeOids.TEXT, -1, false, "'x'"), "x");
            ddl.createIndex("t", "t_pkey", List.of("aid"), true, true);
            ddl.startStatement();
            ddl.insert(widened, new Object[] {1, 1, 1, "a", "y"});
            ddl.commit(true);
            assertThatThrownBy(() -> {
                Transaction dup = c.begin();
                try {
                    dup.createIndex("t", "t_pkey", List.of("aid"), true, false);
                } finally {
                    dup.abort();
                }
            }).hasMessage("relation \"t_pkey\" already exists");
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction tx = c.begin();
            TableDef t = tx.table("t").orElseThrow();
            assertThat(t.columns()).hasSize(5);
            assertThat(t.indexes()).singleElement().satisfies(ix -> assertThat(ix.primary()).isTrue());
            assertThat(count(tx, t)).isEqualTo(1);
            tx.commit(true);
        }
    }

    @Test
    void createUniqueIndexOverDuplicatesFails() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef t = tx.createTable("t", EngineCluster.accountColumns(), 100);
            tx.startStatement();
            tx.insert(t, new Object[] {7, 1, 1, "a"});
            tx.insert(t, new Object[] {7, 2, 1, "a"});
            tx.startStatement();
            assertThatThrownBy(() -> tx.createIndex("t", "t_pkey", List.of("aid"), true, true))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("23505");
                        assertThat(e.getMessage()).isEqualTo("could not create unique index \"t_pkey\"");
                        assertThat(e.detail()).isEqualTo("Key (aid)=(7) is duplicated.");
                    });
            tx.abort();
        }
    }

    @Test
    void databasesAreCreatedAndDropped() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            c.engine.createDatabase("app", 10);
            assertThat(c.engine.databaseNames()).contains("app");
            assertThatThrownBy(() -> c.engine.createDatabase("app", 10)).hasMessage("database \"app\" already exists");
            int oid = c.engine.databaseOid("app").orElseThrow();
            assertThat(dir.resolve("base").resolve(Integer.toString(oid))).isDirectory();
            c.engine.dropDatabase("app");
            assertThat(c.engine.databaseOid("app")).isEmpty();
            assertThatThrownBy(() -> c.engine.dropDatabase("app")).hasMessage("database \"app\" does not exist");
        }
    }
}
