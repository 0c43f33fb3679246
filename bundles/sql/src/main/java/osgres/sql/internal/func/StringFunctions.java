/*
 * More string functions of pg_proc, with PostgreSQL's results and errors: format (varlena.c text_format: %s %I %L
 * %%, argument positions n$, widths, * widths and the - flag), concat, concat_ws, quote_ident / quote_literal /
 * quote_nullable (quote.c, ruleutils.c quote_identifier with PostgreSQL 15's keywords), to_hex, string_to_array
 * and array_to_string on text[] (arrayfuncs.c / varlena.c text_to_array), bit_length, character_length,
 * overlay, and substring(text, int [, int]) as the grammar names substr. The bytea functions are ByteaFunctions',
 * to_char / to_number NumberFormatting's.
 * format, concat and concat_ws take VARIADIC "any" (their extra arguments arrive as text output); format,
 * concat, concat_ws, quote_nullable, string_to_array and array_to_string's three-argument form are not strict,
 * as in PostgreSQL. Strings count code points, as PostgreSQL does in UTF8.
 */
package osgres.sql.internal.func;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;

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
        // substring(text FROM n [FOR m]) as the grammar calls it (text's substr under its SQL name)
        d.define("substring", List.of(TEXT, INT4), TEXT, true, false, false,
                (c, a) -> textSubstring((String) a[0], (Integer) a[1], null));
        d.define("substring", List.of(TEXT, INT4, INT4), TEXT, true, false, false,
                (c, a) -> textSubstring((String) a[0], (Integer) a[1], (Integer) a[2]));
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
                PgType.FLOAT8, BYTEA, PgType.DATE, PgType.TIMESTAMP, PgType.TIMESTAMPTZ, PgType.TEXT_ARRAY,
                PgType.INT4_ARRAY, PgType.INT8_ARRAY)) {
            d.define("quote_literal", List.of(t), TEXT, true, false, false,
                    (c, a) -> quoteLiteral(asText(t, a[0], c)));
            d.define("quote_nullable", List.of(t), TEXT, false, false, false,
                    (c, a) -> a[0] == null ? "NULL" : quoteLiteral(asText(t, a[0], c)));
        }
        d.define("to_hex", List.of(INT4), TEXT, true, false, false,
                (c, a) -> Integer.toHexString((Integer) a[0]));
        d.define("to_hex", List.of(PgType.INT8), TEXT, true, false, false, (c, a) -> Long.toHexString((Long) a[0]));
        d.define("string_to_array", List.of(TEXT, TEXT), PgType.TEXT_ARRAY, false, false, false,
                (c, a) -> stringToArray((String) a[0], (String) a[1], null));
        d.define("string_to_table", List.of(TEXT, TEXT), TEXT, false, true, false,
                (c, a) -> a[0] == null ? List.of() : java.util.Arrays.asList(stringToArray((String) a[0],
                        (String) a[1], null).elements()));
        d.define("string_to_table", List.of(TEXT, TEXT, TEXT), TEXT, false, true, false,
                (c, a) -> a[0] == null ? List.of() : java.util.Arrays.asList(stringToArray((String) a[0],
                        (String) a[1], (String) a[2]).elements()));
        d.define("string_to_array", List.of(TEXT, TEXT, TEXT), PgType.TEXT_ARRAY, false, false, false,
                (c, a) -> stringToArray((String) a[0], (String) a[1], (String) a[2]));
        d.define("bit_length", List.of(TEXT), INT4, true, false, false,
                (c, a) -> ((String) a[0]).getBytes(StandardCharsets.UTF_8).length * 8);
        d.define("character_length", List.of(TEXT), INT4, true, false, false,
                (c, a) -> ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
        d.define("overlay", List.of(TEXT, TEXT, INT4, INT4), TEXT, true, false, false,
                (c, a) -> overlay((String) a[0], (String) a[1], (Integer) a[2], (Integer) a[3]));
        d.define("overlay", List.of(TEXT, TEXT, INT4), TEXT, true, false, false,
                (c, a) -> overlay((String) a[0], (String) a[1], (Integer) a[2],
                        ((String) a[1]).codePointCount(0, ((String) a[1]).length())));
    }

    private static String textSubstring(String s, int start, Integer count) {
        int[] cps = s.codePoints().toArray();
        int[] range = substringRange(cps.length, start, count);
        return new String(cps, range[0], range[1] - range[0]);
    }

    /** The [from, to) indexes text_substring and bytea_substring take: 22011 for a negative count. */
    static int[] substringRange(int length, int start, Integer count) {
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
    static osgres.storage.ArrayValue stringToArray(String s, String delimiter, String nullString) {
        if (s == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            return PgArrays.empty(PgType.TEXT);
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
        return PgArrays.of(PgType.TEXT, result);
    }
}
