package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.ServerLog;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.storage.WriteResult;

/**
 * pgbench's TPC-B transaction from several threads at once through the Transaction API, as the executor would run
 * it in READ COMMITTED (EvalPlanQual on Moved): afterwards every balance sum equals the history's delta sum.
 */
class TpcbStressTest {
    private static final int ACCOUNTS = 2000;
    private static final int TELLERS = 10;
    private static final int BRANCHES = 1;

    @TempDir
    Path dir;

    private static List<ColumnDef> columns(String... names) {
        List<ColumnDef> list = new ArrayList<>();
        for (String n : names) {
            list.add(new ColumnDef(n, TypeOids.INT4, -1, false, null));
        }
        return list;
    }

    private static RowVersion byKey(Transaction tx, IndexDef ix, int key) {
        try (RowScan s = tx.indexScan(ix, new Object[] {key}, true, new Object[] {key}, true)) {
            return s.hasNext() ? s.next() : null;
        }
    }

    /** UPDATE t SET bal = bal + delta WHERE key = k, with READ COMMITTED's re-check of the newest version. */
    private static void addTo(Transaction tx, TableDef t, IndexDef ix, int key, int delta) {
        tx.startStatement();
        RowVersion r = byKey(tx, ix, key);
        while (true) {
            Object[] v = r.values().clone();
            v[1] = (Integer) v[1] + delta;
            WriteResult w = tx.update(t, r.tid(), v);
            if (w instanceof WriteResult.Moved m) {
                r = m.latest();
                continue;
            }
            assertThat(w).isInstanceOf(WriteResult.Done.class);
            return;
        }
    }

    /** A hang's evidence: every thread's stack, on stderr (the surefire report keeps it). */
    private static void printThreads() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            System.err.println("\"" + e.getKey().getName() + "\" " + e.getKey().getState());
            for (StackTraceElement f : e.getValue()) {
                System.err.println("    at " + f);
            }
        }
    }

    @Test
    void concurrentTpcbKeepsBalancesConsistent() throws Exception {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction init = c.begin();
            TableDef a = init.createTable("a", columns("aid", "abalance"), 100);
            TableDef t = init.createTable("t", columns("tid", "tbalance"), 100);
            TableDef b = init.createTable("b", columns("bid", "bbalance"), 100);
            TableDef h = init.createTable("h", columns("aid", "delta"), 100);
            init.startStatement();
            for (int i = 1; i <= ACCOUNTS; i++) {
                init.insert(a, new Object[] {i, 0});
            }
            for (int i = 1; i <= TELLERS; i++) {
                init.insert(t, new Object[] {i, 0});
            }
            init.insert(b, new Object[] {1, 0});
            init.startStatement();
            IndexDef ai = init.createIndex("a", "a_pkey", List.of("aid"), true, true);
            IndexDef ti = init.createIndex("t", "t_pkey", List.of("tid"), true, true);
            IndexDef bi = init.createIndex("b", "b_pkey", List.of("bid"), true, true);
            init.commit(true);
            TableDef af = a;
            TableDef tf = t;
            TableDef bf = b;
            int threads = 8;
            int perThread = 400;
            AtomicLong done = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int w = 0; w < threads; w++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < perThread; i++) {
                        int aid = rnd.nextInt(1, ACCOUNTS + 1);
                        int tid = rnd.nextInt(1, TELLERS + 1);
                        int delta = rnd.nextInt(-5000, 5001);
                        Transaction tx = c.begin();
                        addTo(tx, af, ai, aid, delta);
                        tx.startStatement();
                        byKey(tx, ai, aid);
                        addTo(tx, tf, ti, tid, delta);
                        addTo(tx, bf, bi, 1, delta);
                        tx.startStatement();
                        tx.insert(h, new Object[] {aid, delta});
                        tx.commit(i % 2 == 0);
                        done.incrementAndGet();
                    }
                }));
            }
            for (Thread w : workers) {
                w.join(TimeUnit.MINUTES.toMillis(3));
                if (w.isAlive()) {
                    printThreads();
                }
                assertThat(w.isAlive()).as("worker finished (no deadlock)").isFalse();
            }
            long elapsed = System.nanoTime() - start;
            ServerLog.log("tpcb stress: " + done.get() * 1_000_000_000L / Math.max(1, elapsed) + " tps");
            assertThat(done.get()).isEqualTo((long) threads * perThread);
            c.engine.vacuum(EngineCluster.POSTGRES, null);
            Transaction check = c.begin();
            long sa = sum(check, af);
            long st = sum(check, tf);
            long sb = sum(check, bf);
            long sh = sum(check, h);
            assertThat(new long[] {sa, st, sb}).containsOnly(sh);
            assertThat(count(check, af)).isEqualTo(ACCOUNTS);
            assertThat(c.core.buffers().blockCount(((TransactionImpl) check).entryFile(bf)))
                    .as("HOT + pruning keep the one-row table small").isLessThanOrEqualTo(3);
            check.commit(true);
        }
    }

    private static long sum(Transaction tx, TableDef t) {
        long s = 0;
        try (RowScan scan = tx.scan(t)) {
            while (scan.hasNext()) {
                s += (Integer) scan.next().values()[1];
            }
        }
        return s;
    }

    private static long count(Transaction tx, TableDef t) {
        long n = 0;
        try (RowScan scan = tx.scan(t)) {
            while (scan.hasNext()) {
                scan.next();
                n++;
            }
        }
        return n;
    }
}
