/*
 * pg_lsn, a position in the WAL (PostgreSQL's utils/adt/pg_lsn.c): an unsigned 64-bit XLogRecPtr, held as a Long
 * whose order is unsigned (as xid8's). Its text is two hexadecimal halves, {@code %X/%X}: pg_lsn_in takes one to
 * eight hex digits, a slash, one to eight hex digits and nothing else (no blanks, no sign), pg_lsn_out prints them
 * upper-case without padding. Its arithmetic goes through numeric, as pg_lsn_mi, pg_lsn_pli and numeric_pg_lsn do:
 * a difference is a numeric of any sign, a sum must land in 0..2^64-1.
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.math.BigInteger;

import osgres.storage.NumericSpecial;

public final class LsnValues {
    private static final int MAX_COMPONENT = 8;
    private static final BigInteger UNSIGNED_64 = BigInteger.ONE.shiftLeft(64);

    private LsnValues() {
    }

    /** pg_lsn_in: 22P02 on anything but {@code hex/hex} with 1 to 8 digits each side. */
    public static long parse(String text) {
        int slash = hexRun(text, 0);
        if (slash < 1 || slash > MAX_COMPONENT || slash >= text.length() || text.charAt(slash) != '/') {
            throw Messages.invalidInput("pg_lsn", text);
        }
        int low = hexRun(text, slash + 1);
        if (low < 1 || low > MAX_COMPONENT || slash + 1 + low != text.length()) {
            throw Messages.invalidInput("pg_lsn", text);
        }
        long high = Long.parseLong(text, 0, slash, 16);
        return high << 32 | Long.parseLong(text, slash + 1, text.length(), 16);
    }

    private static int hexRun(String text, int from) {
        int i = from;
        while (i < text.length() && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 0x80) {
            i++;
        }
        return i - from;
    }

    /** pg_lsn_out: {@code %X/%X}. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    /** The LSN as the numeric it counts (bytes from 0/0). */
    public static BigDecimal toNumeric(long lsn) {
        return new BigDecimal(new BigInteger(Long.toUnsignedString(lsn)));
    }

    /** pg_lsn_mi: {@code a - b} in bytes, a numeric of either sign. */
    public static BigDecimal difference(long a, long b) {
        return toNumeric(a).subtract(toNumeric(b));
    }

    /** pg_lsn_pli and pg_lsn_mii: {@code lsn + bytes} (or minus), through numeric_pg_lsn's range check. */
    public static long add(long lsn, Object bytes, boolean subtract) {
        if (bytes instanceof NumericSpecial s && s == NumericSpecial.NAN) {
            throw Messages.lsnNaNArithmetic(subtract);
        }
        if (!(bytes instanceof BigDecimal d)) {
            // ±Infinity: numeric_add gives ±Infinity, which numeric_pg_lsn refuses
            throw Messages.cannotConvertToLsn("infinity");
        }
        return fromNumeric(subtract ? toNumeric(lsn).subtract(d) : toNumeric(lsn).add(d));
    }

    /** numeric_pg_lsn: rounded to an integer (numericvar_to_uint64 rounds), 22003 outside 0..2^64-1. */
    public static long fromNumeric(Object value) {
        if (value instanceof NumericSpecial s) {
            throw Messages.cannotConvertToLsn(s == NumericSpecial.NAN ? "NaN" : "infinity");
        }
        BigInteger n = ((BigDecimal) value).setScale(0, java.math.RoundingMode.HALF_UP).toBigIntegerExact();
        if (n.signum() < 0 || n.compareTo(UNSIGNED_64) >= 0) {
            throw Messages.outOfRange("pg_lsn");
        }
        return n.longValue();
    }
}
