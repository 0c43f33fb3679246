package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.WriteResult;

class MvccTest {
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
        cluster.close();
    }

    private static RowVersion byKey(Transaction tx, IndexDef index, int aid) {
        try (RowScan s = tx.indexScan(index, new Object[] {aid}, true, new Object[] {aid}, true)) {
            return s.hasNext() ? s.next() : null;
        }
    }

    private static List<Object[]> rows(Transaction tx, TableDef t) {
        List<Object[]> rows = new ArrayList<>();
        try (RowScan s = tx.scan(t)) {
            s.forEachRemaining(r -> rows.add(r.values()));
        }
        return rows;
    }

    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("writer should be waiting for the row lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void uncommittedInsertIsInvisibleToOthersAndVisibleToItsOwnNextStatement() {
        Transaction writer = cluster.begin();
        writer.insert(accounts, new Object[] {11, 1, 0, "new"});
        assertThat(rows(writer, accounts)).as("same statement does not see its insert").hasSize(10);
        writer.startStatement();
        assertThat(rows(writer, accounts)).hasSize(11);
        Transaction reader = cluster.begin();
        Transaction repeatable = cluster.beginRepeatableRead();
        assertThat(rows(reader, accounts)).hasSize(10);
        writer.commit(true);
        reader.startStatement();
        assertThat(rows(reader, accounts)).as("READ COMMITTED sees the commit at its next statement").hasSize(11);
        repeatable.startStatement();
        assertThat(rows(repeatable, accounts)).as("REPEATABLE READ keeps its snapshot").hasSize(10);
        assertThat(byKey(repeatable, pkey, 11)).isNull();
        assertThat(byKey(reader, pkey, 11).values()[3]).isEqualTo("new");
        reader.commit(true);
        repeatable.commit(true);
    }

    @Test
    void abortedInsertNeverBecomesVisible() {
        Transaction writer = cluster.begin();
        writer.insert(accounts, new Object[] {11, 1, 0, "new"});
        writer.abort();
        Transaction reader = cluster.begin();
        assertThat(rows(reader, accounts)).hasSize(10);
        assertThat(byKey(reader, pkey, 11)).isNull();
        reader.insert(accounts, new Object[] {11, 1, 0, "again"});
        reader.commit(true);
    }

    @Test
    void concurrentUpdateWaitsThenFollowsTheChainInReadCommitted() throws Exception {
        Transaction first = cluster.begin();
        RowVersion row = byKey(first, pkey, 3);
        assertThat(first.update(accounts, row.tid(), new Object[] {3, 1, 100, "filler"}))
                .isInstanceOf(WriteResult.Done.class);
        Transaction second = cluster.begin();
        RowVersion seen = byKey(second, pkey, 3);
        assertThat(seen.values()[2]).isEqualTo(0);
        CompletableFuture<WriteResult> blocked = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                blocked.complete(second.update(accounts, seen.tid(), new Object[] {3, 1, 5, "filler"}));
            } catch (Throwable e) {
                blocked.completeExceptionally(e);
            }
        });
        awaitBlocked(t);
        assertThat(blocked).isNotDone();
        first.commit(true);
        WriteResult result = blocked.get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOfSatisfying(WriteResult.Moved.class,
                m -> assertThat(m.latest().values()[2]).isEqualTo(100));
        WriteResult.Moved moved = (WriteResult.Moved) result;
        assertThat(second.update(accounts, moved.latest().tid(), new Object[] {3, 1, 105, "filler"}))
                .isInstanceOf(WriteResult.Done.class);
        second.commit(true);
        Transaction check = cluster.begin();
        assertThat(byKey(check, pkey, 3).values()[2]).isEqualTo(105);
        assertThat(rows(check, accounts)).hasSize(10);
        check.commit(true);
    }

    @Test
    void concurrentDeleteMakesTheRowGone() throws Exception {
        Transaction first = cluster.begin();
        RowVersion row = byKey(first, pkey, 4);
        Transaction second = cluster.begin();
        RowVersion seen = byKey(second, pkey, 4);
        first.delete(accounts, row.tid());
        first.commit(true);
        assertThat(second.update(accounts, seen.tid(), new Object[] {4, 1, 1, "x"}))
                .isInstanceOf(WriteResult.Gone.class);
        second.commit(true);
    }

    @Test
    void repeatableReadFailsWith40001OnConcurrentUpdateAndDelete() {
        Transaction repeatable = cluster.beginRepeatableRead();
        RowVersion five = byKey(repeatable, pkey, 5);
        RowVersion six = byKey(repeatable, pkey, 6);
        Transaction other = cluster.begin();
        other.update(accounts, byKey(other, pkey, 5).tid(), new Object[] {5, 1, 9, "x"});
        other.delete(accounts, byKey(other, pkey, 6).tid());
        other.commit(true);
        repeatable.startStatement();
        assertThatThrownBy(() -> repeatable.update(accounts, five.tid(), new Object[] {5, 1, 1, "x"}))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("40001");
                    assertThat(e.getMessage()).isEqualTo("could not serialize access due to concurrent update");
                });
        assertThatThrownBy(() -> repeatable.delete(accounts, six.tid()))
                .hasMessage("could not serialize access due to concurrent delete");
        repeatable.abort();
    }

    @Test
    void uniqueViolationAgainstCommittedAndWaitingForInProgressInserter() throws Exception {
        Transaction tx = cluster.begin();
        assertThatThrownBy(() -> tx.insert(accounts, new Object[] {1, 1, 0, "dup"}))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.getMessage())
                            .isEqualTo("duplicate key value violates unique constraint \"accounts_pkey\"");
                    assertThat(e.detail()).isEqualTo("Key (aid)=(1) already exists.");
                });
        tx.abort();

        Transaction inserter = cluster.begin();
        inserter.insert(accounts, new Object[] {50, 1, 0, "first"});
        Transaction rival = cluster.begin();
        CompletableFuture<Tid> blocked = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                blocked.complete(rival.insert(accounts, new Object[] {50, 1, 0, "second"}));
            } catch (Throwable e) {
                blocked.completeExceptionally(e);
            }
        });
        awaitBlocked(t);
        inserter.abort();
        assertThat(blocked.get(10, TimeUnit.SECONDS)).as("the first inserter aborted: no conflict").isNotNull();
        rival.commit(true);

        Transaction onConflict = cluster.begin();
        assertThat(onConflict.insertIfNoConflict(accounts, new Object[] {50, 1, 0, "third"})).isEmpty();
        onConflict.startStatement();
        assertThat(byKey(onConflict, pkey, 50).values()[3]).isEqualTo("second");
        onConflict.commit(true);
    }

    @Test
    void hotUpdatesKeepIndexLookupsCorrectAcrossManyVersions() {
        for (int round = 0; round < 500; round++) {
            Transaction tx = cluster.begin();
            RowVersion r = byKey(tx, pkey, 7);
            assertThat(r.values()[2]).isEqualTo(round);
            assertThat(tx.update(accounts, r.tid(), new Object[] {7, 1, round + 1, "filler"}))
                    .isInstanceOf(WriteResult.Done.class);
            tx.commit(round % 2 == 0);
        }
        Transaction check = cluster.begin();
        assertThat(byKey(check, pkey, 7).values()[2]).isEqualTo(500);
        assertThat(rows(check, accounts)).hasSize(10);
        try (RowScan s = check.indexScan(pkey, null, true, null, true)) {
            List<Object> keys = new ArrayList<>();
            s.forEachRemaining(v -> keys.add(v.values()[0]));
            assertThat(keys).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
        assertThat(cluster.core.buffers().blockCount(((TransactionImpl) check).entryFile(accounts)))
                .as("pruning reclaimed the dead versions on the page").isLessThanOrEqualTo(2);
        check.commit(true);
    }
}
