package osgres.storage;

/**
 * A row of pg_authid (pg_authid.h): a role's attributes and its stored password.
 *
 * @param oid             the role's oid (10 for the bootstrap superuser, as in PostgreSQL)
 * @param name            rolname
 * @param superuser       rolsuper
 * @param inherit         rolinherit: whether it has the privileges of the roles it is a member of
 * @param createRole      rolcreaterole
 * @param createDb        rolcreatedb
 * @param canLogin        rolcanlogin
 * @param replication     rolreplication
 * @param bypassRls       rolbypassrls
 * @param connectionLimit rolconnlimit, -1 for none
 * @param password        rolpassword: a SCRAM-SHA-256 or MD5 secret, or null
 * @param validUntil      rolvaliduntil in microseconds since 2000-01-01 UTC (PostgreSQL's timestamptz), or null;
 *                        {@link Long#MAX_VALUE} is 'infinity'
 */
public record Role(int oid, String name, boolean superuser, boolean inherit, boolean createRole, boolean createDb,
                   boolean canLogin, boolean replication, boolean bypassRls, int connectionLimit, String password,
                   Long validUntil) {
    /** BOOTSTRAP_SUPERUSERID (pg_authid.dat): the role initdb creates, which cannot be dropped. */
    public static final int BOOTSTRAP_SUPERUSER_OID = 10;

    /** CREATE ROLE's defaults: NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS. */
    public static Role withDefaults(String name) {
        return new Role(0, name, false, true, false, false, false, false, false, -1, null, null);
    }

    /** What initdb gives the bootstrap superuser: every attribute. */
    public static Role bootstrapSuperuser(String name) {
        return new Role(BOOTSTRAP_SUPERUSER_OID, name, true, true, true, true, true, true, true, -1, null, null);
    }

    public Role withOid(int newOid) {
        return new Role(newOid, name, superuser, inherit, createRole, createDb, canLogin, replication, bypassRls,
                connectionLimit, password, validUntil);
    }

    public Role withName(String newName) {
        return new Role(oid, newName, superuser, inherit, createRole, createDb, canLogin, replication, bypassRls,
                connectionLimit, password, validUntil);
    }

    public Role withPassword(String newPassword) {
        return new Role(oid, name, superuser, inherit, createRole, createDb, canLogin, replication, bypassRls,
                connectionLimit, newPassword, validUntil);
    }
}
