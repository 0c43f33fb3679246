/*
 * The shared catalogs of the cluster as clients read them (psql's \l and \du, pg_dumpall, drivers): pg_database,
 * pg_authid with its views pg_roles and pg_user, pg_auth_members and pg_tablespace, and the per-database
 * pg_language and pg_extension, with PostgreSQL 15's column names, order and types (pg_database.h, pg_authid.h,
 * pg_auth_members.h, pg_tablespace.h, pg_language.h, pg_extension.h, system_views.sql). Rows are produced at each
 * scan: databases and roles from the storage engine (Storage.databaseNames, Storage.roles), the rest as initdb
 * leaves them in PostgreSQL 15 (the predefined roles pg_monitor... with their memberships, the tablespaces
 * pg_default and pg_global, the languages internal, c, sql and plpgsql, the extension plpgsql).
 *
 * Approximations, each where the storage keeps nothing yet: the storage keeps only a role's superuser and login
 * attributes, so the bootstrap superuser has every attribute (as initdb gives it) and every other role only those
 * two (no CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS, connection limit, password or VALID UNTIL); rolpassword is
 * NULL; every database is owned by the bootstrap superuser, in UTF8, with the server's lc_collate and lc_ctype, in
 * pg_default, and datfrozenxid 3; only template0 and template1 carry an ACL, the one initdb gives them.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
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

    /** The roles PostgreSQL 15's initdb makes besides the bootstrap superuser (pg_authid.dat), by oid. */
    private record PredefinedRole(long oid, String name) {
    }

    private static final List<PredefinedRole> PREDEFINED_ROLES = List.of(
            new PredefinedRole(3373, "pg_monitor"), new PredefinedRole(3374, "pg_read_all_settings"),
            new PredefinedRole(3375, "pg_read_all_stats"), new PredefinedRole(3377, "pg_stat_scan_tables"),
            new PredefinedRole(4200, "pg_signal_backend"), new PredefinedRole(4544, "pg_checkpoint"),
            new PredefinedRole(4569, "pg_read_server_files"), new PredefinedRole(4570, "pg_write_server_files"),
            new PredefinedRole(4571, "pg_execute_server_program"),
            new PredefinedRole(Namespaces.PG_DATABASE_OWNER, "pg_database_owner"),
            new PredefinedRole(6181, "pg_read_all_data"), new PredefinedRole(6182, "pg_write_all_data"));

    /** pg_auth_members after initdb: pg_monitor is a member of the three roles it bundles, granted by 10. */
    private static final long[][] MEMBERSHIPS = {{3374, 3373}, {3375, 3373}, {3377, 3373}};

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
                for (long[] m : MEMBERSHIPS) {
                    rows.add(new Object[] {m[0], m[1], BOOTSTRAP, false});
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
                    new Object[] {ProcCatalog.SQL_LANGUAGE, "sql", BOOTSTRAP, false, true, 0L, 0L, 2248L, null},
                    new Object[] {ProcCatalog.PLPGSQL_LANGUAGE, "plpgsql", BOOTSTRAP, true, true, 13560L, 13561L,
                        13562L, null}));

    static final SystemViews.View PG_EXTENSION = new SystemViews.View("pg_extension", SystemViews.columns(
            "oid", OID, "extname", NAME, "extowner", OID, "extnamespace", OID, "extrelocatable", BOOL,
            "extversion", TEXT, "extconfig", PgType.OID_ARRAY, "extcondition", PgType.TEXT_ARRAY),
            session -> List.<Object[]>of(new Object[] {
                13559L, "plpgsql", BOOTSTRAP, Namespaces.PG_CATALOG, false, "1.0", null, null}));

    /** These, and pg_proc and pg_settings (ProcCatalog, SettingsCatalog), as SystemViews registers them. */
    static final List<SystemViews.View> ALL = List.of(PG_DATABASE, PG_AUTHID, PG_ROLES, PG_USER, PG_AUTH_MEMBERS,
            PG_TABLESPACE, PG_LANGUAGE, PG_EXTENSION, ProcCatalog.PG_PROC, SettingsCatalog.PG_SETTINGS);

    private GlobalCatalogs() {
    }

    /** The name of a role initdb makes besides the bootstrap superuser, or null. */
    static String predefinedRoleName(long oid) {
        for (PredefinedRole r : PREDEFINED_ROLES) {
            if (r.oid() == oid) {
                return r.name();
            }
        }
        return null;
    }

    // ---- pg_database --------------------------------------------------------------------------------------

    private static List<Object[]> databases(SessionServices session) {
        Storage storage = session.storage();
        String owner = SystemCatalogs.userName(session, BOOTSTRAP);
        String collate = session.gucs().showIfExists("lc_collate");
        String ctype = session.gucs().showIfExists("lc_ctype");
        List<Object[]> rows = new ArrayList<>();
        for (String name : storage.databaseNames()) {
            OptionalInt oid = storage.databaseOid(name);
            if (oid.isEmpty()) {
                continue;
            }
            boolean template = name.equals("template0") || name.equals("template1");
            // initdb's ACL of the templates: CONNECT for PUBLIC (template1), and every right for the owner
            Object acl = template ? PgArrays.of(PgType.ACLITEM, List.of("=c/" + owner,
                    owner + "=CTc/" + owner)) : null;
            rows.add(new Object[] {
                oid.getAsInt() & 0xFFFFFFFFL, name, BOOTSTRAP, UTF8, "c", template, !name.equals("template0"), -1,
                3L, 1L, PG_DEFAULT_TABLESPACE, collate, ctype, null, null, acl});
        }
        rows.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        return rows;
    }

    // ---- pg_authid, pg_roles, pg_user ---------------------------------------------------------------------

    /** One role's attributes, in pg_authid's column order (rolpassword NULL: no passwords are kept). */
    private static List<Object[]> authid(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        List<Role> stored = new ArrayList<>(session.storage().roles());
        stored.sort(java.util.Comparator.comparingLong(r -> r.oid() & 0xFFFFFFFFL));
        for (Role r : stored) {
            boolean bootstrap = r.oid() == Role.BOOTSTRAP_SUPERUSER_OID;
            rows.add(new Object[] {
                r.oid() & 0xFFFFFFFFL, r.name(), r.superuser(), true, bootstrap, bootstrap, r.canLogin(), bootstrap,
                bootstrap, -1, null, null});
        }
        for (PredefinedRole p : PREDEFINED_ROLES) {
            rows.add(new Object[] {p.oid(), p.name(), false, true, false, false, false, false, false, -1, null, null});
        }
        rows.sort(java.util.Comparator.comparingLong(r -> (Long) r[0]));
        return rows;
    }

    private static List<Object[]> roles(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] a : authid(session)) {
            rows.add(new Object[] {a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[9], "********", a[11], a[8], null,
                a[0]});
        }
        return rows;
    }

    private static List<Object[]> users(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Object[] a : authid(session)) {
            if ((Boolean) a[6]) {
                rows.add(new Object[] {a[1], a[0], a[5], a[2], a[7], a[8], "********", a[11], null});
            }
        }
        return rows;
    }
}
