/*
 * The built-in aggregates (PostgreSQL's pg_aggregate with their transition and final functions): each entry
 * names its argument types and result type as PostgreSQL declares them, and makes a fresh Aggregate.Accumulator (the
 * transition state of one group). Strict aggregates skip null inputs, as nodeAgg does for strict transition
 * functions; count(*) counts rows. Resolution follows parse_func.c for the few overloads here: an exact match
 * first, then the argument's type category (sum(int4) -> int8, sum(int8) -> numeric, avg(int) -> numeric).
 * array_agg collects its argument, nulls included, into an array (arrays into one more dimension).
 * Ordered-set aggregates (WITHIN GROUP) are in OrderedSetAggregates; user-defined ones (CREATE AGGREGATE) are
 * analyze's UserAggregates.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericMath;
import osgres.storage.NumericSpecial;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;

public final class Aggregates {

    private Aggregates() {
    }

    public static boolean isAggregate(String name) {
        return switch (name) {
            case "array_agg", "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every", "string_agg",
                 "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop" -> true;
            default -> StatisticalAggregates.isAggregate(name) || JsonFunctions.isAggregate(name);
        };
    }

    /** count(*). */
    public static Aggregate countStar() {
        return new Aggregate("count", List.of(), PgType.INT8, false, Count::new);
    }

    /** The aggregate {@code name} over arguments of {@code types} (unknowns already resolved), or 42883. */
    public static Aggregate resolve(String name, List<PgType> types, int position) {
        Aggregate a = find(name, types);
        if (a == null) {
            StringBuilder sig = new StringBuilder(name).append('(');
            for (int i = 0; i < types.size(); i++) {
                sig.append(i == 0 ? "" : ", ").append(types.get(i).sqlName());
            }
            throw Messages.functionDoesNotExist(sig.append(')').toString(), position);
        }
        return a;
    }

    private static Aggregate find(String name, List<PgType> types) {
        if (StatisticalAggregates.isAggregate(name)) {
            return StatisticalAggregates.find(name, types);
        }
        if (JsonFunctions.isAggregate(name)) {
            return JsonFunctions.aggregate(name, types);
        }
        if (name.equals("string_agg")) {
            if (types.size() == 2 && types.get(0).isString() && types.get(1).isString()) {
                return new Aggregate(name, List.of(PgType.TEXT, PgType.TEXT), PgType.TEXT, true, StringAgg::new);
            }
            return StatisticalAggregates.find(name, types);
        }
        if (types.size() != 1) {
            return null;
        }
        PgType t = types.getFirst();
        if ((t.isArray() || t == PgType.ANYENUM) && (name.equals("min") || name.equals("max"))) {
            // max(anyarray), min(anyarray): array_larger / array_smaller, in array_cmp's order
            return new Aggregate(name, List.of(t), t, true, () -> new MinMax(t, name.equals("max")));
        }
        return switch (name) {
            case "count" -> new Aggregate(name, List.of(t), PgType.INT8, true, Count::new);
            case "min", "max" -> {
                PgType input = minMaxType(t);
                yield input == null ? null : new Aggregate(name, List.of(input), input, true,
                        () -> new MinMax(input, name.equals("max")));
            }
            case "sum" -> switch (t) {
                case INT2, INT4 -> new Aggregate(name, List.of(t), PgType.INT8, true, () -> new Sum(PgType.INT8));
                case INT8, NUMERIC -> new Aggregate(name, List.of(t), PgType.NUMERIC, true,
                        () -> new Sum(PgType.NUMERIC));
                case FLOAT4, FLOAT8 -> new Aggregate(name, List.of(t), t, true, () -> new Sum(t));
                case INTERVAL -> new Aggregate(name, List.of(t), t, true, () -> StatisticalAggregates.interval(false));
                default -> null;
            };
            case "avg" -> switch (t) {
                case INT2, INT4, INT8, NUMERIC -> new Aggregate(name, List.of(t), PgType.NUMERIC, true,
                        () -> new Avg(false));
                case FLOAT4, FLOAT8 -> new Aggregate(name, List.of(t), PgType.FLOAT8, true, () -> new Avg(true));
                case INTERVAL -> new Aggregate(name, List.of(t), t, true, () -> StatisticalAggregates.interval(true));
                default -> null;
            };
            case "bool_and", "every", "bool_or" -> t != PgType.BOOL ? null : new Aggregate(name, List.of(t),
                    PgType.BOOL, true, () -> new BoolAgg(!name.equals("bool_or")));
            // an enum's array type is not a PgType: its labels as text[], which prints the same
            case "array_agg" -> t == PgType.ANYENUM ? new Aggregate(name, List.of(t), PgType.TEXT_ARRAY, false,
                    EnumLabels::new)
                    : t.isArray() ? new Aggregate(name, List.of(t), t, false, () -> new ArrayAgg(t, true))
                    : t.arrayType() == null ? null
                    : new Aggregate(name, List.of(t), t.arrayType(), false, () -> new ArrayAgg(t, false));
            case "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop" -> {
                boolean floating = t == PgType.FLOAT4 || t == PgType.FLOAT8;
                if (!floating && !(t == PgType.INT2 || t == PgType.INT4 || t == PgType.INT8 || t == PgType.NUMERIC)) {
                    yield null;
                }
                boolean sqrt = name.startsWith("stddev");
                boolean population = name.endsWith("_pop");
                yield floating ? new Aggregate(name, List.of(t), PgType.FLOAT8, true,
                        () -> StatisticalAggregates.floatVariance(sqrt, population))
                        : new Aggregate(name, List.of(t), PgType.NUMERIC, true, () -> new Variance(sqrt, population));
            }
            default -> null;
        };
    }

    /**
     * The type min/max take for an argument of type t: pg_aggregate has them for the ordered types below (no
     * boolean, no bytea); varchar, name and unknown reach min(text). regtype and regclass keep their type here
     * (PostgreSQL reaches min(oid) through a binary-coercible cast osgres does not have, and prints the oid).
     */
    private static PgType minMaxType(PgType t) {
        return switch (t) {
            case INT2, INT4, INT8, OID, FLOAT4, FLOAT8, NUMERIC, DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ, INTERVAL,
                 TEXT, BPCHAR, INET, TEXT_ARRAY, REGTYPE, REGCLASS, XID8, PG_LSN -> t;
            case VARCHAR, NAME, UNKNOWN -> PgType.TEXT;
            default -> null;
        };
    }

    private static final class Count implements Aggregate.Accumulator {
        private long n;

        @Override
        public void add(Object[] args) {
            n++;
        }

        @Override
        public Object result() {
            return n;
        }
    }

    private static final class MinMax implements Aggregate.Accumulator {
        private final PgType type;
        private final boolean max;
        private Object value;

        MinMax(PgType type, boolean max) {
            this.type = type;
            this.max = max;
        }

        @Override
        public void add(Object[] args) {
            Object v = args[0];
            if (value == null) {
                value = v;
                return;
            }
            int c = BtreeCompare.compare(type, v, value);
            if (max ? c > 0 : c < 0) {
                value = v;
            }
        }

        @Override
        public Object result() {
            return value;
        }
    }

    /** sum: int8 state for int2/int4 (overflow is 22003 as in int8pl), numeric for int8/numeric, floats. */
    private static final class Sum implements Aggregate.Accumulator {
        private final PgType result;
        private long longSum;
        private BigDecimal decimalSum;
        private double doubleSum;
        private boolean any;
        private final SpecialCounts specials = new SpecialCounts();

        Sum(PgType result) {
            this.result = result;
        }

        @Override
        public void add(Object[] args) {
            Object v = args[0];
            any = true;
            switch (result) {
                case INT8 -> {
                    try {
                        longSum = Math.addExact(longSum, ((Number) v).longValue());
                    } catch (ArithmeticException e) {
                        throw Messages.outOfRange("bigint");
                    }
                }
                case NUMERIC -> {
                    if (v instanceof NumericSpecial s) {
                        specials.add(s);
                        return;
                    }
                    BigDecimal x = v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue());
                    decimalSum = decimalSum == null ? x : decimalSum.add(x);
                }
                default -> doubleSum += ((Number) v).doubleValue();
            }
        }

        @Override
        public Object result() {
            if (!any) {
                return null;
            }
            return switch (result) {
                case INT8 -> longSum;
                case NUMERIC -> specials.any() ? specials.sum() : decimalSum;
                case FLOAT4 -> (float) doubleSum;
                default -> doubleSum;
            };
        }
    }

    private static final class Avg implements Aggregate.Accumulator {
        private final boolean floating;
        private BigDecimal sum = BigDecimal.ZERO;
        private double doubleSum;
        private long count;
        private final SpecialCounts specials = new SpecialCounts();

        Avg(boolean floating) {
            this.floating = floating;
        }

        @Override
        public void add(Object[] args) {
            Object v = args[0];
            count++;
            if (floating) {
                doubleSum += ((Number) v).doubleValue();
            } else if (v instanceof NumericSpecial s) {
                specials.add(s);
            } else {
                sum = sum.add(v instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) v).longValue()));
            }
        }

        @Override
        public Object result() {
            if (count == 0) {
                return null;
            }
            if (floating) {
                return doubleSum / count;
            }
            if (specials.any()) {
                return specials.sum(); // numeric_avg: the specials decide, as in sum
            }
            BigDecimal n = BigDecimal.valueOf(count);
            return sum.divide(n, NumericMath.divisionScale(sum, n), RoundingMode.HALF_EVEN);
        }
    }

    private static final class BoolAgg implements Aggregate.Accumulator {
        private final boolean and;
        private Boolean value;

        BoolAgg(boolean and) {
            this.and = and;
        }

        @Override
        public void add(Object[] args) {
            boolean v = (Boolean) args[0];
            value = value == null ? v : and ? value && v : value || v;
        }

        @Override
        public Object result() {
            return value;
        }
    }

    /** array_agg (array_agg_transfn, and array_agg_array_transfn for array inputs). */
    private static final class ArrayAgg implements Aggregate.Accumulator {
        private final PgType type;
        private final boolean arrays;
        private final List<Object> values = new java.util.ArrayList<>();

        ArrayAgg(PgType type, boolean arrays) {
            this.type = type;
            this.arrays = arrays;
        }

        @Override
        public void add(Object[] args) {
            Object v = args[0];
            if (arrays) {
                if (v == null) {
                    throw osgres.api.PgException.error(osgres.api.SqlState.NULL_VALUE_NOT_ALLOWED,
                            "cannot accumulate null arrays");
                }
                osgres.storage.ArrayValue a = (osgres.storage.ArrayValue) v;
                if (a.ndim() == 0) {
                    throw osgres.api.PgException.error(osgres.api.SqlState.ARRAY_SUBSCRIPT_ERROR,
                            "cannot accumulate empty arrays");
                }
                if (!values.isEmpty() && !java.util.Arrays.equals(((osgres.storage.ArrayValue) values.getFirst())
                        .dims(), a.dims())) {
                    throw osgres.api.PgException.error(osgres.api.SqlState.ARRAY_SUBSCRIPT_ERROR,
                            "cannot accumulate arrays of different dimensionality");
                }
            }
            values.add(v);
        }

        @Override
        public Object result() {
            if (values.isEmpty()) {
                return null;
            }
            return arrays ? ArrayFunctions.stack(type.elementType(), values.toArray())
                    : PgArrays.of(type, values);
        }
    }

    /** array_agg of enum values: their labels, nulls kept. */
    private static final class EnumLabels implements Aggregate.Accumulator {
        private final List<Object> labels = new java.util.ArrayList<>();

        @Override
        public void add(Object[] args) {
            labels.add(args[0] == null ? null : ((osgres.sql.internal.utils.EnumValue) args[0]).label());
        }

        @Override
        public Object result() {
            return labels.isEmpty() ? null : PgArrays.of(PgType.TEXT, labels);
        }
    }

    private static final class StringAgg implements Aggregate.Accumulator {
        private StringBuilder out;

        @Override
        public void add(Object[] args) {
            // string_agg is not strict in its delimiter: a null delimiter adds nothing between values
            if (out == null) {
                out = new StringBuilder();
            } else if (args[1] != null) {
                out.append((String) args[1]);
            }
            out.append((String) args[0]);
        }

        @Override
        public Object result() {
            return out == null ? null : out.toString();
        }
    }

    /** numeric_accum's NaNcount, pInfcount and nInfcount: what a numeric sum or average of specials is. */
    private static final class SpecialCounts {
        private boolean nan;
        private boolean infinity;
        private boolean negativeInfinity;

        void add(NumericSpecial s) {
            switch (s) {
                case NAN -> nan = true;
                case INFINITY -> infinity = true;
                case NEGATIVE_INFINITY -> negativeInfinity = true;
            }
        }

        boolean any() {
            return nan || infinity || negativeInfinity;
        }

        /** NaN when a NaN or both infinities were added, else the infinity that was. */
        NumericSpecial sum() {
            return nan || (infinity && negativeInfinity) ? NumericSpecial.NAN
                    : infinity ? NumericSpecial.INFINITY : NumericSpecial.NEGATIVE_INFINITY;
        }
    }

    /** variance and stddev of integers and numeric, in exact numeric with PostgreSQL's result scales. */
    private static final class Variance implements Aggregate.Accumulator {
        private final boolean sqrt;
        private final boolean population;
        private long n;
        private BigDecimal sx = BigDecimal.ZERO;
        private BigDecimal sxx = BigDecimal.ZERO;
        /** A NaN or infinity was met: the result is NaN (as float8's variance of an infinity). */
        private boolean special;

        Variance(boolean sqrt, boolean population) {
            this.sqrt = sqrt;
            this.population = population;
        }

        @Override
        public void add(Object[] args) {
            n++;
            if (args[0] instanceof NumericSpecial) {
                special = true;
                return;
            }
            BigDecimal x = args[0] instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) args[0]).longValue());
            sx = sx.add(x);
            sxx = sxx.add(x.multiply(x));
        }

        @Override
        public Object result() {
            long denominatorCount = population ? n : n - 1;
            if (n == 0 || denominatorCount == 0) {
                return null;
            }
            if (special) {
                return NumericSpecial.NAN;
            }
            BigDecimal numerator = BigDecimal.valueOf(n).multiply(sxx).subtract(sx.multiply(sx));
            if (numerator.signum() <= 0) {
                return BigDecimal.ZERO; // numeric_stddev_internal: a zero (or rounded negative) numerator is 0
            }
            BigDecimal denominator = BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(denominatorCount));
            int rscale = NumericMath.divisionScale(numerator, denominator);
            BigDecimal variance = numerator.divide(denominator, rscale, RoundingMode.HALF_UP);
            if (!sqrt) {
                return variance;
            }
            // the root keeps the division's scale (sqrt_var at rscale), not numeric_sqrt's
            return NumericMath.sqrtAtScale(variance, rscale);
        }
    }
}
