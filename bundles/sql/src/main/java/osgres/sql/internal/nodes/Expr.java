/*
 * osgres's own expression tree, built by ExprAnalyzer from PostgreSQL's raw tree: every node is typed (its
 * PostgreSQL type is fixed at analysis, as in PostgreSQL's primnodes.h after parse analysis) and evaluates
 * itself against an ExecContext (parameter values, session services). SQL NULL is Java null; strict
 * functions and operators return null on a null input. Column references read the current (joined) row
 * of the context, or of an outer query's context for correlated subqueries; aggregate references read the
 * current group's results.
 */
package osgres.sql.internal.nodes;

import java.util.List;

import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowValue;

public sealed interface Expr {
    /** The name of a whole-row reference's Call (a record of an entry's columns; EXPLAIN shows it as ROW(...)). */
    String WHOLE_ROW = "ROW ";

    PgType type();

    /** atttypmod of the result ({@code varchar(3)} gives 7), -1 when none. */
    default int typmod() {
        return -1;
    }

    Object eval(ExecContext ctx);

    /** A constant; {@code value} is already in the Java representation of {@code type}. */
    record Const(PgType type, Object value, int location) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            return value;
        }
    }

    /** {@code $n} (1-based), typed after inference. */
    record Param(int number, PgType type, int location) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            return ctx.param(number);
        }
    }

    /** Code behind a function or operator, receiving evaluated arguments. */
    @FunctionalInterface
    interface Implementation {
        Object call(ExecContext ctx, Object[] args);

        /** pg_proc.provolatile = 'v' of a user-defined function (built-ins: Functions.isVolatile by name). */
        default boolean isVolatile() {
            return false;
        }
    }

    /** A function call or operator: {@code strict} means a null argument gives null without calling. */
    record Call(String name, PgType type, List<Expr> args, boolean strict, Implementation implementation)
            implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            Object[] values = new Object[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = args.get(i).eval(ctx);
                if (values[i] == null && strict) {
                    return null;
                }
            }
            return implementation.call(ctx, values);
        }
    }

    /** AND / OR with SQL's three-valued logic. */
    record BoolOp(boolean isAnd, List<Expr> args) implements Expr {
        @Override
        public PgType type() {
            return PgType.BOOL;
        }

        @Override
        public Object eval(ExecContext ctx) {
            boolean sawNull = false;
            for (Expr arg : args) {
                Boolean v = (Boolean) arg.eval(ctx);
                if (v == null) {
                    sawNull = true;
                } else if (v != isAnd) {
                    return v;
                }
            }
            return sawNull ? null : isAnd;
        }
    }

    record Not(Expr arg) implements Expr {
        @Override
        public PgType type() {
            return PgType.BOOL;
        }

        @Override
        public Object eval(ExecContext ctx) {
            Boolean v = (Boolean) arg.eval(ctx);
            return v == null ? null : !v;
        }
    }

    /** IS [NOT] NULL. */
    record NullTest(Expr arg, boolean isNotNull) implements Expr {
        @Override
        public PgType type() {
            return PgType.BOOL;
        }

        @Override
        public Object eval(ExecContext ctx) {
            Object v = arg.eval(ctx);
            if (v instanceof RowValue row) {
                // ExecEvalRowNull: a record IS NULL when all its fields are, IS NOT NULL when none is
                for (Object field : row.values()) {
                    if ((field == null) != !isNotNull) {
                        return false;
                    }
                }
                return true;
            }
            return (v == null) != isNotNull;
        }
    }

    /** IS [NOT] TRUE / FALSE: never null. */
    record BooleanTest(Expr arg, boolean expected, boolean negated) implements Expr {
        @Override
        public PgType type() {
            return PgType.BOOL;
        }

        @Override
        public Object eval(ExecContext ctx) {
            Boolean v = (Boolean) arg.eval(ctx);
            boolean matches = v != null && v == expected;
            return matches != negated;
        }
    }

    record When(Expr condition, Expr result) {
    }

    /** Searched CASE (a simple CASE is rewritten into equality tests by ExprAnalyzer). */
    record Case(PgType type, List<When> whens, Expr otherwise) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            for (When w : whens) {
                if (Boolean.TRUE.equals(w.condition().eval(ctx))) {
                    return w.result().eval(ctx);
                }
            }
            return otherwise == null ? null : otherwise.eval(ctx);
        }
    }

    record Coalesce(PgType type, List<Expr> args) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            for (Expr arg : args) {
                Object v = arg.eval(ctx);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    /** Converts a value at run time (CoerceViaIO, RelabelType and the cast functions of pg_cast). */
    record Coerce(Expr arg, PgType type, int typmod, Casts.Conversion conversion, int location) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            Object v = arg.eval(ctx);
            return v == null ? null : conversion.convert(v, ctx);
        }
    }

    /**
     * A value of the domain's base type checked against the domain (CoerceToDomain): a cast to the domain, or a
     * value stored into a column of it. Its type is the base type.
     */
    record CoerceToDomain(Expr arg, osgres.sql.internal.utils.Domain domain, int location) implements Expr {
        @Override
        public PgType type() {
            return domain.base();
        }

        @Override
        public int typmod() {
            return domain.typmod();
        }

        @Override
        public Object eval(ExecContext ctx) {
            return domain.enforce(arg.eval(ctx), ctx);
        }
    }

    /** A column of the current row ({@code levelsUp} > 0: of an enclosing query, for correlated subqueries). */
    record ColumnRef(int levelsUp, int index, PgType type, int typmod, String name) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            ExecContext c = ctx;
            for (int i = 0; i < levelsUp; i++) {
                c = c.outer;
            }
            return c.row[index];
        }
    }

    /** The result of the {@code index}-th aggregate of the current group (Aggref after grouping). */
    record AggRef(int index, PgType type) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            return ctx.aggregates[index];
        }
    }

    // ---------------------------------------------------------------- parse analysis's nodes, planned away

    /**
     * A column of range-table entry {@code varno} (1-based) column {@code attno} (0-based), {@code levelsUp} query
     * levels out (primnodes.h Var). The planner replaces it with a ColumnRef into its node's input row, or an
     * ExecParam when it belongs to an outer query.
     */
    public record Var(int varno, int attno, int levelsUp, PgType type, int typmod, String name, int location)
            implements Expr {
        public Var(int varno, int attno, int levelsUp, PgType type, int typmod, String name) {
            this(varno, attno, levelsUp, type, typmod, name, 0);
        }

        /** The same column as written at {@code position} (for errors that point at it). */
        public Var at(int position) {
            return new Var(varno, attno, levelsUp, type, typmod, name, position);
        }

        @Override
        public Object eval(ExecContext ctx) {
            throw new IllegalStateException("unplanned Var " + name);
        }
    }

    /** An ORDER BY key inside an aggregate call or a window. */
    record OrderKey(Expr expr, boolean descending, boolean nullsFirst) {
    }

    /**
     * An aggregate call (Aggref): {@code aggregate} is the resolved pg_aggregate entry, {@code args} its
     * arguments over the query's rows; {@code levelsUp} > 0 for an outer query's aggregate.
     */
    record Aggref(Aggregate aggregate, List<Expr> args, boolean star, boolean distinct, Expr filter,
                  List<OrderKey> order, PgType type, int location) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            throw new IllegalStateException("unplanned aggregate " + aggregate.name());
        }
    }

    /** A window function call over window {@code window} of the query (WindowFunc). */
    record WindowFunc(WindowFunctions.Function function, List<Expr> args, Expr filter, int window, PgType type,
                      int location) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            throw new IllegalStateException("unplanned window function " + function.name());
        }
    }

    enum SubQueryKind { EXISTS, ANY, ALL, SCALAR, ARRAY, MULTIEXPR, ROWCOMPARE }

    /**
     * A subquery in an expression (SubLink) as analysis leaves it: EXISTS, {@code left op ANY/ALL (SELECT ...)}
     * ({@code test} compares {@code left} with a SubQueryColumn of the subquery's row), or a scalar subquery.
     */
    record SubQuery(SubQueryKind kind, Query query, List<Expr> left, Expr test, PgType type, int location)
            implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            throw new IllegalStateException("unplanned subquery");
        }
    }

    /**
     * Column {@code index} of the row a MULTIEXPR subquery returns ({@code UPDATE ... SET (a, b) = (SELECT x, y ...)};
     * no row gives nulls).
     */
    record RowField(Expr row, int index, PgType type) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            Object[] values = (Object[]) row.eval(ctx);
            return values == null ? null : values[index];
        }
    }

    /** Column {@code index} of the subquery's current row, inside a SubQuery's {@code test}. */
    record SubQueryColumn(int index, PgType type) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            return ctx.subqueryRow[index];
        }
    }

    /** Slot {@code slot} of the correlation parameters an outer query passed in (PARAM_EXEC). */
    record ExecParam(int slot, PgType type, int typmod) implements Expr {
        @Override
        public Object eval(ExecContext ctx) {
            return ctx.execParams[slot];
        }
    }

    /** Code that runs a planned subquery: set by the executor, so that expressions do not depend on it. */
    @FunctionalInterface
    interface SubPlanRunner {
        Object run(SubPlan subPlan, ExecContext ctx);
    }

    /**
     * A planned subquery (SubPlan): {@code args} are evaluated in the current row into ExecParam {@code slots}
     * (its correlation); {@code test} compares the current row with each subquery row (ANY/ALL); {@code runner}
     * executes {@code plan} (an opaque Plan here, so that expressions do not depend on the executor).
     * {@code hashed} (an uncorrelated {@code x = ANY (subquery)}, PostgreSQL's hashed SubPlan): the subquery's
     * values are read once into a hash table that each evaluation probes with {@code test}'s left operand.
     */
    record SubPlan(SubQueryKind kind, Object plan, List<Integer> slots, List<Expr> args, Expr test, PgType type,
                   SubPlanRunner runner, boolean hashed) implements Expr {
        SubPlan(SubQueryKind kind, Object plan, List<Integer> slots, List<Expr> args, Expr test, PgType type,
                SubPlanRunner runner) {
            this(kind, plan, slots, args, test, type, runner, false);
        }

        @Override
        public Object eval(ExecContext ctx) {
            return runner.run(this, ctx);
        }
    }

    /** Code behind a set-returning function: the rows for one call. */
    @FunctionalInterface
    interface SetImplementation {
        java.util.Iterator<Object[]> rows(ExecContext ctx, Object[] args);
    }

    /** A set-returning function call (FROM generate_series(...), unnest...). */
    record SetFunction(String name, List<Expr> args, List<PgType> columnTypes, boolean strict,
                       SetImplementation implementation, int location) implements Expr {
        @Override
        public PgType type() {
            return columnTypes.getFirst();
        }

        @Override
        public Object eval(ExecContext ctx) {
            throw new IllegalStateException("set-returning function " + name + " outside FROM");
        }
    }
}
