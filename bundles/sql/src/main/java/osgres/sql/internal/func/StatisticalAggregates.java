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
        /** float8_accum's state: N, Sx, Sxx. */
        private final double[] state = new double[3];

        FloatVariance(boolean sqrt, boolean population) {
            this.sqrt = sqrt;
            this.population = population;
        }

        @Override
        public void add(Object[] args) {
            float8Accum(state, ((Number) args[0]).doubleValue());
        }

        @Override
        public Object result() {
            double n = state[0];
            if (population ? n == 0.0 : n <= 1.0) {
                return null;
            }
            double v = state[2] / (population ? n : n - 1.0);
            return sqrt ? Math.sqrt(v) : v;
        }
    }

    /** float8_accum: adds x to the state (N, Sx, Sxx) in place, by the Youngs-Cramer method. */
    static void float8Accum(double[] s, double x) {
        double previousN = s[0];
        double previousSx = s[1];
        s[0] += 1.0;
        s[1] += x;
        double n = s[0];
        if (previousN > 0.0) {
            double tmp = x * n - s[1];
            s[2] += tmp * tmp / (n * previousN);
            if (Double.isInfinite(s[1]) || Double.isInfinite(s[2])) {
                if (!Double.isInfinite(previousSx) && !Double.isInfinite(x)) {
                    throw Messages.floatOverflow();
                }
                s[2] = Double.NaN;
            }
        } else if (Double.isNaN(x) || Double.isInfinite(x)) {
            s[2] = Double.NaN;
        }
    }

    /** float8_regr_accum: adds (y, x) to the state (N, Sx, Sxx, Sy, Syy, Sxy) in place. */
    static void float8RegrAccum(double[] s, double y, double x) {
        double previousN = s[0];
        double previousSx = s[1];
        double previousSy = s[3];
        s[0] += 1.0;
        s[1] += x;
        s[3] += y;
        double n = s[0];
        if (previousN > 0.0) {
            double tmpX = x * n - s[1];
            double tmpY = y * n - s[3];
            double scale = 1.0 / (n * previousN);
            s[2] += tmpX * tmpX * scale;
            s[4] += tmpY * tmpY * scale;
            s[5] += tmpX * tmpY * scale;
            if (inf(s[1]) || inf(s[2]) || inf(s[3]) || inf(s[4]) || inf(s[5])) {
                if ((inf(s[1]) || inf(s[2])) && !inf(previousSx) && !inf(x)
                        || (inf(s[3]) || inf(s[4])) && !inf(previousSy) && !inf(y)
                        || inf(s[5]) && !inf(previousSx) && !inf(x) && !inf(previousSy) && !inf(y)) {
                    throw Messages.floatOverflow();
                }
                for (int i : new int[] {2, 4, 5}) {
                    if (inf(s[i])) {
                        s[i] = Double.NaN;
                    }
                }
            }
        } else {
            if (Double.isNaN(x) || inf(x)) {
                s[2] = Double.NaN;
                s[5] = Double.NaN;
            }
            if (Double.isNaN(y) || inf(y)) {
                s[4] = Double.NaN;
                s[5] = Double.NaN;
            }
        }
    }

    /**
     * float8_combine (three values) and float8_regr_combine (six): two partial states as one. Each pair of sums
     * (Sx, Sxx), (Sy, Syy) combines as float8_combine does; Sxy from both pairs' mean differences.
     */
    static double[] float8Combine(double[] a, double[] b) {
        double n1 = a[0];
        double n2 = b[0];
        if (n1 == 0.0) {
            return b.clone();
        }
        if (n2 == 0.0) {
            return a.clone();
        }
        double[] s = new double[a.length];
        double n = n1 + n2;
        s[0] = n;
        double tmpX = combinePair(s, a, b, 1, n1, n2, n);
        if (a.length == 6) {
            double tmpY = combinePair(s, a, b, 3, n1, n2, n);
            s[5] = a[5] + b[5] + n1 * n2 * tmpX * tmpY / n;
            if (inf(s[5]) && !inf(a[5]) && !inf(b[5])) {
                throw Messages.floatOverflow();
            }
        }
        return s;
    }

    /** The sum at {@code at} and its sum of squared differences at {@code at + 1}; returns the means' difference. */
    private static double combinePair(double[] s, double[] a, double[] b, int at, double n1, double n2, double n) {
        s[at] = a[at] + b[at];
        if (inf(s[at]) && !inf(a[at]) && !inf(b[at])) {
            throw Messages.floatOverflow(); // float8_pl
        }
        double tmp = a[at] / n1 - b[at] / n2;
        s[at + 1] = a[at + 1] + b[at + 1] + n1 * n2 * tmp * tmp / n;
        if (inf(s[at + 1]) && !inf(a[at + 1]) && !inf(b[at + 1])) {
            throw Messages.floatOverflow();
        }
        return tmp;
    }

    private static boolean inf(double v) {
        return Double.isInfinite(v);
    }

    /** float8_regr_accum's state and the final functions of the two-variable aggregates. */
    private static final class Regression implements Aggregate.Accumulator {
        private final String name;
        /** N, Sx, Sxx, Sy, Syy, Sxy. */
        private final double[] state = new double[6];

        Regression(String name) {
            this.name = name;
        }

        @Override
        public void add(Object[] args) {
            float8RegrAccum(state, ((Number) args[0]).doubleValue(), ((Number) args[1]).doubleValue());
        }

        @Override
        public Object result() {
            double n = state[0];
            double sx = state[1];
            double sxx = state[2];
            double sy = state[3];
            double syy = state[4];
            double sxy = state[5];
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
