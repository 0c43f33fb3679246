/*
 * The pattern-matching operators of pg_operator as PostgreSQL names them, and the LIKE and SIMILAR TO pattern
 * languages (utils/adt/like.c, like_match.c, regexp.c similar_escape_internal):
 * <ul>
 * <li>{@code ~~} LIKE, {@code !~~} NOT LIKE, {@code ~~*} ILIKE, {@code !~~*} NOT ILIKE over text (varchar and
 *     unknown coerce to it), name and bpchar (the padded value, as bpcharlike matches it) on the left and text
 *     on the right, and {@code ~~ !~~} over bytea;</li>
 * <li>{@code ~}, {@code ~*}, {@code !~}, {@code !~*}: PostgreSQL regular expressions (RegexTranslator) over the
 *     same left types;</li>
 * <li>{@code ^@}: starts_with.</li>
 * </ul>
 * The grammar's other spellings reach these as PostgreSQL rewrites them: {@code x LIKE p ESCAPE e} is
 * {@code x ~~ like_escape(p, e)}, {@code x SIMILAR TO p [ESCAPE e]} is {@code x ~ similar_to_escape(p[, e])}.
 * LIKE matching is MatchText's: {@code %} any run, {@code _} one character, backslash the escape; a pattern
 * that ends in the escape character is 22025 only when matching gets there, as in PostgreSQL. ILIKE lower-cases
 * both sides (UTF-8 databases do so in PostgreSQL too). Not here: the LIKE index optimisation (prefix ranges).
 */
package osgres.sql.internal.func;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;

final class PatternMatching {
    private static final Set<String> LIKE_OPERATORS = Set.of("~~", "!~~", "~~*", "!~~*");
    private static final Set<String> REGEX_OPERATORS = Set.of("~", "!~", "~*", "!~*");
    private static final int LIKE_TRUE = 1;
    private static final int LIKE_FALSE = 0;
    private static final int LIKE_ABORT = -1;

    private PatternMatching() {
    }

    static boolean isPatternOperator(String op) {
        return LIKE_OPERATORS.contains(op) || REGEX_OPERATORS.contains(op) || op.equals("^@");
    }

    /**
     * The pg_operator entry for a pattern operator and its operand types (unknown already replaced by the other
     * side's type, or both unknown), or null when there is none.
     */
    static Operators.Resolved resolve(String op, PgType left, PgType right) {
        if (!isPatternOperator(op)) {
            return null;
        }
        boolean bytea = left == PgType.BYTEA || right == PgType.BYTEA;
        if (bytea) {
            if ((op.equals("~~") || op.equals("!~~")) && left == PgType.BYTEA && right == PgType.BYTEA) {
                boolean negate = op.startsWith("!");
                return new Operators.Resolved(PgType.BYTEA, PgType.BYTEA, PgType.BOOL,
                        (ctx, a) -> like(unsigned((byte[]) a[0]), unsigned((byte[]) a[1])) != negate);
            }
            return null;
        }
        if (!isText(left) || !isText(right)) {
            return null;
        }
        PgType l = left == PgType.NAME || left == PgType.BPCHAR ? left : PgType.TEXT;
        if (op.equals("^@")) {
            if (l != PgType.TEXT) {
                return null;
            }
            return new Operators.Resolved(PgType.TEXT, PgType.TEXT, PgType.BOOL,
                    (ctx, a) -> ((String) a[0]).startsWith((String) a[1]));
        }
        boolean negate = op.startsWith("!");
        boolean insensitive = op.endsWith("*");
        Expr.Implementation impl;
        if (LIKE_OPERATORS.contains(op)) {
            impl = insensitive
                    ? (ctx, a) -> ilike((String) a[0], (String) a[1]) != negate
                    : (ctx, a) -> like((String) a[0], (String) a[1]) != negate;
        } else {
            RegexTranslator.Flags flags = insensitive ? RegexTranslator.Flags.CASE_INSENSITIVE
                    : RegexTranslator.Flags.DEFAULT;
            impl = (ctx, a) -> regexMatches(ctx, (String) a[0], (String) a[1], flags) != negate;
        }
        return new Operators.Resolved(l, PgType.TEXT, PgType.BOOL, impl);
    }

    private static boolean isText(PgType t) {
        return t.isString() || t == PgType.UNKNOWN;
    }

    /** textregexeq: does the pattern match anywhere in the text. */
    static boolean regexMatches(ExecContext ctx, String text, String pattern, RegexTranslator.Flags flags) {
        RegexTranslator.Compiled re = RegexTranslator.compile(pattern, flags);
        return RegexTranslator.match(() -> re.pattern().matcher(RegexTranslator.interruptible(text, ctx)).find());
    }

    /** The LIKE and SIMILAR TO helpers of pg_proc, registered into Functions' catalog. */
    static void defineFunctions(BuiltinFunctions.Definer d) {
        PgType t = PgType.TEXT;
        d.define("like_escape", List.of(t, t), t, (c, a) -> likeEscape((String) a[0], (String) a[1]));
        // bytea's like_escape: bytes read as Latin-1 characters, so the rewrite is byte for byte
        d.define("like_escape", List.of(PgType.BYTEA, PgType.BYTEA), PgType.BYTEA, (c, a) -> likeEscape(
                new String((byte[]) a[0], StandardCharsets.ISO_8859_1),
                new String((byte[]) a[1], StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
        d.define("similar_to_escape", List.of(t), t, (c, a) -> similarToEscape((String) a[0], null));
        d.define("similar_to_escape", List.of(t, t), t, (c, a) -> similarToEscape((String) a[0], (String) a[1]));
        d.define("like", List.of(t, t), PgType.BOOL, (c, a) -> like((String) a[0], (String) a[1]));
        d.define("notlike", List.of(t, t), PgType.BOOL, (c, a) -> !like((String) a[0], (String) a[1]));
        d.define("ilike", List.of(t, t), PgType.BOOL, (c, a) -> ilike((String) a[0], (String) a[1]));
        d.define("notilike", List.of(t, t), PgType.BOOL, (c, a) -> !ilike((String) a[0], (String) a[1]));
        d.define("textregexeq", List.of(t, t), PgType.BOOL,
                (c, a) -> regexMatches(c, (String) a[0], (String) a[1], RegexTranslator.Flags.DEFAULT));
    }

    // ---------------------------------------------------------------- LIKE

    static boolean like(String text, String pattern) {
        return like(text.codePoints().toArray(), pattern.codePoints().toArray());
    }

    static boolean ilike(String text, String pattern) {
        return like(text.toLowerCase(Locale.ROOT), pattern.toLowerCase(Locale.ROOT));
    }

    private static boolean like(int[] text, int[] pattern) {
        if (pattern.length == 1 && pattern[0] == '%') {
            return true;
        }
        return matchText(text, 0, pattern, 0) == LIKE_TRUE;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] v = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            v[i] = bytes[i] & 0xFF;
        }
        return v;
    }

    /**
     * like_match.c MatchText: LIKE_ABORT means no later start of the text can match either, so an enclosing
     * {@code %} scan stops. Recursion is bounded by the number of {@code %} in the pattern.
     */
    private static int matchText(int[] t, int ti, int[] p, int pi) {
        while (ti < t.length && pi < p.length) {
            int pc = p[pi];
            if (pc == '\\') {
                pi++;
                if (pi >= p.length) {
                    throw Messages.likeEndsWithEscape();
                }
                if (p[pi] != t[ti]) {
                    return LIKE_FALSE;
                }
            } else if (pc == '%') {
                pi++;
                while (pi < p.length) {
                    if (p[pi] == '%') {
                        pi++;
                    } else if (p[pi] == '_') {
                        if (ti >= t.length) {
                            return LIKE_ABORT;
                        }
                        ti++;
                        pi++;
                    } else {
                        break;
                    }
                }
                if (pi >= p.length) {
                    return LIKE_TRUE;
                }
                int first;
                if (p[pi] == '\\') {
                    if (pi + 1 >= p.length) {
                        throw Messages.likeEndsWithEscape();
                    }
                    first = p[pi + 1];
                } else {
                    first = p[pi];
                }
                while (ti < t.length) {
                    if (t[ti] == first) {
                        int matched = matchText(t, ti, p, pi);
                        if (matched != LIKE_FALSE) {
                            return matched;
                        }
                    }
                    ti++;
                }
                return LIKE_ABORT;
            } else if (pc != '_' && pc != t[ti]) {
                return LIKE_FALSE;
            }
            ti++;
            pi++;
        }
        if (ti < t.length) {
            return LIKE_FALSE;
        }
        while (pi < p.length && p[pi] == '%') {
            pi++;
        }
        return pi >= p.length ? LIKE_TRUE : LIKE_ABORT;
    }

    /**
     * like_escape (like.c MakeLikePattern... do_like_escape): rewrites a pattern whose escape is {@code escape}
     * into one whose escape is a backslash; an empty escape means none (backslashes doubled).
     */
    static String likeEscape(String pattern, String escape) {
        int[] e = escape.codePoints().toArray();
        if (e.length > 1) {
            throw Messages.invalidEscapeString();
        }
        StringBuilder out = new StringBuilder(pattern.length() + 8);
        if (e.length == 0) {
            pattern.codePoints().forEach(c -> {
                if (c == '\\') {
                    out.append('\\');
                }
                out.appendCodePoint(c);
            });
            return out.toString();
        }
        int esc = e[0];
        if (esc == '\\') {
            return pattern;
        }
        boolean afterEscape = false;
        for (int c : pattern.codePoints().toArray()) {
            if (c == esc && !afterEscape) {
                out.append('\\');
                afterEscape = true;
            } else if (c == '\\') {
                out.append('\\');
                if (!afterEscape) {
                    out.append('\\');
                }
                afterEscape = false;
            } else {
                out.appendCodePoint(c);
                afterEscape = false;
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- SIMILAR TO

    /**
     * similar_escape_internal: a SIMILAR TO pattern as a PostgreSQL regular expression anchored at both ends,
     * {@code ^(?:...)$}, with {@code %} as {@code .*}, {@code _} as {@code .}, parentheses non-capturing and the
     * escape-double-quote separators making the middle part the one capturing group substring() returns.
     * {@code escape} null means the default backslash, empty means none.
     */
    static String similarToEscape(String pattern, String escape) {
        Integer esc;
        if (escape == null) {
            esc = (int) '\\';
        } else {
            int[] e = escape.codePoints().toArray();
            if (e.length > 1) {
                throw Messages.invalidEscapeString();
            }
            esc = e.length == 0 ? null : e[0];
        }
        StringBuilder r = new StringBuilder("^(?:");
        boolean afterEscape = false;
        int quotes = 0;
        int bracketDepth = 0;
        int classPos = 0;
        for (int c : pattern.codePoints().toArray()) {
            if (afterEscape) {
                if (c == '"' && bracketDepth < 1) {
                    if (quotes == 0) {
                        r.append("){1,1}?(");
                    } else if (quotes == 1) {
                        r.append("){1,1}(?:");
                    } else {
                        throw Messages.tooManyEscapeQuotes();
                    }
                    quotes++;
                } else {
                    r.append('\\').appendCodePoint(c);
                    classPos = 3;
                }
                afterEscape = false;
            } else if (esc != null && c == esc) {
                afterEscape = true;
            } else if (bracketDepth > 0) {
                if (c == '\\') {
                    r.append('\\');
                }
                r.appendCodePoint(c);
                if (c == ']' && classPos > 2) {
                    bracketDepth--;
                } else if (c == '[') {
                    bracketDepth++;
                    classPos = 3;
                } else if (c == '^') {
                    classPos++;
                } else {
                    classPos = 3;
                }
            } else if (c == '[') {
                r.append('[');
                bracketDepth = 1;
                classPos = 1;
            } else if (c == '%') {
                r.append(".*");
            } else if (c == '_') {
                r.append('.');
            } else if (c == '(') {
                r.append("(?:");
            } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
                r.append('\\').appendCodePoint(c);
            } else {
                r.appendCodePoint(c);
            }
        }
        return r.append(")$").toString();
    }
}
