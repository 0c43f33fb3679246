package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

/**
 * Many first inserts into an empty table at once: whichever extends the relation and whichever finds the new block
 * through the block count, no committed row may be lost (an inserter that initialised the block in a buffer of its
 * own used to have its tuple overwritten by the extender's zero-filled buffer).
 */
class ConcurrentExtensionTest {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 200;

    @TempDir
    Path dir;

    @Test
    void concurrentFirstInsertsAllSurvive() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try (EngineCluster c = new EngineCluster(dir, true)) {
            for (int round = 0; round < ROUNDS; round++) {
                Transaction ddl = c.begin();
                TableDef t = ddl.createTable("ext_" + round, EngineCluster.accountColumns(), 100);
                ddl.commit(true);
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int id = w;
                    writers.add(threads.submit(() -> {
                        Transaction tx = c.begin();
                        tx.startStatement();
                        start.await(10, TimeUnit.SECONDS);
                        tx.insert(t, new Object[] {id, 1, 0, "x"});
                        tx.commit(true);
                        return null;
                    }));
                }
                for (Future<?> f : writers) {
                    f.get(30, TimeUnit.SECONDS);
                }
                Transaction check = c.begin();
                check.startStatement();
                int rows = 0;
                try (RowScan scan = check.scan(t)) {
                    while (scan.hasNext()) {
                        scan.next();
                        rows++;
                    }
                }
                check.commit(true);
                assertThat(rows).as("round %d: every committed first insert", round).isEqualTo(WRITERS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
