/*
 * PostgreSQL 15's built-in types as pg_type.dat defines them (every base, pseudo and array type of pg_catalog,
 * without the row types of system catalogs and views), read from the data file pg_type.tsv next to this class.
 * osgres.sql computes with the PgType enum; this is the full list pg_type shows and regtype and format_type name,
 * including types osgres cannot store yet (point, xml...).
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

    /** One built-in type: pg_type's columns, in pg_type.tsv's column order. */
    public record BuiltinType(long oid, String typname, short typlen, boolean typbyval, String typtype,
                              String typcategory, boolean typispreferred, String typdelim, String typsubscript,
                              long typelem, long typarray, String typinput, String typoutput, String typreceive,
                              String typsend, String typmodin, String typmodout, String typanalyze,
                              String typalign, String typstorage, long typcollation) {

        /** An array type: typelem set and subscripted as arrays are (not name's or int2vector's raw subscripts). */
        public boolean isArray() {
            return typelem != 0 && typsubscript.equals("array_subscript_handler");
        }
    }

    private static final String RESOURCE = "pg_type.tsv";
    private static final List<BuiltinType> ALL = load();
    private static final Map<Long, BuiltinType> BY_OID = new HashMap<>();
    private static final Map<String, BuiltinType> BY_NAME = new HashMap<>();

    static {
        for (BuiltinType t : ALL) {
            BY_OID.put(t.oid(), t);
            BY_NAME.put(t.typname(), t);
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

    /** The built-in type whose typname is {@code typname} ({@code int4}, {@code _int4}, {@code cstring}), or null. */
    public static BuiltinType byTypname(String typname) {
        return BY_NAME.get(typname);
    }

    /**
     * format_type's name of a built-in type: the SQL name PgType knows ({@code integer}, {@code integer[]}), else
     * the typname, an array's as its element's with {@code []}; null for an oid no built-in type has.
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
                types.add(new BuiltinType(Long.parseLong(f[0]), f[1], Short.parseShort(f[2]), f[3].equals("t"), f[4],
                        f[5], f[6].equals("t"), f[7], f[8], Long.parseLong(f[9]), Long.parseLong(f[10]), f[11],
                        f[12], f[13], f[14], f[15], f[16], f[17], f[18], f[19], Long.parseLong(f[20])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(types);
    }
}
