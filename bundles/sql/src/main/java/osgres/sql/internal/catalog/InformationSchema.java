/*
 * The views of information_schema (PostgreSQL 15's information_schema.sql): each is its SQL query, which the
 * analyser runs over osgres's own pg_catalog every time the view is read, so the views answer as the catalog does
 * (a table created in an open transaction shows in that transaction only) and grow with it. The queries are
 * PostgreSQL's own as pg_get_viewdef prints them (information_schema_views.tsv), with two changes made as they are
 * read, until osgres has what they name:
 * - the casts to information_schema's domains (sql_identifier, cardinal_number, character_data, yes_or_no,
 *   time_stamp) are casts to their base types (name, integer, character varying, character varying(3),
 *   timestamp(2) with time zone), so the views' columns are of those types;
 * - the whole-row calls information_schema._pg_truetypid(a.*, t.*) and _pg_truetypmod(a.*, t.*) are their SQL
 *   bodies written out (what PostgreSQL's planner inlines them to);
 * - pg_authid is read as pg_roles (same oid and rolname): PostgreSQL reads it with the privileges of the views'
 *   owner, osgres analyses the query as the session's user, who may not read pg_authid.
 * Only the views listed in the data file exist (those whose catalogs osgres has; see README): information_schema.other
 * is 42P01 as for any missing relation.
 */
package osgres.sql.internal.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

public final class InformationSchema {
    public static final String SCHEMA = "information_schema";

    /** What the stored queries name that osgres does not have yet, and what stands for it (see the header). */
    private static final Map<String, String> STAND_INS = standIns();

    private static final Map<String, String> VIEWS = read();

    private InformationSchema() {
    }

    /** The query of view {@code name} of information_schema, null when there is no such view. */
    public static String viewQuery(String name) {
        return VIEWS.get(name);
    }

    /** The names of the views, in alphabetical order. */
    public static Set<String> viewNames() {
        return Collections.unmodifiableSet(VIEWS.keySet());
    }

    private static Map<String, String> standIns() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("::information_schema.sql_identifier", "::name");
        m.put("::information_schema.cardinal_number", "::integer");
        m.put("::information_schema.character_data", "::character varying");
        m.put("::information_schema.yes_or_no", "::character varying(3)");
        m.put("::information_schema.time_stamp", "::timestamp(2) with time zone");
        m.put("information_schema._pg_truetypid(a.*, t.*)",
                "CASE WHEN t.typtype = 'd'::\"char\" THEN t.typbasetype ELSE a.atttypid END");
        m.put("information_schema._pg_truetypmod(a.*, t.*)",
                "CASE WHEN t.typtype = 'd'::\"char\" THEN t.typtypmod ELSE a.atttypmod END");
        m.put("pg_authid", "pg_roles");
        return m;
    }

    private static Map<String, String> read() {
        Map<String, String> views = new LinkedHashMap<>();
        for (String[] f : BuiltinCatalogs.readCopyText(InformationSchema.class, "information_schema_views.tsv")) {
            String query = f[1].strip();
            for (Map.Entry<String, String> e : STAND_INS.entrySet()) {
                query = query.replace(e.getKey(), e.getValue());
            }
            views.put(f[0], query.endsWith(";") ? query.substring(0, query.length() - 1) : query);
        }
        return Collections.unmodifiableMap(views);
    }
}
