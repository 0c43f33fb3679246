package osgres.storage.internal.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import osgres.api.PgException;
import osgres.storage.BackendProc;
import osgres.storage.BgWriterStatistics;
import osgres.storage.DatabaseStatistics;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.TableStatistics;
import osgres.storage.WalStatistics;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.IsolationLevel;
import osgres.storage.Storage;
import osgres.storage.Transaction;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.btree.BTreeRecords;
import osgres.storage.internal.catalog.Catalog;
import osgres.storage.internal.catalog.DatabaseCatalog;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.StorageCore;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapRecords;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.lmgr.LockManager;
import osgres.storage.internal.lmgr.LockOwner;
import osgres.storage.internal.lmgr.LockTag;
import osgres.storage.internal.stats.CumulativeStatistics;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.ToastRelations;

/**
 * The upper half of the storage engine of one shared-memory generation: heap, TOAST, B-trees and catalog over a
 * {@link StorageCore}, and the {@link Storage} service the SQL layer uses (PostgreSQL's access/ and
 * commands/dbcommands.c, vacuum.c). Built before anything is published: the constructor registers the heap and
 * B-tree redo functions and the catalog's after-redo hook, so recovery can run as soon as the services appear.
 * Not a DS component itself ({@code StorageComponent} is), so tests can run it over in-memory fakes.
 */
public final class StorageEngine implements Storage {
    private final StorageCore core;
    private final BufferPool buffers;
    private final Wal wal;
    private final TransactionCore transactions;
    private final HeapAccess heap;
    private final Catalog catalog;
    private final ToastRelations toastRelations;
    private final LockManager locks = new LockManager();
    private final long generation;
    private final Map<RelFile, BTree> btrees = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> openTransactions = new ConcurrentHashMap<>();
    private final AtomicLong backendIds = new AtomicLong(1L << 40);
    private volatile boolean closed;

    public StorageEngine(StorageCore core, Path dataDirectory, long generation) {
        this.core = core;
        this.buffers = core.buffers();
        this.wal = core.wal();
        this.transactions = core.transactions();
        this.generation = generation;
        this.heap = new HeapAccess(buffers, wal, transactions);
        this.toastRelations = new ToastRelations(heap, wal, transactions);
        this.catalog = new Catalog(heap, buffers, transactions, toastRelations, dataDirectory);
        wal.registerRedo(ResourceManagers.HEAP, new HeapRecords());
        wal.registerRedo(ResourceManagers.BTREE, new BTreeRecords());
        core.setAfterRedoHook(catalog::startup);
        locks.setDeadlockListener(database -> statistics().deadlock(database));
    }

    CumulativeStatistics statistics() {
        return core.statistics();
    }

    HeapAccess heap() {
        return heap;
    }

    BufferPool buffers() {
        return buffers;
    }

    Wal wal() {
        return wal;
    }

    TransactionCore transactions() {
        return transactions;
    }

    LockManager locks() {
        return locks;
    }

    ToastRelations toastRelations() {
        return toastRelations;
    }

    /** The TOAST relation of a table, or null if it has none. */
    ToastRelation toast(RelationEntry entry) {
        return catalog.toast(entry);
    }

    /** The one B-tree object of an index file (its tree lock must be shared by every user). */
    BTree btree(RelationEntry entry, int index) {
        RelFile file = entry.indexFile(index);
        BTree tree = btrees.get(file);
        if (tree != null) {
            return tree;
        }
        IndexDef def = entry.def().indexes().get(index);
        int[] columns = entry.indexColumns(index);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                names.append(", ");
            }
            names.append(entry.def().columns().get(columns[i]).name());
        }
        return btrees.computeIfAbsent(file, f -> new BTree(buffers, wal, f, entry.format().project(columns),
                def.name(), names.toString()));
    }

    void forgetIndex(RelFile file) {
        btrees.remove(file);
    }

    long nextBackendId() {
        return backendIds.incrementAndGet();
    }

    void transactionEnded(int databaseOid) {
        AtomicInteger n = openTransactions.get(databaseOid);
        if (n != null) {
            n.decrementAndGet();
        }
    }

    void checkOpen() {
        if (closed) {
            throw StorageMessages.engineClosed();
        }
    }

    /** After @Deactivate: every further call fails with IllegalStateException. */
    public void close() {
        closed = true;
        locks.close();
    }

    // ---- Storage ----------------------------------------------------------------------------------------

    @Override
    public OptionalInt databaseOid(String name) {
        checkOpen();
        return catalog.databaseOid(name);
    }

    @Override
    public List<String> databaseNames() {
        checkOpen();
        return catalog.databaseNames();
    }

    @Override
    public java.util.Optional<osgres.storage.Role> role(String name) {
        checkOpen();
        return catalog.roles().role(name);
    }

    @Override
    public void createRole(String name, boolean superuser, boolean canLogin) {
        checkOpen();
        catalog.roles().create(name, superuser, canLogin);
    }

    @Override
    public void dropRole(String name) {
        checkOpen();
        catalog.roles().drop(name);
    }

    @Override
    public void createDatabase(String name) {
        checkOpen();
        catalog.createDatabase(name);
    }

    @Override
    public void dropDatabase(String name) {
        checkOpen();
        catalog.dropDatabase(name, oid -> {
            AtomicInteger n = openTransactions.get(oid);
            return n != null && n.get() > 0;
        });
    }

    @Override
    public Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly, BackendProc proc) {
        checkOpen();
        if (!core.recovered()) {
            throw StorageMessages.startingUp();
        }
        if (!catalog.databaseExists(databaseOid)) {
            throw StorageMessages.databaseMissing(Integer.toString(databaseOid));
        }
        DatabaseCatalog dbCatalog = catalog.database(databaseOid);
        openTransactions.computeIfAbsent(databaseOid, k -> new AtomicInteger()).incrementAndGet();
        return new TransactionImpl(this, dbCatalog, isolation, readOnly, proc);
    }

    @Override
    public Optional<PgException> checkpointerMissing() {
        return core.checkpointerRunning() ? Optional.empty()
                : Optional.of(osgres.storage.internal.control.Messages.noCheckpointer());
    }

    @Override
    public void requestCheckpoint() {
        checkOpen();
        core.requestCheckpointAndWait();
    }

    @Override
    public void backendExited(BackendProc proc) {
        locks.backendExited(proc);
    }

    @Override
    public long catalogVersion() {
        return DatabaseCatalog.version();
    }

    @Override
    public void vacuum(int databaseOid, String table, BackendProc proc, MaintenanceOrigin origin) {
        checkOpen();
        DatabaseCatalog dbCatalog = catalog.database(databaseOid);
        List<RelationEntry> entries;
        if (table == null) {
            entries = dbCatalog.entries();
        } else {
            RelationEntry e = dbCatalog.byName(table);
            if (e == null) {
                throw StorageMessages.relationMissing(table);
            }
            entries = List.of(e);
        }
        for (RelationEntry listed : entries) {
            // one short transaction-less lock per table, as vacuum_rel: waits for DDL, never for DML
            LockOwner owner = locks.newOwner(proc);
            try {
                locks.acquire(owner, LockTag.relation(databaseOid, listed.oid()), LockMode.SHARE_UPDATE_EXCLUSIVE,
                        false);
                RelationEntry e = dbCatalog.byOid(listed.oid());
                if (e != null) {
                    vacuumRelation(dbCatalog, e, origin);
                }
            } finally {
                locks.releaseAll(owner);
            }
        }
    }

    /**
     * Lazy VACUUM of one table (vacuumlazy.c): prune every page, remove the index entries of the dead line
     * pointers, then free those line pointers; records the live row count. Then its TOAST relation, as PostgreSQL
     * vacuums a table's toast table with it: the chunks no tuple left on the table's pages points to go
     * ({@link ToastRelation#vacuum}), judged with the horizon the table was pruned with.
     */
    void vacuumRelation(DatabaseCatalog dbCatalog, RelationEntry e, MaintenanceOrigin origin) {
        long oldestXmin = transactions.oldestXmin();
        RelFile file = e.file();
        ToastRelation toast = toast(e);
        Set<Integer> toastReferences = toast == null ? null : new HashSet<>();
        int blocks = buffers.blockCount(file);
        Map<Integer, int[]> deadByBlock = new HashMap<>();
        Set<Long> dead = new HashSet<>();
        for (int b = 0; b < blocks; b++) {
            int[] offsets = heap.pruneForVacuum(file, b, oldestXmin);
            if (toast != null) {
                toast.collectReferences(file, e.format(), b, toastReferences);
            }
            if (offsets.length > 0) {
                deadByBlock.put(b, offsets);
                for (int o : offsets) {
                    dead.add(((long) b << 16) | o);
                }
            }
        }
        if (!dead.isEmpty()) {
            for (int i = 0; i < e.def().indexes().size(); i++) {
                btree(e, i).bulkDelete(dead::contains);
            }
        }
        long live = 0;
        for (int b = 0; b < blocks; b++) {
            heap.reclaimDead(file, b, deadByBlock.getOrDefault(b, new int[0]));
            live += heap.countLive(file, b);
        }
        dbCatalog.setRowCount(e.oid(), live, blocks);
        // dead tuples a snapshot still sees are not told apart from live ones here: n_dead_tup restarts at 0
        statistics().vacuumed(dbCatalog.databaseOid(), e.oid(), live, 0, origin);
        if (toast != null) {
            toast.vacuum(toastReferences::contains, oldestXmin);
        }
    }

    // ---- cumulative statistics ----------------------------------------------------------------------------

    @Override
    public List<TableStatistics> tableStatistics(int databaseOid) {
        checkOpen();
        if (!core.recovered() || !catalog.databaseExists(databaseOid)) {
            return List.of();
        }
        List<CumulativeStatistics.TableName> names = new ArrayList<>();
        for (RelationEntry e : catalog.database(databaseOid).entries()) {
            names.add(new CumulativeStatistics.TableName(e.oid(), "public", e.name()));
        }
        return statistics().tableStatistics(databaseOid, names);
    }

    @Override
    public List<DatabaseStatistics> databaseStatistics() {
        checkOpen();
        List<DatabaseStatistics> list = new ArrayList<>();
        for (String name : catalog.databaseNames()) {
            OptionalInt oid = catalog.databaseOid(name);
            if (oid.isPresent()) {
                list.add(statistics().databaseStatistics(oid.getAsInt(), name));
            }
        }
        return list;
    }

    @Override
    public BgWriterStatistics bgWriterStatistics() {
        checkOpen();
        return statistics().bgWriterStatistics();
    }

    @Override
    public void resetStatistics(int databaseOid) {
        checkOpen();
        statistics().resetDatabase(databaseOid);
    }

    @Override
    public void resetBgWriterStatistics() {
        checkOpen();
        statistics().resetBgWriter();
    }

    @Override
    public WalStatistics walStatistics() {
        checkOpen();
        return statistics().walStatistics();
    }

    @Override
    public void resetWalStatistics() {
        checkOpen();
        statistics().resetWal();
    }

    @Override
    public long generation() {
        return generation;
    }

    /** For tests and the shell: the open transaction count per database. */
    public List<Integer> databasesInUse() {
        List<Integer> list = new ArrayList<>();
        openTransactions.forEach((db, n) -> {
            if (n.get() > 0) {
                list.add(db);
            }
        });
        return list;
    }
}
