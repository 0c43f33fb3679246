/*
 * Type input/output functions (the typinput/typoutput/typreceive/typsend of pg_type), for text and
 * binary formats: int2in/int4in/int8in, numeric_in (with PostgreSQL's display scale), float8in and
 * float8out (shortest-exact output when extra_float_digits > 0, as PostgreSQL 12+), boolin, timestamptz
 * in/out in ISO DateStyle with the session TimeZone, and the binary send/recv layouts:
 *   int2/int4/int8, float4/float8: big-endian; bool: one byte 0/1; text types: UTF-8 bytes;
 *   numeric: int16 ndigits, int16 weight, int16 sign (0x0000, 0x4000 negative), int16 dscale, ndigits
 *   int16 base-10000 digits; timestamp(tz): int64 microseconds since 2000-01-01 00:00 UTC;
 *   date: int32 days since 2000-01-01; void: no bytes; regtype: int32 OID.
 *   interval, time, timetz: see DateTimeValues (which also owns the infinite timestamps and dates).
 *   uuid: see UuidValues. json: the text's UTF-8 bytes; jsonb: a version byte 1, then the text (JsonFormats).
 * Arrays: PgArrays; record (row constructors): RowValue.
 * Not done: numeric NaN/Infinity, DateStyles other than ISO (output) and MDY (input).
 */
package osgres.sql.internal.utils;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.api.Utf8;
import osgres.storage.Interval;
import osgres.storage.NumericSpecial;

public final class TypeIo {
    /** PostgreSQL's epoch for timestamps and dates. */
    static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4,})-(\\d{1,2})-(\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d*))?)?)?"
                    + "\\s*(Z|z|UTC|utc|GMT|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?|[A-Za-z][A-Za-z0-9_/+-]*)?");

    /** What text output depends on in the session: TimeZone, extra_float_digits and IntervalStyle. */
    /**
     * The session's parameters that output functions read: TimeZone, extra_float_digits, IntervalStyle, and whether
     * search_path shows the schema public (regclass and regtype qualify a user object's name when it does not).
     */
    public record OutputSettings(ZoneId zone, int extraFloatDigits, IntervalStyle intervalStyle,
                                 boolean publicVisible) {
        public static final OutputSettings DEFAULT = new OutputSettings(ZoneOffset.UTC, 1);

        OutputSettings(ZoneId zone, int extraFloatDigits) {
            this(zone, extraFloatDigits, IntervalStyle.POSTGRES, true);
        }

        public OutputSettings(ZoneId zone, int extraFloatDigits, IntervalStyle intervalStyle) {
            this(zone, extraFloatDigits, intervalStyle, true);
        }
    }

    private TypeIo() {
    }

    // ---------------------------------------------------------------- text input

    /** The type's input function; {@code text} must not be null. */
    public static Object input(PgType type, String text, ZoneId zone) {
        if (type.isVector()) {
            return vectorInput(type, text);
        }
        if (type.isArray()) {
            return PgArrays.input(type.elementType(), text, zone);
        }
        return switch (type) {
            case BOOL -> parseBool(text);
            case INT2 -> (short) parseInteger(text, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT4 -> (int) parseInteger(text, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT8 -> parseInteger(text, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case NUMERIC -> parseNumericValue(text);
            case FLOAT4 -> (float) parseFloat(text, type);
            case FLOAT8 -> parseFloat(text, type);
            case TEXT, VARCHAR, BPCHAR, UNKNOWN -> text;
            case BYTEA -> parseBytea(text);
            case NAME -> truncateName(text);
            case TIMESTAMPTZ -> parseTimestamp(text, type, zone, true);
            case TIMESTAMP -> parseTimestamp(text, type, zone, false);
            case DATE -> parseDate(text, zone);
            case INTERVAL -> IntervalInput.parse(text);
            case TIME -> DateTimeValues.parseTime(text);
            case TIMETZ -> DateTimeValues.parseTimetz(text, zone == null ? ZoneOffset.UTC : zone);
            case VOID -> "";
            // a user type's name needs the catalog: Casts and the analyser resolve it with RegType.input
            case REGTYPE -> RegType.builtin(text);
            // a name needs the catalog: Casts, Bind and lifted constants resolve it with RegClass.input
            case REGCLASS -> new RegClass(parseInteger(text, PgType.OID, 0, 0xFFFFFFFFL), null);
            case REGNAMESPACE -> Namespaces.input(text);
            // charin: the first byte, or none
            // regprocin of a name, kept as written (BtreeCompare compares regprocs without pg_catalog.); 0 is '-'
            case REGPROC -> text.strip().equals("0") ? "-" : text.strip();
            case PG_NODE_TREE, ACLITEM -> text;
            case PG_LSN -> LsnValues.parse(text);
            case CHAR -> text.isEmpty() ? "" : text.substring(0, text.offsetByCodePoints(0, 1));
            case OID -> parseInteger(text, type, Integer.MIN_VALUE, 0xFFFFFFFFL) & 0xFFFFFFFFL;
            // xidin, cidin: strtoul, unchecked as in PostgreSQL 15 (garbage reads as 0), cut to 32 bits
            case XID, CID -> parseUnsigned64(text) & 0xFFFFFFFFL;
            case XID8 -> parseUnsigned64(text);
            case TID -> parseTid(text);
            case UUID -> UuidValues.parse(text);
            case JSON -> {
                JsonParser.parse(text, false);
                yield text;
            }
            case JSONB -> JsonValue.jsonbText(JsonParser.parseJsonb(text));
            case INET -> parseInet(text);
            // record_in of type record itself: only a named composite's fields say how to read the text
            case RECORD -> throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "input of anonymous composite types is not implemented");
            // an enum's value needs its type, which the analyser finds in the node that made the value
            case ANYENUM -> throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "input of an enum value without its enum type is not supported");
            default -> throw new IllegalStateException("no input function for " + type);
        };
    }

    /** tidin: "(block,offset)", 22P02 on anything else. */
    static osgres.storage.Tid parseTid(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)\\s*")
                .matcher(text);
        if (!m.matches()) {
            throw Messages.invalidInput("tid", text);
        }
        try {
            long block = Long.parseLong(m.group(1));
            int offset = Integer.parseInt(m.group(2));
            if (block > 0xFFFFFFFFL || offset > 0xFFFF) {
                throw Messages.invalidInput("tid", text);
            }
            return new osgres.storage.Tid((int) block, offset);
        } catch (NumberFormatException e) {
            throw Messages.invalidInput("tid", text);
        }
    }

    /** inet_in for a host address (no /bits): 22P02 on anything else. */
    static String parseInet(String text) {
        String t = text.strip();
        if (t.isEmpty() || !(t.matches("[0-9.]+") || t.matches("[0-9a-fA-F:.]+") && t.contains(":"))) {
            throw Messages.invalidInput("inet", text);
        }
        return t;
    }

    /** byteain: the hex format ({@code \\x0a0b}) or the escape format (backslash octal, {@code \\\\}). */
    static byte[] parseBytea(String text) {
        if (text.startsWith("\\x")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int i = 2;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int hi = Character.digit(c, 16);
                if (hi < 0) {
                    throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid hexadecimal digit: \"" + c
                            + "\"");
                }
                if (i + 1 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0) {
                    throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                            "invalid hexadecimal data: odd number of digits");
                }
                out.write(hi << 4 | Character.digit(text.charAt(i + 1), 16));
                i += 2;
            }
            return out.toByteArray();
        }
        byte[] escaped = parseByteaEscape(text);
        if (escaped == null) {
            throw Messages.invalidInput("bytea", text);
        }
        return escaped;
    }

    /**
     * bytea's escape format (byteain, and encode.c's escape decoding): {@code \\} a backslash, {@code \ooo} an
     * octal byte (first digit 0-3), anything else as is; null when a backslash starts neither.
     */
    public static byte[] parseByteaEscape(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '\\') {
                out.write(raw[i]);
            } else if (i + 1 < raw.length && raw[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < raw.length && isOctal(raw[i + 1], '3') && isOctal(raw[i + 2], '7')
                    && isOctal(raw[i + 3], '7')) {
                out.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
                i += 3;
            } else {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(byte b, char max) {
        return b >= '0' && b <= max;
    }

    /** byteaout with bytea_output = hex. */
    static String formatBytea(byte[] value) {
        StringBuilder out = new StringBuilder(2 + value.length * 2).append("\\x");
        for (byte b : value) {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }

    public static boolean parseBool(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
            switch (t.charAt(0)) {
                case 't' -> {
                    if ("true".startsWith(t)) {
                        return true;
                    }
                }
                case 'f' -> {
                    if ("false".startsWith(t)) {
                        return false;
                    }
                }
                case 'y' -> {
                    if ("yes".startsWith(t)) {
                        return true;
                    }
                }
                case 'n' -> {
                    if ("no".startsWith(t)) {
                        return false;
                    }
                }
                case 'o' -> {
                    if (t.length() >= 2 && "on".startsWith(t)) {
                        return true;
                    }
                    if (t.length() >= 2 && "off".startsWith(t)) {
                        return false;
                    }
                }
                case '1' -> {
                    if (t.length() == 1) {
                        return true;
                    }
                }
                case '0' -> {
                    if (t.length() == 1) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        throw Messages.invalidInput("boolean", text);
    }

    /**
     * xid8in: strtou64 with base 0, unchecked as PostgreSQL 15 leaves it: leading blanks, a sign (minus negates
     * modulo 2^64), 0x for hex or a leading 0 for octal, the longest run of digits; nothing readable is 0, and a
     * value past 2^64-1 is 2^64-1.
     */
    private static long parseUnsigned64(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < n && text.charAt(i) == '0') {
            radix = 8;
        }
        java.math.BigInteger value = java.math.BigInteger.ZERO;
        java.math.BigInteger big = java.math.BigInteger.valueOf(radix);
        while (i < n && Character.digit(text.charAt(i), radix) >= 0) {
            value = value.multiply(big).add(java.math.BigInteger.valueOf(Character.digit(text.charAt(i), radix)));
            i++;
        }
        if (value.bitLength() > 64) {
            return -1L;
        }
        long result = value.longValue();
        return negative ? -result : result;
    }

    private static long parseInteger(String text, PgType type, long min, long max) {
        String t = text.strip();
        int i = 0;
        boolean negative = false;
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        if (i == t.length()) {
            throw Messages.invalidInput(type.sqlName(), text);
        }
        long value = 0;
        boolean overflow = false;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw Messages.invalidInput(type.sqlName(), text);
            }
            if (!overflow) {
                // accumulate negatively so that the minimum value fits
                long next = value * 10 - (c - '0');
                if (value < Long.MIN_VALUE / 10 || next > value) {
                    overflow = true;
                } else {
                    value = next;
                }
            }
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                overflow = true;
            }
            value = -value;
        }
        if (overflow || value < min || value > max) {
            throw Messages.valueOutOfRange(text, type.sqlName());
        }
        return value;
    }

    /** numeric_in: a BigDecimal, or NaN/Infinity/-Infinity as a NumericSpecial. */
    public static Object parseNumericValue(String text) {
        NumericSpecial special = NumericSpecials.parse(text.strip());
        return special != null ? special : parseNumeric(text);
    }

    public static BigDecimal parseNumeric(String text) {
        String t = text.strip();
        if (!NUMERIC.matcher(t).matches()) {
            throw Messages.invalidInput("numeric", text);
        }
        BigDecimal d = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private static double parseFloat(String text, PgType type) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan" -> {
                return Double.NaN;
            }
            case "infinity", "+infinity", "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        if (!NUMERIC.matcher(t).matches()) {
            throw Messages.invalidInput(type.sqlName(), text);
        }
        double d = Double.parseDouble(t);
        boolean zeroText = new BigDecimal(t.startsWith("+") ? t.substring(1) : t).signum() == 0;
        if (type == PgType.FLOAT4) {
            float f = Float.parseFloat(t); // strtof: rounded once, not through a double
            if (Float.isInfinite(f) || (f == 0f && !zeroText)) {
                throw Messages.floatOutOfRange(text, type.sqlName());
            }
            return f;
        }
        if (Double.isInfinite(d) || (d == 0d && !zeroText)) {
            throw Messages.floatOutOfRange(text, type.sqlName());
        }
        return d;
    }

    private static String truncateName(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 63) {
            return text;
        }
        int end = 63;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static Object parseTimestamp(String text, PgType type, ZoneId zone, boolean withZone) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        ZonedDateTime now = ZonedDateTime.now(zone);
        LocalDateTime local;
        ZoneId explicitZone = null;
        switch (lower) {
            case "now" -> {
                Instant instant = Instant.now().truncatedTo(ChronoUnit.MICROS);
                return withZone ? instant : LocalDateTime.ofInstant(instant, zone);
            }
            case "epoch" -> {
                return withZone ? Instant.EPOCH : LocalDateTime.of(1970, 1, 1, 0, 0);
            }
            case "infinity", "+infinity", "-infinity" -> {
                return DateTimeValues.infinity(withZone ? PgType.TIMESTAMPTZ : PgType.TIMESTAMP, lower);
            }
            case "today" -> local = now.toLocalDate().atStartOfDay();
            case "tomorrow" -> local = now.toLocalDate().plusDays(1).atStartOfDay();
            case "yesterday" -> local = now.toLocalDate().minusDays(1).atStartOfDay();
            default -> {
                Matcher m = TIMESTAMP.matcher(t);
                if (!m.matches()) {
                    DateTimeValues.TextualTimestamp textual;
                    try {
                        textual = DateTimeValues.parseTextual(t);
                    } catch (DateTimeException | NumberFormatException e) {
                        throw Messages.datetimeFieldOverflow(text);
                    } catch (PgException e) {
                        if (e.sqlState().equals(osgres.api.SqlState.DATETIME_FIELD_OVERFLOW)) {
                            throw e;
                        }
                        throw Messages.invalidDatetimeInput(type.sqlName(), text);
                    }
                    if (textual == null) {
                        throw Messages.invalidDatetimeInput(type.sqlName(), text);
                    }
                    if (!withZone) {
                        return textual.local();
                    }
                    try {
                        ZoneId given = textual.zone() == null ? zone : zoneOrError(textual.zone());
                        return textual.local().atZone(given).toInstant();
                    } catch (DateTimeException | NumberFormatException e) {
                        throw Messages.invalidDatetimeInput(type.sqlName(), text);
                    }
                }
                try {
                    LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)));
                    LocalTime time = LocalTime.MIDNIGHT;
                    if (m.group(4) != null) {
                        int nanos = 0;
                        if (m.group(7) != null && !m.group(7).isEmpty()) {
                            String frac = (m.group(7) + "000000000").substring(0, 9);
                            nanos = Integer.parseInt(frac);
                            // timestamps keep microseconds, rounding half up like PostgreSQL
                            nanos = (int) Math.min(999_999_000L, Math.round(nanos / 1000.0) * 1000L);
                        }
                        time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
                    }
                    local = LocalDateTime.of(date, time);
                    if (m.group(8) != null && (m.group(8).equalsIgnoreCase("bc") || m.group(8).equalsIgnoreCase("ad"))) {
                        // an era, not a zone: there is no year zero, 1 BC is year 0
                        local = m.group(8).equalsIgnoreCase("bc") ? local.withYear(1 - local.getYear()) : local;
                    } else if (m.group(8) != null && withZone) {
                        explicitZone = zoneOrError(m.group(8));
                    }
                } catch (DateTimeException | NumberFormatException e) {
                    throw PgException.error(osgres.api.SqlState.DATETIME_FIELD_OVERFLOW,
                            "date/time field value out of range: \"" + text + "\"");
                }
            }
        }
        if (!withZone) {
            return local;
        }
        return local.atZone(explicitZone != null ? explicitZone : zone).toInstant();
    }

    /** A zone written in timestamptz input; 22023 "time zone ... not recognized" for an unknown name. */
    private static ZoneId zoneOrError(String zoneText) {
        try {
            return parseZone(zoneText);
        } catch (DateTimeException e) {
            throw Messages.timeZoneNotRecognized(zoneText.toLowerCase(Locale.ROOT));
        }
    }

    private static ZoneId parseZone(String zoneText) {
        String z = zoneText;
        if (z.equalsIgnoreCase("z") || z.equalsIgnoreCase("utc") || z.equalsIgnoreCase("gmt")) {
            return ZoneOffset.UTC;
        }
        if (z.startsWith("+") || z.startsWith("-")) {
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
        return DateTimeValues.namedZone(z);
    }

    private static LocalDate parseDate(String text, ZoneId zone) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("now") || lower.equals("today")) {
            return LocalDate.now(zone);
        }
        if (DateTimeValues.isInfinityText(lower)) {
            return (LocalDate) DateTimeValues.infinity(PgType.DATE, lower);
        }
        Object parsed;
        try {
            parsed = parseTimestamp(text, PgType.DATE, zone, false);
        } catch (PgException e) {
            if (e.sqlState().equals(osgres.api.SqlState.INVALID_DATETIME_FORMAT)) {
                throw Messages.invalidDatetimeInput("date", text);
            }
            throw e;
        }
        return ((LocalDateTime) parsed).toLocalDate();
    }

    /** int2vectorin / oidvectorin: numbers separated by spaces, an array numbered from 0 (none: empty). */
    private static osgres.storage.ArrayValue vectorInput(PgType type, String text) {
        String trimmed = text.strip();
        String[] items = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = input(type.elementType(), items[i], null);
        }
        return items.length == 0 ? osgres.storage.ArrayValue.of(type.elementType().oid(), values)
                : new osgres.storage.ArrayValue(type.elementType().oid(), new int[] {items.length}, new int[] {0},
                        values);
    }

    // ---------------------------------------------------------------- text output

    public static String output(PgType type, Object value, OutputSettings settings) {
        if (type.isVector()) {
            StringBuilder out = new StringBuilder();
            osgres.storage.ArrayValue a = (osgres.storage.ArrayValue) value;
            for (int i = 0; i < a.size(); i++) {
                out.append(i == 0 ? "" : " ").append(output(type.elementType(), a.get(i), settings));
            }
            return out.toString();
        }
        if (type.isArray()) {
            return PgArrays.output((osgres.storage.ArrayValue) value, settings);
        }
        return switch (type) {
            case BOOL -> ((Boolean) value) ? "t" : "f";
            case INT2, INT4, INT8, TEXT, VARCHAR, BPCHAR, NAME, UNKNOWN, VOID, OID, XID, CID, INET, TID ->
                    value.toString();
            case XID8 -> Long.toUnsignedString((Long) value);
            case PG_LSN -> LsnValues.format((Long) value);
            case BYTEA -> formatBytea((byte[]) value);
            case NUMERIC -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            case FLOAT4 -> formatFloat(((Number) value).floatValue(), settings.extraFloatDigits());
            case FLOAT8 -> formatDouble((Double) value, settings.extraFloatDigits());
            case TIMESTAMPTZ -> DateTimeValues.isFinite(value) ? formatTimestamptz((Instant) value, settings.zone())
                    : DateTimeValues.infinityText(value);
            case TIMESTAMP -> DateTimeValues.isFinite(value) ? formatLocal((LocalDateTime) value)
                    : DateTimeValues.infinityText(value);
            case DATE -> DateTimeValues.isFinite(value) ? formatDate((LocalDate) value)
                    : DateTimeValues.infinityText(value);
            case INTERVAL -> settings.intervalStyle().format((Interval) value);
            case TIME -> DateTimeValues.formatTime((java.time.LocalTime) value);
            case TIMETZ -> DateTimeValues.formatTimetz((java.time.OffsetTime) value);
            case REGTYPE -> ((RegType) value).output(settings.publicVisible());
            case REGCLASS -> ((RegClass) value).output(settings.publicVisible());
            case REGNAMESPACE -> Namespaces.output((Long) value);
            case CHAR, REGPROC, PG_NODE_TREE, ACLITEM -> value.toString();
            case RECORD -> ((RowValue) value).output(settings);
            case ANYENUM -> ((EnumValue) value).label();
            case UUID -> UuidValues.format((java.util.UUID) value);
            case JSON, JSONB -> (String) value;
            default -> throw new IllegalStateException("no output function for " + type);
        };
    }

    public static String formatDouble(double d, int extraFloatDigits) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (extraFloatDigits > 0) {
            BigDecimal digits = new BigDecimal(Double.toString(d));
            return formatShortest(mayBeOnBound(digits, 15) ? shortest(digits, new BigDecimal(d),
                    new BigDecimal(Math.nextDown(d)), new BigDecimal(Math.nextUp(d)), 17) : digits,
                    d == 0 && 1 / d < 0, 15);
        }
        return formatG(new BigDecimal(d), d == 0 && 1 / d < 0, Math.max(1, 15 + extraFloatDigits));
    }

    static String formatFloat(float f, int extraFloatDigits) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (extraFloatDigits > 0) {
            BigDecimal digits = new BigDecimal(Float.toString(f));
            return formatShortest(mayBeOnBound(digits, 7) ? shortest(digits, new BigDecimal(f),
                    new BigDecimal(Math.nextDown(f)), new BigDecimal(Math.nextUp(f)), 9) : digits,
                    f == 0 && 1 / f < 0, 6);
        }
        return formatG(new BigDecimal(f), f == 0 && 1 / f < 0, Math.max(1, 6 + extraFloatDigits));
    }

    /**
     * Whether shortest digits could lie on a rounding bound, which is a binary fraction: a decimal with a fraction
     * is one only if its last digit is 5, and an integer only past 2^53 (2^24 for float4: below it, neighbours are
     * at most 1 apart and their bounds have a fraction). Keeps the exact check off the common path.
     */
    private static boolean mayBeOnBound(BigDecimal digits, int integerDigits) {
        BigDecimal stripped = digits.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return stripped.unscaledValue().mod(BigInteger.TEN).intValue() % 5 == 0;
        }
        return stripped.precision() - stripped.scale() > integerDigits;
    }

    /**
     * The shortest digits as PostgreSQL's Ryu (d2s.c, f2s.c) picks them: built without STRICTLY_SHORTEST, it never
     * accepts a decimal lying exactly on the bound of the value's rounding interval (halfway to a neighbour),
     * where Java's shortest digits may (1.6953e21 is 1.6952999999999999e+21 in PostgreSQL). Then the shortest
     * rounding of the exact value strictly inside the interval is used.
     */
    private static BigDecimal shortest(BigDecimal javaShortest, BigDecimal exact, BigDecimal below, BigDecimal above,
                                       int maxDigits) {
        BigDecimal low = exact.add(below).divide(BigDecimal.TWO);
        BigDecimal high = exact.add(above).divide(BigDecimal.TWO);
        if (javaShortest.compareTo(low) != 0 && javaShortest.compareTo(high) != 0) {
            return javaShortest;
        }
        for (int digits = javaShortest.precision(); digits < maxDigits; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.compareTo(low) > 0 && candidate.compareTo(high) < 0) {
                return candidate;
            }
        }
        return exact.round(new MathContext(maxDigits, RoundingMode.HALF_EVEN));
    }

    /** Shortest-exact digits in PostgreSQL's layout: plain when -4 <= exponent < {@code maxPlain}. */
    private static String formatShortest(BigDecimal exact, boolean negativeZero, int maxPlain) {
        if (exact.signum() == 0) {
            return negativeZero ? "-0" : "0";
        }
        BigDecimal stripped = exact.stripTrailingZeros();
        return layout(stripped, maxPlain);
    }

    /** C's {@code %.*g}: {@code precision} significant digits, trailing zeros removed. */
    private static String formatG(BigDecimal exact, boolean negativeZero, int precision) {
        if (exact.signum() == 0) {
            return negativeZero ? "-0" : "0";
        }
        BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return layout(rounded, precision);
    }

    private static String layout(BigDecimal value, int maxPlainExponent) {
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String sign = value.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= maxPlainExponent) {
            StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            return out.append(abs).toString();
        }
        return sign + value.abs().toPlainString();
    }

    static String formatTimestamptz(Instant instant, ZoneId zone) {
        ZonedDateTime zoned = instant.atZone(zone);
        LocalDateTime local = zoned.toLocalDateTime();
        boolean bc = local.getYear() <= 0;
        StringBuilder out = new StringBuilder(formatLocalAd(bc ? local.withYear(1 - local.getYear()) : local));
        int offset = zoned.getOffset().getTotalSeconds();
        out.append(offset < 0 ? '-' : '+');
        int abs = Math.abs(offset);
        appendTwo(out, abs / 3600);
        if (abs % 3600 != 0) {
            out.append(':');
            appendTwo(out, abs % 3600 / 60);
            if (abs % 60 != 0) {
                out.append(':');
                appendTwo(out, abs % 60);
            }
        }
        return bc ? out.append(" BC").toString() : out.toString();
    }

    /** date_out in ISO DateStyle: {@code 2024-02-29}, {@code 0097-02-16 BC} (no year zero: year 0 is 1 BC). */
    static String formatDate(LocalDate d) {
        if (d.getYear() > 0) {
            return d.getYear() >= 1000 ? d.toString() : String.format(Locale.ROOT, "%04d-%02d-%02d", d.getYear(),
                    d.getMonthValue(), d.getDayOfMonth());
        }
        return String.format(Locale.ROOT, "%04d-%02d-%02d BC", 1 - d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    static String formatLocal(LocalDateTime t) {
        String local = formatLocalAd(t.getYear() > 0 ? t : t.withYear(1 - t.getYear()));
        return t.getYear() > 0 ? local : local + " BC";
    }

    private static String formatLocalAd(LocalDateTime t) {
        StringBuilder out = new StringBuilder(32);
        int year = t.getYear();
        if (year < 1000) {
            out.append(String.format(Locale.ROOT, "%04d", year));
        } else {
            out.append(year);
        }
        out.append('-');
        appendTwo(out, t.getMonthValue());
        out.append('-');
        appendTwo(out, t.getDayOfMonth());
        out.append(' ');
        appendTwo(out, t.getHour());
        out.append(':');
        appendTwo(out, t.getMinute());
        out.append(':');
        appendTwo(out, t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String frac = String.format(Locale.ROOT, "%06d", micros);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(frac, 0, end);
        }
        return out.toString();
    }

    private static void appendTwo(StringBuilder out, int value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    // ---------------------------------------------------------------- binary

    public static byte[] send(PgType type, Object value, OutputSettings settings) {
        if (type.isArray()) {
            return PgArrays.send((osgres.storage.ArrayValue) value, settings);
        }
        return switch (type) {
            case BOOL -> new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
            case INT2 -> ByteBuffer.allocate(2).putShort((Short) value).array();
            case INT4 -> ByteBuffer.allocate(4).putInt((Integer) value).array();
            case INT8 -> ByteBuffer.allocate(8).putLong((Long) value).array();
            case FLOAT4 -> ByteBuffer.allocate(4).putFloat((Float) value).array();
            case FLOAT8 -> ByteBuffer.allocate(8).putDouble((Double) value).array();
            case TEXT, VARCHAR, BPCHAR, NAME, UNKNOWN -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTEA -> ((byte[]) value).clone();
            case NUMERIC -> value instanceof NumericSpecial s ? sendSpecial(s) : sendNumeric((BigDecimal) value);
            case TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(DateTimeValues.timestamptzMicros((Instant) value))
                    .array();
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(DateTimeValues.timestampMicros((LocalDateTime) value))
                    .array();
            case DATE -> ByteBuffer.allocate(4).putInt(DateTimeValues.dateDays((LocalDate) value)).array();
            case INTERVAL -> DateTimeValues.sendInterval((Interval) value);
            case TIME -> DateTimeValues.sendTime((java.time.LocalTime) value);
            case TIMETZ -> DateTimeValues.sendTimetz((java.time.OffsetTime) value);
            case VOID -> new byte[0];
            case REGTYPE -> ByteBuffer.allocate(4).putInt((int) ((RegType) value).oid()).array();
            case REGCLASS -> ByteBuffer.allocate(4).putInt(((RegClass) value).relationOid()).array();
            case CHAR, PG_NODE_TREE -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case OID, XID, CID, REGNAMESPACE -> ByteBuffer.allocate(4).putInt((int) ((Long) value).longValue()).array();
            case XID8, PG_LSN -> ByteBuffer.allocate(8).putLong((Long) value).array();
            case TID -> ByteBuffer.allocate(6).putInt(((osgres.storage.Tid) value).block())
                    .putShort((short) ((osgres.storage.Tid) value).offset()).array();
            case INET -> sendInet((String) value);
            case UUID -> UuidValues.send((java.util.UUID) value);
            case JSON -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case JSONB -> JsonFormats.sendJsonb((String) value);
            case RECORD -> ((RowValue) value).send(settings);
            case ANYENUM -> ((EnumValue) value).label().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            default -> throw new IllegalStateException("no send function for " + type);
        };
    }

    /** inet_send for a host address: family (2 = AF_INET, 3 = AF_INET6), bits, is_cidr 0, length, address. */
    private static byte[] sendInet(String text) {
        byte[] address;
        try {
            address = java.net.InetAddress.ofLiteral(text).getAddress();
        } catch (IllegalArgumentException e) {
            address = new byte[4];
        }
        ByteBuffer b = ByteBuffer.allocate(4 + address.length);
        b.put((byte) (address.length == 4 ? 2 : 3)).put((byte) (address.length * 8)).put((byte) 0)
                .put((byte) address.length).put(address);
        return b.array();
    }

    private static String receiveInet(byte[] data, int parameterNumber) {
        if (data.length < 4 || data.length != 4 + (data[3] & 0xFF) || (data[3] != 4 && data[3] != 16)) {
            throw Messages.binaryFormat(parameterNumber);
        }
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(data, 4, data.length))
                    .getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw Messages.binaryFormat(parameterNumber);
        }
    }

    /** The type's receive function; throws 22P03 (with the parameter number) on a bad length. */
    public static Object receive(PgType type, byte[] data, int parameterNumber) {
        if (type.isArray()) {
            return PgArrays.receive(type.elementType(), data, parameterNumber);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int expected = switch (type) {
            case BOOL -> 1;
            case INT2 -> 2;
            case INT4, FLOAT4, DATE, REGTYPE, REGCLASS, REGNAMESPACE, OID, XID, CID -> 4;
            case TID -> 6;
            case INT8, FLOAT8, TIMESTAMPTZ, TIMESTAMP, TIME, XID8, PG_LSN -> 8;
            case TIMETZ -> 12;
            case INTERVAL -> 16;
            default -> -1;
        };
        if (expected >= 0 && data.length != expected) {
            throw Messages.binaryFormat(parameterNumber);
        }
        return switch (type) {
            case BOOL -> data[0] != 0;
            case INT2 -> b.getShort();
            case INT4 -> b.getInt();
            case INT8 -> b.getLong();
            case FLOAT4 -> b.getFloat();
            case FLOAT8 -> b.getDouble();
            case TEXT, VARCHAR, BPCHAR, UNKNOWN -> Utf8.decode(data); // textrecv's pq_getmsgtext verifies
            case BYTEA -> data.clone();
            case NAME -> truncateName(Utf8.decode(data));
            case NUMERIC -> receiveNumeric(b, parameterNumber);
            case TIMESTAMPTZ -> DateTimeValues.timestamptzOfMicros(b.getLong());
            case TIMESTAMP -> DateTimeValues.timestampOfMicros(b.getLong());
            case DATE -> DateTimeValues.dateOfDays(b.getInt());
            case INTERVAL -> DateTimeValues.receiveInterval(b);
            case TIME -> DateTimeValues.receiveTime(b, parameterNumber);
            case TIMETZ -> DateTimeValues.receiveTimetz(b, parameterNumber);
            case VOID -> "";
            case REGTYPE -> RegType.ofOid(b.getInt() & 0xFFFFFFFFL, null);
            case OID, XID, CID, REGNAMESPACE -> b.getInt() & 0xFFFFFFFFL;
            case XID8, PG_LSN -> b.getLong();
            case CHAR -> data.length == 0 ? "" : String.valueOf((char) (data[0] & 0xFF));
            case TID -> new osgres.storage.Tid(b.getInt(), b.getShort() & 0xFFFF);
            case REGCLASS -> new RegClass(b.getInt() & 0xFFFFFFFFL, null);
            case INET -> receiveInet(data, parameterNumber);
            case UUID -> UuidValues.receive(data, parameterNumber);
            case JSON -> input(type, Utf8.decode(data), null);
            case JSONB -> JsonFormats.receiveJsonb(data);
            default -> throw Messages.binaryFormat(parameterNumber);
        };
    }

    /** numeric_send of a special value: no digits, its sign word NUMERIC_NAN, _PINF or _NINF. */
    private static byte[] sendSpecial(NumericSpecial s) {
        int sign = s.signWord();
        return ByteBuffer.allocate(8).putShort((short) 0).putShort((short) 0).putShort((short) sign)
                .putShort((short) 0).array();
    }

    public static byte[] sendNumeric(BigDecimal value) {
        int dscale = Math.max(0, value.scale());
        BigDecimal abs = value.abs().setScale(dscale);
        String plain = abs.toPlainString();
        int dot = plain.indexOf('.');
        String intPart = dot < 0 ? plain : plain.substring(0, dot);
        String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
        if (intPart.equals("0")) {
            intPart = "";
        }
        int intGroups = (intPart.length() + 3) / 4;
        intPart = "0".repeat(intGroups * 4 - intPart.length()) + intPart;
        int fracGroups = (fracPart.length() + 3) / 4;
        fracPart = fracPart + "0".repeat(fracGroups * 4 - fracPart.length());
        String all = intPart + fracPart;
        short[] digits = new short[all.length() / 4];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = Short.parseShort(all.substring(i * 4, i * 4 + 4));
        }
        int first = 0;
        while (first < digits.length && digits[first] == 0) {
            first++;
        }
        int last = digits.length;
        while (last > first && digits[last - 1] == 0) {
            last--;
        }
        int ndigits = last - first;
        int weight = ndigits == 0 ? 0 : intGroups - 1 - first;
        ByteBuffer out = ByteBuffer.allocate(8 + 2 * ndigits);
        out.putShort((short) ndigits).putShort((short) weight)
                .putShort((short) (value.signum() < 0 && ndigits > 0 ? 0x4000 : 0)).putShort((short) dscale);
        for (int i = first; i < last; i++) {
            out.putShort(digits[i]);
        }
        return out.array();
    }

    private static Object receiveNumeric(ByteBuffer b, int parameterNumber) {
        if (b.remaining() < 8) {
            throw Messages.binaryFormat(parameterNumber);
        }
        int ndigits = b.getShort();
        int weight = b.getShort();
        int sign = b.getShort() & 0xFFFF;
        int dscale = b.getShort();
        if (ndigits == 0 && NumericSpecial.ofSignWord(sign) != null) {
            return NumericSpecial.ofSignWord(sign);
        }
        if (ndigits < 0 || b.remaining() != 2 * ndigits || (sign != 0 && sign != 0x4000) || dscale < 0) {
            throw Messages.binaryFormat(parameterNumber);
        }
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10000);
        for (int i = 0; i < ndigits; i++) {
            unscaled = unscaled.multiply(base).add(BigInteger.valueOf(b.getShort()));
        }
        // value = unscaled * 10000^(weight - ndigits + 1)
        BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        value = value.setScale(dscale, RoundingMode.HALF_UP);
        return sign == 0x4000 ? value.negate() : value;
    }
}
