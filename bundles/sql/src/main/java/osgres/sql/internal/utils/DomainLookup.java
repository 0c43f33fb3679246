/*
 * The session's user-defined types, as parse analysis and DDL see them (the type catalog's syscache): domains,
 * and composite types (CREATE TYPE ... AS (...) and tables' row types); null when no such type has the name or oid.
 */
package osgres.sql.internal.utils;

public interface DomainLookup {
    Domain named(String name);

    Domain byOid(int oid);

    /** The composite type called {@code name}: one CREATE TYPE made, or a table's row type. */
    default CompositeType composite(String name) {
        return null;
    }

    /** The enum type called {@code name}, or null. */
    default EnumType enumNamed(String name) {
        return null;
    }

    /** An enum type by the oid a column of it records (ColumnDef.domain), or null. */
    default EnumType enumByOid(int oid) {
        return null;
    }

    /** A composite type CREATE TYPE made, by the oid a column of it records (ColumnDef.domain). */
    default CompositeType compositeByOid(int oid) {
        return null;
    }

    /** Every user type the transaction sees: its Domain, CompositeType and EnumType records (pg_type's rows). */
    default java.util.List<Record> all() {
        return java.util.List.of();
    }
}
