package osgres.storage;

import java.util.List;

/**
 * What one lazy VACUUM of a table did: the numbers of PostgreSQL's {@code automatic vacuum of table} log line
 * (vacuumlazy.c heap_vacuum_rel). {@code skipped} is true when the table's lock was not free and the params asked
 * to skip it; then only the names are meaningful.
 *
 * @param removableCutoff  the oldest xmin tuples were judged against ("removable cutoff")
 * @param nextXid          the next transaction id when the vacuum ended (how old the cutoff was by then)
 * @param lpDeadItemPages  pages that had dead line pointers removed, {@code lpDeadItems} how many
 */
public record VacuumResult(int relid, String schemaname, String relname, boolean skipped, int indexScans,
                           int pagesRemoved, int pagesRemain, int pagesScanned, int origPages, long tuplesRemoved,
                           long tuplesRemain, long recentlyDeadTuples, long removableCutoff, long nextXid,
                           int lpDeadItemPages, long lpDeadItems, List<IndexPages> indexes, long buffersHit,
                           long buffersMissed, long buffersDirtied, long walRecords, long walFullPageImages,
                           long walBytes, long elapsedNanos) {

    /** One index's line: its page count after the bulk delete. */
    public record IndexPages(String name, int pages) {
    }

    public static VacuumResult skipped(int relid, String schemaname, String relname) {
        return new VacuumResult(relid, schemaname, relname, true, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0,
                0, 0, 0, 0, 0, 0);
    }
}
