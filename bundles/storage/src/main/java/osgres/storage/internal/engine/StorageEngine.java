package osgres.storage.internal.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.AnalyzeResult;
import osgres.storage.BackendProc;
import osgres.storage.BgWriterStatistics;
import osgres.storage.DatabaseStatistics;
import osgres.storage.IndexDef;
import osgres.storage.IsolationLevel;
import osgres.storage.LockMode;
import osgres.storage.MaintenanceCandidate;
import osgres.storage.MaintenanceOrigin;
import osgres.storage.Storage;
import osgres.storage.TableDef;
import osgres.storage.TableStatistics;
import osgres.storage.Transaction;
import osgres.storage.VacuumParams;
import osgres.storage.VacuumProgress;
import osgres.storage.VacuumResult;
import osgres.storage.WalStatistics;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.btree.BTreeRecords;
import osgres.storage.internal.catalog.Catalog;
import osgres.storage.internal.catalog.DatabaseCatalog;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.catalog.TemporaryNamespace;
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
import osgres.storage.internal.sequence.SequenceRelation;
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
 *
 * <p>Each backend's temporary tables ({@link TemporaryNamespace}, one per backend and database) live in this
 * object only: {@link #backendExited} drops them (RemoveTempRelations at backend exit), a crash reset loses them with
 * the generation, and the files any of that left on disk are removed before the catalog is read
 * ({@link osgres.storage.internal.catalog.Catalog#startup}). Autovacuum never sees them: its candidates are the
 * catalog's tables.
 */
public final class StorageEngine implements Storage {
    private final StorageCore core;
    private final BufferPool buffers;
    private final Wal wal;
    private final TransactionCore transactions;
    private final HeapAccess heap;
    private final Catalog catalog;
    private final ToastRelations toastRelations;
    private final SequenceRelation sequences;
    private final LockManager locks = new LockManager();
    private final long generation;
    private final Map<RelFile, BTree> btrees = new ConcurrentHashMap<>();
    /** The SQL engine's compiler of partial index predicates, and its tests by index (see {@link #inIndex}). */
    private volatile osgres.storage.IndexPredicateCompiler predicateCompiler;
    private final Map<Object, java.util.function.Predicate<Object[]>> predicates = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> openTransactions = new ConcurrentHashMap<>();
    private final AtomicLong backendIds = new AtomicLong(1L << 40);
    private final Set<LazyVacuum> runningVacuums = ConcurrentHashMap.newKeySet();
    private final Map<TemporaryKey, TemporaryNamespace> temporaryNamespaces = new ConcurrentHashMap<>();

    /** A backend (by identity: each session has its own BackendProc) in one database. */
    private record TemporaryKey(BackendProc proc, int databaseOid) {
    }
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
        this.sequences = new SequenceRelation(buffers, wal);
        wal.registerRedo(ResourceManagers.SEQUENCE, sequences);
        core.setAfterRedoHook(catalog::startup);
        core.setReplayObserver(new StorageCore.ReplayObserver() {
            @Override
            public boolean isCatalog(RelFile rel) {
                return Catalog.isCatalog(rel);
            }

            @Override
            public void catalogReplayed(java.util.Set<Integer> databaseOids) {
                catalog.reloadAfterReplay(databaseOids);
            }

            @Override
            public void beginHotStandby() {
                catalog.startupReadOnly();
            }
        });
        locks.setDeadlockListener(database -> statistics().deadlock(database));
    }

    CumulativeStatistics statistics() {
        return core.statistics();
    }

    /** True while this server is a hot standby (read-only sessions during replay). */
    boolean hotStandby() {
        return !core.recovered() && core.hotStandby();
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

    /** SyncRepWaitForLSN for a commit of {@code proc} that ended at {@code lsn}. */
    void waitForSyncStandbys(long lsn, osgres.storage.BackendProc proc) {
        core.waitForSyncStandbys(lsn, proc);
    }

    TransactionCore transactions() {
        return transactions;
    }

    SequenceRelation sequences() {
        return sequences;
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

    /** The temporary namespace of {@code proc} in a database; made when {@code create}, else null if it has none. */
    TemporaryNamespace temporaryNamespace(BackendProc proc, int databaseOid, boolean create) {
        TemporaryKey key = new TemporaryKey(proc, databaseOid);
        return create ? temporaryNamespaces.computeIfAbsent(key, k -> new TemporaryNamespace(databaseOid, proc.pid()))
                : temporaryNamespaces.get(key);
    }

    /** Whether backend {@code pid} has a temporary table {@code relname} in a database (committed). */
    boolean otherBackendHasTemporaryTable(int pid, int databaseOid, String relname) {
        for (Map.Entry<TemporaryKey, TemporaryNamespace> e : temporaryNamespaces.entrySet()) {
            if (e.getKey().databaseOid() == databaseOid && e.getValue().backend() == pid
                    && e.getValue().byName(relname) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * RemoveTempRelations at backend exit: every temporary table left is dropped (no catalog row to delete, no WAL:
     * its buffers are forgotten and its files removed). No other backend could have locked them.
     */
    private void dropTemporaryTables(BackendProc proc) {
        for (TemporaryKey key : List.copyOf(temporaryNamespaces.keySet())) {
            if (key.proc() != proc) {
                continue;
            }
            TemporaryNamespace ns = temporaryNamespaces.remove(key);
            if (ns == null) {
                continue;
            }
            DatabaseCatalog dbCatalog = catalog.databaseExists(ns.databaseOid()) ? catalog.database(ns.databaseOid())
                    : null;
            for (RelationEntry e : ns.removeAll()) {
                if (e.def().isView()) {
                    continue; // no files, no statistics
                }
                buffers.dropRelation(e.file());
                heap.forget(e.file());
                for (int i = 0; i < e.indexRelfilenodes().length; i++) {
                    buffers.dropRelation(e.indexFile(i));
                    forgetIndex(e.indexFile(i));
                }
                if (e.hasToast()) {
                    toastRelations.drop(e.toastFile(), e.toastIndexFile());
                }
                if (dbCatalog != null) {
                    dbCatalog.forgetRowCount(e.oid());
                }
                statistics().tableDropped(ns.databaseOid(), e.oid());
            }
        }
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
    public List<osgres.storage.Role> roles() {
        checkOpen();
        return catalog.roles().all();
    }

    @Override
    public osgres.storage.Role createRole(osgres.storage.Role role) {
        checkOpen();
        return catalog.roles().create(role);
    }

    @Override
    public void alterRole(String name, osgres.storage.Role changed) {
        checkOpen();
        catalog.roles().alter(name, changed);
    }

    @Override
    public byte[] mockAuthenticationNonce() {
        checkOpen();
        return catalog.roles().mockAuthenticationNonce();
    }

    @Override
    public java.util.List<osgres.storage.RoleSetting> roleSettings() {
        checkOpen();
        return catalog.roles().settings();
    }

    @Override
    public void putRoleSetting(int databaseOid, int roleOid, java.util.List<String> config) {
        checkOpen();
        catalog.roles().putSetting(databaseOid, roleOid, config);
    }

    @Override
    public void dropRole(String name) {
        checkOpen();
        catalog.roles().drop(name);
    }

    @Override
    public List<osgres.storage.RoleMembership> roleMemberships() {
        checkOpen();
        return catalog.roles().memberships();
    }

    @Override
    public void grantRoleMembership(osgres.storage.RoleMembership membership) {
        checkOpen();
        catalog.roles().grant(membership);
    }

    @Override
    public boolean revokeRoleMembership(int roleId, int member, boolean adminOptionOnly) {
        checkOpen();
        return catalog.roles().revoke(roleId, member, adminOptionOnly);
    }

    @Override
    public void createDatabase(String name, int owner) {
        checkOpen();
        catalog.createDatabase(name, owner);
    }

    @Override
    public java.util.Optional<osgres.storage.DatabaseDef> databaseDef(int oid) {
        checkOpen();
        return java.util.Optional.ofNullable(catalog.definition(oid));
    }

    @Override
    public void changeDatabase(int oid, java.util.function.UnaryOperator<osgres.storage.DatabaseDef> change) {
        checkOpen();
        catalog.changeDatabase(oid, change);
    }

    @Override
    public void dropDatabase(String name) {
        checkOpen();
        catalog.dropDatabase(name, oid -> {
            AtomicInteger n = openTransactions.get(oid);
            // a VACUUM (an autovacuum worker's too) works on the database's files without a transaction
            return n != null && n.get() > 0 || runningVacuums.stream().anyMatch(v -> v.databaseOid() == oid);
        });
    }

    @Override
    public Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly, BackendProc proc) {
        checkOpen();
        boolean hotStandby = !core.recovered() && core.hotStandby();
        if (!core.recovered() && !hotStandby) {
            throw StorageMessages.startingUp();
        }
        if (!catalog.databaseExists(databaseOid)) {
            throw StorageMessages.databaseMissing(Integer.toString(databaseOid));
        }
        DatabaseCatalog dbCatalog = catalog.database(databaseOid);
        openTransactions.computeIfAbsent(databaseOid, k -> new AtomicInteger()).incrementAndGet();
        // a hot standby's transactions are read-only whatever they asked for (XactReadOnly during recovery)
        return new TransactionImpl(this, dbCatalog, isolation, readOnly || hotStandby, proc);
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
        try {
            if (!closed) {
                dropTemporaryTables(proc);
            }
        } finally {
            locks.backendExited(proc);
        }
    }

    @Override
    public long catalogVersion() {
        return DatabaseCatalog.version();
    }

    @Override
    public long statisticsVersion() {
        return DatabaseCatalog.statisticsVersion();
    }

    @Override
    public void vacuum(int databaseOid, String table, BackendProc proc, MaintenanceOrigin origin) {
        checkOpen();
        DatabaseCatalog dbCatalog = catalog.database(databaseOid);
        TemporaryNamespace temp = temporaryNamespace(proc, databaseOid, false);
        List<RelationEntry> entries;
        if (table == null) {
            entries = new ArrayList<>(dbCatalog.entries().stream().filter(e -> !e.def().isSequence() && !e.def().isView()).toList());
            if (temp != null) {
                entries.addAll(temp.entries()); // a backend's VACUUM covers its own temporary tables too
            }
        } else {
            RelationName name = RelationName.parse(table, proc.pid());
            RelationEntry e = switch (name.schema()) {
                case SEARCH_PATH -> temp != null && temp.byName(name.relname()) != null ? temp.byName(name.relname())
                        : dbCatalog.byName(name.relname());
                case PERMANENT -> dbCatalog.byName(name.relname());
                case TEMPORARY -> temp == null ? null : temp.byName(name.relname());
                case OTHER_SESSION -> null;
            };
            if (e == null) {
                throw StorageMessages.relationMissing(table);
            }
            entries = List.of(e);
        }
        VacuumParams params = VacuumParams.withoutDelay(origin);
        for (RelationEntry listed : entries) {
            if (listed.isTemporary()) {
                vacuumTemporary(dbCatalog, temp, listed.oid(), proc, params);
            } else {
                vacuumOne(dbCatalog, listed.oid(), proc, params);
            }
        }
    }

    /** VACUUM of one of the calling backend's own temporary tables (by the backend itself, so no lock can wait). */
    private void vacuumTemporary(DatabaseCatalog dbCatalog, TemporaryNamespace temp, int relid, BackendProc proc,
                                 VacuumParams params) {
        LockOwner owner = locks.newOwner(proc);
        try {
            locks.acquire(owner, LockTag.relation(dbCatalog.databaseOid(), relid), LockMode.SHARE_UPDATE_EXCLUSIVE,
                    false);
            RelationEntry e = temp.byOid(relid);
            if (e != null) {
                new LazyVacuum(this, dbCatalog.databaseOid(), proc, params).run(dbCatalog, e);
            }
        } finally {
            locks.releaseAll(owner);
        }
    }

    @Override
    public VacuumResult vacuumTable(int databaseOid, int relid, BackendProc proc, VacuumParams params) {
        checkOpen();
        if (!catalog.databaseExists(databaseOid)) {
            return null;
        }
        return vacuumOne(catalog.database(databaseOid), relid, proc, params);
    }

    /**
     * vacuum_rel: one short transaction-less ShareUpdateExclusive lock on the table (waits for DDL, never for DML;
     * with skipLocked not at all), then {@link LazyVacuum}. Null when the table has gone meanwhile.
     */
    private VacuumResult vacuumOne(DatabaseCatalog dbCatalog, int relid, BackendProc proc, VacuumParams params) {
        LockOwner owner = locks.newOwner(proc);
        try {
            boolean locked = locks.acquire(owner, LockTag.relation(dbCatalog.databaseOid(), relid),
                    LockMode.SHARE_UPDATE_EXCLUSIVE, params.skipLocked());
            RelationEntry e = dbCatalog.byOid(relid);
            if (e == null) {
                return null;
            }
            if (!locked) {
                return VacuumResult.skipped(relid, "public", e.name());
            }
            return new LazyVacuum(this, dbCatalog.databaseOid(), proc, params).run(dbCatalog, e);
        } finally {
            locks.releaseAll(owner);
        }
    }

    @Override
    public AnalyzeResult analyzeTable(int databaseOid, int relid, BackendProc proc, MaintenanceOrigin origin,
                                      boolean skipLocked) {
        checkOpen();
        if (!core.recovered() || !catalog.databaseExists(databaseOid)) {
            return null;
        }
        Transaction tx = begin(databaseOid, IsolationLevel.READ_COMMITTED, false, proc);
        boolean committed = false;
        try {
            tx.startStatement();
            TableDef table = tx.tables().stream().filter(t -> t.oid() == relid).findFirst().orElse(null);
            if (table == null) {
                return null;
            }
            try {
                tx.lockTable(table, LockMode.SHARE_UPDATE_EXCLUSIVE, skipLocked);
            } catch (PgException e) {
                if (skipLocked && SqlState.LOCK_NOT_AVAILABLE.equals(e.sqlState())) {
                    return new AnalyzeResult(relid, "public", table.name(), true, 0, 0, 0);
                }
                throw e;
            }
            RelationEntry e = catalog.database(databaseOid).byOid(relid);
            if (e == null) {
                return null;
            }
            int blocks = buffers.blockCount(e.file());
            long hits = 0;
            for (int b = 0; b < blocks; b++) {
                if (buffers.isResident(e.file(), b)) {
                    hits++;
                }
            }
            tx.analyze(table, origin);
            long rows = catalog.database(databaseOid).rowCount(e) instanceof long[] counted ? counted[0] : 0;
            tx.commit(true);
            committed = true;
            return new AnalyzeResult(relid, "public", table.name(), false, rows, hits, blocks - hits);
        } finally {
            if (!committed) {
                tx.abort();
            }
        }
    }

    @Override
    public List<MaintenanceCandidate> maintenanceCandidates(int databaseOid) {
        checkOpen();
        if (!core.recovered() || !catalog.databaseExists(databaseOid)) {
            return List.of();
        }
        DatabaseCatalog dbCatalog = catalog.database(databaseOid);
        List<MaintenanceCandidate> list = new ArrayList<>();
        for (TableStatistics t : tableStatistics(databaseOid)) {
            RelationEntry e = dbCatalog.byOid(t.relid());
            if (e != null) {
                long[] counted = dbCatalog.rowCount(e);
                list.add(new MaintenanceCandidate(t.relid(), t.schemaname(), t.relname(),
                        counted == null ? -1 : counted[0], t, e.def().options()));
            }
        }
        return list;
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
            if (e.def().isSequence() || e.def().isView()) {
                continue; // pg_stat_all_tables shows tables, not sequences or views
            }
            names.add(new CumulativeStatistics.TableName(e.oid(), "public", e.name()));
        }
        return statistics().tableStatistics(databaseOid, names);
    }

    @Override
    public List<VacuumProgress> vacuumProgress() {
        return runningVacuums.stream().map(LazyVacuum::progress).sorted(Comparator.comparingInt(VacuumProgress::pid))
                .toList();
    }

    /** LazyVacuum registers itself while it runs, for pg_stat_progress_vacuum. */
    Set<LazyVacuum> runningVacuums() {
        return runningVacuums;
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

    @Override
    public void setIndexPredicateCompiler(osgres.storage.IndexPredicateCompiler compiler) {
        predicateCompiler = compiler;
        predicates.clear();
    }

    /**
     * Does the row belong in the partial index {@code index} of {@code table}? The compiled test is kept per index
     * oid and predicate text (a DROP COLUMN that shifts positions makes a new definition, compiled again).
     */
    boolean inIndex(osgres.storage.TableDef table, IndexDef index, Object[] values) {
        if (!index.partial()) {
            return true;
        }
        record Key(int oid, String predicate, java.util.List<Integer> columns) {
        }
        java.util.function.Predicate<Object[]> test = predicates.computeIfAbsent(
                new Key(index.oid(), index.predicate(), table.columns().stream().map(c -> c.typeOid()).toList()),
                k -> {
                    osgres.storage.IndexPredicateCompiler compiler = predicateCompiler;
                    if (compiler == null) {
                        throw new IllegalStateException("no SQL engine to evaluate the predicate of index \""
                                + index.name() + "\"");
                    }
                    return compiler.compile(table, index);
                });
        return test.test(values);
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
