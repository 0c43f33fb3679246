package osgres.storage.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.DatabaseDef;
import osgres.storage.Role;
import osgres.storage.Tid;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapOutcome;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.TupleLocks;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.smgr.RelationFiles;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.ToastRelations;

/**
 * The cluster-wide catalog (dbcommands.c and the bootstrap part of initdb): pg_database in {@code global/1262} (each
 * database's name, owner, ACL and its schemas' owners and ACLs, {@link DatabaseDef}) and one {@link DatabaseCatalog}
 * per database, loaded on first use. A brand-new cluster gets {@code template1} (oid 1),
 * {@code template0} (4) and {@code postgres} (5), each with an empty pg_class and its TOAST relation, in the
 * after-redo hook (which also gives pg_class a TOAST relation in databases made before there was one).
 * CREATE / DROP DATABASE are not transactional (as in PostgreSQL): each runs in a transaction of its own that
 * commits synchronously before returning. CREATE DATABASE does not copy template1's tables. pg_authid is
 * {@link RoleCatalog}'s. The after-redo hook also removes every temporary table file left by the last server
 * lifetime (a crash, an immediate shutdown): temporary tables have no catalog rows, so nothing else would.
 */
public final class Catalog {
    public static final RelFile PG_DATABASE = new RelFile(0, CatalogRows.PG_DATABASE_RELFILENODE);
    private static final Map<String, Integer> BOOTSTRAP = bootstrapDatabases();

    private final HeapAccess heap;
    private final BufferPool buffers;
    private final TransactionCore transactions;
    private final Path dataDirectory;
    private final Map<Integer, DatabaseCatalog> catalogs = new ConcurrentHashMap<>();
    private final Object databaseLock = new Object();
    private volatile Map<String, Integer> databases = Map.of();
    /** Each database's owner and ACLs, as its pg_database row has them. */
    private volatile Map<Integer, DatabaseDef> definitions = Map.of();
    private final Map<Integer, Tid> databaseRows = new ConcurrentHashMap<>();
    private final ToastRelations toastRelations;
    private final RoleCatalog roles;

    public Catalog(HeapAccess heap, BufferPool buffers, TransactionCore transactions, ToastRelations toastRelations,
                   Path dataDirectory) {
        this.heap = heap;
        this.toastRelations = toastRelations;
        this.buffers = buffers;
        this.transactions = transactions;
        this.dataDirectory = dataDirectory;
        this.roles = new RoleCatalog(heap, buffers, transactions, dataDirectory);
    }

    /** pg_authid. */
    public RoleCatalog roles() {
        return roles;
    }

    private static Map<String, Integer> bootstrapDatabases() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("template1", 1);
        m.put("template0", 4);
        m.put("postgres", 5);
        return m;
    }

    /** The after-redo hook: creates the bootstrap databases on a brand-new cluster, then reads pg_database. */
    public void startup() {
        removeTemporaryRelationFiles();
        synchronized (databaseLock) {
            buffers.createRelation(PG_DATABASE);
            loadDatabases();
            if (databases.isEmpty()) {
                long xid = transactions.assignXid();
                try {
                    for (Map.Entry<String, Integer> db : BOOTSTRAP.entrySet()) {
                        createClassRelations(db.getValue(), xid);
                        heap.insert(PG_DATABASE, 100, xid, 0, CatalogRows.DATABASE_FORMAT.columnCount(),
                                CatalogRows.encodeDatabaseRow(new DatabaseDef(db.getValue(), db.getKey(),
                                        Role.BOOTSTRAP_SUPERUSER_OID, null, Map.of())));
                    }
                } catch (RuntimeException e) {
                    transactions.abort(xid);
                    throw e;
                }
                transactions.commit(xid, true);
                loadDatabases();
            }
            List<Integer> withoutToast = new ArrayList<>();
            for (int oid : databases.values()) {
                if (!toastRelations.exists(classToastIndexFile(oid))) {
                    withoutToast.add(oid);
                }
            }
            if (!withoutToast.isEmpty()) {
                long xid = transactions.assignXid();
                withoutToast.forEach(oid -> toastRelations.create(classToastFile(oid), classToastIndexFile(oid), xid));
                transactions.commit(xid, true);
            }
        }
        roles.startup();
    }

    /**
     * The start of a hot standby's read-only sessions: the caches are read as {@link #startup} reads them, without
     * creating anything (nothing may be written during recovery).
     */
    public void startupReadOnly() {
        removeTemporaryRelationFiles();
        synchronized (databaseLock) {
            loadDatabases();
        }
        roles.reload();
    }

    /** The relation files whose rows the caches of this class hold (a standby refreshes them when replay changes one). */
    public static boolean isCatalog(RelFile rel) {
        return switch (rel.relfilenode()) {
            case CatalogRows.PG_DATABASE_RELFILENODE, CatalogRows.PG_CLASS_RELFILENODE,
                 CatalogRows.PG_AUTHID_RELFILENODE, CatalogRows.PG_AUTH_MEMBERS_RELFILENODE,
                 CatalogRows.PG_DB_ROLE_SETTING_RELFILENODE, CatalogRows.PG_CLASS_TOAST_RELFILENODE -> true;
            default -> false;
        };
    }

    /**
     * A hot standby replayed the commit of catalog changes in these databases (0: the shared catalogs): the caches
     * holding them are read again, as the primary's sessions saw them published.
     */
    public void reloadAfterReplay(java.util.Set<Integer> databaseOids) {
        if (databaseOids.contains(0)) {
            synchronized (databaseLock) {
                loadDatabases();
            }
            roles.reload();
            catalogs.keySet().removeIf(oid -> !databases.containsValue(oid));
        }
        for (int oid : databaseOids) {
            DatabaseCatalog c = oid == 0 ? null : catalogs.get(oid);
            if (c != null) {
                c.reload(heap);
            }
        }
    }

    /** A database's empty pg_class and pg_class's TOAST relation. */
    private void createClassRelations(int databaseOid, long xid) {
        buffers.createRelation(new RelFile(databaseOid, CatalogRows.PG_CLASS_RELFILENODE));
        toastRelations.create(classToastFile(databaseOid), classToastIndexFile(databaseOid), xid);
    }

    private static RelFile classToastFile(int databaseOid) {
        return new RelFile(databaseOid, CatalogRows.PG_CLASS_TOAST_RELFILENODE);
    }

    private static RelFile classToastIndexFile(int databaseOid) {
        return new RelFile(databaseOid, CatalogRows.PG_CLASS_TOAST_INDEX_RELFILENODE);
    }

    /** The TOAST relation of a table of database {@code databaseOid}, or null if the table has none. */
    public ToastRelation toast(RelationEntry e) {
        return e.hasToast() ? toastRelations.open(e.toastName(), e.toastFile(), e.toastIndexFile()) : null;
    }

    private void loadDatabases() {
        Map<String, Integer> found = new LinkedHashMap<>();
        Map<Integer, DatabaseDef> defs = new LinkedHashMap<>();
        databaseRows.clear();
        int blocks = buffers.blockCount(PG_DATABASE);
        for (int b = 0; b < blocks; b++) {
            heap.scanPage(PG_DATABASE, b, null, 0, (block, offset, page, tuple) -> {
                if (heap.visibility().committedLive(page, tuple)) {
                    Object[] v = TupleCodec.decode(page, HeapPage.data(tuple), HeapPage.natts(page, tuple),
                            CatalogRows.DATABASE_FORMAT);
                    DatabaseDef db = CatalogRows.decodeDatabaseRow(v);
                    found.put(db.name(), db.oid());
                    defs.put(db.oid(), db);
                    databaseRows.put(db.oid(), new Tid(block, offset));
                }
            });
        }
        databases = Map.copyOf(found);
        definitions = Map.copyOf(defs);
    }

    /** The database's owner and ACLs, or null if there is no such database. */
    public DatabaseDef definition(int oid) {
        return definitions.get(oid);
    }

    /** Every database's owner and ACLs, in oid order. */
    public List<DatabaseDef> definitions() {
        List<DatabaseDef> all = new ArrayList<>(definitions.values());
        all.sort(java.util.Comparator.comparingInt(DatabaseDef::oid));
        return all;
    }

    /**
     * GRANT/REVOKE ON DATABASE or SCHEMA, ALTER DATABASE/SCHEMA ... OWNER TO: replaces the database's pg_database row
     * with {@code change} applied to it, in a transaction of its own committed before returning (like CREATE
     * DATABASE); 3D000 if the database is gone.
     */
    public void changeDatabase(int oid, UnaryOperator<DatabaseDef> change) {
        synchronized (databaseLock) {
            DatabaseDef before = definitions.get(oid);
            if (before == null) {
                throw StorageMessages.databaseMissing(Integer.toString(oid));
            }
            DatabaseDef after = change.apply(before);
            if (after.equals(before)) {
                return;
            }
            long xid = transactions.assignXid();
            try {
                HeapOutcome outcome = heap.delete(PG_DATABASE, databaseRows.get(oid), xid, 0, false,
                        CatalogRows.DATABASE_FORMAT, true, TupleLocks.UNCONTENDED);
                if (!(outcome instanceof HeapOutcome.Done)) {
                    throw new IllegalStateException("pg_database row of \"" + before.name() + "\" changed concurrently");
                }
                heap.insert(PG_DATABASE, 100, xid, 0, CatalogRows.DATABASE_FORMAT.columnCount(),
                        CatalogRows.encodeDatabaseRow(after));
            } catch (RuntimeException e) {
                transactions.abort(xid);
                throw e;
            }
            transactions.commit(xid, true);
            loadDatabases();
        }
    }

    public OptionalInt databaseOid(String name) {
        Integer oid = databases.get(name);
        return oid == null ? OptionalInt.empty() : OptionalInt.of(oid);
    }

    public List<String> databaseNames() {
        List<String> names = new ArrayList<>(databases.keySet());
        names.sort(null);
        return names;
    }

    public boolean databaseExists(int oid) {
        return databases.containsValue(oid);
    }

    /** The catalog of database {@code oid}, read from its pg_class on first use. */
    public DatabaseCatalog database(int oid) {
        DatabaseCatalog c = catalogs.get(oid);
        if (c != null) {
            return c;
        }
        synchronized (catalogs) {
            return catalogs.computeIfAbsent(oid, o -> {
                DatabaseCatalog loaded = DatabaseCatalog.load(o, heap, toastRelations.open(
                        CatalogRows.PG_CLASS_TOAST_NAME, classToastFile(o), classToastIndexFile(o)));
                loaded.restoreColumnStatistics(dataDirectory == null ? null
                        : dataDirectory.resolve("base").resolve(Integer.toString(o)).resolve(StatisticFile.NAME));
                return loaded;
            });
        }
    }

    /**
     * CREATE DATABASE: a new oid, an empty pg_class in {@code base/<oid>}, a pg_database row owned by {@code owner}
     * with the default ACL; 42P04 if taken.
     */
    public int createDatabase(String name, int owner) {
        synchronized (databaseLock) {
            if (databases.containsKey(name)) {
                throw StorageMessages.databaseExists(name);
            }
            int oid = transactions.nextOid();
            long xid = transactions.assignXid();
            try {
                createClassRelations(oid, xid);
                heap.insert(PG_DATABASE, 100, xid, 0, CatalogRows.DATABASE_FORMAT.columnCount(),
                        CatalogRows.encodeDatabaseRow(new DatabaseDef(oid, name, owner, null, Map.of())));
            } catch (RuntimeException e) {
                transactions.abort(xid);
                throw e;
            }
            transactions.commit(xid, true);
            loadDatabases();
            return oid;
        }
    }

    /**
     * DROP DATABASE: 3D000 if missing, 55006 for a template or a database {@code inUse} says has sessions; removes
     * the pg_database row, then every relation file of the database and its directory.
     */
    public void dropDatabase(String name, IntPredicate inUse) {
        synchronized (databaseLock) {
            Integer oid = databases.get(name);
            if (oid == null) {
                throw StorageMessages.databaseMissing(name);
            }
            if (name.equals("template0") || name.equals("template1")) {
                throw StorageMessages.cannotDropTemplate();
            }
            if (inUse.test(oid)) {
                throw StorageMessages.databaseInUse(name);
            }
            DatabaseCatalog dbCatalog = database(oid);
            long xid = transactions.assignXid();
            try {
                HeapOutcome outcome = heap.delete(PG_DATABASE, databaseRows.get(oid), xid, 0, false,
                        CatalogRows.DATABASE_FORMAT, true, TupleLocks.UNCONTENDED);
                if (!(outcome instanceof HeapOutcome.Done)) {
                    throw new IllegalStateException("pg_database row of \"" + name + "\" changed concurrently");
                }
            } catch (RuntimeException e) {
                transactions.abort(xid);
                throw e;
            }
            transactions.commit(xid, true);
            loadDatabases();
            catalogs.remove(oid);
            for (RelationEntry e : dbCatalog.entries()) {
                buffers.dropRelation(e.file());
                heap.forget(e.file());
                for (int i = 0; i < e.indexRelfilenodes().length; i++) {
                    buffers.dropRelation(e.indexFile(i));
                }
                if (e.hasToast()) {
                    toastRelations.drop(e.toastFile(), e.toastIndexFile());
                }
            }
            buffers.dropRelation(dbCatalog.file());
            heap.forget(dbCatalog.file());
            toastRelations.drop(classToastFile(oid), classToastIndexFile(oid));
            removeDirectory(oid);
        }
    }

    /**
     * RemovePgTempRelationFiles: deletes {@code base/<db>/t<pid>_<relfilenode>} in every database directory. Runs
     * before any backend can exist in this generation, so every such file is a leftover.
     */
    private void removeTemporaryRelationFiles() {
        if (dataDirectory == null) {
            return;
        }
        Path base = dataDirectory.resolve("base");
        if (!Files.isDirectory(base)) {
            return;
        }
        try (var databases = Files.list(base)) {
            for (Path db : databases.toList()) {
                if (!Files.isDirectory(db)) {
                    continue;
                }
                try (var files = Files.list(db)) {
                    for (Path f : files.toList()) {
                        if (RelationFiles.isTemporaryFileName(f.getFileName().toString())) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            ServerLog.log(Severity.LOG, "could not remove temporary relation files in \"" + base + "\": "
                    + e.getMessage());
        }
    }

    private void removeDirectory(int oid) {
        if (dataDirectory == null) {
            return;
        }
        Path dir = dataDirectory.resolve("base").resolve(Integer.toString(oid));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, "could not remove database directory \"" + dir + "\": " + e.getMessage());
        }
    }
}
