/*
 * The schemas osgres has (PostgreSQL's pg_namespace.dat and namespace.c): pg_catalog (11), pg_toast (99) and
 * public (2200) with PostgreSQL's oids, information_schema, and a backend's temporary schema pg_temp_N. The storage
 * keeps no pg_namespace of its own yet: every permanent user relation is in public, temporary ones in the
 * backend's pg_temp_N. Also regnamespace's input and output (regproc.c regnamespacein/regnamespaceout).
 *
 * Not PostgreSQL's: information_schema's oid is fixed (initdb gives it the next free oid, 13207 in a stock
 * PostgreSQL 15), and pg_temp_N's oid is TEMP_BASE + N (pg_toast_temp_N's TEMP_BASE + TOAST_TEMP + N), above
 * the range the oid counter hands out; N is below 2^22 (Linux's largest pid). regnamespace accepts any
 * pg_temp_N, whether or not a backend has made it.
 */
package osgres.sql.internal.utils;

import java.util.Locale;

import osgres.api.PgException;

public final class Namespaces {
    public static final long PG_CATALOG = 11;
    public static final long PG_TOAST = 99;
    public static final long PUBLIC = 2200;
    public static final long INFORMATION_SCHEMA = 13207;
    /** pg_database_owner (pg_authid.dat), public's owner in PostgreSQL 15. */
    public static final long PG_DATABASE_OWNER = 6171;
    private static final long TEMP_BASE = 0xFF000000L;
    private static final long TOAST_TEMP = 0x400000L;

    private Namespaces() {
    }

    /** The oid of a temporary schema {@code pg_temp_N}. */
    public static long temporary(String schema) {
        return TEMP_BASE + Long.parseLong(schema.substring("pg_temp_".length()));
    }

    /** The oid of the TOAST schema {@code pg_toast_temp_N} beside {@code pg_temp_N}. */
    public static long temporaryToast(String schema) {
        return temporary(schema) + TOAST_TEMP;
    }

    /** The schema an oid names, or null for none. */
    public static String name(long oid) {
        if (oid == PG_CATALOG) {
            return "pg_catalog";
        } else if (oid == PG_TOAST) {
            return "pg_toast";
        } else if (oid == PUBLIC) {
            return "public";
        } else if (oid == INFORMATION_SCHEMA) {
            return "information_schema";
        } else if (oid >= TEMP_BASE + TOAST_TEMP) {
            return "pg_toast_temp_" + (oid - TEMP_BASE - TOAST_TEMP);
        } else if (oid >= TEMP_BASE) {
            return "pg_temp_" + (oid - TEMP_BASE);
        }
        return null;
    }

    /** regnamespacein: a number as it is, a schema name (quoted or not) as its oid; 3F000 for an unknown one. */
    public static long input(String written) {
        String text = written.strip();
        if (text.matches("\\d+")) {
            return Long.parseLong(text) & 0xFFFFFFFFL;
        }
        String name = text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                : text.toLowerCase(Locale.ROOT);
        switch (name) {
            case "pg_catalog" -> {
                return PG_CATALOG;
            }
            case "pg_toast" -> {
                return PG_TOAST;
            }
            case "public" -> {
                return PUBLIC;
            }
            case "information_schema" -> {
                return INFORMATION_SCHEMA;
            }
            default -> {
                if (name.matches("pg_temp_\\d{1,7}")) {
                    return temporary(name);
                }
                if (name.matches("pg_toast_temp_\\d{1,7}")) {
                    return temporaryToast(name.replace("pg_toast_temp_", "pg_temp_"));
                }
                throw PgException.error("3F000", "schema \"" + name + "\" does not exist");
            }
        }
    }

    /** regnamespaceout: the name, quoted where needed, or the number of an oid no schema has. */
    public static String output(long oid) {
        String name = name(oid);
        return name == null ? Long.toString(oid) : RegClass.quoteIdentifier(name);
    }
}
