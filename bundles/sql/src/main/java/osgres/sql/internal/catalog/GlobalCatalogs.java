/*
 * The shared catalogs of the cluster as clients read them (psql's \l and \du, pg_dumpall, drivers): pg_database,
 * pg_authid with its views pg_roles and pg_user, pg_auth_members and pg_tablespace, and the per-database
 * pg_language and pg_extension, with PostgreSQL 15's column names, order and types (pg_database.h, pg_authid.h,
 * pg_auth_members.h, pg_tablespace.h, pg_language.h, pg_extension.h, system_views.sql). Rows are produced at each
 * scan: databases, roles and memberships from the storage engine (Storage.databaseNames, Storage.roles,
 * Storage.roleMemberships; the predefined roles pg_monitor... are stored there too), the rest as initdb leaves
 * them in PostgreSQL 15 (the tablespaces pg_default and pg_global, the languages internal, c, sql and plpgsql, the
 * extension plpgsql). pg_authid itself is for superusers only (42501), as initdb's REVOKE makes it; pg_roles and
 * pg_user show its rows with the password masked.
 *
 * pg_db_role_setting holds ALTER ROLE / DATABASE ... SET (rolconfig shows a role's items for every database).
 *
 * Approximations, each where the storage keeps nothing yet: every
 * database is owned by the bootstrap superuser, in UTF8, with the server's lc_collate and lc_ctype, in
 * pg_default, and datfrozenxid 3; only template0 and template1 carry an ACL, the one initdb gives them.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.DatabaseDef;
import osgres.storage.Role;
import osgres.storage.Storage;

public final class GlobalCatalogs {

    private static final PgType OID = PgType.OID;
    private static final PgType NAME = PgType.NAME;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType ACL = PgType.ACLITEM_ARRAY;
    private static final long BOOTSTRAP = Role.BOOTSTRAP_SUPERUSER_OID;
    /** pg_encoding's PG_UTF8. */
    private static final int UTF8 = 6;
    static final long PG_DEFAULT_TABLESPACE = 1663;
    static final long PG_GLOBAL_TABLESPACE = 1664;

    static final SystemViews.View PG_DATABASE = new SystemViews.View("pg_database", SystemViews.columns(
            "oid", OID, "datname", NAME, "datdba", OID, "encoding", INT4, "datlocprovider", PgType.CHAR,
            "datistemplate", BOOL, "datallowconn", BOOL, "datconnlimit", INT4, "datfrozenxid", PgType.XID,
            "datminmxid", PgType.XID, "dattablespace", OID, "datcollate", TEXT, "datctype", TEXT,
            "daticulocale", TEXT, "datcollversion", TEXT, "datacl", ACL),
            GlobalCatalogs::databases);

    static final SystemViews.View PG_AUTHID = new SystemViews.View("pg_authid", SystemViews.columns(
            "oid", OID, "rolname", NAME, "rolsuper", BOOL, "rolinherit", BOOL, "rolcreaterole", BOOL,
            "rolcreatedb", BOOL, "rolcanlogin", BOOL, "rolreplication", BOOL, "rolbypassrls", BOOL,
            "rolconnlimit", INT4, "rolpassword", TEXT, "rolvaliduntil", PgType.TIMESTAMPTZ),
            GlobalCatalogs::authid);

    /** pg_roles (system_views.sql): pg_authid with the password masked, plus rolconfig. */
    static final SystemViews.View PG_ROLES = new SystemViews.View("pg_roles", SystemViews.columns(
            "rolname", NAME, "rolsuper", BOOL, "rolinherit", BOOL, "rolcreaterole", BOOL, "rolcreatedb", BOOL,
            "rolcanlogin", BOOL, "rolreplication", BOOL, "rolconnlimit", INT4, "rolpassword", TEXT,
            "rolvaliduntil", PgType.TIMESTAMPTZ, "rolbypassrls", BOOL, "rolconfig", PgType.TEXT_ARRAY, "oid", OID),
            GlobalCatalogs::roles);

    /** pg_user (system_views.sql, over pg_shadow): the roles that can log in, the password masked. */
    static final SystemViews.View PG_USER = new SystemViews.View("pg_user", SystemViews.columns(
            "usename", NAME, "usesysid", OID, "usecreatedb", BOOL, "usesuper", BOOL, "userepl", BOOL,
            "usebypassrls", BOOL, "passwd", TEXT, "valuntil", PgType.TIMESTAMPTZ, "useconfig", PgType.TEXT_ARRAY),
            GlobalCatalogs::users);

    static final SystemViews.View PG_AUTH_MEMBERS = new SystemViews.View("pg_auth_members", SystemViews.columns(
            "roleid", OID, "member", OID, "grantor", OID, "admin_option", BOOL),
            session -> {
                List<Object[]> rows = new ArrayList<>();
                for (osgres.storage.RoleMembership m : session.storage().roleMemberships()) {
                    rows.add(new Object[] {m.roleId() & 0xFFFFFFFFL, m.member() & 0xFFFFFFFFL,
                        m.grantor() & 0xFFFFFFFFL, m.adminOption()});
                }
                return rows;
            });

    /** pg_db_role_setting: ALTER ROLE / DATABASE ... SET, from the storage (it shadows the empty built-in rows). */
    static final SystemViews.View PG_DB_ROLE_SETTING = new SystemViews.View("pg_db_role_setting",
            SystemViews.columns("setdatabase", OID, "setrole", OID, "setconfig", PgType.TEXT_ARRAY),
            session -> {
                List<Object[]> rows = new ArrayList<>();
                for (osgres.storage.RoleSetting r : session.storage().roleSettings()) {
                    rows.add(new Object[] {r.databaseOid() & 0xFFFFFFFFL, r.roleOid() & 0xFFFFFFFFL,
                        textArray(r.config())});
                }
                return rows;
            });

    static final SystemViews.View PG_TABLESPACE = new SystemViews.View("pg_tablespace", SystemViews.columns(
            "oid", OID, "spcname", NAME, "spcowner", OID, "spcacl", ACL, "spcoptions", PgType.TEXT_ARRAY),
            session -> List.of(
                    new Object[] {PG_DEFAULT_TABLESPACE, "pg_default", BOOTSTRAP, null, null},
                    new Object[] {PG_GLOBAL_TABLESPACE, "pg_global", BOOTSTRAP, null, null}));

    /** pg_language: the handler, inline and validator oids of plpgsql are those PostgreSQL 15's initdb gives. */
    static final SystemViews.View PG_LANGUAGE = new SystemViews.View("pg_language", SystemViews.columns(
            "oid", OID, "lanname", NAME, "lanowner", OID, "lanispl", BOOL, "lanpltrusted", BOOL,
            "lanplcallfoid", OID, "laninline", OID, "lanvalidator", OID, "lanacl", ACL),
            session -> List.of(
                    new Object[] {ProcCatalog.INTERNAL_LANGUAGE, "internal", BOOTSTRAP, false, false, 0L, 0L, 2246L,
                        null},
                    new Object[] {13L, "c", BOOTSTRAP, false, false, 0L, 0L, 2247L, null},
                    new Object[] {ProcCatalog.SQL_LANGUAGE, "sql", BOOTSTRAP, false, true, 0L, 0L, 2248L,
                        languageAcl(session, ProcCatalog.SQL_LANGUAGE)},
                    new Object[] {ProcCatalog.PLPGSQL_LANGUAGE, "plpgsql", BOOTSTRAP, true, true, 13560L, 13561L,
                        13562L, languageAcl(session, ProcCatalog.PLPGSQL_LANGUAGE)}));

    /** lanacl as GRANT ... ON LANGUAGE left it in this database (LanguageAcls), NULL while never changed. */
    private static Object languageAcl(osgres.sql.internal.utils.SessionServices session, long oid) {
        return Privileges.array(session, LanguageAcls.stored(session.transaction(), oid));
    }

    static final SystemViews.View PG_EXTENSION = new SystemViews.View("pg_extension", SystemViews.columns(
            "oid", OID, "extname", NAME, "extowner", OID, "extnamespace", OID, "extrelocatable", BOOL,
            "extversion", TEXT, "extconfig", PgType.OID_ARRAY, "extcondition", PgType.TEXT_ARRAY),
            session -> List.<Object[]>of(new Object[] {
                13559L, "plpgsql", BOOTSTRAP, Namespaces.PG_CATALOG, false, "1.0", null, null}));

    /** These, and pg_proc and pg_settings (ProcCatalog, SettingsCatalog), as SystemViews registers them. */
    static final List<SystemViews.View> ALL = List.of(PG_DATABASE, PG_AUTHID, PG_ROLES, PG_USER, PG_AUTH_MEMBERS,
            PG_DB_ROLE_SETTING,
            PG_TABLESPACE, PG_LANGUAGE, PG_EXTENSION, ProcCatalog.PG_PROC, SettingsCatalog.PG_SETTINGS);

    private GlobalCatalogs() {
    }


    // ---- pg_database --------------------------------------------------------------------------------------

    private static List<Object[]> databases(SessionServices session) {
        Storage storage = session.storage();
        String collate = session.gucs().showIfExists("lc_collate");
        String ctype = session.gucs().showIfExists("lc_ctype");
        List<Object[]> rows = new ArrayList<>();
        for (String name : storage.databaseNames()) {
            OptionalInt oid = storage.databaseOid(name);
            Optional<DatabaseDef> db = oid.isEmpty() ? Optional.empty() : storage.databaseDef(oid.getAsInt());
            if (db.isEmpty()) {
                continue;
            }
            boolean template = name.equals("template0") || name.equals("template1");
            rows.add(new Object[] {
                oid.getAsInt() & 0xFFFFFFFFL, name, db.get().owner() & 0xFFFFFFFFL, UTF8, "c", template,
                !name.equals("template0"), -1, 3L, 1L, PG_DEFAULT_TABLESPACE, collate, ctype, null, null,
                Privileges.array(session, DatabasePrivileges.shownAcl(db.get()))});
        }
        rows.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        return rows;
    }

    // ---- pg_authid, pg_roles, pg_user ---------------------------------------------------------------------

    /** pg_authid itself: initdb revokes SELECT on it from PUBLIC, for it holds the password secrets. */
    private static List<Object[]> authid(SessionServices session) {
        if (!session.gucs().currentUserIsSuperuser()) {
            throw osgres.api.PgException.error(osgres.api.SqlState.INSUFFICIENT_PRIVILEGE,
                    "permission denied for table pg_authid");
        }
        return authidRows(session);
    }

    /** One role's attributes, in pg_authid's column order, by oid. */
    private static List<Object[]> authidRows(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        List<Role> stored = new ArrayList<>(session.storage().roles());
        stored.sort(java.util.Comparator.comparingLong(r -> r.oid() & 0xFFFFFFFFL));
        for (Role r : stored) {
            rows.add(new Object[] {
                r.oid() & 0xFFFFFFFFL, r.name(), r.superuser(), r.inherit(), r.createRole(), r.createDb(),
                r.canLogin(), r.replication(), r.bypassRls(), r.connectionLimit(), r.password(),
                r.validUntil() == null ? null
                        : osgres.sql.internal.utils.DateTimeValues.timestamptzOfMicros(r.validUntil())});
        }
        return rows;
    }

    private static List<Object[]> roles(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] a : authidRows(session)) {
            rows.add(new Object[] {a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[9], "********", a[11], a[8],
                roleConfig(session, (Long) a[0]), a[0]});
        }
        return rows;
    }

    /** rolconfig / useconfig: the role's ALTER ROLE ... SET items for every database, NULL for none. */
    private static Object roleConfig(SessionServices session, long roleOid) {
        for (osgres.storage.RoleSetting r : session.storage().roleSettings()) {
            if (r.databaseOid() == 0 && (r.roleOid() & 0xFFFFFFFFL) == roleOid) {
                return textArray(r.config());
            }
        }
        return null;
    }

    private static Object textArray(List<String> items) {
        return PgArrays.of(PgType.TEXT, List.copyOf(items));
    }

    private static List<Object[]> users(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] a : authidRows(session)) {
            if ((Boolean) a[6]) {
                rows.add(new Object[] {a[1], a[0], a[5], a[2], a[7], a[8], "********", a[11],
                    roleConfig(session, (Long) a[0])});
            }
        }
        return rows;
    }
}
