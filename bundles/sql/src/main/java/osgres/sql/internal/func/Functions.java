/*
 * The built-in functions (a small pg_proc) and their resolution, as PostgreSQL's parse_func.c
 * func_get_detail: candidates of the same name and arity whose arguments can all be coerced implicitly,
 * then the one with the most exact type matches, then the most preferred-type targets. The session-facing
 * functions mirror their PostgreSQL counterparts: version(), current_setting/set_config (guc.c),
 * pg_sleep (misc.c: waits in steps and services interrupts, so a cancel ends it with 57014),
 * pg_cancel_backend/pg_terminate_backend (signalfuncs.c: WARNING and false for a pid that is not a
 * backend), pg_reload_conf, now()/clock_timestamp(); sizes, privileges and the other system information
 * functions are in SystemFunctions. Aggregates and set-returning functions are not here.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import osgres.api.ChildInfo;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.SqlState;
import osgres.sql.internal.catalog.SystemCatalogs;
import osgres.sql.internal.catalog.SystemTypes;
import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericSpecials;
import osgres.storage.NumericSpecial;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RegType;
import osgres.sql.internal.utils.SessionServices;
import osgres.sql.internal.utils.TypeIo;
import osgres.sql.internal.utils.UuidValues;

public final class Functions {
    static final String VERSION = osgres.api.ServerVersion.FULL;

    /**
     * One pg_proc entry. {@code returnsSet} (proretset): the implementation returns a java.util.List of the
     * rows' values, for a FunctionScan to iterate; {@code variadicAny} (VARIADIC "any"): one or more arguments
     * past {@code argTypes}, of any type, which reach the implementation as their text output (null stays null).
     */
    public record Function(String name, List<PgType> argTypes, PgType result, boolean strict,
                    Expr.Implementation implementation, boolean returnsSet, boolean variadicAny) {
        Function(String name, List<PgType> argTypes, PgType result, boolean strict,
                 Expr.Implementation implementation) {
            this(name, argTypes, result, strict, implementation, false, false);
        }
    }

    /** Registration with every pg_proc property the function classes need. */
    @FunctionalInterface
    interface Registrar {
        void define(String name, List<PgType> args, PgType result, boolean strict, boolean returnsSet,
                    boolean variadicAny, Expr.Implementation implementation);
    }

    private static final Map<String, List<Function>> CATALOG = new HashMap<>();

    /**
     * pg_proc.provolatile = 'v' among the built-ins: a call may answer differently each time, or changes state,
     * so the planner neither moves it (below a join, into an index bound) nor evaluates it fewer times than the
     * executor would. Everything else here is immutable or stable (now() and the settings are fixed for a
     * statement): those may be computed once per scan.
     */
    private static final java.util.Set<String> VOLATILE = java.util.Set.of("random", "setseed", "nextval", "setval",
            "currval", "lastval", "clock_timestamp", "timeofday", "pg_sleep", "set_config", "pg_cancel_backend",
            "pg_terminate_backend", "pg_reload_conf", "pg_stat_reset", "pg_stat_reset_shared", "pg_database_size",
            "pg_tablespace_size", "pg_table_size", "pg_indexes_size", "pg_total_relation_size", "pg_relation_size",
            "gen_random_uuid", "pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn",
            "pg_last_wal_receive_lsn", "pg_last_wal_replay_lsn", "pg_create_physical_replication_slot",
            "pg_drop_replication_slot", "pg_switch_wal", "pg_promote", "pg_backup_start", "pg_backup_stop");

    static {
        PgType t = PgType.TEXT;
        define("version", List.of(), t, true, (ctx, a) -> VERSION);
        define("gen_random_uuid", List.of(), PgType.UUID, true, (ctx, a) -> UuidValues.random());
        // booleq ... boolge: the functions behind boolean's = <> < > <= >= (false < true)
        java.util.function.IntPredicate[] boolTests = {c -> c == 0, c -> c != 0, c -> c < 0, c -> c > 0,
            c -> c <= 0, c -> c >= 0};
        String[] boolNames = {"booleq", "boolne", "boollt", "boolgt", "boolle", "boolge"};
        for (int i = 0; i < boolNames.length; i++) {
            java.util.function.IntPredicate test = boolTests[i];
            define(boolNames[i], List.of(PgType.BOOL, PgType.BOOL), PgType.BOOL, true,
                    (ctx, a) -> test.test(Boolean.compare((Boolean) a[0], (Boolean) a[1])));
        }
        define("current_setting", List.of(t), t, true, (ctx, a) -> ctx.session().gucs().show((String) a[0]));
        define("current_setting", List.of(t, PgType.BOOL), t, true, (ctx, a) -> (Boolean) a[1]
                ? ctx.session().gucs().showIfExists((String) a[0]) : ctx.session().gucs().show((String) a[0]));
        define("set_config", List.of(t, t, PgType.BOOL), t, false, Functions::setConfig);
        define("pg_backend_pid", List.of(), PgType.INT4, true, (ctx, a) -> ctx.session().setup().backendPid());
        define("pg_stat_reset", List.of(), PgType.VOID, false, (ctx, a) -> SystemViews.reset(ctx.session()));
        define("pg_stat_reset_shared", List.of(PgType.TEXT), PgType.VOID, true,
                (ctx, a) -> SystemViews.resetShared(ctx.session(), (String) a[0]));
        define("pg_sleep", List.of(PgType.FLOAT8), PgType.VOID, true, Functions::sleep);
        define("pg_reload_conf", List.of(), PgType.BOOL, true, (ctx, a) -> {
            ctx.session().setup().postmaster().requestReload();
            return true;
        });
        define("pg_cancel_backend", List.of(PgType.INT4), PgType.BOOL, true,
                (ctx, a) -> signal(ctx, (Integer) a[0], ProcSignal.INT, false));
        define("pg_terminate_backend", List.of(PgType.INT4), PgType.BOOL, true,
                (ctx, a) -> terminate(ctx, (Integer) a[0], 0));
        define("pg_terminate_backend", List.of(PgType.INT4, PgType.INT8), PgType.BOOL, true,
                (ctx, a) -> terminate(ctx, (Integer) a[0], (Long) a[1]));
        define("now", List.of(), PgType.TIMESTAMPTZ, true, (ctx, a) -> ctx.session().transactionStart());
        define("transaction_timestamp", List.of(), PgType.TIMESTAMPTZ, true,
                (ctx, a) -> ctx.session().transactionStart());
        define("statement_timestamp", List.of(), PgType.TIMESTAMPTZ, true,
                (ctx, a) -> ctx.session().statementStart());
        define("clock_timestamp", List.of(), PgType.TIMESTAMPTZ, true,
                (ctx, a) -> Instant.now().truncatedTo(ChronoUnit.MICROS));
        define("current_database", List.of(), PgType.NAME, true, (ctx, a) -> ctx.session().setup().database());
        define("current_schema", List.of(), PgType.NAME, true, (ctx, a) -> SystemFunctions.currentSchema(ctx));
        define("pg_table_is_visible", List.of(PgType.OID), PgType.BOOL, true,
                (ctx, a) -> SystemCatalogs.tableIsVisible(ctx.session(), (Long) a[0]));
        define("format_type", List.of(PgType.OID, PgType.INT4), PgType.TEXT, false,
                (ctx, a) -> a[0] == null ? null : formatType(ctx, (Long) a[0], (Integer) a[1]));
        define("pg_type_is_visible", List.of(PgType.OID), PgType.BOOL, true,
                (ctx, a) -> SystemTypes.typeIsVisible(ctx.session(), (Long) a[0]));
        define("pg_get_indexdef", List.of(PgType.OID), PgType.TEXT, true,
                (ctx, a) -> SystemCatalogs.indexDefinition(ctx.session(), (Long) a[0]));
        define("current_user", List.of(), PgType.NAME, true, (ctx, a) -> ctx.session().gucs().currentUser());
        define("session_user", List.of(), PgType.NAME, true, (ctx, a) -> ctx.session().gucs().sessionUser());
        define("inet_server_port", List.of(), PgType.INT4, true,
                (ctx, a) -> (int) ctx.session().settings().intValue("port"));
        define("upper", List.of(t), t, true, (ctx, a) -> ((String) a[0]).toUpperCase(Locale.ROOT));
        define("lower", List.of(t), t, true, (ctx, a) -> ((String) a[0]).toLowerCase(Locale.ROOT));
        define("length", List.of(t), PgType.INT4, true,
                (ctx, a) -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
        define("char_length", List.of(t), PgType.INT4, true,
                (ctx, a) -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
        define("abs", List.of(PgType.INT2), PgType.INT2, true,
                (ctx, a) -> Casts.narrow(Math.abs((long) (Short) a[0]), PgType.INT2));
        define("abs", List.of(PgType.INT4), PgType.INT4, true,
                (ctx, a) -> Casts.narrow(Math.abs((long) (Integer) a[0]), PgType.INT4));
        define("abs", List.of(PgType.INT8), PgType.INT8, true, (ctx, a) -> {
            if ((Long) a[0] == Long.MIN_VALUE) {
                throw Messages.outOfRange("bigint");
            }
            return Math.abs((Long) a[0]);
        });
        define("abs", List.of(PgType.NUMERIC), PgType.NUMERIC, true, (ctx, a) -> a[0] instanceof NumericSpecial s
                ? NumericSpecials.abs(s) : ((BigDecimal) a[0]).abs());
        define("abs", List.of(PgType.FLOAT4), PgType.FLOAT4, true, (ctx, a) -> Math.abs((Float) a[0]));
        define("abs", List.of(PgType.FLOAT8), PgType.FLOAT8, true, (ctx, a) -> Math.abs((Double) a[0]));
        BuiltinFunctions.defineStrings((name, args, result, impl) -> define(name, args, result, true, impl));
        BuiltinFunctions.defineMath((name, args, result, impl) -> define(name, args, result, true, impl));
        DateTimeFunctions.define((name, args, result, impl) -> define(name, args, result, true, impl));
        SequenceFunctions.define((name, args, result, impl) -> define(name, args, result, true, impl));
        PatternMatching.defineFunctions((name, args, result, impl) -> define(name, args, result, true, impl));
        Registrar registrar = (name, args, result, strict, returnsSet, variadicAny, impl) -> CATALOG
                .computeIfAbsent(name, k -> new ArrayList<>())
                .add(new Function(name, args, result, strict, impl, returnsSet, variadicAny));
        RegexFunctions.define(registrar);
        StringFunctions.define(registrar);
        ByteaFunctions.define(registrar);
        NumberFormatting.define(registrar);
        MathFunctions.define(registrar);
        AggregateSupportFunctions.define(registrar);
        SystemFunctions.define(registrar);
        WalFunctions.define(registrar);
        ReplicationFunctions.define(registrar);
        CatalogFunctions.define(registrar);
        RoleFunctions.define(registrar);
        JsonFunctions.define(registrar);
        ProcFunctions.define(registrar);
        AdvisoryLockFunctions.define(registrar);
        InformationSchemaFunctions.define(registrar);
        // SEARCH BREADTH FIRST's rewrite reads the depth its sequence record starts with (rewriteSearchAndCycle's
        // FieldSelect of "*DEPTH*", which an anonymous record's field cannot be selected by name for here)
        define(Functions.SEARCH_DEPTH, List.of(PgType.RECORD), PgType.INT8, true,
                (ctx, a) -> ((osgres.sql.internal.utils.RowValue) a[0]).values()[0]);
    }

    /**
     * The column names of a set-returning function whose rows have two columns (the first text, the second its
     * declared result): json[b]_each[_text] (key, value), pg_options_to_table (option_name, option_value); null for
     * the others.
     */
    /** The columns of a set-returning built-in of more than two columns. */
    public record RowShape(List<String> names, List<PgType> types) {
    }

    /** aclexplode's (grantor, grantee, privilege_type, is_grantable); null for every other function. */
    public static RowShape wideColumns(String name) {
        if (name.equals("aclexplode")) {
            return new RowShape(List.of("grantor", "grantee", "privilege_type", "is_grantable"),
                    List.of(PgType.OID, PgType.OID, PgType.TEXT, PgType.BOOL));
        }
        Functions.RowShape wal = WalFunctions.wideColumns(name);
        return wal != null ? wal : ReplicationFunctions.wideColumns(name);
    }

    public static List<String> pairColumns(String name) {
        if (name.equals("pg_options_to_table")) {
            return List.of("option_name", "option_value");
        }
        return JsonFunctions.pairColumns(name);
    }

    /**
     * information_schema._pg_expandarray(anyarray), the helper of information_schema's views and of drivers'
     * metadata queries (the analyser's SetFunctions runs it): one row (x anyelement, n int) per element of the
     * array's first dimension, n counting from 1 whatever the lower bound (an int2vector's is 0). information_schema's
     * functions are known by their schema-qualified names only, as PostgreSQL's search path (without
     * information_schema) finds them only qualified.
     */
    public static final String EXPAND_ARRAY = "information_schema._pg_expandarray";

    /** The internal function giving a breadth-first search sequence's depth (a name no user can write unquoted). */
    public static final String SEARCH_DEPTH = "*search_depth*";

    private Functions() {
    }

    /**
     * format_type(oid, typmod) of format_type.c: the SQL name with the modifier, {@code bpchar} for a bpchar
     * given typmod -1, a user type's or another built-in's name from pg_type ({@code public.} first when
     * search_path does not show that schema), {@code ???} for an oid no type has.
     */
    static String formatType(ExecContext ctx, long oid, Integer typmod) {
        PgType type = PgType.byOid((int) oid);
        if (type == null) {
            RegType user = RegType.ofOid(oid, ctx.session());
            return user.name() == null ? "???" : user.output(ctx.output().publicVisible());
        }
        boolean array = type.isArray();
        PgType base = array ? type.elementType() : type;
        String name;
        if (typmod != null && typmod >= 0) {
            name = osgres.sql.internal.nodes.ExprDeparser.typeName(base, typmod);
        } else if (base == PgType.BPCHAR && typmod != null) {
            name = "bpchar";
        } else {
            name = base.sqlName();
        }
        return array ? name + "[]" : name;
    }

    private static void define(String name, List<PgType> args, PgType result, boolean strict,
                               Expr.Implementation implementation) {
        CATALOG.computeIfAbsent(name, k -> new ArrayList<>()).add(new Function(name, args, result, strict,
                implementation));
    }

    /** Picks the function for a call, or throws 42883 / 42725 with the call's position. */
    public static Function resolve(String name, List<PgType> argTypes, int position) {
        Function polymorphic = ArrayFunctions.resolve(name, argTypes, position);
        if (polymorphic != null) {
            return polymorphic;
        }
        List<Function> candidates = new ArrayList<>();
        for (Function f : CATALOG.getOrDefault(name, List.of())) {
            if (f.variadicAny()) {
                if (argTypes.size() > f.argTypes().size()) {
                    Function expanded = expandVariadic(f, argTypes);
                    if (allCoercible(argTypes, expanded.argTypes())) {
                        candidates.add(expanded);
                    }
                }
            } else if (f.argTypes().size() == argTypes.size() && allCoercible(argTypes, f.argTypes())) {
                candidates.add(f);
            }
        }
        if (candidates.isEmpty()) {
            throw Messages.functionDoesNotExist(signature(name, argTypes), position);
        }
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        List<Function> best = keepBest(candidates, argTypes);
        if (best.size() != 1) {
            throw PgException.error(SqlState.AMBIGUOUS_FUNCTION,
                    "function " + signature(name, argTypes) + " is not unique")
                    .withHint("Could not choose a best candidate function. You might need to add explicit type casts.")
                    .withPosition(position);
        }
        return best.getFirst();
    }

    /**
     * A VARIADIC "any" function as called: the extra arguments keep their own types (unknown as text) and are
     * handed to the implementation as their text output.
     */
    private static Function expandVariadic(Function f, List<PgType> actual) {
        int fixed = f.argTypes().size();
        List<PgType> types = new ArrayList<>(f.argTypes());
        for (int i = fixed; i < actual.size(); i++) {
            types.add(actual.get(i) == PgType.UNKNOWN ? PgType.TEXT : actual.get(i));
        }
        List<PgType> all = List.copyOf(types);
        Expr.Implementation inner = f.implementation();
        Expr.Implementation impl = (ctx, a) -> {
            Object[] texts = a.clone();
            for (int i = fixed; i < texts.length; i++) {
                if (texts[i] != null && !all.get(i).isString()) {
                    texts[i] = TypeIo.output(all.get(i), texts[i], ctx.output());
                }
            }
            return inner.call(ctx, texts);
        };
        return new Function(f.name(), all, f.result(), f.strict(), impl, f.returnsSet(), false);
    }

    /**
     * The VARIADIC "any" function a call {@code name(fixed..., VARIADIC array)} names: the one taking exactly the
     * fixed arguments before its variadic part; else 42883 naming the call's argument types.
     */
    public static Function resolveVariadicArray(String name, List<PgType> fixedTypes, PgType arrayType, int position) {
        for (Function f : CATALOG.getOrDefault(name, List.of())) {
            if (f.variadicAny() && f.argTypes().size() == fixedTypes.size() && allCoercible(fixedTypes, f.argTypes())) {
                return f;
            }
        }
        List<PgType> all = new ArrayList<>(fixedTypes);
        all.add(arrayType);
        throw Messages.functionDoesNotExist(signature(name, all), position);
    }

    /** True when the catalog's function of this name returns a set (proretset). */
    public static boolean returnsSet(String name) {
        return ArrayFunctions.returnsSet(name)
                || CATALOG.getOrDefault(name, List.of()).stream().anyMatch(Function::returnsSet);
    }

    /** True when a function of this name takes exactly these argument types. */
    public static boolean hasExactMatch(String name, List<PgType> argTypes) {
        return CATALOG.getOrDefault(name, List.of()).stream().anyMatch(f -> f.argTypes().equals(argTypes));
    }

    /**
     * Whether PostgreSQL's built-in {@code name(argTypes)} of pg_proc kind {@code kind} is one osgres has: a function
     * of exactly these argument types (or, for the polymorphic array functions, of this name), an aggregate or a
     * window function of this name.
     */
    public static boolean implementsBuiltin(String name, char kind, List<PgType> argTypes) {
        return switch (kind) {
            case 'a' -> Aggregates.isAggregate(name) || OrderedSetAggregates.isOrderedSet(name)
                    || OrderedSetAggregates.isHypothetical(name);
            case 'w' -> osgres.sql.internal.nodes.WindowFunctions.isWindowFunction(name);
            default -> name.equals(EXPAND_ARRAY) || hasExactMatch(name, argTypes) || !CATALOG.containsKey(name)
                    && ArrayFunctions.isArrayFunction(name);
        };
    }

    /** True for a volatile function (pg_proc.provolatile = 'v'). */
    public static boolean isVolatile(String name) {
        return VOLATILE.contains(name) || AdvisoryLockFunctions.isAdvisoryLockFunction(name);
    }

    /** True for a call of a volatile function, built-in or user-defined. */
    public static boolean isVolatile(Expr.Call call) {
        return call.implementation().isVolatile() || isVolatile(call.name());
    }

    /** func_select_candidate's narrowing of several fitting candidates (one left: the choice). */
    public static List<Function> best(List<Function> candidates, List<PgType> argTypes) {
        return keepBest(candidates, argTypes);
    }

    /**
     * A VARIADIC "any" built-in called with the VARIADIC keyword (concat(VARIADIC arr), format(f, VARIADIC arr)):
     * the array's elements are the variadic arguments, as their text output; null when {@code name} has no such
     * function taking {@code fixed} leading arguments.
     */
    public static Function variadicArray(String name, List<PgType> fixed, PgType array) {
        for (Function f : CATALOG.getOrDefault(name, List.of())) {
            if (!f.variadicAny() || f.argTypes().size() != fixed.size() || !allCoercible(fixed, f.argTypes())) {
                continue;
            }
            List<PgType> types = new ArrayList<>(f.argTypes());
            types.add(array);
            PgType element = array.elementType();
            Expr.Implementation inner = f.implementation();
            int count = fixed.size();
            Expr.Implementation impl = (ctx, a) -> {
                osgres.storage.ArrayValue values = (osgres.storage.ArrayValue) a[count];
                if (values == null) {
                    // format() takes a null array as no arguments; concat and concat_ws give null
                    return name.equals("format") ? inner.call(ctx, java.util.Arrays.copyOf(a, count)) : null;
                }
                Object[] all = java.util.Arrays.copyOf(a, count + values.elements().length);
                for (int i = 0; i < values.elements().length; i++) {
                    Object v = values.elements()[i];
                    all[count + i] = v == null || element.isString() ? v : TypeIo.output(element, v, ctx.output());
                }
                return inner.call(ctx, all);
            };
            return new Function(name, List.copyOf(types), f.result(), f.strict(), impl, f.returnsSet(), false);
        }
        return null;
    }

    public static boolean exists(String name) {
        return CATALOG.containsKey(name) || ArrayFunctions.isArrayFunction(name);
    }

    public static boolean allCoercible(List<PgType> actual, List<PgType> declared) {
        for (int i = 0; i < actual.size(); i++) {
            PgType from = actual.get(i);
            if (from != PgType.UNKNOWN && Casts.find(from, declared.get(i), -1, Casts.Context.IMPLICIT) == null) {
                return false;
            }
        }
        return true;
    }

    private static List<Function> keepBest(List<Function> candidates, List<PgType> argTypes) {
        int bestExact = -1;
        List<Function> best = new ArrayList<>();
        for (Function f : candidates) {
            int exact = 0;
            for (int i = 0; i < argTypes.size(); i++) {
                if (argTypes.get(i) == f.argTypes().get(i)) {
                    exact++;
                }
            }
            if (exact > bestExact) {
                bestExact = exact;
                best.clear();
            }
            if (exact == bestExact) {
                best.add(f);
            }
        }
        if (best.size() > 1) {
            int bestPreferred = -1;
            List<Function> preferred = new ArrayList<>();
            for (Function f : best) {
                int count = 0;
                for (int i = 0; i < argTypes.size(); i++) {
                    if (argTypes.get(i) != f.argTypes().get(i) && f.argTypes().get(i).preferred()) {
                        count++;
                    }
                }
                if (count > bestPreferred) {
                    bestPreferred = count;
                    preferred.clear();
                }
                if (count == bestPreferred) {
                    preferred.add(f);
                }
            }
            best = preferred;
        }
        if (best.size() > 1) {
            best = preferStringForUnknown(best, argTypes);
        }
        return best;
    }

    /**
     * func_select_candidate's rule for unknown arguments: at a position where the argument is unknown, keep the
     * candidates accepting a string type there if any does (so timezone('UTC', ts) is timezone(text, ...)).
     */
    private static List<Function> preferStringForUnknown(List<Function> candidates, List<PgType> argTypes) {
        List<Function> kept = candidates;
        for (int i = 0; i < argTypes.size(); i++) {
            if (argTypes.get(i) != PgType.UNKNOWN) {
                continue;
            }
            int position = i;
            List<Function> strings = kept.stream().filter(f -> f.argTypes().get(position).isString()).toList();
            if (!strings.isEmpty()) {
                kept = strings;
            }
        }
        return kept;
    }

    static String signature(String name, List<PgType> argTypes) {
        StringJoiner args = new StringJoiner(", ", name + "(", ")");
        for (PgType t : argTypes) {
            args.add(t.sqlName());
        }
        return args.toString();
    }

    // ---------------------------------------------------------------- implementations

    private static Object setConfig(ExecContext ctx, Object[] a) {
        if (a[0] == null) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "SET requires parameter name");
        }
        boolean local = Boolean.TRUE.equals(a[2]);
        SessionServices session = ctx.session();
        if (a[1] == null) {
            session.gucs().reset((String) a[0], local);
        } else {
            session.gucs().set((String) a[0], (String) a[1], local);
        }
        return session.gucs().show((String) a[0]);
    }

    private static Object sleep(ExecContext ctx, Object[] a) {
        double seconds = (Double) a[0];
        osgres.sql.Interrupts interrupts = ctx.session().setup().interrupts();
        long deadline = System.nanoTime() + (long) (Math.max(0, seconds) * 1e9);
        while (true) {
            interrupts.check();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            // misc.c sleeps at most a second at a time; interrupts.sleep also wakes on cancel/terminate
            interrupts.sleep(Math.min(remaining, 1_000_000_000L));
        }
        return "";
    }

    /**
     * pg_signal_backend: a backend of a superuser (or of no role yet) only for a superuser; another role's only for
     * a role with its privileges or those of pg_signal_backend (42501 otherwise, worded per function).
     */
    private static boolean signal(ExecContext ctx, int pid, ProcSignal signal, boolean terminate) {
        if (!isBackend(ctx, pid)) {
            ctx.session().addNotice(Messages.notABackend(pid));
            return false;
        }
        var gucs = ctx.session().gucs();
        osgres.sql.internal.utils.RoleGraph roles = gucs.roleGraph();
        int me = gucs.currentUserOid();
        int target = backendRole(ctx, pid, roles);
        if ((target == 0 || roles.isSuperuser(target)) && !roles.isSuperuser(me)) {
            throw PgException.error(osgres.api.SqlState.INSUFFICIENT_PRIVILEGE, terminate
                    ? "must be a superuser to terminate superuser process"
                    : "must be a superuser to cancel superuser query");
        }
        if (!roles.hasPrivsOfRole(me, target, 0) && !roles.hasPrivsOfRole(me, PG_SIGNAL_BACKEND, 0)) {
            throw PgException.error(osgres.api.SqlState.INSUFFICIENT_PRIVILEGE, terminate
                    ? "must be a member of the role whose process is being terminated or member of pg_signal_backend"
                    : "must be a member of the role whose query is being canceled or member of pg_signal_backend");
        }
        if (!ctx.session().setup().postmaster().signalChild(pid, signal)) {
            ctx.session().addNotice(Messages.notABackend(pid));
            return false;
        }
        return true;
    }

    /** ROLE_PG_SIGNAL_BACKEND. */
    private static final int PG_SIGNAL_BACKEND = 4200;

    /** PGPROC.roleId of backend {@code pid}: the role it logged in as, 0 while it has none. */
    private static int backendRole(ExecContext ctx, int pid, osgres.sql.internal.utils.RoleGraph roles) {
        String user = null;
        if (pid == ctx.session().setup().backendPid()) {
            user = ctx.session().setup().user();
        } else {
            for (ChildInfo child : ctx.session().setup().postmaster().children()) {
                if (child.pid() == pid) {
                    user = child.user();
                }
            }
        }
        if (user == null || user.isEmpty()) {
            return 0;
        }
        return roles.role(user).map(osgres.storage.Role::oid).orElse(0);
    }

    private static boolean isBackend(ExecContext ctx, int pid) {
        if (pid == ctx.session().setup().backendPid()) {
            return true;
        }
        for (ChildInfo child : ctx.session().setup().postmaster().children()) {
            if (child.pid() == pid) {
                return child.kind() == osgres.api.ChildKind.BACKEND;
            }
        }
        return false;
    }

    private static boolean terminate(ExecContext ctx, int pid, long timeoutMillis) {
        if (timeoutMillis < 0) {
            throw Messages.negativeTimeout();
        }
        if (!signal(ctx, pid, ProcSignal.TERM, true)) {
            return false;
        }
        if (timeoutMillis == 0 || pid == ctx.session().setup().backendPid()) {
            return true;
        }
        osgres.sql.Interrupts interrupts = ctx.session().setup().interrupts();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            interrupts.check();
            boolean alive = ctx.session().setup().postmaster().children().stream().anyMatch(c -> c.pid() == pid);
            if (!alive) {
                return true;
            }
            interrupts.sleep(Math.min(deadline - System.nanoTime(), 10_000_000L));
        }
        ctx.session().addNotice(Messages.terminateTimeout(pid, timeoutMillis));
        return false;
    }
}
