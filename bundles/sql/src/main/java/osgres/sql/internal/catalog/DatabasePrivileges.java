/*
 * Privileges on databases and schemas (aclchk.c's pg_database_aclmask and pg_namespace_aclmask, acldefault for
 * OBJECT_DATABASE and OBJECT_SCHEMA, and initdb's ACLs of the fixed schemas): each database's owner and datacl,
 * and its schemas' owners and nspacl, as pg_database keeps them (osgres.storage.DatabaseDef), with the initial
 * values PostgreSQL 15's initdb gives where nothing was changed:
 *  - a database: NULL datacl, so acldefault: {@code =Tc/owner} and {@code owner=CTc/owner}; template0 and
 *    template1 {@code =c/owner} and {@code owner=CTc/owner} (initdb's setup_privileges revokes TEMP from them);
 *  - public: owned by pg_database_owner, {@code pg_database_owner=UC/pg_database_owner} and
 *    {@code =U/pg_database_owner};
 *  - pg_catalog and information_schema: owned by the bootstrap superuser, {@code owner=UC/owner} and {@code =U/owner};
 *  - pg_toast and a backend's pg_temp_N: the bootstrap superuser's, NULL nspacl (acldefault: {@code owner=UC/owner}).
 * Whether a role holds a privilege is Privileges.mask's answer over these ACLs (role inheritance, PUBLIC,
 * superusers); the current database's owner holds pg_database_owner's privileges (Privileges.hasPrivsOfRole).
 *
 * Not here: GRANT/REVOKE (GrantCommands), the checks (connection start, CREATE TEMP TABLE, CREATE in a schema).
 */
package osgres.sql.internal.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.RoleGraph;
import osgres.sql.internal.utils.SessionServices;
import osgres.storage.AclItem;
import osgres.storage.DatabaseDef;
import osgres.storage.ObjectAcl;
import osgres.storage.Role;

public final class DatabasePrivileges {
    /** ACL_ALL_RIGHTS_DATABASE. */
    public static final int ALL_RIGHTS_DATABASE = Privileges.CREATE | Privileges.CREATE_TEMP | Privileges.CONNECT;
    /** ACL_ALL_RIGHTS_SCHEMA. */
    public static final int ALL_RIGHTS_SCHEMA = Privileges.USAGE | Privileges.CREATE;
    private static final int BOOTSTRAP = Role.BOOTSTRAP_SUPERUSER_OID;
    private static final int PG_DATABASE_OWNER = (int) Namespaces.PG_DATABASE_OWNER;

    private DatabasePrivileges() {
    }

    /** The database's pg_database entry, empty if it is gone. */
    public static Optional<DatabaseDef> database(SessionServices session, int oid) {
        return session.storage().databaseDef(oid);
    }

    /** The current database's owner (datdba), the bootstrap superuser if it cannot be read. */
    public static int currentDatabaseOwner(SessionServices session) {
        return database(session, session.databaseOid()).map(DatabaseDef::owner).orElse(BOOTSTRAP);
    }

    /** datacl, its initial value where it is NULL. */
    public static List<AclItem> acl(DatabaseDef db) {
        if (db.acl() != null) {
            return db.acl();
        }
        int owner = db.owner();
        int publicRights = db.name().equals("template0") || db.name().equals("template1")
                ? Privileges.CONNECT : Privileges.CONNECT | Privileges.CREATE_TEMP;
        return List.of(new AclItem(Privileges.PUBLIC, owner, publicRights, 0),
                new AclItem(owner, owner, ALL_RIGHTS_DATABASE, 0));
    }

    /** datacl as pg_database shows it: NULL while never changed, except the templates' (initdb sets theirs). */
    public static List<AclItem> shownAcl(DatabaseDef db) {
        boolean template = db.name().equals("template0") || db.name().equals("template1");
        return db.acl() != null || template ? acl(db) : null;
    }

    /** pg_database_aclmask: which of {@code mask} {@code role} holds on the database. */
    public static int databaseMask(SessionServices session, DatabaseDef db, int role, int mask) {
        return Privileges.mask(session, acl(db), db.owner(), role, mask);
    }

    /**
     * CheckMyDatabase's pg_database_aclcheck(ACL_CONNECT) for the login role, before a session exists: a superuser
     * may always; otherwise an entry of datacl for PUBLIC or for a role whose privileges it has gives CONNECT.
     */
    public static boolean mayConnect(RoleGraph graph, DatabaseDef db, int role) {
        if (graph.isSuperuser(role)) {
            return true;
        }
        for (AclItem item : acl(db)) {
            if ((item.privileges() & Privileges.CONNECT) != 0 && (item.grantee() == Privileges.PUBLIC
                    || graph.hasPrivsOfRole(role, item.grantee(), db.owner()))) {
                return true;
            }
        }
        return false;
    }

    /** The fixed schemas of a database, in pg_namespace's order (not the backend's temporary ones). */
    public static final List<String> FIXED_SCHEMAS = List.of("pg_toast", "pg_catalog", "public",
            "information_schema");

    /** Whether {@code name} is a schema osgres has (a fixed one or a pg_temp_N / pg_toast_temp_N). */
    public static boolean schemaExists(String name) {
        return FIXED_SCHEMAS.contains(name) || TemporaryTables.isTemporarySchema(name)
                || name.matches("pg_toast_temp_\\d+");
    }

    /** A schema's owner and nspacl (null nspacl: acldefault) in database {@code db}. */
    public static ObjectAcl schema(DatabaseDef db, String name) {
        ObjectAcl changed = db.schemas().get(name);
        if (changed != null) {
            return changed;
        }
        return switch (name) {
            case "public" -> new ObjectAcl(PG_DATABASE_OWNER, List.of(
                    new AclItem(PG_DATABASE_OWNER, PG_DATABASE_OWNER, ALL_RIGHTS_SCHEMA, 0),
                    new AclItem(Privileges.PUBLIC, PG_DATABASE_OWNER, Privileges.USAGE, 0)), Map.of());
            case "pg_catalog", "information_schema" -> new ObjectAcl(BOOTSTRAP, List.of(
                    new AclItem(BOOTSTRAP, BOOTSTRAP, ALL_RIGHTS_SCHEMA, 0),
                    new AclItem(Privileges.PUBLIC, BOOTSTRAP, Privileges.USAGE, 0)), Map.of());
            default -> new ObjectAcl(BOOTSTRAP, null, Map.of());
        };
    }

    /** A schema's owner and nspacl in the current database. */
    public static ObjectAcl schema(SessionServices session, String name) {
        return database(session, session.databaseOid()).map(db -> schema(db, name))
                .orElseGet(() -> schema(new DatabaseDef(0, "", BOOTSTRAP, null, Map.of()), name));
    }

    /** nspacl, acldefault where it is NULL. */
    public static List<AclItem> schemaAcl(ObjectAcl schema) {
        return schema.acl() != null ? schema.acl()
                : List.of(new AclItem(schema.owner(), schema.owner(), ALL_RIGHTS_SCHEMA, 0));
    }

    /** pg_namespace_aclmask: which of {@code mask} {@code role} holds on a schema of the current database. */
    public static int schemaMask(SessionServices session, String name, int role, int mask) {
        if (name.startsWith("pg_temp_") || name.startsWith("pg_toast_temp_")) {
            // a temporary schema: everyone may use it; CREATE only with TEMP on the database
            int held = mask & Privileges.USAGE;
            if ((mask & Privileges.CREATE) != 0 && hasDatabasePrivilege(session, role, Privileges.CREATE_TEMP)) {
                held |= Privileges.CREATE;
            }
            return held;
        }
        ObjectAcl schema = schema(session, name);
        return Privileges.mask(session, schemaAcl(schema), schema.owner(), role, mask);
    }

    /** pg_database_aclcheck(MyDatabaseId, role, privilege) == ACLCHECK_OK. */
    public static boolean hasDatabasePrivilege(SessionServices session, int role, int privilege) {
        Optional<DatabaseDef> db = database(session, session.databaseOid());
        return db.isEmpty() || databaseMask(session, db.get(), role, privilege) == privilege;
    }

    /**
     * The check before a relation, view, sequence or type is made in {@code schema}: CREATE on it, else 42501
     * {@code permission denied for schema %s} (RangeVarGetAndCheckCreationNamespace, DefineType...). A temporary
     * table checks TEMP on the database instead (see {@link #checkCreateTemporary}).
     */
    public static void checkCreateIn(SessionServices session, String schema) {
        int user = Privileges.currentUserOid(session);
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        if (schemaMask(session, schema, user, Privileges.CREATE) == 0) {
            throw permissionDeniedForSchema(schema);
        }
    }

    /** USAGE on a schema a name was looked up in, else 42501 {@code permission denied for schema %s}. */
    public static void checkUsage(SessionServices session, String schema) {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        if (schemaMask(session, schema, Privileges.currentUserOid(session), Privileges.USAGE) == 0) {
            throw permissionDeniedForSchema(schema);
        }
    }

    /** Whether the current user may look names up in {@code schema} (a search_path entry it may not use is skipped). */
    public static boolean mayUse(SessionServices session, String schema) {
        return session.gucs().currentUserIsSuperuser()
                || schemaMask(session, schema, Privileges.currentUserOid(session), Privileges.USAGE) != 0;
    }

    /**
     * InitTempTableNamespace: TEMP on the current database, else 42501 {@code permission denied to create temporary
     * tables in database "%s"}.
     */
    public static void checkCreateTemporary(SessionServices session, String databaseName) {
        if (session.gucs().currentUserIsSuperuser()) {
            return;
        }
        if (!hasDatabasePrivilege(session, Privileges.currentUserOid(session), Privileges.CREATE_TEMP)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE,
                    "permission denied to create temporary tables in database \"" + databaseName + "\"");
        }
    }

    public static PgException permissionDeniedForSchema(String schema) {
        return Messages.permissionDenied("schema", schema);
    }
}
