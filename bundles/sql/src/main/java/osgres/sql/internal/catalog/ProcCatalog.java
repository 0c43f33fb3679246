/*
 * pg_proc as clients read it (psql's \df, pg_dump, drivers' getFunctions), with PostgreSQL 15's columns, order and
 * types (src/include/catalog/pg_proc.h), and the functions that describe a row as ruleutils.c does:
 * pg_get_function_arguments, pg_get_function_identity_arguments, pg_get_function_result, pg_function_is_visible
 * (namespace.c FunctionIsVisible) and pg_get_function_sqlbody.
 *
 * The rows are produced at each scan from two sources:
 * - the built-in functions, aggregates and window functions: PostgreSQL 15's own pg_proc rows (oids, names,
 *   argument and result types, volatility...) kept in the data file pg_proc.tsv next to this class, of which only
 *   those osgres implements are shown (SessionServices.implementsBuiltin decides; the answer does not change while
 *   the server runs, so it is asked once per row and kept);
 * - the user's functions, procedures and aggregates: the session's function catalog (RoutineRunner), which the SQL
 *   layer keeps in a heap relation of its own. That relation is not this view: it keeps each routine's CREATE
 *   statement, which this class interprets into pg_proc's columns, so data directories made before pg_proc was
 *   visible read unchanged and the visible pg_proc cannot be written to.
 *
 * Approximations: user routines belong to public (2200) and their creator (proowner, proacl and prosecdef are
 * kept, aggregates' too); a domain parameter or result
 * shows as the domain's base type (the function catalog keeps only that); COST, ROWS,
 * LEAKPROOF, PARALLEL and SET are not kept, so procost is 100, prorows 0 or 1000, proleakproof
 * false, proparallel 'u', proconfig NULL; proargdefaults and prosqlbody (node trees) are NULL, and
 * pg_get_function_sqlbody is NULL (so \df+ shows prosrc, empty for a BEGIN ATOMIC or RETURN body); the
 * built-ins' prosrc is kept for internal and C functions only (their C symbol), '' for SQL-language ones.
 */
package osgres.sql.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.Namespaces;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.RoutineRunner;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.SqlFunction;
import osgres.storage.ArrayValue;
import osgres.storage.Role;

public final class ProcCatalog {

    private static final PgType OID = PgType.OID;
    private static final PgType CHAR = PgType.CHAR;
    private static final PgType BOOL = PgType.BOOL;
    private static final PgType TREE = PgType.PG_NODE_TREE;

    /** pg_language oids (pg_language.dat; plpgsql's is the one PostgreSQL 15's initdb gives it). */
    static final long INTERNAL_LANGUAGE = 12;
    static final long SQL_LANGUAGE = 14;
    static final long PLPGSQL_LANGUAGE = 13563;

    public static final SystemViews.View PG_PROC = new SystemViews.View("pg_proc", SystemViews.columns(
            "oid", OID, "proname", PgType.NAME, "pronamespace", OID, "proowner", OID, "prolang", OID,
            "procost", PgType.FLOAT4, "prorows", PgType.FLOAT4, "provariadic", OID, "prosupport", PgType.REGPROC,
            "prokind", CHAR, "prosecdef", BOOL, "proleakproof", BOOL, "proisstrict", BOOL, "proretset", BOOL,
            "provolatile", CHAR, "proparallel", CHAR, "pronargs", PgType.INT2, "pronargdefaults", PgType.INT2,
            "prorettype", OID, "proargtypes", PgType.OIDVECTOR, "proallargtypes", PgType.OID_ARRAY,
            "proargmodes", PgType.CHAR_ARRAY, "proargnames", PgType.TEXT_ARRAY, "proargdefaults", TREE,
            "protrftypes", PgType.OID_ARRAY, "prosrc", PgType.TEXT, "probin", PgType.TEXT, "prosqlbody", TREE,
            "proconfig", PgType.TEXT_ARRAY, "proacl", PgType.ACLITEM_ARRAY),
            ProcCatalog::rows);

    /** pg_type's "any", which aggregates such as count("any") take. */
    private static final int ANY_PSEUDO_TYPE = 2276;

    /** Column positions of a pg_proc row. */
    private static final int PRONAME = 1;
    private static final int PRONAMESPACE = 2;
    private static final int PROKIND = 9;
    private static final int PROARGTYPES = 19;

    /**
     * One built-in row with what ruleutils prints for it (kept from PostgreSQL, since a built-in's defaults and
     * names are not re-derived here).
     */
    private record Builtin(Object[] row, String arguments, String identityArguments, String result) {
        long oid() {
            return (Long) row[0];
        }
    }

    /** What the describing functions need of one routine, built-in or user-defined. */
    private record Described(Object[] row, String arguments, String identityArguments, String result) {
    }

    /** Every PostgreSQL 15 built-in, in oid order (read once). */
    private static volatile List<Builtin> allBuiltins;
    /** The built-ins osgres implements (decided once: the function tables do not change while the server runs). */
    private static volatile List<Builtin> implemented;
    private static volatile Map<Long, Builtin> implementedByOid;

    private ProcCatalog() {
    }

    // ---- rows ---------------------------------------------------------------------------------------------

    private static List<Object[]> rows(SessionServices session) {
        List<Object[]> rows = new ArrayList<>();
        for (Builtin b : builtins(session)) {
            rows.add(b.row().clone());
        }
        for (Described d : userRoutines(session).values()) {
            rows.add(d.row());
        }
        return rows;
    }

    private static List<Builtin> builtins(SessionServices session) {
        List<Builtin> list = implemented;
        if (list == null) {
            List<Builtin> kept = new ArrayList<>();
            Map<Long, Builtin> byOid = new HashMap<>();
            for (Builtin b : allBuiltins()) {
                Object[] r = b.row();
                String types = (String) r[PROARGTYPES];
                List<PgType> args = new ArrayList<>();
                boolean known = true;
                for (String t : types.isEmpty() ? new String[0] : types.split(" ")) {
                    PgType type = PgType.byOid(Integer.parseInt(t));
                    // "any" (count("any")) has no PgType: an aggregate's name decides
                    known &= type != null || Integer.parseInt(t) == ANY_PSEUDO_TYPE && "a".equals(r[PROKIND]);
                    args.add(type);
                }
                String name = (String) r[PRONAME];
                if (r[PRONAMESPACE].equals(Namespaces.INFORMATION_SCHEMA)) {
                    name = "information_schema." + name;
                }
                if (known && session.implementsBuiltin(name, ((String) r[PROKIND]).charAt(0), args)) {
                    kept.add(b);
                    byOid.put(b.oid(), b);
                }
            }
            implementedByOid = Map.copyOf(byOid);
            implemented = list = List.copyOf(kept);
        }
        return list;
    }

    private static List<Builtin> allBuiltins() {
        List<Builtin> list = allBuiltins;
        if (list == null) {
            allBuiltins = list = readBuiltins();
        }
        return list;
    }

    /**
     * pg_proc.tsv (pg_catalog's) and pg_proc_information_schema.tsv (information_schema's functions, which osgres
     * knows by their qualified names): COPY text format, columns as the first file's header says.
     */
    private static List<Builtin> readBuiltins() {
        List<Builtin> out = new ArrayList<>();
        readBuiltins("pg_proc.tsv", Namespaces.PG_CATALOG, out);
        readBuiltins("pg_proc_information_schema.tsv", Namespaces.INFORMATION_SCHEMA, out);
        return List.copyOf(out);
    }

    private static void readBuiltins(String file, long namespace, List<Builtin> out) {
        for (String[] f : BuiltinCatalogs.readCopyText(ProcCatalog.class, file)) {
            Object[] row = {
                Long.parseLong(f[0]), f[1], namespace, (long) Role.BOOTSTRAP_SUPERUSER_OID,
                Long.parseLong(f[3]), Float.parseFloat(f[4]), Float.parseFloat(f[5]), Long.parseLong(f[6]), f[7],
                f[2], bool(f[8]), bool(f[9]), bool(f[10]), bool(f[11]), f[12], f[13], Short.parseShort(f[14]),
                Short.parseShort(f[15]), Long.parseLong(f[16]), f[17], array(PgType.OID, f[18]),
                array(PgType.CHAR, f[19]), array(PgType.TEXT, f[20]), null, null, f[21], null, null, null,
                null};
            out.add(new Builtin(row, f[22], f[23], f[24]));
        }
    }


    private static Boolean bool(String text) {
        return text.equals("t");
    }

    private static ArrayValue array(PgType element, String text) {
        return text == null ? null : PgArrays.input(element, text, null);
    }

    // ---- user routines ------------------------------------------------------------------------------------

    /** The session's functions, procedures and aggregates by oid, as pg_proc rows. */
    private static Map<Long, Described> userRoutines(SessionServices session) {
        RoutineRunner routines = session.routines();
        Map<Long, Described> out = new java.util.TreeMap<>();
        if (routines == null) {
            return out;
        }
        List<SqlFunction> functions = routines.catalogFunctions();
        for (SqlFunction f : functions) {
            out.put(f.oid() & 0xFFFFFFFFL, describe(session, f, rowTypeOid(session, f)));
        }
        for (AggregateDefinition a : routines.catalogAggregates()) {
            out.put(a.oid() & 0xFFFFFFFFL, describe(session, a, functions));
        }
        return out;
    }

    /**
     * regprocout: the name of the routine with that oid, {@code pg_catalog.}-qualified when several built-ins share
     * it; '-' for 0, the number for an oid no routine has.
     */
    public static String regprocName(SessionServices session, long oid) {
        if (oid == 0) {
            return "-";
        }
        Described user = userRoutines(session).get(oid);
        if (user != null) {
            return (String) user.row()[1];
        }
        Builtin b = builtinByOid(oid);
        if (b != null) {
            String proname = (String) b.row()[1];
            return builtinNames().get(proname).length > 1 ? "pg_catalog." + proname : proname;
        }
        return Long.toString(oid);
    }

    /**
     * regproc's oid (regprocin): the routine of that name, a user's first, then PostgreSQL's built-in of that
     * proname (with or without pg_catalog.; the lowest oid when several share it); 0 for '-' or no such routine.
     */
    public static long oidOfRegproc(SessionServices session, String name) {
        String proname = name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
        if (proname.equals("-")) {
            return 0;
        }
        for (Map.Entry<Long, Described> e : userRoutines(session).entrySet()) {
            if (proname.equals(e.getValue().row()[1])) {
                return e.getKey();
            }
        }
        Builtin[] named = builtinNames().get(proname);
        return named == null ? 0 : named[0].oid();
    }

    /** The built-in with that oid, or null (allBuiltins is in oid order). */
    private static Builtin builtinByOid(long oid) {
        List<Builtin> all = allBuiltins();
        int lo = 0;
        int hi = all.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = all.get(mid).oid();
            if (at == oid) {
                return all.get(mid);
            }
            if (at < oid) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** The built-ins by proname, each name's in oid order (read once, with allBuiltins). */
    private static volatile Map<String, Builtin[]> builtinNames;

    private static Map<String, Builtin[]> builtinNames() {
        Map<String, Builtin[]> map = builtinNames;
        if (map == null) {
            Map<String, List<Builtin>> byName = new java.util.HashMap<>();
            for (Builtin b : allBuiltins()) {
                byName.computeIfAbsent((String) b.row()[1], k -> new ArrayList<>()).add(b);
            }
            Map<String, Builtin[]> built = new java.util.HashMap<>();
            byName.forEach((k, v) -> built.put(k, v.toArray(Builtin[]::new)));
            builtinNames = map = Map.copyOf(built);
        }
        return map;
    }

    /** The oid of the row type a function returns (RETURNS [SETOF] t: the table's, under the table's oid), or 0. */
    private static long rowTypeOid(SessionServices session, SqlFunction f) {
        if (f.rowType() == null) {
            return 0;
        }
        return session.transaction().table(f.rowType()).map(t -> t.oid() & 0xFFFFFFFFL).orElse(0L);
    }

    private static Described describe(SessionServices session, SqlFunction f, long rowTypeOid) {
        List<SqlFunction.Parameter> inputs = f.inputs();
        boolean allIn = f.parameters().stream().allMatch(p -> p.mode() == SqlFunction.Mode.IN);
        boolean anyName = f.parameters().stream().anyMatch(p -> p.name() != null);
        boolean table = f.parameters().stream().anyMatch(p -> p.mode() == SqlFunction.Mode.TABLE);
        StringJoiner argTypes = new StringJoiner(" ");
        inputs.forEach(p -> argTypes.add(Integer.toString(p.type().oid())));
        List<Object> allTypes = new ArrayList<>();
        List<Object> modes = new ArrayList<>();
        List<Object> names = new ArrayList<>();
        for (SqlFunction.Parameter p : f.parameters()) {
            allTypes.add((long) p.type().oid());
            modes.add(switch (p.mode()) {
                case IN -> "i";
                case OUT -> "o";
                case INOUT -> "b";
                case VARIADIC -> "v";
                case TABLE -> "t";
            });
            names.add(p.name() == null ? "" : p.name());
        }
        long defaults = inputs.stream().filter(p -> p.defaultExpr() != null).count();
        boolean outputs = f.parameters().stream().anyMatch(SqlFunction.Parameter::isOutput);
        PgType result = f.procedure() ? (outputs ? PgType.RECORD : PgType.VOID)
                : table || (f.returnType() == PgType.RECORD && f.rowType() == null) ? PgType.RECORD : f.returnType();
        long variadic = f.variadic() ? inputs.getLast().type().elementType().oid() : 0;
        long language = f.language().equals("plpgsql") ? PLPGSQL_LANGUAGE : SQL_LANGUAGE;
        Object[] row = {
            f.oid() & 0xFFFFFFFFL, f.name(), (long) Namespaces.PUBLIC, f.owner() & 0xFFFFFFFFL, language,
            100f, f.returnsSet() ? 1000f : 0f, variadic, "-", f.procedure() ? "p" : "f", f.securityDefiner(), false,
            f.strict(),
            f.returnsSet(), String.valueOf(f.volatility()), "u", (short) inputs.size(), (short) defaults,
            rowTypeOid != 0 ? rowTypeOid : (long) result.oid(), argTypes.toString(),
            allIn ? null : PgArrays.of(PgType.OID, allTypes), allIn ? null : PgArrays.of(PgType.CHAR, modes),
            anyName ? PgArrays.of(PgType.TEXT, names) : null,
            null, null, f.source() == null ? "" : f.source(), null, null, null,
            Privileges.array(session, f.acl())};
        return new Described(row, arguments(f, true), arguments(f, false), result(f, table));
    }

    /** print_function_arguments: every parameter but TABLE ones, IN spelled out for a procedure. */
    private static String arguments(SqlFunction f, boolean withDefaults) {
        StringJoiner out = new StringJoiner(", ");
        for (SqlFunction.Parameter p : f.parameters()) {
            String mode = switch (p.mode()) {
                case IN -> f.procedure() ? "IN " : "";
                case OUT -> "OUT ";
                case INOUT -> "INOUT ";
                case VARIADIC -> "VARIADIC ";
                case TABLE -> null;
            };
            if (mode == null) {
                continue;
            }
            StringBuilder s = new StringBuilder(mode);
            if (p.name() != null) {
                s.append(RegClass.quoteIdentifier(p.name())).append(' ');
            }
            s.append(typeName(p.type()));
            if (withDefaults && p.defaultExpr() != null) {
                s.append(" DEFAULT ").append(defaultText(p.defaultExpr(), p.type()));
            }
            out.add(s);
        }
        return out.toString();
    }

    /** pg_get_function_result: NULL for a procedure, TABLE(...) or SETOF for sets. */
    private static String result(SqlFunction f, boolean table) {
        if (f.procedure()) {
            return null;
        }
        if (table) {
            StringJoiner columns = new StringJoiner(", ", "TABLE(", ")");
            for (SqlFunction.Parameter p : f.parameters()) {
                if (p.mode() == SqlFunction.Mode.TABLE) {
                    columns.add((p.name() == null ? "" : RegClass.quoteIdentifier(p.name()) + " ")
                            + typeName(p.type()));
                }
            }
            return columns.toString();
        }
        String type = f.rowType() != null ? RegClass.quoteIdentifier(f.rowType()) : typeName(f.returnType());
        return f.returnsSet() ? "SETOF " + type : type;
    }

    private static Described describe(SessionServices session, AggregateDefinition a, List<SqlFunction> functions) {
        PgType result = a.stype();
        if (a.finalfunc() != null) {
            for (SqlFunction f : functions) {
                if (f.name().equals(a.finalfunc()) && !f.inputTypes().isEmpty()
                        && f.inputTypes().getFirst() == a.stype()) {
                    result = f.returnType();
                }
            }
        }
        StringJoiner argTypes = new StringJoiner(" ");
        StringJoiner args = new StringJoiner(", ");
        for (PgType t : a.argTypes()) {
            argTypes.add(Integer.toString(t.oid()));
            args.add(typeName(t));
        }
        String arguments = args.toString(); // "" for an aggregate of *, as for count(*)
        Object[] row = {
            a.oid() & 0xFFFFFFFFL, a.name(), (long) Namespaces.PUBLIC, a.owner() & 0xFFFFFFFFL,
            INTERNAL_LANGUAGE, 1f, 0f, 0L, "-", "a", false, false, false, false, "i", "u",
            (short) a.argTypes().size(), (short) 0, (long) result.oid(), argTypes.toString(), null, null, null, null,
            null, "aggregate_dummy", null, null, null, Privileges.array(session, a.acl())};
        return new Described(row, arguments, arguments, typeName(result));
    }

    /** format_type without a type modifier. */
    private static String typeName(PgType type) {
        return type.sqlName();
    }

    /**
     * A parameter's DEFAULT as ruleutils prints the stored (coerced) expression: a literal of the parameter's type
     * with its type label where get_const_expr adds one ('x'::text, NULL::integer, '-1'::integer), plain for
     * positive integers, numerics and booleans; a call of a function without arguments as name(). Other
     * expressions print as the parser's tree is written back by the deparser of the raw statement.
     */
    static String defaultText(PgQuery.Node node, PgType type) {
        if (node.hasTypeCast()) {
            PgQuery.TypeCast cast = node.getTypeCast();
            PgType target = SqlFunction.type(cast.getTypeName());
            if (target != null && cast.getArg().hasAConst()) {
                return defaultText(cast.getArg(), target);
            }
        }
        if (node.hasAConst()) {
            PgQuery.A_Const c = node.getAConst();
            if (c.getIsnull()) {
                return "NULL::" + typeName(type);
            }
            String text = switch (c.getValCase()) {
                case IVAL -> Integer.toString(c.getIval().getIval());
                case FVAL -> c.getFval().getFval();
                case BOOLVAL -> c.getBoolval().getBoolval() ? "true" : "false";
                case SVAL -> c.getSval().getSval();
                case BSVAL -> c.getBsval().getBsval();
                default -> "";
            };
            boolean number = c.getValCase() == PgQuery.A_Const.ValCase.IVAL
                    || c.getValCase() == PgQuery.A_Const.ValCase.FVAL;
            if (type == PgType.BOOL && (c.getValCase() == PgQuery.A_Const.ValCase.BOOLVAL
                    || text.equals("true") || text.equals("false"))) {
                return text;
            }
            if (number && !text.startsWith("-") && (type.category() == 'N')) {
                return text;
            }
            if (!number && (type == PgType.INT4 || type == PgType.NUMERIC) && text.matches("\\d+(\\.\\d+)?")) {
                return text;
            }
            return "'" + text.replace("'", "''") + "'::" + typeName(type);
        }
        if (node.hasFuncCall() && node.getFuncCall().getArgsCount() == 0) {
            List<PgQuery.Node> names = node.getFuncCall().getFuncnameList();
            return names.getLast().getString().getSval() + "()";
        }
        return "NULL::" + typeName(type);
    }

    // ---- describing functions -----------------------------------------------------------------------------

    private static Described find(SessionServices session, long oid) {
        builtins(session);
        Builtin b = implementedByOid.get(oid);
        if (b != null) {
            return new Described(b.row(), b.arguments(), b.identityArguments(), b.result());
        }
        return userRoutines(session).get(oid);
    }

    /** pg_get_function_arguments(oid): NULL for an oid no routine has. */
    public static String arguments(SessionServices session, long oid) {
        Described d = find(session, oid);
        return d == null ? null : d.arguments();
    }

    /**
     * pg_get_function_arg_default(oid, n): the DEFAULT of the routine's n-th parameter (1-based, OUT ones counted),
     * NULL when it is not an input or has none, or for a built-in (their defaults are not kept here).
     */
    public static String argumentDefault(SessionServices session, long oid, int position) {
        RoutineRunner routines = session.routines();
        if (routines == null || position < 1) {
            return null;
        }
        for (SqlFunction f : routines.catalogFunctions()) {
            if ((f.oid() & 0xFFFFFFFFL) == oid) {
                if (position > f.parameters().size()) {
                    return null;
                }
                SqlFunction.Parameter p = f.parameters().get(position - 1);
                return p.isInput() && p.defaultExpr() != null ? defaultText(p.defaultExpr(), p.type()) : null;
            }
        }
        return null;
    }

    /** pg_get_function_identity_arguments(oid). */
    public static String identityArguments(SessionServices session, long oid) {
        Described d = find(session, oid);
        return d == null ? null : d.identityArguments();
    }

    /** pg_get_function_result(oid): NULL for a procedure or an unknown oid. */
    public static String result(SessionServices session, long oid) {
        Described d = find(session, oid);
        return d == null ? null : d.result();
    }

    /**
     * pg_function_is_visible(oid): found by its name and argument types through the search path (pg_catalog before
     * public), so a user function with a built-in's name and argument types is not visible; NULL for no routine.
     */
    public static Boolean isVisible(SessionServices session, long oid) {
        Described d = find(session, oid);
        if (d == null) {
            return null;
        }
        if (d.row()[PRONAMESPACE].equals((long) Namespaces.PG_CATALOG)) {
            return true;
        }
        for (Builtin b : builtins(session)) {
            if (b.row()[PRONAME].equals(d.row()[PRONAME]) && b.row()[PROARGTYPES].equals(d.row()[PROARGTYPES])) {
                return false;
            }
        }
        return true;
    }
}
