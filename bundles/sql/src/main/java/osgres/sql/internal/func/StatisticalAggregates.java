/*
 * The aggregates of PostgreSQL 15's float.c, int.c and varlena.c that Aggregates delegates here: the
 * two-variable statistics (covar_pop, covar_samp, corr, regr_count, regr_sxx, regr_syy, regr_sxy, regr_avgx,
 * regr_avgy, regr_r2, regr_slope, regr_intercept) on float8_regr_accum's Youngs-Cramer transition state
 * (N, Sx, Sxx, Sy, Syy, Sxy), variance and stddev of float4/float8 on float8_accum's (N, Sx, Sxx), so that
 * results agree with PostgreSQL's to the last bit; bit_and, bit_or and bit_xor on integers; string_agg on bytea;
 * sum and avg of intervals (interval_accum: interval_pl, then interval_div by the count).
 * The two-variable aggregates take (Y, X), in that order, as PostgreSQL's do.
 */
package osgres.sql.internal.func;

import java.io.ByteArrayOutputStream;
import java.util.List;

import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.utils.Intervals;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

final class StatisticalAggregates {

    private StatisticalAggregates() {
    }

    static boolean isAggregate(String name) {
        return switch (name) {
            case "covar_pop", "covar_samp", "corr", "regr_count", "regr_sxx", "regr_syy", "regr_sxy", "regr_avgx",
                 "regr_avgy", "regr_r2", "regr_slope", "regr_intercept", "bit_and", "bit_or", "bit_xor" -> true;
            default -> false;
        };
    }

    /** The aggregate, or null when these argument types have none (then 42883). */
    static Aggregate find(String name, List<PgType> types) {
        if (name.equals("string_agg")) {
            return types.size() == 2 && types.get(0) == PgType.BYTEA
                    && (types.get(1) == PgType.BYTEA || types.get(1) == PgType.UNKNOWN)
                    ? new Aggregate(name, List.of(PgType.BYTEA, PgType.BYTEA), PgType.BYTEA, false,
                    ByteaAgg::new) : null;
        }
        if (name.startsWith("bit_")) {
            if (types.size() != 1 || !(types.get(0) == PgType.INT2 || types.get(0) == PgType.INT4
                    || types.get(0) == PgType.INT8)) {
                return null;
            }
            PgType t = types.getFirst();
            return new Aggregate(name, List.of(t), t, true, () -> new BitAgg(name, t));
        }
        if (types.size() != 2 || !coercibleToFloat8(types.get(0)) || !coercibleToFloat8(types.get(1))) {
            return null;
        }
        PgType result = name.equals("regr_count") ? PgType.INT8 : PgType.FLOAT8;
        return new Aggregate(name, List.of(PgType.FLOAT8, PgType.FLOAT8), result, true,
                () -> new Regression(name));
    }

    /** variance/stddev over float4 or float8: float8_accum and float8_var_pop/_samp, float8_stddev_*. */
    static Aggregate.Accumulator floatVariance(boolean sqrt, boolean population) {
        return new FloatVariance(sqrt, population);
    }

    /** sum(interval) or avg(interval). */
    static Aggregate.Accumulator interval(boolean average) {
        return new IntervalSum(average);
    }

    private static boolean coercibleToFloat8(PgType t) {
        return t == PgType.UNKNOWN || t.isNumeric() && t != PgType.OID;
    }

    private static final class FloatVariance implements Aggregate.Accumulator {
        private final boolean sqrt;
        private final boolean population;
        private double n;
        private double sx;
        private double sxx;

        FloatVariance(boolean sqrt, boolean population) {
            this.sqrt = sqrt;
            this.population = population;
        }

        @Override
        public void add(Object[] args) {
            double x = ((Number) args[0]).doubleValue();
            double previousN = n;
            double previousSx = sx;
            n += 1.0;
            sx += x;
            if (previousN > 0.0) {
                double tmp = x * n - sx;
                sxx += tmp * tmp / (n * previousN);
                if (Double.isInfinite(sx) || Double.isInfinite(sxx)) {
                    if (!Double.isInfinite(previousSx) && !Double.isInfinite(x)) {
                        throw Messages.floatOverflow();
                    }
                    sxx = Double.NaN;
                }
            } else if (Double.isNaN(x) || Double.isInfinite(x)) {
                sxx = Double.NaN;
            }
        }

        @Override
        public Object result() {
            if (population ? n == 0.0 : n <= 1.0) {
                return null;
            }
            double v = sxx / (population ? n : n - 1.0);
            return sqrt ? Math.sqrt(v) : v;
        }
    }

    /** float8_regr_accum's state and the final functions of the two-variable aggregates. */
    private static final class Regression implements Aggregate.Accumulator {
        private final String name;
        private double n;
        private double sx;
        private double sxx;
        private double sy;
        private double syy;
        private double sxy;

        Regression(String name) {
            this.name = name;
        }

        @Override
        public void add(Object[] args) {
            double y = ((Number) args[0]).doubleValue();
            double x = ((Number) args[1]).doubleValue();
            double previousN = n;
            double previousSx = sx;
            double previousSy = sy;
            n += 1.0;
            sx += x;
            sy += y;
            if (previousN > 0.0) {
                double tmpX = x * n - sx;
                double tmpY = y * n - sy;
                double scale = 1.0 / (n * previousN);
                sxx += tmpX * tmpX * scale;
                syy += tmpY * tmpY * scale;
                sxy += tmpX * tmpY * scale;
                if (inf(sx) || inf(sxx) || inf(sy) || inf(syy) || inf(sxy)) {
                    if ((inf(sx) || inf(sxx)) && !inf(previousSx) && !inf(x)
                            || (inf(sy) || inf(syy)) && !inf(previousSy) && !inf(y)
                            || inf(sxy) && !inf(previousSx) && !inf(x) && !inf(previousSy) && !inf(y)) {
                        throw Messages.floatOverflow();
                    }
                    if (inf(sxx)) {
                        sxx = Double.NaN;
                    }
                    if (inf(syy)) {
                        syy = Double.NaN;
                    }
                    if (inf(sxy)) {
                        sxy = Double.NaN;
                    }
                }
            } else {
                if (Double.isNaN(x) || inf(x)) {
                    sxx = Double.NaN;
                    sxy = Double.NaN;
                }
                if (Double.isNaN(y) || inf(y)) {
                    syy = Double.NaN;
                    sxy = Double.NaN;
                }
            }
        }

        private static boolean inf(double v) {
            return Double.isInfinite(v);
        }

        @Override
        public Object result() {
            if (name.equals("regr_count")) {
                return (long) n;
            }
            if (n < 1.0) {
                return null;
            }
            return switch (name) {
                case "regr_sxx" -> sxx;
                case "regr_syy" -> syy;
                case "regr_sxy" -> sxy;
                case "regr_avgx" -> sx / n;
                case "regr_avgy" -> sy / n;
                case "covar_pop" -> sxy / n;
                case "covar_samp" -> n < 2.0 ? null : sxy / (n - 1.0);
                case "corr" -> sxx == 0 || syy == 0 ? null : sxy / Math.sqrt(sxx * syy);
                case "regr_r2" -> sxx == 0 ? null : syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
                case "regr_slope" -> sxx == 0 ? null : sxy / sxx;
                default -> sxx == 0 ? null : (sy - sx * sxy / sxx) / n; // regr_intercept
            };
        }
    }

    private static final class IntervalSum implements Aggregate.Accumulator {
        private final boolean average;
        private osgres.storage.Interval sum = osgres.storage.Interval.ZERO;
        private long n;

        IntervalSum(boolean average) {
            this.average = average;
        }

        @Override
        public void add(Object[] args) {
            sum = Intervals.plus(sum, (osgres.storage.Interval) args[0]);
            n++;
        }

        @Override
        public Object result() {
            if (n == 0) {
                return null;
            }
            return average ? Intervals.divide(sum, n) : sum;
        }
    }

    private static final class BitAgg implements Aggregate.Accumulator {
        private final char op;
        private final PgType type;
        private Long value;

        BitAgg(String name, PgType type) {
            this.op = name.charAt(4);
            this.type = type;
        }

        @Override
        public void add(Object[] args) {
            long v = ((Number) args[0]).longValue();
            value = value == null ? v : switch (op) {
                case 'a' -> value & v;
                case 'o' -> value | v;
                default -> value ^ v;
            };
        }

        @Override
        public Object result() {
            if (value == null) {
                return null;
            }
            return switch (type) {
                case INT2 -> (short) (long) value;
                case INT4 -> (int) (long) value;
                default -> value;
            };
        }
    }

    /** string_agg(bytea, bytea): not strict, a null value is skipped, a null delimiter adds nothing. */
    private static final class ByteaAgg implements Aggregate.Accumulator {
        private ByteArrayOutputStream out;

        @Override
        public void add(Object[] args) {
            if (args[0] == null) {
                return;
            }
            if (out == null) {
                out = new ByteArrayOutputStream();
            } else if (args[1] != null) {
                out.writeBytes((byte[]) args[1]);
            }
            out.writeBytes((byte[]) args[0]);
        }

        @Override
        public Object result() {
            return out == null ? null : out.toByteArray();
        }
    }
}
