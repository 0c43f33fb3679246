/*
 * The catalogs of pg_catalog whose rows are PostgreSQL 15's built-in ones, as initdb loads them from
 * src/include/catalog/*.dat: operator families and classes, operators and their access-method entries (pg_opfamily,
 * pg_opclass, pg_operator, pg_amop, pg_amproc), casts, conversions, range types, aggregates, pg_init_privs and the
 * text search catalogs; and, empty, the catalogs of objects osgres has none of (foreign data wrappers and servers,
 * subscriptions, event triggers, default ACLs, large objects, transforms, security labels, per-role settings,
 * replication origins). pg_dump reads all of them, psql's \do \dC \dc and drivers' metadata some. The rows come
 * from the data files builtin/NAME.tsv next to this class, written by bundles/sql/generate-catalog-data from a
 * PostgreSQL 15 (a first line naming each column and its type oid, then the rows in COPY's text format), parsed once.
 *
 * These are PostgreSQL's rows, so they name functions and types osgres may not implement (as pg_type lists types
 * osgres cannot store). Not here yet: the operators, casts, operator classes and aggregates users create (CREATE
 * OPERATOR, CREATE CAST, CREATE OPERATOR CLASS, CREATE AGGREGATE keep them in the SQL layer's own catalogs).
 */
package osgres.sql.internal.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ArrayValue;
import osgres.storage.Role;

public final class BuiltinCatalogs {

    /** pg_init_privs's privileges name the bootstrap superuser, whose name is the cluster's own. */
    private static final String BOOTSTRAP = "%BOOTSTRAP%";

    private record Data(List<SystemViews.ViewColumn> columns, List<Object[]> rows) {
    }

    private static final Map<String, Data> LOADED = new ConcurrentHashMap<>();

    /** pg_seclabels (system_views.sql): the security labels of pg_seclabel and pg_shseclabel, none here. */
    private static final SystemViews.View PG_SECLABELS = new SystemViews.View("pg_seclabels", SystemViews.columns(
            "objoid", PgType.OID, "classoid", PgType.OID, "objsubid", PgType.INT4, "objtype", PgType.TEXT,
            "objnamespace", PgType.OID, "objname", PgType.TEXT, "provider", PgType.TEXT, "label", PgType.TEXT),
            session -> List.of());

    static final List<SystemViews.View> ALL = java.util.stream.Stream.concat(
            RegClass.BUILTIN_ROW_CATALOGS.keySet().stream().sorted()
                    .map(name -> new SystemViews.View(name, data(name).columns(), session -> rows(name, session))),
            java.util.stream.Stream.of(PG_SECLABELS)).toList();

    private BuiltinCatalogs() {
    }

    private static Data data(String name) {
        return LOADED.computeIfAbsent(name, BuiltinCatalogs::load);
    }

    /** The default operator class of a type for btree (403) or hash (405), from pg_opclass; 0 when none. */
    static long defaultOpclass(PgType type, boolean hash) {
        long method = hash ? 405 : 403;
        for (Object[] row : rows("pg_opclass")) {
            // pg_opclass: oid, opcmethod, opcname, opcnamespace, opcowner, opcfamily, opcintype, opcdefault, ...
            if (Long.valueOf(method).equals(row[1]) && Boolean.TRUE.equals(row[7])
                    && Long.valueOf(type.oid()).equals(row[6])) {
                return (Long) row[0];
            }
        }
        return 0;
    }

    /**
     * pg_init_privs's privileges of one object, the bootstrap superuser named ({@code {=r/postgres}}), or null: what
     * initdb granted on a catalog or one of its columns, which is the object's ACL while nobody changed it.
     */
    static ArrayValue initialPrivileges(SessionServices session, long classoid, long objoid, int subid) {
        for (Object[] row : rows("pg_init_privs", session)) {
            if (row[0].equals(objoid) && row[1].equals(classoid) && row[2].equals(subid)) {
                return (ArrayValue) row[4];
            }
        }
        return null;
    }

    /** A catalog's built-in rows, as loaded (pg_init_privs's with the bootstrap superuser as %BOOTSTRAP%). */
    static List<Object[]> rows(String name) {
        return data(name).rows();
    }

    private static List<Object[]> rows(String name, SessionServices session) {
        List<Object[]> rows = data(name).rows();
        if (!name.equals("pg_init_privs")) {
            return rows;
        }
        String bootstrap = SystemCatalogs.userName(session, Role.BOOTSTRAP_SUPERUSER_OID);
        List<Object[]> named = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] copy = row.clone();
            ArrayValue acl = (ArrayValue) copy[4];
            Object[] items = new Object[acl.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = ((String) acl.get(i)).replace(BOOTSTRAP, bootstrap);
            }
            copy[4] = ArrayValue.of(PgType.ACLITEM.oid(), items);
            named.add(copy);
        }
        return named;
    }

    private static Data load(String name) {
        String resource = "builtin/" + name + ".tsv";
        try (InputStream in = BuiltinCatalogs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = reader.readLine().split("\t");
            List<SystemViews.ViewColumn> columns = new ArrayList<>();
            for (int i = 1; i < header.length; i++) {
                int colon = header[i].lastIndexOf(':');
                PgType type = PgType.byOid(Integer.parseInt(header[i].substring(colon + 1)));
                if (type == null) {
                    throw new IllegalStateException(resource + ": no type for column " + header[i]);
                }
                columns.add(new SystemViews.ViewColumn(header[i].substring(0, colon), type));
            }
            List<Object[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split("\t", -1);
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    String text = unescape(fields[i]);
                    row[i] = text == null ? null : TypeIo.input(columns.get(i).type(), text, null);
                }
                rows.add(row);
            }
            return new Data(List.copyOf(columns), List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of a data file next to {@code owner} in COPY's text format, each field unescaped (null for
     * {@code \N}); lines starting with {@code #} (the file's header comment) and empty lines are skipped.
     */
    static List<String[]> readCopyText(Class<?> owner, String file) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = owner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                for (int i = 0; i < f.length; i++) {
                    f[i] = unescape(f[i]);
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** A field of COPY's text format: {@code \N} is NULL, a backslash escapes the next character. */
    public static String unescape(String field) {
        if (field.equals("\\N")) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            out.append(switch (next) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'v' -> '\u000b';
                default -> next;
            });
        }
        return out.toString();
    }
}
