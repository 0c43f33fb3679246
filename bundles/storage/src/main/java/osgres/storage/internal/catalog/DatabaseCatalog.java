package osgres.storage.internal.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import osgres.storage.ColumnStatistics;
import osgres.storage.Tid;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.Toaster;

/**
 * The catalog of one database: its pg_class heap ({@code base/<db>/1259}, the durable truth, WAL-logged and
 * MVCC-versioned like any table) and an in-memory cache of the committed rows that lookups read (relcache).
 *
 * <p>DDL is transactional: a transaction changes catalog rows under its own xid and keeps the new entries in its
 * own overlay, so it sees its DDL at once; {@link #publish} puts them in the shared cache right after its commit,
 * and an abort just drops the overlay (the catalog rows die with the aborted xid). As with PostgreSQL's catalog
 * snapshots, other transactions see committed DDL at their next lookup whatever their isolation level. One DDL
 * transaction at a time per relation and per new name (the lock manager's locks on the pg_class row and on the
 * name, taken after the relation's own lock); {@link #publish} is serialized, since DDL on different relations
 * commits concurrently.
 */
public final class DatabaseCatalog {
    private final int databaseOid;
    private final RelFile file;
    private final ToastRelation toast;
    private final Map<Integer, long[]> rowCounts = new ConcurrentHashMap<>();
    /** pg_statistic: each analysed table's column statistics, kept on disk in {@link StatisticFile}. */
    private final Map<Integer, StatisticFile.TableEntry> columnStatistics = new ConcurrentHashMap<>();
    private java.nio.file.Path statisticFile;
    private static final AtomicLong VERSION = new AtomicLong();
    /** Bumped by every ANALYZE result stored (Storage.statisticsVersion). */
    private static final AtomicLong STATISTICS_VERSION = new AtomicLong();
    private volatile State state;

    private record State(Map<String, RelationEntry> byName, Map<Integer, RelationEntry> byOid,
                         Map<String, Integer> indexOwners) {
    }

    private DatabaseCatalog(int databaseOid, Map<Integer, RelationEntry> entries, ToastRelation toast) {
        this.databaseOid = databaseOid;
        this.toast = toast;
        this.file = new RelFile(databaseOid, CatalogRows.PG_CLASS_RELFILENODE);
        this.state = build(entries);
    }

    /**
     * Reads every committed, undeleted pg_class row of the database; long rows are detoasted from {@code toast}
     * (pg_class's TOAST relation) once the page they are on is unlocked.
     */
    public static DatabaseCatalog load(int databaseOid, HeapAccess heap, ToastRelation toast) {
        RelFile file = new RelFile(databaseOid, CatalogRows.PG_CLASS_RELFILENODE);
        Map<Integer, RelationEntry> entries = new HashMap<>();
        int blocks = heap.buffers().blockCount(file);
        for (int b = 0; b < blocks; b++) {
            List<Tid> tids = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            heap.scanPage(file, b, null, 0, (block, offset, page, tuple) -> {
                if (heap.visibility().committedLive(page, tuple)) {
                    tids.add(new Tid(block, offset));
                    rows.add(TupleCodec.decode(page, HeapPage.data(tuple), HeapPage.natts(page, tuple),
                            CatalogRows.CLASS_FORMAT));
                }
            });
            for (int i = 0; i < rows.size(); i++) {
                RelationEntry e = CatalogRows.decodeClassRow(databaseOid, Toaster.detoast(rows.get(i), toast),
                        tids.get(i));
                entries.put(e.oid(), e);
            }
        }
        return new DatabaseCatalog(databaseOid, entries, toast);
    }

    private static State build(Map<Integer, RelationEntry> entries) {
        Map<String, RelationEntry> byName = new HashMap<>();
        Map<String, Integer> indexOwners = new HashMap<>();
        for (RelationEntry e : entries.values()) {
            byName.put(e.name(), e);
            e.def().indexes().forEach(ix -> indexOwners.put(ix.name(), e.oid()));
        }
        return new State(Map.copyOf(byName), Map.copyOf(entries), Map.copyOf(indexOwners));
    }

    public int databaseOid() {
        return databaseOid;
    }

    /** The pg_class heap. */
    public RelFile file() {
        return file;
    }

    /** pg_class's TOAST relation, where long catalog rows go. */
    public ToastRelation toast() {
        return toast;
    }

    public RelationEntry byName(String name) {
        return state.byName().get(name);
    }

    public RelationEntry byOid(int oid) {
        return state.byOid().get(oid);
    }

    /** The oid of the table owning index {@code name}, or null. */
    public Integer indexOwner(String name) {
        return state.indexOwners().get(name);
    }

    public List<RelationEntry> entries() {
        List<RelationEntry> list = new ArrayList<>(state.byOid().values());
        list.sort(Comparator.comparingInt(RelationEntry::oid));
        return list;
    }

    /**
     * Makes a committed transaction's catalog changes visible: {@code overlay} maps table oid to its new entry, or
     * to null for a dropped table. Called before the committing transaction releases its locks.
     */
    public synchronized void publish(Map<Integer, RelationEntry> overlay) {
        Map<Integer, RelationEntry> entries = new HashMap<>(state.byOid());
        for (Map.Entry<Integer, RelationEntry> change : overlay.entrySet()) {
            RelationEntry before = entries.get(change.getKey());
            if (change.getValue() == null) {
                entries.remove(change.getKey());
                rowCounts.remove(change.getKey());
                columnStatistics.remove(change.getKey());
            } else {
                if (before != null && !before.def().columns().equals(change.getValue().def().columns())) {
                    // ALTER TABLE changed the columns: their statistics no longer describe them
                    columnStatistics.remove(change.getKey());
                }
                entries.put(change.getKey(), change.getValue());
            }
        }
        state = build(entries);
        VERSION.incrementAndGet();
    }

    /**
     * A hot standby replayed a commit that changed this database's pg_class: the cache is read again from the heap
     * (the primary's publish, for sessions of the standby).
     */
    public synchronized void reload(HeapAccess heap) {
        state = build(new HashMap<>(load(databaseOid, heap, toast).state.byOid()));
        VERSION.incrementAndGet();
    }

    /** Bumped by every publish of any database (Storage.catalogVersion). */
    public static long version() {
        return VERSION.get();
    }

    public static long statisticsVersion() {
        return STATISTICS_VERSION.get();
    }

    /**
     * reltuples and relpages as VACUUM / ANALYZE last counted them (in memory; the catalog row keeps the DDL-time
     * count), or null if never counted since startup.
     */
    public long[] rowCount(RelationEntry e) {
        long[] counted = rowCounts.get(e.oid());
        if (counted != null) {
            return counted;
        }
        return e.reltuples() >= 0 ? new long[] {e.reltuples(), -1} : null;
    }

    /** A temporary table is gone: its counts go with it (a permanent one's go in {@link #publish}). */
    public void forgetRowCount(int tableOid) {
        rowCounts.remove(tableOid);
        columnStatistics.remove(tableOid);
    }

    /**
     * Reads the statistics the database's file kept ({@code file} null: none, as in tests without a data
     * directory), keeping those of tables that still exist with the same column types.
     */
    public synchronized void restoreColumnStatistics(java.nio.file.Path file) {
        statisticFile = file;
        for (Map.Entry<Integer, StatisticFile.TableEntry> e : StatisticFile.read(file).entrySet()) {
            RelationEntry table = state.byOid().get(e.getKey());
            if (table != null && columnTypes(table).equals(e.getValue().columnTypes())) {
                columnStatistics.put(e.getKey(), e.getValue());
                rowCounts.putIfAbsent(e.getKey(), new long[] {e.getValue().rows(), e.getValue().pages()});
            }
        }
    }

    private static List<Integer> columnTypes(RelationEntry table) {
        List<Integer> types = new ArrayList<>();
        for (osgres.storage.ColumnDef c : table.def().columns()) {
            types.add(c.typeOid());
        }
        return types;
    }

    /** The column statistics of the table's last ANALYZE, or an empty list. */
    public List<ColumnStatistics> columnStatistics(int tableOid) {
        StatisticFile.TableEntry e = columnStatistics.get(tableOid);
        RelationEntry table = state.byOid().get(tableOid);
        if (e == null || table == null || !columnTypes(table).equals(e.columnTypes())) {
            return List.of();
        }
        return e.columns();
    }

    /** ANALYZE's result for a table: kept, and the database's statistics file rewritten. */
    public synchronized void setColumnStatistics(RelationEntry table, List<ColumnStatistics> statistics, long rows,
                                                 long pages) {
        columnStatistics.put(table.oid(), new StatisticFile.TableEntry(columnTypes(table), List.copyOf(statistics),
                rows, pages));
        STATISTICS_VERSION.incrementAndGet();
        if (!table.isTemporary()) {
            Map<Integer, StatisticFile.TableEntry> durable = new HashMap<>();
            columnStatistics.forEach((oid, entry) -> {
                RelationEntry t = state.byOid().get(oid);
                if (t != null && !t.isTemporary()) {
                    durable.put(oid, entry);
                }
            });
            StatisticFile.write(statisticFile, durable);
        }
    }

    public void setRowCount(int tableOid, long rows, long pages) {
        rowCounts.put(tableOid, new long[] {rows, pages});
    }
}
