/*
 * The functions that describe pg_proc's rows as ruleutils.c and namespace.c do (psql's \df, pg_dump):
 * pg_get_function_arguments, pg_get_function_identity_arguments, pg_get_function_result, pg_get_function_sqlbody
 * and pg_function_is_visible, each NULL for an oid no routine has. The rows and their reading are in
 * catalog.ProcCatalog; pg_get_function_sqlbody is NULL for every function (osgres keeps no deparsed body).
 */
package osgres.sql.internal.func;

import java.util.List;

import osgres.sql.internal.catalog.ProcCatalog;
import osgres.sql.internal.utils.PgType;

final class ProcFunctions {

    private ProcFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer stable = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        List<PgType> oid = List.of(PgType.OID);
        stable.define("pg_get_function_arguments", oid, PgType.TEXT,
                (ctx, a) -> ProcCatalog.arguments(ctx.session(), (Long) a[0]));
        stable.define("pg_get_function_arg_default", List.of(PgType.OID, PgType.INT4), PgType.TEXT,
                (ctx, a) -> ProcCatalog.argumentDefault(ctx.session(), (Long) a[0], (Integer) a[1]));
        stable.define("pg_get_function_identity_arguments", oid, PgType.TEXT,
                (ctx, a) -> ProcCatalog.identityArguments(ctx.session(), (Long) a[0]));
        stable.define("pg_get_function_result", oid, PgType.TEXT,
                (ctx, a) -> ProcCatalog.result(ctx.session(), (Long) a[0]));
        stable.define("pg_get_function_sqlbody", oid, PgType.TEXT, (ctx, a) -> null);
        stable.define("pg_function_is_visible", oid, PgType.BOOL,
                (ctx, a) -> ProcCatalog.isVisible(ctx.session(), (Long) a[0]));
    }
}
