/*
 * Interval arithmetic as timestamp.c does it (interval_pl, interval_mi, interval_um, interval_mul, interval_div,
 * interval_justify_hours/days/interval), with PostgreSQL's "interval out of range" (22008) and division-by-zero
 * errors. The value itself (osgres.storage.Interval) is shared with the storage engine, which stores it.
 */
package osgres.sql.internal.utils;

import osgres.storage.Interval;

public final class Intervals {
    private Intervals() {
    }

    // ---- arithmetic ------------------------------------------------------------------------------------------

    public static Interval plus(Interval a, Interval o) {
        try {
            return new Interval(Math.addExact(a.months(), o.months()), Math.addExact(a.days(), o.days()),
                    Math.addExact(a.micros(), o.micros()));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    public static Interval minus(Interval a, Interval o) {
        try {
            return new Interval(Math.subtractExact(a.months(), o.months()), Math.subtractExact(a.days(), o.days()),
                    Math.subtractExact(a.micros(), o.micros()));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    public static Interval negate(Interval a) {
        try {
            return new Interval(Math.negateExact(a.months()), Math.negateExact(a.days()), Math.negateExact(a.micros()));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    /** interval_mul: whole months and days stay, their fractions cascade down (30-day months, 86400-s days). */
    public static Interval multiply(Interval a, double factor) {
        return scale(a.months() * factor, a.days() * factor, a.micros() * factor, factor);
    }

    /** interval_div, with division_by_zero for a zero divisor. */
    public static Interval divide(Interval a, double divisor) {
        if (divisor == 0.0) {
            throw Messages.divisionByZero();
        }
        return scale(a.months() / divisor, a.days() / divisor, a.micros() / divisor, divisor);
    }

    private static Interval scale(double monthProduct, double dayProduct, double timeProduct, double factor) {
        if (Double.isNaN(monthProduct) || !fitsInt(monthProduct) || Double.isNaN(dayProduct) || !fitsInt(dayProduct)) {
            throw outOfRange();
        }
        int resultMonths = (int) monthProduct;
        int resultDays = (int) dayProduct;
        double monthRemainderDays = tsRound((monthProduct - resultMonths) * Interval.DAYS_PER_MONTH);
        double secRemainder = tsRound((dayProduct - resultDays + monthRemainderDays - (int) monthRemainderDays)
                * Interval.SECS_PER_DAY);
        try {
            if (Math.abs(secRemainder) >= Interval.SECS_PER_DAY) {
                resultDays = Math.addExact(resultDays, (int) (secRemainder / Interval.SECS_PER_DAY));
                secRemainder -= (int) (secRemainder / Interval.SECS_PER_DAY) * (double) Interval.SECS_PER_DAY;
            }
            resultDays = Math.addExact(resultDays, (int) monthRemainderDays);
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
        double time = Math.rint(timeProduct + secRemainder * Interval.USECS_PER_SEC);
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
    public static Interval justifyHours(Interval a) {
        int months = a.months();
        int days = a.days();
        long micros = a.micros();
        long wholeDays = micros / Interval.USECS_PER_DAY;
        long time = micros - wholeDays * Interval.USECS_PER_DAY;
        long d = days + wholeDays;
        if (d != (int) d) {
            throw outOfRange();
        }
        if (d > 0 && time < 0) {
            time += Interval.USECS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= Interval.USECS_PER_DAY;
            d++;
        }
        return new Interval(months, (int) d, time);
    }

    /** interval_justify_days: whole 30-day months out of the days, signs of months and days made to agree. */
    public static Interval justifyDays(Interval a) {
        int months = a.months();
        int days = a.days();
        long micros = a.micros();
        int wholeMonths = days / Interval.DAYS_PER_MONTH;
        int d = days - wholeMonths * Interval.DAYS_PER_MONTH;
        long m = (long) months + wholeMonths;
        if (m != (int) m) {
            throw outOfRange();
        }
        if (m > 0 && d < 0) {
            d += Interval.DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && d > 0) {
            d -= Interval.DAYS_PER_MONTH;
            m++;
        }
        return new Interval((int) m, d, micros);
    }

    /** interval_justify_interval: both justifications, with the signs of all three parts made to agree. */
    public static Interval justifyInterval(Interval a) {
        long m = a.months();
        long d = a.days();
        long time = a.micros();
        if (d > 0 && time > 0 || d < 0 && time < 0) {
            long wholeMonths = d / Interval.DAYS_PER_MONTH;
            d -= wholeMonths * Interval.DAYS_PER_MONTH;
            m += wholeMonths;
        }
        long wholeDays = time / Interval.USECS_PER_DAY;
        time -= wholeDays * Interval.USECS_PER_DAY;
        d += wholeDays;
        long wholeMonths = d / Interval.DAYS_PER_MONTH;
        d -= wholeMonths * Interval.DAYS_PER_MONTH;
        m += wholeMonths;
        if (m != (int) m) {
            throw outOfRange();
        }
        if (m > 0 && (d < 0 || d == 0 && time < 0)) {
            d += Interval.DAYS_PER_MONTH;
            m--;
        } else if (m < 0 && (d > 0 || d == 0 && time > 0)) {
            d -= Interval.DAYS_PER_MONTH;
            m++;
        }
        if (d > 0 && time < 0) {
            time += Interval.USECS_PER_DAY;
            d--;
        } else if (d < 0 && time > 0) {
            time -= Interval.USECS_PER_DAY;
            d++;
        }
        return new Interval((int) m, (int) d, time);
    }

    public static osgres.api.PgException outOfRange() {
        return Messages.datetimeOutOfRange("interval");
    }
}
