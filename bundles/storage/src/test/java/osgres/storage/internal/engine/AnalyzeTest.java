package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.ColumnStatistics;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

/** ANALYZE's column statistics: what it computes from the rows, and that they outlive a crash and restart. */
class AnalyzeTest {
    @TempDir
    Path dir;

    /** aid unique, bid 10 values of 100 rows each, abalance null in a quarter of the rows, else 0..749. */
    private static TableDef accounts(EngineCluster c) {
        Transaction tx = c.begin();
        tx.createTable("t", EngineCluster.accountColumns(), 100);
        tx.startStatement();
        TableDef t = tx.table("t").orElseThrow();
        for (int i = 0; i < 1000; i++) {
            tx.insert(t, new Object[] {i, i % 10, i % 4 == 0 ? null : i, "x"});
        }
        tx.commit(true);
        return t;
    }

    @Test
    void analyzeComputesNullFractionDistinctCountsCommonValuesAndHistogram() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = accounts(c);
            Transaction tx = c.begin();
            assertThat(tx.columnStatistics(t)).as("never analysed").isEmpty();
            tx.analyze(t);
            List<ColumnStatistics> stats = tx.columnStatistics(t);
            tx.commit(true);
            assertThat(stats).hasSize(4);
            ColumnStatistics aid = stats.get(0);
            assertThat(aid.nullFraction()).isZero();
            assertThat(aid.nDistinct()).as("unique: minus all the rows").isEqualTo(-1.0);
            assertThat(aid.mostCommonValues()).isEmpty();
            assertThat(aid.histogramBounds()).hasSize(101).startsWith(0).endsWith(999);
            ColumnStatistics bid = stats.get(1);
            assertThat(bid.nDistinct()).isEqualTo(10.0);
            assertThat(bid.mostCommonValues()).hasSize(10).contains(0, 9);
            assertThat(bid.mostCommonFrequencies()).allSatisfy(f -> assertThat(f).isCloseTo(0.1, within(1e-9)));
            ColumnStatistics balance = stats.get(2);
            assertThat(balance.nullFraction()).isCloseTo(0.25, within(1e-9));
            assertThat(balance.distinct(1000)).isCloseTo(750, within(1e-6));
        }
    }

    @Test
    void statisticsOutliveACrashAndAreDroppedWithTheTable() {
        EngineCluster first = new EngineCluster(dir, true);
        TableDef t = accounts(first);
        Transaction analyze = first.begin();
        analyze.analyze(t);
        analyze.commit(true);
        first.crash();
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction tx = c.begin();
            TableDef again = tx.table("t").orElseThrow();
            List<ColumnStatistics> stats = tx.columnStatistics(again);
            assertThat(stats).hasSize(4);
            assertThat(stats.get(1).mostCommonValues()).hasSize(10);
            tx.commit(true);
            Transaction drop = c.begin();
            drop.dropTable("t");
            drop.commit(true);
            Transaction create = c.begin();
            create.createTable("t", EngineCluster.accountColumns(), 100);
            create.commit(true);
            Transaction check = c.begin();
            assertThat(check.columnStatistics(check.table("t").orElseThrow())).isEmpty();
            check.commit(true);
        }
    }
}
