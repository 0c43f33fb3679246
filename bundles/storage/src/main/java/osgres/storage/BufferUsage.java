package osgres.storage;

/**
 * A backend's buffer usage counters, PostgreSQL's {@code pgBufferUsage} (instrument.c): shared buffers found in the
 * pool (hit), read in, first dirtied, written out by this backend, and blocks of temporary files read and written.
 * They count per thread, because a backend is one session thread; EXPLAIN (BUFFERS) takes a {@link #snapshot()}
 * before and after a plan node runs and shows the difference. Counted by the buffer manager (shared) and by the
 * SQL layer's temporary files (temp); never reset, so only differences mean anything. No local buffers: osgres
 * keeps temporary tables in shared buffers, so their blocks count as shared.
 */
public final class BufferUsage {

    /** What one counter counts. */
    public enum Counter { SHARED_HIT, SHARED_READ, SHARED_DIRTIED, SHARED_WRITTEN, TEMP_READ, TEMP_WRITTEN }

    private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[Counter.values().length]);

    private BufferUsage() {
    }

    /** Counts {@code blocks} more of {@code counter} for the calling thread's backend. */
    public static void count(Counter counter, long blocks) {
        COUNTS.get()[counter.ordinal()] += blocks;
    }

    /** The calling thread's counters now. */
    public static Snapshot snapshot() {
        long[] c = COUNTS.get();
        return new Snapshot(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    /** The counters at one moment, or the difference between two moments. */
    public record Snapshot(long sharedHit, long sharedRead, long sharedDirtied, long sharedWritten, long tempRead,
                           long tempWritten) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0);

        /** What was counted since {@code earlier}. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(sharedHit - earlier.sharedHit, sharedRead - earlier.sharedRead,
                    sharedDirtied - earlier.sharedDirtied, sharedWritten - earlier.sharedWritten,
                    tempRead - earlier.tempRead, tempWritten - earlier.tempWritten);
        }

        public Snapshot plus(Snapshot other) {
            return new Snapshot(sharedHit + other.sharedHit, sharedRead + other.sharedRead,
                    sharedDirtied + other.sharedDirtied, sharedWritten + other.sharedWritten,
                    tempRead + other.tempRead, tempWritten + other.tempWritten);
        }
    }
}
