package osgres.sql.internal.session;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import osgres.sql.Portal;
import osgres.sql.RowSink;
import osgres.sql.SqlSession;
import osgres.sql.Statement;
import osgres.sql.internal.parser.QueryNormalizer;
import osgres.sql.internal.parser.RawParser;

/**
 * A microbenchmark, not a test (timings are never asserted): the TPC-B statements through SqlSession over
 * FakeStorage (100 accounts, so that its sorted-filter "index scans" stay small), in the simple protocol with
 * and without constant lifting and in the prepared protocol.
 * Run: java -cp target/classes:target/test-classes:DEPS osgres.sql.internal.PlanCacheBenchmark [seconds]
 */
public final class PlanCacheBenchmark {
    private static final RowSink DISCARD = values -> { };
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static List<String> STORAGE_CALLS = List.of();

    private PlanCacheBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        FakeBackend backend = new FakeBackend(true);
        SqlSessionImpl session = (SqlSessionImpl) backend.session;
        STORAGE_CALLS = backend.storage.calls;
        setUp(backend);
        Random random = new Random(1);
        String[] names = {"UPDATE accounts", "SELECT abalance", "UPDATE tellers", "UPDATE branches", "INSERT history"};

        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "-- warm-up" : "-- measured");
            session.liftConstants = true;
            long parses = RawParser.parseCount();
            long analyses = ParsedStatement.analysisCount();
            measureSimple("simple, lifted", session, random, names, seconds);
            System.out.printf("   PostgreSQL grammar parses %d, analyses %d%n", RawParser.parseCount() - parses,
                    ParsedStatement.analysisCount() - analyses);
            session.liftConstants = false;
            parses = RawParser.parseCount();
            measureSimple("simple, exact text (before)", session, random, names, seconds / 3);
            System.out.printf("   PostgreSQL grammar parses %d%n", RawParser.parseCount() - parses);
            measurePrepared(session, random, names, seconds, false);
            measurePrepared(session, random, names, seconds, true);
            measureNormalizer(random, seconds / 3);
            measureUtility(session, seconds / 3);
        }
    }

    private static void setUp(FakeBackend backend) {
        String[] ddl = {
            "create table pgbench_history(tid int,bid int,aid int,delta int,mtime timestamp,filler char(22))",
            "create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84))",
            "create table pgbench_accounts(aid int not null,bid int,abalance int,filler char(84))",
            "create table pgbench_branches(bid int not null,bbalance int,filler char(88))",
            "insert into pgbench_branches(bid,bbalance) select bid, 0 from generate_series(1, 1) as bid",
            "insert into pgbench_tellers(tid,bid,tbalance) select tid, 1, 0 from generate_series(1, 10) as tid",
            "insert into pgbench_accounts(aid,bid,abalance,filler) select aid, 1, 0, '' "
                    + "from generate_series(1, 100) as aid",
            "alter table pgbench_branches add primary key (bid)",
            "alter table pgbench_tellers add primary key (tid)",
            "alter table pgbench_accounts add primary key (aid)"};
        for (String sql : ddl) {
            if (backend.query(sql).error() != null) {
                throw new IllegalStateException(sql + ": " + backend.query(sql).error());
            }
        }
    }

    private static String[] tpcb(Random random) {
        int aid = 1 + random.nextInt(100);
        int tid = 1 + random.nextInt(10);
        int delta = random.nextInt(10001) - 5000;
        return new String[] {
            "UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = " + aid + ";",
            "SELECT abalance FROM pgbench_accounts WHERE aid = " + aid + ";",
            "UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = " + tid + ";",
            "UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = 1;",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid + ", 1, " + aid + ", "
                    + delta + ", CURRENT_TIMESTAMP);"};
    }

    private static void runSimple(SqlSession session, String sql) {
        for (Statement s : session.parseSimple(sql)) {
            Portal p = session.bind(s, List.of(), new short[0], new short[0]);
            p.execute(0, DISCARD);
            p.close();
        }
        session.sync();
    }

    private static void measureSimple(String label, SqlSessionImpl session, Random random, String[] names,
                                      double seconds) {
        long[] nanos = new long[5];
        long[] bytes = new long[5];
        long count = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            String[] tx = tpcb(random); // query strings are built outside the measurement, as the wire does
            runSimple(session, "BEGIN;");
            for (int i = 0; i < tx.length; i++) {
                long b0 = THREADS.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                runSimple(session, tx[i]);
                nanos[i] += System.nanoTime() - t0;
                bytes[i] += THREADS.getCurrentThreadAllocatedBytes() - b0;
            }
            runSimple(session, "END;");
            STORAGE_CALLS.clear(); // FakeStorage's call log would otherwise grow without bound
            count++;
        }
        print(label, names, nanos, bytes, count);
    }

    /** {@code parseEachTime}: pgbench -M extended (Parse+Bind+Execute per statement), else -M prepared. */
    private static void measurePrepared(SqlSessionImpl session, Random random, String[] names, double seconds,
                                        boolean parseEachTime) {
        String[] sql = {
            "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2",
            "SELECT abalance FROM pgbench_accounts WHERE aid = $1",
            "UPDATE pgbench_tellers SET tbalance = tbalance + $1 WHERE tid = $2",
            "UPDATE pgbench_branches SET bbalance = bbalance + $1 WHERE bid = $2",
            "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)"};
        Statement[] prepared = new Statement[sql.length];
        for (int i = 0; i < sql.length; i++) {
            prepared[i] = session.prepare(sql[i], new int[0]);
        }
        long[] nanos = new long[5];
        long[] bytes = new long[5];
        long count = 0;
        long analyses = ParsedStatement.analysisCount();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            byte[] aid = text(1 + random.nextInt(100));
            byte[] tid = text(1 + random.nextInt(10));
            byte[] delta = text(random.nextInt(10001) - 5000);
            byte[] one = text(1);
            List<List<byte[]>> params = List.of(List.of(delta, aid), List.of(aid), List.of(delta, tid),
                    List.of(delta, one), List.of(tid, one, aid, delta));
            runSimple(session, "BEGIN;");
            for (int i = 0; i < sql.length; i++) {
                long b0 = THREADS.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                Statement statement = parseEachTime ? session.prepare(sql[i], new int[0]) : prepared[i];
                Portal p = session.bind(statement, params.get(i), new short[0], new short[0]);
                p.execute(0, DISCARD);
                p.close();
                nanos[i] += System.nanoTime() - t0;
                bytes[i] += THREADS.getCurrentThreadAllocatedBytes() - b0;
            }
            runSimple(session, "END;");
            STORAGE_CALLS.clear(); // FakeStorage's call log would otherwise grow without bound
            count++;
        }
        print(parseEachTime ? "extended (Parse+Bind+Execute)" : "prepared (Bind+Execute)", names, nanos, bytes,
                count);
        System.out.printf("   analyses during Bind/Execute: %d%n", ParsedStatement.analysisCount() - analyses);
    }

    private static void measureNormalizer(Random random, double seconds) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            texts.add(tpcb(random)[0]);
        }
        long n = 0;
        long sink = 0;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long b0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (String t : texts) {
                sink += QueryNormalizer.normalize(t).getFirst().key().length();
            }
            n += texts.size();
        }
        long elapsed = System.nanoTime() - t0;
        System.out.printf("  QueryNormalizer alone (UPDATE accounts): %d ns/op, %d B/op (%d)%n", elapsed / n,
                (THREADS.getCurrentThreadAllocatedBytes() - b0) / n, sink % 2);
    }

    private static void measureUtility(SqlSessionImpl session, double seconds) {
        long n = 0;
        long parses = RawParser.parseCount();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long b0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        while (System.nanoTime() < deadline) {
            runSimple(session, "BEGIN;");
            runSimple(session, "END;");
            n++;
        }
        long elapsed = System.nanoTime() - t0;
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - b0;
        long m = 0;
        long t1 = System.nanoTime();
        for (; m < 20000; m++) {
            // a new text each time, so that the utility parser runs and the exact-text cache cannot answer
            runSimple(session, "SET extra_float_digits = " + (m % 4) + " -- " + m);
        }
        long setNanos = System.nanoTime() - t1;
        System.out.printf("  BEGIN;+END; %d ns per pair, %d B; SET (uncached text) %d ns; PostgreSQL grammar parses %d%n",
                elapsed / n, bytes / n, setNanos / m, RawParser.parseCount() - parses);
    }

    private static byte[] text(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    private static void print(String label, String[] names, long[] nanos, long[] bytes, long count) {
        System.out.printf("  %s: %d transactions%n", label, count);
        long total = 0;
        for (int i = 0; i < names.length; i++) {
            System.out.printf("    %-16s %8d ns/op %7d B/op%n", names[i], nanos[i] / count, bytes[i] / count);
            total += nanos[i];
        }
        System.out.printf("    %-16s %8d ns per 5 statements%n", "total", total / count);
    }
}
