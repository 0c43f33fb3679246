/*
 * The built-in set-returning functions usable in FROM (PostgreSQL's pg_proc entries with proretset, run by
 * nodeFunctionscan): generate_series over timestamps with an interval step, and over int4, int8 and numeric with
 * an optional step, as PostgreSQL's
 * generate_series_step_int4/int8/numeric (a zero step is 22023; the series stops before overflowing), and the
 * catalog's set-returning functions (Functions.Function.returnsSet: regexp_matches, regexp_split_to_table, unnest,
 * generate_subscripts; unnest of several arrays gives one column each, padded with nulls), and
 * information_schema._pg_expandarray. In the target list, one of several columns gives records of an anonymous row
 * type whose fields {@code (f(x)).field} selects (recordColumns, recordType). A plain
 * function in FROM is a one-row set of its result, as PostgreSQL treats it.
 */
package osgres.sql.internal.analyze;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import osgres.sql.internal.func.ArrayFunctions;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.func.DateTimeFunctions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.func.JsonFunctions;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.storage.ArrayValue;

final class SetFunctions {

    private SetFunctions() {
    }

    /** information_schema._pg_expandarray (Functions.EXPAND_ARRAY): run here, as a set-returning function. */
    static final String EXPAND_ARRAY = Functions.EXPAND_ARRAY;

    static boolean isSetFunction(String name) {
        return name.equals("generate_series") || name.equals(EXPAND_ARRAY) || Functions.returnsSet(name);
    }

    /**
     * The field names of the record a set-returning built-in of several columns gives in the target list, null for
     * one of a single column.
     */
    static List<String> recordColumns(String name) {
        if (Functions.wideColumns(name) != null) {
            return Functions.wideColumns(name).names();
        }
        return name.equals(EXPAND_ARRAY) ? List.of("x", "n") : Functions.pairColumns(name);
    }

    /** The row type, anonymous, of the records {@link #asRecords} makes of {@code rows}' columns. */
    static CompositeType recordType(List<String> names, List<PgType> types) {
        List<CompositeType.Field> fields = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            fields.add(new CompositeType.Field(names.get(i), types.get(i), -1));
        }
        return new CompositeType(0, "record", List.copyOf(fields));
    }

    /** Resolves a set-returning function by name and argument types (coercing the arguments). */
    static Expr.SetFunction resolve(ExprAnalyzer exprs, ParseState ps, String name, List<Expr> args, int p) {
        if (name.equals("unnest") && args.size() > 1) {
            return unnestSeveral(exprs, ps, args, p);
        }
        if (name.equals(EXPAND_ARRAY)) {
            return expandArray(exprs, ps, args, p);
        }
        if (!name.equals("generate_series")) {
            return catalogFunction(exprs, ps, name, args, p);
        }
        if (args.size() < 2 || args.size() > 3) {
            throw Messages.functionDoesNotExist(Messages.signature(name, args.stream().map(Expr::type).toList()),
                    p);
        }
        if (args.size() == 3 && args.stream().anyMatch(a -> a.type().category() == 'D')) {
            return timestampSeries(exprs, ps, name, args, p);
        }
        PgType type = PgType.INT4;
        for (Expr a : args) {
            PgType t = a.type();
            if (t == PgType.UNKNOWN || t == PgType.INT2) {
                continue;
            }
            if (t == PgType.INT4 || t == PgType.INT8 || t == PgType.NUMERIC) {
                type = t.numericRank() > type.numericRank() ? t : type;
            } else if (t == PgType.FLOAT4 || t == PgType.FLOAT8) {
                type = PgType.NUMERIC;
            } else {
                throw Messages.functionDoesNotExist(Messages.signature(name,
                        args.stream().map(Expr::type).toList()), p);
            }
        }
        PgType t = type;
        List<Expr> coerced = args.stream().map(a -> exprs.coerce(ps, a, t, -1, Casts.Context.IMPLICIT, p)).toList();
        return new Expr.SetFunction(name, coerced, List.of(t), true, (ctx, values) -> series(t, values), p);
    }

    /**
     * A set-returning function of Functions' catalog (regexp_matches, regexp_split_to_table): its implementation
     * returns the rows' values as a java.util.List, one column per row.
     */
    private static Expr.SetFunction catalogFunction(ExprAnalyzer exprs, ParseState ps, String name, List<Expr> args,
                                                    int p) {
        Functions.Function fn = Functions.resolve(name, args.stream().map(Expr::type).toList(), p);
        java.util.ArrayList<Expr> coerced = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            coerced.add(exprs.coerce(ps, args.get(i), fn.argTypes().get(i), -1, Casts.Context.IMPLICIT, p));
        }
        Functions.RowShape wide = Functions.wideColumns(name);
        if (wide != null) {
            // aclexplode: the implementation gives the rows, one value per column
            return new Expr.SetFunction(name, List.copyOf(coerced), wide.types(), fn.strict(), (ctx, values) -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = (List<Object[]>) fn.implementation().call(ctx, values);
                return rows.iterator();
            }, p);
        }
        if (Functions.pairColumns(name) != null) {
            // json[b]_each[_text]: (key text, value), the implementation giving the rows
            return new Expr.SetFunction(name, List.copyOf(coerced), List.of(PgType.TEXT, fn.result()), fn.strict(),
                    (ctx, values) -> {
                        @SuppressWarnings("unchecked")
                        List<Object[]> rows = (List<Object[]>) fn.implementation().call(ctx, values);
                        return rows.iterator();
                    }, p);
        }
        return new Expr.SetFunction(name, List.copyOf(coerced), List.of(fn.result()), fn.strict(), (ctx, values) -> {
            List<?> rows = (List<?>) fn.implementation().call(ctx, values);
            return rows.stream().map(v -> new Object[] {v}).iterator();
        }, p);
    }

    /** {@link #EXPAND_ARRAY}: the elements of the first dimension (null ones of a deeper array) with their rank. */
    private static Expr.SetFunction expandArray(ExprAnalyzer exprs, ParseState ps, List<Expr> args, int p) {
        if (args.size() == 1 && args.getFirst().type() == PgType.UNKNOWN) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH,
                    "could not determine polymorphic type because input has type unknown");
        }
        Functions.Function unnest = args.size() != 1 || !args.getFirst().type().isArray() ? null
                : ArrayFunctions.resolve("unnest", List.of(args.getFirst().type()), p);
        if (unnest == null) {
            throw Messages.functionDoesNotExist(Messages.signature(EXPAND_ARRAY,
                    args.stream().map(Expr::type).toList()), p);
        }
        Expr array = exprs.coerce(ps, args.getFirst(), unnest.argTypes().getFirst(), -1, Casts.Context.IMPLICIT, p);
        return new Expr.SetFunction(EXPAND_ARRAY, List.of(array), List.of(unnest.result(), PgType.INT4), true,
                (ctx, values) -> {
                    ArrayValue a = (ArrayValue) values[0];
                    int rows = a.ndim() == 0 ? 0 : a.dim(0);
                    List<Object[]> out = new java.util.ArrayList<>(rows);
                    for (int i = 0; i < rows; i++) {
                        out.add(new Object[] {a.ndim() == 1 ? a.elements()[i] : null, i + 1});
                    }
                    return out.iterator();
                }, p);
    }

    /**
     * generate_series(timestamp[tz], timestamp[tz], interval): timestamp when both ends are timestamps, else
     * timestamptz (the preferred type of the category, as for dates), stepping in the session's time zone.
     */
    private static Expr.SetFunction timestampSeries(ExprAnalyzer exprs, ParseState ps, String name, List<Expr> args,
                                                    int p) {
        PgType first = args.get(0).type();
        PgType second = args.get(1).type();
        boolean plain = (first == PgType.TIMESTAMP || first == PgType.UNKNOWN)
                && (second == PgType.TIMESTAMP || second == PgType.UNKNOWN)
                && (first == PgType.TIMESTAMP || second == PgType.TIMESTAMP);
        PgType t = plain ? PgType.TIMESTAMP : PgType.TIMESTAMPTZ;
        if (args.get(2).type() != PgType.INTERVAL && args.get(2).type() != PgType.UNKNOWN) {
            throw Messages.functionDoesNotExist(Messages.signature(name, args.stream().map(Expr::type).toList()),
                    p);
        }
        List<Expr> coerced = List.of(exprs.coerce(ps, args.get(0), t, -1, Casts.Context.IMPLICIT, p),
                exprs.coerce(ps, args.get(1), t, -1, Casts.Context.IMPLICIT, p),
                exprs.coerce(ps, args.get(2), PgType.INTERVAL, -1, Casts.Context.IMPLICIT, p));
        return new Expr.SetFunction(name, coerced, List.of(t), true, (ctx, v) -> DateTimeFunctions.generateSeries(
                v[0], v[1], (osgres.storage.Interval) v[2], t, ctx.output().zone()).stream()
                .map(x -> new Object[] {x}).iterator(), p);
    }

    /** A set-returning function of several columns as one of records (a call in the target list). */
    static Expr.SetFunction asRecords(Expr.SetFunction rows, List<String> names) {
        List<PgType> types = rows.columnTypes();
        Expr.SetImplementation inner = rows.implementation();
        return new Expr.SetFunction(rows.name(), rows.args(), List.of(PgType.RECORD), rows.strict(),
                (ctx, values) -> {
                    java.util.Iterator<Object[]> it = inner.rows(ctx, values);
                    return new java.util.Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Object[] next() {
                            return new Object[] {new osgres.sql.internal.utils.RowValue(types, it.next(), names)};
                        }
                    };
                }, rows.location());
    }

    /** A scalar function called in FROM: one row holding its result. */
    static Expr.SetFunction single(Expr call, int p) {
        return new Expr.SetFunction(call instanceof Expr.Call c ? c.name() : "?", List.of(call), List.of(call.type()),
                false, (ctx, values) -> List.<Object[]>of(new Object[] {values[0]}).iterator(), p);
    }

    static List<String> columnNames(String name, int columns) {
        if (recordColumns(name) != null) {
            return recordColumns(name);
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < columns; i++) {
            out.add(name.equals("unnest") ? name : "column" + (i + 1));
        }
        return out;
    }

    /**
     * unnest(a, b, ...) in FROM (ROWS FROM of one unnest per array): one column per array, as many rows as the
     * longest, the shorter ones padded with nulls (a null array has no elements).
     */
    private static Expr.SetFunction unnestSeveral(ExprAnalyzer exprs, ParseState ps, List<Expr> args, int p) {
        List<Expr> coerced = new java.util.ArrayList<>();
        List<PgType> types = new java.util.ArrayList<>();
        for (Expr a : args) {
            if (a.type() == PgType.UNKNOWN) {
                // ROWS FROM's expansion names the function qualified
                throw ArrayFunctions.ambiguous("pg_catalog.unnest", List.of(a.type()), p);
            }
            Functions.Function one = ArrayFunctions.resolve("unnest", List.of(a.type()), p);
            coerced.add(exprs.coerce(ps, a, one.argTypes().getFirst(), -1, Casts.Context.IMPLICIT, p));
            types.add(one.result());
        }
        return new Expr.SetFunction("unnest", List.copyOf(coerced), List.copyOf(types), false, (ctx, values) -> {
            int rows = 0;
            for (Object v : values) {
                rows = Math.max(rows, v == null ? 0 : ((osgres.storage.ArrayValue) v).size());
            }
            List<Object[]> out = new java.util.ArrayList<>();
            for (int r = 0; r < rows; r++) {
                Object[] row = new Object[values.length];
                for (int c = 0; c < values.length; c++) {
                    osgres.storage.ArrayValue a = (osgres.storage.ArrayValue) values[c];
                    row[c] = a != null && r < a.size() ? a.get(r) : null;
                }
                out.add(row);
            }
            return out.iterator();
        }, p);
    }

    private static Iterator<Object[]> series(PgType type, Object[] values) {
        BigDecimal from = new BigDecimal(values[0].toString());
        BigDecimal to = new BigDecimal(values[1].toString());
        BigDecimal by = values.length > 2 ? new BigDecimal(values[2].toString()) : BigDecimal.ONE;
        if (by.signum() == 0) {
            throw Messages.stepSizeZero();
        }
        if (type != PgType.NUMERIC) {
            long a = from.longValueExact();
            long b = to.longValueExact();
            long d = by.longValueExact();
            boolean int4 = type == PgType.INT4;
            return new Iterator<>() {
                long current = a;
                boolean done = d > 0 ? a > b : a < b;

                @Override
                public boolean hasNext() {
                    return !done;
                }

                @Override
                public Object[] next() {
                    if (done) {
                        throw new NoSuchElementException();
                    }
                    Object v = int4 ? (Object) (int) current : (Object) current;
                    try {
                        current = Math.addExact(current, d);
                        if (int4 && (current > Integer.MAX_VALUE || current < Integer.MIN_VALUE)) {
                            done = true;
                        }
                        done |= d > 0 ? current > b : current < b;
                    } catch (ArithmeticException e) {
                        done = true;
                    }
                    return new Object[] {v};
                }
            };
        }
        return new Iterator<>() {
            BigDecimal current = from;

            @Override
            public boolean hasNext() {
                return by.signum() > 0 ? current.compareTo(to) <= 0 : current.compareTo(to) >= 0;
            }

            @Override
            public Object[] next() {
                BigDecimal v = current;
                current = current.add(by);
                return new Object[] {v};
            }
        };
    }
}
