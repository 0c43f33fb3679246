/*
 * pg_has_role in its six forms (acl.c pg_has_role_*: user by name or oid, or current_user; role by name or oid):
 * MEMBER asks is_member_of_role, USAGE has_privs_of_role (membership through INHERIT roles), and either WITH ADMIN
 * (or GRANT) OPTION is_admin_of_role. The privilege text is a comma list, case and blanks ignored (22023
 * unrecognized privilege type otherwise); a role named that does not exist is 42704.
 */
package osgres.sql.internal.func;

import java.util.List;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RoleGraph;

final class RoleFunctions {
    private static final PgType NAME = PgType.NAME;
    private static final PgType OID = PgType.OID;
    private static final PgType TEXT = PgType.TEXT;

    private RoleFunctions() {
    }

    static void define(Functions.Registrar registrar) {
        BuiltinFunctions.Definer strict = (name, args, result, impl) -> registrar.define(name, args, result, true,
                false, false, impl);
        strict.define("pg_has_role", List.of(NAME, NAME, TEXT), PgType.BOOL,
                (ctx, a) -> hasRole(ctx, oidOf(ctx, (String) a[0]), oidOf(ctx, (String) a[1]), (String) a[2]));
        strict.define("pg_has_role", List.of(NAME, OID, TEXT), PgType.BOOL,
                (ctx, a) -> hasRole(ctx, oidOf(ctx, (String) a[0]), (int) (long) (Long) a[1], (String) a[2]));
        strict.define("pg_has_role", List.of(OID, NAME, TEXT), PgType.BOOL,
                (ctx, a) -> hasRole(ctx, (int) (long) (Long) a[0], oidOf(ctx, (String) a[1]), (String) a[2]));
        strict.define("pg_has_role", List.of(OID, OID, TEXT), PgType.BOOL,
                (ctx, a) -> hasRole(ctx, (int) (long) (Long) a[0], (int) (long) (Long) a[1], (String) a[2]));
        strict.define("pg_has_role", List.of(NAME, TEXT), PgType.BOOL, (ctx, a) -> hasRole(ctx,
                ctx.session().gucs().currentUserOid(), oidOf(ctx, (String) a[0]), (String) a[1]));
        strict.define("pg_has_role", List.of(OID, TEXT), PgType.BOOL, (ctx, a) -> hasRole(ctx,
                ctx.session().gucs().currentUserOid(), (int) (long) (Long) a[0], (String) a[1]));
    }

    private static int oidOf(ExecContext ctx, String name) {
        return ctx.session().gucs().roleGraph().role(name).orElseThrow(() -> Messages.roleDoesNotExist(name)).oid();
    }

    /** pg_role_aclcheck after convert_role_priv_string. */
    private static boolean hasRole(ExecContext ctx, int member, int role, String privileges) {
        boolean admin = false;
        boolean memberOf = false;
        boolean usage = false;
        for (String part : privileges.split(",", -1)) {
            String p = part.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            switch (p) {
                case "USAGE" -> usage = true;
                case "MEMBER" -> memberOf = true;
                case "USAGE WITH GRANT OPTION", "USAGE WITH ADMIN OPTION", "MEMBER WITH GRANT OPTION",
                     "MEMBER WITH ADMIN OPTION" -> admin = true;
                default -> throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "unrecognized privilege type: \"" + part.strip() + "\"");
            }
        }
        RoleGraph graph = ctx.session().gucs().roleGraph();
        int databaseOwner = osgres.sql.internal.catalog.DatabasePrivileges.currentDatabaseOwner(ctx.session());
        return admin && graph.isAdminOfRole(member, role)
                || memberOf && graph.isMemberOfRole(member, role, databaseOwner)
                || usage && graph.hasPrivsOfRole(member, role, databaseOwner);
    }
}
