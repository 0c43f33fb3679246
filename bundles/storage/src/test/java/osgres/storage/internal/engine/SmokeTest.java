package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void createInsertScan() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            assertThat(c.engine.databaseNames()).containsExactly("postgres", "template0", "template1");
            Transaction tx = c.begin();
            TableDef t = tx.createTable("accounts", EngineCluster.accountColumns(), 100);
            tx.createIndex("accounts", "accounts_pkey", List.of("aid"), true, true);
            tx.startStatement();
            t = tx.table("accounts").orElseThrow();
            for (int i = 1; i <= 1000; i++) {
                tx.insert(t, new Object[] {i, 1, 0, "x"});
            }
            tx.commit(true);
            Transaction r = c.begin();
            List<Integer> ids = new ArrayList<>();
            try (RowScan s = r.scan(r.table("accounts").orElseThrow())) {
                s.forEachRemaining(v -> ids.add((Integer) v.values()[0]));
            }
            assertThat(ids).hasSize(1000);
            try (RowScan s = r.indexScan(r.index("accounts_pkey").orElseThrow(), new Object[] {500}, true,
                    new Object[] {502}, true)) {
                List<Object> found = new ArrayList<>();
                s.forEachRemaining(v -> found.add(v.values()[0]));
                assertThat(found).containsExactly(500, 501, 502);
            }
            r.commit(true);
        }
    }
}
