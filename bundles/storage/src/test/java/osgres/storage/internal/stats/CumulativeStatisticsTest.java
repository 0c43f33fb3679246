package osgres.storage.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.storage.ArchiverStatistics;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.TableStatistics;

class CumulativeStatisticsTest {
    private static final int DB = 5;
    private static final int REL = 16384;
    private static final List<CumulativeStatistics.TableName> T =
            List.of(new CumulativeStatistics.TableName(REL, "public", "t"));

    @TempDir
    Path dataDirectory;

    private static TableStatistics table(CumulativeStatistics s) {
        return s.tableStatistics(DB, T).getFirst();
    }

    @Test
    void commitAndAbortMoveLiveDeadAndModifiedAsPgstatRelation() {
        CumulativeStatistics s = new CumulativeStatistics();
        TransactionCounts committed = new TransactionCounts();
        for (int i = 0; i < 10; i++) {
            committed.inserted(REL);
        }
        committed.updated(REL, true);
        committed.updated(REL, false);
        committed.deleted(REL);
        s.transactionEnded(DB, committed, true);
        TransactionCounts aborted = new TransactionCounts();
        aborted.inserted(REL);
        aborted.updated(REL, false);
        s.transactionEnded(DB, aborted, false);

        TableStatistics t = table(s);
        assertThat(t.nTupIns()).isEqualTo(11);
        assertThat(t.nTupUpd()).isEqualTo(3);
        assertThat(t.nTupHotUpd()).isEqualTo(1);
        assertThat(t.nTupDel()).isEqualTo(1);
        assertThat(t.nLiveTup()).isEqualTo(9);
        assertThat(t.nDeadTup()).isEqualTo(3 + 2);
        assertThat(t.nModSinceAnalyze()).isEqualTo(13);
        assertThat(t.nInsSinceVacuum()).isEqualTo(11);
        assertThat(s.databaseStatistics(DB, "postgres").xactCommit()).isEqualTo(1);
        assertThat(s.databaseStatistics(DB, "postgres").xactRollback()).isEqualTo(1);
    }

    @Test
    void aDroppedTablesCountersAreForgotten() {
        CumulativeStatistics s = new CumulativeStatistics();
        TransactionCounts counts = new TransactionCounts();
        counts.inserted(REL);
        s.transactionEnded(DB, counts, true);
        s.tableDropped(DB, REL);
        assertThat(table(s).nTupIns()).isZero();
    }

    @Test
    void autovacuumMovesTheAutoColumns() {
        CumulativeStatistics s = new CumulativeStatistics();
        s.vacuumed(DB, REL, 7, 0, MaintenanceOrigin.AUTOVACUUM);
        s.analyzed(DB, REL, 7, MaintenanceOrigin.COMMAND);
        TableStatistics t = table(s);
        assertThat(t.autovacuumCount()).isEqualTo(1);
        assertThat(t.lastAutovacuum()).isNotNull();
        assertThat(t.vacuumCount()).isZero();
        assertThat(t.lastVacuum()).isNull();
        assertThat(t.analyzeCount()).isEqualTo(1);
        assertThat(t.nLiveTup()).isEqualTo(7);
    }

    @Test
    void theShutdownFileRestoresEveryCounter() throws IOException {
        CumulativeStatistics before = new CumulativeStatistics();
        TransactionCounts counts = new TransactionCounts();
        counts.inserted(REL);
        before.transactionEnded(DB, counts, true);
        before.vacuumed(DB, REL, 1, 0, MaintenanceOrigin.COMMAND);
        before.checkpointStarted(true);
        before.bufferCleaningDone(3, true);
        before.walRecordInserted(8232, 1);
        before.walSynced(2, 0.5);
        before.write(dataDirectory);

        CumulativeStatistics after = new CumulativeStatistics();
        after.read(dataDirectory);
        assertThat(table(after)).usingRecursiveComparison().isEqualTo(table(before));
        assertThat(after.bgWriterStatistics()).isEqualTo(before.bgWriterStatistics());
        assertThat(after.bgWriterStatistics().buffersClean()).isEqualTo(3);
        assertThat(after.bgWriterStatistics().maxwrittenClean()).isEqualTo(1);
        assertThat(after.walStatistics()).isEqualTo(before.walStatistics());
        assertThat(after.walStatistics().walFpi()).isEqualTo(1);
    }

    @Test
    void walCountersGrowAsPgstatWalCountsAndResetAlone() {
        CumulativeStatistics s = new CumulativeStatistics();
        s.walRecordInserted(100, 0);
        s.walRecordInserted(8300, 1);
        s.walBuffersFull();
        s.walWritten(0);
        s.walSynced(1, 0);
        s.checkpointStarted(true);
        var w = s.walStatistics();
        assertThat(w.walRecords()).isEqualTo(2);
        assertThat(w.walFpi()).isEqualTo(1);
        assertThat(w.walBytes()).isEqualTo(java.math.BigInteger.valueOf(8400));
        assertThat(w.walBuffersFull()).isEqualTo(1);
        assertThat(w.walWrite()).isEqualTo(1);
        assertThat(w.walSync()).isEqualTo(1);

        while (!java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS).isAfter(w.statsReset())) {
            Thread.onSpinWait(); // stats_reset has microseconds: the reset must come visibly later
        }
        s.resetWal();

        var reset = s.walStatistics();
        assertThat(reset.walRecords()).isZero();
        assertThat(reset.walBytes()).isZero();
        assertThat(reset.statsReset()).isAfter(w.statsReset());
        assertThat(s.bgWriterStatistics().checkpointsTimed()).as("pg_stat_bgwriter untouched").isEqualTo(1);
    }

    @Test
    void archiverCountsSurviveACleanShutdownAndResetAlone() throws IOException {
        CumulativeStatistics before = new CumulativeStatistics();
        before.archiverReported("000000010000000000000002", true);
        before.archiverReported("000000010000000000000002", false);
        before.archiverReported("000000010000000000000003", false);
        before.write(dataDirectory);
        CumulativeStatistics after = new CumulativeStatistics();
        after.read(dataDirectory);
        ArchiverStatistics a = after.archiverStatistics();
        assertThat(a).isEqualTo(before.archiverStatistics());
        assertThat(a.archivedCount()).isEqualTo(2);
        assertThat(a.lastArchivedWal()).isEqualTo("000000010000000000000003");
        assertThat(a.failedCount()).isEqualTo(1);
        assertThat(a.lastFailedWal()).isEqualTo("000000010000000000000002");
        after.resetArchiver();
        assertThat(after.archiverStatistics().archivedCount()).isZero();
        assertThat(after.archiverStatistics().lastArchivedWal()).isNull();
        assertThat(after.walStatistics()).isEqualTo(before.walStatistics());
    }

    @Test
    void aDamagedFileLeavesEveryCounterAtZero() throws IOException {
        Files.createDirectories(dataDirectory.resolve("pg_stat"));
        Files.write(CumulativeStatistics.file(dataDirectory), new byte[] {1, 2, 3});
        CumulativeStatistics s = new CumulativeStatistics();
        assertThatThrownBy(() -> s.read(dataDirectory)).isInstanceOf(IOException.class);
        assertThat(table(s).nTupIns()).isZero();
    }
}
