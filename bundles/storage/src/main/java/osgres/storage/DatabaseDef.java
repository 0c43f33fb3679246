package osgres.storage;

import java.util.List;
import java.util.Map;

/**
 * One database as pg_database keeps it for privileges: its owner (datdba, the role that ran CREATE DATABASE) and its
 * ACL (datacl, null while nobody granted or revoked anything: acldefault then applies), and the owner and ACL of
 * the fixed schemas of that database that were changed (pg_namespace's nspowner and nspacl per database; a schema
 * absent from {@code schemas} has its initdb owner and ACL, which the SQL layer knows). The storage keeps the ACL
 * bits as they are; their meaning belongs to the SQL layer.
 *
 * @param oid     the database's oid
 * @param name    datname
 * @param owner   datdba
 * @param acl     datacl, null for the default
 * @param schemas schema name to its owner and ACL (the ObjectAcl's column ACLs are empty)
 */
public record DatabaseDef(int oid, String name, int owner, List<AclItem> acl, Map<String, ObjectAcl> schemas) {
    public DatabaseDef {
        acl = acl == null ? null : List.copyOf(acl);
        schemas = Map.copyOf(schemas);
    }

    public DatabaseDef withOwner(int newOwner) {
        return new DatabaseDef(oid, name, newOwner, acl, schemas);
    }

    public DatabaseDef withAcl(List<AclItem> newAcl) {
        return new DatabaseDef(oid, name, owner, newAcl, schemas);
    }

    public DatabaseDef withSchema(String schema, ObjectAcl schemaAcl) {
        Map<String, ObjectAcl> changed = new java.util.HashMap<>(schemas);
        changed.put(schema, schemaAcl);
        return new DatabaseDef(oid, name, owner, acl, changed);
    }
}
