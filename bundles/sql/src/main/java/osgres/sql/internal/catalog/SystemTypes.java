/*
 * pg_type, pg_enum and pg_collation as PostgreSQL 15 defines them (src/include/catalog/pg_type.h, pg_enum.h,
 * pg_collation.h), produced at each scan like the other catalogs here. pg_type holds PostgreSQL 15's built-in rows
 * (BuiltinTypes: every type of pg_type.dat, the row types of the system catalogs and views and information_schema's
 * domains and view row types, with their array types, in a fresh cluster's heap order) and then the database's own
 * types as the session's transaction sees them, in creation (oid) order, each followed by its array type as
 * PostgreSQL creates one with each: each table's and view's row type (its oid is the relation's, as osgres keeps one
 * oid for both; pg_class.reltype), each CREATE TYPE ... AS (...) composite (whose pg_class row, relkind 'c',
 * SystemCatalogs shows under the same oid), enum and domain. The array types' oids are derived from their elements'
 * (UserArrayTypes), stable across restart with nothing stored. pg_enum lists the enums' labels in order;
 * pg_collation the four collations pg_collation.dat defines (default, C, POSIX, ucs_basic), all osgres compares by.
 *
 * Approximations: the user types' array types are rows of pg_type and names regtype and format_type know, but
 * osgres cannot yet store or compute with arrays of them; user types are owned by 10 and have no typdefaultbin (a
 * domain's default is in typdefault as written); a pg_enum row's oid is its type's oid plus its
 * position (PostgreSQL gives each label an oid of its own). pg_type lists built-in types osgres cannot store yet
 * (point, xml...) as PostgreSQL does, so that drivers reading pg_type see PostgreSQL's rows.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import osgres.sql.internal.utils.BuiltinTypes;
import osgres.sql.internal.utils.BuiltinTypes.BuiltinType;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.Domain;
import osgres.sql.internal.utils.DomainLookup;
import osgres.sql.internal.utils.EnumType;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.UserArrayTypes;
import osgres.storage.Role;
import osgres.storage.TableDef;

public final class SystemTypes {

    private static final PgType OID = PgType.OID;
    private static final PgType NAME = PgType.NAME;
    private static final PgType CHAR = PgType.CHAR;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType REGPROC = PgType.REGPROC;
    private static final long OWNER = Role.BOOTSTRAP_SUPERUSER_OID;

    static final SystemViews.View PG_TYPE = new SystemViews.View("pg_type", SystemViews.columns(
            "oid", OID, "typname", NAME, "typnamespace", OID, "typowner", OID, "typlen", PgType.INT2,
            "typbyval", BOOL, "typtype", CHAR, "typcategory", CHAR, "typispreferred", BOOL, "typisdefined", BOOL,
            "typdelim", CHAR, "typrelid", OID, "typsubscript", REGPROC, "typelem", OID, "typarray", OID,
            "typinput", REGPROC, "typoutput", REGPROC, "typreceive", REGPROC, "typsend", REGPROC,
            "typmodin", REGPROC, "typmodout", REGPROC, "typanalyze", REGPROC, "typalign", CHAR,
            "typstorage", CHAR, "typnotnull", BOOL, "typbasetype", OID, "typtypmod", PgType.INT4,
            "typndims", PgType.INT4, "typcollation", OID, "typdefaultbin", PgType.PG_NODE_TREE,
            "typdefault", PgType.TEXT, "typacl", PgType.ACLITEM_ARRAY),
            SystemTypes::types);

    static final SystemViews.View PG_ENUM = new SystemViews.View("pg_enum", SystemViews.columns(
            "oid", OID, "enumtypid", OID, "enumsortorder", PgType.FLOAT4, "enumlabel", NAME),
            SystemTypes::enumLabels);

    static final SystemViews.View PG_COLLATION = new SystemViews.View("pg_collation", SystemViews.columns(
            "oid", OID, "collname", NAME, "collnamespace", OID, "collowner", OID, "collprovider", CHAR,
            "collisdeterministic", BOOL, "collencoding", PgType.INT4, "collcollate", PgType.TEXT,
            "collctype", PgType.TEXT, "colliculocale", PgType.TEXT, "collversion", PgType.TEXT),
            session -> List.of(
                    new Object[] {100L, "default", Namespaces.PG_CATALOG, OWNER, "d", true, -1, null, null, null,
                        null},
                    new Object[] {950L, "C", Namespaces.PG_CATALOG, OWNER, "c", true, -1, "C", "C", null, null},
                    new Object[] {951L, "POSIX", Namespaces.PG_CATALOG, OWNER, "c", true, -1, "POSIX", "POSIX",
                        null, null},
                    new Object[] {12340L, "ucs_basic", Namespaces.PG_CATALOG, OWNER, "c", true, 6, "C", "C", null,
                        null}));

    static final List<SystemViews.View> ALL = List.of(PG_TYPE, PG_ENUM, PG_COLLATION);

    private SystemTypes() {
    }

    // ---- pg_type ------------------------------------------------------------------------------------------

    private static List<Object[]> types(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (BuiltinType t : BuiltinTypes.all()) {
            rows.add(new Object[] {
                t.oid(), t.typname(), t.typnamespace(), OWNER, t.typlen(), t.typbyval(), t.typtype(),
                t.typcategory(), t.typispreferred(), true, t.typdelim(), t.typrelid(), t.typsubscript(), t.typelem(),
                t.typarray(), t.typinput(), t.typoutput(), t.typreceive(), t.typsend(), t.typmodin(), t.typmodout(),
                t.typanalyze(), t.typalign(), t.typstorage(), t.typnotnull(), t.typbasetype(), t.typtypmod(),
                t.typndims(), t.typcollation(), t.typdefaultbin(), t.typdefault(), null});
        }
        // the user's types in creation (oid) order, each followed by its array type, as PostgreSQL's heap has them
        for (Object[] element : userTypes(session)) {
            rows.add(element);
            rows.add(arrayRow(element));
        }
        return rows;
    }

    /** The pg_type rows of the user's types (relations' row types, composites, enums, domains) in oid order. */
    static List<Object[]> userTypes(SessionServices session) {
        List<Object[]> user = new ArrayList<>();
        for (TableDef t : SystemCatalogs.userRelations(session.transaction())) {
            if (!t.isSequence()) {
                user.add(rowTypeRow(SystemCatalogs.oid(t.oid()), t.name(),
                        SystemCatalogs.namespaceOf(session.transaction(), t)));
            }
        }
        DomainLookup types = session.userTypes();
        if (types != null) {
            for (Record type : types.all()) {
                user.add(switch (type) {
                    case CompositeType c -> rowTypeRow(SystemCatalogs.oid(c.oid()), c.name(), Namespaces.PUBLIC);
                    case EnumType e -> enumRow(e);
                    case Domain d -> domainRow(d);
                    default -> throw new IllegalStateException("not a user type: " + type);
                });
            }
        }
        user.sort(Comparator.comparingLong(row -> (Long) row[0]));
        return user;
    }

    /** A composite type: a table's, a view's or CREATE TYPE ... AS (...)'s, its typrelid the pg_class row. */
    private static Object[] rowTypeRow(long oid, String name, long namespace) {
        return new Object[] {
            oid, name, namespace, OWNER, (short) -1, false, "c", "C", false, true, ",", oid, "-", 0L,
            UserArrayTypes.arrayOid(oid), "record_in", "record_out", "record_recv", "record_send", "-", "-", "-", "d",
            "x", false, 0L, -1, 0, 0L, null, null, null};
    }

    /** The array type PostgreSQL creates with a user type, named and aligned as makeArrayTypeName and heap.c do. */
    private static Object[] arrayRow(Object[] element) {
        long oid = (Long) element[0];
        String align = element[22].equals("d") ? "d" : "i";
        return new Object[] {
            UserArrayTypes.arrayOid(oid), UserArrayTypes.arrayName((String) element[1]), element[2], OWNER, (short) -1,
            false, "b", "A", false, true, element[10], 0L, "array_subscript_handler", oid, 0L, "array_in",
            "array_out", "array_recv", "array_send", "-", "-", "array_typanalyze", align, "x", false, 0L, -1, 0,
            element[28], null, null, null};
    }

    private static Object[] enumRow(EnumType e) {
        return new Object[] {
            SystemCatalogs.oid(e.oid()), e.name(), Namespaces.PUBLIC, OWNER, (short) 4, true, "e", "E", false, true,
            ",", 0L, "-", 0L, UserArrayTypes.arrayOid(SystemCatalogs.oid(e.oid())), "enum_in", "enum_out", "enum_recv", "enum_send", "-", "-", "-", "i", "p", false,
            0L, -1, 0, 0L, null, null, null};
    }

    /** A domain: its base type's length, alignment, category and output, domain_in/domain_recv for input. */
    private static Object[] domainRow(Domain d) {
        BuiltinType base = BuiltinTypes.byOid(d.base().oid());
        return new Object[] {
            SystemCatalogs.oid(d.oid()), d.name(), Namespaces.PUBLIC, OWNER, base.typlen(), base.typbyval(), "d",
            base.typcategory(), false, true, base.typdelim(), 0L, "-", 0L,
            UserArrayTypes.arrayOid(SystemCatalogs.oid(d.oid())), "domain_in", base.typoutput(),
            "domain_recv", base.typsend(), "-", "-", "-", base.typalign(), base.typstorage(), d.notNull(),
            (long) d.base().oid(), d.typmod(), 0, base.typcollation(), null, d.defaultSql(), null};
    }

    // ---- pg_enum ------------------------------------------------------------------------------------------

    private static List<Object[]> enumLabels(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        DomainLookup user = session.userTypes();
        if (user != null) {
            for (Record type : user.all()) {
                if (type instanceof EnumType e) {
                    for (int i = 0; i < e.labels().size(); i++) {
                        rows.add(new Object[] {
                            SystemCatalogs.oid(e.oid()) + 1 + i, SystemCatalogs.oid(e.oid()), (float) (i + 1),
                            e.labels().get(i)});
                    }
                }
            }
        }
        return rows;
    }

    // ---- functions ----------------------------------------------------------------------------------------

    /** pg_type_is_visible: true for a type found by its name, null for an unknown oid. */
    public static Boolean typeIsVisible(SessionServices session, long oid) {
        if (BuiltinTypes.byOid(oid) != null) {
            return true;
        }
        long element = UserArrayTypes.elementOid(oid);
        if (element != 0) {
            // an array type is where its element type is
            return typeIsVisible(session, element);
        }
        for (Object[] row : types(session)) {
            if (row[0].equals(oid)) {
                // a relation's row type is visible where the relation is (a temporary table can shadow it)
                Boolean relation = SystemCatalogs.tableIsVisible(session, (Long) row[11]);
                return relation == null ? session.outputSettings().publicVisible() : relation;
            }
        }
        return null;
    }
}
