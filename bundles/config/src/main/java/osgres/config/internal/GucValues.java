package osgres.config.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.api.GucDefinition;
import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * Turns a parameter's input text into its typed value and the display form SHOW prints, with PostgreSQL's
 * rules and error texts (guc.c parse_bool / parse_int / parse_real / parse_and_validate_value and
 * _ShowOption, plus the check hooks of variable.c that matter to clients: DateStyle, client_encoding,
 * TimeZone, application_name, search_path).
 *
 * <p>Numbers: decimal, octal ({@code 0} prefix) or hex ({@code 0x}) integers, or a float rounded after unit
 * conversion; an optional unit (memory 1024-based {@code B kB MB GB TB}, time {@code us ms s min h d})
 * converts to the parameter's base unit, rounding a fractional value to the next smaller unit. Display picks
 * the greatest unit that shows the value without loss ({@code 16384} pages of 8kB -> {@code 128MB}).
 *
 * <p>Not done: client encodings other than UTF8 and SQL_ASCII (no conversion), numeric and interval time
 * zones ({@code SET TIME ZONE -7}), locale existence checks, text search configuration lookups.
 */
final class GucValues {

    /** A checked value: what components receive (Boolean, Integer, Double, String) and what SHOW prints. */
    record Value(Object typed, String display) {
    }

    private record Unit(String name, double bytesOrMillis) {
    }

    private static final List<Unit> MEMORY_UNITS = List.of(new Unit("TB", 1024.0 * 1024 * 1024 * 1024),
            new Unit("GB", 1024.0 * 1024 * 1024), new Unit("MB", 1024.0 * 1024), new Unit("kB", 1024.0),
            new Unit("B", 1.0));
    private static final List<Unit> TIME_UNITS = List.of(new Unit("d", 86_400_000.0), new Unit("h", 3_600_000.0),
            new Unit("min", 60_000.0), new Unit("s", 1000.0), new Unit("ms", 1.0), new Unit("us", 0.001));
    private static final Map<String, Double> BASE_UNIT_SIZES = Map.of("B", 1.0, "kB", 1024.0, "MB", 1024.0 * 1024,
            "8kB", 8192.0, "ms", 1.0, "s", 1000.0, "min", 60_000.0);

    /** Encodings PostgreSQL knows as client encodings (besides UTF8 and SQL_ASCII, which osgres accepts). */
    private static final Set<String> OTHER_ENCODINGS = Set.of("BIG5", "EUC_CN", "EUC_JP", "EUC_JIS_2004",
            "EUC_KR", "EUC_TW", "GB18030", "GBK", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "JOHAB",
            "KOI8R", "KOI8U", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8",
            "LATIN9", "LATIN10", "MULE_INTERNAL", "SJIS", "SHIFT_JIS_2004", "UHC", "WIN866", "WIN874", "WIN1250",
            "WIN1251", "WIN1252", "WIN1253", "WIN1254", "WIN1255", "WIN1256", "WIN1257", "WIN1258");
    private static final Pattern POSIX_ZONE = Pattern.compile(
            "<?[A-Za-z+\\-0-9]{3,}>?([+-]?\\d{1,2}(:\\d{2}){0,2}([A-Za-z<][A-Za-z0-9<>+\\-,./:]*)?)?");
    private static final Map<String, String> ZONES_BY_LOWER_CASE = zonesByLowerCase();
    private static final int NAME_MAX_BYTES = 63;

    private GucValues() {
    }

    /**
     * Checks {@code input} for {@code guc}. {@code name} is the spelling the caller used (PostgreSQL's own
     * checks quote it; check hooks quote the canonical name); {@code current} is the present display value,
     * which DateStyle starts from ({@code SET DateStyle = ISO} keeps the field order).
     */
    static Value parse(GucTable.Guc guc, String name, String input, String current) {
        return switch (guc.type()) {
            case BOOL -> {
                Boolean value = parseBool(input);
                if (value == null) {
                    throw invalid(Messages.REQUIRES_BOOLEAN.formatted(name));
                }
                yield new Value(value, value ? "on" : "off");
            }
            case INTEGER -> parseInteger(guc, name, input);
            case REAL -> parseReal(guc, name, input);
            case ENUM -> parseEnum(guc, name, input);
            case STRING -> parseString(guc, input, current);
        };
    }

    /** parse_bool: on/off, true/false, yes/no, 1/0, any unique prefix, case-insensitive. */
    static Boolean parseBool(String value) {
        if (value.isEmpty()) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return switch (lower.charAt(0)) {
            case 't' -> "true".startsWith(lower) ? Boolean.TRUE : null;
            case 'f' -> "false".startsWith(lower) ? Boolean.FALSE : null;
            case 'y' -> "yes".startsWith(lower) ? Boolean.TRUE : null;
            case 'n' -> "no".startsWith(lower) ? Boolean.FALSE : null;
            case 'o' -> lower.length() >= 2 && "on".startsWith(lower) ? Boolean.TRUE
                    : lower.length() >= 2 && "off".startsWith(lower) ? Boolean.FALSE : null;
            case '1' -> lower.length() == 1 ? Boolean.TRUE : null;
            case '0' -> lower.length() == 1 ? Boolean.FALSE : null;
            default -> null;
        };
    }

    private static Value parseInteger(GucTable.Guc guc, String name, String input) {
        double value = parseNumber(guc, name, input, true);
        long rounded = (long) Math.rint(value);
        if (Math.rint(value) > Integer.MAX_VALUE || Math.rint(value) < Integer.MIN_VALUE) {
            throw invalidValue(name, input, Messages.INTEGER_RANGE_HINT);
        }
        GucDefinition d = guc.definition();
        if (rounded < d.min() || rounded > d.max()) {
            String unit = guc.unit();
            throw invalid(Messages.INT_OUT_OF_RANGE.formatted(rounded, unit.isEmpty() ? "" : " ", unit, name,
                    (long) d.min(), (long) d.max()));
        }
        int intValue = (int) rounded;
        return new Value(intValue, displayInteger(guc, intValue));
    }

    private static Value parseReal(GucTable.Guc guc, String name, String input) {
        double value = parseNumber(guc, name, input, false);
        GucDefinition d = guc.definition();
        if (value < d.min() || value > d.max()) {
            String unit = guc.unit();
            throw invalid(Messages.REAL_OUT_OF_RANGE.formatted(formatG(value), unit.isEmpty() ? "" : " ", unit, name,
                    formatG(d.min()), formatG(d.max())));
        }
        return new Value(value, displayReal(guc, value));
    }

    /** parse_int / parse_real up to (not including) rounding and range checks. */
    private static double parseNumber(GucTable.Guc guc, String name, String input, boolean integer) {
        double value;
        int end;
        StrtolResult asLong = integer ? strtol(input) : null;
        if (asLong != null && !asLong.overflow() && !startsFloatPart(input, asLong.end())) {
            value = asLong.value();
            end = asLong.end();
        } else {
            int[] endOut = new int[1];
            Double parsed = strtod(input, endOut);
            if (parsed == null) {
                throw invalidValue(name, input, null);
            }
            value = parsed;
            end = endOut[0];
        }
        if (end == 0 || Double.isNaN(value)) {
            throw invalidValue(name, input, null);
        }
        while (end < input.length() && isSpace(input.charAt(end))) {
            end++;
        }
        if (end < input.length()) {
            if (!guc.hasUnit()) {
                throw invalidValue(name, input, null);
            }
            Double converted = toBaseUnit(value, input.substring(end), guc.unit());
            if (converted == null) {
                throw invalidValue(name, input, guc.isMemoryUnit() ? Messages.MEMORY_UNITS_HINT
                        : Messages.TIME_UNITS_HINT);
            }
            value = converted;
        }
        return value;
    }

    private static boolean startsFloatPart(String input, int end) {
        if (end >= input.length()) {
            return false;
        }
        char c = input.charAt(end);
        return c == '.' || c == 'e' || c == 'E';
    }

    private record StrtolResult(long value, int end, boolean overflow) {
    }

    /** C's strtol(value, &end, 0): no digits leaves {@code end} at 0, as the caller's fallback test needs. */
    private static StrtolResult strtol(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 2 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && Character.digit(s.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < s.length() && s.charAt(i) == '0') {
            radix = 8;
        }
        int start = i;
        BigDecimal accumulated = BigDecimal.ZERO;
        while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0 && s.charAt(i) < 128) {
            accumulated = accumulated.multiply(BigDecimal.valueOf(radix))
                    .add(BigDecimal.valueOf(Character.digit(s.charAt(i), radix)));
            i++;
        }
        if (i == start) {
            return new StrtolResult(0, 0, false);
        }
        if (negative) {
            accumulated = accumulated.negate();
        }
        boolean overflow = accumulated.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                || accumulated.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0;
        return new StrtolResult(overflow ? 0 : accumulated.longValue(), i, overflow);
    }

    /** C's strtod for decimal input and inf/nan; null when nothing parses or the value overflows (ERANGE). */
    private static Double strtod(String s, int[] endOut) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        boolean negative = i > start && s.charAt(start) == '-';
        if (rest.startsWith("infinity") || rest.startsWith("inf")) {
            endOut[0] = i + (rest.startsWith("infinity") ? 8 : 3);
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.startsWith("nan")) {
            endOut[0] = i + 3;
            return Double.NaN;
        }
        int digits = 0;
        while (i < s.length() && isAsciiDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < s.length() && (s.charAt(exponent) == '+' || s.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < s.length() && isAsciiDigit(s.charAt(exponent))) {
                while (exponent < s.length() && isAsciiDigit(s.charAt(exponent))) {
                    exponent++;
                }
                i = exponent;
            }
        }
        double value = Double.parseDouble(s.substring(start, i));
        if (Double.isInfinite(value)) {
            return null;
        }
        endOut[0] = i;
        return value;
    }

    /** convert_to_base_unit: unit of at most three letters, optional trailing blanks, nothing else. */
    private static Double toBaseUnit(double value, String unitText, String baseUnit) {
        int end = 0;
        while (end < unitText.length() && end < 3 && !isSpace(unitText.charAt(end))) {
            end++;
        }
        String unit = unitText.substring(0, end);
        int rest = end;
        while (rest < unitText.length() && isSpace(unitText.charAt(rest))) {
            rest++;
        }
        if (rest < unitText.length()) {
            return null;
        }
        List<Unit> units = unitsFor(baseUnit);
        double base = BASE_UNIT_SIZES.get(baseUnit);
        for (int i = 0; i < units.size(); i++) {
            if (units.get(i).name().equals(unit)) {
                double converted = value * (units.get(i).bytesOrMillis() / base);
                if (i + 1 < units.size()) {
                    double next = units.get(i + 1).bytesOrMillis() / base;
                    converted = Math.rint(converted / next) * next;
                }
                return converted;
            }
        }
        return null;
    }

    private static List<Unit> unitsFor(String baseUnit) {
        return baseUnit.endsWith("B") ? MEMORY_UNITS : TIME_UNITS;
    }

    /** _ShowOption for integers: the greatest unit that divides the value, or the octal form. */
    static String displayInteger(GucTable.Guc guc, long value) {
        if (guc.octal()) {
            return String.format(Locale.ROOT, "%04o", value);
        }
        if (value <= 0 || !guc.hasUnit()) {
            return Long.toString(value);
        }
        double base = BASE_UNIT_SIZES.get(guc.unit());
        for (Unit unit : unitsFor(guc.unit())) {
            double multiplier = unit.bytesOrMillis() / base;
            if (multiplier <= 1.0 || value % (long) multiplier == 0) {
                return (long) Math.rint(value / multiplier) + unit.name();
            }
        }
        throw new IllegalStateException("no unit for " + guc.name());
    }

    /** _ShowOption for reals: {@code %g}, with the greatest unit that gives a (nearly) whole number. */
    static String displayReal(GucTable.Guc guc, double value) {
        if (value <= 0 || !guc.hasUnit()) {
            return formatG(value);
        }
        double base = BASE_UNIT_SIZES.get(guc.unit());
        double shown = value;
        String unitName = "";
        for (Unit unit : unitsFor(guc.unit())) {
            shown = value / (unit.bytesOrMillis() / base);
            unitName = unit.name();
            if (shown > 0 && Math.abs(Math.rint(shown) / shown - 1.0) <= 1e-8) {
                break;
            }
        }
        return formatG(shown) + unitName;
    }

    /** C's {@code %g}: six significant digits, trailing zeros dropped, exponent form outside 1e-4 .. 1e6. */
    static String formatG(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent);
            String digits = stripZeros(mantissa.setScale(5, RoundingMode.HALF_EVEN).toPlainString());
            return digits + (exponent < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return stripZeros(rounded.setScale(Math.max(0, 5 - exponent), RoundingMode.HALF_EVEN).toPlainString());
    }

    private static String stripZeros(String plain) {
        if (!plain.contains(".")) {
            return plain;
        }
        String stripped = plain.replaceAll("0+$", "");
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    private static Value parseEnum(GucTable.Guc guc, String name, String input) {
        for (String value : guc.definition().enumValues()) {
            if (value.equalsIgnoreCase(input)) {
                return new Value(value, value);
            }
        }
        for (Map.Entry<String, String> alias : guc.aliases().entrySet()) {
            if (alias.getKey().equalsIgnoreCase(input)) {
                return new Value(alias.getValue(), alias.getValue());
            }
        }
        String hint = Messages.ENUM_HINT_PREFIX + String.join(", ", guc.definition().enumValues()) + ".";
        throw invalidValue(name, input, hint);
    }

    private static Value parseString(GucTable.Guc guc, String input, String current) {
        String canonical = switch (guc.key()) {
            case "datestyle" -> checkDateStyle(input, current);
            case "client_encoding" -> checkClientEncoding(guc.name(), input);
            case "timezone", "log_timezone" -> checkTimeZone(guc.name(), input);
            case "application_name" -> truncateName(cleanAscii(input));
            case "cluster_name" -> cleanAscii(input);
            case "search_path" -> {
                if (splitIdentifiers(input, ',') == null) {
                    throw invalidValue(guc.name(), input, null).withDetail(Messages.LIST_SYNTAX_INVALID);
                }
                yield input;
            }
            default -> input;
        };
        return new Value(canonical, canonical);
    }

    /** check_datestyle: output style and field order, starting from the current setting. */
    private static String checkDateStyle(String input, String current) {
        List<String> tokens = splitIdentifiers(input, ',');
        if (tokens == null) {
            throw invalidValue("DateStyle", input, null).withDetail(Messages.LIST_SYNTAX_INVALID);
        }
        String[] base = dateStyleParts(current);
        String style = base[0];
        String order = base[1];
        boolean haveStyle = false;
        boolean haveOrder = false;
        boolean ok = true;
        for (String token : tokens) {
            String t = token.toLowerCase(Locale.ROOT);
            String newStyle = null;
            String newOrder = null;
            if (t.equals("iso")) {
                newStyle = "ISO";
            } else if (t.equals("sql")) {
                newStyle = "SQL";
            } else if (t.startsWith("postgres")) {
                newStyle = "Postgres";
            } else if (t.equals("german")) {
                newStyle = "German";
                if (!haveOrder) {
                    order = "DMY";
                }
            } else if (t.equals("ymd")) {
                newOrder = "YMD";
            } else if (t.equals("dmy") || t.startsWith("euro")) {
                newOrder = "DMY";
            } else if (t.equals("mdy") || t.equals("us") || t.startsWith("noneuro")) {
                newOrder = "MDY";
            } else if (t.equals("default")) {
                if (!haveStyle) {
                    style = "ISO";
                }
                if (!haveOrder) {
                    order = "MDY";
                }
                continue;
            } else {
                throw invalidValue("DateStyle", input, null)
                        .withDetail(Messages.DATESTYLE_UNRECOGNIZED.formatted(token));
            }
            if (newStyle != null) {
                ok &= !haveStyle || style.equals(newStyle);
                style = newStyle;
                haveStyle = true;
            } else {
                ok &= !haveOrder || order.equals(newOrder);
                order = newOrder;
                haveOrder = true;
            }
        }
        if (!ok) {
            throw invalidValue("DateStyle", input, null).withDetail(Messages.DATESTYLE_CONFLICT);
        }
        return style + ", " + order;
    }

    private static String[] dateStyleParts(String current) {
        if (current != null) {
            int comma = current.indexOf(", ");
            if (comma > 0) {
                return new String[] {current.substring(0, comma), current.substring(comma + 2)};
            }
        }
        return new String[] {"ISO", "MDY"};
    }

    /** check_client_encoding, for a server that converts nothing: UTF8 (any spelling) and SQL_ASCII. */
    private static String checkClientEncoding(String name, String input) {
        String cleaned = input.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (cleaned.equals("UTF8") || cleaned.equals("UNICODE")) {
            return input.equals("UNICODE") ? input : "UTF8";
        }
        if (cleaned.equals("SQLASCII")) {
            return "SQL_ASCII";
        }
        for (String encoding : OTHER_ENCODINGS) {
            if (encoding.replace("_", "").equals(cleaned)) {
                throw new PgException(Severity.ERROR, SqlState.FEATURE_NOT_SUPPORTED,
                        Messages.INVALID_VALUE.formatted(name, input), null, null, 0)
                        .withDetail(Messages.CONVERSION_NOT_SUPPORTED.formatted(encoding, "UTF8"));
            }
        }
        throw invalidValue(name, input, null);
    }

    private static String checkTimeZone(String name, String input) {
        String known = ZONES_BY_LOWER_CASE.get(input.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        if (!input.isEmpty() && POSIX_ZONE.matcher(input).matches() && zoneFor(input) != null) {
            return input;
        }
        throw invalidValue(name, input, null);
    }

    /**
     * The java.time zone for a TimeZone / log_timezone value: a zone id, or a POSIX spec such as
     * {@code GMT-02:00}, whose sign is the opposite of ISO's (it is the offset to add to get UTC). Null if none.
     */
    static ZoneId zoneFor(String value) {
        String known = ZONES_BY_LOWER_CASE.get(value.toLowerCase(Locale.ROOT));
        try {
            if (known != null) {
                return ZoneId.of(known);
            }
            Matcher m = Pattern.compile("<?[A-Za-z+\\-0-9]{3,}>?([+-]?)(\\d{1,2})(?::(\\d{2}))?(?::(\\d{2}))?.*")
                    .matcher(value);
            if (!m.matches()) {
                return null;
            }
            int seconds = Integer.parseInt(m.group(2)) * 3600
                    + (m.group(3) == null ? 0 : Integer.parseInt(m.group(3)) * 60)
                    + (m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
            return ZoneOffset.ofTotalSeconds(m.group(1).equals("-") ? seconds : -seconds);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> zonesByLowerCase() {
        Map<String, String> zones = new TreeMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            zones.put(id.toLowerCase(Locale.ROOT), id);
        }
        zones.put("utc", "UTC");
        zones.put("gmt", "GMT");
        return Map.copyOf(zones);
    }

    /** pg_clean_ascii: every byte outside printable ASCII becomes {@code ?}. */
    private static String cleanAscii(String input) {
        StringBuilder out = new StringBuilder(input.length());
        input.codePoints().forEach(cp -> {
            if (cp >= 32 && cp <= 126) {
                out.append((char) cp);
            } else {
                int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                out.append("?".repeat(bytes));
            }
        });
        return out.toString();
    }

    private static String truncateName(String ascii) {
        return ascii.length() > NAME_MAX_BYTES ? ascii.substring(0, NAME_MAX_BYTES) : ascii;
    }

    /**
     * SplitIdentifierString: a {@code separator}-separated list of identifiers, double-quoted ones kept as they
     * are, others down-cased; null when the list syntax is invalid.
     */
    static List<String> splitIdentifiers(String raw, char separator) {
        List<String> names = new ArrayList<>();
        int i = skipSpaces(raw, 0);
        if (i == raw.length()) {
            return names;
        }
        while (true) {
            String name;
            if (raw.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (true) {
                    if (i >= raw.length()) {
                        return null;
                    }
                    char c = raw.charAt(i);
                    if (c == '"') {
                        if (i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                            quoted.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    quoted.append(c);
                    i++;
                }
                if (quoted.isEmpty()) {
                    return null;
                }
                name = quoted.toString();
            } else {
                int start = i;
                while (i < raw.length() && raw.charAt(i) != separator && !isSpace(raw.charAt(i))
                        && raw.charAt(i) != '"') {
                    i++;
                }
                if (i == start) {
                    return null;
                }
                name = raw.substring(start, i).toLowerCase(Locale.ROOT);
            }
            names.add(name);
            i = skipSpaces(raw, i);
            if (i < raw.length() && raw.charAt(i) == separator) {
                i = skipSpaces(raw, i + 1);
                if (i == raw.length()) {
                    return null;
                }
            } else if (i == raw.length()) {
                return names;
            } else {
                return null;
            }
        }
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static PgException invalid(String message) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, message);
    }

    static PgException invalidValue(String name, String input, String hint) {
        PgException e = invalid(Messages.INVALID_VALUE.formatted(name, input));
        return hint == null ? e : e.withHint(hint);
    }
}
