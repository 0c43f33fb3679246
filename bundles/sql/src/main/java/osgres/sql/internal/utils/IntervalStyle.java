/*
 * The IntervalStyle setting and interval text output in each style, as datetime.c's EncodeInterval writes them:
 *   postgres          1 year 2 mons 3 days 04:05:06      (the default; osgres.storage.Interval's own text)
 *   postgres_verbose  @ 1 year 2 mons 3 days 4 hours 5 mins 6 secs, "ago" for a negative leading part
 *   sql_standard      1-2 3 4:05:06 (one sign in front, or explicit +/- on each part when the signs are mixed)
 *   iso_8601          P1Y2M3DT4H5M6S
 * Input accepts all of them whatever the setting (IntervalInput), except sql_standard's sign rules.
 */
package osgres.sql.internal.utils;

import java.util.Locale;

import osgres.storage.Interval;

public enum IntervalStyle {
    POSTGRES, POSTGRES_VERBOSE, SQL_STANDARD, ISO_8601;

    /** The setting's value as SHOW prints it; unknown text (not accepted by SET) reads as postgres. */
    public static IntervalStyle of(String setting) {
        if (setting == null) {
            return POSTGRES;
        }
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "postgres_verbose" -> POSTGRES_VERBOSE;
            case "sql_standard" -> SQL_STANDARD;
            case "iso_8601" -> ISO_8601;
            default -> POSTGRES;
        };
    }

    String format(Interval v) {
        if (this == POSTGRES) {
            return v.toPostgresText();
        }
        long year = v.months() / 12;
        long mon = v.months() % 12;
        long mday = v.days();
        long hour = v.micros() / Interval.USECS_PER_HOUR;
        long rest = v.micros() - hour * Interval.USECS_PER_HOUR;
        long min = rest / Interval.USECS_PER_MINUTE;
        rest -= min * Interval.USECS_PER_MINUTE;
        long sec = rest / Interval.USECS_PER_SEC;
        long fsec = rest - sec * Interval.USECS_PER_SEC;
        return switch (this) {
            case SQL_STANDARD -> sqlStandard(year, mon, mday, hour, min, sec, fsec);
            case ISO_8601 -> iso8601(year, mon, mday, hour, min, sec, fsec);
            default -> verbose(year, mon, mday, hour, min, sec, fsec);
        };
    }

    private static String seconds(long sec, long fsec, boolean fillZeros) {
        StringBuilder out = new StringBuilder();
        if (fillZeros) {
            Interval.appendTwoDigits(out, Math.abs(sec));
        } else {
            out.append(Math.abs(sec));
        }
        Interval.appendFraction(out, Math.abs(fsec));
        return out.toString();
    }

    private static String sqlStandard(long year, long mon, long mday, long hour, long min, long sec, long fsec) {
        boolean hasNegative = year < 0 || mon < 0 || mday < 0 || hour < 0 || min < 0 || sec < 0 || fsec < 0;
        boolean hasPositive = year > 0 || mon > 0 || mday > 0 || hour > 0 || min > 0 || sec > 0 || fsec > 0;
        boolean hasYearMonth = year != 0 || mon != 0;
        boolean hasDayTime = mday != 0 || hour != 0 || min != 0 || sec != 0 || fsec != 0;
        boolean standard = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime);
        StringBuilder out = new StringBuilder();
        if (hasNegative && standard) {
            out.append('-');
            year = -year;
            mon = -mon;
            mday = -mday;
            hour = -hour;
            min = -min;
            sec = -sec;
            fsec = -fsec;
        }
        if (!hasNegative && !hasPositive) {
            return "0";
        }
        if (!standard) {
            char yearSign = year < 0 || mon < 0 ? '-' : '+';
            char daySign = mday < 0 ? '-' : '+';
            char secSign = hour < 0 || min < 0 || sec < 0 || fsec < 0 ? '-' : '+';
            out.append(yearSign).append(Math.abs(year)).append('-').append(Math.abs(mon)).append(' ')
                    .append(daySign).append(Math.abs(mday)).append(' ').append(secSign).append(Math.abs(hour))
                    .append(':');
            Interval.appendTwoDigits(out, Math.abs(min)).append(':');
            return out.append(seconds(sec, fsec, true)).toString();
        }
        if (hasYearMonth) {
            return out.append(year).append('-').append(mon).toString();
        }
        if (mday != 0) {
            out.append(mday).append(' ');
        }
        out.append(hour).append(':');
        Interval.appendTwoDigits(out, min).append(':');
        return out.append(seconds(sec, fsec, true)).toString();
    }

    private static String iso8601(long year, long mon, long mday, long hour, long min, long sec, long fsec) {
        if (year == 0 && mon == 0 && mday == 0 && hour == 0 && min == 0 && sec == 0 && fsec == 0) {
            return "PT0S";
        }
        StringBuilder out = new StringBuilder("P");
        isoPart(out, year, 'Y');
        isoPart(out, mon, 'M');
        isoPart(out, mday, 'D');
        if (hour != 0 || min != 0 || sec != 0 || fsec != 0) {
            out.append('T');
        }
        isoPart(out, hour, 'H');
        isoPart(out, min, 'M');
        if (sec != 0 || fsec != 0) {
            if (sec < 0 || fsec < 0) {
                out.append('-');
            }
            out.append(seconds(sec, fsec, false)).append('S');
        }
        return out.toString();
    }

    private static void isoPart(StringBuilder out, long value, char unit) {
        if (value != 0) {
            out.append(value).append(unit);
        }
    }

    private static String verbose(long year, long mon, long mday, long hour, long min, long sec, long fsec) {
        StringBuilder out = new StringBuilder("@");
        boolean[] state = {true, false}; // is_zero, is_before
        verbosePart(out, year, "year", state);
        verbosePart(out, mon, "mon", state);
        verbosePart(out, mday, "day", state);
        verbosePart(out, hour, "hour", state);
        verbosePart(out, min, "min", state);
        if (sec != 0 || fsec != 0) {
            out.append(' ');
            if (sec < 0 || sec == 0 && fsec < 0) {
                if (state[0]) {
                    state[1] = true;
                } else if (!state[1]) {
                    out.append('-');
                }
            } else if (state[1]) {
                out.append('-');
            }
            out.append(seconds(sec, fsec, false)).append(" sec").append(Math.abs(sec) != 1 || fsec != 0 ? "s" : "");
            state[0] = false;
        }
        if (state[0]) {
            out.append(" 0");
        }
        if (state[1]) {
            out.append(" ago");
        }
        return out.toString();
    }

    private static void verbosePart(StringBuilder out, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        long v = value;
        if (state[0]) {
            state[1] = v < 0;
            v = Math.abs(v);
        } else if (state[1]) {
            v = -v;
        }
        out.append(' ').append(v).append(' ').append(unit).append(v == 1 ? "" : "s");
        state[0] = false;
    }
}
