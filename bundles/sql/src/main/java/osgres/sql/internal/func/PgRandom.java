/*
 * random() and setseed(), as PostgreSQL 15's float.c drandom/setseed on src/common/pg_prng.c: one xoroshiro128**
 * generator per session, seeded from strong random bits on first use, or by setseed(x) from
 * (2^52 - 1) * x through splitmix64, so that after the same setseed a session draws the same numbers
 * PostgreSQL draws. The per-session state lives here, keyed weakly by the session, so SessionServices needs no
 * field for it.
 */
package osgres.sql.internal.func;

import java.security.SecureRandom;
import java.util.Map;
import java.util.WeakHashMap;

import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.SessionServices;

final class PgRandom {
    private static final Map<SessionServices, PgRandom> BY_SESSION = new WeakHashMap<>();
    private static final SecureRandom STRONG = new SecureRandom();

    private long s0;
    private long s1;

    private PgRandom(long seed) {
        seed(seed);
    }

    /** The session's generator, seeded with strong random bits the first time (drandom's first call). */
    static PgRandom of(SessionServices session) {
        synchronized (BY_SESSION) {
            return BY_SESSION.computeIfAbsent(session, s -> new PgRandom(STRONG.nextLong()));
        }
    }

    /** setseed(x): x in [-1, 1], else 22023 with PostgreSQL's %g rendering of x. */
    static void setseed(SessionServices session, double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            throw Messages.setseedOutOfRange(formatG(x));
        }
        long seed = (long) ((double) ((1L << 52) - 1) * x);
        synchronized (BY_SESSION) {
            BY_SESSION.computeIfAbsent(session, s -> new PgRandom(0)).seed(seed);
        }
    }

    /** C's %g: six significant digits, trailing zeros dropped, an exponent outside [-4, 6). */
    static String formatG(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return "0";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(6));
        int exponent = d.precision() - d.scale() - 1;
        d = d.stripTrailingZeros();
        if (exponent >= -4 && exponent < 6) {
            return d.toPlainString();
        }
        String mantissa = d.movePointLeft(exponent).toPlainString();
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private void seed(long seed) {
        long[] state = {seed};
        s0 = splitmix64(state);
        s1 = splitmix64(state);
        if (s0 == 0 && s1 == 0) {
            s0 = 0x5851F42D4C957F2DL; // pg_prng_seed_check: never all zeroes
        }
    }

    /** pg_prng_double: 52 random bits as a double in [0, 1). */
    synchronized double nextDouble() {
        long v = next();
        return Math.scalb((double) (v >>> 12), -52);
    }

    private long next() {
        long x0 = s0;
        long sx = s1 ^ x0;
        long val = Long.rotateLeft(x0 * 5, 7) * 9;
        s0 = Long.rotateLeft(x0, 24) ^ sx ^ (sx << 16);
        s1 = Long.rotateLeft(sx, 37);
        return val;
    }

    private static long splitmix64(long[] state) {
        long val = state[0] += 0x9E3779B97F4A7C15L;
        val = (val ^ (val >>> 30)) * 0xBF58476D1CE4E5B9L;
        val = (val ^ (val >>> 27)) * 0x94D049BB133111EBL;
        return val ^ (val >>> 31);
    }
}
