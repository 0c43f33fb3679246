package osgres.storage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.heap.HeapPage;

/** TOAST through the engine: rows far over a page stored, read, updated, deleted, vacuumed and recovered. */
class ToastTest {
    private static final List<ColumnDef> DOCS = List.of(new ColumnDef("id", TypeOids.INT4, -1, true, null),
            new ColumnDef("body", TypeOids.TEXT, -1, false, null),
            new ColumnDef("blob", TypeOids.BYTEA, -1, false, null),
            new ColumnDef("amount", TypeOids.NUMERIC, -1, false, null));

    @TempDir
    Path dir;

    private static String text(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append("word").append(random.nextInt(10_000)).append(' ');
        }
        return sb.substring(0, length);
    }

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static TableDef createDocs(EngineCluster c) {
        Transaction tx = c.begin();
        tx.createTable("docs", DOCS, 100);
        tx.createIndex("docs", "docs_pkey", List.of("id"), true, true);
        TableDef t = tx.table("docs").orElseThrow();
        tx.commit(true);
        return t;
    }

    private static Object[] row(Transaction tx, TableDef t, int id) {
        IndexDef pkey = tx.index(t.name() + "_pkey").orElseThrow();
        try (RowScan s = tx.indexScan(pkey, new Object[] {id}, true, new Object[] {id}, true)) {
            return s.hasNext() ? s.next().values() : null;
        }
    }

    private static RelationEntry entry(EngineCluster c, TableDef t) {
        Transaction tx = c.begin();
        RelationEntry e = ((TransactionImpl) tx).catalogEntry(t);
        tx.commit(true);
        return e;
    }

    /** Chunk tuples present in the table's TOAST relation (orphans too, until VACUUM removes them). */
    private static int chunks(EngineCluster c, TableDef t) {
        RelFile toast = entry(c, t).toastFile();
        int count = 0;
        for (int b = 0; b < c.core.buffers().blockCount(toast); b++) {
            count += c.engine.heap().countLive(toast, b);
        }
        return count;
    }

    @Test
    void valuesFarOverAPageRoundTripThroughSequentialAndIndexScans() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            String body = text(3_000_000, 1);
            byte[] blob = bytes(700_000, 2);
            BigDecimal amount = new BigDecimal("1234567890".repeat(300) + ".25");
            Transaction tx = c.begin();
            tx.insert(t, new Object[] {1, body, blob, amount});
            tx.insert(t, new Object[] {2, "small", new byte[] {1, 2, 3}, BigDecimal.ONE});
            tx.insert(t, new Object[] {3, text(5000, 3), null, null});
            tx.commit(true);

            assertThat(entry(c, t).hasToast()).isTrue();
            assertThat(c.core.buffers().blockCount(entry(c, t).file())).as("main tuples stay small").isEqualTo(1);
            Transaction read = c.begin();
            Object[] one = row(read, t, 1);
            assertThat((String) one[1]).isEqualTo(body);
            assertThat((byte[]) one[2]).isEqualTo(blob);
            assertThat(one[3]).isEqualTo(amount);
            assertThat(row(read, t, 2)).containsExactly(2, "small", new byte[] {1, 2, 3}, BigDecimal.ONE);
            assertThat((String) row(read, t, 3)[1]).isEqualTo(text(5000, 3));
            List<Object> ids = new ArrayList<>();
            try (RowScan s = read.scan(t)) {
                while (s.hasNext()) {
                    Object[] v = s.next().values();
                    ids.add(v[0]);
                    if (v[0].equals(1)) {
                        assertThat((String) v[1]).isEqualTo(body);
                        assertThat((byte[]) v[2]).isEqualTo(blob);
                    }
                }
            }
            assertThat(ids).containsExactlyInAnyOrder(1, 2, 3);
            read.commit(true);
        }
    }

    @Test
    void manyMediumValuesGoOutOfLineBiggestFirstAndIndexBuildsDetoastKeys() {
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            columns.add(new ColumnDef("c" + i, TypeOids.BYTEA, -1, false, null));
        }
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            tx.createTable("wide", columns, 100);
            tx.startStatement();
            TableDef t = tx.table("wide").orElseThrow();
            Object[] values = new Object[12];
            for (int i = 0; i < 12; i++) {
                values[i] = bytes(900 + i * 50, 10 + i);
            }
            tx.insert(t, values);
            tx.startStatement();
            tx.createIndex("wide", "wide_c0", List.of("c0"), false, false);
            tx.commit(true);

            Transaction read = c.begin();
            IndexDef ix = read.index("wide_c0").orElseThrow();
            try (RowScan s = read.indexScan(ix, new Object[] {values[0]}, true, new Object[] {values[0]}, true)) {
                Object[] back = s.next().values();
                for (int i = 0; i < 12; i++) {
                    assertThat((byte[]) back[i]).as("column %d", i).isEqualTo((byte[]) values[i]);
                }
            }
            read.commit(true);
        }
    }

    @Test
    void anIndexEntryOverABigValueIs54000AndNotToasted() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            Transaction tx = c.begin();
            tx.createIndex("docs", "docs_body", List.of("body"), false, false);
            tx.commit(true);
            Transaction insert = c.begin();
            PgException e = catchThrowableOfType(PgException.class,
                    () -> insert.insert(t, new Object[] {1, text(100_000, 5), null, null}));
            assertThat(e.sqlState()).isEqualTo("54000");
            assertThat(e.getMessage()).startsWith("index row size ").contains(" exceeds btree version 4 maximum ")
                    .endsWith(" for index \"docs_body\"");
            insert.abort();
        }
    }

    @Test
    void updateAndDeleteLeaveChunksThatVacuumRemovesAndReuses() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            Transaction tx = c.begin();
            for (int id = 1; id <= 4; id++) {
                tx.insert(t, new Object[] {id, null, bytes(100_000, id), null});
            }
            tx.commit(true);
            int perValue = (100_000 + 1990) / 1991;
            assertThat(chunks(c, t)).isEqualTo(4 * perValue);

            Transaction change = c.begin();
            RowVersion first;
            try (RowScan s = change.indexScan(change.index("docs_pkey").orElseThrow(), new Object[] {1}, true,
                    new Object[] {1}, true)) {
                first = s.next();
            }
            change.update(t, first.tid(), new Object[] {1, "now with a body", bytes(100_000, 99), null});
            change.startStatement();
            try (RowScan s = change.indexScan(change.index("docs_pkey").orElseThrow(), new Object[] {2}, true,
                    new Object[] {2}, true)) {
                change.delete(t, s.next().tid());
            }
            change.commit(true);
            assertThat(chunks(c, t)).as("old chunks stay until vacuum").isEqualTo(5 * perValue);
            int toastBlocks = c.core.buffers().blockCount(entry(c, t).toastFile());

            c.engine.vacuum(EngineCluster.POSTGRES, "docs");
            assertThat(chunks(c, t)).isEqualTo(3 * perValue);

            Transaction again = c.begin();
            assertThat((byte[]) row(again, t, 1)[2]).isEqualTo(bytes(100_000, 99));
            assertThat(row(again, t, 2)).isNull();
            assertThat((byte[]) row(again, t, 3)[2]).isEqualTo(bytes(100_000, 3));
            again.insert(t, new Object[] {5, null, bytes(100_000, 5), null});
            again.insert(t, new Object[] {6, null, bytes(100_000, 6), null});
            again.commit(true);
            assertThat(c.core.buffers().blockCount(entry(c, t).toastFile())).as("freed chunk space was reused")
                    .isEqualTo(toastBlocks);
            Transaction check = c.begin();
            assertThat((byte[]) row(check, t, 6)[2]).isEqualTo(bytes(100_000, 6));
            check.commit(true);
        }
    }

    @Test
    void chunksOfAnOldVersionStayWhileASnapshotCanStillSeeIt() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            Transaction tx = c.begin();
            tx.insert(t, new Object[] {1, text(200_000, 1), null, null});
            tx.commit(true);
            Transaction old = c.beginRepeatableRead();
            assertThat(row(old, t, 1)).isNotNull();
            Transaction change = c.begin();
            RowVersion r;
            try (RowScan s = change.scan(t)) {
                r = s.next();
            }
            change.update(t, r.tid(), new Object[] {1, text(200_000, 2), null, null});
            change.commit(true);
            c.engine.vacuum(EngineCluster.POSTGRES, "docs");
            assertThat((String) row(old, t, 1)[1]).isEqualTo(text(200_000, 1));
            old.commit(true);
            c.engine.vacuum(EngineCluster.POSTGRES, "docs");
            Transaction now = c.begin();
            assertThat((String) row(now, t, 1)[1]).isEqualTo(text(200_000, 2));
            now.commit(true);
        }
    }

    @Test
    void abortedAndCrashedInsertsLeaveOnlyRemovableChunksAndCommittedOnesSurviveTheCrash() {
        TableDef t;
        String committed = text(1_000_000, 7);
        byte[] committedBlob = bytes(300_000, 8);
        try (EngineCluster c = new EngineCluster(dir, true)) {
            t = createDocs(c);
            Transaction tx = c.begin();
            tx.insert(t, new Object[] {1, committed, committedBlob, null});
            tx.commit(true);
            Transaction aborted = c.begin();
            aborted.insert(t, new Object[] {2, null, bytes(300_000, 9), null});
            aborted.abort();
            Transaction inFlight = c.begin();
            inFlight.insert(t, new Object[] {3, null, bytes(300_000, 10), null});
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction read = c.begin();
            t = read.table("docs").orElseThrow();
            Object[] one = row(read, t, 1);
            assertThat((String) one[1]).isEqualTo(committed);
            assertThat((byte[]) one[2]).isEqualTo(committedBlob);
            assertThat(row(read, t, 2)).isNull();
            assertThat(row(read, t, 3)).isNull();
            read.commit(true);
            c.engine.vacuum(EngineCluster.POSTGRES, "docs");
            int perBlob = (300_000 + 1990) / 1991;
            assertThat(chunks(c, t)).as("only the committed row's chunks remain")
                    .isLessThanOrEqualTo((1_000_000 + 1990) / 1991 + perBlob).isGreaterThanOrEqualTo(perBlob);
            Transaction again = c.begin();
            assertThat((byte[]) row(again, t, 1)[2]).isEqualTo(committedBlob);
            again.commit(true);
        }
    }

    /**
     * Writers keep replacing toasted values, readers check each row's value against the version its text column
     * names, and VACUUM runs all the while: no reader may ever miss a chunk, whatever the interleaving.
     */
    @Test
    void concurrentUpdatesReadsAndVacuumsNeverLoseAChunk() throws Exception {
        int rows = 8;
        int size = 20_000;
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            Transaction init = c.begin();
            for (int id = 0; id < rows; id++) {
                init.insert(t, new Object[] {id, "0", bytes(size, id * 100_000L), null});
            }
            init.commit(true);
            long deadline = System.nanoTime() + 4_000_000_000L;
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicLong reads = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int version = 1; System.nanoTime() < deadline; version++) {
                            Transaction tx = c.begin();
                            for (int id = writer; id < rows; id += 2) {
                                tx.startStatement();
                                RowVersion r = byId(tx, t, id);
                                tx.update(t, r.tid(), new Object[] {id, Integer.toString(version),
                                    bytes(size, id * 100_000L + version), null});
                            }
                            tx.commit(version % 2 == 0);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (int r = 0; r < 2; r++) {
                boolean repeatable = r == 0;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            Transaction tx = repeatable ? c.beginRepeatableRead() : c.begin();
                            try (RowScan s = tx.scan(t)) {
                                while (s.hasNext()) {
                                    checkVersion(s.next().values(), size);
                                    reads.incrementAndGet();
                                }
                            }
                            for (int id = 0; id < rows; id++) {
                                tx.startStatement();
                                checkVersion(byId(tx, t, id).values(), size);
                            }
                            tx.commit(true);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        c.engine.vacuum(EngineCluster.POSTGRES, "docs");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            for (Thread thread : threads) {
                thread.join(60_000);
                assertThat(thread.isAlive()).as("thread finished").isFalse();
            }
            assertThat(failures).isEmpty();
            assertThat(reads.get()).isPositive();
            c.engine.vacuum(EngineCluster.POSTGRES, "docs");
            assertThat(chunks(c, t)).as("only the live versions' chunks are left")
                    .isEqualTo(rows * ((size + 1990) / 1991));
        }
    }

    private static RowVersion byId(Transaction tx, TableDef t, int id) {
        IndexDef pkey = tx.index("docs_pkey").orElseThrow();
        try (RowScan s = tx.indexScan(pkey, new Object[] {id}, true, new Object[] {id}, true)) {
            return s.next();
        }
    }

    private static void checkVersion(Object[] values, int size) {
        int id = (Integer) values[0];
        long version = Long.parseLong((String) values[1]);
        assertThat((byte[]) values[2]).as("row %d version %d", id, version).isEqualTo(bytes(size,
                id * 100_000L + version));
    }

    @Test
    void truncateAndDropTableReplaceAndRemoveTheToastRelation() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            TableDef t = createDocs(c);
            Transaction tx = c.begin();
            tx.insert(t, new Object[] {1, null, bytes(50_000, 1), null});
            tx.commit(true);
            RelationEntry before = entry(c, t);
            Transaction truncate = c.begin();
            truncate.truncate("docs");
            truncate.commit(true);
            RelationEntry after = entry(c, t);
            assertThat(after.toastRelfilenode()).isNotEqualTo(before.toastRelfilenode());
            assertThat(dir.resolve("base/5/" + before.toastRelfilenode())).doesNotExist();
            assertThat(dir.resolve("base/5/" + before.toastIndexRelfilenode())).doesNotExist();
            Transaction refill = c.begin();
            refill.insert(t, new Object[] {1, null, bytes(50_000, 2), null});
            refill.startStatement();
            assertThat((byte[]) row(refill, t, 1)[2]).isEqualTo(bytes(50_000, 2));
            refill.commit(true);
            Transaction drop = c.begin();
            drop.dropTable("docs");
            drop.commit(true);
            assertThat(dir.resolve("base/5/" + after.toastRelfilenode())).doesNotExist();
            assertThat(dir.resolve("base/5/" + after.toastIndexRelfilenode())).doesNotExist();
        }
    }

    @Test
    void pgbenchLikeTablesGetNoToastRelation() {
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef t = tx.createTable("accounts", EngineCluster.accountColumns(), 100);
            tx.commit(true);
            assertThat(entry(c, t).hasToast()).isFalse();
        }
    }

    @Test
    void aTableOf1600ColumnsWorksAndSurvivesARestartAnd1601Is54011() {
        List<ColumnDef> columns = new ArrayList<>();
        Object[] values = new Object[HeapPage.MAX_COLUMNS];
        for (int i = 0; i < HeapPage.MAX_COLUMNS; i++) {
            columns.add(new ColumnDef("column_number_" + i, TypeOids.INT4, -1, false, null));
            values[i] = i * 7;
        }
        try (EngineCluster c = new EngineCluster(dir, true)) {
            Transaction tx = c.begin();
            TableDef t = tx.createTable("wide", columns, 100);
            tx.startStatement();
            tx.insert(t, values);
            tx.commit(true);
            Transaction tooMany = c.begin();
            PgException e = catchThrowableOfType(PgException.class,
                    () -> tooMany.addColumn("wide", new ColumnDef("one_more", TypeOids.INT4, -1, false, null), null));
            assertThat(e.sqlState()).isEqualTo("54011");
            assertThat(e.getMessage()).isEqualTo("tables can have at most 1600 columns");
            tooMany.abort();
            List<ColumnDef> more = new ArrayList<>(columns);
            more.add(new ColumnDef("one_more", TypeOids.INT4, -1, false, null));
            Transaction create = c.begin();
            e = catchThrowableOfType(PgException.class, () -> create.createTable("wider", more, 100));
            assertThat(e.sqlState()).isEqualTo("54011");
            create.abort();
            c.crash();
        }
        try (EngineCluster c = new EngineCluster(dir, false)) {
            Transaction tx = c.begin();
            TableDef t = tx.table("wide").orElseThrow();
            assertThat(t.columns()).hasSize(1600);
            assertThat(t.columns().get(1599).name()).isEqualTo("column_number_1599");
            try (RowScan s = tx.scan(t)) {
                assertThat(s.next().values()).containsExactly(values);
            }
            tx.commit(true);
        }
    }
}
