/*
 * Calls of user-defined aggregates (CREATE AGGREGATE): the choice among a name's aggregates by the call's argument
 * types (parse_func.c's candidates, as for functions), and the Aggregate a plan runs, made from the definition by
 * looking its support functions up as pg_aggregate.c's lookup_agg_function does (a user function taking exactly
 * those types, else a built-in; one reached only through a coercion is 42804 "requires run-time type coercion") and
 * checking what AggregateCreate checks (the transition function returns the state type, a strict one without an
 * initial condition needs inputs of that type, a final function with extra arguments is not strict, the combine
 * function returns the state type). CREATE AGGREGATE runs the same checks; a query runs them again, so it sees
 * functions replaced or dropped since.
 * The transition state follows nodeAgg's advance_transition_function: a strict transition function skips rows
 * with a null argument (the aggregate is strict), takes the first row's input as the state when the initial
 * condition is null, and keeps a null state once it returned null; a strict final function of a null state gives
 * null without a call. Not done: combine, serialization and moving-aggregate functions are checked but not run
 * (osgres does not aggregate in parallel; a window runs the plain transition function over each frame).
 */
package osgres.sql.internal.analyze;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.AggregateDefinition;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SqlFunction;
import osgres.sql.internal.utils.TypeIo;

public final class UserAggregates {

    private UserAggregates() {
    }

    /** A support function as an aggregate (or an operator) calls it: its result type, strictness and code. */
    record Support(PgType result, boolean strict, Expr.Implementation implementation) {
        Object call(ExecContext ctx, Object[] args) {
            return implementation.call(ctx, args);
        }
    }

    /** The user aggregates of this name (none without a catalog). */
    static List<AggregateDefinition> named(ParseState ps, String name) {
        FunctionLookup catalog = ps.statement.functions;
        return catalog == null ? List.of() : catalog.aggregates(name);
    }

    /** True when some user aggregate has this name. */
    static boolean exists(ParseState ps, String name) {
        return !named(ps, name).isEmpty();
    }

    /**
     * The aggregate of this name the argument types select: the candidates whose types all take the arguments by
     * implicit coercion, then the one with the most exact matches; null when none fits.
     */
    static AggregateDefinition choose(ParseState ps, String name, List<PgType> types, int p) {
        List<AggregateDefinition> fitting = new ArrayList<>();
        int best = -1;
        for (AggregateDefinition a : named(ps, name)) {
            if (a.argTypes().size() != types.size() || !Functions.allCoercible(types, a.argTypes())) {
                continue;
            }
            int exact = 0;
            for (int i = 0; i < types.size(); i++) {
                exact += types.get(i) == a.argTypes().get(i) ? 1 : 0;
            }
            if (exact > best) {
                fitting.clear();
                best = exact;
            }
            if (exact == best) {
                fitting.add(a);
            }
        }
        if (fitting.size() > 1) {
            throw PgException.error(SqlState.AMBIGUOUS_FUNCTION, "function " + Messages.signature(name, types)
                    + " is not unique").withHint("Could not choose a best candidate function. You might need to add"
                    + " explicit type casts.").withPosition(p);
        }
        if (!fitting.isEmpty()) {
            ps.statement.callsUserFunctions = true;
            ps.statement.calledFunctions.add(fitting.getFirst().oid()); // its EXECUTE, checked at each execution
        }
        return fitting.isEmpty() ? null : fitting.getFirst();
    }

    /** The aggregate with its support functions looked up and checked (AggregateCreate's checks). */
    public static Aggregate aggregate(AggregateDefinition a, FunctionLookup catalog) {
        Object initial = a.initcond() == null ? null : TypeIo.input(a.stype(), a.initcond(), ZoneOffset.UTC);
        if (a.minitcond() != null) {
            TypeIo.input(a.mstype(), a.minitcond(), ZoneOffset.UTC);
        }
        List<PgType> transitionArgs = new ArrayList<>();
        transitionArgs.add(a.stype());
        transitionArgs.addAll(a.argTypes());
        Support transition = lookup(catalog, a.sfunc(), transitionArgs);
        if (transition.result() != a.stype()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "return type of transition function " + a.sfunc()
                    + " is not " + a.stype().sqlName());
        }
        if (transition.strict() && a.initcond() == null
                && (a.argTypes().isEmpty() || !binaryCoercible(a.argTypes().getFirst(), a.stype()))) {
            throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "must not omit initial value when"
                    + " transition function is strict and transition type is not compatible with input type");
        }
        PgType result = a.stype();
        Support movingFinal = null;
        if (a.msfunc() != null) {
            List<PgType> movingArgs = new ArrayList<>();
            movingArgs.add(a.mstype());
            movingArgs.addAll(a.argTypes());
            Support forward = lookup(catalog, a.msfunc(), movingArgs);
            if (forward.result() != a.mstype()) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "return type of transition function "
                        + a.msfunc() + " is not " + a.mstype().sqlName());
            }
            if (forward.strict() && a.minitcond() == null
                    && (a.argTypes().isEmpty() || !binaryCoercible(a.argTypes().getFirst(), a.mstype()))) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "must not omit initial value when"
                        + " transition function is strict and transition type is not compatible with input type");
            }
            Support inverse = lookup(catalog, a.minvfunc(), movingArgs);
            if (inverse.result() != a.mstype()) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "return type of inverse transition function "
                        + a.minvfunc() + " is not " + a.mstype().sqlName());
            }
            if (forward.strict() != inverse.strict()) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "strictness of aggregate's forward and inverse transition functions must match");
            }
            if (a.mfinalfunc() != null) {
                movingFinal = lookup(catalog, a.mfinalfunc(), List.of(a.mstype()));
            }
        }
        Support finalFunction = null;
        if (a.finalfunc() != null) {
            List<PgType> finalArgs = new ArrayList<>();
            finalArgs.add(a.stype());
            if (a.finalExtra()) {
                finalArgs.addAll(a.argTypes());
            }
            finalFunction = lookup(catalog, a.finalfunc(), finalArgs);
            if (a.finalExtra() && finalFunction.strict()) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                        "final function with extra arguments must not be declared STRICT");
            }
            result = finalFunction.result();
        }
        if (a.combinefunc() != null) {
            Support combine = lookup(catalog, a.combinefunc(), List.of(a.stype(), a.stype()));
            if (combine.result() != a.stype()) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "return type of combine function "
                        + a.combinefunc() + " is not " + a.stype().sqlName());
            }
        }
        if (a.mstype() != null) {
            PgType movingResult = movingFinal != null ? movingFinal.result() : a.mstype();
            if (movingResult != result) {
                throw PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "moving-aggregate implementation"
                        + " returns type " + movingResult.sqlName() + ", but plain implementation returns type "
                        + result.sqlName());
            }
        }
        Support finisher = finalFunction;
        int extra = a.finalExtra() ? a.argTypes().size() : 0;
        boolean noInitial = a.initcond() == null;
        return new Aggregate(a.name(), a.argTypes(), result, transition.strict(),
                new TransitionFactory(transition, finisher, extra, initial, noInitial));
    }

    /** The factory of a user aggregate's states: equal for equal definitions, so equal calls are one Aggref. */
    private record TransitionFactory(Support advance, Support finisher, int extra, Object initial,
                                     boolean noInitial) implements Aggregate.Factory {
        @Override
        public Aggregate.Accumulator start(ExecContext ctx) {
            return new Transition(ctx, advance, finisher, extra, initial, noInitial);
        }

        @Override
        public Object transition() {
            return List.of(advance, noInitial ? List.of() : java.util.Collections.singletonList(initial));
        }

        @Override
        public Object finish(Aggregate.Accumulator shared) {
            return ((Transition) shared).finish(finisher, extra);
        }
    }

    /** IsBinaryCoercible for the types osgres has: the same type, or varchar and text. */
    private static boolean binaryCoercible(PgType from, PgType to) {
        return from == to || from == PgType.VARCHAR && to == PgType.TEXT;
    }

    /** lookup_agg_function: the function {@code name} taking exactly {@code types}. */
    static Support lookup(FunctionLookup catalog, String name, List<PgType> types) {
        if (catalog != null) {
            for (SqlFunction f : catalog.named(name)) {
                if (!f.procedure() && f.inputTypes().equals(types)) {
                    if (f.returnsSet()) {
                        throw PgException.error(SqlState.DATATYPE_MISMATCH, "function "
                                + Messages.signature(name, types) + " returns a set");
                    }
                    return new Support(f.returnType(), f.strict(), new UserFunctionCalls.Implementation(f.oid(), f));
                }
            }
            for (SqlFunction f : catalog.named(name)) {
                if (!f.procedure() && f.inputTypes().size() == types.size()
                        && Functions.allCoercible(types, f.inputTypes())) {
                    throw runtimeCoercion(name, f.inputTypes());
                }
            }
        }
        Functions.Function builtin;
        try {
            builtin = Functions.resolve(name, types, 0);
        } catch (PgException e) {
            throw PgException.error(SqlState.UNDEFINED_FUNCTION, "function " + Messages.signature(name, types)
                    + " does not exist");
        }
        if (!builtin.argTypes().equals(types)) {
            throw runtimeCoercion(name, builtin.argTypes());
        }
        return new Support(builtin.result(), builtin.strict(), builtin.implementation());
    }

    private static PgException runtimeCoercion(String name, List<PgType> declared) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "function " + Messages.signature(name, declared)
                + " requires run-time type coercion");
    }

    /** One group's transition state (advance_transition_function and finalize_aggregate). */
    private static final class Transition implements Aggregate.Accumulator {
        private final ExecContext ctx;
        private final Support transition;
        private final Support finisher;
        private final int extraArguments;
        private Object state;
        /** noTransValue: the initial condition is null and no row has been taken as the state yet. */
        private boolean noValue;

        Transition(ExecContext ctx, Support transition, Support finisher, int extraArguments, Object initial,
                   boolean noInitial) {
            this.ctx = ctx;
            this.transition = transition;
            this.finisher = finisher;
            this.extraArguments = extraArguments;
            this.state = initial;
            this.noValue = noInitial;
        }

        @Override
        public void add(Object[] args) {
            if (transition.strict()) {
                if (noValue) {
                    // the first non-null input becomes the state (its type is the state's, checked at CREATE)
                    state = args.length == 0 ? null : args[0];
                    noValue = false;
                    return;
                }
                if (state == null) {
                    return; // a strict transition function that returned null keeps the null
                }
            }
            Object[] call = new Object[args.length + 1];
            call[0] = state;
            System.arraycopy(args, 0, call, 1, args.length);
            state = transition.call(ctx, call);
        }

        @Override
        public Object result() {
            return finish(finisher, extraArguments);
        }

        /** finalize_aggregate with this final function (another aggregate's, when the state is shared). */
        Object finish(Support function, int extra) {
            if (function == null) {
                return state;
            }
            if (function.strict() && state == null) {
                return null;
            }
            Object[] call = new Object[1 + extra];
            call[0] = state;
            return function.call(ctx, call);
        }
    }
}
