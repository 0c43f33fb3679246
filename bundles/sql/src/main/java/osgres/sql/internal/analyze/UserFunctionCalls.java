/*
 * Calls of user-defined functions and procedures (parse_func.c's func_get_detail over the user rows of pg_proc):
 * positional, named ({@code f(a => 1)}) and mixed notation, DEFAULTs filling the parameters a call leaves out,
 * VARIADIC parameters collecting the trailing arguments into an array (or taking one with the VARIADIC keyword),
 * then func_select_candidate's choice among the candidates whose arguments all coerce implicitly (most exact
 * matches, then preferred types, then string types for unknown literals). The call reads the function's current
 * definition when it runs, so CREATE OR REPLACE reaches statements planned before it.
 * Not done: polymorphic parameters (anyelement...), functions whose name is also a built-in's competing with it
 * in one candidate list (a user function of that name hides the built-ins only when it matches).
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ArrayValue;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.FunctionParameters;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.RowValue;
import osgres.sql.internal.utils.SqlFunction;

public final class UserFunctionCalls {

    /** A call's chosen function with its arguments in input order (defaults filled, variadic arguments packed). */
    public record Resolved(SqlFunction function, List<Expr> args) {
    }

    /** The implementation of a user function's call; the planner asks it for the volatility. */
    public record Implementation(int oid, SqlFunction declared) implements Expr.Implementation {
        @Override
        public Object call(ExecContext ctx, Object[] args) {
            List<Object[]> rows = ctx.session().routines().run(ctx, current(ctx), args, false);
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = rows.getFirst();
            if (declared.returnType() == PgType.VOID) {
                return null;
            }
            return declared.composite() || declared.returnType() == PgType.RECORD
                    ? new RowValue(declared.outTypes().isEmpty() ? List.of() : declared.outTypes(), row) : row[0];
        }

        public SqlFunction current(ExecContext ctx) {
            SqlFunction f = ctx.session().routines().current(oid);
            return f == null ? declared : f;
        }

        @Override
        public boolean isVolatile() {
            return declared.volatility() == 'v';
        }
    }

    private record Candidate(SqlFunction function, List<Expr> slots, List<PgType> types) {
    }

    private UserFunctionCalls() {
    }

    /**
     * The user function (or procedure, with {@code procedures}) a call names, or null when no user function of the
     * name exists or none fits (the built-ins are tried then). 42725 when several fit equally.
     */
    public static Resolved resolve(ExprAnalyzer exprs, ParseState ps, String name,
                                   List<FunctionParameters.Argument> written,
                            boolean variadicCall, int p, boolean procedures) {
        FunctionLookup catalog = ps.statement.functions;
        if (catalog == null || !catalog.exists(name)) {
            return null;
        }
        ps.statement.callsUserFunctions = true;
        checkNotation(written);
        List<Candidate> candidates = new ArrayList<>();
        for (SqlFunction f : catalog.named(name)) {
            if (f.procedure() != procedures) {
                continue;
            }
            Candidate c = match(exprs, ps, f, written, variadicCall, p);
            if (c != null) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            if (!procedures && (FunctionParameters.anyNamed(written) || !Functions.exists(name))
                    && catalog.named(name).stream().noneMatch(SqlFunction::procedure)) {
                throw Messages.functionDoesNotExist(signature(name, written), p);
            }
            return null;
        }
        Candidate chosen = candidates.size() == 1 ? candidates.getFirst() : choose(candidates, name, p);
        SqlFunction f = chosen.function();
        ps.statement.calledFunctions.add(f.oid());
        List<Expr> args = new ArrayList<>();
        List<SqlFunction.Parameter> inputs = f.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            Expr given = chosen.slots().get(i);
            SqlFunction.Parameter param = inputs.get(i);
            if (given == null) {
                given = exprs.expr(ps, param.defaultExpr());
            }
            args.add(exprs.coerce(ps, given, param.type(), -1, Casts.Context.IMPLICIT, p));
        }
        return new Resolved(f, args);
    }

    /** func_signature_string with the argument names of a named call ({@code f(integer, b => text)}). */
    public static String signature(String name, List<FunctionParameters.Argument> written) {
        java.util.StringJoiner args = new java.util.StringJoiner(", ", name + "(", ")");
        for (FunctionParameters.Argument a : written) {
            args.add((a.name() != null ? a.name() + " => " : "") + a.value().type().sqlName());
        }
        return args.toString();
    }

    /** parse_func.c's checks of the notation itself: positional after named, a name given twice. */
    private static void checkNotation(List<FunctionParameters.Argument> written) {
        Set<String> seen = new HashSet<>();
        boolean named = false;
        for (FunctionParameters.Argument a : written) {
            if (a.name() == null && named) {
                throw Messages.positionalAfterNamed(a.position());
            }
            if (a.name() != null) {
                named = true;
                if (!seen.add(a.name())) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "argument name \"" + a.name()
                            + "\" used more than once").withPosition(a.position());
                }
            }
        }
    }

    /** The arguments laid out on f's input parameters, or null when the call does not fit f. */
    private static Candidate match(ExprAnalyzer exprs, ParseState ps, SqlFunction f,
                                   List<FunctionParameters.Argument> written, boolean variadicCall, int p) {
        List<SqlFunction.Parameter> inputs = f.inputs();
        int n = inputs.size();
        Expr[] slots = new Expr[n];
        boolean anyNamed = FunctionParameters.anyNamed(written);
        int positional = 0;
        while (positional < written.size() && written.get(positional).name() == null) {
            positional++;
        }
        boolean expand = f.variadic() && !variadicCall && !anyNamed;
        if (variadicCall && !f.variadic()) {
            return null;
        }
        if (expand) {
            if (positional < n) {
                return null;
            }
            PgType element = inputs.getLast().type().elementType();
            for (int i = 0; i < n - 1; i++) {
                slots[i] = written.get(i).value();
            }
            List<Expr> extra = new ArrayList<>();
            for (int i = n - 1; i < positional; i++) {
                Expr e = written.get(i).value();
                if (e.type() != PgType.UNKNOWN && e.type() != element
                        && Casts.find(e.type(), element, -1, Casts.Context.IMPLICIT) == null) {
                    return null;
                }
                extra.add(e);
            }
            List<Expr> coerced = new ArrayList<>();
            for (Expr e : extra) {
                coerced.add(exprs.coerce(ps, e, element, -1, Casts.Context.IMPLICIT, p));
            }
            int oid = element.oid();
            slots[n - 1] = new Expr.Call("ARRAY", inputs.getLast().type(), coerced, false,
                    (ctx, v) -> ArrayValue.of(oid, v.clone()));
        } else {
            if (positional > n) {
                return null;
            }
            for (int i = 0; i < positional; i++) {
                slots[i] = written.get(i).value();
            }
            for (int i = positional; i < written.size(); i++) {
                FunctionParameters.Argument a = written.get(i);
                int at = -1;
                for (int j = 0; j < n; j++) {
                    if (a.name().equals(inputs.get(j).name())) {
                        at = j;
                    }
                }
                if (at < 0 || slots[at] != null) {
                    return null;
                }
                slots[at] = a.value();
            }
        }
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (slots[i] == null) {
                if (inputs.get(i).defaultExpr() == null) {
                    return null;
                }
                types.add(inputs.get(i).type());
                continue;
            }
            PgType from = slots[i].type();
            PgType to = inputs.get(i).type();
            if (from != PgType.UNKNOWN && from != to && Casts.find(from, to, -1, Casts.Context.IMPLICIT) == null
                    && UserCasts.find(ps, from, to, Casts.Context.IMPLICIT) == null) {
                return null;
            }
            types.add(from);
        }
        return new Candidate(f, java.util.Arrays.asList(slots), types);
    }

    /** func_select_candidate over the user candidates: 42725 when no single best remains. */
    private static Candidate choose(List<Candidate> candidates, String name, int p) {
        List<Functions.Function> asBuiltins = new ArrayList<>();
        List<PgType> actual = candidates.getFirst().types();
        for (Candidate c : candidates) {
            asBuiltins.add(new Functions.Function(name, c.function().inputTypes(), c.function().returnType(), false,
                    null, false, false));
        }
        List<Functions.Function> best = Functions.best(asBuiltins, actual);
        if (best.size() != 1) {
            throw PgException.error(SqlState.AMBIGUOUS_FUNCTION,
                    "function " + Messages.signature(name, actual) + " is not unique")
                    .withHint("Could not choose a best candidate function. You might need to add explicit type casts.")
                    .withPosition(p);
        }
        return candidates.get(asBuiltins.indexOf(best.getFirst()));
    }

    /**
     * inline_function: a call of a LANGUAGE sql function whose body is {@code SELECT expr} alone (or RETURN expr)
     * becomes that expression with the arguments in place of the parameters, as PostgreSQL's planner does, so it
     * runs without a call and its errors carry no function CONTEXT. Not inlined: strict functions, set-returning
     * and composite results, an expression of another type than the result, aggregates, subqueries, a declared
     * non-volatile function with volatile contents, and a parameter used twice with an argument that is not a
     * simple value. With only constant arguments PostgreSQL folds the inlined expression while planning: its
     * errors then say "during inlining", which the wrapper here reproduces.
     */
    public static Expr inline(ParseState ps, Resolved r) {
        SqlFunction f = r.function();
        if (!f.language().equals("sql") || f.returnsSet() || f.composite() || f.strict() || f.procedure()
                || f.returnType() == PgType.VOID || f.returnType() == PgType.RECORD) {
            return null;
        }
        Expr expr = ps.statement.functions.inlinableBody(f);
        if (expr == null || expr.type() != f.returnType()) {
            return null;
        }
        int[] uses = new int[r.args().size() + 1];
        boolean[] refused = new boolean[1];
        ExprTrees.walk(expr, e -> {
            switch (e) {
                case Expr.Param p -> uses[p.number()]++;
                case Expr.SubQuery q -> refused[0] = true;
                case Expr.SubPlan q -> refused[0] = true;
                case Expr.Aggref a -> refused[0] = true;
                case Expr.WindowFunc w -> refused[0] = true;
                case Expr.SetFunction sf -> refused[0] = true;
                case Expr.Var v -> refused[0] = true;
                case Expr.ColumnRef c -> refused[0] = true;
                case Expr.ExecParam x -> refused[0] = true;
                case Expr.Call c -> refused[0] |= f.volatility() != 'v' && Functions.isVolatile(c);
                default -> {
                }
            }
        });
        if (refused[0]) {
            return null;
        }
        boolean constants = true;
        for (int i = 0; i < r.args().size(); i++) {
            Expr a = r.args().get(i);
            boolean simpleValue = a instanceof Expr.Const || a instanceof Expr.Param || a instanceof Expr.Var;
            if (uses[i + 1] > 1 && !simpleValue) {
                return null;
            }
            // a parameter is a constant too: PostgreSQL's custom plans fold the values bound to it
            constants &= a instanceof Expr.Const || a instanceof Expr.Param;
        }
        Expr inlined = substitute(expr, r.args());
        if (!constants) {
            return inlined;
        }
        Expr folded = inlined;
        String context = "SQL function \"" + f.name() + "\" during inlining";
        return new Expr.Call(f.name(), f.returnType(), List.of(), false, (ctx, values) -> {
            try {
                return folded.eval(ctx);
            } catch (PgException e) {
                throw e.withPosition(0).withContext(context);
            }
        });
    }

    /** The body's expression with each parameter replaced by its argument. */
    private static Expr substitute(Expr e, List<Expr> args) {
        if (e instanceof Expr.Param p) {
            return args.get(p.number() - 1);
        }
        return ExprTrees.map(e, child -> substitute(child, args));
    }

    /** A scalar call: one value, or a record of the OUT columns. */
    public static Expr scalarCall(Resolved r) {
        SqlFunction f = r.function();
        PgType type = f.composite() ? PgType.RECORD : f.returnType();
        return new Expr.Call(f.name(), type, r.args(), f.strict(), new Implementation(f.oid(), f));
    }

    /** A set of composite rows in a target list: one record column, each row a RowValue of the OUT columns. */
    public static Expr.SetFunction recordSetCall(Expr.SetFunction rows, SqlFunction f) {
        return SetFunctions.asRecords(rows, null);
    }

    /** A set-returning call: its rows, one column per result column. */
    public static Expr.SetFunction setCall(Resolved r, int p) {
        SqlFunction f = r.function();
        return setCall(r, f.outTypes().isEmpty() ? List.of(f.returnType()) : f.outTypes(), p);
    }

    /**
     * A call in FROM with these result columns: every row of a set-returning function, the one row of another (no
     * row when a composite result is null; a scalar's null is one row holding null).
     */
    public static Expr.SetFunction setCall(Resolved r, List<PgType> columns, int p) {
        SqlFunction f = r.function();
        Implementation impl = new Implementation(f.oid(), f);
        boolean set = f.returnsSet();
        boolean scalar = columns.size() == 1 && !f.composite() && f.returnType() != PgType.RECORD;
        return new Expr.SetFunction(f.name(), r.args(), List.copyOf(columns), f.strict(), (ctx, values) -> {
            List<Object[]> rows = ctx.session().routines().run(ctx, impl.current(ctx), values, set);
            if (!set && rows.isEmpty() && scalar) {
                return List.<Object[]>of(new Object[] {null}).iterator();
            }
            return rows.iterator();
        }, p);
    }
}
