package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

class VacuumTest {
    @TempDir
    Path dir;

    @Test
    void vacuumReclaimsDeletedRowsAndTheirIndexEntriesForReuse() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            tx.createTable("t", EngineCluster.accountColumns(), 100);
            tx.createIndex("t", "t_pkey", List.of("aid"), true, true);
            tx.startStatement();
            TableDef t = tx.table("t").orElseThrow();
            for (int i = 0; i < 5000; i++) {
                tx.insert(t, new Object[] {i, 0, 0, "x".repeat(80)});
            }
            tx.commit(true);
            Transaction del = c.begin();
            try (RowScan s = del.scan(t)) {
                while (s.hasNext()) {
                    RowVersion r = s.next();
                    del.delete(t, r.tid());
                }
            }
            del.commit(true);
            Transaction probe = c.begin();
            int blocks = c.core.buffers().blockCount(((TransactionImpl) probe).entryFile(t));
            probe.commit(true);

            c.engine.vacuum(EngineCluster.POSTGRES, null);

            Transaction again = c.begin();
            assertThat(again.estimatedRows(t)).isZero();
            for (int i = 0; i < 5000; i++) {
                again.insert(t, new Object[] {i, 0, 0, "y".repeat(80)});
            }
            again.commit(true);
            Transaction check = c.begin();
            assertThat(c.core.buffers().blockCount(((TransactionImpl) check).entryFile(t)))
                    .as("freed space was reused").isEqualTo(blocks);
            IndexDef pkey = check.index("t_pkey").orElseThrow();
            try (RowScan s = check.indexScan(pkey, new Object[] {1234}, true, new Object[] {1234}, true)) {
                assertThat(s.next().values()[3]).isEqualTo("y".repeat(80));
                assertThat(s.hasNext()).isFalse();
            }
            check.commit(true);
        }
    }
}
