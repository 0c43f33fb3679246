/*
 * The mathematical functions of pg_proc, as PostgreSQL 15's float.c, int.c, int8.c and numeric.c implement them:
 * float8 power/sqrt/cbrt/exp/ln/log/log10 with dpow's and friends' NaN, infinity, overflow and underflow rules;
 * the trigonometric functions in radians and in degrees (sind & co. exact at the multiples of 30 and 45 degrees,
 * as float.c arranges) and the hyperbolic ones; their numeric counterparts (NumericMath); gcd and lcm on
 * integers and numeric; div, factorial, width_bucket, scale, min_scale, trim_scale; random and setseed (PgRandom);
 * and the functions named after numeric types (float8(bigint), int4(numeric), ...), which pg_proc holds as the
 * casts' implementations. All are strict. Registered into Functions' catalog.
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericMath;
import osgres.sql.internal.utils.NumericSpecials;
import osgres.sql.internal.utils.PgType;
import osgres.storage.NumericSpecial;

final class MathFunctions {
    private static final PgType INT2 = PgType.INT2;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType INT8 = PgType.INT8;
    private static final PgType FLOAT4 = PgType.FLOAT4;
    private static final PgType FLOAT8 = PgType.FLOAT8;
    private static final PgType NUMERIC = PgType.NUMERIC;
    private static final double RADIANS_PER_DEGREE = 0.0174532925199432957692;

    /** float.c's degree constants (init_degree_constants), computed once the way PostgreSQL computes them. */
    private static final double SIN_30 = LibmFunctions.sin(30.0 * RADIANS_PER_DEGREE);
    private static final double ONE_MINUS_COS_60 = 1.0 - LibmFunctions.cos(60.0 * RADIANS_PER_DEGREE);
    private static final double ASIN_0_5 = LibmFunctions.asin(0.5);
    private static final double ACOS_0_5 = LibmFunctions.acos(0.5);
    private static final double ATAN_1_0 = LibmFunctions.atan(1.0);
    private static final double TAN_45 = sindQ1(45.0) / cosdQ1(45.0);
    private static final double COT_45 = cosdQ1(45.0) / sindQ1(45.0);

    @FunctionalInterface
    private interface FloatFunction {
        double apply(double x);
    }

    private MathFunctions() {
    }

    static void define(Functions.Registrar r) {
        float8("sqrt", MathFunctions::sqrt, r);
        float8("cbrt", MathFunctions::cbrt, r);
        float8("exp", MathFunctions::exp, r);
        float8("ln", x -> log(x, Math.log(checkLog(x))), r);
        float8("log", x -> log(x, LibmFunctions.log10(checkLog(x))), r);
        float8("log10", x -> log(x, LibmFunctions.log10(checkLog(x))), r);
        float8("sin", x -> trig(x, LibmFunctions.sin(x)), r);
        float8("cos", x -> trig(x, LibmFunctions.cos(x)), r);
        float8("tan", x -> Double.isNaN(x) ? x : trigNoOverflowCheck(x, LibmFunctions.tan(x)), r);
        float8("cot", x -> Double.isNaN(x) ? x : 1.0 / trigNoOverflowCheck(x, LibmFunctions.tan(x)), r);
        float8("asin", x -> inverse(x, LibmFunctions::asin), r);
        float8("acos", x -> inverse(x, LibmFunctions::acos), r);
        float8("atan", x -> Double.isNaN(x) ? x : LibmFunctions.atan(x), r);
        float8("sind", MathFunctions::sind, r);
        float8("cosd", MathFunctions::cosd, r);
        float8("tand", MathFunctions::tand, r);
        float8("cotd", MathFunctions::cotd, r);
        float8("asind", x -> Double.isNaN(x) ? x : x >= 0 ? asindQ1(checkUnit(x)) : -asindQ1(-checkUnit(x)), r);
        float8("acosd", x -> Double.isNaN(x) ? x : x >= 0 ? acosdQ1(checkUnit(x)) : 90.0 + asindQ1(-checkUnit(x)),
                r);
        float8("atand", x -> Double.isNaN(x) ? x : (LibmFunctions.atan(x) / ATAN_1_0) * 45.0, r);
        float8("sinh", LibmFunctions::sinh, r);
        float8("cosh", LibmFunctions::cosh, r);
        float8("tanh", LibmFunctions::tanh, r);
        float8("asinh", LibmFunctions::asinh, r);
        float8("acosh", x -> {
            if (x < 1.0) {
                throw Messages.inputOutOfRange();
            }
            return LibmFunctions.acosh(x);
        }, r);
        float8("atanh", x -> {
            if (x < -1.0 || x > 1.0) {
                throw Messages.inputOutOfRange();
            }
            return x == -1.0 ? Double.NEGATIVE_INFINITY : x == 1.0 ? Double.POSITIVE_INFINITY : LibmFunctions.atanh(x);
        }, r);
        float8("degrees", x -> checkOverflow(x / RADIANS_PER_DEGREE, x), r);
        float8("radians", x -> checkOverflow(x * RADIANS_PER_DEGREE, x), r);
        float8x2("atan2", (y, x) -> Double.isNaN(y) || Double.isNaN(x) ? Double.NaN : LibmFunctions.atan2(y, x), r);
        float8x2("atan2d", (y, x) -> Double.isNaN(y) || Double.isNaN(x) ? Double.NaN
                : (LibmFunctions.atan2(y, x) / ATAN_1_0) * 45.0, r);
        float8x2("power", MathFunctions::power, r);
        float8x2("pow", MathFunctions::power, r);
        r.define("float8send", List.of(FLOAT8), PgType.BYTEA, true, false, false, (c, a) -> java.nio.ByteBuffer
                .allocate(8).putLong(Double.doubleToRawLongBits((Double) a[0])).array());
        r.define("float4send", List.of(FLOAT4), PgType.BYTEA, true, false, false, (c, a) -> java.nio.ByteBuffer
                .allocate(4).putInt(Float.floatToRawIntBits((Float) a[0])).array());
        // bool_and/bool_or's transition functions, callable as plain functions
        r.define("booland_statefunc", List.of(PgType.BOOL, PgType.BOOL), PgType.BOOL, true, false, false,
                (c, a) -> (Boolean) a[0] && (Boolean) a[1]);
        r.define("boolor_statefunc", List.of(PgType.BOOL, PgType.BOOL), PgType.BOOL, true, false, false,
                (c, a) -> (Boolean) a[0] || (Boolean) a[1]);
        r.define("pi", List.of(), FLOAT8, true, false, false, (c, a) -> Math.PI);

        numeric("sqrt", NumericMath::sqrt, r);
        numeric("exp", NumericMath::exp, r);
        numeric("ln", NumericMath::ln, r);
        numeric("log", x -> NumericMath.log(BigDecimal.TEN, x), r);
        numeric("log10", x -> NumericMath.log(BigDecimal.TEN, x), r);
        numeric("trim_scale", NumericMath::trimScale, r);
        // NaN and the infinities have no scale: NULL
        r.define("scale", List.of(NUMERIC), INT4, true, false, false,
                (c, a) -> a[0] instanceof BigDecimal x ? NumericMath.dscale(x) : null);
        r.define("min_scale", List.of(NUMERIC), INT4, true, false, false,
                (c, a) -> a[0] instanceof BigDecimal x ? NumericMath.minScale(x) : null);
        numeric2("log", NumericMath::log, r);
        numeric2("power", NumericMath::power, r);
        numeric2("pow", NumericMath::power, r);
        numeric2("div", NumericMath::div, r);
        numeric2("gcd", NumericMath::gcd, r);
        numeric2("lcm", NumericMath::lcm, r);
        r.define("factorial", List.of(INT8), NUMERIC, true, false, false,
                (c, a) -> NumericMath.factorial((Long) a[0]));
        r.define("width_bucket", List.of(NUMERIC, NUMERIC, NUMERIC, INT4), INT4, true, false, false,
                (c, a) -> a[0] instanceof BigDecimal x && a[1] instanceof BigDecimal lo
                        && a[2] instanceof BigDecimal hi ? NumericMath.widthBucket(x, lo, hi, (Integer) a[3])
                        : NumericSpecials.widthBucket(a[0], a[1], a[2], (Integer) a[3]));
        r.define("width_bucket", List.of(FLOAT8, FLOAT8, FLOAT8, INT4), INT4, true, false, false,
                (c, a) -> widthBucket((Double) a[0], (Double) a[1], (Double) a[2], (Integer) a[3]));

        r.define("gcd", List.of(INT4, INT4), INT4, true, false, false,
                (c, a) -> (int) integerResult(gcd((Integer) a[0], (Integer) a[1]), INT4));
        r.define("gcd", List.of(INT8, INT8), INT8, true, false, false,
                (c, a) -> integerResult(gcd((Long) a[0], (Long) a[1]), INT8));
        r.define("lcm", List.of(INT4, INT4), INT4, true, false, false,
                (c, a) -> (int) integerResult(lcm((Integer) a[0], (Integer) a[1]), INT4));
        r.define("lcm", List.of(INT8, INT8), INT8, true, false, false,
                (c, a) -> integerResult(lcm((Long) a[0], (Long) a[1]), INT8));

        r.define("random", List.of(), FLOAT8, true, false, false,
                (c, a) -> PgRandom.of(c.session()).nextDouble());
        r.define("setseed", List.of(FLOAT8), PgType.VOID, true, false, false, (c, a) -> {
            PgRandom.setseed(c.session(), (Double) a[0]);
            return "";
        });

        // pg_proc's functions named after a numeric type: the explicit cast, called as a function
        List<PgType> numbers = List.of(INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC);
        for (PgType to : numbers) {
            for (PgType from : numbers) {
                if (from != to) {
                    Casts.Conversion cast = Casts.find(from, to, -1, Casts.Context.EXPLICIT);
                    r.define(to.name().toLowerCase(java.util.Locale.ROOT), List.of(from), to, true, false, false,
                            (c, a) -> cast.convert(a[0], c));
                }
            }
        }
    }

    private static void float8(String name, FloatFunction f, Functions.Registrar r) {
        r.define(name, List.of(FLOAT8), FLOAT8, true, false, false, (c, a) -> f.apply((Double) a[0]));
    }

    private static void float8x2(String name, java.util.function.DoubleBinaryOperator f, Functions.Registrar r) {
        r.define(name, List.of(FLOAT8, FLOAT8), FLOAT8, true, false, false,
                (c, a) -> f.applyAsDouble((Double) a[0], (Double) a[1]));
    }

    /** A numeric function; NaN and the infinities take numeric.c's special branches (NumericSpecials). */
    private static void numeric(String name, java.util.function.UnaryOperator<BigDecimal> f, Functions.Registrar r) {
        r.define(name, List.of(NUMERIC), NUMERIC, true, false, false, (c, a) -> a[0] instanceof BigDecimal x
                ? f.apply(x) : NumericSpecials.function(name, (NumericSpecial) a[0]));
    }

    private static void numeric2(String name, java.util.function.BinaryOperator<BigDecimal> f,
                                 Functions.Registrar r) {
        r.define(name, List.of(NUMERIC, NUMERIC), NUMERIC, true, false, false,
                (c, a) -> a[0] instanceof BigDecimal x && a[1] instanceof BigDecimal y ? f.apply(x, y)
                        : NumericSpecials.function(name, a[0], a[1]));
    }

    // ---- float8 ---------------------------------------------------------------------------------------------

    /** float.c's result checks: infinity from a finite input overflows, zero from a non-zero input underflows. */
    private static double checkOverflow(double result, double input) {
        if (Double.isInfinite(result) && !Double.isInfinite(input)) {
            throw Messages.floatOverflow();
        }
        return result;
    }

    static double sqrt(double x) {
        if (x < 0) {
            throw Messages.sqrtOfNegative();
        }
        return Math.sqrt(x);
    }

    static double cbrt(double x) {
        return LibmFunctions.cbrt(x);
    }

    static double exp(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? x : 0;
        }
        double result = Math.exp(x);
        if (Double.isInfinite(result)) {
            throw Messages.floatOverflow();
        }
        if (result == 0.0) {
            throw Messages.floatUnderflow();
        }
        return result;
    }

    private static double checkLog(double x) {
        if (x == 0.0) {
            throw Messages.logOfZero();
        }
        if (x < 0) {
            throw Messages.logOfNegative();
        }
        return x;
    }

    private static double log(double x, double result) {
        if (result == 0.0 && x != 1.0) {
            throw Messages.floatUnderflow();
        }
        return result;
    }

    /** dpow: C99 pow's answers for NaN and infinities, then PostgreSQL's errors. */
    static double power(double x, double y) {
        if (Double.isNaN(x)) {
            return Double.isNaN(y) || y != 0.0 ? Double.NaN : 1.0;
        }
        if (Double.isNaN(y)) {
            return x != 1.0 ? Double.NaN : 1.0;
        }
        if (x == 0 && y < 0) {
            throw Messages.zeroToNegativePower();
        }
        if (x < 0 && Math.floor(y) != y) {
            throw Messages.complexPower();
        }
        if (Double.isInfinite(y)) {
            double absx = Math.abs(x);
            if (absx == 1.0) {
                return 1.0;
            }
            if (y > 0) {
                return absx > 1.0 ? y : 0.0;
            }
            return absx > 1.0 ? 0.0 : -y;
        }
        if (Double.isInfinite(x)) {
            if (y == 0.0) {
                return 1.0;
            }
            if (x > 0) {
                return y > 0 ? x : 0.0;
            }
            double halfy = y / 2;
            boolean oddInteger = Math.floor(halfy) != halfy;
            if (y > 0) {
                return oddInteger ? x : -x;
            }
            return oddInteger ? -0.0 : 0.0;
        }
        double result = Math.pow(x, y);
        if (Double.isInfinite(result)) {
            throw Messages.floatOverflow();
        }
        if (result == 0.0 && x != 0.0) {
            throw Messages.floatUnderflow();
        }
        return result;
    }

    private static double trig(double x, double result) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            throw Messages.inputOutOfRange();
        }
        return result;
    }

    private static double trigNoOverflowCheck(double x, double result) {
        if (Double.isInfinite(x)) {
            throw Messages.inputOutOfRange();
        }
        return result;
    }

    private static double inverse(double x, FloatFunction f) {
        if (Double.isNaN(x)) {
            return x;
        }
        return f.apply(checkUnit(x));
    }

    private static double checkUnit(double x) {
        if (x < -1.0 || x > 1.0) {
            throw Messages.inputOutOfRange();
        }
        return x;
    }

    // float.c's degree-based functions: reduce to the first quadrant, where sind/cosd are exact at 30/45/60/90

    private static double sindZeroTo30(double x) {
        return (LibmFunctions.sin(x * RADIANS_PER_DEGREE) / SIN_30) / 2.0;
    }

    private static double cosdZeroTo60(double x) {
        double oneMinusCos = 1.0 - LibmFunctions.cos(x * RADIANS_PER_DEGREE);
        return 1.0 - (oneMinusCos / ONE_MINUS_COS_60) / 2.0;
    }

    private static double sindQ1(double x) {
        return x <= 30.0 ? sindZeroTo30(x) : cosdZeroTo60(90.0 - x);
    }

    private static double cosdQ1(double x) {
        return x <= 60.0 ? cosdZeroTo60(x) : sindZeroTo30(90.0 - x);
    }

    private static double asindQ1(double x) {
        return x <= 0.5 ? (LibmFunctions.asin(x) / ASIN_0_5) * 30.0 : 90.0 - (LibmFunctions.acos(x) / ACOS_0_5) * 60.0;
    }

    private static double acosdQ1(double x) {
        return x <= 0.5 ? 90.0 - (LibmFunctions.asin(x) / ASIN_0_5) * 30.0 : (LibmFunctions.acos(x) / ACOS_0_5) * 60.0;
    }

    private static double degreeArgument(double x) {
        if (Double.isInfinite(x)) {
            throw Messages.inputOutOfRange();
        }
        return x % 360.0;
    }

    private static double sind(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = degreeArgument(x);
        int sign = 1;
        if (a < 0.0) {
            a = -a;
            sign = -sign;
        }
        if (a > 180.0) {
            a = 360.0 - a;
            sign = -sign;
        }
        if (a > 90.0) {
            a = 180.0 - a;
        }
        return sign * sindQ1(a);
    }

    private static double cosd(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(degreeArgument(x));
        int sign = 1;
        if (a > 180.0) {
            a = 360.0 - a;
        }
        if (a > 90.0) {
            a = 180.0 - a;
            sign = -sign;
        }
        return sign * cosdQ1(a);
    }

    private static double tand(double x) {
        return tanOrCot(x, true);
    }

    private static double cotd(double x) {
        return tanOrCot(x, false);
    }

    private static double tanOrCot(double x, boolean tan) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = degreeArgument(x);
        int sign = 1;
        if (a < 0.0) {
            a = -a;
            sign = -sign;
        }
        if (a > 180.0) {
            a = 360.0 - a;
            sign = -sign;
        }
        if (a > 90.0) {
            a = 180.0 - a;
            sign = -sign;
        }
        double result = tan ? sign * ((sindQ1(a) / cosdQ1(a)) / TAN_45) : sign * ((cosdQ1(a) / sindQ1(a)) / COT_45);
        return result == 0.0 ? 0.0 : result; // no negative zero
    }

    private static int widthBucket(double operand, double bound1, double bound2, int count) {
        if (count <= 0) {
            throw Messages.widthBucket("count must be greater than zero");
        }
        if (Double.isNaN(operand) || Double.isNaN(bound1) || Double.isNaN(bound2)) {
            throw Messages.widthBucket("operand, lower bound, and upper bound cannot be NaN");
        }
        if (Double.isInfinite(bound1) || Double.isInfinite(bound2)) {
            throw Messages.widthBucket("lower and upper bounds must be finite");
        }
        if (bound1 < bound2) {
            if (operand < bound1) {
                return 0;
            }
            if (operand >= bound2) {
                return Math.toIntExact(integerResult(BigInteger.valueOf(count).add(BigInteger.ONE), INT4));
            }
            return (int) (((double) count * (operand - bound1) / (bound2 - bound1)) + 1);
        }
        if (bound1 > bound2) {
            if (operand > bound1) {
                return 0;
            }
            if (operand <= bound2) {
                return Math.toIntExact(integerResult(BigInteger.valueOf(count).add(BigInteger.ONE), INT4));
            }
            return (int) (((double) count * (bound1 - operand) / (bound1 - bound2)) + 1);
        }
        throw Messages.widthBucket("lower bound cannot equal upper bound");
    }

    // ---- integers -------------------------------------------------------------------------------------------

    private static BigInteger gcd(long a, long b) {
        return BigInteger.valueOf(a).gcd(BigInteger.valueOf(b));
    }

    private static BigInteger lcm(long a, long b) {
        if (a == 0 || b == 0) {
            return BigInteger.ZERO;
        }
        BigInteger x = BigInteger.valueOf(a);
        BigInteger y = BigInteger.valueOf(b);
        return x.divide(x.gcd(y)).multiply(y).abs();
    }

    /** The value as int4/int8, or "integer out of range" / "bigint out of range" (22003). */
    private static long integerResult(BigInteger value, PgType type) {
        long max = type == INT4 ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long min = type == INT4 ? Integer.MIN_VALUE : Long.MIN_VALUE;
        if (value.compareTo(BigInteger.valueOf(max)) > 0 || value.compareTo(BigInteger.valueOf(min)) < 0) {
            throw Messages.outOfRange(type.sqlName());
        }
        return value.longValue();
    }
}
