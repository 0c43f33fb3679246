package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.ColumnDef;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.storage.ViewDef;

/**
 * Views in the catalog: a relation of relkind 'v' with no files whose definition (query text, references, check
 * option) survives a crash through the WAL, whose creation and replacement are transactional, and whose name is
 * shared with tables.
 */
class ViewCatalogTest {
    @TempDir
    Path dir;

    private static final List<ColumnDef> COLUMNS = List.of(new ColumnDef("a", TypeOids.INT4, -1, false, null),
            new ColumnDef("b", TypeOids.TEXT, -1, false, null));

    private static ViewDef query(String text, TableDef base) {
        return new ViewDef(text, List.of(new ViewDef.Reference(base.oid(), base.columns().size())), "local");
    }

    @Test
    void aCommittedViewSurvivesACrashWithItsDefinition() {
        TableDef t;
        TableDef v;
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            t = tx.createTable("t", COLUMNS, 100);
            v = tx.createView("v", COLUMNS, query("SELECT a, b FROM t WHERE a > 'é'::text", t), false);
            tx.commit(true);
            assertThat(v.relkind()).isEqualTo('v');
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction tx = c.begin();
            TableDef found = tx.table("v").orElseThrow();
            assertThat(found).isEqualTo(v);
            assertThat(found.view().query()).isEqualTo("SELECT a, b FROM t WHERE a > 'é'::text");
            assertThat(found.view().dependsOn(t.oid())).isTrue();
            assertThat(found.view().columnsOf(t.oid())).isEqualTo(2);
            assertThat(found.view().checkOption()).isEqualTo("local");
            tx.commit(true);
            c.crash();
        }
    }

    @Test
    void creatingReplacingAndDroppingAreTransactional() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction setup = c.begin();
            TableDef t = setup.createTable("t", COLUMNS, 100);
            setup.commit(true);

            Transaction rolledBack = c.begin();
            rolledBack.createView("v", COLUMNS, query("SELECT * FROM t", t), false);
            assertThat(rolledBack.table("v")).isPresent();
            rolledBack.abort();
            Transaction check = c.begin();
            assertThat(check.table("v")).isEmpty();
            check.createView("v", COLUMNS.subList(0, 1), query("SELECT a FROM t", t), false);
            check.commit(true);

            Transaction replace = c.begin();
            replace.replaceView("v", COLUMNS, query("SELECT a, b FROM t", t));
            replace.abort();
            Transaction after = c.begin();
            assertThat(after.table("v").orElseThrow().view().query()).isEqualTo("SELECT a FROM t");
            after.replaceView("v", COLUMNS, query("SELECT a, b FROM t", t));
            after.commit(true);

            Transaction drop = c.begin();
            assertThat(drop.table("v").orElseThrow().columns()).hasSize(2);
            drop.dropView("v");
            assertThat(drop.table("v")).isEmpty();
            drop.abort();
            Transaction last = c.begin();
            assertThat(last.table("v")).isPresent();
            last.dropView("v");
            last.commit(true);
            Transaction gone = c.begin();
            assertThat(gone.table("v")).isEmpty();
            gone.commit(true);
        }
    }

    @Test
    void viewsShareNamesWithTablesAndAreNotTables() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef t = tx.createTable("t", COLUMNS, 100);
            assertThatThrownBy(() -> tx.createView("t", COLUMNS, query("SELECT 1", t), false))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("42P07");
                        assertThat(e.getMessage()).isEqualTo("relation \"t\" already exists");
                    });
            TableDef v = tx.createView("v", COLUMNS, query("SELECT * FROM t", t), false);
            assertThatThrownBy(() -> tx.createTable("v", COLUMNS, 100)).isInstanceOf(PgException.class);
            assertThatThrownBy(() -> tx.replaceView("t", COLUMNS, query("SELECT 1", t)))
                    .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("\"t\" is not a view"));
            assertThatThrownBy(() -> tx.insert(v, new Object[] {1, "x"}))
                    .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"));
            assertThatThrownBy(() -> tx.scan(v)).isInstanceOf(PgException.class);
            tx.commit(true);
        }
    }
}
