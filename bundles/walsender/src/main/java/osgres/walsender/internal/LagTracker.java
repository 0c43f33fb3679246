package osgres.walsender.internal;

import java.util.ArrayDeque;

/**
 * walsender.c's LagTracker: the time each stretch of WAL was sent, so that when the standby reports a write, flush
 * or replay position the time since that WAL went out is its lag (pg_stat_replication's write_lag, flush_lag,
 * replay_lag). One queue of samples (LSN, time) and a read position per kind of report; samples all three have
 * passed are dropped, and at most {@link #CAPACITY} are kept (the oldest go first, as PostgreSQL's buffer
 * overwrites them). Lags are in microseconds; -1 means no new measurement, which leaves the last one shown.
 */
final class LagTracker {
    static final int WRITE = 0;
    static final int FLUSH = 1;
    static final int APPLY = 2;
    private static final int CAPACITY = 8192;

    private record Sample(long lsn, long nanos) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    /** Per kind, how many samples (counted from the start of the stream) it has consumed. */
    private final long[] consumed = new long[3];
    /** How many samples were dropped from the queue's head (the index of its first element). */
    private long dropped;
    private long lastLsn = -1;

    /** LagTrackerWrite: WAL up to {@code lsn} was sent at {@code nanos}. */
    void sent(long lsn, long nanos) {
        if (lsn <= lastLsn) {
            return;
        }
        lastLsn = lsn;
        if (samples.size() == CAPACITY) {
            samples.pollFirst();
            dropped++;
        }
        samples.addLast(new Sample(lsn, nanos));
    }

    /**
     * LagTrackerRead: the standby reported {@code kind} up to {@code lsn} at {@code nowNanos}; returns the lag in
     * microseconds of the newest sample it reached, or -1 if it reached none since the last report.
     */
    long read(int kind, long lsn, long nowNanos) {
        long index = Math.max(consumed[kind], dropped);
        long sampleNanos = -1;
        for (Sample s : samplesFrom(index)) {
            if (s.lsn() > lsn) {
                break;
            }
            sampleNanos = s.nanos();
            index++;
        }
        consumed[kind] = index;
        long oldest = Math.min(consumed[WRITE], Math.min(consumed[FLUSH], consumed[APPLY]));
        while (dropped < oldest && !samples.isEmpty()) {
            samples.pollFirst();
            dropped++;
        }
        return sampleNanos < 0 ? -1 : Math.max(0, (nowNanos - sampleNanos) / 1000);
    }

    private Iterable<Sample> samplesFrom(long index) {
        long skip = index - dropped;
        return () -> {
            java.util.Iterator<Sample> it = samples.iterator();
            for (long i = 0; i < skip && it.hasNext(); i++) {
                it.next();
            }
            return it;
        };
    }
}
