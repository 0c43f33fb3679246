/*
 * to_char for numbers and to_number, as utils/adt/formatting.c's NUM_processor reads a number format picture
 * in the C locale: {@code 9} (digit, blank when a leading zero), {@code 0} (digit, zero kept), {@code .} and
 * {@code D} (decimal point), {@code ,} and {@code G} (group separator, blank before the first digit),
 * {@code FM} (fill mode: no padding blanks, trailing fractional zeros of 9 positions dropped), {@code S},
 * {@code MI}, {@code PL}, {@code SG} and {@code PR} (sign), text in double quotes (a backslash in it quoting the
 * next character) and {@code \"} copied, {@code B} and {@code C} printing nothing, any other character copied. Without a sign pattern
 * a blank (plus) or minus is written just before the first digit, as PostgreSQL does; an integer part longer
 * than the picture gives {@code #} in every digit position. The value is rounded half away from zero to the
 * picture's fractional digits (float8 too: PostgreSQL rounds the decimal rendering of the double).
 * {@code V} multiplies by ten per digit after it, {@code TH}/{@code th} append an ordinal suffix, {@code L} is the
 * C locale's (blank) currency symbol, {@code EEEE} gives scientific notation and {@code RN}/{@code rn} Roman
 * numerals. Not here: date/time pictures (to_char of timestamps belongs to the date/time functions).
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

final class NumberFormatting {
    private enum Kind { DIGIT9, DIGIT0, POINT, GROUP, SIGN_S, MI, PL, SG, PR, LITERAL, V, TH, CURRENCY, EEEE, RN }

    private record Token(Kind kind, String text) {
    }

    /** A parsed picture: its tokens and what NUMDesc_prepare counts. */
    private record Picture(List<Token> tokens, boolean fillMode, int integerDigits, int fractionDigits,
                           int zeroStart, boolean signPattern, boolean bracket, int multiplier, boolean eeee,
                           boolean roman, boolean point) {
    }

    private NumberFormatting() {
    }

    static void define(Functions.Registrar d) {
        PgType t = PgType.TEXT;
        d.define("to_char", List.of(PgType.INT4, t), t, true, false, false,
                (c, a) -> toChar(BigDecimal.valueOf((Integer) a[0]), (String) a[1]));
        d.define("to_char", List.of(PgType.INT8, t), t, true, false, false,
                (c, a) -> toChar(BigDecimal.valueOf((Long) a[0]), (String) a[1]));
        d.define("to_char", List.of(PgType.NUMERIC, t), t, true, false, false,
                (c, a) -> toChar((BigDecimal) a[0], (String) a[1]));
        d.define("to_char", List.of(PgType.FLOAT8, t), t, true, false, false, (c, a) -> {
            double v = (Double) a[0];
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return toCharSpecial((String) a[1]);
            }
            return toChar(new BigDecimal(Double.toString(v)), (String) a[1]);
        });
        d.define("to_number", List.of(t, t), PgType.NUMERIC, true, false, false,
                (c, a) -> toNumber((String) a[0], (String) a[1]));
    }

    private static Picture parse(String format) {
        List<Token> tokens = new ArrayList<>();
        boolean fill = false;
        boolean afterPoint = false;
        int integer = 0;
        int fraction = 0;
        int zeroStart = -1;
        boolean sign = false;
        boolean bracket = false;
        boolean afterV = false;
        boolean eeee = false;
        boolean roman = false;
        int multiplier = 0;
        String upper = format.toUpperCase(java.util.Locale.ROOT);
        for (int i = 0; i < format.length(); ) {
            char at = format.charAt(i);
            if (at == '"') {
                // quoted text is copied; inside it a backslash takes the next character literally
                StringBuilder text = new StringBuilder();
                i++;
                while (i < format.length() && format.charAt(i) != '"') {
                    if (format.charAt(i) == '\\' && i + 1 < format.length()) {
                        i++;
                    }
                    text.append(format.charAt(i++));
                }
                i++;
                tokens.add(new Token(Kind.LITERAL, text.toString()));
                continue;
            }
            if (at == '\\' && i + 1 < format.length() && format.charAt(i + 1) == '"') {
                tokens.add(new Token(Kind.LITERAL, "\""));
                i += 2;
                continue;
            }
            if (upper.charAt(i) == 'B' || upper.charAt(i) == 'C') {
                // keywords of the picture that print nothing for a number
                i++;
                continue;
            }
            if (upper.startsWith("FM", i)) {
                fill = true;
                i += 2;
                continue;
            }
            Kind kind = null;
            int length = 1;
            String[][] words = {{"EEEE", "EEEE"}, {"RN", "RN"}, {"TH", "TH"}, {"MI", "MI"}, {"PL", "PL"},
                {"SG", "SG"}, {"PR", "PR"}};
            for (String[] word : words) {
                if (kind == null && upper.startsWith(word[0], i)) {
                    kind = Kind.valueOf(word[1]);
                    length = word[0].length();
                }
            }
            char c = upper.charAt(i);
            if (kind == null) {
                kind = switch (c) {
                    case '9' -> Kind.DIGIT9;
                    case '0' -> Kind.DIGIT0;
                    case '.', 'D' -> Kind.POINT;
                    case ',', 'G' -> Kind.GROUP;
                    case 'S' -> Kind.SIGN_S;
                    case 'V' -> Kind.V;
                    case 'L' -> Kind.CURRENCY;
                    default -> Kind.LITERAL;
                };
            }
            if (eeee && kind != Kind.LITERAL) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "\"EEEE\" must be the last pattern used");
            }
            switch (kind) {
                case DIGIT9, DIGIT0 -> {
                    if (afterV) {
                        multiplier++;
                        integer++;
                    } else if (afterPoint) {
                        fraction++;
                    } else {
                        if (kind == Kind.DIGIT0 && zeroStart < 0) {
                            zeroStart = integer;
                        }
                        integer++;
                    }
                }
                case POINT -> {
                    if (afterPoint) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "multiple decimal points");
                    }
                    if (afterV) {
                        throw vAndPoint();
                    }
                    afterPoint = true;
                }
                case V -> {
                    if (afterPoint) {
                        throw vAndPoint();
                    }
                    afterV = true;
                }
                case EEEE -> {
                    if (fill || sign || afterV || roman) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "\"EEEE\" is incompatible with other formats")
                                .withDetail("\"EEEE\" may only be used together with digit and decimal point "
                                        + "patterns.");
                    }
                    eeee = true;
                }
                case RN -> roman = true;
                // PL adds a plus; the minus still goes before the digits, so it is no sign pattern of its own
                case SIGN_S, MI, SG -> sign = true;
                case PR -> {
                    sign = true;
                    bracket = true;
                }
                default -> {
                }
            }
            tokens.add(new Token(kind, format.substring(i, i + length)));
            i += length;
        }
        return new Picture(tokens, fill, integer, fraction, zeroStart, sign, bracket, multiplier, eeee, roman,
                afterPoint);
    }

    /** numeric_to_char (and the int and float8 forms, which go through the same picture). */
    static String toChar(BigDecimal value, String format) {
        Picture p = parse(format);
        if (p.roman()) {
            return roman(value, p, format);
        }
        if (p.eeee()) {
            return scientific(value, p.fractionDigits());
        }
        BigDecimal rounded = value.movePointRight(p.multiplier()).setScale(p.fractionDigits(), RoundingMode.HALF_UP);
        boolean negative = rounded.signum() < 0;
        String plain = rounded.abs().toPlainString();
        int dot = plain.indexOf('.');
        String intPart = dot < 0 ? plain : plain.substring(0, dot);
        String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
        if (intPart.equals("0") && p.fractionDigits() > 0) {
            intPart = "";
        }
        boolean overflow = intPart.length() > p.integerDigits();
        int preSpaces = Math.max(0, p.integerDigits() - intPart.length());
        int lastFraction = fracPart.length();
        if (p.fillMode()) {
            // FM drops trailing zeros of 9 positions (0 positions keep theirs)
            int keep = 0;
            int position = 0;
            boolean seenPoint = false;
            for (Token t : p.tokens()) {
                if (t.kind() == Kind.POINT) {
                    seenPoint = true;
                } else if (seenPoint && (t.kind() == Kind.DIGIT0 || t.kind() == Kind.DIGIT9)) {
                    position++;
                    if (t.kind() == Kind.DIGIT0 || fracPart.charAt(position - 1) != '0') {
                        keep = position;
                    }
                }
            }
            lastFraction = keep;
        }
        if (p.fillMode() && intPart.isEmpty() && lastFraction == 0) {
            // FM9.9 of 0 is "0.", not "."
            intPart = "0";
            preSpaces = Math.max(0, p.integerDigits() - 1);
        }
        StringBuilder out = new StringBuilder();
        int digit = 0;
        int fraction = 0;
        boolean afterPoint = false;
        boolean started = false;
        boolean signWritten = false;
        for (Token t : p.tokens()) {
            switch (t.kind()) {
                case DIGIT9, DIGIT0 -> {
                    if (!afterPoint) {
                        boolean blank = digit < preSpaces && (p.zeroStart() < 0 || digit < p.zeroStart());
                        if (!blank && !started) {
                            signWritten |= leadingSign(out, p, negative);
                            started = true;
                        }
                        if (overflow) {
                            out.append('#');
                        } else if (blank) {
                            if (!p.fillMode()) {
                                out.append(' ');
                            }
                        } else {
                            out.append(digit < preSpaces ? '0' : intPart.charAt(digit - preSpaces));
                        }
                        digit++;
                    } else {
                        if (overflow) {
                            out.append('#');
                        } else if (fraction < lastFraction) {
                            out.append(fracPart.charAt(fraction));
                        }
                        fraction++;
                    }
                }
                case POINT -> {
                    if (!started) {
                        signWritten |= leadingSign(out, p, negative);
                        started = true;
                    }
                    afterPoint = true;
                    if (!p.fillMode() || p.fractionDigits() > 0 || overflow) {
                        // FM999. of 1 is "1": a point with no fractional digit positions is dropped
                        out.append('.');
                    }
                }
                case GROUP -> {
                    if (started) {
                        out.append(overflow ? "," : ",");
                    } else if (!p.fillMode()) {
                        out.append(' ');
                    }
                }
                case SIGN_S -> {
                    if (!started) {
                        // S before the digits is anchored to the number: written with the first digit
                        continue;
                    }
                    out.append(negative ? '-' : '+');
                }
                case MI -> out.append(negative ? "-" : p.fillMode() ? "" : " ");
                case PL -> out.append(negative ? (p.fillMode() ? "" : " ") : "+");
                case SG -> out.append(negative ? '-' : '+');
                case PR -> out.append(negative ? ">" : p.fillMode() ? "" : " ");
                case CURRENCY -> out.append(' '); // the C locale's empty currency symbol prints as a blank
                case TH -> {
                    if (!negative && !p.point() && !overflow) {
                        out.append(ordinal(intPart.isEmpty() ? "0" : intPart, t.text().equals("th")));
                    }
                }
                case V, EEEE, RN -> {
                }
                default -> out.append(t.text());
            }
        }
        return out.toString();
    }

    private static PgException vAndPoint() {
        return PgException.error(SqlState.SYNTAX_ERROR, "cannot use \"V\" and decimal point together");
    }

    /** TH / th: the English ordinal suffix of the integer part (11th, 12th, 13th, 21st, 22nd, 23rd...). */
    private static String ordinal(String digits, boolean lower) {
        int last = digits.charAt(digits.length() - 1) - '0';
        int tens = digits.length() > 1 ? digits.charAt(digits.length() - 2) - '0' : 0;
        String suffix = tens == 1 ? "TH" : switch (last) {
            case 1 -> "ST";
            case 2 -> "ND";
            case 3 -> "RD";
            default -> "TH";
        };
        return lower ? suffix.toLowerCase(java.util.Locale.ROOT) : suffix;
    }

    /** EEEE (numeric_out_sci): one integer digit, the picture's fractional digits, a signed two-digit exponent. */
    private static String scientific(BigDecimal value, int digits) {
        int exponent = value.signum() == 0 ? 0 : value.precision() - value.scale() - 1;
        // rounding up to ten is not renormalised: PostgreSQL prints 9.9996 as 10.000e+00 with 9.999EEEE
        BigDecimal mantissa = value.movePointLeft(exponent).setScale(digits, RoundingMode.HALF_UP);
        String e = String.format("%02d", Math.abs(exponent));
        return (mantissa.signum() < 0 ? "" : " ") + mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + e;
    }

    /** RN / rn: the integer part in Roman numerals, right-aligned in 15 places unless FM; '#' outside 1..3999. */
    private static String roman(BigDecimal value, Picture p, String format) {
        BigDecimal whole = value.setScale(0, RoundingMode.HALF_UP);
        if (whole.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                || whole.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            throw Messages.outOfRange("integer");
        }
        int n = whole.intValue();
        if (n < 1 || n > 3999) {
            return "#".repeat(15);
        }
        String[][] places = {{"", "M", "MM", "MMM"}, {"", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"},
            {"", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"},
            {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}};
        String r = places[0][n / 1000] + places[1][n / 100 % 10] + places[2][n / 10 % 10] + places[3][n % 10];
        if (format.contains("rn")) {
            r = r.toLowerCase(java.util.Locale.ROOT);
        }
        return p.fillMode() ? r : " ".repeat(15 - r.length()) + r;
    }

    /** The sign written just before the first digit: the default blank/minus, an anchored S, or PR's bracket. */
    private static boolean leadingSign(StringBuilder out, Picture p, boolean negative) {
        boolean anchoredS = false;
        for (Token t : p.tokens()) {
            if (t.kind() == Kind.SIGN_S) {
                anchoredS = true;
                break;
            }
            if (t.kind() == Kind.DIGIT0 || t.kind() == Kind.DIGIT9 || t.kind() == Kind.POINT) {
                break;
            }
        }
        if (anchoredS) {
            out.append(negative ? '-' : '+');
        } else if (p.bracket()) {
            out.append(negative ? "<" : p.fillMode() ? "" : " ");
        } else if (!p.signPattern()) {
            if (negative) {
                out.append('-');
            } else if (!p.fillMode()) {
                out.append(' ');
            }
        }
        return true;
    }

    /** float8_to_char for NaN and infinities: every digit position '#'. */
    private static String toCharSpecial(String format) {
        Picture p = parse(format);
        StringBuilder out = new StringBuilder(" ");
        for (Token t : p.tokens()) {
            switch (t.kind()) {
                case DIGIT0, DIGIT9 -> out.append('#');
                case POINT -> out.append('.');
                default -> {
                }
            }
        }
        return out.toString();
    }

    /**
     * numeric_to_number: the digits, decimal point and sign of the input read against the picture; at most the
     * picture's fractional digits are kept.
     */
    static BigDecimal toNumber(String input, String format) {
        if (format.isEmpty()) {
            return null;
        }
        Picture p = parse(format);
        StringBuilder digits = new StringBuilder();
        boolean negative = false;
        boolean point = false;
        int fraction = 0;
        int integer = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= '0' && c <= '9') {
                if (point) {
                    if (fraction < p.fractionDigits()) {
                        digits.append(c);
                        fraction++;
                    }
                } else if (integer < p.integerDigits()) {
                    digits.append(c);
                    integer++;
                }
            } else if (c == '.' && p.fractionDigits() > 0 && !point) {
                point = true;
            } else if (c == '-' || c == '<') {
                negative = true;
            }
        }
        if (digits.isEmpty()) {
            throw PgException.error(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type numeric: \" \"");
        }
        BigDecimal v = new BigDecimal(new java.math.BigInteger(digits.toString()), fraction);
        return negative ? v.negate() : v;
    }
}
