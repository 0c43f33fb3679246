package osgres.storage.internal.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import osgres.storage.Role;
import osgres.storage.RoleMembership;
import osgres.storage.RoleSetting;
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
 * The roles of the cluster: pg_authid ({@code global/1260}) and pg_auth_members ({@code global/1261}), shared
 * catalogs (layouts in {@link CatalogRows}), WAL-logged and MVCC-versioned like pg_database, with an in-memory copy
 * of their committed rows that connection start and privilege checks read without a lock.
 *
 * <p>Bootstrap: on a cluster whose pg_authid is empty (brand new) the after-redo hook creates the bootstrap
 * superuser, oid 10 as in PostgreSQL, named as initdb was told ({@code -U}, default the OS user), which initdb
 * leaves in {@code global/osgres_superuser} as PostgreSQL's initdb hands it to its bootstrap backend;
 * {@code postgres} when that file is absent. The predefined roles of PostgreSQL 15 (pg_authid.dat: pg_monitor,
 * pg_read_server_files...) and pg_monitor's memberships (pg_auth_members.dat) are added when missing, so a cluster
 * made before osgres stored them gets them at its next start. Rows written when pg_authid had four columns read
 * with CREATE ROLE's defaults for the others (the bootstrap superuser: every attribute).
 *
 * <p>pg_db_role_setting ({@code global/2964}) keeps ALTER ROLE/DATABASE ... SET, dropped with its role.
 *
 * <p>CREATE/ALTER/DROP ROLE and GRANT/REVOKE of roles each commit in a transaction of their own before returning
 * (PostgreSQL's are transactional; osgres's are not yet, like CREATE DATABASE), serialized by this object's lock.
 */
public final class RoleCatalog {
    public static final RelFile PG_AUTHID = new RelFile(0, CatalogRows.PG_AUTHID_RELFILENODE);
    public static final RelFile PG_AUTH_MEMBERS = new RelFile(0, CatalogRows.PG_AUTH_MEMBERS_RELFILENODE);
    public static final RelFile PG_DB_ROLE_SETTING = new RelFile(0, CatalogRows.PG_DB_ROLE_SETTING_RELFILENODE);
    static final String BOOTSTRAP_NAME_FILE = "global/osgres_superuser";
    static final String MOCK_NONCE_FILE = "global/osgres_mock_auth_nonce";
    private static final String DEFAULT_SUPERUSER = "postgres";
    private static final int PG_MONITOR = 3373;

    /** PostgreSQL 15's predefined roles (pg_authid.dat), in its order. */
    private static final Map<Integer, String> PREDEFINED = predefined();

    /** pg_auth_members.dat: pg_monitor is a member of these, granted by the bootstrap superuser. */
    private static final int[] MONITOR_ROLES = {3374, 3375, 3377};

    private final HeapAccess heap;
    private final BufferPool buffers;
    private final TransactionCore transactions;
    private final Path dataDirectory;
    private final Object lock = new Object();
    private volatile Map<String, Role> roles = Map.of();
    private volatile List<Role> allRoles = List.of();
    private final Map<String, Tid> rows = new LinkedHashMap<>();
    private volatile List<RoleMembership> memberships = List.of();
    private volatile byte[] mockNonce;
    private volatile List<RoleSetting> settings = List.of();
    private final Map<RoleSetting, Tid> settingRows = new LinkedHashMap<>();
    private final Map<RoleMembership, Tid> membershipRows = new LinkedHashMap<>();

    RoleCatalog(HeapAccess heap, BufferPool buffers, TransactionCore transactions, Path dataDirectory) {
        this.heap = heap;
        this.buffers = buffers;
        this.transactions = transactions;
        this.dataDirectory = dataDirectory;
    }

    private static Map<Integer, String> predefined() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(6171, "pg_database_owner");
        m.put(6181, "pg_read_all_data");
        m.put(6182, "pg_write_all_data");
        m.put(PG_MONITOR, "pg_monitor");
        m.put(3374, "pg_read_all_settings");
        m.put(3375, "pg_read_all_stats");
        m.put(3377, "pg_stat_scan_tables");
        m.put(4569, "pg_read_server_files");
        m.put(4570, "pg_write_server_files");
        m.put(4571, "pg_execute_server_program");
        m.put(4200, "pg_signal_backend");
        m.put(4544, "pg_checkpoint");
        return m;
    }

    /** A hot standby's reading of the catalogs: at the start of read-only sessions and after replayed role DDL. */
    void reload() {
        synchronized (lock) {
            load();
        }
    }

    /** After redo: reads the catalogs, adding the bootstrap superuser and the predefined roles when missing. */
    void startup() {
        synchronized (lock) {
            buffers.createRelation(PG_AUTHID);
            buffers.createRelation(PG_AUTH_MEMBERS);
            buffers.createRelation(PG_DB_ROLE_SETTING);
            load();
            List<Role> missing = new ArrayList<>();
            if (roles.isEmpty()) {
                missing.add(Role.bootstrapSuperuser(bootstrapSuperuserName()));
            }
            boolean monitorWasMissing = false;
            for (Map.Entry<Integer, String> p : PREDEFINED.entrySet()) {
                if (roleByOid(p.getKey()) == null) {
                    missing.add(Role.withDefaults(p.getValue()).withOid(p.getKey()));
                    monitorWasMissing |= p.getKey() == PG_MONITOR;
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            long xid = transactions.assignXid();
            try {
                for (Role r : missing) {
                    heap.insert(PG_AUTHID, 100, xid, 0, CatalogRows.AUTHID_FORMAT.columnCount(), encode(r));
                }
                if (monitorWasMissing) {
                    for (int granted : MONITOR_ROLES) {
                        heap.insert(PG_AUTH_MEMBERS, 100, xid, 0, CatalogRows.AUTH_MEMBERS_FORMAT.columnCount(),
                                encode(new RoleMembership(granted, PG_MONITOR, Role.BOOTSTRAP_SUPERUSER_OID, false)));
                    }
                }
            } catch (RuntimeException e) {
                transactions.abort(xid);
                throw e;
            }
            transactions.commit(xid, true);
            load();
        }
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** Every role; the list is replaced, never changed, so reading it needs no lock. */
    public List<Role> all() {
        return allRoles;
    }

    /** Every pg_auth_members row; the list is replaced, never changed. */
    public List<RoleMembership> memberships() {
        return memberships;
    }

    /** Every pg_db_role_setting row; the list is replaced, never changed. */
    public List<RoleSetting> settings() {
        return settings;
    }

    /** ALTER ROLE/DATABASE ... SET: the row of (database, role) replaced by {@code config}, removed when empty. */
    public void putSetting(int databaseOid, int roleOid, List<String> config) {
        synchronized (lock) {
            Map.Entry<RoleSetting, Tid> existing = null;
            for (Map.Entry<RoleSetting, Tid> e : settingRows.entrySet()) {
                if (e.getKey().databaseOid() == databaseOid && e.getKey().roleOid() == roleOid) {
                    existing = e;
                }
            }
            if (existing == null && config.isEmpty()) {
                return;
            }
            Map.Entry<RoleSetting, Tid> old = existing;
            inTransaction(xid -> {
                if (old != null) {
                    deleteRow(PG_DB_ROLE_SETTING, old.getValue(), xid, CatalogRows.DB_ROLE_SETTING_FORMAT);
                }
                if (!config.isEmpty()) {
                    heap.insert(PG_DB_ROLE_SETTING, 100, xid, 0, CatalogRows.DB_ROLE_SETTING_FORMAT.columnCount(),
                            TupleCodec.encode(CatalogRows.DB_ROLE_SETTING_FORMAT,
                                    new Object[] {databaseOid, roleOid, String.join("\0", config)}));
                }
            });
        }
    }

    /** CREATE ROLE: 42710 if the name is taken; returns the role with its new oid. */
    public Role create(Role role) {
        synchronized (lock) {
            if (roles.containsKey(role.name())) {
                throw StorageMessages.roleExists(role.name());
            }
            Role created = role.withOid(transactions.nextOid());
            inTransaction(xid -> heap.insert(PG_AUTHID, 100, xid, 0, CatalogRows.AUTHID_FORMAT.columnCount(),
                    encode(created)));
            return created;
        }
    }

    /** ALTER ROLE: replaces the row (same oid); 42704 if missing, 42710 if a rename's new name is taken. */
    public void alter(String name, Role changed) {
        synchronized (lock) {
            Tid tid = rows.get(name);
            if (tid == null) {
                throw StorageMessages.roleMissing(name);
            }
            if (!changed.name().equals(name) && roles.containsKey(changed.name())) {
                throw StorageMessages.roleExists(changed.name());
            }
            Role kept = changed.withOid(roles.get(name).oid());
            inTransaction(xid -> {
                deleteRow(PG_AUTHID, tid, xid, CatalogRows.AUTHID_FORMAT);
                heap.insert(PG_AUTHID, 100, xid, 0, CatalogRows.AUTHID_FORMAT.columnCount(), encode(kept));
            });
        }
    }

    /** DROP ROLE, with its pg_auth_members rows (as either side): 42704 if there is no such role. */
    public void drop(String name) {
        synchronized (lock) {
            Tid tid = rows.get(name);
            if (tid == null) {
                throw StorageMessages.roleMissing(name);
            }
            int oid = roles.get(name).oid();
            inTransaction(xid -> {
                deleteRow(PG_AUTHID, tid, xid, CatalogRows.AUTHID_FORMAT);
                for (Map.Entry<RoleMembership, Tid> m : membershipRows.entrySet()) {
                    if (m.getKey().roleId() == oid || m.getKey().member() == oid) {
                        deleteRow(PG_AUTH_MEMBERS, m.getValue(), xid, CatalogRows.AUTH_MEMBERS_FORMAT);
                    }
                }
                for (Map.Entry<RoleSetting, Tid> r : settingRows.entrySet()) {
                    if (r.getKey().roleOid() == oid) {
                        deleteRow(PG_DB_ROLE_SETTING, r.getValue(), xid, CatalogRows.DB_ROLE_SETTING_FORMAT);
                    }
                }
            });
        }
    }

    /** GRANT role TO role: a new row, or the existing one with its admin option set. */
    public void grant(RoleMembership membership) {
        synchronized (lock) {
            Map.Entry<RoleMembership, Tid> existing = membershipRow(membership.roleId(), membership.member());
            if (existing != null && (existing.getKey().adminOption() || !membership.adminOption())) {
                return;
            }
            inTransaction(xid -> {
                RoleMembership row = membership;
                if (existing != null) {
                    deleteRow(PG_AUTH_MEMBERS, existing.getValue(), xid, CatalogRows.AUTH_MEMBERS_FORMAT);
                    row = new RoleMembership(membership.roleId(), membership.member(), membership.grantor(), true);
                }
                heap.insert(PG_AUTH_MEMBERS, 100, xid, 0, CatalogRows.AUTH_MEMBERS_FORMAT.columnCount(),
                        encode(row));
            });
        }
    }

    /** REVOKE role FROM role (or only ADMIN OPTION FOR it); false when {@code member} is not a member. */
    public boolean revoke(int roleId, int member, boolean adminOptionOnly) {
        synchronized (lock) {
            Map.Entry<RoleMembership, Tid> existing = membershipRow(roleId, member);
            if (existing == null) {
                return false;
            }
            if (adminOptionOnly && !existing.getKey().adminOption()) {
                return true;
            }
            inTransaction(xid -> {
                deleteRow(PG_AUTH_MEMBERS, existing.getValue(), xid, CatalogRows.AUTH_MEMBERS_FORMAT);
                if (adminOptionOnly) {
                    RoleMembership kept = existing.getKey();
                    heap.insert(PG_AUTH_MEMBERS, 100, xid, 0, CatalogRows.AUTH_MEMBERS_FORMAT.columnCount(),
                            encode(new RoleMembership(kept.roleId(), kept.member(), kept.grantor(), false)));
                }
            });
            return true;
        }
    }

    private Map.Entry<RoleMembership, Tid> membershipRow(int roleId, int member) {
        for (Map.Entry<RoleMembership, Tid> m : membershipRows.entrySet()) {
            if (m.getKey().roleId() == roleId && m.getKey().member() == member) {
                return m;
            }
        }
        return null;
    }

    private Role roleByOid(int oid) {
        for (Role r : roles.values()) {
            if (r.oid() == oid) {
                return r;
            }
        }
        return null;
    }

    private interface Change {
        void apply(long xid);
    }

    /** Runs {@code change} in a transaction of its own, commits it durably and re-reads both catalogs. */
    private void inTransaction(Change change) {
        long xid = transactions.assignXid();
        try {
            change.apply(xid);
        } catch (RuntimeException e) {
            transactions.abort(xid);
            throw e;
        }
        transactions.commit(xid, true);
        load();
    }

    private void deleteRow(RelFile file, Tid tid, long xid, osgres.storage.internal.heap.RowFormat format) {
        HeapOutcome outcome = heap.delete(file, tid, xid, 0, false, format, true, TupleLocks.UNCONTENDED);
        if (!(outcome instanceof HeapOutcome.Done)) {
            throw new IllegalStateException("a role catalog row changed concurrently");
        }
    }

    private static byte[] encode(Role r) {
        return TupleCodec.encode(CatalogRows.AUTHID_FORMAT, new Object[] {r.oid(), r.name(), r.superuser(),
            r.canLogin(), r.inherit(), r.createRole(), r.createDb(), r.replication(), r.bypassRls(),
            r.connectionLimit(), r.password(), r.validUntil()});
    }

    private static byte[] encode(RoleMembership m) {
        return TupleCodec.encode(CatalogRows.AUTH_MEMBERS_FORMAT,
                new Object[] {m.roleId(), m.member(), m.grantor(), m.adminOption()});
    }

    private static Role decodeRole(Object[] v) {
        int oid = (Integer) v[0];
        boolean superuser = (Boolean) v[2];
        if (v[4] == null) {
            // a row from before pg_authid had more than four columns
            boolean bootstrap = oid == Role.BOOTSTRAP_SUPERUSER_OID;
            return new Role(oid, (String) v[1], superuser, true, bootstrap, bootstrap, (Boolean) v[3], bootstrap,
                    bootstrap, -1, null, null);
        }
        return new Role(oid, (String) v[1], superuser, (Boolean) v[4], (Boolean) v[5], (Boolean) v[6],
                (Boolean) v[3], (Boolean) v[7], (Boolean) v[8], (Integer) v[9], (String) v[10], (Long) v[11]);
    }

    private void load() {
        Map<String, Role> found = new LinkedHashMap<>();
        rows.clear();
        scan(PG_AUTHID, CatalogRows.AUTHID_FORMAT, (v, tid) -> {
            Role role = decodeRole(v);
            found.put(role.name(), role);
            rows.put(role.name(), tid);
        });
        roles = Map.copyOf(found);
        allRoles = List.copyOf(found.values());
        List<RoleMembership> members = new ArrayList<>();
        membershipRows.clear();
        scan(PG_AUTH_MEMBERS, CatalogRows.AUTH_MEMBERS_FORMAT, (v, tid) -> {
            RoleMembership m = new RoleMembership((Integer) v[0], (Integer) v[1], (Integer) v[2], (Boolean) v[3]);
            members.add(m);
            membershipRows.put(m, tid);
        });
        memberships = List.copyOf(members);
        List<RoleSetting> found2 = new ArrayList<>();
        settingRows.clear();
        scan(PG_DB_ROLE_SETTING, CatalogRows.DB_ROLE_SETTING_FORMAT, (v, tid) -> {
            RoleSetting r = new RoleSetting((Integer) v[0], (Integer) v[1], List.of(((String) v[2]).split("\0")));
            found2.add(r);
            settingRows.put(r, tid);
        });
        settings = List.copyOf(found2);
    }

    private interface RowConsumer {
        void accept(Object[] values, Tid tid);
    }

    private void scan(RelFile file, osgres.storage.internal.heap.RowFormat format, RowConsumer consumer) {
        int blocks = buffers.blockCount(file);
        for (int b = 0; b < blocks; b++) {
            heap.scanPage(file, b, null, 0, (block, offset, page, tuple) -> {
                if (heap.visibility().committedLive(page, tuple)) {
                    consumer.accept(TupleCodec.decode(page, HeapPage.data(tuple), HeapPage.natts(page, tuple), format),
                            new Tid(block, offset));
                }
            });
        }
    }

    /**
     * The cluster's mock authentication nonce: 32 random bytes in {@code global/osgres_mock_auth_nonce}, made on
     * first use (owner-only), or kept in memory alone when the file cannot be written.
     */
    public byte[] mockAuthenticationNonce() {
        byte[] nonce = mockNonce;
        if (nonce != null) {
            return nonce;
        }
        synchronized (lock) {
            if (mockNonce == null) {
                mockNonce = readOrCreateNonce();
            }
            return mockNonce;
        }
    }

    private byte[] readOrCreateNonce() {
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        if (dataDirectory == null) {
            return fresh;
        }
        Path file = dataDirectory.resolve(MOCK_NONCE_FILE);
        try {
            if (Files.exists(file)) {
                byte[] stored = Files.readAllBytes(file);
                if (stored.length == fresh.length) {
                    return stored;
                }
            }
            Path temp = dataDirectory.resolve(MOCK_NONCE_FILE + ".tmp");
            Files.write(temp, fresh);
            try {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return fresh;
        } catch (IOException e) {
            return fresh;
        }
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
