package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.BackendProc;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.LockWaitPolicy;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.RowLockStrength;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.TableStatistics;
import osgres.storage.Transaction;
import osgres.storage.VacuumParams;
import osgres.storage.VacuumResult;
import osgres.storage.WriteResult;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.xact.CommitLog;
import osgres.storage.internal.xact.TransactionManager;

/**
 * Savepoints as subtransactions in the engine: ROLLBACK TO undoes exactly the subtransaction's writes, DDL and locks
 * (waiters wake), RELEASE merges into the parent, other transactions see released work only at the top's commit,
 * VACUUM treats a rolled-back subtransaction's rows as dead, and WAL replay after a crash keeps the work of released
 * subtransactions of a committed transaction and loses that of rolled-back ones.
 */
class SubtransactionTest {
    @TempDir
    Path dir;
    private EngineCluster cluster;
    private TableDef accounts;
    private IndexDef pkey;

    @BeforeEach
    void start() {
        cluster = new EngineCluster(dir, true);
        Transaction tx = cluster.begin();
        tx.createTable("accounts", EngineCluster.accountColumns(), 100);
        pkey = tx.createIndex("accounts", "accounts_pkey", List.of("aid"), true, true);
        tx.startStatement();
        accounts = tx.table("accounts").orElseThrow();
        for (int i = 1; i <= 10; i++) {
            tx.insert(accounts, new Object[] {i, 1, 0, "filler"});
        }
        tx.commit(true);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** aid to abalance of every row {@code tx} sees by a sequential scan (after starting a new statement). */
    private TreeMap<Integer, Integer> balances(Transaction tx) {
        tx.startStatement();
        TreeMap<Integer, Integer> rows = new TreeMap<>();
        try (RowScan s = tx.scan(accounts)) {
            s.forEachRemaining(r -> rows.put((Integer) r.values()[0], (Integer) r.values()[2]));
        }
        return rows;
    }

    private static RowVersion byKey(Transaction tx, IndexDef index, int aid) {
        tx.startStatement();
        try (RowScan s = tx.indexScan(index, new Object[] {aid}, true, new Object[] {aid}, true)) {
            return s.hasNext() ? s.next() : null;
        }
    }

    private void setBalance(Transaction tx, int aid, int balance) {
        RowVersion row = byKey(tx, pkey, aid);
        assertThat(tx.update(accounts, row.tid(), new Object[] {aid, 1, balance, "filler"}))
                .isInstanceOf(WriteResult.Done.class);
    }

    /** Starts {@code waiter}'s update of {@code seen} on another thread and returns once that thread waits. */
    private CompletableFuture<WriteResult> updateBlocked(Transaction waiter, RowVersion seen, int aid, int balance) {
        CompletableFuture<WriteResult> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                result.complete(waiter.update(accounts, seen.tid(), new Object[] {aid, 1, balance, "filler"}));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        awaitBlocked(t);
        return result;
    }

    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the other transaction should be waiting").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void rollbackToSavepointUndoesOnlyTheSubtransactionsWrites() {
        Transaction tx = cluster.begin();
        tx.insert(accounts, new Object[] {11, 1, 0, "top"});
        assertThat(tx.beginSubtransaction()).isEqualTo(1);
        tx.startStatement();
        tx.insert(accounts, new Object[] {12, 1, 0, "sub"});
        setBalance(tx, 3, 30);
        tx.startStatement();
        assertThat(tx.delete(accounts, byKey(tx, pkey, 4).tid())).isInstanceOf(WriteResult.Done.class);
        assertThat(balances(tx)).containsKeys(11, 12).doesNotContainKey(4).containsEntry(3, 30);
        long top = tx.xid();

        tx.rollbackSubtransactions(0);
        assertThat(tx.subtransactionDepth()).isZero();
        assertThat(tx.xid()).as("the top-level xid stays").isEqualTo(top);
        assertThat(balances(tx)).containsKeys(11, 4).doesNotContainKey(12).containsEntry(3, 0);
        assertThat(byKey(tx, pkey, 12)).as("index scan").isNull();
        assertThat(byKey(tx, pkey, 3).values()[2]).isEqualTo(0);
        // the row the rolled-back subtransaction updated can be updated again at once
        setBalance(tx, 3, 33);
        tx.commit(true);

        Transaction other = cluster.begin();
        assertThat(balances(other)).containsKeys(11, 4).doesNotContainKey(12).containsEntry(3, 33).hasSize(11);
        other.commit(true);
    }

    @Test
    void releasedSubtransactionsWorkIsSeenByOthersOnlyAfterTheTopCommits() {
        Transaction tx = cluster.begin();
        tx.beginSubtransaction();
        tx.insert(accounts, new Object[] {20, 1, 0, "sub"});
        tx.beginSubtransaction();
        setBalance(tx, 5, 50);
        tx.releaseSubtransactions(0);
        assertThat(tx.subtransactionDepth()).isZero();
        assertThat(balances(tx)).containsKey(20).containsEntry(5, 50);

        Transaction other = cluster.begin();
        assertThat(balances(other)).doesNotContainKey(20).containsEntry(5, 0);
        assertThat(byKey(other, pkey, 20)).isNull();
        tx.commit(true);
        assertThat(balances(other)).containsKey(20).containsEntry(5, 50);
        assertThat(byKey(other, pkey, 20)).isNotNull();
        other.commit(true);
    }

    @Test
    void rollingBackAnOuterSavepointAbortsTheInnerOnesAndWhatWasReleasedIntoIt() {
        Transaction tx = cluster.begin();
        tx.beginSubtransaction(); // a
        tx.insert(accounts, new Object[] {30, 1, 0, "a"});
        tx.beginSubtransaction(); // b
        tx.insert(accounts, new Object[] {31, 1, 0, "b"});
        tx.releaseSubtransactions(1); // RELEASE b: its work is a's now
        tx.beginSubtransaction(); // c
        tx.insert(accounts, new Object[] {32, 1, 0, "c"});
        assertThat(tx.subtransactionDepth()).isEqualTo(2);
        tx.rollbackSubtransactions(0); // ROLLBACK TO a
        assertThat(balances(tx)).doesNotContainKeys(30, 31, 32).hasSize(10);
        tx.beginSubtransaction(); // the savepoint stays: a new level under the same name
        tx.insert(accounts, new Object[] {33, 1, 0, "a again"});
        tx.commit(true);
        Transaction other = cluster.begin();
        assertThat(balances(other)).doesNotContainKeys(30, 31, 32).containsKey(33);
        other.commit(true);
    }

    @Test
    void uniqueChecksCountTheOwnSubtransactionsRowsAsOwnAndRolledBackOnesAsGone() {
        Transaction tx = cluster.begin();
        tx.insert(accounts, new Object[] {40, 1, 0, "top"});
        tx.beginSubtransaction();
        tx.startStatement();
        assertThatThrownBy(() -> tx.insert(accounts, new Object[] {40, 1, 0, "dup of the parent's"}))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
        tx.rollbackSubtransactions(0);
        tx.beginSubtransaction();
        tx.startStatement();
        tx.insert(accounts, new Object[] {41, 1, 0, "sub"});
        tx.beginSubtransaction();
        tx.startStatement();
        assertThatThrownBy(() -> tx.insert(accounts, new Object[] {41, 1, 0, "dup of an outer level's"}))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
        tx.rollbackSubtransactions(0);
        tx.startStatement();
        tx.insert(accounts, new Object[] {41, 1, 0, "41 is free again"});
        tx.commit(true);
    }

    @Test
    void rollbackToWakesAWriterWaitingForTheSubtransactionsRowUpdate() throws Exception {
        Transaction holder = cluster.begin();
        holder.insert(accounts, new Object[] {50, 1, 0, "keeps the top xid busy"});
        holder.beginSubtransaction();
        setBalance(holder, 6, 60);
        Transaction waiter = cluster.begin();
        RowVersion seen = byKey(waiter, pkey, 6);
        CompletableFuture<WriteResult> result = updateBlocked(waiter, seen, 6, 66);
        assertThat(result).isNotDone();
        holder.rollbackSubtransactions(0);
        assertThat(result.get(10, TimeUnit.SECONDS)).as("woken while the holder's top transaction still runs")
                .isInstanceOf(WriteResult.Done.class);
        waiter.commit(true);
        assertThat(balances(holder)).containsEntry(6, 66);
        holder.commit(true);
    }

    @Test
    void aReleasedSubtransactionsRowUpdateIsWaitedForUntilTheTopCommits() throws Exception {
        Transaction holder = cluster.begin();
        holder.beginSubtransaction();
        setBalance(holder, 4, 40);
        holder.releaseSubtransactions(0);
        holder.beginSubtransaction(); // a later savepoint rolled back must not release the earlier one's locks
        setBalance(holder, 5, 50);
        holder.rollbackSubtransactions(0);
        Transaction waiter = cluster.begin();
        RowVersion seen = byKey(waiter, pkey, 4);
        assertThat(seen.values()[2]).isEqualTo(0);
        CompletableFuture<WriteResult> result = updateBlocked(waiter, seen, 4, 44);
        assertThat(result).isNotDone();
        holder.commit(true);
        assertThat(result.get(10, TimeUnit.SECONDS)).as("the committed update moved the row")
                .isInstanceOf(WriteResult.Moved.class);
        WriteResult.Moved moved = (WriteResult.Moved) result.get();
        assertThat(moved.latest().values()[2]).isEqualTo(40);
        assertThat(waiter.update(accounts, moved.latest().tid(), new Object[] {4, 1, 44, "filler"}))
                .isInstanceOf(WriteResult.Done.class);
        waiter.commit(true);
        Transaction check = cluster.begin();
        assertThat(balances(check)).containsEntry(4, 44).containsEntry(5, 0);
        check.commit(true);
    }

    @Test
    void rollbackToReleasesRowAndTableLocksTakenInsideButKeepsTheParents() throws Exception {
        Transaction holder = cluster.begin();
        holder.lockRow(accounts, byKey(holder, pkey, 2).tid(), RowLockStrength.UPDATE, LockWaitPolicy.BLOCK);
        holder.beginSubtransaction();
        holder.lockRow(accounts, byKey(holder, pkey, 7).tid(), RowLockStrength.UPDATE, LockWaitPolicy.BLOCK);
        holder.lockTable(accounts, LockMode.SHARE, false);

        Transaction waiter = cluster.begin();
        RowVersion seen = byKey(waiter, pkey, 7);
        CompletableFuture<WriteResult> result = updateBlocked(waiter, seen, 7, 77);
        holder.rollbackSubtransactions(0);
        assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(WriteResult.Done.class);
        waiter.commit(true);

        Transaction third = cluster.begin();
        RowVersion parentLocked = byKey(third, pkey, 2);
        assertThat(third.lockRow(accounts, parentLocked.tid(), RowLockStrength.UPDATE, LockWaitPolicy.SKIP))
                .as("the row lock the parent took before the savepoint is still held")
                .isInstanceOf(WriteResult.Skipped.class);
        third.commit(true);
        holder.commit(true);
    }

    @Test
    void ddlInsideARolledBackSubtransactionIsUndone() {
        Transaction tx = cluster.begin();
        tx.beginSubtransaction();
        tx.createTable("scratch", EngineCluster.accountColumns(), 100);
        tx.dropTable("accounts");
        assertThat(tx.table("accounts")).isEmpty();
        tx.rollbackSubtransactions(0);
        assertThat(tx.table("scratch")).isEmpty();
        assertThat(tx.table("accounts")).isPresent();
        assertThat(balances(tx)).hasSize(10);
        tx.commit(true);
        Transaction other = cluster.begin();
        assertThat(other.table("scratch")).isEmpty();
        assertThat(balances(other)).as("the table file survived the rolled-back DROP").hasSize(10);
        other.commit(true);
    }

    @Test
    void vacuumRemovesTheRowsOfARolledBackSubtransaction() {
        Transaction tx = cluster.begin();
        tx.insert(accounts, new Object[] {60, 1, 0, "kept"});
        tx.beginSubtransaction();
        for (int i = 100; i < 150; i++) {
            tx.insert(accounts, new Object[] {i, 1, 0, "rolled back"});
        }
        tx.rollbackSubtransactions(0);
        tx.commit(true);
        VacuumResult result = cluster.engine.vacuumTable(EngineCluster.POSTGRES, accounts.oid(), BackendProc.INTERNAL,
                VacuumParams.withoutDelay(MaintenanceOrigin.COMMAND));
        assertThat(result.tuplesRemoved()).isEqualTo(50);
        Transaction other = cluster.begin();
        assertThat(balances(other)).hasSize(11).containsKey(60);
        other.commit(true);
    }

    @Test
    void aRolledBackSubtransactionsWritesCountAsAttemptedAndItsRowsAsDead() {
        Transaction tx = cluster.begin();
        tx.insert(accounts, new Object[] {80, 1, 0, "kept"});
        tx.beginSubtransaction();
        tx.insert(accounts, new Object[] {81, 1, 0, "rolled back"});
        tx.insert(accounts, new Object[] {82, 1, 0, "rolled back"});
        setBalance(tx, 1, 10);
        tx.rollbackSubtransactions(0);
        tx.commit(true);
        TableStatistics stats = cluster.engine.tableStatistics(EngineCluster.POSTGRES).stream()
                .filter(t -> t.relid() == accounts.oid()).findFirst().orElseThrow();
        assertThat(stats.nTupIns()).isEqualTo(13);
        assertThat(stats.nTupUpd()).isEqualTo(1);
        assertThat(stats.nLiveTup()).isEqualTo(11);
        assertThat(stats.nDeadTup()).isEqualTo(3);
    }

    @Test
    void crashKeepsTheWorkOfReleasedSubtransactionsAndLosesRolledBackOnes() {
        Transaction tx = cluster.begin();
        tx.insert(accounts, new Object[] {70, 1, 0, "top"});
        long top = tx.xid(); // single-threaded: the savepoints below get top + 1, top + 2 and top + 3
        tx.beginSubtransaction();
        tx.insert(accounts, new Object[] {71, 1, 0, "released"});
        tx.releaseSubtransactions(0);
        tx.beginSubtransaction();
        tx.insert(accounts, new Object[] {72, 1, 0, "rolled back"});
        setBalance(tx, 8, 80);
        tx.rollbackSubtransactions(0);
        tx.beginSubtransaction();
        tx.insert(accounts, new Object[] {73, 1, 0, "open at commit"});
        setBalance(tx, 9, 90);
        tx.commit(true);

        Transaction running = cluster.begin();
        running.beginSubtransaction();
        running.insert(accounts, new Object[] {74, 1, 0, "running at the crash"});
        running.releaseSubtransactions(0);
        long runningTop = running.xid();
        Transaction flusher = cluster.begin();
        flusher.insert(accounts, new Object[] {75, 1, 0, "flushes the WAL"});
        flusher.commit(true);

        cluster.crash();
        cluster = new EngineCluster(dir, false);
        Transaction after = cluster.begin();
        accounts = after.table("accounts").orElseThrow();
        pkey = accounts.indexes().getFirst();
        assertThat(balances(after)).containsKeys(70, 71, 73, 75).doesNotContainKeys(72, 74)
                .containsEntry(8, 0).containsEntry(9, 90);
        assertThat(byKey(after, pkey, 72)).isNull();
        assertThat(byKey(after, pkey, 71)).isNotNull();
        after.commit(true);
        // CLOG as replay rebuilt it: the commit record's subxids, the ROLLBACK TO's abort record, nothing for the
        // transaction running at the crash (which reads as aborted)
        CommitLog clog = ((TransactionManager) cluster.core.transactions()).clog();
        assertThat(new int[] {clog.status(top), clog.status(top + 1), clog.status(top + 2), clog.status(top + 3)})
                .containsExactly(CommitLog.COMMITTED, CommitLog.COMMITTED, CommitLog.ABORTED, CommitLog.COMMITTED);
        assertThat(clog.status(runningTop + 1)).isEqualTo(CommitLog.IN_PROGRESS);
        assertThat(cluster.core.transactions().status(runningTop + 1)).isEqualTo(TransactionCore.Status.ABORTED);
    }
}
