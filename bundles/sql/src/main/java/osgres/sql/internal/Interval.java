/*
 * An interval value as PostgreSQL stores it (utils/timestamp.h's Interval): months, days and microseconds kept
 * apart, because a month has no fixed number of days and a day (across a DST change) no fixed number of hours.
 * Equality, ordering and hashing use interval_cmp_value's linear span (a month is 30 days, a day 24 hours, as a
 * 128-bit count of microseconds), so '1 mon' = '30 days' = '720 hours', as in PostgreSQL's btree and hash
 * opclasses. The arithmetic mirrors timestamp.c (interval_pl/mi/um/mul/div, interval_justify_*), with its
 * "interval out of range" errors; the text output is IntervalStyle postgres (datetime.c EncodeInterval). Input is
 * IntervalInput's. Other IntervalStyles (sql_standard, iso_8601, postgres_verbose) are not done.
 */
package osgres.sql.internal;

record Interval(int months, int days, long micros) implements Comparable<Interval> {
    static final long USECS_PER_SEC = 1_000_000L;
    static final long USECS_PER_MINUTE = 60 * USECS_PER_SEC;
    static final long USECS_PER_HOUR = 60 * USECS_PER_MINUTE;
    static final long USECS_PER_DAY = 24 * USECS_PER_HOUR;
    static final int DAYS_PER_MONTH = 30;
    static final int SECS_PER_DAY = 86_400;

    static final Interval ZERO = new Interval(0, 0, 0);

    static Interval ofMicros(long micros) {
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

    // ---- arithmetic ------------------------------------------------------------------------------------------

    Interval plus(Interval o) {
        try {
            return new Interval(Math.addExact(months, o.months), Math.addExact(days, o.days),
                    Math.addExact(micros, o.micros));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    Interval minus(Interval o) {
        try {
            return new Interval(Math.subtractExact(months, o.months), Math.subtractExact(days, o.days),
                    Math.subtractExact(micros, o.micros));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    Interval negate() {
        try {
            return new Interval(Math.negateExact(months), Math.negateExact(days), Math.negateExact(micros));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    /** interval_mul: whole months and days stay, their fractions cascade down (30-day months, 86400-s days). */
    Interval multiply(double factor) {
        return scale(months * factor, days * factor, micros * factor, factor);
    }

    /** interval_div, with division_by_zero for a zero divisor. */
    Interval divide(double divisor) {
        if (divisor == 0.0) {
            throw Messages.divisionByZero();
        }
        return scale(months / divisor, days / divisor, micros / divisor, divisor);
    }

    private static Interval scale(double monthProduct, double dayProduct, double timeProduct, double factor) {
        if (Double.isNaN(monthProduct) || !fitsInt(monthProduct) || Double.isNaN(dayProduct) || !fitsInt(dayProduct)) {
            throw outOfRange();
        }
        int resultMonths = (int) monthProduct;
        int resultDays = (int) dayProduct;
        double monthRemainderDays = tsRound((monthProduct - resultMonths) * DAYS_PER_MONTH);
        double secRemainder = tsRound((dayProduct - resultDays + monthRemainderDays - (int) monthRemainderDays)
                * SECS_PER_DAY);
        try {
            if (Math.abs(secRemainder) >= SECS_PER_DAY) {
                resultDays = Math.addExact(resultDays, (int) (secRemainder / SECS_PER_DAY));
                secRemainder -= (int) (secRemainder / SECS_PER_DAY) * (double) SECS_PER_DAY;
            }
            resultDays = Math.addExact(resultDays, (int) monthRemainderDays);
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
        double time = Math.rint(timeProduct + secRemainder * USECS_PER_SEC);
        if (Double.isNaN(time) || time < -9.223372036854775808E18 || time >= 9.223372036854775808E18) {
            throw outOfRange();
        }
        return new Interval(resultMonths, resultDays, (long) time);
    }

    private static boolean fitsInt(double d) {
        return d >= -2147483648.0 && d < 2147483648.0;
    }

    /** TSROUND: rounds to microsecond precision (6 fractional digits), as timestamp.h does. */
    private static double tsRound(double d) {
        return Math.rint(d * 1_000_000.0) / 1_000_000.0;
    }

    /** interval_justify_hours: whole days out of the time part, signs of days and time made to agree. */
    Interval justifyHours() {
        long wholeDays = micros / USECS_PER_DAY;
        long time = micros - wholeDays * USECS_PER_DAY;
        long d = days + wholeDays;
        if (d != (int) d) {
            throw outOfRange();
        }
        if (d > 0 && time < 0) {
            time += USECS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= USECS_PER_DAY;
            d++;
        }
        return new Interval(months, (int) d, time);
    }

    /** interval_justify_days: whole 30-day months out of the days, signs of months and days made to agree. */
    Interval justifyDays() {
        int wholeMonths = days / DAYS_PER_MONTH;
        int d = days - wholeMonths * DAYS_PER_MONTH;
        long m = (long) months + wholeMonths;
        if (m != (int) m) {
            throw outOfRange();
        }
        if (m > 0 && d < 0) {
            d += DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && d > 0) {
            d -= DAYS_PER_MONTH;
            m++;
        }
        return new Interval((int) m, d, micros);
    }

    /** interval_justify_interval: both justifications, with the signs of all three parts made to agree. */
    Interval justifyInterval() {
        long m = months;
        long d = days;
        long time = micros;
        if (d > 0 && time > 0 || d < 0 && time < 0) {
            long wholeMonths = d / DAYS_PER_MONTH;
            d -= wholeMonths * DAYS_PER_MONTH;
            m += wholeMonths;
        }
        long wholeDays = time / USECS_PER_DAY;
        time -= wholeDays * USECS_PER_DAY;
        d += wholeDays;
        long wholeMonths = d / DAYS_PER_MONTH;
        d -= wholeMonths * DAYS_PER_MONTH;
        m += wholeMonths;
        if (m != (int) m) {
            throw outOfRange();
        }
        if (m > 0 && (d < 0 || d == 0 && time < 0)) {
            d += DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && (d > 0 || d == 0 && time > 0)) {
            d -= DAYS_PER_MONTH;
            m++;
        }
        if (d > 0 && time < 0) {
            time += USECS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= USECS_PER_DAY;
            d++;
        }
        return new Interval((int) m, (int) d, time);
    }

    static osgres.api.PgException outOfRange() {
        return Messages.datetimeOutOfRange("interval");
    }

    // ---- text output: EncodeInterval, IntervalStyle postgres --------------------------------------------------

    /** {@code 1 year 2 mons 3 days 04:05:06.5}, {@code -1 years -2 mons +3 days}, {@code 00:00:00}. */
    String toPostgresText() {
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

    static StringBuilder appendTwoDigits(StringBuilder out, long value) {
        if (value < 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /** {@code .5}, {@code .000001}: a fraction of a second in microseconds, trailing zeros dropped, none if 0. */
    static void appendFraction(StringBuilder out, long fractionMicros) {
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
