package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.BackendProc;
import osgres.storage.IsolationLevel;
import osgres.storage.OnCommitAction;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

/** Temporary tables in the engine: per-backend visibility, shadowing, ON COMMIT, exit, no WAL, crash leftovers. */
class TemporaryTableTest {
    @TempDir
    Path dir;

    /** A backend with a pid and nothing else. */
    private record Backend(int pid) implements BackendProc {
        @Override
        public boolean interruptPending() {
            return false;
        }

        @Override
        public void checkInterrupts() {
        }

        @Override
        public long interruptDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public long lockTimeoutMillis() {
            return 0;
        }

        @Override
        public long deadlockTimeoutMillis() {
            return 1000;
        }

        @Override
        public boolean logLockWaits() {
            return false;
        }

        @Override
        public String currentQuery() {
            return "";
        }
    }

    private static Transaction begin(EngineCluster c, BackendProc proc) {
        Transaction tx = c.engine.begin(EngineCluster.POSTGRES, IsolationLevel.READ_COMMITTED, false, proc);
        tx.startStatement();
        return tx;
    }

    private static long count(Transaction tx, TableDef t) {
        long n = 0;
        try (RowScan s = tx.scan(t)) {
            while (s.hasNext()) {
                s.next();
                n++;
            }
        }
        return n;
    }

    private static TableDef createTemp(Transaction tx, String name, OnCommitAction onCommit) {
        return tx.createTemporaryTable(name, EngineCluster.accountColumns(), 100, Map.of(), onCommit);
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("base").resolve(Integer.toString(EngineCluster.POSTGRES)))) {
            return files.filter(f -> f.getFileName().toString().startsWith("t")).toList();
        }
    }

    @Test
    void eachBackendSeesOnlyItsOwnTemporaryTableAndItShadowsThePermanentOne() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Backend a = new Backend(101);
            Backend b = new Backend(102);
            Transaction setup = begin(c, a);
            TableDef permanent = setup.createTable("t", EngineCluster.accountColumns(), 100);
            setup.insert(permanent, new Object[] {1, 1, 1, "permanent"});
            setup.commit(true);

            Transaction ta = begin(c, a);
            TableDef tempA = createTemp(ta, "t", OnCommitAction.PRESERVE_ROWS);
            ta.insert(tempA, new Object[] {2, 2, 2, "a"});
            ta.insert(tempA, new Object[] {3, 3, 3, "a"});
            ta.createIndex("t", "t_aid_idx", List.of("aid"), true, false);
            ta.commit(true);
            Transaction tb = begin(c, b);
            TableDef tempB = createTemp(tb, "pg_temp.t", OnCommitAction.PRESERVE_ROWS);
            // the same index name in another backend's pg_temp, and in public, is free
            tb.createIndex("t", "t_aid_idx", List.of("aid"), false, false);
            tb.commit(true);

            Transaction ra = begin(c, a);
            assertThat(ra.table("t").orElseThrow().oid()).isEqualTo(tempA.oid());
            assertThat(ra.isTemporary(ra.table("t").orElseThrow())).isTrue();
            assertThat(ra.table("pg_temp.t").orElseThrow().oid()).isEqualTo(tempA.oid());
            assertThat(ra.table("pg_temp_101.t").orElseThrow().oid()).isEqualTo(tempA.oid());
            assertThatThrownBy(() -> ra.table("pg_temp_102.t")).isInstanceOfSatisfying(PgException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("0A000");
                assertThat(e.getMessage()).isEqualTo("cannot access temporary tables of other sessions");
            });
            assertThat(ra.table("pg_temp_102.nosuch")).isEmpty();
            assertThat(ra.table("public.t").orElseThrow().oid()).isEqualTo(permanent.oid());
            assertThat(count(ra, ra.table("t").orElseThrow())).isEqualTo(2);
            assertThat(count(ra, ra.table("public.t").orElseThrow())).isEqualTo(1);
            assertThat(ra.temporarySchema()).contains("pg_temp_101");
            ra.commit(true);
            Transaction rb = begin(c, b);
            assertThat(rb.table("t").orElseThrow().oid()).isEqualTo(tempB.oid());
            assertThat(count(rb, tempB)).isZero();
            rb.commit(true);
            Transaction other = begin(c, new Backend(103));
            assertThat(other.table("t").orElseThrow().oid()).isEqualTo(permanent.oid());
            assertThat(other.tables()).extracting(TableDef::oid).containsExactly(permanent.oid());
            // a temporary table claims no name in public: a permanent table of that name can still be made
            other.createTable("only_temp_elsewhere", EngineCluster.accountColumns(), 100);
            other.commit(true);
        }
    }

    @Test
    void createAndDropAreTransactionalAndPublicIsNoTemporarySchema() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Backend a = new Backend(201);
            Transaction aborted = begin(c, a);
            createTemp(aborted, "gone", OnCommitAction.PRESERVE_ROWS);
            assertThat(aborted.table("gone")).isPresent();
            aborted.abort();
            Transaction tx = begin(c, a);
            assertThat(tx.table("gone")).isEmpty();
            assertThatThrownBy(() -> createTemp(tx, "public.x", OnCommitAction.PRESERVE_ROWS))
                    .isInstanceOfSatisfying(PgException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("42P16");
                        assertThat(e.getMessage())
                                .isEqualTo("cannot create temporary relation in non-temporary schema");
                    });
            tx.abort();
            Transaction tx2 = begin(c, a);
            assertThatThrownBy(() -> tx2.createTable("pg_temp_999.x", EngineCluster.accountColumns(), 100))
                    .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getMessage())
                            .isEqualTo("cannot create relations in temporary schemas of other sessions"));
            tx2.abort();
            Transaction tx3 = begin(c, a);
            TableDef t = tx3.createTable("pg_temp.kept", EngineCluster.accountColumns(), 100);
            assertThat(tx3.isTemporary(t)).isTrue();
            tx3.commit(true);
            Transaction dropper = begin(c, a);
            dropper.dropTable("kept");
            dropper.abort();
            Transaction check = begin(c, a);
            assertThat(check.table("kept")).isPresent();
            check.dropTable("pg_temp.kept");
            check.commit(true);
            Transaction after = begin(c, a);
            assertThat(after.table("kept")).isEmpty();
            after.commit(true);
        }
    }

    @Test
    void onCommitDeleteRowsEmptiesAndOnCommitDropDrops() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Backend a = new Backend(301);
            Transaction tx = begin(c, a);
            TableDef deleting = createTemp(tx, "d", OnCommitAction.DELETE_ROWS);
            tx.createIndex("d", "d_pkey", List.of("aid"), true, true);
            tx.commit(true);

            Transaction block = begin(c, a);
            block.insert(deleting, new Object[] {1, 1, 1, "x"});
            block.startStatement();
            assertThat(count(block, deleting)).isEqualTo(1);
            block.commit(true);
            Transaction next = begin(c, a);
            assertThat(count(next, next.table("d").orElseThrow())).isZero();
            next.insert(next.table("d").orElseThrow(), new Object[] {1, 1, 1, "again"}); // the old key is gone
            createTemp(next, "dropped", OnCommitAction.DROP);
            assertThat(next.table("dropped")).isPresent();
            next.commit(true);
            Transaction last = begin(c, a);
            assertThat(last.table("dropped")).isEmpty();
            assertThat(count(last, last.table("d").orElseThrow())).isZero();
            last.commit(true);
        }
    }

    @Test
    void temporaryRowsWriteNoWalAndReadOnlyTransactionsMayWriteThem() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Backend a = new Backend(401);
            Transaction tx = begin(c, a);
            TableDef t = createTemp(tx, "t", OnCommitAction.PRESERVE_ROWS);
            tx.commit(true);
            long before = c.core.wal().insertLsn();
            Transaction readOnly = c.engine.begin(EngineCluster.POSTGRES, IsolationLevel.READ_COMMITTED, true, a);
            readOnly.startStatement();
            for (int i = 0; i < 1000; i++) {
                readOnly.insert(t, new Object[] {i, i, i, "row " + i});
            }
            readOnly.commit(true);
            // only the commit record: 1000 rows of ~130 bytes would be far more
            assertThat(c.core.wal().insertLsn() - before).isLessThan(200);
        }
    }

    @Test
    void autovacuumNeverSeesTemporaryTablesButTheirOwnersVacuumDoes() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Backend a = new Backend(451);
            Transaction tx = begin(c, a);
            TableDef permanent = tx.createTable("p", EngineCluster.accountColumns(), 100);
            TableDef t = createTemp(tx, "t", OnCommitAction.PRESERVE_ROWS);
            for (int i = 0; i < 100; i++) {
                tx.insert(t, new Object[] {i, i, i, "row"});
            }
            tx.commit(true);
            Transaction deleter = begin(c, a);
            try (RowScan scan = deleter.scan(t)) {
                while (scan.hasNext()) {
                    deleter.delete(t, scan.next().tid());
                }
            }
            deleter.commit(true);
            assertThat(c.engine.maintenanceCandidates(EngineCluster.POSTGRES))
                    .extracting(osgres.storage.MaintenanceCandidate::relid).containsExactly(permanent.oid());
            c.engine.vacuum(EngineCluster.POSTGRES, "t", a);
            c.engine.vacuum(EngineCluster.POSTGRES, null, a);
            assertThatThrownBy(() -> c.engine.vacuum(EngineCluster.POSTGRES, "t", new Backend(452)))
                    .isInstanceOf(PgException.class).hasMessage("relation \"t\" does not exist");
            Transaction check = begin(c, a);
            assertThat(count(check, t)).isZero();
            check.commit(true);
        }
    }

    @Test
    void backendExitDropsTheTablesAndARestartRemovesLeftoverFiles() throws IOException {
        Backend a = new Backend(501);
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = begin(c, a);
            TableDef t = createTemp(tx, "t", OnCommitAction.PRESERVE_ROWS);
            tx.insert(t, new Object[] {1, 1, 1, "x"});
            tx.createIndex("t", "t_pkey", List.of("aid"), true, true);
            tx.commit(true);
            assertThat(temporaryFiles()).hasSize(2).allMatch(f -> f.getFileName().toString().startsWith("t501_"));
            c.engine.backendExited(a);
            assertThat(temporaryFiles()).isEmpty();
            Transaction again = begin(c, a);
            assertThat(again.table("t")).isEmpty();
            TableDef left = createTemp(again, "left", OnCommitAction.PRESERVE_ROWS);
            again.insert(left, new Object[] {1, 1, 1, "x"});
            again.commit(true);
            c.core.buffers().read(new osgres.storage.internal.core.RelFile(EngineCluster.POSTGRES, left.oid(), 501), 0)
                    .close();
            c.crash();
        }
        assertThat(temporaryFiles()).isNotEmpty();
        try (EngineCluster restarted = new EngineCluster(dir, false)) {
            assertThat(temporaryFiles()).isEmpty();
            Transaction tx = begin(restarted, a);
            assertThat(tx.table("left")).isEmpty();
            tx.commit(true);
        }
    }
}
