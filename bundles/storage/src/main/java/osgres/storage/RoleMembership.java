package osgres.storage;

/**
 * A row of pg_auth_members (pg_auth_members.h, PostgreSQL 15): {@code member} is a member of {@code roleId}, granted
 * by {@code grantor}, with or without ADMIN OPTION (the right to grant the role on).
 */
public record RoleMembership(int roleId, int member, int grantor, boolean adminOption) {
}
