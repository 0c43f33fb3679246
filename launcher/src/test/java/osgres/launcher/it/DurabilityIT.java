package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Issue 4, acceptance 5: nothing acknowledged as committed is lost when the server JVM is killed with
 * {@code kill -9}, and nothing uncommitted appears. A few JDBC workers run small transactions (insert 1-4 rows
 * with unique ids and add their number to the worker's counter row; autocommit off); a transaction counts as
 * acknowledged only once commit() returned, as unknown when the connection broke while its commit was in
 * flight, and as not committed when it was rolled back or broke before commit. At a random moment (1-4 s into
 * the load, once enough commits were acknowledged) the JVM is killed; after a restart on the same data
 * directory every acknowledged row is there, no row of a not-committed transaction is, each unknown
 * transaction is there entirely or not at all, and each counter equals its worker's row count. Unknown
 * transactions are then settled by what recovery kept, and later rounds must keep it so.
 *
 * <p>{@code -Dosgres.durability.rounds=N} (default 10) sets the rounds, {@code -Dosgres.durability.seed=S}
 * replays the random choices of a failed run (its seed is in every assertion message); bench/soak-durability
 * runs many rounds.
 */
class DurabilityIT {
    private static final int ROUNDS = Integer.getInteger("osgres.durability.rounds", 10);
    private static final long SEED = Long.getLong("osgres.durability.seed", System.nanoTime());
    private static final int WORKERS = 4;
    private static final int MIN_ACKNOWLEDGED_PER_ROUND = 20;
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(120);
    private static final Duration WORKER_EXIT_DEADLINE = Duration.ofSeconds(60);

    /** One transaction of one worker, with the ids it inserted. */
    private record Txn(long id, int worker, List<Long> rowIds) {
    }

    /** What the client knows about every transaction it ran. */
    private static final class Ledger {
        final AtomicLong nextRowId = new AtomicLong(1);
        final AtomicLong nextTxnId = new AtomicLong(1);
        final Set<Txn> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Txn> notCommitted = ConcurrentHashMap.newKeySet();
        final Set<Txn> unknown = ConcurrentHashMap.newKeySet();
        final Map<Long, Txn> byRowId = new ConcurrentHashMap<>();
    }

    @Test
    void everyAcknowledgedCommitSurvivesKillDashNine() throws Exception {
        Random random = new Random(SEED);
        Ledger ledger = new Ledger();
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect()) {
                JdbcCrudIT.createTable(c, "durability_rows",
                        "id bigint primary key, worker integer not null, txn bigint not null, payload text");
                JdbcCrudIT.createTable(c, "durability_counters", "worker integer primary key, rows bigint not null");
                for (int w = 0; w < WORKERS; w++) {
                    Jdbc.execute(c, "insert into durability_counters (worker, rows) values (" + w + ", 0)");
                }
            }
            for (int round = 1; round <= ROUNDS; round++) {
                String context = "round " + round + " of " + ROUNDS + ", seed " + SEED;
                loadAndCrash(target, ledger, random, context);
                target.restart();
                verifyAndSettle(target, ledger, context);
            }
        }
    }

    private void loadAndCrash(SqlTarget target, Ledger ledger, Random random, String context)
            throws InterruptedException {
        AtomicBoolean killing = new AtomicBoolean();
        AtomicInteger acknowledgedThisRound = new AtomicInteger();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            long workerSeed = random.nextLong();
            workers.add(Thread.ofPlatform().daemon(true).name("durability-worker-" + w).start(() -> work(target,
                    ledger, worker, new Random(workerSeed), killing, acknowledgedThisRound, unexpected)));
        }
        boolean checkpointThisRound = random.nextBoolean();
        if (checkpointThisRound) {
            workers.add(Thread.ofPlatform().daemon(true).name("durability-checkpoint").start(
                    () -> checkpointDuringLoad(target, acknowledgedThisRound, killing, unexpected)));
        }

        long killAfterNanos = TimeUnit.MILLISECONDS.toNanos(1000 + random.nextInt(3000));
        long started = System.nanoTime();
        TestServer.await("at least " + MIN_ACKNOWLEDGED_PER_ROUND + " acknowledged commits and the random kill "
                + "moment (" + context + ")", LOAD_DEADLINE, () -> {
                    if (!unexpected.isEmpty() || workers.stream().noneMatch(Thread::isAlive)) {
                        throw new AssertionError("workers failed before the kill (" + context + "): " + unexpected);
                    }
                    return acknowledgedThisRound.get() >= MIN_ACKNOWLEDGED_PER_ROUND
                            && System.nanoTime() - started >= killAfterNanos;
                });
        killing.set(true);
        target.crash();
        for (Thread worker : workers) {
            worker.join(WORKER_EXIT_DEADLINE);
            assertThat(worker.isAlive()).as("%s still running after the kill (%s)", worker.getName(), context)
                    .isFalse();
        }
        assertThat(unexpected).as("errors before the kill (%s)", context).isEmpty();
    }

    private static void work(SqlTarget target, Ledger ledger, int worker, Random random, AtomicBoolean killing,
            AtomicInteger acknowledgedThisRound, ConcurrentLinkedQueue<String> unexpected) {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into durability_rows (id, worker, txn, payload) values (?, ?, ?, ?)");
                    PreparedStatement count = c.prepareStatement(
                            "update durability_counters set rows = rows + ? where worker = ?")) {
                while (true) {
                    runOneTransaction(c, insert, count, ledger, worker, random, acknowledgedThisRound);
                }
            }
        } catch (SQLException e) {
            if (!killing.get()) {
                unexpected.add("worker " + worker + ": " + e.getSQLState() + " " + e.getMessage());
            }
        }
    }

    private static void runOneTransaction(Connection c, PreparedStatement insert, PreparedStatement count,
            Ledger ledger, int worker, Random random, AtomicInteger acknowledgedThisRound) throws SQLException {
        List<Long> rowIds = new ArrayList<>();
        int rows = 1 + random.nextInt(4);
        for (int i = 0; i < rows; i++) {
            rowIds.add(ledger.nextRowId.getAndIncrement());
        }
        Txn txn = new Txn(ledger.nextTxnId.getAndIncrement(), worker, List.copyOf(rowIds));
        rowIds.forEach(id -> ledger.byRowId.put(id, txn));
        boolean rollBack = random.nextInt(8) == 0;
        boolean commitSent = false;
        try {
            for (long id : txn.rowIds()) {
                insert.setLong(1, id);
                insert.setInt(2, worker);
                insert.setLong(3, txn.id());
                insert.setString(4, "w" + worker + "-t" + txn.id() + "-" + "x".repeat(random.nextInt(200)));
                insert.executeUpdate();
            }
            count.setInt(1, rows);
            count.setInt(2, worker);
            count.executeUpdate();
            if (rollBack) {
                ledger.notCommitted.add(txn);
                c.rollback();
                return;
            }
            commitSent = true;
            c.commit();
            ledger.acknowledged.add(txn);
            acknowledgedThisRound.incrementAndGet();
        } catch (SQLException e) {
            (commitSent ? ledger.unknown : ledger.notCommitted).add(txn);
            throw e;
        }
    }

    /** In some rounds a CHECKPOINT in the middle of the load: redo then starts at a checkpoint taken under load. */
    private static void checkpointDuringLoad(SqlTarget target, AtomicInteger acknowledgedThisRound,
            AtomicBoolean killing, ConcurrentLinkedQueue<String> unexpected) {
        try (Connection c = target.connect()) {
            TestServer.await("some commits before CHECKPOINT", LOAD_DEADLINE,
                    () -> killing.get() || acknowledgedThisRound.get() >= MIN_ACKNOWLEDGED_PER_ROUND / 2);
            if (!killing.get()) {
                Jdbc.execute(c, "checkpoint");
            }
        } catch (SQLException e) {
            if (!killing.get()) {
                unexpected.add("checkpoint: " + e.getSQLState() + " " + e.getMessage());
            }
        }
    }

    private static void verifyAndSettle(SqlTarget target, Ledger ledger, String context) throws SQLException {
        Map<Long, Integer> workerOfPresentRow = new HashMap<>();
        Map<Integer, Long> counters = new HashMap<>();
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select id, worker, txn from durability_rows")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    Txn txn = ledger.byRowId.get(id);
                    assertThat(txn).as("row %d was never inserted by this test (%s)", id, context).isNotNull();
                    assertThat(rs.getInt(2)).as("worker of row %d (%s)", id, context).isEqualTo(txn.worker());
                    assertThat(rs.getLong(3)).as("txn of row %d (%s)", id, context).isEqualTo(txn.id());
                    assertThat(workerOfPresentRow.put(id, rs.getInt(2))).as("row %d twice (%s)", id, context)
                            .isNull();
                }
            }
            try (ResultSet rs = s.executeQuery("select worker, rows from durability_counters")) {
                while (rs.next()) {
                    counters.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        Set<Long> present = workerOfPresentRow.keySet();
        List<Long> lost = new ArrayList<>();
        for (Txn txn : ledger.acknowledged) {
            txn.rowIds().stream().filter(id -> !present.contains(id)).forEach(lost::add);
        }
        assertThat(lost.size()).as("acknowledged rows lost (%s): %d, the first %s", context, lost.size(), first(lost))
                .isZero();
        List<Long> resurrected = new ArrayList<>();
        for (Txn txn : ledger.notCommitted) {
            txn.rowIds().stream().filter(present::contains).forEach(resurrected::add);
        }
        assertThat(resurrected.size()).as("rows of rolled-back or never-committed transactions (%s): %d, the first %s",
                context, resurrected.size(), first(resurrected)).isZero();

        Set<Txn> settled = new HashSet<>(ledger.unknown);
        for (Txn txn : settled) {
            long kept = txn.rowIds().stream().filter(present::contains).count();
            assertThat(kept).as("rows kept of in-doubt transaction %s: all or none (%s)", txn, context)
                    .isIn(0L, (long) txn.rowIds().size());
            ledger.unknown.remove(txn);
            (kept == 0 ? ledger.notCommitted : ledger.acknowledged).add(txn);
        }
        for (int w = 0; w < WORKERS; w++) {
            int worker = w;
            long rowsOfWorker = workerOfPresentRow.values().stream().filter(x -> x == worker).count();
            assertThat(counters.get(w)).as("counter of worker %d = its rows present (%s)", w, context)
                    .isEqualTo(rowsOfWorker);
        }
        assertThat(present).as("rows after recovery (%s)", context).isNotEmpty();
    }

    private static List<Long> first(List<Long> ids) {
        return ids.stream().sorted().limit(20).toList();
    }
}
