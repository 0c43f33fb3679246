/*
 * PostgreSQL 15's built-in rows of pg_type, read from the data file pg_type.tsv next to this class (written by
 * generate-catalog-data from a fresh PostgreSQL 15): every base, pseudo, range and array type of pg_type.dat, the
 * row types of the system catalogs and views and their array types (pg_class is 83, _pg_class 273), and what
 * initdb's information_schema.sql creates: its domains (cardinal_number, character_data, sql_identifier,
 * time_stamp, yes_or_no) and its views' row types, with their array types, under the oids a stock initdb gives
 * them. The rows keep the heap order of a fresh cluster's pg_type, the order a scan returns them in (pgJDBC's
 * getTypeInfo lists types of one java.sql.Types in that order). osgres.sql computes with the PgType enum; this is
 * the full list pg_type shows and regtype and format_type name, including types osgres cannot store yet (point,
 * xml...). Names are looked up in pg_catalog ({@link #byTypname}) or information_schema ({@link
 * #inInformationSchema}) separately: information_schema is not on the default search_path.
 */
package osgres.sql.internal.utils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class BuiltinTypes {

    /**
     * One built-in type: pg_type's columns, in pg_type.tsv's column order (typowner is 10, typisdefined true and
     * typacl NULL in every built-in row); typdefaultbin and typdefault are null where PostgreSQL's are NULL.
     */
    public record BuiltinType(long oid, String typname, long typnamespace, short typlen, boolean typbyval,
                              String typtype, String typcategory, boolean typispreferred, String typdelim,
                              long typrelid, String typsubscript, long typelem, long typarray, String typinput,
                              String typoutput, String typreceive, String typsend, String typmodin,
                              String typmodout, String typanalyze, String typalign, String typstorage,
                              boolean typnotnull, long typbasetype, int typtypmod, int typndims, long typcollation,
                              String typdefaultbin, String typdefault) {

        /** An array type: typelem set and subscripted as arrays are (not name's or int2vector's raw subscripts). */
        public boolean isArray() {
            return typelem != 0 && typsubscript.equals("array_subscript_handler");
        }
    }

    private static final String RESOURCE = "pg_type.tsv";
    private static final List<BuiltinType> ALL = load();
    private static final Map<Long, BuiltinType> BY_OID = new HashMap<>();
    private static final Map<String, BuiltinType> BY_NAME = new HashMap<>();
    private static final Map<String, BuiltinType> INFORMATION_SCHEMA = new HashMap<>();
    private static final Map<Long, BuiltinType> BY_RELID = new HashMap<>();

    static {
        for (BuiltinType t : ALL) {
            BY_OID.put(t.oid(), t);
            (t.typnamespace() == Namespaces.PG_CATALOG ? BY_NAME : INFORMATION_SCHEMA).put(t.typname(), t);
            if (t.typrelid() != 0) {
                BY_RELID.put(t.typrelid(), t);
            }
        }
    }

    private BuiltinTypes() {
    }

    public static List<BuiltinType> all() {
        return ALL;
    }

    /** The built-in type with that oid, or null. */
    public static BuiltinType byOid(long oid) {
        return BY_OID.get(oid);
    }

    /**
     * The pg_catalog type whose typname is {@code typname} ({@code int4}, {@code _int4}, {@code cstring},
     * {@code pg_class}), or null.
     */
    public static BuiltinType byTypname(String typname) {
        return BY_NAME.get(typname);
    }

    /** The information_schema type whose typname is {@code typname} ({@code cardinal_number}, {@code _tables}). */
    public static BuiltinType inInformationSchema(String typname) {
        return INFORMATION_SCHEMA.get(typname);
    }

    /** The row type of the built-in relation (system catalog, view) with that pg_class oid, or null. */
    public static BuiltinType rowTypeOf(long relid) {
        return BY_RELID.get(relid);
    }

    /**
     * format_type's name of a built-in type: the SQL name PgType knows ({@code integer}, {@code integer[]}), else
     * the typname, an array's as its element's with {@code []}, an information_schema type's qualified (it is not
     * on the default search_path: {@code information_schema.cardinal_number}); null for an oid no built-in type has.
     */
    public static String sqlName(long oid) {
        PgType known = PgType.byOid((int) oid);
        if (known != null) {
            return known.sqlName();
        }
        BuiltinType t = BY_OID.get(oid);
        if (t == null) {
            return null;
        }
        if (t.isArray()) {
            String element = sqlName(t.typelem());
            return element == null ? t.typname() : element + "[]";
        }
        if (t.typnamespace() != Namespaces.PG_CATALOG) {
            return "information_schema." + RegClass.quoteIdentifier(t.typname());
        }
        return switch (t.typname()) {
            case "varbit" -> "bit varying";
            default -> t.typname();
        };
    }

    private static List<BuiltinType> load() {
        List<BuiltinType> types = new ArrayList<>();
        try (InputStream in = BuiltinTypes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                types.add(new BuiltinType(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]), Short.parseShort(f[3]),
                        f[4].equals("t"), f[5], f[6], f[7].equals("t"), f[8], Long.parseLong(f[9]), f[10],
                        Long.parseLong(f[11]), Long.parseLong(f[12]), f[13], f[14], f[15], f[16], f[17], f[18],
                        f[19], f[20], f[21], f[22].equals("t"), Long.parseLong(f[23]), Integer.parseInt(f[24]),
                        Integer.parseInt(f[25]), Long.parseLong(f[26]), nullable(f[27]), nullable(f[28])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(types);
    }

    /** COPY's NULL; the generator checks the built-in rows hold no other backslash escape. */
    private static String nullable(String field) {
        return field.equals("\\N") ? null : field;
    }
}
