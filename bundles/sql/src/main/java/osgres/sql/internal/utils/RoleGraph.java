/*
 * Role membership as acl.c decides it (roles_is_member_of, has_privs_of_role, is_member_of_role,
 * is_member_of_role_nosuper, is_admin_of_role), over one snapshot of pg_authid and pg_auth_members:
 *  - has the privileges of: a superuser has every role's; otherwise the role itself and every role reached through
 *    memberships, following only roles with INHERIT (ROLERECURSE_PRIVS);
 *  - is a member of: the same walk, through every role (ROLERECURSE_MEMBERS);
 *  - admin of: a superuser; otherwise some membership on the walk to the role has ADMIN OPTION; never of itself.
 * The owner of the current database is implicitly a member of pg_database_owner.
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import osgres.storage.Role;
import osgres.storage.RoleMembership;

public final class RoleGraph {
    /** ROLE_PG_DATABASE_OWNER. */
    public static final int PG_DATABASE_OWNER = 6171;

    private final List<Role> roles;
    private final List<RoleMembership> memberships;
    private final Map<Integer, Role> byOid = new HashMap<>();
    private final Map<String, Role> byName = new HashMap<>();
    private final Map<Integer, List<RoleMembership>> byMember = new HashMap<>();

    public RoleGraph(List<Role> roles, List<RoleMembership> memberships) {
        this.roles = roles;
        this.memberships = memberships;
        for (Role r : roles) {
            byOid.put(r.oid(), r);
            byName.put(r.name(), r);
        }
        for (RoleMembership m : memberships) {
            byMember.computeIfAbsent(m.member(), k -> new ArrayList<>()).add(m);
        }
    }

    /** Whether this graph was built from exactly these lists (they are replaced, never changed, on a change). */
    public boolean builtFrom(List<Role> r, List<RoleMembership> m) {
        return roles == r && memberships == m;
    }

    public List<RoleMembership> memberships() {
        return memberships;
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Role> role(int oid) {
        return Optional.ofNullable(byOid.get(oid));
    }

    /** superuser_arg. */
    public boolean isSuperuser(int oid) {
        Role r = byOid.get(oid);
        return r != null && r.superuser();
    }

    /**
     * roles_is_member_of: {@code role} first, then every role it reaches; {@code inheritOnly} follows only roles
     * with INHERIT. {@code databaseOwner} (the current database's datdba, 0 for none) reaches pg_database_owner.
     */
    public Set<Integer> memberOf(int role, boolean inheritOnly, int databaseOwner) {
        LinkedHashSet<Integer> found = new LinkedHashSet<>();
        List<Integer> agenda = new ArrayList<>();
        found.add(role);
        agenda.add(role);
        for (int i = 0; i < agenda.size(); i++) {
            int member = agenda.get(i);
            Role r = byOid.get(member);
            if (inheritOnly && r != null && !r.inherit()) {
                continue;
            }
            for (RoleMembership m : byMember.getOrDefault(member, List.of())) {
                if (found.add(m.roleId())) {
                    agenda.add(m.roleId());
                }
            }
            if (member == databaseOwner && databaseOwner != 0 && found.add(PG_DATABASE_OWNER)) {
                agenda.add(PG_DATABASE_OWNER);
            }
        }
        return found;
    }

    /** has_privs_of_role. */
    public boolean hasPrivsOfRole(int member, int role, int databaseOwner) {
        if (member == role || isSuperuser(member)) {
            return true;
        }
        return memberOf(member, true, databaseOwner).contains(role);
    }

    /** is_member_of_role. */
    public boolean isMemberOfRole(int member, int role, int databaseOwner) {
        if (member == role || isSuperuser(member)) {
            return true;
        }
        return memberOf(member, false, databaseOwner).contains(role);
    }

    /** is_member_of_role_nosuper: membership loops are refused with this. */
    public boolean isMemberOfRoleNoSuper(int member, int role, int databaseOwner) {
        return member == role || memberOf(member, false, databaseOwner).contains(role);
    }

    /** is_admin_of_role. */
    public boolean isAdminOfRole(int member, int role) {
        if (isSuperuser(member)) {
            return true;
        }
        if (member == role) {
            return false;
        }
        for (int reached : memberOf(member, false, 0)) {
            for (RoleMembership m : byMember.getOrDefault(reached, List.of())) {
                if (m.roleId() == role && m.adminOption()) {
                    return true;
                }
            }
        }
        return false;
    }
}
