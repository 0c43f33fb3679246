/*
 * to_char for timestamps and intervals, to_date and to_timestamp(text, text): PostgreSQL's template patterns
 * (formatting.c's DCH keywords). Patterns are matched longest first at each position, as DCH_keywords lists them:
 * YYYY YYY YY Y Y,YYY IYYY IY I, MM, DD DDD IDDD D ID, HH HH12 HH24, MI, SS SSSS SSSSS, MS US FF1..FF6, AM PM
 * A.M. P.M. (case as written), AD BC A.D. B.C., Month MONTH month, Mon MON mon, Day DAY day, Dy DY dy, W WW IW,
 * CC, J, Q, RM rm, TZ tz TZH TZM OF. Prefixes: FM (no padding), FX and TM (accepted, no effect); suffixes TH/th
 * (ordinal). Double-quoted text is copied, a backslash escapes the next character, anything else is copied as is.
 * Names are English and padded to 9 characters unless FM is given. Parsing (to_date/to_timestamp) reads numbers
 * up to each field's width, names case-insensitively, skips one input character per template separator and
 * whitespace for template blanks; a missing field defaults as PostgreSQL does (year 1, month 1, day 1).
 * Not done: localized names (TM), BC years in output, FX strictness, ISO week-date fields in parsing.
 */
package osgres.sql.internal.utils;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.Interval;

public final class DateTimeFormat {
    /** Template keywords in DCH_keywords' order: at one position the first that matches wins. */
    private static final List<String> KEYWORDS = List.of("A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD",
            "DD", "DY", "Day", "Dy", "D", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD",
            "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.",
            "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY",
            "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd", "dy", "d", "ff1", "ff2", "ff3",
            "ff4", "ff5", "ff6", "fx", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy", "iyy", "iy", "i", "j", "mi",
            "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm", "sssss", "ssss", "ss", "tzh", "tzm", "tz", "us",
            "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y");

    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

    private DateTimeFormat() {
    }

    /** One template element: a keyword with its modifiers, or literal text. */
    private record Node(String keyword, boolean fillMode, String suffix, String literal) {
    }

    private static List<Node> parseTemplate(String template) {
        List<Node> nodes = new java.util.ArrayList<>();
        int i = 0;
        int n = template.length();
        while (i < n) {
            boolean fill = false;
            while (true) {
                if (template.startsWith("FM", i) || template.startsWith("fm", i)) {
                    fill = true;
                    i += 2;
                } else if (template.startsWith("TM", i) || template.startsWith("tm", i)
                        || template.startsWith("FX", i) && !template.startsWith("FX", i + 2)
                        || template.startsWith("fx", i)) {
                    i += 2;
                } else {
                    break;
                }
            }
            if (i >= n) {
                break;
            }
            String keyword = null;
            for (String k : KEYWORDS) {
                if (template.startsWith(k, i)) {
                    keyword = k;
                    break;
                }
            }
            if (keyword != null) {
                i += keyword.length();
                String suffix = null;
                if (template.startsWith("TH", i) || template.startsWith("th", i)) {
                    suffix = template.substring(i, i + 2);
                    i += 2;
                }
                nodes.add(new Node(keyword, fill, suffix, null));
                continue;
            }
            char c = template.charAt(i);
            if (c == '"') {
                StringBuilder text = new StringBuilder();
                i++;
                while (i < n && template.charAt(i) != '"') {
                    if (template.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    text.append(template.charAt(i++));
                }
                i++;
                nodes.add(new Node(null, false, null, text.toString()));
            } else if (c == '\\' && i + 1 < n && template.charAt(i + 1) == '"') {
                nodes.add(new Node(null, false, null, "\""));
                i += 2;
            } else {
                nodes.add(new Node(null, false, null, String.valueOf(c)));
                i++;
            }
        }
        return nodes;
    }

    // ---- to_char ------------------------------------------------------------------------------------------------

    /** The fields to_char prints; for intervals the date-derived ones are not meaningful and stay 0. */
    private record Fields(long year, int month, long day, long hour, int minute, int second, long micros,
                          LocalDate date, ZonedDateTime zoned, boolean interval) {
    }

    public static String toChar(LocalDateTime t, ZonedDateTime zoned, String template) {
        if (!DateTimeValues.isFinite(t)) {
            return null;
        }
        return format(new Fields(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
                t.getSecond(), t.getNano() / 1000, t.toLocalDate(), zoned, false), template);
    }

    public static String toChar(Interval i, String template) {
        long hours = i.micros() / Interval.USECS_PER_HOUR;
        long rest = i.micros() - hours * Interval.USECS_PER_HOUR;
        int minutes = (int) (rest / Interval.USECS_PER_MINUTE);
        rest -= minutes * Interval.USECS_PER_MINUTE;
        int seconds = (int) (rest / Interval.USECS_PER_SEC);
        return format(new Fields(i.months() / 12, i.months() % 12, i.days(), hours, minutes, seconds,
                rest - seconds * Interval.USECS_PER_SEC, null, null, true), template);
    }

    private static String format(Fields f, String template) {
        StringBuilder out = new StringBuilder();
        for (Node node : parseTemplate(template)) {
            if (node.literal() != null) {
                out.append(node.literal());
                continue;
            }
            String k = node.keyword();
            boolean fm = node.fillMode();
            String value = switch (k.toUpperCase(Locale.ROOT)) {
                case "HH24" -> number(f.hour(), 2, fm);
                case "HH", "HH12" -> number(f.interval() ? f.hour() % 12 : f.hour() % 12 == 0 ? 12 : f.hour() % 12,
                        2, fm);
                case "MI" -> number(f.minute(), 2, fm);
                case "SS" -> number(f.second(), 2, fm);
                case "MS" -> number(f.micros() / 1000, 3, fm);
                case "US" -> number(f.micros(), 6, fm);
                case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> {
                    int digits = k.charAt(2) - '0';
                    yield number(f.micros() / (long) Math.pow(10, 6 - digits), digits, fm);
                }
                case "SSSS", "SSSSS" -> Long.toString((f.hour() * 60 + f.minute()) * 60 + f.second());
                case "AM", "PM" -> ampm(f.hour() % 24 >= 12, false, k);
                case "A.M.", "P.M." -> ampm(f.hour() % 24 >= 12, true, k);
                case "AD", "BC" -> cased(f.year() > 0 ? "AD" : "BC", k);
                case "A.D.", "B.C." -> cased(f.year() > 0 ? "A.D." : "B.C.", k);
                case "YYYY" -> number(f.year(), 4, fm);
                case "Y,YYY" -> f.year() / 1000 + "," + number(f.year() % 1000, 3, false);
                case "YYY" -> number(f.year() % 1000, 3, fm);
                case "YY" -> number(f.year() % 100, 2, fm);
                case "Y" -> number(f.year() % 10, 1, fm);
                case "IYYY", "IYY", "IY", "I" -> {
                    long iso = f.date() == null ? f.year() : f.date().get(IsoFields.WEEK_BASED_YEAR);
                    int width = k.length();
                    yield number(width == 4 ? iso : iso % (long) Math.pow(10, width), width, fm);
                }
                case "MM" -> number(f.month(), 2, fm);
                case "MONTH" -> f.month() == 0 ? "" : name(monthName(f.month()), k, fm, 9);
                case "MON" -> f.month() == 0 ? "" : name(monthName(f.month()).substring(0, 3), k, true, 3);
                case "RM" -> f.month() == 0 ? "" : name(ROMAN[f.month() - 1], k, fm, 4);
                case "DD" -> number(f.day(), 2, fm);
                case "DDD" -> number(f.date() == null ? f.day() : f.date().getDayOfYear(), 3, fm);
                case "IDDD" -> number(f.date() == null ? 0 : isoDayOfYear(f.date()), 3, fm);
                case "D" -> number(f.date() == null ? 0 : f.date().getDayOfWeek().getValue() % 7 + 1, 1, fm);
                case "ID" -> number(f.date() == null ? 0 : f.date().getDayOfWeek().getValue(), 1, fm);
                case "DAY" -> f.date() == null ? "" : name(dayName(f.date().getDayOfWeek()), k, fm, 9);
                case "DY" -> f.date() == null ? "" : name(dayName(f.date().getDayOfWeek()).substring(0, 3), k,
                        true, 3);
                case "W" -> number(f.date() == null ? 0 : (f.date().getDayOfMonth() - 1) / 7 + 1, 1, fm);
                case "WW" -> number(f.date() == null ? 0 : (f.date().getDayOfYear() - 1) / 7 + 1, 2, fm);
                case "IW" -> number(f.date() == null ? 0 : f.date().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, fm);
                case "CC" -> number(f.interval() ? f.year() / 100 : f.year() > 0 ? (f.year() + 99) / 100
                        : -((99 - (f.year() - 1)) / 100), 2, fm);
                case "J" -> Long.toString(f.date() == null ? 0 : DateTimeFields.julianDay(f.date()));
                case "Q" -> f.month() == 0 ? "" : Integer.toString((f.month() - 1) / 3 + 1);
                case "TZ" -> f.zoned() == null ? "" : cased(zoneAbbreviation(f.zoned()), k);
                case "TZH" -> f.zoned() == null ? "" : tzh(f.zoned().getOffset().getTotalSeconds());
                case "TZM" -> f.zoned() == null ? "" : number(Math.abs(f.zoned().getOffset().getTotalSeconds())
                        / 60 % 60, 2, fm);
                case "OF" -> {
                    if (f.zoned() == null) {
                        yield "";
                    }
                    StringBuilder of = new StringBuilder();
                    DateTimeValues.appendOffset(of, f.zoned().getOffset().getTotalSeconds());
                    yield of.toString();
                }
                default -> k;
            };
            out.append(value);
            if (node.suffix() != null && !value.isEmpty() && Character.isDigit(value.charAt(value.length() - 1))) {
                out.append(ordinal(value, node.suffix().equals("TH")));
            }
        }
        return out.toString();
    }

    /** Zero-padded to {@code width} (a minus sign counts), or plain with FM. */
    private static String number(long value, int width, boolean fillMode) {
        if (fillMode) {
            return Long.toString(value);
        }
        String digits = Long.toString(Math.abs(value));
        StringBuilder out = new StringBuilder();
        if (value < 0) {
            out.append('-');
        }
        for (int i = digits.length() + (value < 0 ? 1 : 0); i < width; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }

    private static String ampm(boolean pm, boolean dotted, String keyword) {
        String s = dotted ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
        return Character.isLowerCase(keyword.charAt(0)) ? s.toLowerCase(Locale.ROOT) : s;
    }

    private static String cased(String s, String keyword) {
        return Character.isLowerCase(keyword.charAt(0)) ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** A name cased as the keyword is written (MONTH, Month, month), padded to {@code width} unless FM. */
    private static String name(String capitalized, String keyword, boolean fillMode, int width) {
        String s;
        if (Character.isLowerCase(keyword.charAt(0))) {
            s = capitalized.toLowerCase(Locale.ROOT);
        } else if (keyword.length() > 1 && Character.isUpperCase(keyword.charAt(1))) {
            s = capitalized.toUpperCase(Locale.ROOT);
        } else {
            s = capitalized;
        }
        if (fillMode || s.length() >= width) {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }

    private static String monthName(int month) {
        return java.time.Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static int isoDayOfYear(LocalDate d) {
        int week = d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        return (week - 1) * 7 + d.getDayOfWeek().getValue();
    }

    private static String tzh(int offsetSeconds) {
        int hours = Math.abs(offsetSeconds) / 3600;
        return (offsetSeconds < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + hours;
    }

    private static String zoneAbbreviation(ZonedDateTime z) {
        String s = z.format(java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH));
        if (s.startsWith("GMT") && s.length() > 3 || s.startsWith("UTC") && s.length() > 3) {
            StringBuilder of = new StringBuilder();
            DateTimeValues.appendOffset(of, z.getOffset().getTotalSeconds());
            return of.toString();
        }
        return s;
    }

    /** 1st 2nd 3rd 4th ... 11th 12th 13th 21st (upper case with TH). */
    private static String ordinal(String number, boolean upper) {
        int last = number.charAt(number.length() - 1) - '0';
        boolean teen = number.length() >= 2 && number.charAt(number.length() - 2) == '1';
        String s = teen ? "th" : switch (last) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    // ---- to_date / to_timestamp ---------------------------------------------------------------------------------

    private static final class Parsed {
        int year = 1;
        boolean yearSet;
        int month = 1;
        int day = 1;
        int hour;
        boolean pm;
        boolean clock12;
        int minute;
        int second;
        long micros;
        Integer dayOfYear;
        Integer offsetSeconds;
    }

    public static LocalDate toDate(String input, String template) {
        Parsed p = parse(input, template);
        return date(p, input);
    }

    public static java.time.Instant toTimestamp(String input, String template, ZoneId zone) {
        Parsed p = parse(input, template);
        LocalDate date = date(p, input);
        int hour = p.hour;
        if (p.clock12) {
            if (hour < 1 || hour > 12) {
                throw PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "hour \"" + hour
                        + "\" is invalid for the 12-hour clock")
                        .withHint("Use the 24-hour clock, or give an hour between 1 and 12.");
            }
            hour = p.pm && hour < 12 ? hour + 12 : !p.pm && hour == 12 ? 0 : hour;
        }
        if (hour > 24 || p.minute > 59 || p.second > 60) {
            throw Messages.datetimeFieldOverflow(input);
        }
        LocalDateTime local = date.atStartOfDay().plusHours(hour).plusMinutes(p.minute).plusSeconds(p.second)
                .plusNanos(p.micros * 1000);
        if (p.offsetSeconds != null) {
            return local.toInstant(java.time.ZoneOffset.ofTotalSeconds(p.offsetSeconds));
        }
        return local.atZone(zone).toInstant();
    }

    private static LocalDate date(Parsed p, String input) {
        try {
            if (p.dayOfYear != null) {
                return LocalDate.ofYearDay(p.year, p.dayOfYear);
            }
            return LocalDate.of(p.year, p.month, p.day);
        } catch (java.time.DateTimeException e) {
            throw Messages.datetimeFieldOverflow(input);
        }
    }

    private static Parsed parse(String input, String template) {
        Parsed p = new Parsed();
        List<Node> nodes = parseTemplate(template);
        int pos = 0;
        for (int ni = 0; ni < nodes.size(); ni++) {
            Node node = nodes.get(ni);
            if (node.literal() != null) {
                String lit = node.literal();
                for (int c = 0; c < lit.length(); c++) {
                    if (Character.isWhitespace(lit.charAt(c))) {
                        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
                            pos++;
                        }
                    } else if (pos < input.length()) {
                        pos++;
                    }
                }
                continue;
            }
            while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
                pos++;
            }
            String k = node.keyword().toUpperCase(Locale.ROOT);
            switch (k) {
                case "MONTH", "MON" -> {
                    int[] found = matchName(input, pos, k.equals("MON"), true);
                    if (found == null) {
                        throw invalidValue(input.substring(pos), node.keyword());
                    }
                    p.month = found[0];
                    pos = found[1];
                }
                case "DAY", "DY" -> {
                    int[] found = matchName(input, pos, k.equals("DY"), false);
                    if (found == null) {
                        throw invalidValue(input.substring(pos), node.keyword());
                    }
                    pos = found[1];
                }
                case "AM", "PM", "A.M.", "P.M." -> {
                    String rest = input.substring(pos).toUpperCase(Locale.ROOT);
                    String[] options = k.length() == 2 ? new String[] {"AM", "PM"} : new String[] {"A.M.", "P.M."};
                    if (rest.startsWith(options[0]) || rest.startsWith(options[1])) {
                        p.pm = rest.startsWith(options[1]);
                        pos += options[0].length();
                    } else {
                        throw invalidValue(input.substring(pos), node.keyword());
                    }
                }
                case "TZH" -> {
                    int start = pos;
                    if (pos < input.length() && (input.charAt(pos) == '+' || input.charAt(pos) == '-')) {
                        pos++;
                    }
                    int end = digitsEnd(input, pos, 2);
                    int hours = Integer.parseInt(input.substring(pos, end));
                    p.offsetSeconds = (input.charAt(start) == '-' ? -1 : 1) * hours * 3600;
                    pos = end;
                }
                case "TZM" -> {
                    int end = digitsEnd(input, pos, 2);
                    int minutes = Integer.parseInt(input.substring(pos, end));
                    int base = p.offsetSeconds == null ? 0 : p.offsetSeconds;
                    p.offsetSeconds = base + (base < 0 ? -minutes * 60 : minutes * 60);
                    pos = end;
                }
                default -> {
                    int width = switch (k) {
                        case "YYYY", "IYYY" -> 4;
                        case "YYY", "IYY", "DDD", "MS", "IDDD" -> 3;
                        case "US" -> 6;
                        case "Y", "I", "D", "ID", "Q", "W" -> 1;
                        case "J", "SSSS", "SSSSS", "Y,YYY" -> 10;
                        default -> k.startsWith("FF") ? k.charAt(2) - '0' : 2;
                    };
                    boolean lastField = ni == nodes.size() - 1
                            || k.equals("YYYY") && nodes.get(ni + 1).keyword() == null;
                    int start = pos;
                    boolean negative = pos < input.length() && input.charAt(pos) == '-' && k.startsWith("Y");
                    if (negative) {
                        pos++;
                    }
                    int end = k.equals("Y,YYY") ? yyyEnd(input, pos)
                            : digitsEnd(input, pos, lastField ? Integer.MAX_VALUE : width);
                    if (end == pos) {
                        String rest = input.substring(start);
                        throw invalidValue(rest.length() > 0 ? rest.substring(0, Math.min(rest.length(), width))
                                : rest, node.keyword()).withDetail(rest.isEmpty()
                                ? "Field requires " + width + " characters, but only 0 remain."
                                : "Value must be an integer.");
                    }
                    long value = Long.parseLong(input.substring(pos, end).replace(",", ""));
                    String digits = input.substring(pos, end);
                    pos = end;
                    if (node.suffix() != null && pos + 2 <= input.length()) {
                        pos += 2;
                    }
                    assign(p, k, negative ? -value : value, digits);
                }
            }
        }
        return p;
    }

    private static int yyyEnd(String input, int pos) {
        int end = pos;
        while (end < input.length() && (Character.isDigit(input.charAt(end)) || input.charAt(end) == ',')) {
            end++;
        }
        return end;
    }

    private static int digitsEnd(String input, int pos, int max) {
        int end = pos;
        while (end < input.length() && end - pos < max && Character.isDigit(input.charAt(end))) {
            end++;
        }
        return end;
    }

    private static void assign(Parsed p, String k, long value, String digits) {
        switch (k) {
            case "YYYY", "Y,YYY", "IYYY" -> {
                p.year = (int) value;
                p.yearSet = true;
            }
            case "YYY", "IYY" -> p.year = (int) (value < 100 ? value + 2000 : value + 1000);
            case "YY", "IY" -> p.year = (int) (value < 70 ? value + 2000 : value + 1900);
            case "Y", "I" -> p.year = (int) (value + 2000);
            case "MM" -> p.month = (int) value;
            case "DD" -> p.day = (int) value;
            case "DDD" -> p.dayOfYear = (int) value;
            case "HH", "HH12" -> {
                p.hour = (int) value;
                p.clock12 = true;
            }
            case "HH24" -> p.hour = (int) value;
            case "MI" -> p.minute = (int) value;
            case "SS" -> p.second = (int) value;
            case "MS" -> p.micros = value * (long) Math.pow(10, 3 - digits.length()) * 1000;
            case "US" -> p.micros = value * (long) Math.pow(10, 6 - digits.length());
            case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> p.micros = value * (long) Math.pow(10,
                    6 - digits.length());
            case "SSSS", "SSSSS" -> {
                p.hour = (int) (value / 3600);
                p.minute = (int) (value / 60 % 60);
                p.second = (int) (value % 60);
            }
            case "J" -> {
                LocalDate d = LocalDate.ofEpochDay(value - 2440588);
                p.year = d.getYear();
                p.month = d.getMonthValue();
                p.day = d.getDayOfMonth();
            }
            default -> {
            }
        }
    }

    /** Month or day names (full or three letters), case-insensitively: {index, end position} or null. */
    private static int[] matchName(String input, int pos, boolean abbreviated, boolean months) {
        String rest = input.substring(pos).toLowerCase(Locale.ROOT);
        int count = months ? 12 : 7;
        for (int i = 1; i <= count; i++) {
            String full = (months ? monthName(i) : dayName(DayOfWeek.of(i))).toLowerCase(Locale.ROOT);
            String candidate = abbreviated ? full.substring(0, 3) : full;
            if (rest.startsWith(candidate)) {
                return new int[] {i, pos + candidate.length()};
            }
        }
        return null;
    }

    private static PgException invalidValue(String value, String keyword) {
        String shown = value;
        int space = shown.indexOf(' ');
        if (space > 0) {
            shown = shown.substring(0, space);
        }
        return PgException.error(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + shown + "\" for \""
                + keyword + "\"");
    }
}
