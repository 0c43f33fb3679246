package osgres.storage.internal.stats;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * One table's shared counters (PgStat_StatTabEntry). Adders so that backends never contend on the hot path;
 * VACUUM and ANALYZE "set" live/dead by a reset and an add, which may lose a concurrent commit's delta, as
 * PostgreSQL's own estimate may.
 */
final class TableCounters {
    final LongAdder seqScan = new LongAdder();
    final LongAdder seqTupRead = new LongAdder();
    final LongAdder idxScan = new LongAdder();
    final LongAdder idxTupFetch = new LongAdder();
    final LongAdder tupIns = new LongAdder();
    final LongAdder tupUpd = new LongAdder();
    final LongAdder tupDel = new LongAdder();
    final LongAdder tupHotUpd = new LongAdder();
    final LongAdder live = new LongAdder();
    final LongAdder dead = new LongAdder();
    final LongAdder modSinceAnalyze = new LongAdder();
    final LongAdder insSinceVacuum = new LongAdder();
    final LongAdder vacuumCount = new LongAdder();
    final LongAdder autovacuumCount = new LongAdder();
    final LongAdder analyzeCount = new LongAdder();
    final LongAdder autoanalyzeCount = new LongAdder();
    volatile Instant lastVacuum;
    volatile Instant lastAutovacuum;
    volatile Instant lastAnalyze;
    volatile Instant lastAutoanalyze;

    /** The adders in the order the stats file stores them. */
    LongAdder[] adders() {
        return new LongAdder[] {seqScan, seqTupRead, idxScan, idxTupFetch, tupIns, tupUpd, tupDel, tupHotUpd, live,
            dead, modSinceAnalyze, insSinceVacuum, vacuumCount, autovacuumCount, analyzeCount, autoanalyzeCount};
    }

    Instant[] times() {
        return new Instant[] {lastVacuum, lastAutovacuum, lastAnalyze, lastAutoanalyze};
    }

    void setTimes(Instant[] t) {
        lastVacuum = t[0];
        lastAutovacuum = t[1];
        lastAnalyze = t[2];
        lastAutoanalyze = t[3];
    }

    static void set(LongAdder adder, long value) {
        adder.reset();
        adder.add(value);
    }
}
