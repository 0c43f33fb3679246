package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

/** Heap and B-tree records replayed by the real recovery after a crash (no shutdown checkpoint). */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void committedWorkSurvivesACrashAndUncommittedWorkDoesNot() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            tx.createTable("accounts", EngineCluster.accountColumns(), 100);
            tx.createIndex("accounts", "accounts_pkey", List.of("aid"), true, true);
            tx.startStatement();
            TableDef t = tx.table("accounts").orElseThrow();
            for (int i = 0; i < 3000; i++) {
                tx.insert(t, new Object[] {i, i % 10, 0, "filler"});
            }
            tx.commit(true);
            for (int round = 0; round < 200; round++) {
                Transaction u = c.begin();
                IndexDef pkey = u.index("accounts_pkey").orElseThrow();
                RowVersion r;
                try (RowScan s = u.indexScan(pkey, new Object[] {round % 20}, true, new Object[] {round % 20}, true)) {
                    r = s.next();
                }
                u.update(t, r.tid(), new Object[] {round % 20, 0, (Integer) r.values()[2] + 1, "filler"});
                u.commit(true);
            }
            Transaction lost = c.begin();
            lost.insert(t, new Object[] {99_999, 0, 0, "never committed"});
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction tx = c.begin();
            TableDef t = tx.table("accounts").orElseThrow();
            IndexDef pkey = tx.index("accounts_pkey").orElseThrow();
            long sum = 0;
            int rows = 0;
            try (RowScan s = tx.scan(t)) {
                while (s.hasNext()) {
                    sum += (Integer) s.next().values()[2];
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(3000);
            assertThat(sum).isEqualTo(200);
            List<Object> keys = new ArrayList<>();
            try (RowScan s = tx.indexScan(pkey, new Object[] {2990}, true, null, true)) {
                s.forEachRemaining(r -> keys.add(r.values()[0]));
            }
            assertThat(keys).containsExactly(2990, 2991, 2992, 2993, 2994, 2995, 2996, 2997, 2998, 2999);
            try (RowScan s = tx.indexScan(pkey, new Object[] {99_999}, true, new Object[] {99_999}, true)) {
                assertThat(s.hasNext()).isFalse();
            }
            tx.insert(t, new Object[] {99_999, 0, 0, "now committed"});
            tx.commit(true);
        }
    }
}
