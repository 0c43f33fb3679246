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
}
