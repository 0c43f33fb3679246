/*
 * The regtype type (PostgreSQL's utils/adt/regproc.c regtypein/regtypeout): a type's oid that reads and prints as
 * its name. A value carries both, named when it is made: format_type's name of a built-in type ({@code integer},
 * {@code point}, {@code integer[]}), a user type's name (a domain, enum, composite or a table's row type, quoted
 * where quote_identifier quotes), {@code -} for oid 0 (InvalidOid), or null for an oid no type has (printed as the
 * number). Input accepts what regtypein accepts for the types osgres has: SQL names ({@code integer},
 * {@code character varying}, {@code double precision}), typnames ({@code int4}, {@code _int4}, {@code cstring}), a
 * {@code []} suffix, a {@code pg_catalog.} or {@code public.} schema, a double-quoted name and a number; type
 * modifiers are not parsed. Two values are equal when their oids are.
 */
package osgres.sql.internal.utils;

import java.util.Locale;

import osgres.storage.TableDef;

public record RegType(long oid, String name) {

    /** InvalidOid as regtype prints it. */
    public static final RegType NONE = new RegType(0, "-");

    /** A built-in type osgres computes with. */
    public static RegType of(PgType type) {
        return new RegType(type.oid(), type.sqlName());
    }

    /** regtypeout. */
    public String output() {
        return output(true);
    }

    /** regtypeout: a user type's name is qualified with {@code public.} when that schema is not on the search path. */
    public String output(boolean publicVisible) {
        if (name == null) {
            return Long.toString(oid);
        }
        return oid >= RegClass.FIRST_NORMAL_OBJECT_ID ? SearchPath.qualified(name, publicVisible) : name;
    }

    /** The type osgres computes with for this oid, or null for a type PgType does not know. */
    public PgType pgType() {
        return PgType.byOid((int) oid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegType other && other.oid == oid;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(oid);
    }

    /** An oid as regtype: named when a built-in or (with a session) a user type has it. */
    public static RegType ofOid(long oid, SessionServices session) {
        if (oid == 0) {
            return NONE;
        }
        String builtin = BuiltinTypes.sqlName(oid);
        if (builtin != null) {
            return new RegType(oid, builtin);
        }
        return new RegType(oid, session == null ? null : userTypeName(oid, session));
    }

    /** regtypein over the built-in types only (no catalog at hand): 42704 for any other name. */
    public static RegType builtin(String written) {
        RegType t = parseBuiltin(written);
        if (t == null) {
            throw Messages.typeDoesNotExist(written, 0);
        }
        return t;
    }

    /** regtypein: a built-in type, else a user type the session sees; 42704 (at {@code position}) for none. */
    public static RegType input(String written, SessionServices session, int position) {
        RegType t = parseBuiltin(written);
        if (t != null) {
            return t;
        }
        String text = written.strip();
        if (text.startsWith("public.")) {
            text = text.substring("public.".length());
        }
        String name = text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text.toLowerCase(Locale.ROOT);
        long oid = userTypeOid(name, session);
        if (oid == 0) {
            throw Messages.typeDoesNotExist(written.strip(), position);
        }
        return new RegType(oid, RegClass.quoteIdentifier(name));
    }

    private static RegType parseBuiltin(String written) {
        String text = written.strip();
        if (text.matches("\\d+")) {
            return ofOid(Long.parseLong(text), null);
        }
        if (text.equals("-")) {
            return NONE;
        }
        if (text.startsWith("pg_catalog.")) {
            text = text.substring("pg_catalog.".length());
        }
        boolean array = text.endsWith("[]");
        if (array) {
            text = text.substring(0, text.length() - 2).stripTrailing();
        }
        String name = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")) {
            // a quoted name is the type's own ("char"), not a keyword of the grammar
            name = text.substring(1, text.length() - 1).replace("\"\"", "\"");
        } else if (name.equals("char")) {
            // the keyword CHAR is character (bpchar), as the grammar reads it
            name = "bpchar";
        }
        PgType known = PgType.byName(name);
        long oid;
        if (known != null) {
            oid = known.oid();
        } else {
            BuiltinTypes.BuiltinType t = BuiltinTypes.byTypname(name);
            if (t == null) {
                return null;
            }
            oid = t.oid();
        }
        if (array) {
            BuiltinTypes.BuiltinType t = BuiltinTypes.byOid(oid);
            if (t == null || t.typarray() == 0) {
                return null;
            }
            oid = t.typarray();
        }
        return ofOid(oid, null);
    }

    private static String userTypeName(long oid, SessionServices session) {
        DomainLookup types = session.userTypes();
        if (types != null) {
            for (Record r : types.all()) {
                if (oidOf(r) == oid) {
                    return RegClass.quoteIdentifier(nameOf(r));
                }
            }
        }
        for (TableDef t : session.transaction().tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid && !t.isSequence() && !t.name().startsWith("pg_catalog.")) {
                return RegClass.quoteIdentifier(t.name());
            }
        }
        return null;
    }

    private static long userTypeOid(String name, SessionServices session) {
        DomainLookup types = session.userTypes();
        if (types != null) {
            for (Record r : types.all()) {
                if (nameOf(r).equals(name)) {
                    return oidOf(r);
                }
            }
        }
        return session.transaction().table(name).filter(t -> !t.isSequence())
                .map(t -> t.oid() & 0xFFFFFFFFL).orElse(0L);
    }

    private static long oidOf(Record type) {
        int oid = switch (type) {
            case Domain d -> d.oid();
            case CompositeType c -> c.oid();
            case EnumType e -> e.oid();
            default -> 0;
        };
        return oid & 0xFFFFFFFFL;
    }

    private static String nameOf(Record type) {
        return switch (type) {
            case Domain d -> d.name();
            case CompositeType c -> c.name();
            case EnumType e -> e.name();
            default -> "";
        };
    }
}
