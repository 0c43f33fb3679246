/*
 * PostgreSQL's regular expressions (the "advanced" flavour, ARE, of Henry Spencer's engine in src/backend/regex,
 * compiled and cached as utils/adt/regexp.c does) on java.util.regex. The pattern is translated, not
 * reinterpreted, so what both engines read alike passes through; where they differ in ways users hit, the
 * translation follows PostgreSQL:
 * <ul>
 * <li>flags (regexp.c parse_re_flags, and embedded {@code (?flags)} at the start of the pattern): {@code i}
 *     case-insensitive, {@code c} case-sensitive, {@code n}/{@code m} newline-sensitive ({@code .} and
 *     {@code [^...]} do not match a newline, {@code ^}/{@code $} match at line starts/ends), {@code p} partial
 *     ({@code .} and {@code [^} only), {@code w} inverse partial ({@code ^ $} only), {@code s} single-line,
 *     {@code x} expanded (white space and {@code #} comments outside brackets ignored), {@code t} tight,
 *     {@code q} the whole pattern literal, {@code e}/{@code b} read as ARE; {@code g} is the functions' own;
 *     a director {@code ***=} (literal) or {@code ***:} (ARE) at the very start;</li>
 * <li>by default {@code .} matches a newline and {@code $} matches only at the very end (Java's {@code $} also
 *     matches before a final newline): {@code $} becomes {@code \z};</li>
 * <li>{@code \w}, {@code \m} and the other word escapes count Unicode letters as word characters, as
 *     PostgreSQL does in a UTF-8 locale (Java's {@code \w} is ASCII only);</li>
 * <li>escapes: {@code \m} {@code \M} (start, end of a word), {@code \y} {@code \Y} (word boundary or not),
 *     {@code \Z} (end of string), {@code \b} (backspace, not a word boundary), {@code \B} (a backslash),
 *     {@code \e}, {@code \v}, {@code \xhhh} (any number of hex digits), the 4- and 8-digit Unicode escapes,
 *     {@code \0}; any other backslash-letter is an error, a backslash before anything else a literal;</li>
 * <li>bracket expressions: {@code [[:alpha:]]} and the other POSIX classes (Unicode-aware, as glibc's
 *     iswalpha in a UTF-8 locale), {@code [.x.]} and {@code [=x=]}, {@code \d \s \w} inside brackets, a
 *     leading {@code ]} literal, {@code [} and {@code &&} literal (Java would read a union or an
 *     intersection);</li>
 * <li>a {@code {} that does not start a bound is a literal, {@code (?#...)} is a comment, and two quantifiers
 *     in a row other than a non-greedy {@code ?} are an error (Java would read a possessive quantifier).</li>
 * </ul>
 * Errors are PostgreSQL's: 2201B "invalid regular expression: ..." with regerror's texts (parentheses,
 * brackets or braces not balanced, quantifier operand invalid, invalid escape \ sequence, invalid character
 * range or class, invalid backreference number, invalid repetition count(s)), and 22023 for an unknown option.
 * Not done: BRE syntax (flag {@code b}), multi-digit back references, collating elements longer than one
 * character. Java's engine is backtracking, PostgreSQL's a DFA/NFA hybrid with POSIX leftmost-longest rules:
 * alternatives are tried in order ({@code regexp_match('xyz', '.|...')} gives {x}, PostgreSQL {xyz}), and the
 * greediness of each quantifier is its own (PostgreSQL lets the first one set it for the whole pattern, as in
 * {@code ^(l*){1,1}?(.*)}); back references inside lookahead constraints are accepted, and no pattern is "too
 * complex". Against PostgreSQL 15's own regression statements (strings.sql, regex.sql) that osgres can run,
 * 285 of 294 give PostgreSQL's result; the nine others are of these kinds. Matching reads the subject through
 * {@link #interruptible} so a cancel or statement timeout stops a pathological backtracking search.
 */
package osgres.sql.internal.func;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;

final class RegexTranslator {

    /** The compile and function flags of one call: regexp.c's pg_re_flags. */
    record Flags(boolean global, boolean caseInsensitive, boolean newlineStopsDot, boolean newlineAnchors,
                 boolean expanded, boolean literal) {
        static final Flags DEFAULT = new Flags(false, false, false, false, false, false);
        static final Flags CASE_INSENSITIVE = new Flags(false, true, false, false, false, false);

        Flags apply(int option, boolean embedded) {
            return switch (option) {
                case 'g' -> embedded ? null : new Flags(true, caseInsensitive, newlineStopsDot, newlineAnchors,
                        expanded, literal);
                case 'b', 'e' -> new Flags(global, caseInsensitive, newlineStopsDot, newlineAnchors, expanded, false);
                case 'c' -> new Flags(global, false, newlineStopsDot, newlineAnchors, expanded, literal);
                case 'i' -> new Flags(global, true, newlineStopsDot, newlineAnchors, expanded, literal);
                case 'm', 'n' -> new Flags(global, caseInsensitive, true, true, expanded, literal);
                case 'p' -> new Flags(global, caseInsensitive, true, false, expanded, literal);
                case 'q' -> new Flags(global, caseInsensitive, newlineStopsDot, newlineAnchors, expanded, true);
                case 's' -> new Flags(global, caseInsensitive, false, false, expanded, literal);
                case 't' -> new Flags(global, caseInsensitive, newlineStopsDot, newlineAnchors, false, literal);
                case 'w' -> new Flags(global, caseInsensitive, false, true, expanded, literal);
                case 'x' -> new Flags(global, caseInsensitive, newlineStopsDot, newlineAnchors, true, literal);
                default -> null;
            };
        }
    }

    /** A compiled pattern and its number of capturing groups (re_nsub). */
    record Compiled(Pattern pattern, int groups) {
    }

    private record CacheKey(String pattern, Flags flags) {
    }

    /** regexp.c keeps the 32 most recently used patterns per backend; one cache for all sessions here. */
    private static final int CACHE_SIZE = 256;
    private static final Map<CacheKey, Compiled> CACHE = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** A word character for \w, \m, \M, \y, \Y: [[:alnum:]_]. */
    private static final String WORD_CHARACTERS = "\\p{IsAlphabetic}0-9_";
    private static final String WORD = "[" + WORD_CHARACTERS + "]";

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private Flags flags;
    private int at;
    private int groups;
    private int depth;
    /** Per open group, whether it is a lookaround constraint (which no quantifier may follow). */
    private final java.util.ArrayDeque<Boolean> lookarounds = new java.util.ArrayDeque<>();
    /** What the last emitted piece can take: a quantifier needs an atom before it. */
    private Last last = Last.NOTHING;

    private enum Last { NOTHING, ATOM, QUANTIFIER, LAZY_QUANTIFIER, CONSTRAINT }

    private RegexTranslator(String source, Flags flags) {
        this.source = source;
        this.flags = flags;
    }

    /** Parses a flags argument ("gi"); an unknown letter is 22023 as parse_re_flags raises it. */
    static Flags parseFlags(String options) {
        Flags f = Flags.DEFAULT;
        if (options == null) {
            return f;
        }
        for (int i = 0; i < options.length(); ) {
            int c = options.codePointAt(i);
            Flags next = f.apply(c, false);
            if (next == null) {
                throw Messages.invalidRegexOption(new String(Character.toChars(c)));
            }
            f = next;
            i += Character.charCount(c);
        }
        return f;
    }

    /** Compiles a PostgreSQL regular expression (cached), or throws 2201B with PostgreSQL's text. */
    static Compiled compile(String pattern, Flags flags) {
        Flags key = new Flags(false, flags.caseInsensitive(), flags.newlineStopsDot(), flags.newlineAnchors(),
                flags.expanded(), flags.literal());
        CacheKey cacheKey = new CacheKey(pattern, key);
        synchronized (CACHE) {
            Compiled cached = CACHE.get(cacheKey);
            if (cached != null) {
                return cached;
            }
        }
        Compiled compiled = new RegexTranslator(pattern, key).translate();
        synchronized (CACHE) {
            CACHE.put(cacheKey, compiled);
        }
        return compiled;
    }

    /** The Java pattern text for a PostgreSQL pattern (for tests). */
    static String javaPattern(String pattern, Flags flags) {
        return compile(pattern, flags).pattern().pattern();
    }

    /**
     * The subject as the matcher reads it: every 64k characters read, the session's interrupts are checked, so a
     * cancel, a terminate or statement_timeout ends a long search (as CHECK_FOR_INTERRUPTS in the regex engine);
     * backtracking on a short subject reads it many times over, so short subjects are wrapped too.
     */
    static CharSequence interruptible(String subject, ExecContext ctx) {
        if (ctx == null || ctx.session() == null) {
            return subject;
        }
        osgres.sql.Interrupts interrupts = ctx.session().setup().interrupts();
        return new CharSequence() {
            private int reads;

            @Override
            public int length() {
                return subject.length();
            }

            @Override
            public char charAt(int index) {
                if ((++reads & 0xFFFF) == 0) {
                    interrupts.check();
                }
                return subject.charAt(index);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return subject.subSequence(start, end);
            }

            @Override
            public String toString() {
                return subject;
            }
        };
    }

    /**
     * Runs a search, turning Java's recursion running out of stack (long subjects against alternations under a
     * quantifier) into PostgreSQL's "regular expression failed" error rather than an internal error.
     */
    static <T> T match(java.util.function.Supplier<T> search) {
        try {
            return search.get();
        } catch (StackOverflowError e) {
            throw Messages.regexFailed("regular expression is too complex");
        }
    }

    // ---------------------------------------------------------------- translation

    private Compiled translate() {
        String body = source;
        if (body.startsWith("***=")) {
            flags = flags.apply('q', true);
            body = body.substring(4);
        } else if (body.startsWith("***:")) {
            body = body.substring(4);
        }
        at = source.length() - body.length();
        if (!flags.literal() && source.startsWith("(?", at) && at + 2 < source.length()
                && Character.isLetter(source.charAt(at + 2))) {
            embeddedOptions();
        }
        if (flags.literal()) {
            out.append(Pattern.quote(source.substring(at)));
        } else {
            while (at < source.length()) {
                element();
            }
            if (depth > 0) {
                throw Messages.invalidRegex("parentheses () not balanced");
            }
        }
        int javaFlags = Pattern.UNIX_LINES;
        if (flags.caseInsensitive()) {
            javaFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (!flags.newlineStopsDot()) {
            javaFlags |= Pattern.DOTALL;
        }
        if (flags.newlineAnchors()) {
            javaFlags |= Pattern.MULTILINE;
        }
        try {
            return new Compiled(Pattern.compile(out.toString(), javaFlags), groups);
        } catch (PatternSyntaxException | StackOverflowError e) {
            // what the translation lets through and Java still refuses (rare): PostgreSQL's catch-all text
            throw Messages.invalidRegex("invalid regular expression");
        }
    }

    /** {@code (?flags)} at the start of an ARE: regc_lex.c's embedded options. */
    private void embeddedOptions() {
        int i = at + 2;
        while (i < source.length() && Character.isLetter(source.charAt(i))) {
            Flags next = flags.apply(source.charAt(i), true);
            if (next == null) {
                throw Messages.invalidRegex("invalid embedded option");
            }
            flags = next;
            i++;
        }
        if (i >= source.length() || source.charAt(i) != ')') {
            throw Messages.invalidRegex("invalid embedded option");
        }
        at = i + 1;
    }

    private void element() {
        char c = source.charAt(at);
        if (flags.expanded() && Character.isWhitespace(c)) {
            at++;
            return;
        }
        if (flags.expanded() && c == '#') {
            while (at < source.length() && source.charAt(at) != '\n') {
                at++;
            }
            return;
        }
        switch (c) {
            case '\\' -> escape();
            case '[' -> {
                at++;
                bracket();
                last = Last.ATOM;
            }
            case '(' -> open();
            case ')' -> {
                if (depth == 0) {
                    throw Messages.invalidRegex("parentheses () not balanced");
                }
                depth--;
                out.append(')');
                at++;
                last = lookarounds.pop() ? Last.CONSTRAINT : Last.ATOM;
            }
            case '*', '+', '?' -> {
                quantifier(String.valueOf(c));
                at++;
            }
            case '{' -> brace();
            case '|' -> {
                out.append('|');
                at++;
                last = Last.NOTHING;
            }
            case '^' -> {
                // Java's multi-line ^ does not match after a newline that ends the input; PostgreSQL's does
                out.append(flags.newlineAnchors() ? "(?:\\A|(?<=\\n))" : "^");
                at++;
                last = Last.CONSTRAINT;
            }
            case '$' -> {
                out.append(flags.newlineAnchors() ? "$" : "\\z");
                at++;
                last = Last.CONSTRAINT;
            }
            case '.' -> {
                out.append('.');
                at++;
                last = Last.ATOM;
            }
            default -> {
                int cp = source.codePointAt(at);
                literal(cp);
                at += Character.charCount(cp);
                last = Last.ATOM;
            }
        }
    }

    private void literal(int cp) {
        if ("\\^$.|?*+()[]{}".indexOf(cp) >= 0) {
            out.append('\\');
        }
        out.appendCodePoint(cp);
    }

    private void open() {
        if (source.startsWith("(?#", at)) {
            int end = source.indexOf(')', at);
            if (end < 0) {
                throw Messages.invalidRegex("parentheses () not balanced");
            }
            at = end + 1;
            return;
        }
        String[] special = {"(?:", "(?=", "(?!", "(?<=", "(?<!"};
        for (String s : special) {
            if (source.startsWith(s, at)) {
                out.append(s);
                at += s.length();
                depth++;
                lookarounds.push(!s.equals("(?:"));
                last = Last.NOTHING;
                return;
            }
        }
        if (source.startsWith("(?", at)) {
            throw Messages.invalidRegex("quantifier operand invalid");
        }
        out.append('(');
        groups++;
        depth++;
        lookarounds.push(false);
        at++;
        last = Last.NOTHING;
    }

    private void quantifier(String q) {
        if (last == Last.QUANTIFIER && q.equals("?")) {
            out.append('?');
            last = Last.LAZY_QUANTIFIER;
            return;
        }
        if (last != Last.ATOM) {
            throw Messages.invalidRegex("quantifier operand invalid");
        }
        out.append(q);
        last = Last.QUANTIFIER;
    }

    /** {@code {m}}, {@code {m,}}, {@code {m,n}}; a brace not followed by a digit is a literal in an ARE. */
    private void brace() {
        int i = at + 1;
        if (i >= source.length() || !Character.isDigit(source.charAt(i))) {
            out.append("\\{");
            at++;
            last = Last.ATOM;
            return;
        }
        int close = source.indexOf('}', i);
        if (close < 0) {
            throw Messages.invalidRegex("braces {} not balanced");
        }
        String bound = source.substring(i, close);
        if (!bound.matches("[0-9]+(,[0-9]*)?")) {
            throw Messages.invalidRegex("braces {} not balanced");
        }
        String[] parts = bound.split(",", -1);
        long min = parseCount(parts[0]);
        long max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : parseCount(parts[1]);
        if (min > 255 || max > 255 || (max >= 0 && min > max)) {
            throw Messages.invalidRegex("invalid repetition count(s)");
        }
        at = close + 1;
        quantifier("{" + bound + "}");
    }

    private static long parseCount(String digits) {
        return digits.length() > 4 ? 1000 : Long.parseLong(digits);
    }

    private void escape() {
        if (at + 1 >= source.length()) {
            throw Messages.invalidRegex("invalid escape \\ sequence");
        }
        int c = source.codePointAt(at + 1);
        at += 1 + Character.charCount(c);
        String constraint = switch (c) {
            case 'm' -> "(?<!" + WORD + ")(?=" + WORD + ")";
            case 'M' -> "(?<=" + WORD + ")(?!" + WORD + ")";
            case 'y' -> "(?:(?<!" + WORD + ")(?=" + WORD + ")|(?<=" + WORD + ")(?!" + WORD + "))";
            case 'Y' -> "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";
            case 'A' -> "\\A";
            case 'Z' -> "\\z";
            default -> null;
        };
        if (constraint != null) {
            out.append(constraint);
            last = Last.CONSTRAINT;
            return;
        }
        if ("dDsSwW".indexOf(c) >= 0) {
            out.append(classEscape(c, false));
            last = Last.ATOM;
            return;
        }
        if (c >= '1' && c <= '9') {
            int n = c - '0';
            if (n > groups) {
                throw Messages.invalidRegex("invalid backreference number");
            }
            out.append('\\').append(n);
            last = Last.ATOM;
            return;
        }
        int ch = characterEscape(c);
        literal(ch);
        last = Last.ATOM;
    }

    /**
     * A character-entry escape ({@code \n}, {@code \x41}, ...) whose backslash and letter were read; returns the
     * character it stands for. A backslash before a non-alphanumeric character is that character.
     */
    private int characterEscape(int c) {
        return switch (c) {
            case 'a' -> 7;
            case 'b' -> 8;
            case 'B' -> '\\';
            case 'e' -> 27;
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> 11;
            case 'c' -> {
                if (at >= source.length()) {
                    throw Messages.invalidRegex("invalid escape \\ sequence");
                }
                yield source.charAt(at++) & 0x1F;
            }
            case 'x' -> hex(Integer.MAX_VALUE);
            case 'u' -> hex(4);
            case 'U' -> hex(8);
            case '0' -> {
                int v = 0;
                int n = 0;
                while (n < 3 && at < source.length() && source.charAt(at) >= '0' && source.charAt(at) <= '7') {
                    v = v * 8 + source.charAt(at++) - '0';
                    n++;
                }
                yield v;
            }
            default -> {
                if (c < 128 && Character.isLetterOrDigit(c)) {
                    throw Messages.invalidRegex("invalid escape \\ sequence");
                }
                yield c;
            }
        };
    }

    private int hex(int maxDigits) {
        long v = 0;
        int n = 0;
        while (n < maxDigits && at < source.length() && Character.digit(source.charAt(at), 16) >= 0) {
            v = v * 16 + Character.digit(source.charAt(at++), 16);
            n++;
            if (v > Character.MAX_CODE_POINT) {
                throw Messages.invalidRegex("invalid escape \\ sequence");
            }
        }
        if (n == 0 || (maxDigits != Integer.MAX_VALUE && n != maxDigits)) {
            throw Messages.invalidRegex("invalid escape \\ sequence");
        }
        return (int) v;
    }

    /** A bracket expression, its {@code [} read: emitted as a Java character class. */
    private void bracket() {
        StringBuilder cls = new StringBuilder("[");
        boolean negated = false;
        if (at < source.length() && source.charAt(at) == '^') {
            negated = true;
            cls.append('^');
            at++;
        }
        boolean first = true;
        while (true) {
            if (at >= source.length()) {
                throw Messages.invalidRegex("brackets [] not balanced");
            }
            char c = source.charAt(at);
            if (c == ']' && !first) {
                at++;
                break;
            }
            first = false;
            if (c == '[' && at + 1 < source.length() && source.charAt(at + 1) == ':') {
                int end = source.indexOf(":]", at + 2);
                if (end < 0) {
                    throw Messages.invalidRegex("brackets [] not balanced");
                }
                cls.append(posixClass(source.substring(at + 2, end)));
                at = end + 2;
                continue;
            }
            int lo = bracketCharacter(cls);
            if (lo < 0) {
                continue;
            }
            if (at + 1 < source.length() && source.charAt(at) == '-' && source.charAt(at + 1) != ']') {
                at++;
                int hi = bracketCharacter(null);
                if (hi < 0 || hi < lo) {
                    throw Messages.invalidRegex("invalid character range");
                }
                classLiteral(cls, lo);
                cls.append('-');
                classLiteral(cls, hi);
            } else {
                classLiteral(cls, lo);
            }
        }
        if (negated && flags.newlineStopsDot()) {
            cls.append("\\n");
        }
        cls.append(']');
        out.append(cls);
    }

    /**
     * One character of a bracket expression (a literal, a collating element {@code [.x.]} or {@code [=x=]}, a
     * character escape); a class escape ({@code \d}) is appended to {@code cls} and gives -1.
     */
    private int bracketCharacter(StringBuilder cls) {
        char c = source.charAt(at);
        if (c == '[' && at + 1 < source.length() && (source.charAt(at + 1) == '.' || source.charAt(at + 1) == '=')) {
            char kind = source.charAt(at + 1);
            int end = source.indexOf(kind + "]", at + 2);
            if (end < 0) {
                throw Messages.invalidRegex("brackets [] not balanced");
            }
            String element = source.substring(at + 2, end);
            if (element.codePointCount(0, element.length()) != 1) {
                throw Messages.invalidRegex("invalid collating element");
            }
            at = end + 2;
            return element.codePointAt(0);
        }
        if (c == '\\') {
            if (at + 1 >= source.length()) {
                throw Messages.invalidRegex("brackets [] not balanced");
            }
            int e = source.codePointAt(at + 1);
            if ("dDsSwW".indexOf(e) >= 0) {
                if (cls == null) {
                    throw Messages.invalidRegex("invalid character range");
                }
                cls.append(classEscape(e, true));
                at += 2;
                if (at + 1 < source.length() && source.charAt(at) == '-' && source.charAt(at + 1) != ']') {
                    throw Messages.invalidRegex("invalid character range");
                }
                return -1;
            }
            at += 1 + Character.charCount(e);
            return characterEscape(e);
        }
        int cp = source.codePointAt(at);
        at += Character.charCount(cp);
        return cp;
    }

    private static void classLiteral(StringBuilder cls, int cp) {
        if ("\\[]^-&".indexOf(cp) >= 0) {
            cls.append('\\');
        }
        cls.append(cp < 0x20 || cp == 0x7F ? String.format("\\x{%x}", cp) : new String(Character.toChars(cp)));
    }

    /**
     * {@code \d \s \w} and their negations, as PostgreSQL defines them ([[:digit:]], [[:space:]],
     * [[:alnum:]_]), so a word character is a Unicode letter as in PostgreSQL's UTF-8 locales (Java's own
     * {@code \w} is ASCII only); inside brackets a negation is a nested negated class, which Java unites.
     */
    private static String classEscape(int c, boolean inBracket) {
        String positive = switch (Character.toLowerCase(c)) {
            case 'd' -> "0-9";
            case 's' -> posixClass("space");
            default -> WORD_CHARACTERS;
        };
        boolean negated = Character.isUpperCase(c);
        if (inBracket) {
            return negated ? "[^" + positive + "]" : positive;
        }
        return (negated ? "[^" : "[") + positive + "]";
    }

    /** The POSIX classes, Unicode-aware as glibc's isw* functions in a UTF-8 locale. */
    private static String posixClass(String name) {
        return switch (name) {
            case "alpha" -> "\\p{IsAlphabetic}";
            case "digit" -> "0-9";
            case "alnum" -> "\\p{IsAlphabetic}0-9";
            case "upper" -> "\\p{IsUppercase}";
            case "lower" -> "\\p{IsLowercase}";
            case "space" -> "\\s\\x{85}\\x{a0}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{3000}";
            case "blank" -> " \\t";
            case "punct" -> "\\p{IsPunctuation}\\p{S}";
            case "xdigit" -> "0-9A-Fa-f";
            case "cntrl" -> "\\p{Cc}";
            case "print" -> "\\P{C}";
            case "graph" -> "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}";
            case "word" -> WORD_CHARACTERS;
            default -> throw Messages.invalidRegex("invalid character class");
        };
    }
}
