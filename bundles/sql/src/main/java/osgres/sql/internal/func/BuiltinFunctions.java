/*
 * String and math functions of pg_proc, with PostgreSQL's results and errors: varlena.c / oracle_compat.c
 * (repeat, split_part, left, right, lpad, rpad, btrim, ltrim, rtrim, reverse, initcap, translate, ascii, chr,
 * strpos, replace, starts_with, md5, substr) and float.c / numeric.c (floor, ceil, round, trunc, sign, mod; the
 * other math functions are MathFunctions'). Strings count code points, as PostgreSQL does in UTF8.
 * Registered into Functions' catalog; all are strict (a null argument gives null).
 */
package osgres.sql.internal.func;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import osgres.api.PgException;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.NumericMath;
import osgres.sql.internal.utils.NumericSpecials;
import osgres.storage.NumericSpecial;
import osgres.sql.internal.utils.PgType;

final class BuiltinFunctions {

    /** Functions.define, as the catalog offers it. */
    @FunctionalInterface
    interface Definer {
        void define(String name, List<PgType> args, PgType result, Expr.Implementation implementation);
    }

    private static final PgType TEXT = PgType.TEXT;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType INT8 = PgType.INT8;
    private static final PgType FLOAT8 = PgType.FLOAT8;
    private static final PgType NUMERIC = PgType.NUMERIC;

    private BuiltinFunctions() {
    }

    static void defineStrings(Definer d) {
        d.define("repeat", List.of(TEXT, INT4), TEXT, (c, a) -> {
            int times = Math.max(0, (Integer) a[1]);
            checkLength((long) ((String) a[0]).length() * times);
            return ((String) a[0]).repeat(times);
        });
        d.define("split_part", List.of(TEXT, TEXT, INT4), TEXT,
                (c, a) -> splitPart((String) a[0], (String) a[1], (Integer) a[2]));
        d.define("left", List.of(TEXT, INT4), TEXT, (c, a) -> left((String) a[0], (Integer) a[1]));
        d.define("right", List.of(TEXT, INT4), TEXT, (c, a) -> right((String) a[0], (Integer) a[1]));
        d.define("lpad", List.of(TEXT, INT4), TEXT, (c, a) -> pad((String) a[0], (Integer) a[1], " ", true));
        d.define("lpad", List.of(TEXT, INT4, TEXT), TEXT,
                (c, a) -> pad((String) a[0], (Integer) a[1], (String) a[2], true));
        d.define("rpad", List.of(TEXT, INT4), TEXT, (c, a) -> pad((String) a[0], (Integer) a[1], " ", false));
        d.define("rpad", List.of(TEXT, INT4, TEXT), TEXT,
                (c, a) -> pad((String) a[0], (Integer) a[1], (String) a[2], false));
        d.define("btrim", List.of(TEXT), TEXT, (c, a) -> trim((String) a[0], " ", true, true));
        d.define("btrim", List.of(TEXT, TEXT), TEXT, (c, a) -> trim((String) a[0], (String) a[1], true, true));
        d.define("ltrim", List.of(TEXT), TEXT, (c, a) -> trim((String) a[0], " ", true, false));
        d.define("ltrim", List.of(TEXT, TEXT), TEXT, (c, a) -> trim((String) a[0], (String) a[1], true, false));
        d.define("rtrim", List.of(TEXT), TEXT, (c, a) -> trim((String) a[0], " ", false, true));
        d.define("rtrim", List.of(TEXT, TEXT), TEXT, (c, a) -> trim((String) a[0], (String) a[1], false, true));
        d.define("reverse", List.of(TEXT), TEXT, (c, a) -> new StringBuilder((String) a[0]).reverse().toString());
        d.define("initcap", List.of(TEXT), TEXT, (c, a) -> initcap((String) a[0]));
        d.define("translate", List.of(TEXT, TEXT, TEXT), TEXT,
                (c, a) -> translate((String) a[0], (String) a[1], (String) a[2]));
        d.define("ascii", List.of(TEXT), INT4, (c, a) -> ((String) a[0]).isEmpty() ? 0 : ((String) a[0]).codePointAt(0));
        d.define("chr", List.of(INT4), TEXT, (c, a) -> chr((Integer) a[0]));
        d.define("strpos", List.of(TEXT, TEXT), INT4, (c, a) -> strpos((String) a[0], (String) a[1]));
        d.define("unistr", List.of(TEXT), TEXT, (c, a) -> unistr((String) a[0]));
        // POSITION(sub IN s) is gram.y's pg_catalog.position(s, sub)
        d.define("position", List.of(TEXT, TEXT), INT4, (c, a) -> strpos((String) a[0], (String) a[1]));
        d.define("position", List.of(PgType.BYTEA, PgType.BYTEA), INT4,
                (c, a) -> bytePosition((byte[]) a[0], (byte[]) a[1]));
        d.define("replace", List.of(TEXT, TEXT, TEXT), TEXT, (c, a) -> ((String) a[1]).isEmpty() ? a[0]
                : ((String) a[0]).replace((String) a[1], (String) a[2]));
        d.define("starts_with", List.of(TEXT, TEXT), PgType.BOOL, (c, a) -> ((String) a[0]).startsWith((String) a[1]));
        d.define("md5", List.of(TEXT), TEXT, (c, a) -> md5(((String) a[0]).getBytes(StandardCharsets.UTF_8)));
        d.define("md5", List.of(PgType.BYTEA), TEXT, (c, a) -> md5((byte[]) a[0]));
        d.define("substr", List.of(TEXT, INT4), TEXT, (c, a) -> substr((String) a[0], (Integer) a[1], null));
        d.define("substr", List.of(TEXT, INT4, INT4), TEXT,
                (c, a) -> substr((String) a[0], (Integer) a[1], (Integer) a[2]));
        d.define("octet_length", List.of(TEXT), INT4,
                (c, a) -> ((String) a[0]).getBytes(StandardCharsets.UTF_8).length);
    }

    /** numeric_floor/ceil/round/trunc: NaN and the infinities are their own rounding. */
    private static Expr.Implementation keepingSpecials(Expr.Implementation finite) {
        return (c, a) -> a[0] instanceof NumericSpecial ? a[0] : finite.call(c, a);
    }

    static void defineMath(Definer d) {
        d.define("floor", List.of(FLOAT8), FLOAT8, (c, a) -> Math.floor((Double) a[0]));
        d.define("floor", List.of(NUMERIC), NUMERIC,
                keepingSpecials((c, a) -> ((BigDecimal) a[0]).setScale(0, RoundingMode.FLOOR)));
        d.define("ceil", List.of(FLOAT8), FLOAT8, (c, a) -> Math.ceil((Double) a[0]));
        d.define("ceil", List.of(NUMERIC), NUMERIC,
                keepingSpecials((c, a) -> ((BigDecimal) a[0]).setScale(0, RoundingMode.CEILING)));
        d.define("ceiling", List.of(FLOAT8), FLOAT8, (c, a) -> Math.ceil((Double) a[0]));
        d.define("ceiling", List.of(NUMERIC), NUMERIC,
                keepingSpecials((c, a) -> ((BigDecimal) a[0]).setScale(0, RoundingMode.CEILING)));
        // float8 round is rint (half to even); numeric rounds half away from zero
        d.define("round", List.of(FLOAT8), FLOAT8, (c, a) -> Math.rint((Double) a[0]));
        d.define("round", List.of(NUMERIC), NUMERIC,
                keepingSpecials((c, a) -> ((BigDecimal) a[0]).setScale(0, RoundingMode.HALF_UP)));
        d.define("round", List.of(NUMERIC, INT4), NUMERIC,
                keepingSpecials((c, a) -> scale((BigDecimal) a[0], (Integer) a[1],
                RoundingMode.HALF_UP)));
        d.define("trunc", List.of(FLOAT8), FLOAT8, (c, a) -> {
            double x = (Double) a[0];
            return x < 0 ? Math.ceil(x) : Math.floor(x);
        });
        d.define("trunc", List.of(NUMERIC), NUMERIC,
                keepingSpecials((c, a) -> ((BigDecimal) a[0]).setScale(0, RoundingMode.DOWN)));
        d.define("trunc", List.of(NUMERIC, INT4), NUMERIC,
                keepingSpecials((c, a) -> scale((BigDecimal) a[0], (Integer) a[1],
                RoundingMode.DOWN)));
        d.define("sign", List.of(FLOAT8), FLOAT8, (c, a) -> Math.signum((Double) a[0]));
        d.define("sign", List.of(NUMERIC), NUMERIC, (c, a) -> a[0] instanceof NumericSpecial s
                ? (s == NumericSpecial.NAN ? s : BigDecimal.valueOf(s == NumericSpecial.INFINITY ? 1 : -1))
                : BigDecimal.valueOf(((BigDecimal) a[0]).signum()));
        d.define("mod", List.of(PgType.INT2, PgType.INT2), PgType.INT2, (c, a) -> (short) mod((Short) a[0], (Short) a[1]));
        d.define("mod", List.of(INT4, INT4), INT4, (c, a) -> (int) mod((Integer) a[0], (Integer) a[1]));
        d.define("mod", List.of(INT8, INT8), INT8, (c, a) -> mod((Long) a[0], (Long) a[1]));
        d.define("mod", List.of(NUMERIC, NUMERIC), NUMERIC, (c, a) -> {
            if (a[0] instanceof NumericSpecial || a[1] instanceof NumericSpecial) {
                return NumericSpecials.arithmetic('%', a[0], a[1]);
            }
            if (((BigDecimal) a[1]).signum() == 0) {
                throw Messages.divisionByZero();
            }
            return ((BigDecimal) a[0]).remainder((BigDecimal) a[1]);
        });
    }

    // ---- strings --------------------------------------------------------------------------------------------

    /** A text value is at most 1 GB (MaxAllocSize): longer results are refused before they are built. */
    private static void checkLength(long characters) {
        if (characters * 4 >= (1L << 30)) {
            throw PgException.error("54000", "requested length too large");
        }
    }

    private static int[] codePoints(String s) {
        return s.codePoints().toArray();
    }

    private static String fromCodePoints(int[] cps, int from, int to) {
        return new String(cps, from, Math.max(0, to - from));
    }

    private static String splitPart(String s, String delimiter, int n) {
        if (n == 0) {
            throw PgException.error("22023", "field position must not be zero");
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        List<String> parts = List.of(s.split(java.util.regex.Pattern.quote(delimiter), -1));
        int index = n > 0 ? n - 1 : parts.size() + n;
        return index >= 0 && index < parts.size() ? parts.get(index) : "";
    }

    private static String left(String s, int n) {
        int[] cps = codePoints(s);
        int len = n >= 0 ? Math.min(n, cps.length) : Math.max(0, cps.length + n);
        return fromCodePoints(cps, 0, len);
    }

    private static String right(String s, int n) {
        int[] cps = codePoints(s);
        int len = n >= 0 ? Math.min(n, cps.length) : Math.max(0, cps.length + n);
        return fromCodePoints(cps, cps.length - len, cps.length);
    }

    /** lpad/rpad: to {@code length} code points, filling with {@code fill} repeated, truncating a longer string. */
    private static String pad(String s, int length, String fill, boolean leftSide) {
        int[] cps = codePoints(s);
        if (length <= 0) {
            return "";
        }
        checkLength(length);
        if (cps.length >= length || fill.isEmpty()) {
            return fromCodePoints(cps, 0, Math.min(cps.length, length));
        }
        int[] f = codePoints(fill);
        int[] padding = new int[length - cps.length];
        for (int i = 0; i < padding.length; i++) {
            padding[i] = f[i % f.length];
        }
        String p = new String(padding, 0, padding.length);
        return leftSide ? p + s : s + p;
    }

    private static String trim(String s, String characters, boolean leading, boolean trailing) {
        int[] cps = codePoints(s);
        java.util.Set<Integer> set = new java.util.HashSet<>();
        characters.codePoints().forEach(set::add);
        int start = 0;
        int end = cps.length;
        while (leading && start < end && set.contains(cps[start])) {
            start++;
        }
        while (trailing && end > start && set.contains(cps[end - 1])) {
            end--;
        }
        return fromCodePoints(cps, start, end);
    }

    /** initcap: the first letter of each run of letters and digits upper case, the rest lower case. */
    private static String initcap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        for (int cp : codePoints(s)) {
            out.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            inWord = Character.isLetterOrDigit(cp);
        }
        return out.toString();
    }

    private static String translate(String s, String from, String to) {
        int[] f = codePoints(from);
        int[] t = codePoints(to);
        StringBuilder out = new StringBuilder(s.length());
        for (int cp : codePoints(s)) {
            int i = 0;
            while (i < f.length && f[i] != cp) {
                i++;
            }
            if (i == f.length) {
                out.appendCodePoint(cp);
            } else if (i < t.length) {
                out.appendCodePoint(t[i]);
            }
        }
        return out.toString();
    }

    private static String chr(int code) {
        if (code == 0) {
            throw PgException.error("54000", "null character not permitted");
        }
        if (code < 0) {
            throw PgException.error("54000", "character number must be positive");
        }
        if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw PgException.error("54000", "requested character too large for encoding: " + code);
        }
        return new String(Character.toChars(code));
    }

    /**
     * unistr: a doubled backslash, and backslash escapes of 4 hex digits (optionally after u), 6 (after +) or
     * 8 (after U); UTF-16 surrogate pairs combined.
     */
    private static String unistr(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int pairFirst = 0;
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch != '\\') {
                if (pairFirst != 0) {
                    throw invalidSurrogatePair();
                }
                out.append(ch);
                i++;
                continue;
            }
            int digits;
            int offset;
            if (i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                if (pairFirst != 0) {
                    throw invalidSurrogatePair();
                }
                out.append('\\');
                i += 2;
                continue;
            } else if (hexDigits(s, i + 1, 4)) {
                digits = 4;
                offset = 1;
            } else if (at(s, i + 1) == 'u' && hexDigits(s, i + 2, 4)) {
                digits = 4;
                offset = 2;
            } else if (at(s, i + 1) == '+' && hexDigits(s, i + 2, 6)) {
                digits = 6;
                offset = 2;
            } else if (at(s, i + 1) == 'U' && hexDigits(s, i + 2, 8)) {
                digits = 8;
                offset = 2;
            } else {
                throw Messages.invalidUnicodeEscape();
            }
            long code = Long.parseLong(s.substring(i + offset, i + offset + digits), 16);
            if (code <= 0 || code > 0x10FFFF) {
                throw Messages.invalidCodePoint(code);
            }
            int cp = (int) code;
            if (pairFirst != 0) {
                if (!Character.isLowSurrogate((char) cp) || cp > 0xFFFF) {
                    throw invalidSurrogatePair();
                }
                cp = Character.toCodePoint((char) pairFirst, (char) cp);
                pairFirst = 0;
            } else if (cp <= 0xFFFF && Character.isLowSurrogate((char) cp)) {
                throw invalidSurrogatePair();
            }
            if (cp <= 0xFFFF && Character.isHighSurrogate((char) cp)) {
                pairFirst = cp;
            } else {
                out.appendCodePoint(cp);
            }
            i += offset + digits;
        }
        if (pairFirst != 0) {
            throw invalidSurrogatePair();
        }
        return out.toString();
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean hexDigits(String s, int from, int n) {
        if (from + n > s.length()) {
            return false;
        }
        for (int i = from; i < from + n; i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    private static PgException invalidSurrogatePair() {
        return Messages.invalidSurrogatePair();
    }

    private static int bytePosition(byte[] s, byte[] sub) {
        outer:
        for (int i = 0; i + sub.length <= s.length; i++) {
            for (int j = 0; j < sub.length; j++) {
                if (s[i + j] != sub[j]) {
                    continue outer;
                }
            }
            return i + 1;
        }
        return 0;
    }

    private static int strpos(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? 0 : s.codePointCount(0, at) + 1;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }

    /** substr(s, start [, count]): 1-based start; a start before 1 eats into count; negative count is an error. */
    private static String substr(String s, int start, Integer count) {
        int[] cps = codePoints(s);
        if (count != null && count < 0) {
            throw PgException.error("22011", "negative substring length not allowed");
        }
        long from = start;
        long to = count == null ? Long.MAX_VALUE : (long) start + count;
        from = Math.max(from, 1);
        to = Math.min(to, (long) cps.length + 1);
        if (from >= to) {
            return "";
        }
        return fromCodePoints(cps, (int) from - 1, (int) to - 1);
    }

    // ---- math -----------------------------------------------------------------------------------------------

    private static BigDecimal scale(BigDecimal value, int places, RoundingMode mode) {
        BigDecimal r = value.setScale(places, mode);
        return NumericMath.checkOverflow(places < 0 ? r.setScale(0, RoundingMode.UNNECESSARY) : r);
    }

    private static long mod(long x, long y) {
        if (y == 0) {
            throw Messages.divisionByZero();
        }
        return y == -1 ? 0 : x % y;
    }
}
