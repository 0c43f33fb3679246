/*
 * What SQL does with numeric's special values NaN, Infinity and -Infinity (PostgreSQL 14+, numeric.c's
 * NUMERIC_SPECIAL forms). A finite numeric is a java.math.BigDecimal, which can hold none of them; a special one is
 * a constant of storage's NumericSpecial, so the finite path keeps its plain BigDecimal (no wrapper, no extra test
 * beyond the one type check of the operators that must look). What must stay true, as in numeric.c: arithmetic
 * follows numeric_add/sub/mul/div/mod's tables
 * (NaN in gives NaN, Inf - Inf and Inf * 0 give NaN, a finite value over Infinity is 0, any division by zero is an
 * error). Not here: the transcendental functions' special cases (NumericMath refuses specials).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.NumericSpecial;

public final class NumericSpecials {
    private NumericSpecials() {
    }

    /** numeric_in's special spellings (case-insensitive, surrounding blanks allowed); null when not one. */
    public static NumericSpecial parse(String stripped) {
        return switch (stripped.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> NumericSpecial.NAN;
            case "infinity", "+infinity", "inf", "+inf" -> NumericSpecial.INFINITY;
            case "-infinity", "-inf" -> NumericSpecial.NEGATIVE_INFINITY;
            default -> null;
        };
    }

    /** The special numeric for a float's NaN or infinity (float8_numeric). */
    public static NumericSpecial ofDouble(double d) {
        return Double.isNaN(d) ? NumericSpecial.NAN
                : d > 0 ? NumericSpecial.INFINITY : NumericSpecial.NEGATIVE_INFINITY;
    }

    /** numeric_sign_internal: -1, 0 or 1 (NaN has none; callers test it first). */
    private static int sign(Object v) {
        return v instanceof BigDecimal d ? d.signum() : v == NumericSpecial.INFINITY ? 1 : -1;
    }

    private static NumericSpecial infinity(int sign) {
        return sign > 0 ? NumericSpecial.INFINITY : NumericSpecial.NEGATIVE_INFINITY;
    }

    /** {@code a op b} when at least one of them is special (numeric_add/sub/mul/div/mod_opt_error). */
    public static Object arithmetic(char op, Object a, Object b) {
        if (a == NumericSpecial.NAN || b == NumericSpecial.NAN) {
            return NumericSpecial.NAN;
        }
        return switch (op) {
            case '+' -> a instanceof NumericSpecial x && b instanceof NumericSpecial y && x != y
                    ? NumericSpecial.NAN : a instanceof NumericSpecial ? a : b;
            case '-' -> {
                if (a instanceof NumericSpecial x) {
                    yield b == x ? NumericSpecial.NAN : x;
                }
                yield b == NumericSpecial.INFINITY ? NumericSpecial.NEGATIVE_INFINITY : NumericSpecial.INFINITY;
            }
            case '*' -> {
                int s = sign(a) * sign(b);
                yield s == 0 ? NumericSpecial.NAN : infinity(s);
            }
            case '/' -> {
                if (a instanceof NumericSpecial) {
                    if (b instanceof NumericSpecial) {
                        yield NumericSpecial.NAN;
                    }
                    if (sign(b) == 0) {
                        throw Messages.divisionByZero();
                    }
                    yield infinity(sign(a) * sign(b));
                }
                yield BigDecimal.ZERO; // finite / Infinity
            }
            default -> {
                if (a instanceof NumericSpecial) {
                    if (b instanceof BigDecimal d && d.signum() == 0) {
                        throw Messages.divisionByZero();
                    }
                    yield NumericSpecial.NAN;
                }
                yield a; // finite % Infinity is the dividend, as fmod()
            }
        };
    }

    public static Object negate(NumericSpecial v) {
        return v == NumericSpecial.NAN ? NumericSpecial.NAN : v == NumericSpecial.INFINITY ? NumericSpecial.NEGATIVE_INFINITY : NumericSpecial.INFINITY;
    }

    public static Object abs(NumericSpecial v) {
        return v == NumericSpecial.NAN ? NumericSpecial.NAN : NumericSpecial.INFINITY;
    }

    /** numeric_int2/4/8: a special value has no integer (0A000). */
    public static PgException noInteger(NumericSpecial v, String type) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot convert " + (v == NumericSpecial.NAN ? "NaN" : "infinity")
                + " to " + type);
    }

    /** apply_typmod_special: NaN fits any numeric(p, s); an infinity none. */
    public static Object checkTypmod(NumericSpecial v, int precision, int scale) {
        if (v == NumericSpecial.NAN) {
            return v;
        }
        throw PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow")
                .withDetail("A field with precision " + precision + ", scale " + scale
                        + " cannot hold an infinite value.");
    }
    /**
     * The numeric functions of one argument at a special value (numeric.c's NUMERIC_IS_SPECIAL branches): sqrt,
     * exp, ln, log, log10 and trim_scale.
     */
    public static Object function(String name, NumericSpecial v) {
        if (v == NumericSpecial.NAN || name.equals("trim_scale")) {
            return v;
        }
        boolean negative = v == NumericSpecial.NEGATIVE_INFINITY;
        return switch (name) {
            case "sqrt" -> {
                if (negative) {
                    throw Messages.sqrtOfNegative();
                }
                yield v;
            }
            case "exp" -> negative ? BigDecimal.ZERO : v;
            case "ln", "log", "log10" -> {
                if (negative) {
                    throw Messages.logOfNegative();
                }
                yield v;
            }
            default -> NumericSpecial.NAN;
        };
    }

    /** The numeric functions of two arguments when one is special: log(b, x), power, div, gcd and lcm. */
    public static Object function(String name, Object a, Object b) {
        return switch (name) {
            case "log" -> log(a, b);
            case "power", "pow" -> power(a, b);
            case "div" -> {
                if (b instanceof BigDecimal d && d.signum() == 0) {
                    throw Messages.divisionByZero();
                }
                Object q = arithmetic('/', a, b);
                yield q instanceof BigDecimal d ? d.setScale(0, java.math.RoundingMode.DOWN) : q;
            }
            default -> NumericSpecial.NAN; // gcd, lcm
        };
    }

    private static Object log(Object base, Object x) {
        if (base == NumericSpecial.NAN || x == NumericSpecial.NAN) {
            return NumericSpecial.NAN;
        }
        if (sign(base) < 0 || sign(x) < 0) {
            throw Messages.logOfNegative();
        }
        if (sign(base) == 0 || sign(x) == 0) {
            throw Messages.logOfZero();
        }
        if (base == NumericSpecial.INFINITY) {
            // log(Inf, Inf) is Inf/Inf; log(Inf, finite) is zero
            return x == NumericSpecial.INFINITY ? NumericSpecial.NAN : BigDecimal.ZERO;
        }
        return NumericSpecial.INFINITY;
    }

    /** numeric_power's special cases, which follow POSIX pow(): NaN^0 = 1^NaN = 1, 1^(+-Inf) = 1. */
    private static Object power(Object base, Object exp) {
        if (base == NumericSpecial.NAN) {
            return exp instanceof BigDecimal e && e.signum() == 0 ? BigDecimal.ONE : NumericSpecial.NAN;
        }
        if (exp == NumericSpecial.NAN) {
            return base instanceof BigDecimal x && x.compareTo(BigDecimal.ONE) == 0 ? BigDecimal.ONE
                    : NumericSpecial.NAN;
        }
        if (base instanceof BigDecimal x && x.signum() == 0 && sign(exp) < 0) {
            throw Messages.zeroToNegativePower();
        }
        if (base instanceof BigDecimal x && x.abs().compareTo(BigDecimal.ONE) == 0 && !(exp instanceof BigDecimal)) {
            return BigDecimal.ONE;
        }
        double result = Math.pow(toDouble(base), toDouble(exp));
        if (Double.isNaN(result) || Double.isInfinite(result)) {
            return ofDouble(result);
        }
        return result == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
    }

    private static double toDouble(Object v) {
        return v instanceof BigDecimal d ? d.doubleValue()
                : v == NumericSpecial.INFINITY ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** width_bucket(numeric...) with a special operand or bound. */
    public static int widthBucket(Object operand, Object bound1, Object bound2, int count) {
        if (operand == NumericSpecial.NAN || bound1 == NumericSpecial.NAN || bound2 == NumericSpecial.NAN) {
            throw Messages.widthBucket("operand, lower bound, and upper bound cannot be NaN");
        }
        if (!(bound1 instanceof BigDecimal lower) || !(bound2 instanceof BigDecimal upper)) {
            throw Messages.widthBucket("lower and upper bounds must be finite");
        }
        if (count <= 0) {
            throw Messages.widthBucket("count must be greater than zero");
        }
        if (lower.compareTo(upper) == 0) {
            throw Messages.widthBucket("lower bound cannot equal upper bound");
        }
        boolean above = operand == NumericSpecial.INFINITY;
        boolean ascending = lower.compareTo(upper) < 0;
        if (above == ascending) {
            if (count == Integer.MAX_VALUE) {
                throw PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
            }
            return count + 1;
        }
        return 0;
    }
}
