/*
 * The functions psql's \d reads the catalog through (ruleutils.c and the few pg_proc entries its queries name):
 * pg_get_expr, pg_get_constraintdef, pg_get_indexdef(oid, column, pretty), pg_get_triggerdef, pg_get_viewdef (the
 * query as written), pg_partition_ancestors, pg_relation_is_publishable, obj_description, col_description,
 * shobj_description (NULL: no shared descriptions), and pg_get_statisticsobjdef_columns, which psql names over a
 * catalog that has no rows here (so it answers NULL).
 */
package osgres.sql.internal.func;

import java.util.List;

import osgres.sql.internal.catalog.ConstraintCatalogs;
import osgres.sql.internal.catalog.DescriptionCatalog;
import osgres.sql.internal.catalog.PrettyExpression;
import osgres.sql.internal.catalog.SystemCatalogs;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;

final class CatalogFunctions {
    private static final PgType OID = PgType.OID;
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType TREE = PgType.PG_NODE_TREE;

    private CatalogFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        strict.define("pg_get_expr", List.of(TREE, OID), TEXT,
                (ctx, a) -> ConstraintCatalogs.expression((String) a[0], false));
        strict.define("pg_get_expr", List.of(TREE, OID, BOOL), TEXT,
                (ctx, a) -> ConstraintCatalogs.expression((String) a[0], (Boolean) a[2]));
        strict.define("pg_get_constraintdef", List.of(OID), TEXT,
                (ctx, a) -> ConstraintCatalogs.constraintDefinition(ctx.session(), (Long) a[0], false));
        strict.define("pg_get_constraintdef", List.of(OID, BOOL), TEXT,
                (ctx, a) -> ConstraintCatalogs.constraintDefinition(ctx.session(), (Long) a[0], (Boolean) a[1]));
        strict.define("pg_get_indexdef", List.of(OID, PgType.INT4, BOOL), TEXT,
                (ctx, a) -> indexDefinition(ctx, (Long) a[0], (Integer) a[1], (Boolean) a[2]));
        strict.define("pg_relation_is_publishable", List.of(PgType.REGCLASS), BOOL,
                (ctx, a) -> SystemCatalogs.tableIsVisible(ctx.session(), ((RegClass) a[0]).oid()) != null
                        && ((RegClass) a[0]).oid() >= 16384);
        strict.define("pg_get_triggerdef", List.of(OID), TEXT, (ctx, a) -> triggerDefinition(ctx, (Long) a[0], false));
        strict.define("pg_get_triggerdef", List.of(OID, BOOL), TEXT,
                (ctx, a) -> triggerDefinition(ctx, (Long) a[0], (Boolean) a[1]));
        strict.define("pg_get_statisticsobjdef_columns", List.of(OID), TEXT, (ctx, a) -> null);
        strict.define("obj_description", List.of(OID, PgType.NAME), TEXT,
                (ctx, a) -> DescriptionCatalog.objectDescription(ctx.session(), (Long) a[0], (String) a[1]));
        strict.define("obj_description", List.of(OID), TEXT,
                (ctx, a) -> DescriptionCatalog.objectDescription(ctx.session(), (Long) a[0]));
        strict.define("col_description", List.of(OID, PgType.INT4), TEXT,
                (ctx, a) -> DescriptionCatalog.columnDescription(ctx.session(), (Long) a[0], (Integer) a[1]));
        strict.define("shobj_description", List.of(OID, PgType.NAME), TEXT, (ctx, a) -> null);
        strict.define("pg_get_viewdef", List.of(OID), TEXT, (ctx, a) -> viewDefinition(ctx, (Long) a[0], false));
        strict.define("pg_get_viewdef", List.of(OID, BOOL), TEXT,
                (ctx, a) -> viewDefinition(ctx, (Long) a[0], (Boolean) a[1]));
        registrar.define("pg_partition_ancestors", List.of(PgType.REGCLASS), PgType.REGCLASS, true, true, false,
                (ctx, a) -> ConstraintCatalogs.partitionAncestors(ctx.session(), ((RegClass) a[0]).oid()));
    }

    /**
     * pg_get_viewdef(view[, pretty]): the view's query as the session deparses it (session/ViewDeparser), else as
     * written in ruleutils' frame (a leading space, a trailing semicolon). NULL for an oid that is not a view.
     */
    private static String viewDefinition(osgres.sql.internal.utils.ExecContext ctx, long oid, boolean pretty) {
        for (osgres.storage.TableDef t : ctx.session().transaction().tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid && t.isView()) {
                String deparsed = ctx.session().viewDefinition(t, pretty);
                return deparsed != null ? deparsed : " " + t.view().query().strip() + ";";
            }
        }
        return null;
    }

    private static String triggerDefinition(osgres.sql.internal.utils.ExecContext ctx, long oid, boolean pretty) {
        var triggers = ctx.session().triggerDefinitions();
        return triggers == null ? null : triggers.definition(oid, pretty);
    }

    /** pg_get_indexdef(index, column, pretty): the whole CREATE INDEX for column 0, else that key column. */
    private static String indexDefinition(osgres.sql.internal.utils.ExecContext ctx, long oid, int column,
                                          boolean pretty) {
        if (column == 0) {
            String def = SystemCatalogs.indexDefinition(ctx.session(), oid);
            if (def == null || !pretty) {
                return def;
            }
            // pretty mode names a visible relation without its schema
            def = def.replaceFirst(" ON (ONLY )?public\\.", " ON $1");
            int where = def.indexOf(" WHERE ");
            return where < 0 ? def : def.substring(0, where + 7) + PrettyExpression.of(def.substring(where + 7));
        }
        return SystemCatalogs.indexColumn(ctx.session(), oid, column);
    }
}
