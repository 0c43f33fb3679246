/*
 * A pg_aggregate entry as expressions and plans refer to it: name, argument and result types, strictness (a
 * strict aggregate never sees null arguments, as nodeAgg skips them for strict transition functions) and how to
 * make the transition state of one group. The built-in entries are in Aggregates and OrderedSetAggregates.
 */
package osgres.sql.internal.nodes;

import java.util.List;
import java.util.function.Supplier;

import osgres.sql.internal.utils.PgType;

public record Aggregate(String name, List<PgType> argTypes, PgType result, boolean strict,
                 Supplier<Aggregate.Accumulator> accumulator) {

    /** The transition state of one aggregate in one group. */
    public interface Accumulator {
        /** Adds one row's (non-null, when the aggregate is strict) arguments. */
        void add(Object[] args);

        Object result();
    }
}
