/*
 * The date/time functions of pg_proc (timestamp.c, date.c, formatting.c entry points), registered into Functions'
 * catalog: extract / date_part, date_trunc (with an optional time zone), age (one and two arguments),
 * justify_days/hours/interval, make_date, make_time, make_timestamp, make_timestamptz, make_interval (positional
 * arguments: the named-argument form needs the new analyzer), the current-time family with a precision
 * (current_timestamp(p), localtimestamp(p), current_time, localtime), timeofday, to_timestamp(float8), to_char /
 * to_date / to_timestamp with templates (DateTimeFormat), date_bin, isfinite, and timezone(zone, value), the
 * function gram.y makes of {@code AT TIME ZONE}. All are strict.
 *
 * generate_series over timestamps is a set-returning function: it is not in the scalar catalog but offered as
 * {@link #generateSeries}, which returns the whole series as a Java list for a FunctionScan to emit.
 *
 * Time zone names (timezone(), date_trunc's third argument, make_timestamptz's seventh) are read as PostgreSQL
 * reads them: IANA names case-insensitively, a few common abbreviations (EST, PST, CET...), and POSIX-style
 * numeric offsets, where '+05' means five hours WEST of Greenwich.
 */
package osgres.sql.internal.func;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.DateTimeCasts;
import osgres.sql.internal.utils.DateTimeFields;
import osgres.sql.internal.utils.DateTimeFormat;
import osgres.sql.internal.utils.DateTimeValues;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Intervals;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.Interval;

public final class DateTimeFunctions {
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType FLOAT8 = PgType.FLOAT8;
    private static final PgType DATE = PgType.DATE;
    private static final PgType TS = PgType.TIMESTAMP;
    private static final PgType TSTZ = PgType.TIMESTAMPTZ;
    private static final PgType TIME = PgType.TIME;
    private static final PgType TIMETZ = PgType.TIMETZ;
    private static final PgType INTERVAL = PgType.INTERVAL;

    private DateTimeFunctions() {
    }

    /**
     * Every implementation behind a guard: java.time and exact arithmetic report overflow as exceptions, which
     * become PostgreSQL's "... out of range" for the function's result type instead of reaching the client.
     */
    static void define(BuiltinFunctions.Definer definer) {
        defineUnguarded((name, args, result, impl) -> definer.define(name, args, result, guarded(result, impl)));
    }

    static Expr.Implementation guarded(PgType result, Expr.Implementation impl) {
        return (c, a) -> {
            try {
                return impl.call(c, a);
            } catch (ArithmeticException | DateTimeException e) {
                throw Messages.datetimeOutOfRange(switch (result) {
                    case INTERVAL -> "interval";
                    case DATE -> "date";
                    case TIME, TIMETZ -> "time";
                    default -> "timestamp";
                });
            }
        };
    }

    private static void defineUnguarded(BuiltinFunctions.Definer d) {
        for (PgType t : List.of(TS, TSTZ, DATE, TIME, TIMETZ, INTERVAL)) {
            d.define("extract", List.of(TEXT, t), PgType.NUMERIC,
                    (c, a) -> DateTimeFields.extractAny((String) a[0], a[1], t, c.output().zone()));
            if (t != DATE) {
                d.define("date_part", List.of(TEXT, t), FLOAT8,
                        (c, a) -> DateTimeFields.datePart((String) a[0], a[1], t, c.output().zone()));
            }
        }
        // date_part(text, date) is the SQL function date_part($1, $2::timestamp)
        d.define("date_part", List.of(TEXT, DATE), FLOAT8, (c, a) -> DateTimeFields.datePart((String) a[0],
                DateTimeValues.toTimestamp((LocalDate) a[1]), TS, c.output().zone()));
        d.define("date_trunc", List.of(TEXT, TS), TS,
                (c, a) -> DateTimeFields.trunc((String) a[0], (LocalDateTime) a[1], TS));
        d.define("date_trunc", List.of(TEXT, TSTZ), TSTZ,
                (c, a) -> DateTimeFields.trunc((String) a[0], (Instant) a[1], c.output().zone()));
        d.define("date_trunc", List.of(TEXT, TSTZ, TEXT), TSTZ,
                (c, a) -> DateTimeFields.trunc((String) a[0], (Instant) a[1], zone((String) a[2])));
        d.define("date_trunc", List.of(TEXT, INTERVAL), INTERVAL,
                (c, a) -> DateTimeFields.trunc((String) a[0], (Interval) a[1]));
        d.define("age", List.of(TS, TS), INTERVAL, (c, a) -> age((LocalDateTime) a[0], (LocalDateTime) a[1]));
        d.define("age", List.of(TSTZ, TSTZ), INTERVAL, (c, a) -> age(local(a[0], c), local(a[1], c)));
        d.define("age", List.of(TS), INTERVAL, (c, a) -> age(today(c), (LocalDateTime) a[0]));
        d.define("age", List.of(TSTZ), INTERVAL, (c, a) -> age(today(c), local(a[0], c)));
        d.define("justify_days", List.of(INTERVAL), INTERVAL, (c, a) -> Intervals.justifyDays((Interval) a[0]));
        d.define("justify_hours", List.of(INTERVAL), INTERVAL, (c, a) -> Intervals.justifyHours((Interval) a[0]));
        d.define("justify_interval", List.of(INTERVAL), INTERVAL, (c, a) -> Intervals.justifyInterval((Interval) a[0]));
        d.define("make_date", List.of(INT4, INT4, INT4), DATE,
                (c, a) -> makeDate((Integer) a[0], (Integer) a[1], (Integer) a[2]));
        d.define("make_time", List.of(INT4, INT4, FLOAT8), TIME,
                (c, a) -> makeTime((Integer) a[0], (Integer) a[1], (Double) a[2]));
        d.define("make_timestamp", List.of(INT4, INT4, INT4, INT4, INT4, FLOAT8), TS, (c, a) -> makeTimestamp(a));
        d.define("make_timestamptz", List.of(INT4, INT4, INT4, INT4, INT4, FLOAT8), TSTZ,
                (c, a) -> makeTimestamp(a).atZone(c.output().zone()).toInstant());
        d.define("make_timestamptz", List.of(INT4, INT4, INT4, INT4, INT4, FLOAT8, TEXT), TSTZ,
                (c, a) -> makeTimestamp(a).atZone(zone((String) a[6])).toInstant());
        List<PgType> intervalArgs = List.of(INT4, INT4, INT4, INT4, INT4, INT4, FLOAT8);
        for (int n = 0; n <= intervalArgs.size(); n++) {
            d.define("make_interval", intervalArgs.subList(0, n), INTERVAL, (c, a) -> makeInterval(a));
        }
        d.define("current_timestamp", List.of(INT4), TSTZ,
                (c, a) -> round(c.session().transactionStart(), (Integer) a[0]));
        d.define("localtimestamp", List.of(INT4), TS,
                (c, a) -> LocalDateTime.ofInstant(round(c.session().transactionStart(), (Integer) a[0]), zone(c)));
        d.define("current_time", List.of(), TIMETZ, (c, a) -> currentTime(c, 6));
        d.define("current_time", List.of(INT4), TIMETZ, (c, a) -> currentTime(c, (Integer) a[0]));
        d.define("localtime", List.of(), TIME, (c, a) -> currentTime(c, 6).toLocalTime());
        d.define("localtime", List.of(INT4), TIME, (c, a) -> currentTime(c, (Integer) a[0]).toLocalTime());
        d.define("timeofday", List.of(), TEXT, (c, a) -> timeOfDay(zone(c)));
        d.define("to_timestamp", List.of(FLOAT8), TSTZ, (c, a) -> toTimestamp((Double) a[0]));
        d.define("date_bin", List.of(INTERVAL, TS, TS), TS,
                (c, a) -> dateBin((Interval) a[0], (LocalDateTime) a[1], (LocalDateTime) a[2]));
        d.define("date_bin", List.of(INTERVAL, TSTZ, TSTZ), TSTZ, (c, a) -> dateBin((Interval) a[0],
                (Instant) a[1], (Instant) a[2]));
        for (PgType t : List.of(DATE, TS, TSTZ, INTERVAL)) {
            d.define("isfinite", List.of(t), PgType.BOOL, (c, a) -> DateTimeValues.isFinite(a[0]));
        }
        d.define("timezone", List.of(TEXT, TS), TSTZ, (c, a) -> DateTimeValues.toTimestamptz((LocalDateTime) a[1],
                zone((String) a[0])));
        d.define("timezone", List.of(TEXT, TSTZ), TS, (c, a) -> DateTimeValues.toTimestamp((Instant) a[1],
                zone((String) a[0])));
        d.define("timezone", List.of(INTERVAL, TS), TSTZ, (c, a) -> DateTimeValues.toTimestamptz(
                (LocalDateTime) a[1], zone((Interval) a[0])));
        d.define("timezone", List.of(INTERVAL, TSTZ), TS, (c, a) -> DateTimeValues.toTimestamp((Instant) a[1],
                zone((Interval) a[0])));
        d.define("timezone", List.of(TEXT, TIMETZ), TIMETZ, (c, a) -> {
            OffsetTime t = (OffsetTime) a[1];
            ZoneId z = zone((String) a[0]);
            return t.withOffsetSameInstant(z.getRules().getOffset(c.session().transactionStart()));
        });
        d.define("to_char", List.of(TS, TEXT), TEXT, (c, a) -> DateTimeFormat.toChar((LocalDateTime) a[0], null,
                (String) a[1]));
        d.define("to_char", List.of(TSTZ, TEXT), TEXT, (c, a) -> {
            if (!DateTimeValues.isFinite(a[0])) {
                return null;
            }
            ZonedDateTime z = ((Instant) a[0]).atZone(zone(c));
            return DateTimeFormat.toChar(z.toLocalDateTime(), z, (String) a[1]);
        });
        d.define("to_char", List.of(INTERVAL, TEXT), TEXT, (c, a) -> DateTimeFormat.toChar((Interval) a[0],
                (String) a[1]));
        d.define("to_date", List.of(TEXT, TEXT), DATE, (c, a) -> DateTimeFormat.toDate((String) a[0],
                (String) a[1]));
        d.define("to_timestamp", List.of(TEXT, TEXT), TSTZ, (c, a) -> DateTimeFormat.toTimestamp((String) a[0],
                (String) a[1], zone(c)));
    }

    private static ZoneId zone(ExecContext c) {
        return c.output().zone();
    }

    private static LocalDateTime local(Object instant, ExecContext c) {
        return DateTimeValues.toTimestamp((Instant) instant, zone(c));
    }

    /** age(x) measures from midnight of the current date (timestamp_age(current_date, x)). */
    private static LocalDateTime today(ExecContext c) {
        return LocalDateTime.ofInstant(c.session().transactionStart(), zone(c)).toLocalDate().atStartOfDay();
    }

    // ---- time zones ---------------------------------------------------------------------------------------------

    /** A time zone as timezone() and AT TIME ZONE read it; 22023 "time zone ... not recognized" otherwise. */
    static ZoneId zone(String written) {
        String z = written.strip();
        String lower = z.toLowerCase(Locale.ROOT);
        if (lower.equals("utc") || lower.equals("gmt") || lower.equals("z") || lower.equals("zulu")
                || lower.equals("etc/utc") || lower.equals("universal")) {
            return ZoneOffset.UTC;
        }
        ZoneOffset abbreviation = DateTimeValues.abbreviation(lower);
        if (abbreviation != null) {
            return abbreviation;
        }
        if (!z.isEmpty() && (z.charAt(0) == '+' || z.charAt(0) == '-' || Character.isDigit(z.charAt(0)))) {
            try {
                String signed = Character.isDigit(z.charAt(0)) ? "+" + z : z;
                // POSIX: a positive offset is west of Greenwich
                return ZoneOffset.ofTotalSeconds(-DateTimeValues.offsetOf(signed).getTotalSeconds());
            } catch (DateTimeException | NumberFormatException e) {
                throw Messages.timeZoneNotRecognized(written);
            }
        }
        try {
            return DateTimeValues.namedZone(z);
        } catch (DateTimeException e) {
            throw Messages.timeZoneNotRecognized(written);
        }
    }

    /** An interval as a zone: its time part is the offset east of UTC; months and days are refused. */
    private static ZoneId zone(Interval i) {
        if (i.months() != 0 || i.days() != 0) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "interval time zone \""
                    + i.toPostgresText() + "\" must not include months or days");
        }
        long seconds = i.micros() / Interval.USECS_PER_SEC;
        if (Math.abs(seconds) > 18 * 3600) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "interval time zone \""
                    + i.toPostgresText() + "\" must be between -18:00 and +18:00");
        }
        return ZoneOffset.ofTotalSeconds((int) seconds);
    }

    // ---- age ------------------------------------------------------------------------------------------------------

    /** timestamp_age: field-by-field difference, borrowing from the next field with the month lengths. */
    static Interval age(LocalDateTime a, LocalDateTime b) {
        if (!DateTimeValues.isFinite(a) || !DateTimeValues.isFinite(b)) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
        boolean flip = a.isBefore(b);
        long usec = a.getNano() / 1000 - b.getNano() / 1000;
        long sec = a.getSecond() - b.getSecond();
        long min = a.getMinute() - b.getMinute();
        long hour = a.getHour() - b.getHour();
        long mday = a.getDayOfMonth() - b.getDayOfMonth();
        long mon = a.getMonthValue() - b.getMonthValue();
        long year = a.getYear() - b.getYear();
        if (flip) {
            usec = -usec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        while (usec < 0) {
            usec += 1_000_000;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            mday--;
        }
        LocalDate borrowFrom = flip ? a.toLocalDate() : b.toLocalDate();
        while (mday < 0) {
            mday += borrowFrom.lengthOfMonth();
            mon--;
        }
        while (mon < 0) {
            mon += 12;
            year--;
        }
        if (flip) {
            usec = -usec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        long micros = ((hour * 60 + min) * 60 + sec) * Interval.USECS_PER_SEC + usec;
        return new Interval(Math.toIntExact(year * 12 + mon), Math.toIntExact(mday), micros);
    }

    // ---- constructors -------------------------------------------------------------------------------------------

    private static LocalDate makeDate(int year, int month, int day) {
        try {
            // make_date: negative years are BC (no year zero)
            if (year == 0) {
                throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "date field value out of range: "
                        + String.format(Locale.ROOT, "%d-%02d-%02d", year, month, day));
            }
            return DateTimeValues.checkDate(LocalDate.of(year < 0 ? year + 1 : year, month, day));
        } catch (DateTimeException e) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "date field value out of range: "
                    + String.format(Locale.ROOT, "%d-%02d-%02d", year, month, day));
        }
    }

    private static LocalTime makeTime(int hour, int minute, double seconds) {
        // time_overflows; 24:00:00 itself cannot be a LocalTime and is refused too
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || !(seconds >= 0) || seconds >= 60) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "time field value out of range: "
                    + String.format(Locale.ROOT, "%d:%02d:%s", hour, minute, formatG(seconds)));
        }
        long micros = (long) Math.rint(seconds * 1e6);
        return LocalTime.ofNanoOfDay(((hour * 60L + minute) * 60 * Interval.USECS_PER_SEC + micros) * 1000);
    }

    /** C's %02g for the seconds in make_time's error. */
    private static String formatG(double d) {
        String s = d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        return s.length() < 2 ? "0" + s : s;
    }

    private static LocalDateTime makeTimestamp(Object[] a) {
        LocalDate date = makeDate((Integer) a[0], (Integer) a[1], (Integer) a[2]);
        int hour = (Integer) a[3];
        int minute = (Integer) a[4];
        double seconds = (Double) a[5];
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || !(seconds >= 0) || seconds >= 60) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "date field value out of range: "
                    + String.format(Locale.ROOT, "%d-%02d-%02d %d:%02d:%s", a[0], a[1], a[2], hour, minute,
                    formatG(seconds)));
        }
        long micros = (long) Math.rint(seconds * 1e6);
        return DateTimeValues.checkTimestamp(date.atTime(hour, minute).plus(micros, ChronoUnit.MICROS));
    }

    /** make_interval(years, months, weeks, days, hours, mins, secs), trailing arguments defaulting to 0. */
    private static Interval makeInterval(Object[] a) {
        long[] v = new long[6];
        for (int i = 0; i < Math.min(6, a.length); i++) {
            v[i] = (Integer) a[i];
        }
        double secs = a.length > 6 ? (Double) a[6] : 0;
        if (Double.isNaN(secs) || Double.isInfinite(secs)) {
            throw Intervals.outOfRange();
        }
        try {
            long months = Math.addExact(Math.multiplyExact(v[0], 12), v[1]);
            long days = Math.addExact(Math.multiplyExact(v[2], 7), v[3]);
            double micros = Math.rint(secs * 1e6);
            long time = Math.addExact(Math.addExact(Math.multiplyExact(v[4], Interval.USECS_PER_HOUR),
                    Math.multiplyExact(v[5], Interval.USECS_PER_MINUTE)), (long) micros);
            return new Interval(Math.toIntExact(months), Math.toIntExact(days), time);
        } catch (ArithmeticException e) {
            throw Intervals.outOfRange();
        }
    }

    // ---- current time -------------------------------------------------------------------------------------------

    /** Rounds to {@code precision} fractional digits (0..6), as current_timestamp(p) does. */
    private static Instant round(Instant t, int precision) {
        if (precision < 0) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "TIMESTAMP(" + precision
                    + ") WITH TIME ZONE precision must not be negative");
        }
        if (precision >= 6) {
            return t;
        }
        long scale = (long) Math.pow(10, 6 - precision);
        long micros = t.getNano() / 1000;
        long rounded = DateTimeCasts.roundHalfAway(micros, scale);
        return t.truncatedTo(ChronoUnit.SECONDS).plus(rounded, ChronoUnit.MICROS);
    }

    private static OffsetTime currentTime(ExecContext c, int precision) {
        ZonedDateTime z = round(c.session().transactionStart(), precision).atZone(zone(c));
        return OffsetTime.of(z.toLocalTime(), z.getOffset());
    }

    /** timeofday(): the wall clock as text, e.g. {@code Sat Dec 05 21:45:00.123456 2026 UTC}. */
    private static String timeOfDay(ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        return now.format(DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSSSSS yyyy z", Locale.ROOT));
    }

    /** to_timestamp(double precision): seconds since the Unix epoch, rounded to microseconds. */
    private static Instant toTimestamp(double seconds) {
        if (Double.isNaN(seconds)) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN");
        }
        if (Double.isInfinite(seconds)) {
            return seconds > 0 ? DateTimeValues.TIMESTAMPTZ_INFINITY : DateTimeValues.TIMESTAMPTZ_MINUS_INFINITY;
        }
        double micros = Math.rint(seconds * 1e6);
        if (seconds < -210866803200.0 || seconds >= 9224318016000.0) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \""
                    + TypeIo.formatDouble(seconds, 1) + "\"");
        }
        return Instant.EPOCH.plus((long) micros, ChronoUnit.MICROS);
    }

    // ---- date_bin -------------------------------------------------------------------------------------------------

    private static long strideMicros(Interval stride) {
        if (stride.months() != 0) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "timestamps cannot be binned into intervals containing months or years");
        }
        long micros;
        try {
            micros = Math.addExact(Math.multiplyExact((long) stride.days(), Interval.USECS_PER_DAY), stride.micros());
        } catch (ArithmeticException e) {
            throw Intervals.outOfRange();
        }
        if (micros <= 0) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "stride must be greater than zero");
        }
        return micros;
    }

    /** timestamp_bin: the start of the stride-sized bin, counted from origin, that holds the timestamp. */
    static LocalDateTime dateBin(Interval stride, LocalDateTime t, LocalDateTime origin) {
        if (!DateTimeValues.isFinite(t)) {
            return t;
        }
        if (!DateTimeValues.isFinite(origin)) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "origin out of range");
        }
        long strideMicros = strideMicros(stride);
        long diff = ChronoUnit.MICROS.between(origin, t);
        long delta = diff - diff % strideMicros;
        if (diff % strideMicros < 0) {
            delta -= strideMicros;
        }
        return DateTimeValues.checkTimestamp(origin.plus(delta, ChronoUnit.MICROS));
    }

    static Instant dateBin(Interval stride, Instant t, Instant origin) {
        if (!DateTimeValues.isFinite(t)) {
            return t;
        }
        if (!DateTimeValues.isFinite(origin)) {
            throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "origin out of range");
        }
        long strideMicros = strideMicros(stride);
        long diff = ChronoUnit.MICROS.between(origin, t);
        long delta = diff - diff % strideMicros;
        if (diff % strideMicros < 0) {
            delta -= strideMicros;
        }
        return DateTimeValues.checkTimestamptz(origin.plus(delta, ChronoUnit.MICROS));
    }

    // ---- generate_series ------------------------------------------------------------------------------------------

    /**
     * generate_series(start, stop, step) for timestamp ({@code type} TIMESTAMP, LocalDateTime values) or
     * timestamptz (Instant, steps taken in {@code zone} as timestamptz + interval does): every value from start
     * while it has not passed stop (in the step's direction), as a list for a FunctionScan to return row by row.
     * A zero step is 22023 "step size cannot equal zero", as generate_series_timestamp says; infinite bounds are
     * refused with the same error as an endless series would need.
     */
    public static List<Object> generateSeries(Object start, Object stop, Interval step, PgType type, ZoneId zone) {
        int direction = step.compareTo(Interval.ZERO);
        if (direction == 0) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
        }
        List<Object> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Comparable<Object> end = (Comparable<Object>) stop;
        Object current = start;
        while (direction > 0 ? end.compareTo(current) >= 0 : end.compareTo(current) <= 0) {
            out.add(current);
            Object next = type == TSTZ ? DateTimeValues.plus((Instant) current, step, zone)
                    : DateTimeValues.plus((LocalDateTime) current, step);
            if (next.equals(current)) {
                break; // an infinite start never moves
            }
            current = next;
        }
        return out;
    }
}
