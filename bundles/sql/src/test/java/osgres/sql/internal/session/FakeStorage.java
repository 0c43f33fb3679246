package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import osgres.api.PgException;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.IsolationLevel;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.Storage;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.WriteResult;

/**
 * An in-memory Storage for unit tests: one version per row, changes visible at once and undone on abort
 * (enough for single-session tests), unique indexes checked on insert, index scans as sorted filters.
 * {@link #moveNextUpdate} makes the next update return Moved, as a concurrent committed update would.
 */
final class FakeStorage implements Storage {
    final Map<String, Integer> databases = new LinkedHashMap<>(Map.of("postgres", 5, "db", 16384));
    final Map<String, TableDef> tables = new LinkedHashMap<>();
    final Map<Integer, List<Row>> rows = new LinkedHashMap<>();
    final AtomicInteger oids = new AtomicInteger(20000);
    final List<String> calls = new ArrayList<>();
    Object[] moveNextUpdate;

    static final class Row {
        Tid tid;
        Object[] values;
        boolean dead;

        Row(Tid tid, Object[] values) {
            this.tid = tid;
            this.values = values;
        }
    }

    final Map<String, osgres.storage.Role> roles = new LinkedHashMap<>(
            Map.of("postgres", osgres.storage.Role.bootstrapSuperuser("postgres")));
    private java.util.List<osgres.storage.Role> roleList = java.util.List.copyOf(roles.values());
    private java.util.List<osgres.storage.RoleMembership> memberships = java.util.List.of();

    @Override
    public java.util.Optional<osgres.storage.Role> role(String name) {
        return java.util.Optional.ofNullable(roles.get(name));
    }

    @Override
    public java.util.List<osgres.storage.Role> roles() {
        if (roleList.size() != roles.size() || !roleList.containsAll(roles.values())) {
            roleList = java.util.List.copyOf(roles.values());
        }
        return roleList;
    }

    @Override
    public osgres.storage.Role createRole(osgres.storage.Role role) {
        if (roles.containsKey(role.name())) {
            throw PgException.error("42710", "role \"" + role.name() + "\" already exists");
        }
        osgres.storage.Role created = role.withOid(16384 + roles.size());
        roles.put(role.name(), created);
        return created;
    }

    @Override
    public void alterRole(String name, osgres.storage.Role changed) {
        osgres.storage.Role old = roles.remove(name);
        roles.put(changed.name(), changed.withOid(old.oid()));
    }

    @Override
    public java.util.List<osgres.storage.RoleMembership> roleMemberships() {
        return memberships;
    }

    @Override
    public void grantRoleMembership(osgres.storage.RoleMembership membership) {
        java.util.List<osgres.storage.RoleMembership> next = new java.util.ArrayList<>(memberships);
        next.removeIf(m -> m.roleId() == membership.roleId() && m.member() == membership.member());
        next.add(membership);
        memberships = java.util.List.copyOf(next);
    }

    @Override
    public boolean revokeRoleMembership(int roleId, int member, boolean adminOptionOnly) {
        java.util.List<osgres.storage.RoleMembership> next = new java.util.ArrayList<>(memberships);
        boolean removed = next.removeIf(m -> m.roleId() == roleId && m.member() == member);
        memberships = java.util.List.copyOf(next);
        return removed;
    }

    @Override
    public byte[] mockAuthenticationNonce() {
        return new byte[32];
    }

    @Override
    public java.util.List<osgres.storage.RoleSetting> roleSettings() {
        return java.util.List.of();
    }

    @Override
    public void putRoleSetting(int databaseOid, int roleOid, java.util.List<String> config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void dropRole(String name) {
        if (roles.remove(name) == null) {
            throw PgException.error("42704", "role \"" + name + "\" does not exist");
        }
    }

    @Override
    public OptionalInt databaseOid(String name) {
        Integer oid = databases.get(name);
        return oid == null ? OptionalInt.empty() : OptionalInt.of(oid);
    }

    @Override
    public List<String> databaseNames() {
        return List.copyOf(databases.keySet());
    }

    @Override
    public void createDatabase(String name, int owner) {
        if (databases.containsKey(name)) {
            throw PgException.error("42P04", "database \"" + name + "\" already exists");
        }
        int oid = oids.incrementAndGet();
        databases.put(name, oid);
        databaseDefs.put(oid, new osgres.storage.DatabaseDef(oid, name, owner, null, Map.of()));
    }

    private final Map<Integer, osgres.storage.DatabaseDef> databaseDefs = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public java.util.Optional<osgres.storage.DatabaseDef> databaseDef(int oid) {
        osgres.storage.DatabaseDef def = databaseDefs.get(oid);
        if (def == null && databases.containsValue(oid)) {
            String name = databases.entrySet().stream().filter(e -> e.getValue() == oid).findFirst().get().getKey();
            def = new osgres.storage.DatabaseDef(oid, name, osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID, null,
                    Map.of());
        }
        return java.util.Optional.ofNullable(def);
    }

    @Override
    public void changeDatabase(int oid, java.util.function.UnaryOperator<osgres.storage.DatabaseDef> change) {
        databaseDefs.put(oid, change.apply(databaseDef(oid).orElseThrow()));
    }

    @Override
    public void dropDatabase(String name) {
        databases.remove(name);
    }

    @Override
    public Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly,
                             osgres.storage.BackendProc proc) {
        calls.add("begin " + isolation);
        return new FakeTransaction(databaseOid, isolation);
    }

    @Override
    public void requestCheckpoint() {
        calls.add("checkpoint");
    }

    @Override
    public Optional<PgException> checkpointerMissing() {
        return Optional.empty();
    }

    @Override
    public void vacuum(int databaseOid, String table, osgres.storage.BackendProc proc,
                       osgres.storage.MaintenanceOrigin origin) {
        vacuum(databaseOid, table, proc);
    }

    @Override
    public osgres.storage.VacuumResult vacuumTable(int databaseOid, int relid, osgres.storage.BackendProc proc,
                                                   osgres.storage.VacuumParams params) {
        throw new UnsupportedOperationException("autovacuum work is not the SQL layer's");
    }

    @Override
    public osgres.storage.AnalyzeResult analyzeTable(int databaseOid, int relid, osgres.storage.BackendProc proc,
                                                     osgres.storage.MaintenanceOrigin origin, boolean skipLocked) {
        throw new UnsupportedOperationException("autovacuum work is not the SQL layer's");
    }

    @Override
    public List<osgres.storage.MaintenanceCandidate> maintenanceCandidates(int databaseOid) {
        return List.of();
    }

    @Override
    public void vacuum(int databaseOid, String table, osgres.storage.BackendProc proc) {
        calls.add("vacuum " + table);
    }

    @Override
    public long catalogVersion() {
        return 0;
    }

    @Override
    public long statisticsVersion() {
        return 0;
    }

    @Override
    public void backendExited(osgres.storage.BackendProc proc) {
    }

    @Override
    public long generation() {
        return 1;
    }

    private List<Row> live(TableDef t) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows.getOrDefault(t.oid(), List.of())) {
            if (!r.dead) {
                out.add(r);
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(Object[] a, Object[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = a[i] instanceof byte[] x ? Arrays.compare(x, (byte[]) b[i]) : ((Comparable) a[i]).compareTo(b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static Object[] key(IndexDef index, Object[] values) {
        Object[] k = new Object[index.columns().size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = values[index.columns().get(i)];
        }
        return k;
    }

    final class FakeTransaction implements Transaction {
        private final int databaseOid;
        private final IsolationLevel isolation;
        private final List<Runnable> undo = new ArrayList<>();
        private int nextOffset = 1;

        FakeTransaction(int databaseOid, IsolationLevel isolation) {
            this.databaseOid = databaseOid;
            this.isolation = isolation;
        }

        @Override
        public int databaseOid() {
            return databaseOid;
        }

        @Override
        public IsolationLevel isolation() {
            return isolation;
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public void setReadOnly(boolean readOnly) {
        }

        @Override
        public long xid() {
            return 0;
        }

        @Override
        public long assignXid() {
            return 0;
        }

        @Override
        public void startStatement() {
        }

        @Override
        public Optional<TableDef> table(String name) {
            return Optional.ofNullable(tables.get(permanent(name)));
        }

        @Override
        public Optional<TableDef> openTable(String name, osgres.storage.LockMode mode) {
            calls.add("lock " + name + " " + mode);
            return table(name);
        }

        @Override
        public void lockTable(TableDef table, osgres.storage.LockMode mode, boolean nowait) {
            calls.add("lock " + table.name() + " " + mode + (nowait ? " nowait" : ""));
        }

        /** One session at a time: every advisory lock is granted, and none is held across calls. */
        @Override
        public boolean advisoryLock(long key, boolean twoKeys, boolean shared, boolean sessionLevel, boolean wait) {
            calls.add("advisory lock " + key);
            return true;
        }

        @Override
        public boolean advisoryUnlock(long key, boolean twoKeys, boolean shared) {
            return false;
        }

        @Override
        public void advisoryUnlockAll() {
            calls.add("advisory unlock all");
        }

        @Override
        public WriteResult lockRow(TableDef table, Tid tid, osgres.storage.RowLockStrength strength,
                                   osgres.storage.LockWaitPolicy policy) {
            Row r = find(table, tid);
            return r == null || r.dead ? new WriteResult.Gone() : new WriteResult.Done(tid);
        }

        @Override
        public Optional<IndexDef> index(String name) {
            name = permanent(name);
            for (TableDef t : tables.values()) {
                for (IndexDef i : t.indexes()) {
                    if (i.name().equals(name)) {
                        return Optional.of(i);
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public List<TableDef> tables() {
            return List.copyOf(tables.values());
        }

        /** The fake has permanent tables only: {@code public.t} is {@code t}. */
        private static String permanent(String name) {
            return name.startsWith("public.") ? name.substring("public.".length()) : name;
        }

        private void put(TableDef def) {
            TableDef old = tables.put(def.name(), def);
            undo.add(() -> {
                if (old == null) {
                    tables.remove(def.name());
                } else {
                    tables.put(old.name(), old);
                }
            });
        }

        @Override
        public TableDef setStorageParameters(String tableName, Integer fillfactor, java.util.Map<String, String> set,
                                             java.util.Set<String> reset) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public TableDef createTable(String name, List<ColumnDef> columns, int fillfactor,
                                    java.util.Map<String, String> options) {
            name = permanent(name);
            if (tables.containsKey(name)) {
                throw PgException.error("42P07", "relation \"" + name + "\" already exists");
            }
            TableDef def = new TableDef(oids.incrementAndGet(), name, List.copyOf(columns), List.of(), fillfactor);
            put(def);
            rows.put(def.oid(), new ArrayList<>());
            return def;
        }

        @Override
        public void dropTable(String name) {
            name = permanent(name);
            TableDef old = tables.remove(name);
            String dropped = name;
            undo.add(() -> tables.put(dropped, old));
        }

        @Override
        public IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                                    boolean primary) {
            if (index(indexName).isPresent() || tables.containsKey(indexName)) {
                throw PgException.error("42P07", "relation \"" + indexName + "\" already exists");
            }
            TableDef t = tables.get(permanent(tableName));
            List<Integer> cols = columnNames.stream().map(t::columnIndex).toList();
            IndexDef index = new IndexDef(oids.incrementAndGet(), indexName, t.oid(), cols, unique, primary);
            if (unique) {
                List<Row> live = live(t);
                for (int i = 0; i < live.size(); i++) {
                    for (int j = i + 1; j < live.size(); j++) {
                        if (compareKeys(key(index, live.get(i).values), key(index, live.get(j).values)) == 0) {
                            throw PgException.error("23505", "could not create unique index \"" + indexName + "\"");
                        }
                    }
                }
            }
            List<IndexDef> indexes = new ArrayList<>(t.indexes());
            indexes.add(primary ? 0 : indexes.size(), index);
            put(new TableDef(t.oid(), t.name(), t.columns(), List.copyOf(indexes), t.fillfactor()));
            return index;
        }

        @Override
        public void dropIndex(String name) {
            String relname = permanent(name);
            for (TableDef t : tables.values()) {
                List<IndexDef> kept = t.indexes().stream().filter(i -> !i.name().equals(relname)).toList();
                if (kept.size() != t.indexes().size()) {
                    put(new TableDef(t.oid(), t.name(), t.columns(), kept, t.fillfactor()));
                    return;
                }
            }
        }

        @Override
        public void truncate(String tableName) {
            TableDef t = tables.get(permanent(tableName));
            List<Row> old = rows.put(t.oid(), new ArrayList<>());
            undo.add(() -> rows.put(t.oid(), old));
        }

        @Override
        public TableDef addColumn(String tableName, ColumnDef column, Object defaultValue) {
            TableDef t = tables.get(permanent(tableName));
            List<ColumnDef> cols = new ArrayList<>(t.columns());
            cols.add(column);
            for (Row r : rows.get(t.oid())) {
                r.values = Arrays.copyOf(r.values, cols.size());
                r.values[cols.size() - 1] = defaultValue;
            }
            TableDef def = new TableDef(t.oid(), t.name(), List.copyOf(cols), t.indexes(), t.fillfactor());
            put(def);
            return def;
        }

        private Optional<IndexDef> conflict(TableDef table, Object[] values, Row except) {
            for (IndexDef index : table.indexes()) {
                if (!index.unique()) {
                    continue;
                }
                Object[] k = key(index, values);
                if (Arrays.stream(k).anyMatch(v -> v == null)) {
                    continue;
                }
                for (Row r : live(table)) {
                    if (r != except && compareKeys(key(index, r.values), k) == 0) {
                        return Optional.of(index);
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public Tid insert(TableDef table, Object[] values) {
            Optional<IndexDef> c = conflict(table, values, null);
            if (c.isPresent()) {
                IndexDef index = c.get();
                StringBuilder cols = new StringBuilder();
                StringBuilder vals = new StringBuilder();
                for (int i : index.columns()) {
                    cols.append(cols.isEmpty() ? "" : ", ").append(table.columns().get(i).name());
                    vals.append(vals.isEmpty() ? "" : ", ").append(values[i]);
                }
                throw PgException.error("23505", "duplicate key value violates unique constraint \"" + index.name()
                        + "\"").withDetail("Key (" + cols + ")=(" + vals + ") already exists.");
            }
            return rawInsert(table, values);
        }

        private Tid rawInsert(TableDef table, Object[] values) {
            Row row = new Row(new Tid(0, nextOffset++ + rows.get(table.oid()).size() * 1000), values.clone());
            rows.get(table.oid()).add(row);
            undo.add(() -> row.dead = true);
            return row.tid;
        }

        @Override
        public Optional<Tid> insertIfNoConflict(TableDef table, Object[] values) {
            return conflict(table, values, null).isPresent() ? Optional.empty()
                    : Optional.of(rawInsert(table, values));
        }

        private Row find(TableDef table, Tid tid) {
            for (Row r : rows.get(table.oid())) {
                if (r.tid.equals(tid)) {
                    return r;
                }
            }
            return null;
        }

        @Override
        public WriteResult update(TableDef table, Tid tid, Object[] newValues) {
            Row r = find(table, tid);
            if (r == null || r.dead) {
                return new WriteResult.Gone();
            }
            if (moveNextUpdate != null) {
                Object[] moved = moveNextUpdate;
                moveNextUpdate = null;
                r.dead = true;
                Tid newTid = rawInsert(table, moved);
                return new WriteResult.Moved(new RowVersion(newTid, moved.clone()));
            }
            Object[] old = r.values;
            r.values = newValues.clone();
            undo.add(() -> r.values = old);
            return new WriteResult.Done(tid);
        }

        @Override
        public WriteResult delete(TableDef table, Tid tid) {
            Row r = find(table, tid);
            if (r == null || r.dead) {
                return new WriteResult.Gone();
            }
            r.dead = true;
            undo.add(() -> r.dead = false);
            return new WriteResult.Done(tid);
        }

        private RowScan of(List<Row> list) {
            Iterator<Row> it = list.iterator();
            return new RowScan() {
                @Override
                public void close() {
                }

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public RowVersion next() {
                    Row r = it.next();
                    return new RowVersion(r.tid, r.values.clone());
                }
            };
        }

        @Override
        public RowScan scan(TableDef table) {
            calls.add("scan " + table.name());
            return of(live(table));
        }

        @Override
        public RowScan indexScan(IndexDef index, Object[] lower, boolean lowerInclusive, Object[] upper,
                                 boolean upperInclusive) {
            TableDef table = tables.values().stream().filter(t -> t.oid() == index.tableOid()).findFirst().get();
            calls.add("indexscan " + index.name());
            List<Row> out = new ArrayList<>();
            for (Row r : live(table)) {
                Object[] k = key(index, r.values);
                if (lower != null) {
                    int c = compareKeys(Arrays.copyOf(k, lower.length), lower);
                    if (c < 0 || (c == 0 && !lowerInclusive)) {
                        continue;
                    }
                }
                if (upper != null) {
                    int c = compareKeys(Arrays.copyOf(k, upper.length), upper);
                    if (c > 0 || (c == 0 && !upperInclusive)) {
                        continue;
                    }
                }
                out.add(r);
            }
            out.sort(Comparator.comparing(r -> key(index, r.values), FakeStorage::compareKeys));
            return of(out);
        }

        @Override
        public OptionalLong relationSize(String name) {
            TableDef t = tables.get(name);
            return t == null ? OptionalLong.empty() : OptionalLong.of(live(t).isEmpty() ? 0 : 8192);
        }

        @Override
        public long estimatedRows(TableDef table) {
            return live(table).size();
        }

        @Override
        public void analyze(TableDef table) {
            calls.add("analyze " + table.name());
        }

        /** The undo list's length at each open savepoint. */
        private final List<Integer> savepointMarks = new ArrayList<>();

        @Override
        public int beginSubtransaction() {
            calls.add("savepoint");
            savepointMarks.add(undo.size());
            return savepointMarks.size();
        }

        @Override
        public int subtransactionDepth() {
            return savepointMarks.size();
        }

        @Override
        public void releaseSubtransactions(int depth) {
            calls.add("release " + depth);
            while (savepointMarks.size() > depth) {
                savepointMarks.removeLast();
            }
        }

        @Override
        public void rollbackSubtransactions(int depth) {
            if (savepointMarks.size() <= depth) {
                return;
            }
            calls.add("rollback to " + depth);
            int mark = savepointMarks.get(depth);
            for (int i = undo.size() - 1; i >= mark; i--) {
                undo.remove(i).run();
            }
            while (savepointMarks.size() > depth) {
                savepointMarks.removeLast();
            }
        }

        @Override
        public void commit(boolean synchronousCommit) {
            calls.add("commit " + synchronousCommit);
            undo.clear();
        }

        @Override
        public void abort() {
            calls.add("abort");
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            undo.clear();
        }
    }
}
