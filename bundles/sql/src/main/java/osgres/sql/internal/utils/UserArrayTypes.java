/*
 * The array types PostgreSQL creates with every user type (heap.c's AddNewRelationType and typecmds.c for a table's
 * or view's row type, a composite, an enum or a domain: _orders for orders), which osgres's storage keeps no oid for.
 * Their pg_type oid is derived from the element type's instead: element oid + 2^31, so that the same table always
 * has the same array type, across restart and crash recovery, with nothing stored. PostgreSQL gives the array an oid
 * of its own from the counter (usually the element's minus one).
 *
 * What must stay true: no other pg_type row has an oid in the upper half. The storage's oid counter starts at 16384
 * (FirstNormalObjectId) and hands relations and types oids below 2^31 until a cluster has allocated two billion oids
 * (it wraps at 2^32 as PostgreSQL's does); past that an array oid could equal a later type's oid.
 */
package osgres.sql.internal.utils;

public final class UserArrayTypes {

    private static final long OFFSET = 0x8000_0000L;

    private UserArrayTypes() {
    }

    /** The array type's oid of the user type {@code elementOid}. */
    public static long arrayOid(long elementOid) {
        return elementOid + OFFSET;
    }

    /** The element type's oid of a user array type's {@code oid}, or 0 for an oid outside their range. */
    public static long elementOid(long oid) {
        return oid >= OFFSET + 16384 ? oid - OFFSET : 0;
    }

    /** The array type's typname, makeArrayTypeName's: an underscore before the element's, cut to NAMEDATALEN - 1. */
    public static String arrayName(String elementName) {
        String name = "_" + elementName;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }
}
