/*
 * A pg_aggregate entry as expressions and plans refer to it: name, argument and result types, strictness (a
 * strict aggregate never sees null arguments, as nodeAgg skips them for strict transition functions) and how to
 * make the transition state of one group. The built-in entries are in Aggregates and OrderedSetAggregates; a
 * user-defined aggregate (CREATE AGGREGATE) is made by analyze's UserAggregates, whose states call the transition
 * and final functions through the executor's context, so its factory takes that context.
 */
package osgres.sql.internal.nodes;

import java.util.List;
import java.util.function.Supplier;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;

public record Aggregate(String name, List<PgType> argTypes, PgType result, boolean strict, Factory factory) {

    /** A built-in aggregate, whose states need nothing of the executor. */
    public Aggregate(String name, List<PgType> argTypes, PgType result, boolean strict,
                     Supplier<Accumulator> accumulator) {
        this(name, argTypes, result, strict, new Builtin(accumulator));
    }

    /**
     * A built-in aggregate's factory: equal for the same supplier, so that two calls of one aggregate in a query
     * (count(*) in the target list and in ORDER BY) are one Aggref, computed once.
     */
    private record Builtin(Supplier<Accumulator> accumulator) implements Factory {
        @Override
        public Accumulator start(ExecContext ctx) {
            return accumulator.get();
        }
    }

    /** Makes the transition state of one group, for the executor running the plan. */
    @FunctionalInterface
    public interface Factory {
        Accumulator start(ExecContext ctx);

        /**
         * The transition part of the aggregate (transition function, state type, initial condition), equal for two
         * aggregates that may share one transition state when their inputs are the same (nodeAgg's
         * find_compatible_pertrans); null when the aggregate's state is never shared.
         */
        default Object transition() {
            return null;
        }

        /** This aggregate's result from a state that an aggregate of an equal {@link #transition()} made. */
        default Object finish(Accumulator shared) {
            return shared.result();
        }
    }

    /** A fresh transition state (the aggregate's initial condition). */
    public Accumulator start(ExecContext ctx) {
        return factory.start(ctx);
    }

    /** The transition state of one aggregate in one group. */
    public interface Accumulator {
        /** Adds one row's (non-null, when the aggregate is strict) arguments. */
        void add(Object[] args);

        Object result();
    }
}
