/*
 * The built-in aggregates' support functions that SQL can call by name, as pg_proc.dat declares them: transition
 * functions (int4_sum, int4_avg_accum, int8inc, int4inc, float8_accum, float8_regr_accum), combine functions
 * (float8_combine, float8_regr_combine), final functions (int8_avg), and the operators' functions user aggregates
 * are commonly built on (int4pl, int4mi, int4mul, int8pl, float8pl, float8mi, float8mul, float8div, numeric_add,
 * textcat, int4larger/int4smaller and friends). The float8 states are float.c's arrays (N, Sx, Sxx) and (N, Sx, Sxx,
 * Sy, Syy, Sxy), checked as check_float8_array does; the arithmetic is StatisticalAggregates', shared with the
 * built-in variance and regression aggregates so that both agree to the last bit.
 * Not here: the support functions taking or returning "internal" (numeric_avg_accum...), which SQL cannot call.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ArrayValue;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericMath;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;

final class AggregateSupportFunctions {

    private AggregateSupportFunctions() {
    }

    static void define(Functions.Registrar r) {
        PgType int4 = PgType.INT4;
        PgType int8 = PgType.INT8;
        PgType float8 = PgType.FLOAT8;
        PgType float8s = PgType.FLOAT8.arrayType();
        PgType int8s = PgType.INT8.arrayType();
        operator(r, "int4pl", "+", int4);
        operator(r, "int4mi", "-", int4);
        operator(r, "int4mul", "*", int4);
        operator(r, "int4div", "/", int4);
        operator(r, "int8pl", "+", int8);
        operator(r, "int8mi", "-", int8);
        operator(r, "int8mul", "*", int8);
        operator(r, "float8pl", "+", float8);
        operator(r, "float8mi", "-", float8);
        operator(r, "float8mul", "*", float8);
        operator(r, "float8div", "/", float8);
        operator(r, "numeric_add", "+", PgType.NUMERIC);
        operator(r, "textcat", "||", PgType.TEXT);
        r.define("int4larger", List.of(int4, int4), int4, true, false, false,
                (ctx, a) -> Math.max((Integer) a[0], (Integer) a[1]));
        r.define("int4smaller", List.of(int4, int4), int4, true, false, false,
                (ctx, a) -> Math.min((Integer) a[0], (Integer) a[1]));
        r.define("int8larger", List.of(int8, int8), int8, true, false, false,
                (ctx, a) -> Math.max((Long) a[0], (Long) a[1]));
        r.define("int8smaller", List.of(int8, int8), int8, true, false, false,
                (ctx, a) -> Math.min((Long) a[0], (Long) a[1]));
        r.define("float8larger", List.of(float8, float8), float8, true, false, false,
                (ctx, a) -> float8Compare((Double) a[0], (Double) a[1]) >= 0 ? a[0] : a[1]);
        r.define("float8smaller", List.of(float8, float8), float8, true, false, false,
                (ctx, a) -> float8Compare((Double) a[0], (Double) a[1]) <= 0 ? a[0] : a[1]);
        r.define("int4inc", List.of(int4), int4, true, false, false, (ctx, a) -> {
            if ((Integer) a[0] == Integer.MAX_VALUE) {
                throw Messages.outOfRange("integer");
            }
            return (Integer) a[0] + 1;
        });
        r.define("int8inc", List.of(int8), int8, true, false, false, (ctx, a) -> {
            if ((Long) a[0] == Long.MAX_VALUE) {
                throw Messages.outOfRange("bigint");
            }
            return (Long) a[0] + 1;
        });
        // int4_sum is not strict: its state starts null and takes the first input
        r.define("int4_sum", List.of(int8, int4), int8, false, false, false, (ctx, a) -> {
            if (a[0] == null) {
                return a[1] == null ? null : (long) (Integer) a[1];
            }
            return a[1] == null ? a[0] : (Long) a[0] + (Integer) a[1];
        });
        r.define("int4_avg_accum", List.of(int8s, int4), int8s, true, false, false, (ctx, a) -> {
            Object[] s = countAndSum((ArrayValue) a[0]);
            return PgArrays.of(int8, new Object[] {(Long) s[0] + 1, (Long) s[1] + (Integer) a[1]});
        });
        r.define("int8_avg", List.of(int8s), PgType.NUMERIC, true, false, false, (ctx, a) -> {
            Object[] s = countAndSum((ArrayValue) a[0]);
            if ((Long) s[0] == 0) {
                return null;
            }
            BigDecimal sum = BigDecimal.valueOf((Long) s[1]);
            BigDecimal n = BigDecimal.valueOf((Long) s[0]);
            return sum.divide(n, NumericMath.divisionScale(sum, n), RoundingMode.HALF_EVEN);
        });
        r.define("float8_accum", List.of(float8s, float8), float8s, true, false, false, (ctx, a) -> {
            double[] s = float8State((ArrayValue) a[0], "float8_accum", 3);
            StatisticalAggregates.float8Accum(s, (Double) a[1]);
            return float8Array(s);
        });
        r.define("float8_regr_accum", List.of(float8s, float8, float8), float8s, true, false, false, (ctx, a) -> {
            double[] s = float8State((ArrayValue) a[0], "float8_regr_accum", 6);
            StatisticalAggregates.float8RegrAccum(s, (Double) a[1], (Double) a[2]);
            return float8Array(s);
        });
        r.define("float8_combine", List.of(float8s, float8s), float8s, true, false, false,
                (ctx, a) -> float8Array(StatisticalAggregates.float8Combine(
                        float8State((ArrayValue) a[0], "float8_combine", 3),
                        float8State((ArrayValue) a[1], "float8_combine", 3))));
        r.define("float8_regr_combine", List.of(float8s, float8s), float8s, true, false, false,
                (ctx, a) -> float8Array(StatisticalAggregates.float8Combine(
                        float8State((ArrayValue) a[0], "float8_regr_combine", 6),
                        float8State((ArrayValue) a[1], "float8_regr_combine", 6))));
    }

    /** A function of two {@code type}s behind an operator, calling the operator's own implementation. */
    private static void operator(Functions.Registrar r, String name, String op, PgType type) {
        Expr.Implementation[] resolved = new Expr.Implementation[1];
        r.define(name, List.of(type, type), type, true, false, false, (ctx, a) -> {
            if (resolved[0] == null) {
                resolved[0] = Operators.resolveBinary(op, type, type, 0).implementation();
            }
            return resolved[0].call(ctx, a);
        });
    }

    /** float8's btree order: NaN above everything, equal to itself. */
    private static int float8Compare(double a, double b) {
        return Double.compare(a, b);
    }

    /** check_float8_array: a one-dimensional float8 array of {@code n} non-null elements. */
    private static double[] float8State(ArrayValue array, String caller, int n) {
        if (array.ndim() != 1 || array.size() != n) {
            throw PgException.error(SqlState.INTERNAL_ERROR, caller + ": expected " + n + "-element float8 array");
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            Object v = array.get(i);
            if (v == null) {
                throw PgException.error(SqlState.INTERNAL_ERROR, caller + ": expected " + n
                        + "-element float8 array");
            }
            s[i] = ((Number) v).doubleValue();
        }
        return s;
    }

    private static ArrayValue float8Array(double[] s) {
        Object[] elements = new Object[s.length];
        for (int i = 0; i < s.length; i++) {
            elements[i] = s[i];
        }
        return PgArrays.of(PgType.FLOAT8, elements);
    }

    /** int4_avg_accum's state: a two-element int8 array (count, sum). */
    private static Object[] countAndSum(ArrayValue array) {
        if (array.ndim() != 1 || array.size() != 2 || array.get(0) == null || array.get(1) == null) {
            throw PgException.error(SqlState.INTERNAL_ERROR, "expected 2-element int8 array");
        }
        return new Object[] {array.get(0), array.get(1)};
    }
}
