package osgres.storage.internal.btree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.PgException;
import osgres.storage.Tid;
import osgres.storage.TypeOids;
import osgres.storage.internal.control.TestCluster;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.TupleCodec;

class BTreeTest {
    private static final RowFormat INT_KEY = RowFormat.of(TypeOids.INT4);
    private static final RowFormat TEXT_INT_KEY = RowFormat.of(TypeOids.TEXT, TypeOids.INT4);

    @TempDir
    Path dir;
    private StorageCore core;

    @BeforeEach
    void start() {
        TestCluster.initDb(dir);
        core = TestCluster.open(dir);
        core.wal().registerRedo(11, new BTreeRecords());
        core.recovery().recover();
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private BTree create(int relfilenode, RowFormat format) {
        RelFile file = new RelFile(5, relfilenode);
        BTree.create(core.buffers(), core.wal(), file, 0);
        return new BTree(core.buffers(), core.wal(), file, format, "t_idx", "aid");
    }

    private static byte[] key(RowFormat f, Object... values) {
        return TupleCodec.encode(f, values);
    }

    private static List<Tid> all(BTree.Cursor c) {
        List<Tid> tids = new ArrayList<>();
        while (c.next()) {
            tids.add(c.tid());
        }
        return tids;
    }

    @Test
    void manyKeysInRandomOrderSplitAndScanInOrder() {
        BTree tree = create(20000, INT_KEY);
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add(i);
        }
        Collections.shuffle(keys, new Random(42));
        for (int k : keys) {
            tree.insert(key(INT_KEY, k), new Tid(k / 100, k % 100 + 1), null);
        }
        assertThat(core.buffers().blockCount(tree.file())).as("splits made more pages").isGreaterThan(30);
        List<Tid> scanned = all(tree.scan(null, 0, true, null, 0, true));
        assertThat(scanned).hasSize(20_000);
        for (int i = 0; i < scanned.size(); i++) {
            assertThat(scanned.get(i)).isEqualTo(new Tid(i / 100, i % 100 + 1));
        }
        assertThat(all(tree.scan(key(INT_KEY, 4990), 1, true, key(INT_KEY, 5010), 1, false)))
                .hasSize(20).first().isEqualTo(new Tid(49, 91));
        assertThat(all(tree.scan(key(INT_KEY, 19_998), 1, false, null, 0, true))).containsExactly(new Tid(199, 100));
    }

    @Test
    void duplicatesAreOrderedByHeapTidAndPrefixBoundsWork() {
        BTree tree = create(20001, TEXT_INT_KEY);
        for (int i = 0; i < 3000; i++) {
            tree.insert(key(TEXT_INT_KEY, "k" + (i % 3), i), new Tid(3000 - i, 1), null);
        }
        List<Tid> k1 = all(tree.scan(key(RowFormat.of(TypeOids.TEXT), "k1"), 1, true,
                key(RowFormat.of(TypeOids.TEXT), "k1"), 1, true));
        assertThat(k1).hasSize(1000);
        assertThat(k1.getFirst()).isEqualTo(new Tid(2999, 1));
    }

    @Test
    void uniqueCheckReportsTheKeyAsPostgresPrintsIt() {
        BTree tree = create(20002, INT_KEY);
        tree.insert(key(INT_KEY, 1), new Tid(0, 1), null);
        BTree.UniqueCheck liveRow = new BTree.UniqueCheck() {
            @Override
            public long check(Tid heapTid) {
                return -1;
            }

            @Override
            public void waitFor(long xid) {
            }
        };
        assertThatThrownBy(() -> tree.insert(key(INT_KEY, 1), new Tid(0, 2), liveRow))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("23505");
                    assertThat(e.getMessage()).isEqualTo("duplicate key value violates unique constraint \"t_idx\"");
                    assertThat(e.detail()).isEqualTo("Key (aid)=(1) already exists.");
                });
    }

    @Test
    void bulkBuildAndVacuumRemoveEntries() {
        RelFile file = new RelFile(5, 20003);
        List<BTree.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            entries.add(new BTree.Entry(key(INT_KEY, i), new Tid(i, 1)));
        }
        BTree.build(core.buffers(), core.wal(), file, entries, 0);
        BTree tree = new BTree(core.buffers(), core.wal(), file, INT_KEY, "t_idx", "aid");
        assertThat(all(tree.scan(key(INT_KEY, 100), 1, true, key(INT_KEY, 100), 1, true)))
                .containsExactly(new Tid(100, 1));
        long removed = tree.bulkDelete(tid -> (tid >>> 16) % 2 == 0);
        assertThat(removed).isEqualTo(2500);
        assertThat(all(tree.scan(null, 0, true, null, 0, true))).hasSize(2500).allMatch(t -> t.block() % 2 == 1);
    }
}
