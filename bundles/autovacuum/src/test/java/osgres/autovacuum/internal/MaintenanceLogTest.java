package osgres.autovacuum.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.storage.VacuumResult;

class MaintenanceLogTest {

    @Test
    void vacuumReportHasPostgresLinesInOrder() {
        VacuumResult r = new VacuumResult(16384, "public", "t", false, 1, 0, 2236, 2236, 2236, 199994, 100000, 0,
                9, 10, 1157, 199994, List.of(new VacuumResult.IndexPages("t_pkey", 1026)), 3393, 0, 2312, 3333, 0,
                1420664, 0);
        String report = MaintenanceLog.vacuumReport("postgres", r, MaintenanceLog.Usage.now());
        List<String> lines = report.lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).isEqualTo("automatic vacuum of table \"postgres.public.t\": index scans: 1");
        assertThat(lines.get(1)).isEqualTo("pages: 0 removed, 2236 remain, 2236 scanned (100.00% of total)");
        assertThat(lines.get(2)).isEqualTo("tuples: 199994 removed, 100000 remain, 0 are dead but not yet removable");
        assertThat(lines.get(3)).isEqualTo("removable cutoff: 9, which was 1 XIDs old when operation ended");
        assertThat(lines.get(4)).isEqualTo(
                "index scan needed: 1157 pages from table (51.74% of total) had 199994 dead item identifiers removed");
        assertThat(lines.get(5)).isEqualTo(
                "index \"t_pkey\": pages: 1026 in total, 0 newly deleted, 0 currently deleted, 0 reusable");
        assertThat(lines.get(6)).matches("avg read rate: \\d+\\.\\d{3} MB/s, avg write rate: \\d+\\.\\d{3} MB/s");
        assertThat(lines.get(7)).isEqualTo("buffer usage: 3393 hits, 0 misses, 2312 dirtied");
        assertThat(lines.get(8)).isEqualTo("WAL usage: 3333 records, 0 full page images, 1420664 bytes");
        assertThat(lines.get(9)).matches(
                "system usage: CPU: user: \\d+\\.\\d\\d s, system: \\d+\\.\\d\\d s, elapsed: \\d+\\.\\d\\d s");
    }

    @Test
    void aTableWithoutDeadItemsNeedsNoIndexScan() {
        VacuumResult r = new VacuumResult(1, "public", "t", false, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 0, 0, List.of(),
                0, 0, 0, 0, 0, 0, 0);
        assertThat(MaintenanceLog.vacuumReport("db", r, MaintenanceLog.Usage.now())).contains(
                "\nindex scan not needed: 0 pages from table (100.00% of total) had 0 dead item identifiers removed\n");
    }

    @Test
    void skippingLineIsVacuumCs() {
        assertThat(MaintenanceLog.skipping("vacuum", "t")).isEqualTo("skipping vacuum of \"t\" --- lock not available");
    }
}
