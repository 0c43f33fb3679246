/*
 * The built-in window functions (PostgreSQL's windowfuncs.c entries in pg_proc with prokind 'w'): ranking
 * (row_number, rank, dense_rank, percent_rank, cume_dist, ntile) and value functions (lag, lead, first_value,
 * last_value, nth_value). Any aggregate can also run over a window (Aggregates), with the frame deciding the rows
 * it sees. What each computes is in WindowAggNode; this class only names and types them.
 */
package osgres.sql.internal.nodes;

import java.util.List;

import osgres.sql.internal.utils.PgType;

public final class WindowFunctions {

    public enum Kind { ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE, LAST_VALUE,
        NTH_VALUE, AGGREGATE }

    /** A window function; {@code aggregate} is set for an aggregate used as a window function. */
    public record Function(String name, Kind kind, List<PgType> argTypes, PgType result, Aggregate aggregate) {
    }

    private WindowFunctions() {
    }

    public static boolean isWindowFunction(String name) {
        return switch (name) {
            case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
                 "first_value", "last_value", "nth_value" -> true;
            default -> false;
        };
    }

    /** Resolves a window function by the (already typed) argument types; null when none fits. */
    public static Function resolve(String name, List<PgType> types) {
        int n = types.size();
        return switch (name) {
            case "row_number" -> n == 0 ? new Function(name, Kind.ROW_NUMBER, List.of(), PgType.INT8, null) : null;
            case "rank" -> n == 0 ? new Function(name, Kind.RANK, List.of(), PgType.INT8, null) : null;
            case "dense_rank" -> n == 0 ? new Function(name, Kind.DENSE_RANK, List.of(), PgType.INT8, null) : null;
            case "percent_rank" -> n == 0
                    ? new Function(name, Kind.PERCENT_RANK, List.of(), PgType.FLOAT8, null) : null;
            case "cume_dist" -> n == 0 ? new Function(name, Kind.CUME_DIST, List.of(), PgType.FLOAT8, null) : null;
            case "ntile" -> n == 1 ? new Function(name, Kind.NTILE, List.of(PgType.INT4), PgType.INT4, null) : null;
            case "lag", "lead" -> {
                if (n < 1 || n > 3) {
                    yield null;
                }
                Kind kind = name.equals("lag") ? Kind.LAG : Kind.LEAD;
                PgType t = types.getFirst();
                List<PgType> args = n == 1 ? List.of(t) : n == 2 ? List.of(t, PgType.INT4)
                        : List.of(t, PgType.INT4, t);
                yield new Function(name, kind, args, t, null);
            }
            case "first_value", "last_value" -> n == 1 ? new Function(name,
                    name.equals("first_value") ? Kind.FIRST_VALUE : Kind.LAST_VALUE, List.of(types.getFirst()),
                    types.getFirst(), null) : null;
            case "nth_value" -> n == 2 ? new Function(name, Kind.NTH_VALUE,
                    List.of(types.getFirst(), PgType.INT4), types.getFirst(), null) : null;
            default -> null;
        };
    }

    /** An aggregate over a window. */
    public static Function ofAggregate(Aggregate aggregate) {
        return new Function(aggregate.name(), Kind.AGGREGATE, aggregate.argTypes(), aggregate.result(), aggregate);
    }
}
