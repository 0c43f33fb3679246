package osgres.autovacuum.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

import osgres.storage.AnalyzeResult;
import osgres.storage.VacuumResult;

/**
 * The log lines of autovacuum's work, in PostgreSQL 15's words: vacuumlazy.c's {@code automatic vacuum of table}
 * report, analyze.c's {@code automatic analyze of table} report (each with pg_rusage_show's {@code system usage}),
 * and vacuum.c's {@code skipping ... --- lock not available}.
 */
final class MaintenanceLog {
    private static final double BLOCK_SIZE = 8192;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MaintenanceLog() {
    }

    /** pg_rusage_init: this thread's CPU times and the wall clock, to subtract from at the end. */
    record Usage(long userNanos, long cpuNanos, long wallNanos) {
        static Usage now() {
            boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
            return new Usage(cpu ? THREADS.getCurrentThreadUserTime() : 0, cpu ? THREADS.getCurrentThreadCpuTime() : 0,
                    System.nanoTime());
        }

        /** pg_rusage_show since this start: {@code CPU: user: 0.05 s, system: 0.00 s, elapsed: 0.21 s}. */
        String show() {
            Usage start = this;
            Usage end = now();
            long user = end.userNanos - start.userNanos;
            long system = Math.max(0, (end.cpuNanos - start.cpuNanos) - user);
            return "CPU: user: " + seconds(user) + " s, system: " + seconds(system) + " s, elapsed: "
                    + seconds(end.wallNanos - start.wallNanos) + " s";
        }

        double elapsedSeconds() {
            return (System.nanoTime() - wallNanos) / 1e9;
        }

        private static String seconds(long nanos) {
            long hundredths = Math.max(0, nanos) / 10_000_000L;
            return String.format(Locale.ROOT, "%d.%02d", hundredths / 100, hundredths % 100);
        }
    }

    static String vacuumReport(String database, VacuumResult r, Usage usage) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "automatic vacuum of table \"%s.%s.%s\": index scans: %d%n", database,
                r.schemaname(), r.relname(), r.indexScans()));
        b.append(String.format(Locale.ROOT, "pages: %d removed, %d remain, %d scanned (%.2f%% of total)%n",
                r.pagesRemoved(), r.pagesRemain(), r.pagesScanned(), percent(r.pagesScanned(), r.origPages())));
        b.append(String.format(Locale.ROOT, "tuples: %d removed, %d remain, %d are dead but not yet removable%n",
                r.tuplesRemoved(), r.tuplesRemain(), r.recentlyDeadTuples()));
        b.append(String.format(Locale.ROOT, "removable cutoff: %d, which was %d XIDs old when operation ended%n",
                r.removableCutoff(), (int) (r.nextXid() - r.removableCutoff())));
        b.append(r.indexes().isEmpty() || r.indexScans() == 0 ? "index scan not needed: " : "index scan needed: ");
        b.append(String.format(Locale.ROOT,
                "%d pages from table (%.2f%% of total) had %d dead item identifiers removed%n",
                r.lpDeadItemPages(), percent(r.lpDeadItemPages(), r.origPages()), r.lpDeadItems()));
        for (VacuumResult.IndexPages index : r.indexes()) {
            b.append(String.format(Locale.ROOT,
                    "index \"%s\": pages: %d in total, 0 newly deleted, 0 currently deleted, 0 reusable%n",
                    index.name(), index.pages()));
        }
        appendRates(b, r.buffersMissed(), r.buffersDirtied(), usage.elapsedSeconds());
        b.append(String.format(Locale.ROOT, "buffer usage: %d hits, %d misses, %d dirtied%n", r.buffersHit(),
                r.buffersMissed(), r.buffersDirtied()));
        b.append(String.format(Locale.ROOT, "WAL usage: %d records, %d full page images, %d bytes%n",
                r.walRecords(), r.walFullPageImages(), r.walBytes()));
        b.append("system usage: ").append(usage.show());
        return b.toString().replace(System.lineSeparator(), "\n");
    }

    /** analyze.c's report for an autovacuum worker; ANALYZE reads the table through the buffer pool only. */
    static String analyzeReport(String database, AnalyzeResult r, Usage usage) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "automatic analyze of table \"%s.%s.%s\"%n", database, r.schemaname(),
                r.relname()));
        appendRates(b, r.buffersMissed(), 0, usage.elapsedSeconds());
        b.append(String.format(Locale.ROOT, "buffer usage: %d hits, %d misses, %d dirtied%n", r.buffersHit(),
                r.buffersMissed(), 0));
        b.append("system usage: ").append(usage.show());
        return b.toString().replace(System.lineSeparator(), "\n");
    }

    static String skipping(String what, String table) {
        return "skipping " + what + " of \"" + table + "\" --- lock not available";
    }

    private static void appendRates(StringBuilder b, long read, long written, double seconds) {
        double readRate = seconds > 0 ? BLOCK_SIZE * read / (1024 * 1024) / seconds : 0;
        double writeRate = seconds > 0 ? BLOCK_SIZE * written / (1024 * 1024) / seconds : 0;
        b.append(String.format(Locale.ROOT, "avg read rate: %.3f MB/s, avg write rate: %.3f MB/s%n", readRate,
                writeRate));
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }
}
