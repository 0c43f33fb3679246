/*
 * The languages of pg_language (internal, c, sql, plpgsql: all the bootstrap superuser's) and their ACLs
 * (lanacl), which GRANT/REVOKE ... ON LANGUAGE changes per database. A language whose ACL was never changed has none
 * (NULL: acldefault 'l', PUBLIC may use it); a changed one has a row (oid, ACL in Privileges.storedForm) in the
 * storage relation pg_catalog.pg_language of the database, durable and transactional like a table's rows. Only
 * trusted languages (sql, plpgsql) have ACLs: the untrusted ones are for superusers only (functioncmds.c).
 */
package osgres.sql.internal.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.SessionServices;
import osgres.storage.AclItem;
import osgres.storage.ColumnDef;
import osgres.storage.Role;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.TypeOids;

public final class LanguageAcls {
    /** The storage relation of the changed ACLs. */
    public static final String RELATION = "pg_catalog.pg_language";
    public static final List<ColumnDef> COLUMNS = List.of(
            new ColumnDef("oid", TypeOids.INT4, -1, true, null),
            new ColumnDef("lanacl", TypeOids.TEXT, -1, false, null));

    /** A language of pg_language. */
    public record Language(long oid, String name, boolean trusted) {
    }

    public static final List<Language> LANGUAGES = List.of(
            new Language(ProcCatalog.INTERNAL_LANGUAGE, "internal", false), new Language(13, "c", false),
            new Language(ProcCatalog.SQL_LANGUAGE, "sql", true),
            new Language(ProcCatalog.PLPGSQL_LANGUAGE, "plpgsql", true));

    /** A language's row in the relation, and where it is. */
    public record Entry(List<AclItem> acl, Tid tid) {
    }

    private LanguageAcls() {
    }

    /** The language of this name, or null. */
    public static Language named(String name) {
        return LANGUAGES.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    public static Language byOid(long oid) {
        return LANGUAGES.stream().filter(l -> l.oid() == oid).findFirst().orElse(null);
    }

    /** The languages' rows by oid, as the transaction sees them. */
    public static Map<Long, Entry> entries(Transaction tx) {
        Map<Long, Entry> out = new HashMap<>();
        TableDef table = tx.table(RELATION).orElse(null);
        if (table == null) {
            return out;
        }
        try (RowScan scan = tx.scan(table)) {
            while (scan.hasNext()) {
                RowVersion row = scan.next();
                out.put((long) (Integer) row.values()[0],
                        new Entry(Privileges.fromStoredForm((String) row.values()[1]), row.tid()));
            }
        }
        return out;
    }

    /** lanacl: the language's ACL, null for the default. */
    public static List<AclItem> stored(Transaction tx, long oid) {
        Entry e = entries(tx).get(oid);
        return e == null ? null : e.acl();
    }

    /** The language's ACL, its default (acldefault 'l': PUBLIC and the owner may use it) while lanacl is NULL. */
    public static List<AclItem> acl(Transaction tx, long oid) {
        List<AclItem> acl = stored(tx, oid);
        return acl != null ? acl : defaultAcl();
    }

    public static List<AclItem> defaultAcl() {
        int owner = Role.BOOTSTRAP_SUPERUSER_OID;
        return List.of(new AclItem(Privileges.PUBLIC, owner, Privileges.USAGE, 0),
                new AclItem(owner, owner, Privileges.USAGE, 0));
    }

    /** pg_language_aclcheck(USAGE) for {@code role}. */
    public static boolean usable(SessionServices session, long oid, int role) {
        return Privileges.mask(session, acl(session.transaction(), oid), Role.BOOTSTRAP_SUPERUSER_OID, role,
                Privileges.USAGE) != 0;
    }
}
