/*
 * pg_default_acl (src/include/catalog/pg_default_acl.h) and what it decides: the privileges objects a role creates
 * start with (aclchk.c's get_user_default_acl). An entry is (role, schema or 0 for every schema, object type, ACL);
 * ALTER DEFAULT PRIVILEGES writes them (session/DefaultPrivilegeCommands) into the storage relation
 * pg_catalog.pg_default_acl of the database, durable and transactional like a table's rows, and the system view of
 * that name shows them. A new relation, view, sequence, function or procedure gets the role's global entry (or
 * acldefault when there is none) merged with its schema's entry, sorted as aclitemsort sorts; an ACL equal to the
 * default is kept as NULL, as PostgreSQL keeps it.
 *
 * Not here: types and schemas, which keep no ACL in osgres: their entries (TYPES, SCHEMAS) are stored and shown but
 * change nothing.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.AclItem;
import osgres.storage.ColumnDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

public final class DefaultAcls {
    /** The storage relation holding the entries, one per (role, namespace, object type). */
    public static final String RELATION = "pg_catalog.pg_default_acl";
    /** Its columns: the ACL in Privileges.storedForm. */
    public static final List<ColumnDef> COLUMNS = List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("defaclrole", TypeOids.INT4, -1, true, null),
            new ColumnDef("defaclnamespace", TypeOids.INT4, -1, true, null),
            new ColumnDef("defaclobjtype", TypeOids.TEXT, -1, true, null),
            new ColumnDef("defaclacl", TypeOids.TEXT, -1, true, null));

    /** defaclobjtype's values (DEFACLOBJ_*). */
    public static final char RELATION_TYPE = 'r';
    public static final char SEQUENCE_TYPE = 'S';
    public static final char FUNCTION_TYPE = 'f';
    public static final char TYPE_TYPE = 'T';
    public static final char SCHEMA_TYPE = 'n';

    /** One entry as read, and where its row is. */
    public record Entry(int oid, int role, int namespace, char objtype, List<AclItem> acl, Tid tid) {
    }

    static final SystemViews.View PG_DEFAULT_ACL = new SystemViews.View("pg_default_acl", SystemViews.columns(
            "oid", PgType.OID, "defaclrole", PgType.OID, "defaclnamespace", PgType.OID, "defaclobjtype", PgType.CHAR,
            "defaclacl", PgType.ACLITEM_ARRAY), DefaultAcls::rows);

    static final List<SystemViews.View> ALL = List.of(PG_DEFAULT_ACL);

    private DefaultAcls() {
    }

    /** The entries the transaction sees. */
    public static List<Entry> entries(Transaction tx) {
        TableDef table = tx.table(RELATION).orElse(null);
        List<Entry> out = new ArrayList<>();
        if (table == null) {
            return out;
        }
        try (RowScan scan = tx.scan(table)) {
            while (scan.hasNext()) {
                RowVersion row = scan.next();
                Object[] v = row.values();
                out.add(new Entry((Integer) v[0], (Integer) v[1], (Integer) v[2], ((String) v[3]).charAt(0),
                        Privileges.fromStoredForm((String) v[4]), row.tid()));
            }
        }
        out.sort(Comparator.comparingInt(e -> e.oid()));
        return out;
    }

    /** The entry of (role, namespace, objtype), or null. */
    public static Entry find(Transaction tx, int role, int namespace, char objtype) {
        for (Entry e : entries(tx)) {
            if (e.role() == role && e.namespace() == namespace && e.objtype() == objtype) {
                return e;
            }
        }
        return null;
    }

    private static List<Object[]> rows(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Entry e : entries(session.transaction())) {
            rows.add(new Object[] {e.oid() & 0xFFFFFFFFL, e.role() & 0xFFFFFFFFL, e.namespace() & 0xFFFFFFFFL,
                String.valueOf(e.objtype()), Privileges.array(session, e.acl())});
        }
        return rows;
    }

    /** acldefault(objtype, owner): PUBLIC's entry first (functions, types), then the owner's. */
    public static List<AclItem> acldefault(char objtype, int owner) {
        return switch (objtype) {
            case RELATION_TYPE -> List.of(new AclItem(owner, owner, Privileges.ALL_RIGHTS_RELATION, 0));
            case SEQUENCE_TYPE -> List.of(new AclItem(owner, owner, Privileges.ALL_RIGHTS_SEQUENCE, 0));
            case FUNCTION_TYPE -> Privileges.defaultFunctionAcl(owner);
            case TYPE_TYPE -> List.of(new AclItem(Privileges.PUBLIC, owner, Privileges.USAGE, 0),
                    new AclItem(owner, owner, Privileges.USAGE, 0));
            case SCHEMA_TYPE -> List.of(new AclItem(owner, owner, Privileges.USAGE | Privileges.CREATE, 0));
            default -> throw new IllegalArgumentException("defaclobjtype " + objtype);
        };
    }

    /**
     * get_user_default_acl: the ACL an object of {@code objtype} that {@code owner} creates in {@code namespace}
     * (Namespaces.PUBLIC, or 0 for a temporary one, which no schema entry names) starts with; null for the default.
     */
    public static List<AclItem> forNewObject(Transaction tx, char objtype, int owner, long namespace) {
        List<AclItem> global = null;
        List<AclItem> schema = null;
        for (Entry e : entries(tx)) {
            if (e.role() == owner && e.objtype() == objtype) {
                if (e.namespace() == 0) {
                    global = e.acl();
                } else if (namespace != 0 && (e.namespace() & 0xFFFFFFFFL) == namespace) {
                    schema = e.acl();
                }
            }
        }
        if (global == null && schema == null) {
            return null;
        }
        List<AclItem> def = acldefault(objtype, owner);
        List<AclItem> result = merge(global != null ? global : def, schema);
        return sorted(result).equals(sorted(def)) ? null : sorted(result);
    }

    /** The namespace a relation is created in, as forNewObject takes it. */
    public static long namespaceOf(boolean temporary) {
        return temporary ? 0 : Namespaces.PUBLIC;
    }

    /** aclmerge: {@code right}'s items added to {@code left}'s (aclupdate ACL_MODECHG_ADD). */
    public static List<AclItem> merge(List<AclItem> left, List<AclItem> right) {
        List<AclItem> result = new ArrayList<>(left);
        if (right == null) {
            return result;
        }
        for (AclItem item : right) {
            boolean merged = false;
            for (int i = 0; i < result.size() && !merged; i++) {
                AclItem r = result.get(i);
                if (r.grantee() == item.grantee() && r.grantor() == item.grantor()) {
                    result.set(i, new AclItem(r.grantee(), r.grantor(), r.privileges() | item.privileges(),
                            r.grantOptions() | item.grantOptions()));
                    merged = true;
                }
            }
            if (!merged) {
                result.add(item);
            }
        }
        return result;
    }

    /** aclitemsort: by grantee, grantor (as unsigned oids), then privileges with their grant options. */
    public static List<AclItem> sorted(List<AclItem> acl) {
        List<AclItem> out = new ArrayList<>(acl);
        out.sort(Comparator.<AclItem>comparingLong(a -> a.grantee() & 0xFFFFFFFFL)
                .thenComparingLong(a -> a.grantor() & 0xFFFFFFFFL)
                .thenComparingLong(a -> (a.privileges() | ((long) a.grantOptions() << 16)) & 0xFFFFFFFFL));
        return List.copyOf(out);
    }
}
