package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
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
            TableDef t = accountsWithPrimaryKey(c, 5000, "x".repeat(80));
            Transaction del = c.begin();
            try (RowScan s = del.scan(t)) {
                while (s.hasNext()) {
                    RowVersion r = s.next();
                    del.delete(t, r.tid());
                }
            }
            del.commit(true);
            int blocks = blockCount(c, t);

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

    /**
     * Issue 7, item 7 on the engine alone: with fillfactor 100 the first full-table update moves every row to new
     * pages; after VACUUM those pages are in the free space map and later rounds reuse them instead of growing.
     */
    @Test
    void fullTableUpdatesAfterVacuumReuseTheFreedPages() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            int rows = 6000;
            TableDef t = accountsWithPrimaryKey(c, rows, "x");
            int[] blocks = new int[6];
            blocks[0] = blockCount(c, t);
            for (int round = 1; round <= 5; round++) {
                Transaction u = c.begin();
                try (RowScan s = u.scan(t)) {
                    while (s.hasNext()) {
                        RowVersion r = s.next();
                        Object[] v = r.values();
                        u.update(t, r.tid(), new Object[] {v[0], v[1], (Integer) v[2] + 1, v[3]});
                    }
                }
                u.commit(true);
                c.engine.vacuum(EngineCluster.POSTGRES, "t");
                blocks[round] = blockCount(c, t);
            }
            assertThat(blocks[1]).as("round 1 needs new pages (fillfactor 100)").isGreaterThan(blocks[0]);
            assertThat(blocks[5]).as("blocks after each round: %s", Arrays.toString(blocks))
                    .isLessThanOrEqualTo(blocks[1] + blocks[1] / 10);
            Transaction check = c.begin();
            long sum = 0;
            long count = 0;
            try (RowScan s = check.scan(t)) {
                while (s.hasNext()) {
                    sum += (Integer) s.next().values()[2];
                    count++;
                }
            }
            assertThat(count).isEqualTo(rows);
            assertThat(sum).isEqualTo(5L * rows);
            IndexDef pkey = check.index("t_pkey").orElseThrow();
            try (RowScan s = check.indexScan(pkey, new Object[] {4321}, true, new Object[] {4321}, true)) {
                assertThat(s.next().values()[2]).isEqualTo(5);
                assertThat(s.hasNext()).isFalse();
            }
            check.commit(true);
        }
    }

    /** Table t (aid primary key, bid, abalance, filler) with fillfactor 100 and {@code rows} committed rows. */
    private static TableDef accountsWithPrimaryKey(EngineCluster c, int rows, String filler) {
        Transaction tx = c.begin();
        tx.createTable("t", EngineCluster.accountColumns(), 100);
        tx.createIndex("t", "t_pkey", List.of("aid"), true, true);
        tx.startStatement();
        TableDef t = tx.table("t").orElseThrow();
        for (int i = 0; i < rows; i++) {
            tx.insert(t, new Object[] {i, 0, 0, filler});
        }
        tx.commit(true);
        return t;
    }

    private static int blockCount(EngineCluster c, TableDef t) {
        Transaction probe = c.begin();
        try {
            return c.core.buffers().blockCount(((TransactionImpl) probe).entryFile(t));
        } finally {
            probe.commit(true);
        }
    }
}
