/*
 * pg_partitioned_table (pg_partitioned_table.h) and pg_get_partkeydef: one row per partitioned table the
 * transaction sees, read from the partition key osgres keeps as its text ({@code RANGE (k)}, {@code LIST (a, b)}):
 * the strategy, the key columns' numbers (0 for an expression), their default operator classes (btree's, hash's
 * for HASH) from pg_opclass, their collations, and the default partition's oid. Approximations: partexprs is NULL
 * (expression keys show attnum 0 without their tree), and an explicit operator class in the key is not shown.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class PartitionCatalog {

    static final SystemViews.View PG_PARTITIONED_TABLE = new SystemViews.View("pg_partitioned_table",
            SystemViews.columns("partrelid", PgType.OID, "partstrat", PgType.CHAR, "partnatts", PgType.INT2,
                    "partdefid", PgType.OID, "partattrs", PgType.INT2VECTOR, "partclass", PgType.OIDVECTOR,
                    "partcollation", PgType.OIDVECTOR, "partexprs", PgType.PG_NODE_TREE),
            PartitionCatalog::rows);

    static final List<SystemViews.View> ALL = List.of(PG_PARTITIONED_TABLE);

    private PartitionCatalog() {
    }

    private static List<Object[]> rows(SessionServices session) {
        Transaction tx = session.transaction();
        List<TableDef> relations = SystemCatalogs.userRelations(tx);
        List<Object[]> rows = new ArrayList<>();
        for (TableDef t : relations) {
            if (!t.isPartitioned()) {
                continue;
            }
            String key = t.inheritance().partitionKey();
            String strategy = key.substring(0, key.indexOf(' ')).toLowerCase(Locale.ROOT);
            String[] items = key.substring(key.indexOf('(') + 1, key.lastIndexOf(')')).split(",\\s*");
            StringBuilder attrs = new StringBuilder();
            StringBuilder classes = new StringBuilder();
            StringBuilder collations = new StringBuilder();
            for (String item : items) {
                String name = item.startsWith("\"") ? item.substring(1, item.length() - 1).replace("\"\"", "\"") : item;
                int column = t.columnIndex(name);
                PgType type = column < 0 ? null : PgType.byOid(t.columns().get(column).typeOid());
                String sep = attrs.isEmpty() ? "" : " ";
                attrs.append(sep).append(column + 1);
                classes.append(sep).append(type == null ? 0
                        : BuiltinCatalogs.defaultOpclass(type, strategy.equals("hash")));
                collations.append(sep).append(type == PgType.NAME ? 950 : type != null && type.isString() ? 100 : 0);
            }
            long defaultPartition = 0;
            for (TableDef child : relations) {
                if (child.inheritance().parents().contains(t.oid())
                        && "DEFAULT".equals(child.inheritance().partitionBound())) {
                    defaultPartition = SystemCatalogs.oid(child.oid());
                }
            }
            rows.add(new Object[] {
                SystemCatalogs.oid(t.oid()), strategy.substring(0, 1), (short) items.length, defaultPartition,
                attrs.toString(), classes.toString(), collations.toString(), null});
        }
        return rows;
    }

    /** pg_get_partkeydef: the partition key as written ({@code RANGE (k)}); null for another relation. */
    public static String keyDefinition(SessionServices session, long oid) {
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            if (SystemCatalogs.oid(t.oid()) == oid && t.isPartitioned()) {
                return t.inheritance().partitionKey();
            }
        }
        return null;
    }
}
