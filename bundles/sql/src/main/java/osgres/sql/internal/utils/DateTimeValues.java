/*
 * Date/time values beyond what TypeIo always knew: time (LocalTime), timetz (OffsetTime), the infinite
 * timestamps and dates, and the calendar arithmetic that timestamp.c and date.c do on them (timestamp_pl_interval,
 * timestamptz_pl_interval with months and days added in the session time zone, timestamp_mi with its
 * justify_hours, date_pli/date_mi, time_pl_interval wrapping at midnight).
 *
 * Infinity: PostgreSQL keeps 'infinity'/'-infinity' as the largest and smallest int64 (timestamps) or int32
 * (dates). Here they are the Java types' extremes, so ordering needs no special case: timestamp LocalDateTime.MAX /
 * MIN, timestamptz Instant.MAX / MIN, date LocalDate.MAX / MIN. Binary send/receive maps them to PostgreSQL's
 * sentinels. Finite values stay within PostgreSQL's range (4713 BC .. 294276 AD); results outside it raise
 * "timestamp out of range" / "date out of range".
 *
 * Binary layouts (timestamp.c / date.c send functions):
 *   interval: int64 microseconds, int32 days, int32 months
 *   time:     int64 microseconds since midnight
 *   timetz:   int64 microseconds since midnight, int32 zone in seconds WEST of UTC (the negated offset)
 * Input beyond TypeIo's ISO pattern (parseTextual): month names, numeric forms in DateStyle MDY, Julian days, BC;
 * zone names in any case and a fixed table of common abbreviations (PST, CEST...).
 * Not done: 24:00:00 as a time value, other DateStyles, run-together forms such as 97FEB10, POSIX zone specs.
 */
package osgres.sql.internal.utils;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.storage.Interval;

public final class DateTimeValues {
    static final LocalDateTime TIMESTAMP_INFINITY = LocalDateTime.MAX;
    static final LocalDateTime TIMESTAMP_MINUS_INFINITY = LocalDateTime.MIN;
    public static final Instant TIMESTAMPTZ_INFINITY = Instant.MAX;
    public static final Instant TIMESTAMPTZ_MINUS_INFINITY = Instant.MIN;
    static final LocalDate DATE_INFINITY = LocalDate.MAX;
    static final LocalDate DATE_MINUS_INFINITY = LocalDate.MIN;

    /** PostgreSQL's last valid timestamp year (294276 AD) and first (4713 BC, year -4712 in ISO numbering). */
    private static final int MAX_YEAR = 294276;
    private static final int MIN_YEAR = -4712;

    private static final Pattern TIME = Pattern.compile(
            "(?:(\\d{4,}-\\d{1,2}-\\d{1,2})[ T]+)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d*))?)?"
                    + "\\s*(am(?![a-z])|pm(?![a-z])|a\\.m\\.|p\\.m\\.)?"
                    + "\\s*(z|utc|gmt|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?|[a-z][a-z0-9_/+-]*)?",
            Pattern.CASE_INSENSITIVE);

    /** Abbreviations of PostgreSQL's default timezone_abbreviations set that are in common use (hours east). */
    private static final java.util.Map<String, Integer> ABBREVIATIONS = java.util.Map.ofEntries(
            java.util.Map.entry("est", -5), java.util.Map.entry("edt", -4), java.util.Map.entry("cst", -6),
            java.util.Map.entry("cdt", -5), java.util.Map.entry("mst", -7), java.util.Map.entry("mdt", -6),
            java.util.Map.entry("pst", -8), java.util.Map.entry("pdt", -7), java.util.Map.entry("akst", -9),
            java.util.Map.entry("akdt", -8), java.util.Map.entry("hst", -10), java.util.Map.entry("cet", 1),
            java.util.Map.entry("cest", 2), java.util.Map.entry("eet", 2), java.util.Map.entry("eest", 3),
            java.util.Map.entry("wet", 0), java.util.Map.entry("west", 1), java.util.Map.entry("bst", 1),
            java.util.Map.entry("msk", 3), java.util.Map.entry("jst", 9), java.util.Map.entry("kst", 9),
            java.util.Map.entry("aest", 10), java.util.Map.entry("aedt", 11), java.util.Map.entry("nzst", 12),
            java.util.Map.entry("nzdt", 13));

    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private DateTimeValues() {
    }

    /** A zone abbreviation (lower case) as a fixed offset, or null. */
    public static ZoneOffset abbreviation(String lower) {
        Integer hours = ABBREVIATIONS.get(lower);
        return hours == null ? null : ZoneOffset.ofHours(hours);
    }

    /** A zone name as PostgreSQL finds it: an abbreviation, an IANA name in any case; DateTimeException if none. */
    public static ZoneId namedZone(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("utc") || lower.equals("gmt") || lower.equals("z") || lower.equals("zulu")) {
            return ZoneOffset.UTC;
        }
        ZoneOffset abbreviation = abbreviation(lower);
        if (abbreviation != null) {
            return abbreviation;
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            for (String id : ZoneId.getAvailableZoneIds()) {
                if (id.equalsIgnoreCase(name)) {
                    return ZoneId.of(id);
                }
            }
            throw e;
        }
    }

    /** A date-time written with a month name (ParseDateTime/DecodeDateTime's textual forms), and its zone. */
    record TextualTimestamp(LocalDateTime local, String zone) {
    }

    /**
     * {@code Jan 1 2024}, {@code January 8, 1999 10:30 PM}, {@code 8 Jan 2024 10:00 PST}, {@code Mon Jan 1 2024},
     * {@code 2024-Jan-01}: a month name, a day and a year of three or more digits in either order, an optional time
     * with AM/PM, an optional zone; day names are ignored. Null when the text is not of this shape.
     */
    static TextualTimestamp parseTextual(String text) {
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (String word : text.strip().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            // 1997/02/10 and Feb-10-1997 split into their fields; a zone such as America/New_York stays whole
            tokens.addAll(java.util.List.of(word.matches("[\\d/]+") ? word.split("/")
                    : word.indexOf('/') < 0 ? word.split("(?<=[a-z])-|-(?=[a-z])") : new String[] {word}));
        }
        Integer month = null;
        LocalDate date = null;
        java.util.List<String> numbers = new java.util.ArrayList<>();
        LocalTime time = LocalTime.MIDNIGHT;
        String zone = null;
        Boolean pm = null;
        boolean bc = false;
        for (String token : tokens) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.indexOf(':') > 0 && Character.isDigit(token.charAt(0))) {
                TimeParts parts = parseTimeParts(token, "timestamp");
                time = parts.time;
                zone = parts.zone != null ? parts.zone : zone;
            } else if (token.equals("am") || token.equals("pm") || token.equals("a.m.") || token.equals("p.m.")) {
                pm = token.charAt(0) == 'p';
            } else if (token.equals("bc") || token.equals("b.c.")) {
                bc = true;
            } else if (token.equals("ad") || token.equals("a.d.")) {
                continue;
            } else if (token.matches("j\\d+")) {
                // a Julian day number
                date = LocalDate.ofEpochDay(Long.parseLong(token.substring(1)) - 2440588);
            } else if (token.matches("\\d{4}\\.\\d{3}")) {
                // year.day-of-year
                date = LocalDate.ofYearDay(Integer.parseInt(token.substring(0, 4)), Integer.parseInt(token.substring(5)));
            } else if (token.matches("\\d{8}") && date == null && numbers.isEmpty()) {
                date = LocalDate.of(Integer.parseInt(token.substring(0, 4)), Integer.parseInt(token.substring(4, 6)),
                        Integer.parseInt(token.substring(6)));
            } else if (token.matches("\\d{6}") && date != null) {
                time = LocalTime.of(Integer.parseInt(token.substring(0, 2)), Integer.parseInt(token.substring(2, 4)),
                        Integer.parseInt(token.substring(4)));
            } else if (token.matches("\\d+(-\\d+)+")) {
                numbers.addAll(java.util.List.of(token.split("-")));
            } else if (token.chars().allMatch(Character::isDigit)) {
                numbers.add(token);
            } else if (token.startsWith("+") || token.startsWith("-")) {
                zone = token;
            } else if (Character.isLetter(token.charAt(0))) {
                int m = nameIndex(MONTHS, token, "january february march april may june july august september "
                        + "october november december");
                if (m >= 0 && month == null) {
                    month = m + 1;
                } else if (nameIndex(DAYS, token, "sunday monday tuesday wednesday thursday friday saturday") < 0) {
                    zone = token;
                }
            } else {
                return null;
            }
        }
        if (date == null) {
            int year;
            int day;
            if (month != null && numbers.size() == 2) {
                String first = numbers.get(0);
                String second = numbers.get(1);
                boolean yearFirst = first.length() > 2;
                year = Integer.parseInt(yearFirst ? first : second);
                day = Integer.parseInt(yearFirst ? second : first);
            } else if (month == null && numbers.size() == 3) {
                // all numeric: year first when written with more than two digits, else DateStyle MDY
                int first = Integer.parseInt(numbers.get(0));
                if (numbers.get(0).length() > 2) {
                    year = first;
                    month = Integer.parseInt(numbers.get(1));
                    day = Integer.parseInt(numbers.get(2));
                } else {
                    month = first;
                    day = Integer.parseInt(numbers.get(1));
                    year = Integer.parseInt(numbers.get(2));
                }
                if (numbers.get(0).length() <= 2 && numbers.get(2).length() <= 2) {
                    year += year < 70 ? 2000 : 1900;
                }
                if (month > 12) {
                    throw Messages.datetimeFieldOverflow(text)
                            .withHint("Perhaps you need a different \"datestyle\" setting.");
                }
            } else {
                return null;
            }
            date = LocalDate.of(year, month, day);
        } else if (!numbers.isEmpty() || month != null) {
            return null;
        }
        if (bc) {
            date = date.withYear(1 - date.getYear());
        }
        if (pm != null) {
            int hour = time.getHour();
            if (hour < 1 || hour > 12) {
                return null;
            }
            time = time.withHour(pm && hour < 12 ? hour + 12 : !pm && hour == 12 ? 0 : hour);
        }
        return new TextualTimestamp(LocalDateTime.of(date, time), zone);
    }

    private static int nameIndex(String[] abbreviations, String token, String fullNames) {
        java.util.List<String> full = java.util.List.of(fullNames.split(" "));
        int index = full.indexOf(token);
        if (index >= 0) {
            return index;
        }
        index = java.util.Arrays.asList(abbreviations).indexOf(token);
        if (index < 0 && (token.equals("sept") || token.equals("tues") || token.equals("thur")
                || token.equals("thurs") || token.equals("weds"))) {
            index = java.util.Arrays.asList(abbreviations).indexOf(token.substring(0, 3));
        }
        return index;
    }

    // ---- infinity ---------------------------------------------------------------------------------------------

    public static boolean isFinite(Object value) {
        return !(value instanceof LocalDateTime t && (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN))
                || value instanceof Instant i && (i.equals(Instant.MAX) || i.equals(Instant.MIN))
                || value instanceof LocalDate d && (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)));
    }

    /** {@code infinity}, {@code -infinity}, or null for a finite value. */
    static String infinityText(Object value) {
        if (isFinite(value)) {
            return null;
        }
        return value.equals(LocalDateTime.MAX) || value.equals(Instant.MAX) || value.equals(LocalDate.MAX)
                ? "infinity" : "-infinity";
    }

    static boolean isPositiveInfinity(Object value) {
        return value.equals(LocalDateTime.MAX) || value.equals(Instant.MAX) || value.equals(LocalDate.MAX);
    }

    /** The infinity of {@code type} for input text {@code infinity}, {@code +infinity}, {@code -infinity}. */
    static Object infinity(PgType type, String lowerText) {
        boolean positive = switch (lowerText) {
            case "infinity", "+infinity" -> true;
            case "-infinity" -> false;
            default -> throw new IllegalArgumentException(lowerText);
        };
        return switch (type) {
            case TIMESTAMP -> positive ? TIMESTAMP_INFINITY : TIMESTAMP_MINUS_INFINITY;
            case TIMESTAMPTZ -> positive ? TIMESTAMPTZ_INFINITY : TIMESTAMPTZ_MINUS_INFINITY;
            default -> positive ? DATE_INFINITY : DATE_MINUS_INFINITY;
        };
    }

    static boolean isInfinityText(String lowerText) {
        return lowerText.equals("infinity") || lowerText.equals("+infinity") || lowerText.equals("-infinity");
    }

    /** The same infinity in another type (date and timestamp casts keep infinity). */
    public static Object sameInfinity(Object infinite, PgType to) {
        return infinity(to, isPositiveInfinity(infinite) ? "infinity" : "-infinity");
    }

    public static LocalDateTime checkTimestamp(LocalDateTime t) {
        if (t.getYear() > MAX_YEAR || t.getYear() < MIN_YEAR) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
        return t;
    }

    public static Instant checkTimestamptz(Instant t) {
        LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        if (utc.getYear() > MAX_YEAR || utc.getYear() < MIN_YEAR) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
        return t;
    }

    public static LocalDate checkDate(LocalDate d) {
        if (d.getYear() > 5874897 || d.getYear() < MIN_YEAR) {
            throw Messages.datetimeOutOfRange("date");
        }
        return d;
    }

    // ---- time and timetz text I/O -------------------------------------------------------------------------------

    /** time_in: {@code hh:mm[:ss[.frac]]} with optional AM/PM, an optional leading date and a zone (ignored). */
    static LocalTime parseTime(String text) {
        return parseTimeParts(text, "time without time zone").time;
    }

    /** timetz_in: as time_in, with the zone given or else the session zone's current offset. */
    static OffsetTime parseTimetz(String text, ZoneId sessionZone) {
        TimeParts parts = parseTimeParts(text, "time with time zone");
        ZoneOffset offset;
        if (parts.zone == null) {
            offset = sessionZone.getRules().getOffset(Instant.now());
        } else {
            ZoneId zone = zoneOf(parts.zone, text);
            // a named zone's offset is the one in force on the date given with the time, else today
            offset = zone instanceof ZoneOffset o ? o : parts.date != null
                    ? zone.getRules().getOffset(parts.date.atTime(parts.time))
                    : zone.getRules().getOffset(Instant.now());
        }
        return OffsetTime.of(parts.time, offset);
    }

    /** A time of day, its zone as written (or null) and the date written before it (or null). */
    private record TimeParts(LocalTime time, String zone, LocalDate date) {
    }

    private static TimeParts parseTimeParts(String text, String typeName) {
        String t = text.strip();
        if (t.equalsIgnoreCase("allballs")) {
            return new TimeParts(LocalTime.MIDNIGHT, "z", null);
        }
        if (t.equalsIgnoreCase("now")) {
            return new TimeParts(LocalTime.now().truncatedTo(ChronoUnit.MICROS), null, null);
        }
        Matcher m = TIME.matcher(t);
        if (!m.matches()) {
            throw Messages.invalidDatetimeInput(typeName, text);
        }
        int hour = Integer.parseInt(m.group(2));
        int minute = Integer.parseInt(m.group(3));
        int second = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        long micros = 0;
        if (m.group(5) != null && !m.group(5).isEmpty()) {
            micros = roundFractionToMicros(m.group(5));
        }
        String ampm = m.group(6);
        if (ampm != null) {
            if (hour > 12 || hour == 0) {
                throw Messages.datetimeFieldOverflow(text);
            }
            boolean pm = Character.toLowerCase(ampm.charAt(0)) == 'p';
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw Messages.datetimeFieldOverflow(text);
        }
        long total = ((hour * 60L + minute) * 60 + second) * Interval.USECS_PER_SEC + micros;
        if (total >= Interval.USECS_PER_DAY) {
            throw Messages.datetimeFieldOverflow(text);
        }
        LocalDate date = null;
        if (m.group(1) != null) {
            try {
                date = LocalDate.parse(m.group(1), java.time.format.DateTimeFormatter.ofPattern("y-M-d"));
            } catch (DateTimeException e) {
                throw Messages.datetimeFieldOverflow(text);
            }
        }
        return new TimeParts(LocalTime.ofNanoOfDay(total * 1000), m.group(7), date);
    }

    /** Digits after the decimal point, rounded half up to microseconds. */
    static long roundFractionToMicros(String digits) {
        String padded = (digits + "0000000").substring(0, 7);
        long sevenths = Long.parseLong(padded);
        long micros = (sevenths + 5) / 10;
        return micros;
    }

    static ZoneId zoneOf(String zoneText, String input) {
        String z = zoneText.strip();
        if (z.equalsIgnoreCase("z") || z.equalsIgnoreCase("utc") || z.equalsIgnoreCase("gmt")
                || z.equalsIgnoreCase("zulu")) {
            return ZoneOffset.UTC;
        }
        try {
            if (z.startsWith("+") || z.startsWith("-")) {
                return offsetOf(z);
            }
            return namedZone(z);
        } catch (DateTimeException | NumberFormatException e) {
            throw Messages.invalidDatetimeInput("time with time zone", input);
        }
    }

    /** A numeric zone {@code +05}, {@code -0530}, {@code +05:30:15} as an offset east of UTC. */
    public static ZoneOffset offsetOf(String z) {
        String body = z.substring(1);
        int hours;
        int minutes = 0;
        int seconds = 0;
        if (body.contains(":")) {
            String[] parts = body.split(":");
            hours = Integer.parseInt(parts[0]);
            minutes = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            seconds = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        } else if (body.length() <= 2) {
            hours = Integer.parseInt(body);
        } else if (body.length() <= 4) {
            hours = Integer.parseInt(body.substring(0, body.length() - 2));
            minutes = Integer.parseInt(body.substring(body.length() - 2));
        } else {
            hours = Integer.parseInt(body.substring(0, body.length() - 4));
            minutes = Integer.parseInt(body.substring(body.length() - 4, body.length() - 2));
            seconds = Integer.parseInt(body.substring(body.length() - 2));
        }
        int total = hours * 3600 + minutes * 60 + seconds;
        return ZoneOffset.ofTotalSeconds(z.startsWith("-") ? -total : total);
    }

    /** time_out: {@code 10:00:00}, {@code 10:00:00.5}. */
    static String formatTime(LocalTime t) {
        StringBuilder out = new StringBuilder(15);
        Interval.appendTwoDigits(out, t.getHour()).append(':');
        Interval.appendTwoDigits(out, t.getMinute()).append(':');
        Interval.appendTwoDigits(out, t.getSecond());
        Interval.appendFraction(out, t.getNano() / 1000);
        return out.toString();
    }

    /** timetz_out: the time, then EncodeTimezone's {@code +02}, {@code +05:30}, {@code -03:30:15}. */
    static String formatTimetz(OffsetTime t) {
        StringBuilder out = new StringBuilder(formatTime(t.toLocalTime()));
        appendOffset(out, t.getOffset().getTotalSeconds());
        return out.toString();
    }

    static void appendOffset(StringBuilder out, int offsetSeconds) {
        int abs = Math.abs(offsetSeconds);
        out.append(offsetSeconds < 0 ? '-' : '+');
        Interval.appendTwoDigits(out, abs / 3600);
        if (abs % 60 != 0) {
            out.append(':');
            Interval.appendTwoDigits(out, abs % 3600 / 60).append(':');
            Interval.appendTwoDigits(out, abs % 60);
        } else if (abs % 3600 != 0) {
            out.append(':');
            Interval.appendTwoDigits(out, abs % 3600 / 60);
        }
    }

    // ---- binary ----------------------------------------------------------------------------------------------

    static byte[] sendInterval(Interval v) {
        return ByteBuffer.allocate(16).putLong(v.micros()).putInt(v.days()).putInt(v.months()).array();
    }

    static Interval receiveInterval(ByteBuffer b) {
        long micros = b.getLong();
        int days = b.getInt();
        return new Interval(b.getInt(), days, micros);
    }

    static byte[] sendTime(LocalTime t) {
        return ByteBuffer.allocate(8).putLong(t.toNanoOfDay() / 1000).array();
    }

    static LocalTime receiveTime(ByteBuffer b, int parameterNumber) {
        long micros = b.getLong();
        if (micros < 0 || micros >= Interval.USECS_PER_DAY) {
            throw Messages.datetimeOutOfRange("time");
        }
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    static byte[] sendTimetz(OffsetTime t) {
        return ByteBuffer.allocate(12).putLong(t.toLocalTime().toNanoOfDay() / 1000)
                .putInt(-t.getOffset().getTotalSeconds()).array();
    }

    static OffsetTime receiveTimetz(ByteBuffer b, int parameterNumber) {
        LocalTime time = receiveTime(b, parameterNumber);
        int west = b.getInt();
        if (Math.abs(west) > 18 * 3600) {
            throw Messages.datetimeError(osgres.api.SqlState.INVALID_TIME_ZONE_DISPLACEMENT_VALUE,
                    "time zone displacement out of range");
        }
        return OffsetTime.of(time, ZoneOffset.ofTotalSeconds(-west));
    }

    /** Microseconds since 2000-01-01 for send; Long.MAX/MIN_VALUE for the infinities. */
    static long timestampMicros(LocalDateTime t) {
        if (t.equals(LocalDateTime.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t.equals(LocalDateTime.MIN)) {
            return Long.MIN_VALUE;
        }
        return ChronoUnit.MICROS.between(TypeIo.PG_EPOCH, t);
    }

    static LocalDateTime timestampOfMicros(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return TypeIo.PG_EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    public static long timestamptzMicros(Instant t) {
        if (t.equals(Instant.MAX)) {
            return Long.MAX_VALUE;
        }
        if (t.equals(Instant.MIN)) {
            return Long.MIN_VALUE;
        }
        return ChronoUnit.MICROS.between(TypeIo.PG_EPOCH.toInstant(ZoneOffset.UTC), t);
    }

    public static Instant timestamptzOfMicros(long micros) {
        if (micros == Long.MAX_VALUE) {
            return Instant.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return Instant.MIN;
        }
        return TypeIo.PG_EPOCH.toInstant(ZoneOffset.UTC).plus(micros, ChronoUnit.MICROS);
    }

    public static int dateDays(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return Integer.MAX_VALUE;
        }
        if (d.equals(LocalDate.MIN)) {
            return Integer.MIN_VALUE;
        }
        return (int) ChronoUnit.DAYS.between(TypeIo.PG_EPOCH.toLocalDate(), d);
    }

    static LocalDate dateOfDays(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return TypeIo.PG_EPOCH.toLocalDate().plusDays(days);
    }

    // ---- arithmetic (timestamp.c, date.c) ------------------------------------------------------------------------

    /** timestamp_pl_interval: months (day clamped to the month's end), then days, then microseconds. */
    public static LocalDateTime plus(LocalDateTime t, Interval i) {
        if (!isFinite(t)) {
            return t;
        }
        try {
            return checkTimestamp(t.plusMonths(i.months()).plusDays(i.days()).plus(i.micros(), ChronoUnit.MICROS));
        } catch (DateTimeException | ArithmeticException e) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
    }

    /** timestamptz_pl_interval: months and days on the local date-time in {@code zone}, then microseconds. */
    public static Instant plus(Instant t, Interval i, ZoneId zone) {
        if (!isFinite(t)) {
            return t;
        }
        try {
            Instant shifted = t;
            if (i.months() != 0 || i.days() != 0) {
                shifted = ZonedDateTime.ofInstant(t, zone).plusMonths(i.months()).plusDays(i.days()).toInstant();
            }
            return checkTimestamptz(shifted.plus(i.micros(), ChronoUnit.MICROS));
        } catch (DateTimeException | ArithmeticException e) {
            throw Messages.datetimeOutOfRange("timestamp");
        }
    }

    /** timestamp_mi: the difference as microseconds, then justify_hours. */
    public static Interval minus(LocalDateTime a, LocalDateTime b) {
        if (!isFinite(a) || !isFinite(b)) {
            throw Messages.datetimeError(osgres.api.SqlState.DATETIME_FIELD_OVERFLOW,
                    "cannot subtract infinite timestamps");
        }
        return Intervals.justifyHours(Interval.ofMicros(ChronoUnit.MICROS.between(b, a)));
    }

    public static Interval minus(Instant a, Instant b) {
        if (!isFinite(a) || !isFinite(b)) {
            throw Messages.datetimeError(osgres.api.SqlState.DATETIME_FIELD_OVERFLOW,
                    "cannot subtract infinite timestamps");
        }
        return Intervals.justifyHours(Interval.ofMicros(ChronoUnit.MICROS.between(b, a)));
    }

    /** date_mi: whole days between two dates. */
    public static int minus(LocalDate a, LocalDate b) {
        if (!isFinite(a) || !isFinite(b)) {
            throw Messages.datetimeError(osgres.api.SqlState.DATETIME_FIELD_OVERFLOW,
                    "cannot subtract infinite dates");
        }
        return (int) ChronoUnit.DAYS.between(b, a);
    }

    /** date_pli / date_mii: infinite dates stay infinite. */
    public static LocalDate plusDays(LocalDate d, long days) {
        if (!isFinite(d)) {
            return d;
        }
        try {
            return checkDate(d.plusDays(days));
        } catch (DateTimeException e) {
            throw Messages.datetimeOutOfRange("date");
        }
    }

    /** time_pl_interval: only the microseconds count, modulo a day. */
    public static LocalTime plus(LocalTime t, Interval i) {
        long micros = Math.floorMod(t.toNanoOfDay() / 1000 + i.micros() % Interval.USECS_PER_DAY,
                Interval.USECS_PER_DAY);
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    public static OffsetTime plus(OffsetTime t, Interval i) {
        return OffsetTime.of(plus(t.toLocalTime(), i), t.getOffset());
    }

    /** time_mi_time. */
    public static Interval minus(LocalTime a, LocalTime b) {
        return Interval.ofMicros((a.toNanoOfDay() - b.toNanoOfDay()) / 1000);
    }

    /** date_timestamp: an infinite date is an infinite timestamp. */
    public static LocalDateTime toTimestamp(LocalDate d) {
        return isFinite(d) ? d.atStartOfDay() : (LocalDateTime) sameInfinity(d, PgType.TIMESTAMP);
    }

    public static Instant toTimestamptz(LocalDateTime t, ZoneId zone) {
        return isFinite(t) ? t.atZone(zone).toInstant() : (Instant) sameInfinity(t, PgType.TIMESTAMPTZ);
    }

    public static LocalDateTime toTimestamp(Instant t, ZoneId zone) {
        return isFinite(t) ? LocalDateTime.ofInstant(t, zone) : (LocalDateTime) sameInfinity(t, PgType.TIMESTAMP);
    }

    static LocalDate toDate(LocalDateTime t) {
        return isFinite(t) ? t.toLocalDate() : (LocalDate) sameInfinity(t, PgType.DATE);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
