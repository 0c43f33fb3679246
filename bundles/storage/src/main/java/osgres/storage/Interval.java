/*
 * An interval value as PostgreSQL stores it (utils/timestamp.h's Interval): months, days and microseconds kept
 * apart, because a month has no fixed number of days and a day (across a DST change) no fixed number of hours.
 * The engine stores it as PostgreSQL does (16 bytes: int64 microseconds, int32 days, int32 months) and the SQL
 * layer computes with it. Equality, ordering and hashing use interval_cmp_value's linear span (a month is 30 days,
 * a day 24 hours, as a 128-bit count of microseconds), so '1 mon' = '30 days' = '720 hours', as in PostgreSQL's
 * btree and hash opclasses. The text form is IntervalStyle postgres (datetime.c EncodeInterval). Arithmetic and
 * input live in the SQL layer (osgres.sql's Intervals and IntervalInput), with PostgreSQL's errors.
 */
package osgres.storage;

public record Interval(int months, int days, long micros) implements Comparable<Interval> {
    public static final long USECS_PER_SEC = 1_000_000L;
    public static final long USECS_PER_MINUTE = 60 * USECS_PER_SEC;
    public static final long USECS_PER_HOUR = 60 * USECS_PER_MINUTE;
    public static final long USECS_PER_DAY = 24 * USECS_PER_HOUR;
    public static final int DAYS_PER_MONTH = 30;
    public static final int SECS_PER_DAY = 86_400;

    public static final Interval ZERO = new Interval(0, 0, 0);

    public static Interval ofMicros(long micros) {
        return new Interval(0, 0, micros);
    }

    // ---- comparison: interval_cmp_value ----------------------------------------------------------------------

    /** High 64 bits of the 128-bit span in microseconds. */
    private long spanHigh() {
        long dayCount = months * (long) DAYS_PER_MONTH + days;
        long hi = Math.multiplyHigh(dayCount, USECS_PER_DAY);
        long lo = dayCount * USECS_PER_DAY;
        long sumLo = lo + micros;
        long carry = Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0;
        return hi + (micros >> 63) + carry;
    }

    private long spanLow() {
        return (months * (long) DAYS_PER_MONTH + days) * USECS_PER_DAY + micros;
    }

    @Override
    public int compareTo(Interval o) {
        int c = Long.compare(spanHigh(), o.spanHigh());
        return c != 0 ? c : Long.compareUnsigned(spanLow(), o.spanLow());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Interval other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(spanHigh()) * 31 + Long.hashCode(spanLow());
    }

    // ---- text output: EncodeInterval, IntervalStyle postgres --------------------------------------------------

    /** {@code 1 year 2 mons 3 days 04:05:06.5}, {@code -1 years -2 mons +3 days}, {@code 00:00:00}. */
    public String toPostgresText() {
        StringBuilder out = new StringBuilder();
        boolean[] state = {true, false}; // is_zero, is_before
        appendPart(out, months / 12, "year", state);
        appendPart(out, months % 12, "mon", state);
        appendPart(out, days, "day", state);
        long hour = micros / USECS_PER_HOUR;
        long rest = micros - hour * USECS_PER_HOUR;
        long minute = rest / USECS_PER_MINUTE;
        rest -= minute * USECS_PER_MINUTE;
        long second = rest / USECS_PER_SEC;
        long fraction = rest - second * USECS_PER_SEC;
        if (state[0] || micros != 0) {
            boolean minus = hour < 0 || minute < 0 || second < 0 || fraction < 0;
            if (!state[0]) {
                out.append(' ');
            }
            out.append(minus ? "-" : state[1] ? "+" : "");
            appendTwoDigits(out, Math.abs(hour)).append(':');
            appendTwoDigits(out, Math.abs(minute)).append(':');
            appendTwoDigits(out, Math.abs(second));
            appendFraction(out, Math.abs(fraction));
        }
        return out.toString();
    }

    private static void appendPart(StringBuilder out, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            out.append(' ');
        }
        if (state[1] && value > 0) {
            out.append('+');
        }
        out.append(value).append(' ').append(unit);
        if (value != 1) {
            out.append('s');
        }
        state[1] = value < 0;
        state[0] = false;
    }

    public static StringBuilder appendTwoDigits(StringBuilder out, long value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /** {@code .5}, {@code .000001}: a fraction of a second in microseconds, trailing zeros dropped, none if 0. */
    public static void appendFraction(StringBuilder out, long fractionMicros) {
        if (fractionMicros == 0) {
            return;
        }
        String digits = Long.toString(1_000_000 + fractionMicros).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.').append(digits, 0, end);
    }

    @Override
    public String toString() {
        return toPostgresText();
    }
}
