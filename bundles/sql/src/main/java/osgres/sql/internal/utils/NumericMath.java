/*
 * The numeric functions of PostgreSQL 15's numeric.c on java.math.BigDecimal: sqrt, exp, ln, log(b, x), power
 * (numeric ^ numeric), gcd, lcm, div, factorial, width_bucket, scale, min_scale and trim_scale. What must stay
 * true is PostgreSQL's result scale (the display scale a client sees): each function chooses it as numeric.c
 * does (NUMERIC_MIN_SIG_DIGITS significant digits, at least the inputs' scales, at most
 * NUMERIC_MAX_DISPLAY_SCALE), from the value's weight in numeric.c's base-10000 digits; the value is then
 * computed with guard digits and rounded half away from zero (round_var) to that scale. The transcendental
 * functions are series evaluated here (BigDecimal has none). Not here: numeric NaN and Infinity (osgres's numeric
 * is a BigDecimal, which has neither).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

public final class NumericMath {
    private static final int MIN_SIG_DIGITS = 16;
    private static final int MAX_DISPLAY_SCALE = 1000;
    private static final int MAX_RESULT_SCALE = 2000;
    /** numeric's largest value has 131072 digits before the decimal point. */
    private static final int MAX_WEIGHT_DIGITS = 131072;
    private static final int GUARD = 12;

    private NumericMath() {
    }

    /** A numeric's display scale (dscale): never negative. */
    public static int dscale(BigDecimal x) {
        return Math.max(x.scale(), 0);
    }

    private static int clampScale(int rscale) {
        return Math.min(Math.max(rscale, 0), MAX_DISPLAY_SCALE);
    }

    /** The weight of |x| in base-10000 digits (numeric.c's NumericVar.weight); 0 for zero. */
    static int weight(BigDecimal x) {
        if (x.signum() == 0) {
            return 0;
        }
        BigDecimal abs = x.abs();
        return Math.floorDiv(abs.precision() - abs.scale() - 1, 4);
    }

    /** The base-10000 digit of |x| at weight w (0..9999). */
    private static int digitAt(BigDecimal abs, int w) {
        return abs.movePointLeft(4 * w).setScale(0, RoundingMode.DOWN).remainder(BigDecimal.valueOf(10000))
                .intValue();
    }

    // ---- sqrt, exp, ln, log, power ----------------------------------------------------------------------

    public static BigDecimal sqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw Messages.sqrtOfNegative();
        }
        int sweight = (weight(x) + 1) * 4 / 2 - 1;
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - sweight, dscale(x)));
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        return sqrtAtScale(x, rscale);
    }

    /**
     * sqrt(x), x >= 0, rounded half away from zero to {@code rscale}: the floor of the exact root with one digit
     * more (BigInteger.sqrt), then rounded on that digit, which a root never leaves exactly halfway unrounded.
     */
    public static BigDecimal sqrtAtScale(BigDecimal x, int rscale) {
        BigInteger scaled = x.movePointRight(2 * (rscale + 1)).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        BigInteger root = scaled.sqrt();
        return new BigDecimal(root, rscale + 1).setScale(rscale, RoundingMode.HALF_UP);
    }

    public static BigDecimal exp(BigDecimal x) {
        double val = x.doubleValue() * 0.434294481903252;
        val = Math.min(Math.max(val, -MAX_RESULT_SCALE), MAX_RESULT_SCALE);
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - (int) val, dscale(x)));
        return expAtScale(x, rscale);
    }

    /** e^x rounded to {@code rscale}, or "value overflows numeric format". */
    private static BigDecimal expAtScale(BigDecimal x, int rscale) {
        // exp_var's limit: |x| >= 6000 overflows, or is zero when negative
        if (Math.abs(x.doubleValue()) >= MAX_RESULT_SCALE * 3) {
            if (x.signum() > 0) {
                throw Messages.numericOverflow();
            }
            return BigDecimal.ZERO.setScale(rscale);
        }
        double decimalWeight = x.doubleValue() * 0.434294481903252;
        if (decimalWeight < -rscale - 2) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int significant = Math.max(rscale + (int) Math.ceil(decimalWeight), 0) + GUARD;
        return expRelative(x, significant).setScale(rscale, RoundingMode.HALF_UP);
    }

    /** e^x with about {@code digits} correct significant digits. */
    private static BigDecimal expRelative(BigDecimal x, int digits) {
        if (x.signum() < 0) {
            BigDecimal positive = expRelative(x.negate(), digits + 2);
            return BigDecimal.ONE.divide(positive, new MathContext(digits + 2));
        }
        // halve the argument until it is below 0.01, sum the series, square back: each squaring doubles the
        // relative error, so carry one extra digit per three squarings
        int halvings = 0;
        BigDecimal y = x;
        BigDecimal limit = new BigDecimal("0.01");
        while (y.compareTo(limit) > 0) {
            y = y.divide(BigDecimal.TWO);
            halvings++;
        }
        MathContext mc = new MathContext(digits + halvings / 3 + GUARD);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(mc.getPrecision() + 2);
        for (int n = 1; term.abs().compareTo(epsilon) > 0; n++) {
            term = term.multiply(y, mc).divide(BigDecimal.valueOf(n), mc);
            sum = sum.add(term, mc);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, mc);
        }
        return sum;
    }

    public static BigDecimal ln(BigDecimal x) {
        checkLogArgument(x);
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - estimateLnDweight(x), dscale(x)));
        return lnAtScale(x, rscale + GUARD).setScale(rscale, RoundingMode.HALF_UP);
    }

    /** log(b, x) as numeric.c log_var: ln(x) / ln(b), the scale from both logarithms' estimated weights. */
    public static BigDecimal log(BigDecimal base, BigDecimal x) {
        checkLogArgument(base);
        checkLogArgument(x);
        int lnBaseDweight = estimateLnDweight(base);
        int lnNumDweight = estimateLnDweight(x);
        int resultDweight = lnNumDweight - lnBaseDweight;
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - resultDweight, Math.max(dscale(base), dscale(x))));
        int work = rscale + Math.max(resultDweight, 0) + GUARD;
        BigDecimal lnBase = lnAtScale(base, work + Math.max(-lnBaseDweight, 0) + Math.max(resultDweight, 0));
        BigDecimal lnNum = lnAtScale(x, work + Math.max(-lnNumDweight, 0));
        if (lnBase.signum() == 0) {
            throw Messages.divisionByZero();
        }
        return lnNum.divide(lnBase, rscale, RoundingMode.HALF_UP);
    }

    private static void checkLogArgument(BigDecimal x) {
        if (x.signum() == 0) {
            throw Messages.logOfZero();
        }
        if (x.signum() < 0) {
            throw Messages.logOfNegative();
        }
    }

    /** numeric.c estimate_ln_dweight: the decimal weight of ln(x), from x's first two base-10000 digits. */
    static int estimateLnDweight(BigDecimal x) {
        if (x.signum() <= 0) {
            return 0;
        }
        if (x.compareTo(new BigDecimal("0.9")) >= 0 && x.compareTo(new BigDecimal("1.1")) <= 0) {
            BigDecimal y = x.subtract(BigDecimal.ONE).abs();
            if (y.signum() == 0) {
                return 0;
            }
            int w = weight(y);
            return w * 4 + (int) Math.log10(digitAt(y, w));
        }
        int w = weight(x);
        BigDecimal abs = x.abs();
        int digits = digitAt(abs, w);
        int dweight = w * 4;
        boolean moreDigits = abs.movePointLeft(4 * w).stripTrailingZeros().scale() > 0;
        if (moreDigits) {
            digits = digits * 10000 + digitAt(abs, w - 1);
            dweight -= 4;
        }
        double lnVar = Math.log(digits) + dweight * 2.302585092994046;
        return (int) Math.log10(Math.abs(lnVar));
    }

    /** ln(x), x > 0, correct to about {@code scale} decimal places. */
    private static BigDecimal lnAtScale(BigDecimal x, int scale) {
        int k = x.precision() - x.scale() - 1; // x = m * 10^k with m in [1, 10)
        BigDecimal m = x.movePointLeft(k);
        int extra = GUARD + Integer.toString(Math.abs(k)).length();
        BigDecimal lnM = lnNear(m, scale + extra);
        if (k == 0) {
            return lnM;
        }
        BigDecimal ln10 = lnNear(BigDecimal.TEN, scale + extra);
        return lnM.add(ln10.multiply(BigDecimal.valueOf(k))).setScale(scale + GUARD, RoundingMode.HALF_EVEN);
    }

    /** ln(m) for m in [1, 10]: square roots until m is near 1, then 2 atanh((m - 1) / (m + 1)). */
    private static BigDecimal lnNear(BigDecimal m, int scale) {
        int work = scale + GUARD;
        MathContext mc = new MathContext(work + 2);
        int roots = 0;
        BigDecimal limit = new BigDecimal("1.01");
        BigDecimal y = m;
        while (y.compareTo(limit) > 0) {
            y = y.sqrt(mc);
            roots++;
        }
        BigDecimal z = y.subtract(BigDecimal.ONE).divide(y.add(BigDecimal.ONE), work, RoundingMode.HALF_EVEN);
        BigDecimal z2 = z.multiply(z).setScale(work, RoundingMode.HALF_EVEN);
        BigDecimal power = z;
        BigDecimal sum = z;
        for (int n = 3; power.signum() != 0; n += 2) {
            power = power.multiply(z2).setScale(work, RoundingMode.HALF_EVEN);
            sum = sum.add(power.divide(BigDecimal.valueOf(n), work, RoundingMode.HALF_EVEN));
        }
        return sum.multiply(BigDecimal.TWO.pow(roots + 1)).setScale(work, RoundingMode.HALF_EVEN);
    }

    /** numeric ^ numeric as numeric_power/power_var, with their special cases and errors. */
    public static BigDecimal power(BigDecimal base, BigDecimal exp) {
        if (base.signum() == 0 && exp.signum() < 0) {
            throw Messages.zeroToNegativePower();
        }
        boolean integral = exp.signum() == 0 || exp.stripTrailingZeros().scale() <= 0;
        if (integral && exp.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                && exp.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
            int rscale = clampScale(Math.max(MIN_SIG_DIGITS, dscale(base)));
            return powerInt(base, exp.intValueExact(), rscale);
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(MIN_SIG_DIGITS);
        }
        boolean negative = false;
        BigDecimal b = base;
        if (base.signum() < 0) {
            if (!integral) {
                throw Messages.complexPower();
            }
            negative = exp.toBigInteger().testBit(0);
            b = base.negate();
        }
        int lnDweight = estimateLnDweight(b);
        BigDecimal lnApprox = lnAtScale(b, Math.max(8 - lnDweight, 0));
        double val = lnApprox.multiply(exp).doubleValue();
        if (Math.abs(val) > MAX_RESULT_SCALE * 3.01) {
            if (val > 0) {
                throw Messages.numericOverflow();
            }
            return BigDecimal.ZERO.setScale(MAX_DISPLAY_SCALE);
        }
        val *= 0.434294481903252;
        int rscale = clampScale(Math.max(MIN_SIG_DIGITS - (int) val, Math.max(dscale(b), dscale(exp))));
        int sigDigits = Math.max(rscale + (int) val, 0);
        int expDigits = Math.max(exp.precision() - exp.scale(), 1);
        BigDecimal product = lnAtScale(b, sigDigits + Math.max(-lnDweight, 0) + expDigits + GUARD).multiply(exp);
        BigDecimal r = expAtScale(product, rscale);
        return negative ? r.negate() : r;
    }

    /** power_var_int: base ^ n for an int n, rounded to rscale (0 ^ 0 is 1). */
    private static BigDecimal powerInt(BigDecimal base, int n, int rscale) {
        if (n == 0) {
            return BigDecimal.ONE.setScale(rscale);
        }
        if (base.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        double decimalWeight = n * log10(base.abs());
        if (decimalWeight >= MAX_WEIGHT_DIGITS) {
            throw Messages.numericOverflow();
        }
        if (decimalWeight < -rscale - 2) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int significant = Math.max(rscale + (int) Math.ceil(Math.abs(decimalWeight)), 1) + GUARD;
        MathContext mc = new MathContext(significant + 10);
        BigDecimal magnitude = powAbs(base, Math.abs((long) n), mc);
        BigDecimal r = n > 0 ? magnitude : BigDecimal.ONE.divide(magnitude, mc);
        return checkOverflow(r.setScale(rscale, RoundingMode.HALF_UP));
    }

    /** base ^ n by repeated squaring (BigDecimal.pow refuses exponents past 999999999). */
    private static BigDecimal powAbs(BigDecimal base, long n, MathContext mc) {
        BigDecimal result = BigDecimal.ONE;
        BigDecimal square = base;
        for (long e = n; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result = result.multiply(square, mc);
            }
            if (e > 1) {
                square = square.multiply(square, mc);
            }
        }
        return result;
    }

    /** numeric's range: at most 131072 digits before the decimal point, else "value overflows numeric format". */
    public static BigDecimal checkOverflow(BigDecimal x) {
        if (x.signum() != 0 && x.precision() - x.scale() > MAX_WEIGHT_DIGITS) {
            throw Messages.numericOverflow();
        }
        return x;
    }

    /** log10 of a positive value as a double, for any BigDecimal magnitude. */
    private static double log10(BigDecimal positive) {
        int e = positive.precision() - positive.scale() - 1;
        return e + Math.log10(positive.movePointLeft(e).doubleValue());
    }

    // ---- integer-valued helpers ---------------------------------------------------------------------------

    /** gcd of two numerics (any scale): Euclid on remainders; the result's scale is the larger input scale. */
    public static BigDecimal gcd(BigDecimal a, BigDecimal b) {
        BigDecimal x = a.abs();
        BigDecimal y = b.abs();
        while (y.signum() != 0) {
            BigDecimal r = x.remainder(y);
            x = y;
            y = r;
        }
        return x.setScale(Math.max(dscale(a), dscale(b)), RoundingMode.UNNECESSARY);
    }

    public static BigDecimal lcm(BigDecimal a, BigDecimal b) {
        int scale = Math.max(dscale(a), dscale(b));
        if (a.signum() == 0 || b.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        BigDecimal g = gcd(a, b);
        return checkOverflow(a.divideToIntegralValue(g).multiply(b).abs().setScale(scale, RoundingMode.UNNECESSARY));
    }

    /** div(a, b): the integer quotient, truncated toward zero. */
    public static BigDecimal div(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw Messages.divisionByZero();
        }
        return a.divideToIntegralValue(b).setScale(0, RoundingMode.DOWN);
    }

    public static BigDecimal factorial(long n) {
        if (n < 0) {
            throw Messages.negativeFactorial();
        }
        if (n > 32177) {
            throw Messages.numericOverflow();
        }
        BigInteger r = BigInteger.ONE;
        for (long i = 2; i <= n; i++) {
            r = r.multiply(BigInteger.valueOf(i));
        }
        return new BigDecimal(r);
    }

    public static int widthBucket(BigDecimal operand, BigDecimal bound1, BigDecimal bound2, int count) {
        if (count <= 0) {
            throw Messages.widthBucket("count must be greater than zero");
        }
        int c = bound1.compareTo(bound2);
        if (c == 0) {
            throw Messages.widthBucket("lower bound cannot equal upper bound");
        }
        BigDecimal n = BigDecimal.valueOf(count);
        BigDecimal result;
        if (c < 0) {
            if (operand.compareTo(bound1) < 0) {
                return 0;
            }
            result = operand.compareTo(bound2) >= 0 ? n.add(BigDecimal.ONE)
                    : operand.subtract(bound1).multiply(n).divideToIntegralValue(bound2.subtract(bound1))
                            .add(BigDecimal.ONE);
        } else {
            if (operand.compareTo(bound1) > 0) {
                return 0;
            }
            result = operand.compareTo(bound2) <= 0 ? n.add(BigDecimal.ONE)
                    : bound1.subtract(operand).multiply(n).divideToIntegralValue(bound1.subtract(bound2))
                            .add(BigDecimal.ONE);
        }
        if (result.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw Messages.outOfRange("integer");
        }
        return result.intValue();
    }

    /** min_scale: the smallest scale that represents the value exactly. */
    public static int minScale(BigDecimal x) {
        return x.signum() == 0 ? 0 : Math.max(x.stripTrailingZeros().scale(), 0);
    }

    public static BigDecimal trimScale(BigDecimal x) {
        return x.setScale(minScale(x), RoundingMode.UNNECESSARY);
    }

    /** numeric.c select_div_scale: at least 16 significant digits, never less than either input's scale. */
    public static int divisionScale(BigDecimal a, BigDecimal b) {
        int[] wa = base10000WeightAndFirstDigit(a);
        int[] wb = base10000WeightAndFirstDigit(b);
        int qweight = wa[0] - wb[0];
        if (wa[1] <= wb[1]) {
            qweight--;
        }
        int rscale = MIN_SIG_DIGITS - qweight * 4;
        rscale = Math.max(rscale, Math.max(a.scale(), b.scale()));
        rscale = Math.max(rscale, 0);
        return Math.min(rscale, MAX_DISPLAY_SCALE);
    }

    /** Weight and first digit of a numeric in PostgreSQL's base-10000 representation (0, 0 for zero). */
    private static int[] base10000WeightAndFirstDigit(BigDecimal value) {
        BigDecimal abs = value.abs();
        if (abs.signum() == 0) {
            return new int[] {0, 0};
        }
        int exponent10 = abs.precision() - abs.scale() - 1;
        int weight = Math.floorDiv(exponent10, 4);
        int first = abs.movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValue();
        return new int[] {weight, first};
    }
}
