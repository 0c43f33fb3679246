/*
 * pg_description (src/include/catalog/pg_description.h) and the functions that read it: obj_description(oid,
 * catalog), obj_description(oid), col_description(table, attnum) and shobj_description (pg_shdescription, empty
 * here). The rows are the built-in schemas' descriptions and those COMMENT ON keeps in the storage relation
 * pg_catalog.pg_description
 * (session/CommentCommand), as the session's transaction sees them, less the rows of objects that no longer exist
 * (a dropped relation, column, user type or function): PostgreSQL deletes those at DROP; here they stay in the relation but
 * are never shown (oids are not reused).
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.IndexDef;
import osgres.storage.RowScan;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class DescriptionCatalog {
    /** The storage relation holding the rows. */
    public static final String RELATION = "pg_catalog.pg_description";

    /** classoid values: the catalogs the described objects live in. */
    public static final int PG_CLASS = 1259;
    public static final int PG_TYPE = 1247;
    public static final int PG_PROC = 1255;
    public static final int PG_NAMESPACE = 2615;

    static final SystemViews.View PG_DESCRIPTION = new SystemViews.View("pg_description", SystemViews.columns(
            "objoid", PgType.OID, "classoid", PgType.OID, "objsubid", PgType.INT4, "description", PgType.TEXT),
            DescriptionCatalog::descriptions);

    static final List<SystemViews.View> ALL = List.of(PG_DESCRIPTION);

    private DescriptionCatalog() {
    }

    private static List<Object[]> descriptions(SessionServices session) {
        Transaction tx = session.transaction();
        TableDef table = tx.table(RELATION).orElse(null);
        List<Object[]> rows = new ArrayList<>();
        if (table == null) {
            addBuiltins(rows);
            return rows;
        }
        Map<Long, Integer> columns = new HashMap<>();
        for (TableDef t : SystemCatalogs.userRelations(tx)) {
            columns.put(SystemCatalogs.oid(t.oid()), t.columns().size());
            for (IndexDef i : t.indexes()) {
                columns.put(SystemCatalogs.oid(i.oid()), i.columns().size());
            }
        }
        try (RowScan scan = tx.scan(table)) {
            while (scan.hasNext()) {
                Object[] v = scan.next().values();
                long objoid = SystemCatalogs.oid((Integer) v[0]);
                int classoid = (Integer) v[1];
                int subid = (Integer) v[2];
                boolean exists = switch (classoid) {
                    case PG_CLASS -> columns.containsKey(objoid) && subid <= columns.get(objoid);
                    case PG_TYPE -> SystemTypes.typeIsVisible(session, objoid) != null;
                    case PG_PROC -> session.routines() == null || session.routines().current((int) objoid) != null;
                    default -> true;
                };
                if (exists) {
                    rows.add(new Object[] {objoid, (long) classoid, subid, v[3]});
                }
            }
        }
        addBuiltins(rows);
        return rows;
    }

    /**
     * PostgreSQL 15's descriptions of the schemas initdb makes (pg_dump compares public's with its default), unless
     * COMMENT ON gave one a description of its own. A built-in description cannot be removed here yet.
     */
    private static void addBuiltins(List<Object[]> rows) {
        Object[][] builtins = {
            {11L, "system catalog schema"}, {99L, "reserved schema for TOAST tables"},
            {2200L, "standard public schema"}};
        for (Object[] b : builtins) {
            boolean commented = rows.stream().anyMatch(r -> r[0].equals(b[0]) && r[1].equals((long) PG_NAMESPACE));
            if (!commented) {
                rows.add(new Object[] {b[0], (long) PG_NAMESPACE, 0, b[1]});
            }
        }
    }

    /** The description of (objoid, classoid, objsubid), or null; {@code classoid} -1: of any catalog. */
    private static String find(SessionServices session, long objoid, long classoid, int subid) {
        for (Object[] row : descriptions(session)) {
            if ((Long) row[0] == objoid && (classoid < 0 || (Long) row[1] == classoid) && (Integer) row[2] == subid) {
                return (String) row[3];
            }
        }
        return null;
    }

    /** obj_description(oid, catalog): NULL for a catalog name pg_catalog does not have. */
    public static String objectDescription(SessionServices session, long oid, String catalog) {
        Integer classoid = switch (catalog) {
            case "pg_class" -> PG_CLASS;
            case "pg_type" -> PG_TYPE;
            case "pg_proc" -> PG_PROC;
            case "pg_namespace" -> PG_NAMESPACE;
            default -> RegClass.SYSTEM_CATALOGS.get(catalog);
        };
        return classoid == null ? null : find(session, oid, classoid, 0);
    }

    /** obj_description(oid): the deprecated form, any catalog. */
    public static String objectDescription(SessionServices session, long oid) {
        return find(session, oid, -1, 0);
    }

    /** col_description(table, attnum). */
    public static String columnDescription(SessionServices session, long table, int attnum) {
        return find(session, table, PG_CLASS, attnum);
    }
}
