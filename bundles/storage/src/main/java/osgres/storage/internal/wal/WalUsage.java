package osgres.storage.internal.wal;

/**
 * The WAL one thread has inserted (PostgreSQL's per-backend pgWalUsage): records, full-page images and bytes, so
 * that a VACUUM can report its own WAL usage while other backends write too. A snapshot is taken before the work
 * and subtracted after.
 */
public final class WalUsage {
    private static final ThreadLocal<long[]> COUNTERS = ThreadLocal.withInitial(() -> new long[3]);

    private WalUsage() {
    }

    /** Counts one inserted record of {@code blockCount} block references (WalRecordFormat's layout). */
    static void count(byte[] record, int blockCount) {
        long[] c = COUNTERS.get();
        c[0]++;
        for (int i = 0; i < blockCount; i++) {
            int flags = record[WalRecordFormat.HEADER_SIZE + i * WalRecordFormat.BLOCK_REF_SIZE + 12];
            if ((flags & WalRecordFormat.FLAG_HAS_IMAGE) != 0) {
                c[1]++;
            }
        }
        c[2] += record.length;
    }

    /** {records, full-page images, bytes} inserted by the calling thread so far. */
    public static long[] ofCurrentThread() {
        return COUNTERS.get().clone();
    }
}
