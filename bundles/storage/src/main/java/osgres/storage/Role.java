package osgres.storage;

/**
 * A row of pg_authid, the part osgres keeps so far (pg_authid.h): who may log in and who is a superuser.
 * Passwords, connection limits, CREATEDB/CREATEROLE/REPLICATION and membership come later.
 *
 * @param oid       the role's oid (10 for the bootstrap superuser, as in PostgreSQL)
 * @param name      rolname
 * @param superuser rolsuper
 * @param canLogin  rolcanlogin
 */
public record Role(int oid, String name, boolean superuser, boolean canLogin) {
    /** BOOTSTRAP_SUPERUSERID (pg_authid.dat): the role initdb creates, which cannot be dropped. */
    public static final int BOOTSTRAP_SUPERUSER_OID = 10;
}
