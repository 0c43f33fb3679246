package osgres.storage;

import java.util.List;
import java.util.Map;

/**
 * Who owns a relation and who may do what with it (pg_class.relowner, relacl and pg_attribute.attacl).
 * {@code acl} is null while nobody granted or revoked anything on the object: its privileges are then the
 * default ones (acldefault), which the catalog shows as a NULL relacl, as PostgreSQL does.
 *
 * @param owner         the owning role's oid
 * @param acl           the relation's ACL, null for the default
 * @param columnAcls    per column number (1-based attnum) the column's ACL; a column without one is absent
 */
public record ObjectAcl(int owner, List<AclItem> acl, Map<Integer, List<AclItem>> columnAcls) {
    /** A relation the bootstrap superuser owns, with default privileges. */
    public static final ObjectAcl BOOTSTRAP = new ObjectAcl(Role.BOOTSTRAP_SUPERUSER_OID, null, Map.of());

    public ObjectAcl {
        acl = acl == null ? null : List.copyOf(acl);
        columnAcls = Map.copyOf(columnAcls);
    }

    public ObjectAcl withOwner(int newOwner) {
        return new ObjectAcl(newOwner, acl, columnAcls);
    }

    public ObjectAcl withAcl(List<AclItem> newAcl) {
        return new ObjectAcl(owner, newAcl, columnAcls);
    }

    public ObjectAcl withColumnAcls(Map<Integer, List<AclItem>> newColumnAcls) {
        return new ObjectAcl(owner, acl, newColumnAcls);
    }
}
