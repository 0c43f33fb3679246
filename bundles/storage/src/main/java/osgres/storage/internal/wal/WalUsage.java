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

    /** Counts one inserted record of {@code bytes} bytes carrying {@code images} full-page images. */
    static void count(int bytes, int images) {
        long[] c = COUNTERS.get();
        c[0]++;
        c[1] += images;
        c[2] += bytes;
    }

    /** {records, full-page images, bytes} inserted by the calling thread so far. */
    public static long[] ofCurrentThread() {
        return COUNTERS.get().clone();
    }
}
