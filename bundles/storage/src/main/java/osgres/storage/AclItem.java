package osgres.storage;

/**
 * One entry of an access control list (PostgreSQL's AclItem, utils/acl.h): what {@code grantee} may do with an
 * object because {@code grantor} granted it. The storage keeps the bits as they are; their meaning (ACL_INSERT is
 * bit 0, ACL_SELECT bit 1 ... in acl.h's order, the text form {@code grantee=arwdDxt/grantor}) belongs to the SQL
 * layer.
 *
 * @param grantee      the role's oid, 0 for PUBLIC
 * @param grantor      the role that granted (the object's owner, or a holder of the grant option)
 * @param privileges   the privileges held, one bit each
 * @param grantOptions the privileges that may be granted on, a subset of {@code privileges}
 */
public record AclItem(int grantee, int grantor, int privileges, int grantOptions) {
}
