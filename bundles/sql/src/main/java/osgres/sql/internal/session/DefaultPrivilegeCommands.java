/*
 * ALTER DEFAULT PRIVILEGES (aclchk.c's ExecAlterDefaultPrivilegesStmt, SetDefaultACLsInSchemas, SetDefaultACL) and
 * what DROP OWNED and DROP ROLE do with pg_default_acl's entries. Each (role, schema, object type) has at most one
 * entry, whose ACL starts as acldefault for a global entry (no IN SCHEMA) or empty for a schema's; GRANT and REVOKE
 * change it with the role as grantor and owner (merge_acl_with_grant), and an entry left equal to its starting
 * value is deleted. The rows live in the storage relation pg_catalog.pg_default_acl (catalog/DefaultAcls), so an
 * entry is durable and rolls back with its transaction. catalog/DefaultAcls applies them to new relations and
 * functions.
 *
 * Not done: TYPES and SCHEMAS entries are stored and shown but apply to nothing (osgres keeps no ACL on types and
 * schemas); schemas other than public, pg_catalog and information_schema do not exist.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.DefaultAcls;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.parser.UtilityCommand;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.Namespaces;
import osgres.storage.AclItem;
import osgres.storage.Role;
import osgres.storage.Transaction;

final class DefaultPrivilegeCommands {
    private static final CatalogRelation RELATION = new CatalogRelation(DefaultAcls.RELATION, DefaultAcls.COLUMNS);

    private DefaultPrivilegeCommands() {
    }

    /** The object types of ALTER DEFAULT PRIVILEGES: defaclobjtype, every privilege, and the kind errors name. */
    private record Target(char objtype, int allRights, String kind) {
        static Target of(String objectType) {
            return switch (objectType) {
                case "TABLE" -> new Target(DefaultAcls.RELATION_TYPE, Privileges.ALL_RIGHTS_RELATION, "relation");
                case "SEQUENCE" -> new Target(DefaultAcls.SEQUENCE_TYPE, Privileges.ALL_RIGHTS_SEQUENCE, "sequence");
                case "FUNCTION" -> new Target(DefaultAcls.FUNCTION_TYPE, Privileges.ALL_RIGHTS_FUNCTION, "function");
                case "TYPE" -> new Target(DefaultAcls.TYPE_TYPE, Privileges.USAGE, "type");
                case "SCHEMA" -> new Target(DefaultAcls.SCHEMA_TYPE, Privileges.USAGE | Privileges.CREATE, "schema");
                default -> throw new IllegalArgumentException(objectType);
            };
        }
    }

    static String alter(UtilityCommand.AlterDefaultPrivileges a, SqlSessionImpl session) {
        UtilityCommand.Grant g = a.action();
        Target target = Target.of(g.objectType());
        List<Integer> grantees = new ArrayList<>();
        for (String name : g.grantees()) {
            grantees.add(GrantCommands.roleOid(session, name, true));
        }
        int privileges = target.allRights();
        if (g.privileges() != null) {
            privileges = 0;
            for (UtilityCommand.GrantPrivilege p : g.privileges()) {
                if (!p.columns().isEmpty()) {
                    throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                            "default privileges cannot be set for columns");
                }
                int bit = Privileges.parse(p.name());
                if ((bit & ~target.allRights()) != 0) {
                    throw PgException.error(SqlState.INVALID_GRANT_OPERATION, "invalid privilege type "
                            + Privileges.name(bit) + " for " + target.kind());
                }
                privileges |= bit;
            }
        }
        List<Integer> roles = new ArrayList<>();
        if (a.roles().isEmpty()) {
            roles.add(Privileges.currentUserOid(session));
        }
        for (UtilityCommand.RoleName name : a.roles()) {
            Role role = RoleCommands.resolve(name, session);
            // check_is_member_of_role
            if (!session.gucs().currentUserIsSuperuser() && !session.gucs().roleGraph().isMemberOfRole(
                    Privileges.currentUserOid(session), role.oid(), Role.BOOTSTRAP_SUPERUSER_OID)) {
                throw PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be member of role \"" + role.name()
                        + "\"");
            }
            roles.add(role.oid());
        }
        for (int role : roles) {
            if (a.schemas().isEmpty()) {
                set(session, g, target, role, 0, privileges, grantees);
            }
            for (String schema : a.schemas()) {
                set(session, g, target, role, namespaceOid(schema), privileges, grantees);
            }
        }
        return "ALTER DEFAULT PRIVILEGES";
    }

    private static int namespaceOid(String schema) {
        return (int) switch (schema) {
            case "public" -> Namespaces.PUBLIC;
            case "pg_catalog" -> Namespaces.PG_CATALOG;
            case "information_schema" -> Namespaces.INFORMATION_SCHEMA;
            default -> throw Messages.schemaDoesNotExist(schema);
        };
    }

    /** SetDefaultACL of one (role, namespace) entry. */
    private static void set(SqlSessionImpl session, UtilityCommand.Grant g, Target target, int role, int namespace,
                            int privileges, List<Integer> grantees) {
        if (target.objtype() == DefaultAcls.SCHEMA_TYPE && namespace != 0) {
            throw PgException.error(SqlState.INVALID_GRANT_OPERATION,
                    "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS");
        }
        Transaction tx = session.transaction();
        List<AclItem> start = namespace == 0 ? DefaultAcls.acldefault(target.objtype(), role) : List.of();
        DefaultAcls.Entry entry = DefaultAcls.find(tx, role, namespace, target.objtype());
        List<AclItem> old = entry != null ? entry.acl() : start;
        List<AclItem> changed = DefaultAcls.sorted(GrantCommands.merge(session, g, old, grantees, privileges, role,
                role));
        store(session, entry, role, namespace, target.objtype(), changed, start);
    }

    /** The entry's new ACL: deleted when it is its starting value again, else inserted or updated. */
    private static void store(SqlSessionImpl session, DefaultAcls.Entry entry, int role, int namespace, char objtype,
                              List<AclItem> acl, List<AclItem> start) {
        if (acl.equals(DefaultAcls.sorted(start))) {
            if (entry != null) {
                RELATION.delete(session, entry.tid());
            }
            return;
        }
        if (entry == null) {
            RELATION.insert(session, new Object[] {session.transaction().newOid(), role, namespace,
                String.valueOf(objtype), Privileges.storedForm(acl)});
        } else {
            RELATION.update(session, entry.tid(), new Object[] {entry.oid(), role, namespace, String.valueOf(objtype),
                Privileges.storedForm(acl)});
        }
    }

    /**
     * DROP OWNED's part: the roles' own entries go, and what other entries grant them is revoked (an entry left at
     * its starting value goes too).
     */
    static void dropOwned(SqlSessionImpl session, Set<Integer> roles) {
        for (DefaultAcls.Entry e : DefaultAcls.entries(session.transaction())) {
            if (roles.contains(e.role())) {
                RELATION.delete(session, e.tid());
            } else if (e.acl().stream().anyMatch(i -> roles.contains(i.grantee()))) {
                List<AclItem> start = e.namespace() == 0 ? DefaultAcls.acldefault(e.objtype(), e.role()) : List.of();
                store(session, e, e.role(), e.namespace(), e.objtype(),
                        e.acl().stream().filter(i -> !roles.contains(i.grantee())).toList(), start);
            }
        }
    }

    /**
     * getObjectDescription of an entry: {@code default privileges on new relations belonging to role r [in schema
     * s]}.
     */
    static String describe(SqlSessionImpl session, DefaultAcls.Entry e) {
        String role = Privileges.roleByOid(session, e.role()).map(Role::name)
                .orElse(Integer.toUnsignedString(e.role()));
        String what = switch (e.objtype()) {
            case DefaultAcls.RELATION_TYPE -> "relations";
            case DefaultAcls.SEQUENCE_TYPE -> "sequences";
            case DefaultAcls.FUNCTION_TYPE -> "functions";
            case DefaultAcls.TYPE_TYPE -> "types";
            default -> "schemas";
        };
        String schema = switch (e.namespace()) {
            case 0 -> "";
            case (int) Namespaces.PUBLIC -> " in schema public";
            case (int) Namespaces.PG_CATALOG -> " in schema pg_catalog";
            default -> " in schema information_schema";
        };
        return "default privileges on new " + what + " belonging to role " + role + schema;
    }
}
