/*
 * More string and binary-string functions of pg_proc, with PostgreSQL's results and errors: format (varlena.c
 * text_format: %s %I %L %%, argument positions n$, widths, * widths and the - flag), concat, concat_ws,
 * quote_ident / quote_literal / quote_nullable (quote.c, ruleutils.c quote_identifier with PostgreSQL 15's
 * keywords), sha224/256/384/512 returning bytea (cryptohashfuncs.c), encode/decode in hex, base64 and escape
 * (encode.c, base64 lines broken at 76 characters), to_hex, string_to_array and array_to_string on text[]
 * (arrayfuncs.c / varlena.c text_to_array), octet_length and bit_length of bytea and text, character_length,
 * overlay on text and bytea, btrim/ltrim/rtrim, substr/substring, get/set_byte, get/set_bit and bit_count of
 * bytea, and to_char / to_number for numbers (NumberFormatting).
 * format, concat and concat_ws take VARIADIC "any" (their extra arguments arrive as text output); format,
 * concat, concat_ws, quote_nullable, string_to_array and array_to_string's three-argument form are not strict,
 * as in PostgreSQL. Strings count code points, as PostgreSQL does in UTF8.
 */
package osgres.sql.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;

final class StringFunctions {
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType BYTEA = PgType.BYTEA;

    /** PostgreSQL 15's keywords other than unreserved ones (kwlist.h): quote_ident quotes them. */
    private static final Set<String> QUOTED_KEYWORDS = Set.of(("all analyse analyze and any array as asc asymmetric "
            + "authorization between bigint binary bit boolean both case cast char character check coalesce collate "
            + "collation column concurrently constraint create cross current_catalog current_date current_role "
            + "current_schema current_time current_timestamp current_user dec decimal default deferrable desc "
            + "distinct do else end except exists extract false fetch float for foreign freeze from full grant "
            + "greatest group grouping having ilike in initially inner inout int integer intersect interval into is "
            + "isnull join lateral leading least left like limit localtime localtimestamp national natural nchar "
            + "none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay "
            + "placing position precision primary real references returning right row select session_user setof "
            + "similar smallint some substring symmetric table tablesample then time timestamp to trailing treat "
            + "trim true union unique user using values varchar variadic verbose when where window with "
            + "xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot "
            + "xmlserialize xmltable").split(" "));

    private static final String FORMAT_HINT = "For a single \"%\" use \"%%\".";

    private StringFunctions() {
    }

    static void define(Functions.Registrar d) {
        d.define("format", List.of(TEXT), TEXT, false, false, false, StringFunctions::format);
        d.define("format", List.of(TEXT), TEXT, false, false, true, StringFunctions::format);
        d.define("concat", List.of(), TEXT, false, false, true, (c, a) -> concat("", a, 0));
        d.define("concat_ws", List.of(TEXT), TEXT, false, false, true,
                (c, a) -> a[0] == null ? null : concat((String) a[0], a, 1));
        d.define("quote_ident", List.of(TEXT), TEXT, true, false, false, (c, a) -> quoteIdent((String) a[0]));
        d.define("quote_literal", List.of(TEXT), TEXT, true, false, false, (c, a) -> quoteLiteral((String) a[0]));
        d.define("quote_nullable", List.of(TEXT), TEXT, false, false, false,
                (c, a) -> a[0] == null ? "NULL" : quoteLiteral((String) a[0]));
        // quote_literal(anyelement), quote_nullable(anyelement): the value's text output, quoted
        for (PgType t : List.of(PgType.BOOL, PgType.INT2, INT4, PgType.INT8, PgType.NUMERIC, PgType.FLOAT4,
                PgType.FLOAT8, BYTEA, PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.TEXT_ARRAY)) {
            d.define("quote_literal", List.of(t), TEXT, true, false, false,
                    (c, a) -> quoteLiteral(asText(t, a[0], c)));
            d.define("quote_nullable", List.of(t), TEXT, false, false, false,
                    (c, a) -> a[0] == null ? "NULL" : quoteLiteral(asText(t, a[0], c)));
        }
        for (String algorithm : List.of("224", "256", "384", "512")) {
            d.define("sha" + algorithm, List.of(BYTEA), BYTEA, true, false, false,
                    (c, a) -> digest("SHA-" + algorithm, (byte[]) a[0]));
        }
        d.define("encode", List.of(BYTEA, TEXT), TEXT, true, false, false,
                (c, a) -> encode((byte[]) a[0], (String) a[1]));
        d.define("decode", List.of(TEXT, TEXT), BYTEA, true, false, false,
                (c, a) -> decode((String) a[0], (String) a[1]));
        d.define("to_hex", List.of(INT4), TEXT, true, false, false,
                (c, a) -> Integer.toHexString((Integer) a[0]));
        d.define("to_hex", List.of(PgType.INT8), TEXT, true, false, false, (c, a) -> Long.toHexString((Long) a[0]));
        d.define("string_to_array", List.of(TEXT, TEXT), PgType.TEXT_ARRAY, false, false, false,
                (c, a) -> stringToArray((String) a[0], (String) a[1], null));
        d.define("string_to_array", List.of(TEXT, TEXT, TEXT), PgType.TEXT_ARRAY, false, false, false,
                (c, a) -> stringToArray((String) a[0], (String) a[1], (String) a[2]));
        d.define("array_to_string", List.of(PgType.TEXT_ARRAY, TEXT), TEXT, true, false, false,
                (c, a) -> arrayToString((String[]) a[0], (String) a[1], null));
        d.define("array_to_string", List.of(PgType.TEXT_ARRAY, TEXT, TEXT), TEXT, false, false, false,
                (c, a) -> a[0] == null || a[1] == null ? null
                        : arrayToString((String[]) a[0], (String) a[1], (String) a[2]));
        d.define("octet_length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length);
        d.define("bit_length", List.of(TEXT), INT4, true, false, false,
                (c, a) -> ((String) a[0]).getBytes(StandardCharsets.UTF_8).length * 8);
        d.define("bit_length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length * 8);
        d.define("character_length", List.of(TEXT), INT4, true, false, false,
                (c, a) -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
        d.define("length", List.of(BYTEA), INT4, true, false, false, (c, a) -> ((byte[]) a[0]).length);
        d.define("overlay", List.of(TEXT, TEXT, INT4, INT4), TEXT, true, false, false,
                (c, a) -> overlay((String) a[0], (String) a[1], (Integer) a[2], (Integer) a[3]));
        d.define("overlay", List.of(TEXT, TEXT, INT4), TEXT, true, false, false,
                (c, a) -> overlay((String) a[0], (String) a[1], (Integer) a[2],
                        ((String) a[1]).codePointCount(0, ((String) a[1]).length())));
        d.define("overlay", List.of(BYTEA, BYTEA, INT4, INT4), BYTEA, true, false, false,
                (c, a) -> overlay((byte[]) a[0], (byte[]) a[1], (Integer) a[2], (Integer) a[3]));
        d.define("overlay", List.of(BYTEA, BYTEA, INT4), BYTEA, true, false, false,
                (c, a) -> overlay((byte[]) a[0], (byte[]) a[1], (Integer) a[2], ((byte[]) a[1]).length));
        d.define("btrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], true, true));
        d.define("ltrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], true, false));
        d.define("rtrim", List.of(BYTEA, BYTEA), BYTEA, true, false, false,
                (c, a) -> trim((byte[]) a[0], (byte[]) a[1], false, true));
        defineBytea(d);
        NumberFormatting.define(d);
    }

    /** varlena.c's bytea functions: substr/substring by byte, get/set_byte, get/set_bit (LSB first), bit_count. */
    private static void defineBytea(Functions.Registrar d) {
        for (String name : List.of("substr", "substring")) {
            d.define(name, List.of(BYTEA, INT4), BYTEA, true, false, false,
                    (c, a) -> substr((byte[]) a[0], (Integer) a[1], null));
            d.define(name, List.of(BYTEA, INT4, INT4), BYTEA, true, false, false,
                    (c, a) -> substr((byte[]) a[0], (Integer) a[1], (Integer) a[2]));
        }
        // substring(text FROM n [FOR m]) as the grammar calls it (text's substr under its SQL name)
        d.define("substring", List.of(TEXT, INT4), TEXT, true, false, false,
                (c, a) -> textSubstring((String) a[0], (Integer) a[1], null));
        d.define("substring", List.of(TEXT, INT4, INT4), TEXT, true, false, false,
                (c, a) -> textSubstring((String) a[0], (Integer) a[1], (Integer) a[2]));
        d.define("get_byte", List.of(BYTEA, INT4), INT4, true, false, false, (c, a) -> {
            byte[] b = (byte[]) a[0];
            return b[checkIndex((Integer) a[1], b.length)] & 0xFF;
        });
        d.define("set_byte", List.of(BYTEA, INT4, INT4), BYTEA, true, false, false, (c, a) -> {
            byte[] b = ((byte[]) a[0]).clone();
            b[checkIndex((Integer) a[1], b.length)] = (byte) (int) (Integer) a[2];
            return b;
        });
        d.define("get_bit", List.of(BYTEA, PgType.INT8), INT4, true, false, false, (c, a) -> {
            byte[] b = (byte[]) a[0];
            long n = checkIndex((Long) a[1], b.length * 8L);
            return (b[(int) (n / 8)] >> (n % 8)) & 1;
        });
        d.define("set_bit", List.of(BYTEA, PgType.INT8, INT4), BYTEA, true, false, false, (c, a) -> {
            byte[] b = ((byte[]) a[0]).clone();
            long n = checkIndex((Long) a[1], b.length * 8L);
            int bit = (Integer) a[2];
            if (bit != 0 && bit != 1) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "new bit must be 0 or 1");
            }
            int mask = 1 << (n % 8);
            b[(int) (n / 8)] = (byte) (bit == 1 ? b[(int) (n / 8)] | mask : b[(int) (n / 8)] & ~mask);
            return b;
        });
        d.define("bit_count", List.of(BYTEA), PgType.INT8, true, false, false, (c, a) -> {
            long count = 0;
            for (byte x : (byte[]) a[0]) {
                count += Integer.bitCount(x & 0xFF);
            }
            return count;
        });
    }

    private static int checkIndex(int n, int size) {
        return (int) checkIndex((long) n, size);
    }

    private static long checkIndex(long n, long size) {
        if (n < 0 || n >= size) {
            throw PgException.error("2202E", "index " + n + " out of valid range, 0.." + (size - 1));
        }
        return n;
    }

    private static String textSubstring(String s, int start, Integer count) {
        int[] cps = s.codePoints().toArray();
        int[] range = substringRange(cps.length, start, count);
        return new String(cps, range[0], range[1] - range[0]);
    }

    /** The [from, to) indexes text_substring and bytea_substring take: 22011 for a negative count. */
    private static int[] substringRange(int length, int start, Integer count) {
        if (count != null && count < 0) {
            throw PgException.error("22011", "negative substring length not allowed");
        }
        long from = Math.max(start, 1);
        long to = count == null ? (long) length + 1 : Math.min((long) start + count, (long) length + 1);
        if (from >= to) {
            return new int[] {0, 0};
        }
        return new int[] {(int) from - 1, (int) to - 1};
    }

    /** bytea_substring: 1-based start, a start before 1 eats into the count, a negative count is an error. */
    private static byte[] substr(byte[] s, int start, Integer count) {
        int[] range = substringRange(s.length, start, count);
        return java.util.Arrays.copyOfRange(s, range[0], range[1]);
    }

    // ---------------------------------------------------------------- format

    /** text_format: a[0] the format string, a[1..] the arguments as text (null for SQL NULL). */
    static String format(ExecContext ctx, Object[] a) {
        if (a[0] == null) {
            return null;
        }
        String fmt = (String) a[0];
        StringBuilder out = new StringBuilder();
        int arg = 1;
        int[] cp = fmt.codePoints().toArray();
        for (int i = 0; i < cp.length; i++) {
            if (cp[i] != '%') {
                out.appendCodePoint(cp[i]);
                continue;
            }
            i = advance(cp, i);
            if (cp[i] == '%') {
                out.append('%');
                continue;
            }
            // [argpos$] [-...] [width | * | *n$] type
            int argPosition = 0;
            int widthPosition = -1;
            boolean minus = false;
            int width = 0;
            int[] n = new int[1];
            int after = digits(cp, i, n);
            boolean widthDone = false;
            if (after != i) {
                if (cp[after] != '$') {
                    width = n[0];
                    widthDone = true;
                    i = after;
                } else {
                    if (n[0] == 0) {
                        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "format specifies argument 0, but arguments are numbered from 1");
                    }
                    argPosition = n[0];
                    i = advance(cp, after);
                }
            }
            if (!widthDone) {
                while (cp[i] == '-') {
                    minus = true;
                    i = advance(cp, i);
                }
                if (cp[i] == '*') {
                    i = advance(cp, i);
                    after = digits(cp, i, n);
                    if (after != i) {
                        if (cp[after] != '$') {
                            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                    "width argument position must be ended by \"$\"");
                        }
                        if (n[0] == 0) {
                            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                    "format specifies argument 0, but arguments are numbered from 1");
                        }
                        widthPosition = n[0];
                        i = advance(cp, after);
                    } else {
                        widthPosition = 0;
                    }
                } else {
                    after = digits(cp, i, n);
                    if (after != i) {
                        width = n[0];
                        i = after;
                    }
                }
            }
            int type = cp[i];
            if (type != 's' && type != 'I' && type != 'L') {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "unrecognized format() type specifier \"" + new String(Character.toChars(type)) + "\"")
                        .withHint(FORMAT_HINT);
            }
            if (widthPosition >= 0) {
                if (widthPosition > 0) {
                    arg = widthPosition;
                }
                if (arg >= a.length) {
                    throw tooFewArguments();
                }
                Object w = a[arg++];
                width = w == null ? 0 : parseWidth(w);
            }
            if (argPosition > 0) {
                arg = argPosition;
            }
            if (arg >= a.length) {
                throw tooFewArguments();
            }
            String value = (String) a[arg++];
            String text;
            if (value == null) {
                text = switch (type) {
                    case 's' -> "";
                    case 'L' -> "NULL";
                    default -> throw PgException.error("22004",
                            "null values cannot be formatted as an SQL identifier");
                };
            } else {
                text = switch (type) {
                    case 'I' -> quoteIdent(value);
                    case 'L' -> quoteLiteral(value);
                    default -> value;
                };
            }
            appendPadded(out, text, minus, width);
        }
        return out.toString();
    }

    private static int parseWidth(Object w) {
        try {
            return Integer.parseInt(((String) w).strip());
        } catch (NumberFormatException e) {
            throw Messages.invalidInput("integer", (String) w);
        }
    }

    private static PgException tooFewArguments() {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "too few arguments for format()");
    }

    /** ADVANCE_PARSE_POINTER: the next position, or "unterminated format() type specifier" at the end. */
    private static int advance(int[] cp, int i) {
        if (i + 1 >= cp.length) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unterminated format() type specifier")
                    .withHint(FORMAT_HINT);
        }
        return i + 1;
    }

    /** text_format_parse_digits: reads digits from i into n[0]; returns the position after them. */
    private static int digits(int[] cp, int i, int[] n) {
        long value = 0;
        int at = i;
        while (cp[at] >= '0' && cp[at] <= '9') {
            value = value * 10 + (cp[at] - '0');
            if (value > Integer.MAX_VALUE) {
                throw PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "number is out of range");
            }
            at = advance(cp, at);
        }
        n[0] = (int) value;
        return at;
    }

    private static void appendPadded(StringBuilder out, String text, boolean minus, int width) {
        int length = text.codePointCount(0, text.length());
        int target = Math.abs(width);
        if (width == 0 || length >= target) {
            out.append(text);
        } else if (minus || width < 0) {
            out.append(text).append(" ".repeat(target - length));
        } else {
            out.append(" ".repeat(target - length)).append(text);
        }
    }

    private static String concat(String separator, Object[] a, int from) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (int i = from; i < a.length; i++) {
            if (a[i] == null) {
                continue;
            }
            if (!first) {
                out.append(separator);
            }
            out.append((String) a[i]);
            first = false;
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- quoting

    /** A value cast to text (anyelement::text): boolean as true/false, anything else its output. */
    private static String asText(PgType type, Object value, ExecContext ctx) {
        if (type == PgType.BOOL) {
            return (Boolean) value ? "true" : "false";
        }
        return TypeIo.output(type, value, ctx.output());
    }

    /** quote_identifier: quoted unless all lower-case letters, digits and underscores and not a keyword. */
    static String quoteIdent(String ident) {
        boolean safe = !ident.isEmpty() && (ident.charAt(0) >= 'a' && ident.charAt(0) <= 'z'
                || ident.charAt(0) == '_');
        for (int i = 0; safe && i < ident.length(); i++) {
            char c = ident.charAt(i);
            safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
        }
        if (safe && !QUOTED_KEYWORDS.contains(ident)) {
            return ident;
        }
        return "\"" + ident.replace("\"", "\"\"") + "\"";
    }

    /** quote_literal: quotes doubled, and backslashes doubled behind an E prefix when there are any. */
    static String quoteLiteral(String s) {
        String body = s.replace("'", "''");
        if (s.indexOf('\\') >= 0) {
            return "E'" + body.replace("\\", "\\\\") + "'";
        }
        return "'" + body + "'";
    }

    // ---------------------------------------------------------------- bytea

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-2 is part of every Java runtime", e);
        }
    }

    private static PgException unrecognizedEncoding(String name) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unrecognized encoding: \"" + name + "\"");
    }

    static String encode(byte[] data, String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "hex" -> HexFormat.of().formatHex(data);
            case "base64" -> Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(data);
            case "escape" -> {
                StringBuilder out = new StringBuilder();
                for (byte b : data) {
                    int v = b & 0xFF;
                    if (v == 0 || v >= 0x80) {
                        out.append('\\').append(String.format("%03o", v));
                    } else if (v == '\\') {
                        out.append("\\\\");
                    } else {
                        out.append((char) v);
                    }
                }
                yield out.toString();
            }
            default -> throw unrecognizedEncoding(format);
        };
    }

    static byte[] decode(String text, String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "hex" -> decodeHex(text);
            case "base64" -> decodeBase64(text);
            case "escape" -> decodeEscape(text);
            default -> throw unrecognizedEncoding(format);
        };
    }

    /** escape_dec: a backslash starts \\ or three octal digits; anything else is bytea's syntax error. */
    private static byte[] decodeEscape(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            if (in[i] != '\\') {
                out.write(in[i]);
            } else if (i + 1 < in.length && in[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (i + 3 < in.length && isOctal(in[i + 1], '3') && isOctal(in[i + 2], '7')
                    && isOctal(in[i + 3], '7')) {
                out.write((in[i + 1] - '0') << 6 | (in[i + 2] - '0') << 3 | (in[i + 3] - '0'));
                i += 3;
            } else {
                throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bytea");
            }
        }
        return out.toByteArray();
    }

    private static boolean isOctal(byte b, char max) {
        return b >= '0' && b <= max;
    }

    /** hex_decode: pairs of hex digits, white space between pairs skipped. */
    private static byte[] decodeHex(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int hi = hexDigit(text, i);
            if (i + 1 >= text.length()) {
                throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid hexadecimal data: odd number of digits");
            }
            int lo = hexDigit(text, i + 1);
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toByteArray();
    }

    private static int hexDigit(String text, int i) {
        int d = Character.digit(text.charAt(i), 16);
        if (d < 0 || text.charAt(i) > 127) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid hexadecimal digit: \"" + new String(Character.toChars(text.codePointAt(i))) + "\"");
        }
        return d;
    }

    /** pg_base64_decode: white space skipped, '=' ends the data, a symbol outside the alphabet is an error. */
    private static byte[] decodeBase64(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int buf = 0;
        int pos = 0;
        int end = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            int b;
            if (c == '=') {
                if (end == 0) {
                    if (pos == 2) {
                        end = 1;
                    } else if (pos == 3) {
                        end = 2;
                    } else {
                        throw PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                                "unexpected \"=\" while decoding base64 sequence");
                    }
                }
                b = 0;
            } else {
                b = c < 128 ? alphabet.indexOf(c) : -1;
                if (b < 0) {
                    throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid symbol \""
                            + new String(Character.toChars(text.codePointAt(i)))
                            + "\" found while decoding base64 sequence");
                }
            }
            buf = (buf << 6) + b;
            pos++;
            if (pos == 4) {
                out.write(buf >> 16 & 0xFF);
                if (end == 0 || end > 1) {
                    out.write(buf >> 8 & 0xFF);
                }
                if (end == 0 || end > 2) {
                    out.write(buf & 0xFF);
                }
                buf = 0;
                pos = 0;
            }
        }
        if (pos != 0) {
            throw PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid base64 end sequence")
                    .withHint("Input data is missing padding, is truncated, or is otherwise corrupted.");
        }
        return out.toByteArray();
    }

    private static byte[] overlay(byte[] s, byte[] placing, int from, int count) {
        long cut = (long) from + count;
        if (from < 1 || cut > Integer.MAX_VALUE) {
            throw PgException.error("22011", "negative substring length not allowed");
        }
        int head = Math.min(from - 1, s.length);
        int tail = (int) Math.max(0, Math.min(cut - 1, s.length));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(s, 0, head);
        out.writeBytes(placing);
        out.write(s, tail, s.length - tail);
        return out.toByteArray();
    }

    private static byte[] trim(byte[] s, byte[] set, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length;
        while (leading && start < end && contains(set, s[start])) {
            start++;
        }
        while (trailing && end > start && contains(set, s[end - 1])) {
            end--;
        }
        return java.util.Arrays.copyOfRange(s, start, end);
    }

    private static boolean contains(byte[] set, byte b) {
        for (byte x : set) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- text

    /** text_overlay: substring(s, 1, from - 1) || placing || substring(s, from + count). */
    private static String overlay(String s, String placing, int from, int count) {
        long cut = (long) from + count;
        if (from < 1 || cut > Integer.MAX_VALUE) {
            throw PgException.error("22011", "negative substring length not allowed");
        }
        int[] cps = s.codePoints().toArray();
        int head = Math.max(0, Math.min(from - 1, cps.length));
        int tail = (int) Math.max(0, Math.min(cut - 1, cps.length));
        return new String(cps, 0, head) + placing + new String(cps, tail, cps.length - tail);
    }

    /** text_to_array: null delimiter splits into characters, empty delimiter gives the whole string. */
    static String[] stringToArray(String s, String delimiter, String nullString) {
        if (s == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return new String[0];
        }
        if (delimiter == null) {
            s.codePoints().forEach(c -> parts.add(new String(Character.toChars(c))));
        } else if (delimiter.isEmpty()) {
            parts.add(s);
        } else {
            int from = 0;
            int at;
            while ((at = s.indexOf(delimiter, from)) >= 0) {
                parts.add(s.substring(from, at));
                from = at + delimiter.length();
            }
            parts.add(s.substring(from));
        }
        String[] result = parts.toArray(new String[0]);
        if (nullString != null) {
            for (int i = 0; i < result.length; i++) {
                if (result[i].equals(nullString)) {
                    result[i] = null;
                }
            }
        }
        return result;
    }

    static String arrayToString(String[] elements, String delimiter, String nullString) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (String e : elements) {
            if (e == null && nullString == null) {
                continue;
            }
            if (!first) {
                out.append(delimiter);
            }
            out.append(e == null ? nullString : e);
            first = false;
        }
        return out.toString();
    }
}
