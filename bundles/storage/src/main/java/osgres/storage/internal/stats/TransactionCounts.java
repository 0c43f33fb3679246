package osgres.storage.internal.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * One transaction's pending table counts (PgStat_TableXactStatus), plain fields touched by its own thread only,
 * handed to {@link CumulativeStatistics#transactionEnded} at commit or abort, where they become shared. A ROLLBACK TO
 * SAVEPOINT moves what was counted since the savepoint to {@link #aborted} (AtEOSubXact_PgStat_Relations): those
 * writes still count as attempted, and their inserted and updated rows as dead, whatever the top-level end.
 */
public final class TransactionCounts {
    /** Per table oid: inserted, updated, deleted, HOT-updated. */
    final Map<Integer, long[]> tables = new HashMap<>();
    /** The same, counted in subtransactions that were rolled back. */
    final Map<Integer, long[]> aborted = new HashMap<>();

    /** The counts so far, for a savepoint that may be rolled back to. */
    public TransactionCounts copy() {
        TransactionCounts copy = new TransactionCounts();
        tables.forEach((oid, c) -> copy.tables.put(oid, c.clone()));
        return copy;
    }

    /** ROLLBACK TO the savepoint where {@code atSavepoint} was copied (null: nothing was counted then). */
    public void rollBackTo(TransactionCounts atSavepoint) {
        tables.forEach((oid, c) -> {
            long[] before = atSavepoint == null ? null : atSavepoint.tables.get(oid);
            long[] lost = aborted.computeIfAbsent(oid, k -> new long[4]);
            for (int i = 0; i < c.length; i++) {
                long kept = before == null ? 0 : before[i];
                lost[i] += c[i] - kept;
                c[i] = kept;
            }
        });
    }

    private long[] table(int oid) {
        return tables.computeIfAbsent(oid, k -> new long[4]);
    }

    public void inserted(int tableOid) {
        table(tableOid)[0]++;
    }

    public void updated(int tableOid, boolean hot) {
        long[] t = table(tableOid);
        t[1]++;
        if (hot) {
            t[3]++;
        }
    }

    public void deleted(int tableOid) {
        table(tableOid)[2]++;
    }
}
