/*
 * The regclass type (PostgreSQL's utils/adt/regproc.c regclassin/regclassout): a relation's oid that reads and
 * prints as its name. A value carries both, resolved when the text is converted (at execution, against the
 * session's transaction, so a cached plan never holds a stale oid); output prints the name, quoted where
 * quote_identifier would quote it, or the number for a relation that was not found by oid. Input accepts
 * an optional public. schema and a double-quoted name, as names in SQL are written; any relation (table,
 * sequence, index) resolves. Output qualifies a user relation with public. when search_path does not name that
 * schema (utils/SearchPath). Not done: other schemas; input ignores search_path (an unqualified name still finds
 * public's relation where PostgreSQL would say it does not exist).
 */
package osgres.sql.internal.utils;

import java.util.Locale;
import java.util.Map;

import osgres.api.PgException;
import osgres.storage.Transaction;

/**
 * A regclass value.
 *
 * @param oid  the relation's pg_class oid
 * @param name its name as stored, or null when only the oid is known (printed as the number)
 */
public record RegClass(long oid, String name) {

    /** The catalogs whose rows are PostgreSQL's built-in ones (catalog.BuiltinCatalogs), with their oids. */
    public static final Map<String, Integer> BUILTIN_ROW_CATALOGS = Map.ofEntries(
            Map.entry("pg_aggregate", 2600), Map.entry("pg_amop", 2602), Map.entry("pg_amproc", 2603),
            Map.entry("pg_cast", 2605), Map.entry("pg_conversion", 2607), Map.entry("pg_db_role_setting", 2964),
            Map.entry("pg_default_acl", 826), Map.entry("pg_event_trigger", 3466),
            Map.entry("pg_foreign_data_wrapper", 2328), Map.entry("pg_foreign_server", 1417),
            Map.entry("pg_foreign_table", 3118), Map.entry("pg_init_privs", 3394), Map.entry("pg_largeobject", 2613),
            Map.entry("pg_largeobject_metadata", 2995), Map.entry("pg_opclass", 2616),
            Map.entry("pg_operator", 2617), Map.entry("pg_opfamily", 2753), Map.entry("pg_parameter_acl", 6243),
            Map.entry("pg_range", 3541), Map.entry("pg_replication_origin", 6000), Map.entry("pg_seclabel", 3596),
            Map.entry("pg_shseclabel", 3592), Map.entry("pg_subscription", 6100), Map.entry("pg_transform", 3576),
            Map.entry("pg_ts_config", 3602), Map.entry("pg_ts_config_map", 3603), Map.entry("pg_ts_dict", 3600),
            Map.entry("pg_ts_parser", 3601), Map.entry("pg_ts_template", 3764), Map.entry("pg_user_mapping", 1418));

    /**
     * The system catalogs osgres shows in pg_class (tables, relkind 'r'; views such as pg_tables are not here),
     * with PostgreSQL's oids (pg_class.h, pg_attribute.h...). Each must be a view of SystemViews.find.
     */
    public static final Map<String, Integer> SYSTEM_CATALOGS = withBuiltinRowCatalogs(Map.ofEntries(
            Map.entry("pg_class", 1259),
            Map.entry("pg_attribute", 1249),
            Map.entry("pg_namespace", 2615),
            Map.entry("pg_am", 2601),
            Map.entry("pg_index", 2610),
            Map.entry("pg_type", 1247),
            Map.entry("pg_enum", 3501),
            Map.entry("pg_collation", 3456),
            Map.entry("pg_partitioned_table", 3350),
            Map.entry("pg_constraint", 2606),
            Map.entry("pg_attrdef", 2604),
            Map.entry("pg_inherits", 2611),
            Map.entry("pg_policy", 3256),
            Map.entry("pg_statistic_ext", 3381),
            Map.entry("pg_publication", 6104),
            Map.entry("pg_publication_rel", 6106),
            Map.entry("pg_publication_namespace", 6237),
            Map.entry("pg_rewrite", 2618),
            Map.entry("pg_trigger", 2620),
            Map.entry("pg_description", 2609),
            Map.entry("pg_sequence", 2224),
            Map.entry("pg_depend", 2608),
            Map.entry("pg_database", 1262),
            Map.entry("pg_authid", 1260),
            Map.entry("pg_auth_members", 1261),
            Map.entry("pg_tablespace", 1213),
            Map.entry("pg_language", 2612),
            Map.entry("pg_extension", 3079),
            Map.entry("pg_proc", 1255)));

    private static Map<String, Integer> withBuiltinRowCatalogs(Map<String, Integer> catalogs) {
        Map<String, Integer> all = new java.util.HashMap<>(catalogs);
        all.putAll(BUILTIN_ROW_CATALOGS);
        return Map.copyOf(all);
    }

    /** regclassin against the transaction's catalog: 42P01 (with {@code position}) when nothing has that name. */
    public static RegClass input(String written, Transaction tx, int position) {
        String text = written.strip();
        if (text.matches("\\d+")) {
            return new RegClass(Long.parseLong(text), null);
        }
        String schema = "";
        if (text.startsWith("public.") || text.startsWith("pg_catalog.")) {
            schema = text.substring(0, text.indexOf('.') + 1);
            text = text.substring(schema.length());
        }
        String name = text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                : text.toLowerCase(Locale.ROOT);
        // pg_catalog comes first in the search path
        Integer catalog = schema.equals("public.") ? null : SYSTEM_CATALOGS.get(name);
        if (catalog != null) {
            return new RegClass(catalog, name);
        }
        if (schema.equals("pg_catalog.")) {
            throw Messages.relationDoesNotExist(schema + name, position);
        }
        var table = tx.table(name);
        if (table.isPresent()) {
            return new RegClass(table.get().oid() & 0xFFFFFFFFL, name);
        }
        var index = tx.index(name);
        if (index.isPresent()) {
            return new RegClass(index.get().oid() & 0xFFFFFFFFL, name);
        }
        PgException missing = Messages.relationDoesNotExist(schema + name, position);
        throw missing;
    }

    /** An oid as regclass, named when a relation has it (regclassout looks the oid up in pg_class). */
    static RegClass ofOid(long oid, Transaction tx) {
        for (Map.Entry<String, Integer> catalog : SYSTEM_CATALOGS.entrySet()) {
            if (catalog.getValue() == oid) {
                return new RegClass(oid, catalog.getKey());
            }
        }
        for (osgres.storage.TableDef t : tx.tables()) {
            if ((t.oid() & 0xFFFFFFFFL) == oid) {
                return new RegClass(oid, t.name());
            }
            for (osgres.storage.IndexDef i : t.indexes()) {
                if ((i.oid() & 0xFFFFFFFFL) == oid) {
                    return new RegClass(oid, i.name());
                }
            }
        }
        return new RegClass(oid, null);
    }

    /** regclassout with public on the search path. */
    public String output() {
        return output(true);
    }

    /**
     * regclassout: the name, qualified with {@code public.} when that schema is not on the search path (a user
     * relation's; the catalogs are always visible). A temporary relation is printed as a public one would be.
     */
    public String output(boolean publicVisible) {
        if (oid == 0) {
            return "-"; // regclassout's InvalidOid
        }
        if (name == null) {
            return Long.toString(oid);
        }
        return oid >= FIRST_NORMAL_OBJECT_ID ? SearchPath.qualified(quoteIdentifier(name), publicVisible)
                : quoteIdentifier(name);
    }

    /** PostgreSQL's FirstNormalObjectId: oids below it are the built-in objects'. */
    public static final long FIRST_NORMAL_OBJECT_ID = 16384;

    /** quote_identifier without the keyword list: quoted unless lower-case letters, digits and underscores. */
    public static String quoteIdentifier(String name) {
        boolean plain = !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
        for (int i = 0; plain && i < name.length(); i++) {
            char c = name.charAt(i);
            plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }
        return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public int relationOid() {
        return (int) oid;
    }
}
