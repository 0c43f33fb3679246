/*
 * CREATE/ALTER/DROP ROLE, ALTER ROLE ... RENAME TO and GRANT/REVOKE role (commands/user.c: CreateRole, AlterRole,
 * DropRole, RenameRole, GrantRole with AddRoleMems/DelRoleMems), with PostgreSQL 15's permission rules and messages:
 *  - CREATE ROLE needs CREATEROLE, and superuser for SUPERUSER, REPLICATION or BYPASSRLS; names starting pg_ are
 *    reserved (42939);
 *  - ALTER ROLE of a superuser or replication role, or changing those attributes or BYPASSRLS, needs superuser;
 *    without CREATEROLE a role may only change its own password;
 *  - a password is stored per password_encryption (PasswordSecrets), an already hashed one as given, '' clears it
 *    with a NOTICE; a rename clears an MD5 password (it is salted with the name);
 *  - GRANT/REVOKE role needs CREATEROLE or ADMIN OPTION on the role (superuser for a superuser role); loops are
 *    refused, pg_database_owner takes no explicit members.
 * Each statement's catalog change commits on its own (RoleCatalog), as CREATE DATABASE does.
 */
package osgres.sql.internal.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.api.PasswordSecrets;
import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.DateTimeValues;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RoleGraph;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.Role;
import osgres.storage.RoleMembership;
import osgres.storage.Storage;

final class RoleCommands {

    private RoleCommands() {
    }

    /** The options of one statement by name, each at most once (errorConflictingDefElem otherwise). */
    private static Map<String, UtilityCommand.RoleOption> options(List<UtilityCommand.RoleOption> list) {
        Map<String, UtilityCommand.RoleOption> byName = new HashMap<>();
        for (UtilityCommand.RoleOption o : list) {
            if (o.name().equals("sysid")) {
                continue;
            }
            if (byName.putIfAbsent(o.name(), o) != null) {
                throw Messages.conflictingOptions(o.location() + 1);
            }
        }
        return byName;
    }

    private static boolean flag(Map<String, UtilityCommand.RoleOption> o, String name, boolean otherwise) {
        UtilityCommand.RoleOption option = o.get(name);
        return option == null ? otherwise : (Boolean) option.value();
    }

    @SuppressWarnings("unchecked")
    private static List<UtilityCommand.RoleName> roleList(Map<String, UtilityCommand.RoleOption> o, String name) {
        UtilityCommand.RoleOption option = o.get(name);
        return option == null ? List.of() : (List<UtilityCommand.RoleName>) option.value();
    }

    static String create(UtilityCommand.CreateRole c, SqlSessionImpl session) {
        for (UtilityCommand.RoleOption o : c.options()) {
            if (o.name().equals("sysid")) {
                session.addNotice(notice("SYSID can no longer be specified"));
            }
        }
        Map<String, UtilityCommand.RoleOption> o = options(c.options());
        int connectionLimit = connectionLimit(o, -1);
        boolean superuser = flag(o, "superuser", false);
        boolean replication = flag(o, "isreplication", false);
        boolean bypassRls = flag(o, "bypassrls", false);
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        int me = gucs.currentUserOid();
        if (superuser) {
            requireSuperuser(graph, me, "must be superuser to create superusers");
        } else if (replication) {
            requireSuperuser(graph, me, "must be superuser to create replication users");
        } else if (bypassRls) {
            requireSuperuser(graph, me, "must be superuser to create bypassrls users");
        } else if (!haveCreateRole(graph, me)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to create role");
        }
        checkNotReserved(c.name());
        Storage storage = session.storage();
        if (storage.role(c.name()).isPresent()) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "role \"" + c.name() + "\" already exists");
        }
        Role role = new Role(0, c.name(), superuser, flag(o, "inherit", true), flag(o, "createrole", false),
                flag(o, "createdb", false), flag(o, "canlogin", c.user()), replication, bypassRls, connectionLimit,
                password(o, c.name(), null, session), validUntil(o, null, session));
        // the memberships are checked before anything is stored, so a refused one leaves no role behind
        List<UtilityCommand.RoleName> addRoleTo = roleList(o, "addroleto");
        List<UtilityCommand.RoleName> admins = roleList(o, "adminmembers");
        List<UtilityCommand.RoleName> members = roleList(o, "rolemembers");
        List<Integer> addRoleToOids = new ArrayList<>();
        for (UtilityCommand.RoleName r : addRoleTo) {
            Role granted = resolve(r, session);
            checkMayChangeMembers(graph, me, me, granted);
            addRoleToOids.add(granted.oid());
        }
        List<Integer> adminOids = resolveAll(admins, session);
        List<Integer> memberOids = resolveAll(members, session);
        Role created = storage.createRole(role);
        for (int granted : addRoleToOids) {
            storage.grantRoleMembership(new RoleMembership(granted, created.oid(), me, false));
        }
        for (int member : adminOids) {
            storage.grantRoleMembership(new RoleMembership(created.oid(), member, me, true));
        }
        for (int member : memberOids) {
            storage.grantRoleMembership(new RoleMembership(created.oid(), member, me, false));
        }
        session.catalogChanged();
        return "CREATE ROLE";
    }

    static String alter(UtilityCommand.AlterRole a, SqlSessionImpl session) {
        Map<String, UtilityCommand.RoleOption> o = options(a.options());
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        int me = gucs.currentUserOid();
        Role role = resolve(a.role(), session);
        int connectionLimit = connectionLimit(o, role.connectionLimit());
        if (role.superuser() || o.containsKey("superuser")) {
            requireSuperuser(graph, me, "must be superuser to alter superuser roles or change superuser attribute");
        } else if (role.replication() || o.containsKey("isreplication")) {
            requireSuperuser(graph, me,
                    "must be superuser to alter replication roles or change replication attribute");
        } else if (o.containsKey("bypassrls")) {
            requireSuperuser(graph, me, "must be superuser to change bypassrls attribute");
        } else if (!haveCreateRole(graph, me)) {
            boolean onlyPassword = o.size() == 1 && o.containsKey("password");
            if (!onlyPassword || role.oid() != me) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied");
            }
        }
        String password = role.password();
        if (o.containsKey("password")) {
            password = password(o, role.name(), null, session);
        }
        Role changed = new Role(role.oid(), role.name(), flag(o, "superuser", role.superuser()),
                flag(o, "inherit", role.inherit()), flag(o, "createrole", role.createRole()),
                flag(o, "createdb", role.createDb()), flag(o, "canlogin", role.canLogin()),
                flag(o, "isreplication", role.replication()), flag(o, "bypassrls", role.bypassRls()),
                connectionLimit, password, validUntil(o, role.validUntil(), session));
        List<UtilityCommand.RoleName> members = a.action() != 0 ? roleList(o, "rolemembers") : List.of();
        List<Integer> memberOids = resolveAll(members, session);
        if (!memberOids.isEmpty()) {
            checkMayChangeMembers(graph, me, me, role);
        }
        Storage storage = session.storage();
        storage.alterRole(role.name(), changed);
        for (int i = 0; i < memberOids.size(); i++) {
            if (a.action() > 0) {
                addMember(storage, graph, role, memberOids.get(i), members.get(i), me, false, session);
            } else if (!storage.revokeRoleMembership(role.oid(), memberOids.get(i), false)) {
                session.addNotice(warning("role \"" + members.get(i).display()
                        + "\" is not a member of role \"" + role.name() + "\""));
            }
        }
        session.catalogChanged();
        return "ALTER ROLE";
    }

    static String rename(UtilityCommand.RenameRole r, SqlSessionImpl session) {
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        Role role = graph.role(r.name()).orElseThrow(() -> Messages.roleDoesNotExist(r.name()));
        if (role.oid() == gucs.sessionUserOid()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "session user cannot be renamed");
        }
        if (role.oid() == gucs.currentUserOid()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "current user cannot be renamed");
        }
        checkNotReserved(role.name());
        checkNotReserved(r.newName());
        if (graph.role(r.newName()).isPresent()) {
            throw PgException.error(SqlState.DUPLICATE_OBJECT, "role \"" + r.newName() + "\" already exists");
        }
        int me = gucs.currentUserOid();
        if (role.superuser()) {
            requireSuperuser(graph, me, "must be superuser to rename superusers");
        } else if (!haveCreateRole(graph, me)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to rename role");
        }
        Role renamed = role.withName(r.newName());
        if (role.password() != null && PasswordSecrets.kind(role.password()) == PasswordSecrets.Kind.MD5) {
            renamed = renamed.withPassword(null);
            session.addNotice(notice("MD5 password cleared because of role rename"));
        }
        session.storage().alterRole(role.name(), renamed);
        session.catalogChanged();
        return "ALTER ROLE";
    }

    /**
     * AlterRoleSet / AlterDatabaseSet: a superuser role's settings need a superuser, another's CREATEROLE or being
     * that role; ALTER ROLE ALL and ALTER DATABASE need a superuser (osgres keeps no database owners to ask). The
     * item is validated now and applied at the next connection start.
     */
    static String alterSetting(UtilityCommand.AlterRoleSet a, SqlSessionImpl session) {
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        int me = gucs.currentUserOid();
        int roleOid = 0;
        if (a.role() != null) {
            Role role = resolve(a.role(), session);
            if (role.superuser()) {
                requireSuperuser(graph, me, "must be superuser to alter superusers");
            } else if (!haveCreateRole(graph, me) && role.oid() != me) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied");
            }
            roleOid = role.oid();
        }
        int databaseOid = 0;
        if (a.database() != null) {
            databaseOid = session.storage().databaseOid(a.database())
                    .orElseThrow(() -> Messages.databaseDoesNotExist(a.database()));
            int owner = session.storage().databaseDef(databaseOid).map(osgres.storage.DatabaseDef::owner)
                    .orElse(osgres.storage.Role.BOOTSTRAP_SUPERUSER_OID);
            if (a.role() == null && !Privileges.currentUserHasPrivsOf(session, owner)) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of database " + a.database());
            }
        }
        if (a.role() == null && a.database() == null) {
            requireSuperuser(graph, me, "must be superuser to alter settings globally");
        }
        List<String> config = new ArrayList<>();
        for (osgres.storage.RoleSetting s : session.storage().roleSettings()) {
            if (s.databaseOid() == databaseOid && s.roleOid() == roleOid) {
                config.addAll(s.config());
            }
        }
        if (a.name() == null) {
            config.clear();
        } else {
            if (a.values() == null) {
                gucs.checkKnownParameter(a.name());
            }
            String item = a.values() == null ? null : gucs.storedSettingItem(a.name(), String.join(", ", a.values()));
            String key = (item == null ? a.name() : item.substring(0, item.indexOf('='))).toLowerCase(
                    java.util.Locale.ROOT);
            int at = -1;
            for (int i = 0; i < config.size(); i++) {
                String existing = config.get(i);
                int eq = existing.indexOf('=');
                if (eq > 0 && existing.substring(0, eq).toLowerCase(java.util.Locale.ROOT).equals(key)) {
                    at = i;
                }
            }
            if (item == null) {
                if (at >= 0) {
                    config.remove(at);
                }
            } else if (at >= 0) {
                config.set(at, item);
            } else {
                config.add(item);
            }
        }
        session.storage().putRoleSetting(databaseOid, roleOid, config);
        session.catalogChanged();
        return a.forDatabaseOnly() ? "ALTER DATABASE" : "ALTER ROLE";
    }

    static String drop(UtilityCommand.DropRole d, SqlSessionImpl session) {
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        int me = gucs.currentUserOid();
        if (!haveCreateRole(graph, me)) {
            throw Messages.permissionDeniedToDropRole();
        }
        Storage storage = session.storage();
        for (UtilityCommand.RoleName name : d.names()) {
            if (name.name() == null) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "cannot use special role specifier in DROP ROLE");
            }
            var role = storage.role(name.name());
            if (role.isEmpty()) {
                if (!d.ifExists()) {
                    throw Messages.roleDoesNotExist(name.name());
                }
                session.addNotice(Messages.roleSkipping(name.name()));
                continue;
            }
            int oid = role.get().oid();
            if (oid == me) {
                throw Messages.currentUserCannotBeDropped();
            }
            if (oid == gucs.sessionUserOid()) {
                throw Messages.sessionUserCannotBeDropped();
            }
            if (role.get().superuser() && !graph.isSuperuser(me)) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to drop superusers");
            }
            if (oid == Role.BOOTSTRAP_SUPERUSER_OID || oid < osgres.sql.internal.utils.RegClass.FIRST_NORMAL_OBJECT_ID) {
                throw Messages.roleRequiredBySystem(name.name());
            }
            String dependents = OwnerCommands.sharedDependencies(session, oid);
            if (dependents != null) {
                throw PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "role \"" + name.name()
                        + "\" cannot be dropped because some objects depend on it").withDetail(dependents);
            }
            storage.dropRole(name.name());
        }
        session.catalogChanged();
        return "DROP ROLE";
    }

    static String grant(UtilityCommand.GrantRole g, SqlSessionImpl session) {
        var gucs = session.gucs();
        RoleGraph graph = gucs.roleGraph();
        int me = gucs.currentUserOid();
        int grantor = g.grantor() == null ? me : resolve(g.grantor(), session).oid();
        List<Integer> grantees = resolveAll(g.grantees(), session);
        Storage storage = session.storage();
        for (String roleName : g.roles()) {
            Role role = graph.role(roleName).orElseThrow(() -> Messages.roleDoesNotExist(roleName));
            if (grantees.isEmpty()) {
                continue;
            }
            if (g.grant()) {
                checkMayChangeMembers(graph, me, grantor, role);
                if (role.oid() == RoleGraph.PG_DATABASE_OWNER) {
                    throw PgException.error(SqlState.INTERNAL_ERROR,
                            "role \"" + role.name() + "\" cannot have explicit members");
                }
                if (grantor != me && !graph.isSuperuser(me)) {
                    throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to set grantor");
                }
                for (int i = 0; i < grantees.size(); i++) {
                    addMember(storage, gucs.roleGraph(), role, grantees.get(i), g.grantees().get(i), grantor,
                            g.adminOption(), session);
                }
            } else {
                checkMayChangeMembers(graph, me, me, role);
                for (int i = 0; i < grantees.size(); i++) {
                    if (!storage.revokeRoleMembership(role.oid(), grantees.get(i), g.adminOption())) {
                        session.addNotice(warning("role \"" + g.grantees().get(i).display()
                                + "\" is not a member of role \"" + role.name() + "\""));
                    }
                }
            }
        }
        session.catalogChanged();
        return g.grant() ? "GRANT ROLE" : "REVOKE ROLE";
    }

    /** AddRoleMems for one member: no pg_database_owner member, no loop, a NOTICE when already a member. */
    private static void addMember(Storage storage, RoleGraph graph, Role role, int member,
                                  UtilityCommand.RoleName memberName, int grantor, boolean admin,
                                  SqlSessionImpl session) {
        if (member == RoleGraph.PG_DATABASE_OWNER) {
            throw PgException.error(SqlState.INTERNAL_ERROR,
                    "role \"" + memberName.display() + "\" cannot be a member of any role");
        }
        if (graph.isMemberOfRoleNoSuper(role.oid(), member,
                osgres.sql.internal.catalog.DatabasePrivileges.currentDatabaseOwner(session))) {
            throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                    "role \"" + role.name() + "\" is a member of role \"" + memberName.display() + "\"");
        }
        for (RoleMembership m : graph.memberships()) {
            if (m.roleId() == role.oid() && m.member() == member && (!admin || m.adminOption())) {
                session.addNotice(notice("role \"" + memberName.display()
                        + "\" is already a member of role \"" + role.name() + "\""));
                return;
            }
        }
        storage.grantRoleMembership(new RoleMembership(role.oid(), member, grantor, admin));
    }

    /**
     * AddRoleMems' and DelRoleMems' check on {@code role}: a superuser role's members are a superuser's business;
     * another's need CREATEROLE or ADMIN OPTION of {@code admin} (the grantor, or the current user).
     */
    private static void checkMayChangeMembers(RoleGraph graph, int me, int admin, Role role) {
        if (role.superuser()) {
            requireSuperuser(graph, me, "must be superuser to alter superusers");
        } else if (!haveCreateRole(graph, me) && !graph.isAdminOfRole(admin, role.oid())) {
            throw mustHaveAdminOption(role.name());
        }
    }

    private static PgException notice(String message) {
        return PgException.error(SqlState.SUCCESSFUL_COMPLETION, message).withSeverity(Severity.NOTICE);
    }

    private static PgException warning(String message) {
        return PgException.error(SqlState.WARNING, message).withSeverity(Severity.WARNING);
    }

    private static PgException mustHaveAdminOption(String role) {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must have admin option on role \"" + role + "\"");
    }

    /** have_createrole_privilege: a superuser, or a role with CREATEROLE. */
    private static boolean haveCreateRole(RoleGraph graph, int me) {
        return graph.role(me).map(r -> r.superuser() || r.createRole()).orElse(false);
    }

    private static void requireSuperuser(RoleGraph graph, int me, String message) {
        if (!graph.isSuperuser(me)) {
            throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, message);
        }
    }

    private static void checkNotReserved(String name) {
        if (name.startsWith("pg_")) {
            throw PgException.error(SqlState.RESERVED_NAME, "role name \"" + name + "\" is reserved")
                    .withDetail("Role names starting with \"pg_\" are reserved.");
        }
    }

    private static int connectionLimit(Map<String, UtilityCommand.RoleOption> o, int otherwise) {
        UtilityCommand.RoleOption option = o.get("connectionlimit");
        if (option == null) {
            return otherwise;
        }
        int limit = (Integer) option.value();
        if (limit < -1) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid connection limit: " + limit);
        }
        return limit;
    }

    /** The value to store for PASSWORD (null for PASSWORD NULL or ''), or {@code otherwise} without one. */
    private static String password(Map<String, UtilityCommand.RoleOption> o, String roleName, String otherwise,
                                   SqlSessionImpl session) {
        UtilityCommand.RoleOption option = o.get("password");
        if (option == null) {
            return otherwise;
        }
        String given = (String) option.value();
        if (given == null) {
            return null;
        }
        if (given.isEmpty() || emptyPasswordSecret(roleName, given)) {
            session.addNotice(notice("empty string is not a valid password, clearing password"));
            return null;
        }
        return PasswordSecrets.encrypt(roleName, given, session.gucs().show("password_encryption"));
    }

    /** plain_crypt_verify(role, secret, ""): a given hash of the empty password is refused like ''. */
    private static boolean emptyPasswordSecret(String roleName, String given) {
        return switch (PasswordSecrets.kind(given)) {
            case MD5 -> given.equals(PasswordSecrets.md5Secret(roleName, ""));
            case SCRAM_SHA_256 -> PasswordSecrets.parseScram(given).map(s -> java.security.MessageDigest.isEqual(
                    PasswordSecrets.hmac(PasswordSecrets.saltedPassword("", s.salt(), s.iterations()), "Server Key"),
                    s.serverKey())).orElse(false);
            case PLAINTEXT -> false;
        };
    }

    /** VALID UNTIL as timestamptz input in the session's time zone, kept as microseconds since 2000-01-01 UTC. */
    private static Long validUntil(Map<String, UtilityCommand.RoleOption> o, Long otherwise, SqlSessionImpl session) {
        UtilityCommand.RoleOption option = o.get("validUntil");
        if (option == null) {
            return otherwise;
        }
        Instant t = (Instant) TypeIo.input(PgType.TIMESTAMPTZ, (String) option.value(), session.gucs().zone());
        return DateTimeValues.timestamptzMicros(t);
    }

    private static List<Integer> resolveAll(List<UtilityCommand.RoleName> names, SqlSessionImpl session) {
        List<Integer> oids = new ArrayList<>();
        for (UtilityCommand.RoleName n : names) {
            oids.add(resolve(n, session).oid());
        }
        return oids;
    }

    /** get_rolespec_tuple: a role by name or CURRENT_USER / CURRENT_ROLE / SESSION_USER; PUBLIC is no role. */
    static Role resolve(UtilityCommand.RoleName name, SqlSessionImpl session) {
        var gucs = session.gucs();
        String actual;
        if (name.keyword() == null) {
            actual = name.name();
        } else {
            actual = switch (name.keyword()) {
                case "CURRENT_USER", "CURRENT_ROLE" -> gucs.currentUser();
                case "SESSION_USER" -> gucs.sessionUser();
                default -> throw PgException.error(SqlState.UNDEFINED_OBJECT, "role \"public\" does not exist");
            };
        }
        return gucs.roleGraph().role(actual).orElseThrow(() -> Messages.roleDoesNotExist(actual));
    }
}
