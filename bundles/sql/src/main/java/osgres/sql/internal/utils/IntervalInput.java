/*
 * interval_in: PostgreSQL's interval input (datetime.c ParseDateTime + DecodeInterval, DecodeISO8601Interval).
 * Accepted: number-unit pairs in any order ({@code 1 day 2 hours}, {@code 1.5 years}, {@code 3d4h}, {@code -1 week}),
 * a time field ({@code 1:30}, {@code -12:34:56.789}), a bare trailing number of seconds, the {@code @} prefix and
 * the {@code ago} suffix (which negates everything), and ISO 8601 durations ({@code P1Y2M3DT4H5M6S},
 * {@code PT1.5S}). Fractions cascade down as PostgreSQL's AdjustFract* do: years to whole months, months to
 * 30-day days, days and weeks to microseconds. A unit used twice is a syntax error, as is an unknown word.
 * The same unit table serves extract/date_part/date_trunc ({@link #unit}). Not done: the ISO 8601 "alternative
 * format" ({@code P0001-02-03T04:05:06}), SQL-standard sign rules (IntervalStyle sql_standard) and the field
 * restrictions of typed literals such as {@code interval '1' day to hour} beyond picking the unit of a bare
 * number.
 */
package osgres.sql.internal.utils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import osgres.storage.Interval;

public final class IntervalInput {

    /** The units of datetime.c's deltatktbl and datetktbl that matter for intervals and field names. */
    public enum Unit { MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR, DECADE, CENTURY,
        MILLENNIUM, TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE, EPOCH, DOW, DOY, ISODOW, ISOYEAR, JULIAN, AGO,
        IGNORE }

    private static final Map<String, Unit> UNITS = new HashMap<>();

    static {
        put(Unit.IGNORE, "@");
        put(Unit.AGO, "ago");
        put(Unit.CENTURY, "c", "cent", "centuries", "century");
        put(Unit.DAY, "d", "day", "days");
        put(Unit.DECADE, "dec", "decade", "decades", "decs");
        put(Unit.HOUR, "h", "hour", "hours", "hr", "hrs");
        put(Unit.MINUTE, "m", "min", "mins", "minute", "minutes");
        put(Unit.MICROSECOND, "microsecon", "us", "usec", "microsecond", "useconds", "usecs");
        put(Unit.MILLENNIUM, "mil", "millennia", "millennium", "mils");
        put(Unit.MILLISECOND, "millisecon", "ms", "msec", "millisecond", "mseconds", "msecs");
        put(Unit.MONTH, "mon", "mons", "month", "months");
        put(Unit.QUARTER, "qtr", "quarter");
        put(Unit.SECOND, "s", "sec", "second", "seconds", "secs");
        put(Unit.TIMEZONE, "timezone");
        put(Unit.TIMEZONE_HOUR, "timezone_h");
        put(Unit.TIMEZONE_MINUTE, "timezone_m");
        put(Unit.WEEK, "w", "week", "weeks");
        put(Unit.YEAR, "y", "year", "years", "yr", "yrs");
    }

    /** Field names only datetktbl knows (DecodeSpecial), after deltatktbl's. */
    private static final Map<String, Unit> SPECIAL_FIELDS = Map.of("epoch", Unit.EPOCH, "dow", Unit.DOW,
            "doy", Unit.DOY, "isodow", Unit.ISODOW, "isoyear", Unit.ISOYEAR, "julian", Unit.JULIAN, "j", Unit.JULIAN,
            "jd", Unit.JULIAN);

    private static void put(Unit unit, String... names) {
        for (String n : names) {
            UNITS.put(n, unit);
        }
    }

    private IntervalInput() {
    }

    /** A unit or field name as DecodeUnits then DecodeSpecial read it (compared on its first 10 characters). */
    static Unit unit(String lowerName) {
        String key = lowerName.length() > 10 ? lowerName.substring(0, 10) : lowerName;
        Unit u = UNITS.get(key);
        if (u == null || u == Unit.AGO || u == Unit.IGNORE) {
            return SPECIAL_FIELDS.get(key);
        }
        return u;
    }

    /** Parses {@code text}; {@code bareUnit} is the unit a lone number takes (a typed literal's field), or null. */
    public static Interval parse(String text, Unit bareUnit) {
        try {
            String t = text.strip();
            if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
                return iso8601(text, t.substring(1));
            }
            return decode(text, fields(text), bareUnit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw Messages.intervalFieldOverflow(text);
        }
    }

    public static Interval parse(String text) {
        return parse(text, null);
    }

    /**
     * AdjustIntervalForTypmod for a single-field typmod ({@code interval '...' day}): the parts below the field go.
     * Null (no field) keeps the value.
     */
    public static Interval restrict(Interval v, Unit field) {
        if (field == null) {
            return v;
        }
        return switch (field) {
            case YEAR -> new Interval(v.months() / 12 * 12, 0, 0);
            case MONTH -> new Interval(v.months(), 0, 0);
            case DAY -> new Interval(v.months(), v.days(), 0);
            case HOUR -> new Interval(v.months(), v.days(),
                    v.micros() / Interval.USECS_PER_HOUR * Interval.USECS_PER_HOUR);
            case MINUTE -> new Interval(v.months(), v.days(),
                    v.micros() / Interval.USECS_PER_MINUTE * Interval.USECS_PER_MINUTE);
            default -> v;
        };
    }

    private enum FieldKind { NUMBER, TIME, SIGNED, WORD }

    private record Field(FieldKind kind, String text) {
    }

    /** ParseDateTime's split: runs of digits (with '.', ':' or '-'), signed numbers, words; punctuation between. */
    private static List<Field> fields(String text) {
        List<Field> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || c == '.') {
                int start = i;
                boolean time = false;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == ':' || text.charAt(i) == '-' && i > start)) {
                    time |= text.charAt(i) == ':';
                    i++;
                }
                out.add(new Field(time ? FieldKind.TIME : FieldKind.NUMBER, text.substring(start, i)));
            } else if (c == '+' || c == '-') {
                int start = i++;
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < n && Character.isLetter(text.charAt(i))) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                int digits = i;
                while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || text.charAt(i) == ':' || text.charAt(i) == '-' && i > digits)) {
                    i++;
                }
                if (digits == i) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                out.add(new Field(FieldKind.SIGNED, c + text.substring(digits, i)));
            } else if (Character.isLetter(c)) {
                int start = i;
                while (i < n && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                out.add(new Field(FieldKind.WORD, text.substring(start, i).toLowerCase(Locale.ROOT)));
            } else if (c == '@') {
                i++;
            } else {
                throw Messages.invalidDatetimeInput("interval", text);
            }
        }
        return out;
    }

    /** The parts being accumulated (pg_itm_in): years, months, days, microseconds. */
    private static final class Parts {
        long years;
        long months;
        long days;
        long micros;

        void addMicros(long value, double fraction, long scale) {
            micros = Math.addExact(micros, Math.multiplyExact(value, scale));
            addFractionMicros(fraction, scale);
        }

        void addFractionMicros(double fraction, long scale) {
            if (fraction == 0) {
                return;
            }
            double f = fraction * scale;
            long whole = (long) f;
            f -= whole;
            if (f > 0.5) {
                whole++;
            } else if (f < -0.5) {
                whole--;
            }
            micros = Math.addExact(micros, whole);
        }

        void addFractionDays(double fraction, int scale) {
            if (fraction == 0) {
                return;
            }
            double f = fraction * scale;
            int whole = (int) f;
            days = Math.addExact(days, whole);
            addFractionMicros(f - whole, Interval.USECS_PER_DAY);
        }

        Interval toInterval() {
            long totalMonths = Math.addExact(Math.multiplyExact(years, 12), months);
            return new Interval(Math.toIntExact(totalMonths), Math.toIntExact(days), micros);
        }
    }

    private static Interval decode(String text, List<Field> fields, Unit bareUnit) {
        Parts p = new Parts();
        boolean ago = false;
        boolean sawField = false;
        java.util.EnumSet<Unit> seen = java.util.EnumSet.noneOf(Unit.class);
        Unit pending = null;
        for (int i = fields.size() - 1; i >= 0; i--) {
            Field f = fields.get(i);
            String s = f.text();
            boolean time = f.kind() == FieldKind.TIME || f.kind() == FieldKind.SIGNED && s.indexOf(':') > 0;
            if (time) {
                long micros = timeField(text, s.charAt(0) == '-' || s.charAt(0) == '+' ? s.substring(1) : s);
                // DTK_TIME_M: hours, minutes and every unit of seconds
                if (!seen.add(Unit.HOUR) || !seen.add(Unit.MINUTE) || !seen.add(Unit.SECOND)
                        || !seen.add(Unit.MILLISECOND) || !seen.add(Unit.MICROSECOND)) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                p.micros = Math.addExact(p.micros, s.charAt(0) == '-' ? -micros : micros);
                pending = Unit.DAY;
                sawField = true;
                continue;
            }
            if (f.kind() == FieldKind.WORD) {
                Unit u = UNITS.get(s.length() > 10 ? s.substring(0, 10) : s);
                if (u == null || u == Unit.QUARTER || u == Unit.TIMEZONE || u == Unit.TIMEZONE_HOUR
                        || u == Unit.TIMEZONE_MINUTE) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                if (u == Unit.AGO) {
                    ago = true;
                    pending = null;
                } else if (u != Unit.IGNORE) {
                    pending = u;
                }
                continue;
            }
            Unit unit = pending != null ? pending : bareUnit != null ? bareUnit : Unit.SECOND;
            int dot = s.indexOf('.');
            int dash = s.indexOf('-', 1);
            long value;
            double fraction = 0;
            if (dash > 0) {
                // year-month as 'Y-M'
                long years = Long.parseLong(s.substring(0, dash));
                int month = Integer.parseInt(s.substring(dash + 1));
                if (month < 0 || month >= 12) {
                    throw Messages.intervalFieldOverflow(text);
                }
                value = Math.addExact(Math.multiplyExact(years, 12), s.startsWith("-") ? -month : month);
                unit = Unit.MONTH;
            } else if (dot >= 0) {
                String whole = s.substring(0, dot);
                value = whole.isEmpty() || whole.equals("-") || whole.equals("+") ? 0 : Long.parseLong(whole);
                String frac = s.substring(dot + 1);
                if (!frac.chars().allMatch(Character::isDigit)) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                fraction = frac.isEmpty() ? 0 : Double.parseDouble("0." + frac);
                if (s.startsWith("-")) {
                    fraction = -fraction;
                }
            } else {
                value = Long.parseLong(s);
            }
            if (!seen.add(unit) || unit == Unit.SECOND && fraction != 0
                    && (!seen.add(Unit.MILLISECOND) || !seen.add(Unit.MICROSECOND))) {
                // a fractional second counts as all the units of seconds (DTK_ALL_SECS_M)
                throw Messages.invalidDatetimeInput("interval", text);
            }
            switch (unit) {
                case MICROSECOND -> p.addMicros(value, fraction, 1);
                case MILLISECOND -> p.addMicros(value, fraction, 1000);
                case SECOND -> p.addMicros(value, fraction, Interval.USECS_PER_SEC);
                case MINUTE -> p.addMicros(value, fraction, Interval.USECS_PER_MINUTE);
                case HOUR -> p.addMicros(value, fraction, Interval.USECS_PER_HOUR);
                case DAY -> {
                    p.days = Math.addExact(p.days, Math.toIntExact(value));
                    p.addFractionMicros(fraction, Interval.USECS_PER_DAY);
                }
                case WEEK -> {
                    p.days = Math.addExact(p.days, Math.multiplyExact(Math.toIntExact(value), 7));
                    p.addFractionDays(fraction, 7);
                }
                case MONTH -> {
                    p.months = Math.addExact(p.months, Math.toIntExact(value));
                    p.addFractionDays(fraction, Interval.DAYS_PER_MONTH);
                }
                case YEAR, DECADE, CENTURY, MILLENNIUM -> {
                    int scale = switch (unit) {
                        case YEAR -> 1;
                        case DECADE -> 10;
                        case CENTURY -> 100;
                        default -> 1000;
                    };
                    p.years = Math.addExact(p.years, Math.multiplyExact(Math.toIntExact(value), scale));
                    p.months = Math.addExact(p.months, (long) Math.rint(fraction * scale * 12));
                }
                default -> throw Messages.invalidDatetimeInput("interval", text);
            }
            if (unit == Unit.HOUR) {
                pending = Unit.DAY;
            }
            sawField = true;
        }
        if (!sawField) {
            throw Messages.invalidDatetimeInput("interval", text);
        }
        Interval result = p.toInterval();
        return ago ? Intervals.negate(result) : result;
    }

    /** DecodeTimeForInterval: {@code h:m[:s[.frac]]} or {@code m:s.frac}, as microseconds. */
    private static long timeField(String text, String s) {
        String[] parts = s.split(":", -1);
        if (parts.length > 3) {
            throw Messages.invalidDatetimeInput("interval", text);
        }
        long hours;
        long minutes;
        double seconds = 0;
        if (parts.length == 2 && parts[1].contains(".")) {
            // mm:ss.frac
            hours = 0;
            minutes = Long.parseLong(parts[0]);
            seconds = Double.parseDouble(parts[1]);
        } else {
            hours = Long.parseLong(parts[0]);
            minutes = Long.parseLong(parts[1]);
            if (parts.length == 3) {
                if (parts[2].isEmpty()) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                seconds = Double.parseDouble(parts[2]);
            } else if (parts[1].contains(".")) {
                throw Messages.invalidDatetimeInput("interval", text);
            }
        }
        if (minutes < 0 || minutes > 59 || seconds < 0 || seconds >= 60) {
            throw Messages.intervalFieldOverflow(text);
        }
        long wholeSeconds = (long) seconds;
        long fracMicros = Math.round((seconds - wholeSeconds) * 1_000_000);
        return Math.addExact(Math.multiplyExact(hours, Interval.USECS_PER_HOUR),
                minutes * Interval.USECS_PER_MINUTE + wholeSeconds * Interval.USECS_PER_SEC + fracMicros);
    }

    /** DecodeISO8601Interval, "format with designators": P[nY][nM][nW][nD][T[nH][nM][nS]]. */
    private static Interval iso8601(String text, String body) {
        Parts p = new Parts();
        boolean timePart = false;
        int i = 0;
        if (body.isEmpty()) {
            throw Messages.invalidDatetimeInput("interval", text);
        }
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == 'T' || c == 't') {
                if (timePart) {
                    throw Messages.invalidDatetimeInput("interval", text);
                }
                timePart = true;
                i++;
                continue;
            }
            int start = i;
            while (i < body.length() && (Character.isDigit(body.charAt(i)) || body.charAt(i) == '.'
                    || body.charAt(i) == '-' && i == start)) {
                i++;
            }
            if (start == i || i >= body.length()) {
                throw Messages.invalidDatetimeInput("interval", text);
            }
            double number = Double.parseDouble(body.substring(start, i));
            long whole = (long) number;
            double fraction = number - whole;
            char designator = Character.toUpperCase(body.charAt(i++));
            if (!timePart) {
                switch (designator) {
                    case 'Y' -> {
                        p.years = Math.addExact(p.years, Math.toIntExact(whole));
                        p.months = Math.addExact(p.months, (long) Math.rint(fraction * 12));
                    }
                    case 'M' -> {
                        p.months = Math.addExact(p.months, Math.toIntExact(whole));
                        p.addFractionDays(fraction, Interval.DAYS_PER_MONTH);
                    }
                    case 'W' -> {
                        p.days = Math.addExact(p.days, Math.multiplyExact(Math.toIntExact(whole), 7));
                        p.addFractionDays(fraction, 7);
                    }
                    case 'D' -> {
                        p.days = Math.addExact(p.days, Math.toIntExact(whole));
                        p.addFractionMicros(fraction, Interval.USECS_PER_DAY);
                    }
                    default -> throw Messages.invalidDatetimeInput("interval", text);
                }
            } else {
                switch (designator) {
                    case 'H' -> p.addMicros(whole, fraction, Interval.USECS_PER_HOUR);
                    case 'M' -> p.addMicros(whole, fraction, Interval.USECS_PER_MINUTE);
                    case 'S' -> p.addMicros(whole, fraction, Interval.USECS_PER_SEC);
                    default -> throw Messages.invalidDatetimeInput("interval", text);
                }
            }
        }
        return p.toInterval();
    }
}
