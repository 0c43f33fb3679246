/*
 * Relation names around temporary tables (PostgreSQL's namespace.c as far as the SQL layer needs it): which schema
 * names are temporary ones ({@code pg_temp}, {@code pg_temp_N}), the name under which CREATE [TEMP] TABLE creates
 * (RangeVarGetCreationNamespace with RangeVarAdjustRelationPersistence and DefineRelation's ON COMMIT check), and
 * the explicitly qualified name of a table already resolved, so that DDL on it reaches that table and not one a
 * temporary table of the same name shadows. The storage resolves the names themselves (Transaction's name rules):
 * {@code t} is the search path (pg_temp_N first, then public), {@code public.t} and {@code pg_temp.t} one schema.
 */
package osgres.sql.internal.catalog;

import osgres.sql.internal.utils.Messages;
import osgres.storage.OnCommitAction;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class TemporaryTables {

    private TemporaryTables() {
    }

    /** {@code pg_temp} or {@code pg_temp_N}: a temporary schema (isAnyTempNamespace, by name). */
    public static boolean isTemporarySchema(String schema) {
        if (schema.equals("pg_temp")) {
            return true;
        }
        return schema.startsWith("pg_temp_") && schema.length() > "pg_temp_".length()
                && schema.substring("pg_temp_".length()).chars().allMatch(Character::isDigit);
    }

    /** The schema part of a name as osgres keeps it ({@code public.t}), or null when unqualified. */
    static String schema(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? null : name.substring(0, dot);
    }

    /** The name without a {@code public.} or temporary schema (what PostgreSQL's relname-only messages show). */
    public static String relname(String name) {
        String schema = schema(name);
        if (schema != null && (schema.equals("public") || isTemporarySchema(schema))) {
            return name.substring(schema.length() + 1);
        }
        return name;
    }

    /**
     * The name to create {@code name} under: {@code pg_temp.t} for a temporary table (asked for, or named in a
     * temporary schema), {@code public.t} for a permanent one. 42P16 for CREATE TEMP TABLE in {@code public} and
     * for ON COMMIT on a permanent table, 3F000 for a temporary table in a schema osgres does not have; the schema
     * errors point at {@code position} (0: none).
     */
    public static String creationName(String name, boolean temporary, OnCommitAction onCommit, int position) {
        String schema = schema(name);
        String relname = relname(name);
        if (temporary && schema != null && !isTemporarySchema(schema)) {
            if (schema.equals("public")) {
                throw Messages.temporaryRelationInPermanentSchema().withPosition(position);
            }
            throw Messages.schemaDoesNotExist(schema).withPosition(position);
        }
        if (onCommit != null && !temporary) {
            throw Messages.onCommitOnlyOnTemporaryTables();
        }
        if (temporary) {
            return schema != null ? name : "pg_temp." + relname;
        }
        return schema != null ? name : "public." + relname;
    }

    /** {@code pg_temp.t} or {@code public.t} for a table resolved in {@code tx}: DDL on it names it so. */
    public static String qualified(Transaction tx, TableDef table) {
        return (tx.isTemporary(table) ? "pg_temp." : "public.") + table.name();
    }

    /** The schema prefix ({@code pg_temp.} or {@code public.}) of the namespace {@code table} lives in. */
    public static String schemaPrefix(Transaction tx, TableDef table) {
        return tx.isTemporary(table) ? "pg_temp." : "public.";
    }
}
