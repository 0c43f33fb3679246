/*
 * The user-defined operator classes of a database (pg_opclass's user rows, with pg_amproc's support functions) and
 * this session's cache of them, with CREATE OPERATOR CLASS and DROP OPERATOR CLASS (opclasscmds.c DefineOpClass,
 * RemoveOpClass). The rows live in the storage relation pg_catalog.pg_opclass ({@link CatalogRelation}:
 * WAL-logged, MVCC-versioned, transactional), each keeping its oid, name, access method and CREATE text; the
 * session re-reads them when the catalog version moved. What osgres uses of a class is a HASH partition key's
 * support function 2 (the extended hash function, called with the key value and HASH_PARTITION_SEED), so that rows
 * land where PostgreSQL puts them with the same class. A btree class is accepted and named in keys, but ordering
 * stays the type's own. Not done: operator families, the class's operators (osgres's are the type's), DEFAULT
 * classes changing a type's default, dependencies (DROP FUNCTION of a support function, DROP of a class a key
 * uses).
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.analyze.PartitionBounds;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.SqlFunction;
import osgres.storage.ColumnDef;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

public final class OpClassCatalog {
    public static final CatalogRelation RELATION = new CatalogRelation("pg_catalog.pg_opclass", List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("opcname", TypeOids.TEXT, -1, true, null),
            new ColumnDef("opcmethod", TypeOids.TEXT, -1, true, null),
            new ColumnDef("definition", TypeOids.TEXT, -1, true, null)));

    /** One class as read, and where its row is (for DROP). */
    public record Entry(int oid, UtilityCommand.CreateOpClass definition, Tid tid) {
    }

    private final SqlSessionImpl session;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private Map<String, Entry> byKey = Map.of();

    OpClassCatalog(SqlSessionImpl session) {
        this.session = session;
    }

    private static String key(String name, String method) {
        return method + "/" + name;
    }

    /** The class {@code name} of access method {@code method}, or null. */
    public Entry find(String name, String method) {
        refresh();
        return byKey.get(key(name, method));
    }

    /** Support function {@code number} of a user-defined class, or null (no such class, or no such function). */
    public SqlFunction support(String name, String method, int number) {
        Entry e = find(name, method);
        UtilityCommand.FunctionRef ref = e == null ? null : e.definition().functions().get(number);
        if (ref == null) {
            return null;
        }
        FunctionCatalog.Entry f = session.functions().find(ref.name(), ref.argTypes());
        return f == null ? null : f.function();
    }

    private void refresh() {
        long version = session.catalogVersion();
        Transaction tx = session.transaction();
        if (version == loadedVersion && tx == loadedIn) {
            return;
        }
        Map<String, Entry> keys = new HashMap<>();
        for (RowVersion row : RELATION.rows(tx)) {
            Object[] v = row.values();
            UtilityCommand.CreateOpClass c = (UtilityCommand.CreateOpClass) RawParser.parse((String) v[3])
                    .getFirst().utility();
            keys.put(key((String) v[1], (String) v[2]), new Entry((Integer) v[0], c, row.tid()));
        }
        byKey = keys;
        loadedVersion = Math.min(version, session.snapshotCatalogVersion());
        loadedIn = tx;
    }

    /** DefineOpClass: 42710 for a taken name, 42883 for a support function that does not exist. */
    static String create(UtilityCommand.CreateOpClass c, SqlSessionImpl session) {
        OpClassCatalog catalog = session.opClasses();
        if (catalog.find(c.name(), c.method()) != null) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "operator class \"" + c.name()
                    + "\" for access method \"" + c.method() + "\" already exists");
        }
        for (Map.Entry<Integer, UtilityCommand.FunctionRef> f : c.functions().entrySet()) {
            UtilityCommand.FunctionRef ref = f.getValue();
            if (ref.argTypes() == null || session.functions().find(ref.name(), ref.argTypes()) == null) {
                throw Messages.routineDoesNotExist(false, ref.signature());
            }
            int maximum = c.method().equals("btree") ? 5 : 3;
            if (f.getKey() < 1 || f.getKey() > maximum) {
                throw PgException.error(SqlState.INVALID_OBJECT_DEFINITION, "invalid function number "
                        + f.getKey() + ", must be between 1 and " + maximum);
            }
        }
        RELATION.insert(session, new Object[] {session.transaction().newOid(), c.name(), c.method(), c.text()});
        return "CREATE OPERATOR CLASS";
    }

    /** RemoveOpClass: 42704 unless IF EXISTS (then a NOTICE). */
    static String drop(UtilityCommand.DropOpClass d, SqlSessionImpl session) {
        Entry e = session.opClasses().find(d.name(), d.method());
        if (e == null) {
            String message = "operator class \"" + d.name() + "\" does not exist for access method \""
                    + d.method() + "\"";
            if (!d.ifExists()) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, message);
            }
            session.addNotice(PgException.error("00000", message + ", skipping")
                    .withSeverity(osgres.api.Severity.NOTICE));
            return "DROP OPERATOR CLASS";
        }
        // the partitioned tables whose key uses the class depend on it (pg_depend's normal dependency)
        List<String> dependents = new ArrayList<>();
        for (TableDef t : session.transaction().tables()) {
            if (!t.isPartitioned()) {
                continue;
            }
            PartitionBounds.Key key = PartitionBounds.key(t);
            String method = key.strategy() == PartitionBounds.Strategy.HASH ? "hash"
                    : "btree";
            if (method.equals(d.method()) && Arrays.asList(key.opclasses()).contains(d.name())) {
                dependents.add("table " + t.name() + " depends on operator class " + d.name()
                        + " for access method " + d.method());
            }
        }
        if (!dependents.isEmpty()) {
            throw Messages.dependentObjects("operator class " + d.name() + " for access method " + d.method(),
                    dependents);
        }
        RELATION.delete(session, e.tid());
        return "DROP OPERATOR CLASS";
    }
}
