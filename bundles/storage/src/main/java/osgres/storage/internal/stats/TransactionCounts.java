package osgres.storage.internal.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * One transaction's pending table counts (PgStat_TableXactStatus), plain fields touched by its own thread only,
 * handed to {@link CumulativeStatistics#transactionEnded} at commit or abort, where they become shared.
 */
public final class TransactionCounts {
    /** Per table oid: inserted, updated, deleted, HOT-updated. */
    final Map<Integer, long[]> tables = new HashMap<>();

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
