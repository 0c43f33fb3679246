/*
 * The C library's math as PostgreSQL's float.c sees it (glibc), so that results agree with PostgreSQL's to the
 * last bit: cbrt and the hyperbolic functions with glibc's fdlibm-derived algorithms (java.lang.Math's cbrt and
 * cosh are rounded differently: cbrt(27) is 3.0000000000000004 in PostgreSQL), and sin, cos and tan correctly
 * rounded, as glibc's IBM-derived implementations are, where java.lang.Math may be one unit in the last place
 * off (sin(-2.5)). Special values (NaN, infinities, signed zeros) pass through as in C.
 */
package osgres.sql.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

final class LibmFunctions {
    private static final double LN2 = 6.93147180559945286227e-01;
    private static final double CBRT2 = 1.2599210498948731648;
    private static final double SQR_CBRT2 = 1.5874010519681994748;
    private static final double[] CBRT_FACTOR = {1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2};
    /** log(DBL_MAX): beyond it exp overflows but cosh and sinh may not yet. */
    private static final double LOG_MAX = 7.09782712893383973096e+02;

    /** pi to 110 digits: enough to reduce arguments up to 1e40 to 60 correct digits. */
    private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510"
            + "58209749445923078164062862089986280348253421170679821480865132823066470938446");
    private static final BigDecimal HALF_PI = PI.divide(BigDecimal.TWO);
    private static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

    private LibmFunctions() {
    }

    static double sin(double x) {
        return trig(x, 0);
    }

    static double cos(double x) {
        return trig(x, 1);
    }

    static double tan(double x) {
        return trig(x, 2);
    }

    /**
     * sin (0), cos (1) or tan (2) of x, rounded correctly: x reduced exactly modulo pi/2 to r in [-pi/4, pi/4]
     * with quadrant q, the Taylor series of r summed to 60 digits, the result rounded once to a double.
     */
    private static double trig(double x, int which) {
        if (Double.isNaN(x) || Double.isInfinite(x) || Math.abs(x) > 1e40 || Math.abs(x) < 0x1p-26) {
            return which == 0 ? Math.sin(x) : which == 1 ? Math.cos(x) : Math.tan(x);
        }
        BigDecimal bx = new BigDecimal(x);
        BigDecimal k = bx.divide(HALF_PI, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = bx.subtract(k.multiply(HALF_PI), MC);
        int q = k.remainder(BigDecimal.valueOf(4)).intValue();
        q = (q + 4) % 4;
        BigDecimal s = sinSeries(r);
        BigDecimal c = cosSeries(r);
        BigDecimal sin = switch (q) {
            case 0 -> s;
            case 1 -> c;
            case 2 -> s.negate();
            default -> c.negate();
        };
        BigDecimal cos = switch (q) {
            case 0 -> c;
            case 1 -> s.negate();
            case 2 -> c.negate();
            default -> s;
        };
        BigDecimal result = which == 0 ? sin : which == 1 ? cos : sin.divide(cos, MC);
        return result.doubleValue();
    }

    private static BigDecimal sinSeries(BigDecimal r) {
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal term = r;
        BigDecimal sum = r;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(70);
        for (int n = 2; term.abs().compareTo(epsilon) > 0; n += 2) {
            term = term.multiply(r2, MC).divide(BigDecimal.valueOf((long) n * (n + 1)), MC).negate();
            sum = sum.add(term, MC);
        }
        return sum;
    }

    private static BigDecimal cosSeries(BigDecimal r) {
        BigDecimal r2 = r.multiply(r, MC);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(70);
        for (int n = 1; term.abs().compareTo(epsilon) > 0; n += 2) {
            term = term.multiply(r2, MC).divide(BigDecimal.valueOf((long) n * (n + 1)), MC).negate();
            sum = sum.add(term, MC);
        }
        return sum;
    }

    /** glibc's cbrt: a polynomial first guess on the frexp mantissa, one rational refinement, the exponent / 3. */
    static double cbrt(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
            return x + x;
        }
        double ax = Math.abs(x);
        int shift = Math.getExponent(ax) < Double.MIN_EXPONENT ? 54 : 0; // subnormals: normalise first
        double scaled = ax * Math.scalb(1.0, shift);
        int xe = Math.getExponent(scaled) + 1;
        double xm = scaled / Math.scalb(1.0, xe); // frexp: xm in [0.5, 1)
        xe -= shift;
        double u = 0.354895765043919860 + (1.50819193781584896 + (-2.11499494167371287 + (2.44693122563534430
                + (-1.83469277483613086 + (0.784932344976639262 - 0.145263899385486377 * xm) * xm) * xm) * xm)
                * xm) * xm;
        double t2 = u * u * u;
        double ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * CBRT_FACTOR[2 + xe % 3];
        return Math.scalb(x > 0.0 ? ym : -ym, xe / 3);
    }

    static double sinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double h = x < 0 ? -0.5 : 0.5;
        double ax = Math.abs(x);
        if (ax < 22) {
            if (ax < 0x1p-28) {
                return x;
            }
            double t = Math.expm1(ax);
            return ax < 1 ? h * (2.0 * t - t * t / (t + 1.0)) : h * (t + t / (t + 1.0));
        }
        if (ax < LOG_MAX) {
            return h * Math.exp(ax);
        }
        double w = Math.exp(0.5 * ax);
        return h * w * w;
    }

    static double cosh(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 0.5 * LN2) {
            double t = Math.expm1(ax);
            double w = 1.0 + t;
            return ax < 0x1p-55 ? w : 1.0 + (t * t) / (w + w);
        }
        if (ax < 22) {
            double t = Math.exp(ax);
            return 0.5 * t + 0.5 / t;
        }
        if (ax < LOG_MAX) {
            return 0.5 * Math.exp(ax);
        }
        double w = Math.exp(0.5 * ax);
        return 0.5 * w * w;
    }

    static double tanh(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double z;
        if (ax < 22) {
            if (ax < 0x1p-55) {
                return x * (1.0 + x);
            }
            if (ax >= 1) {
                double t = Math.expm1(2.0 * ax);
                z = 1.0 - 2.0 / (t + 2.0);
            } else {
                double t = Math.expm1(-2.0 * ax);
                z = -t / (t + 2.0);
            }
        } else {
            z = 1.0;
        }
        return x >= 0 ? z : -z;
    }

    static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 0x1p-28) {
            return x;
        }
        double w;
        if (ax > 0x1p28) {
            w = Math.log(ax) + LN2;
        } else if (ax > 2.0) {
            w = Math.log(2.0 * ax + 1.0 / (Math.sqrt(x * x + 1.0) + ax));
        } else {
            double t = x * x;
            w = Math.log1p(ax + t / (1.0 + Math.sqrt(1.0 + t)));
        }
        return Math.copySign(w, x);
    }

    /** acosh for x >= 1. */
    static double acosh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        if (x >= 0x1p28) {
            return Math.log(x) + LN2;
        }
        if (x == 1.0) {
            return 0.0;
        }
        if (x > 2.0) {
            double t = x * x;
            return Math.log(2.0 * x - 1.0 / (x + Math.sqrt(t - 1.0)));
        }
        double t = x - 1.0;
        return Math.log1p(t + Math.sqrt(2.0 * t + t * t));
    }

    /** atanh for -1 < x < 1. */
    static double atanh(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double xa = Math.abs(x);
        double t;
        if (xa < 0.5) {
            if (xa < 0x1p-28) {
                return x;
            }
            t = xa + xa;
            t = 0.5 * Math.log1p(t + t * xa / (1.0 - xa));
        } else {
            t = 0.5 * Math.log1p((xa + xa) / (1.0 - xa));
        }
        return Math.copySign(t, x);
    }
}
