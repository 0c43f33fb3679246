package osgres.storage.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import osgres.storage.Role;
import osgres.storage.Tid;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapOutcome;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.heap.TupleLocks;

/**
 * The roles of the cluster: pg_authid, a shared catalog in {@code global/1260} (layout in {@link CatalogRows}),
 * WAL-logged and MVCC-versioned like pg_database, and an in-memory copy of its committed rows that connection
 * start reads (InitializeSessionUserId).
 *
 * <p>Bootstrap: on a cluster whose pg_authid is empty (brand new, or made before osgres had roles) the after-redo
 * hook creates the bootstrap superuser, oid 10 as in PostgreSQL, named as initdb was told ({@code -U}, default the
 * OS user), which initdb leaves in {@code global/osgres_superuser} as PostgreSQL's initdb hands it to its
 * bootstrap backend; {@code postgres} when that file is absent.
 *
 * <p>CREATE ROLE and DROP ROLE each commit in a transaction of their own before returning (PostgreSQL's are
 * transactional; osgres's are not yet, like CREATE DATABASE), serialized by this object's lock.
 */
public final class RoleCatalog {
    public static final RelFile PG_AUTHID = new RelFile(0, CatalogRows.PG_AUTHID_RELFILENODE);
    static final String BOOTSTRAP_NAME_FILE = "global/osgres_superuser";
    private static final String DEFAULT_SUPERUSER = "postgres";

    private final HeapAccess heap;
    private final BufferPool buffers;
    private final TransactionCore transactions;
    private final Path dataDirectory;
    private final Object lock = new Object();
    private volatile Map<String, Role> roles = Map.of();
    private final Map<String, Tid> rows = new LinkedHashMap<>();

    RoleCatalog(HeapAccess heap, BufferPool buffers, TransactionCore transactions, Path dataDirectory) {
        this.heap = heap;
        this.buffers = buffers;
        this.transactions = transactions;
        this.dataDirectory = dataDirectory;
    }

    /** After redo: reads pg_authid, creating it with the bootstrap superuser when it has no role. */
    void startup() {
        synchronized (lock) {
            buffers.createRelation(PG_AUTHID);
            load();
            if (roles.isEmpty()) {
                insert(Role.BOOTSTRAP_SUPERUSER_OID, bootstrapSuperuserName(), true, true);
            }
        }
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** Every role, as a snapshot of the map (which is replaced, never changed, so reading it needs no lock). */
    public java.util.List<Role> all() {
        return java.util.List.copyOf(roles.values());
    }

    /** CREATE ROLE: 42710 if the name is taken. */
    public void create(String name, boolean superuser, boolean canLogin) {
        synchronized (lock) {
            if (roles.containsKey(name)) {
                throw StorageMessages.roleExists(name);
            }
            insert(transactions.nextOid(), name, superuser, canLogin);
        }
    }

    /** DROP ROLE: 42704 if there is no such role. */
    public void drop(String name) {
        synchronized (lock) {
            Tid tid = rows.get(name);
            if (tid == null) {
                throw StorageMessages.roleMissing(name);
            }
            long xid = transactions.assignXid();
            try {
                HeapOutcome outcome = heap.delete(PG_AUTHID, tid, xid, 0, false, CatalogRows.AUTHID_FORMAT, true,
                        TupleLocks.UNCONTENDED);
                if (!(outcome instanceof HeapOutcome.Done)) {
                    throw new IllegalStateException("pg_authid row of \"" + name + "\" changed concurrently");
                }
            } catch (RuntimeException e) {
                transactions.abort(xid);
                throw e;
            }
            transactions.commit(xid, true);
            load();
        }
    }

    private void insert(int oid, String name, boolean superuser, boolean canLogin) {
        long xid = transactions.assignXid();
        try {
            heap.insert(PG_AUTHID, 100, xid, 0, 4,
                    TupleCodec.encode(CatalogRows.AUTHID_FORMAT, new Object[] {oid, name, superuser, canLogin}));
        } catch (RuntimeException e) {
            transactions.abort(xid);
            throw e;
        }
        transactions.commit(xid, true);
        load();
    }

    private void load() {
        Map<String, Role> found = new LinkedHashMap<>();
        rows.clear();
        int blocks = buffers.blockCount(PG_AUTHID);
        for (int b = 0; b < blocks; b++) {
            heap.scanPage(PG_AUTHID, b, null, 0, (block, offset, page, tuple) -> {
                if (heap.visibility().committedLive(page, tuple)) {
                    Object[] v = TupleCodec.decode(page, HeapPage.data(tuple), HeapPage.natts(page, tuple),
                            CatalogRows.AUTHID_FORMAT);
                    Role role = new Role((Integer) v[0], (String) v[1], (Boolean) v[2], (Boolean) v[3]);
                    found.put(role.name(), role);
                    rows.put(role.name(), new Tid(block, offset));
                }
            });
        }
        roles = Map.copyOf(found);
    }

    private String bootstrapSuperuserName() {
        if (dataDirectory == null) {
            return DEFAULT_SUPERUSER;
        }
        try {
            Path file = dataDirectory.resolve(BOOTSTRAP_NAME_FILE);
            String name = Files.exists(file) ? Files.readString(file).strip() : "";
            return name.isEmpty() ? DEFAULT_SUPERUSER : name;
        } catch (IOException e) {
            return DEFAULT_SUPERUSER;
        }
    }
}
