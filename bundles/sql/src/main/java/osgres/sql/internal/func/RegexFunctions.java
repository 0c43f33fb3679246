/*
 * The regular-expression functions of pg_proc, as utils/adt/regexp.c and varlena.c's replace_text_regexp
 * compute them on PostgreSQL's regular expressions (RegexTranslator): regexp_replace (flags, and PostgreSQL 15's
 * start and N forms), regexp_match, regexp_matches, regexp_split_to_array, regexp_split_to_table, regexp_count,
 * regexp_instr, regexp_like, regexp_substr, and substring(x FROM pattern) / substring(x SIMILAR pattern ESCAPE e),
 * which the grammar turns into substring(text, text) and substring(text, text, text).
 * Matching follows setup_regexp_matches: a global search restarts at the end of the previous match, one character
 * further after an empty match; splitting ignores empty matches at the start or end of the string or right after
 * the previous match. Positions and start arguments count characters (code points), not bytes.
 * regexp_matches and regexp_split_to_table are set-returning (proretset): their implementations return a
 * java.util.List of the rows' values (String[] per row, String per row), which a FunctionScan iterates; the old
 * analyzer refuses them. Strict, as PostgreSQL's are.
 */
package osgres.sql.internal.func;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;

final class RegexFunctions {
    private static final PgType TEXT = PgType.TEXT;
    private static final PgType INT4 = PgType.INT4;
    private static final PgType ARRAY = PgType.TEXT_ARRAY;

    private RegexFunctions() {
    }

    static void define(Functions.Registrar r) {
        Functions.Registrar d = r;
        // regexp_replace(source, pattern, replacement [, start [, N]] [, flags])
        d.define("regexp_replace", List.of(TEXT, TEXT, TEXT), TEXT, true, false, false,
                (c, a) -> replace(c, s(a[0]), s(a[1]), s(a[2]), 1, 1, RegexTranslator.Flags.DEFAULT));
        d.define("regexp_replace", List.of(TEXT, TEXT, TEXT, TEXT), TEXT, true, false, false, (c, a) -> {
            String options = s(a[3]);
            if (!options.isEmpty() && options.charAt(0) >= '0' && options.charAt(0) <= '9') {
                throw Messages.regexpReplaceStartHint(options.substring(0, 1));
            }
            RegexTranslator.Flags f = RegexTranslator.parseFlags(options);
            return replace(c, s(a[0]), s(a[1]), s(a[2]), 1, f.global() ? 0 : 1, f);
        });
        d.define("regexp_replace", List.of(TEXT, TEXT, TEXT, INT4), TEXT, true, false, false,
                (c, a) -> replace(c, s(a[0]), s(a[1]), s(a[2]), start(a[3]), 1, RegexTranslator.Flags.DEFAULT));
        d.define("regexp_replace", List.of(TEXT, TEXT, TEXT, INT4, INT4), TEXT, true, false, false,
                (c, a) -> replace(c, s(a[0]), s(a[1]), s(a[2]), start(a[3]), replaceN(a[4]),
                        RegexTranslator.Flags.DEFAULT));
        d.define("regexp_replace", List.of(TEXT, TEXT, TEXT, INT4, INT4, TEXT), TEXT, true, false, false,
                (c, a) -> {
                    int start = start(a[3]);
                    int n = replaceN(a[4]);
                    return replace(c, s(a[0]), s(a[1]), s(a[2]), start, n, RegexTranslator.parseFlags(s(a[5])));
                });
        // regexp_match(string, pattern [, flags]) -> text[]
        d.define("regexp_match", List.of(TEXT, TEXT), ARRAY, true, false, false,
                (c, a) -> textArray(match(c, s(a[0]), s(a[1]), null)));
        d.define("regexp_match", List.of(TEXT, TEXT, TEXT), ARRAY, true, false, false,
                (c, a) -> textArray(match(c, s(a[0]), s(a[1]), s(a[2]))));
        // regexp_matches(string, pattern [, flags]) -> setof text[]
        d.define("regexp_matches", List.of(TEXT, TEXT), ARRAY, true, true, false,
                (c, a) -> matches(c, s(a[0]), s(a[1]), null).stream().map(RegexFunctions::textArray).toList());
        d.define("regexp_matches", List.of(TEXT, TEXT, TEXT), ARRAY, true, true, false,
                (c, a) -> matches(c, s(a[0]), s(a[1]), s(a[2])).stream().map(RegexFunctions::textArray)
                        .toList());
        d.define("regexp_split_to_array", List.of(TEXT, TEXT), ARRAY, true, false, false,
                (c, a) -> java.util.Optional.of(split(c, s(a[0]), s(a[1]), null, "regexp_split_to_array()").toArray(new String[0]))
                        .map(RegexFunctions::textArray).orElseThrow());
        d.define("regexp_split_to_array", List.of(TEXT, TEXT, TEXT), ARRAY, true, false, false,
                (c, a) -> java.util.Optional.of(split(c, s(a[0]), s(a[1]), s(a[2]), "regexp_split_to_array()").toArray(new String[0]))
                        .map(RegexFunctions::textArray).orElseThrow());
        d.define("regexp_split_to_table", List.of(TEXT, TEXT), TEXT, true, true, false,
                (c, a) -> split(c, s(a[0]), s(a[1]), null, "regexp_split_to_table()"));
        d.define("regexp_split_to_table", List.of(TEXT, TEXT, TEXT), TEXT, true, true, false,
                (c, a) -> split(c, s(a[0]), s(a[1]), s(a[2]), "regexp_split_to_table()"));
        // regexp_count(string, pattern [, start [, flags]])
        d.define("regexp_count", List.of(TEXT, TEXT), INT4, true, false, false,
                (c, a) -> count(c, s(a[0]), s(a[1]), 1, null));
        d.define("regexp_count", List.of(TEXT, TEXT, INT4), INT4, true, false, false,
                (c, a) -> count(c, s(a[0]), s(a[1]), start(a[2]), null));
        d.define("regexp_count", List.of(TEXT, TEXT, INT4, TEXT), INT4, true, false, false,
                (c, a) -> count(c, s(a[0]), s(a[1]), start(a[2]), s(a[3])));
        // regexp_instr(string, pattern [, start [, N [, endoption [, flags [, subexpr]]]]])
        List<PgType> instrArgs = List.of(TEXT, TEXT, INT4, INT4, INT4, TEXT, INT4);
        for (int n = 2; n <= instrArgs.size(); n++) {
            d.define("regexp_instr", instrArgs.subList(0, n), INT4, true, false, false, RegexFunctions::instr);
        }
        // regexp_like(string, pattern [, flags])
        d.define("regexp_like", List.of(TEXT, TEXT), PgType.BOOL, true, false, false,
                (c, a) -> like(c, s(a[0]), s(a[1]), null));
        d.define("regexp_like", List.of(TEXT, TEXT, TEXT), PgType.BOOL, true, false, false,
                (c, a) -> like(c, s(a[0]), s(a[1]), s(a[2])));
        // regexp_substr(string, pattern [, start [, N [, flags [, subexpr]]]])
        List<PgType> substrArgs = List.of(TEXT, TEXT, INT4, INT4, TEXT, INT4);
        for (int n = 2; n <= substrArgs.size(); n++) {
            d.define("regexp_substr", substrArgs.subList(0, n), TEXT, true, false, false, RegexFunctions::substr);
        }
        // substring(string FROM pattern), substring(string SIMILAR pattern ESCAPE escape)
        d.define("substring", List.of(TEXT, TEXT), TEXT, true, false, false,
                (c, a) -> substring(c, s(a[0]), s(a[1])));
        d.define("substring", List.of(TEXT, TEXT, TEXT), TEXT, true, false, false,
                (c, a) -> substring(c, s(a[0]), PatternMatching.similarToEscape(s(a[1]), s(a[2]))));
        d.define("textregexsubstr", List.of(TEXT, TEXT), TEXT, true, false, false,
                (c, a) -> substring(c, s(a[0]), s(a[1])));
    }

    private static String s(Object v) {
        return (String) v;
    }

    private static int start(Object v) {
        int start = (Integer) v;
        if (start <= 0) {
            throw Messages.invalidParameterValue("start", start);
        }
        return start;
    }

    private static int replaceN(Object v) {
        int n = (Integer) v;
        if (n < 0) {
            throw Messages.invalidParameterValue("n", n);
        }
        return n;
    }

    /** Flags for a function that finds every match itself and refuses 'g'. */
    private static RegexTranslator.Flags noGlobal(String options, String function, boolean hintMatches) {
        RegexTranslator.Flags f = RegexTranslator.parseFlags(options);
        if (f.global()) {
            throw Messages.regexGlobalNotSupported(function, hintMatches);
        }
        return f;
    }

    /**
     * setup_regexp_matches: the matches from code point {@code start} (1-based), all of them when {@code global};
     * {@code ignoreDegenerate} drops empty matches at the end of the string or right after the previous match.
     */
    static List<MatchResult> find(ExecContext ctx, String s, RegexTranslator.Compiled re, int start, boolean global,
                                  boolean ignoreDegenerate) {
        return RegexTranslator.match(() -> findAll(ctx, s, re, start, global, ignoreDegenerate));
    }

    private static List<MatchResult> findAll(ExecContext ctx, String s, RegexTranslator.Compiled re, int start,
                                             boolean global, boolean ignoreDegenerate) {
        List<MatchResult> found = new ArrayList<>();
        int length = s.codePointCount(0, s.length());
        if (start - 1 > length) {
            return found;
        }
        int from = s.offsetByCodePoints(0, start - 1);
        Matcher m = re.pattern().matcher(RegexTranslator.interruptible(s, ctx));
        int previousEnd = 0;
        while (from <= s.length() && m.find(from)) {
            if (!ignoreDegenerate || (m.start() < s.length() && m.end() > previousEnd)) {
                found.add(m.toMatchResult());
            }
            previousEnd = m.end();
            if (!global) {
                break;
            }
            from = m.end();
            if (m.start() == m.end()) {
                from += from < s.length() ? Character.charCount(s.codePointAt(from)) : 1;
            }
        }
        return found;
    }

    /** replace_text_regexp: n 0 replaces every match, n > 0 only the n-th. */
    static String replace(ExecContext ctx, String s, String pattern, String replacement, int start, int n,
                          RegexTranslator.Flags flags) {
        RegexTranslator.Compiled re = RegexTranslator.compile(pattern, flags);
        List<MatchResult> all = find(ctx, s, re, start, n != 1, false);
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        int seen = 0;
        for (MatchResult m : all) {
            seen++;
            if (n > 0 && seen != n) {
                continue;
            }
            out.append(s, copied, m.start());
            substitute(out, replacement, m, s);
            copied = m.end();
            if (n > 0) {
                break;
            }
        }
        return out.append(s, copied, s.length()).toString();
    }

    /** appendStringInfoRegexpSubstr: \1-\9 a group, \& the whole match, \\ a backslash, else as written. */
    private static void substitute(StringBuilder out, String replacement, MatchResult m, String s) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= replacement.length()) {
                out.append('\\');
                break;
            }
            char next = replacement.charAt(i + 1);
            int group;
            if (next >= '1' && next <= '9') {
                group = next - '0';
            } else if (next == '&') {
                group = 0;
            } else if (next == '\\') {
                out.append('\\');
                i++;
                continue;
            } else {
                out.append('\\');
                continue;
            }
            i++;
            if (group <= m.groupCount() && m.start(group) >= 0) {
                out.append(s, m.start(group), m.end(group));
            }
        }
    }

    /** build_regexp_match_result: the groups (null where one did not take part), or the whole match. */
    private static String[] groups(MatchResult m, String s) {
        if (m.groupCount() == 0) {
            return new String[] {s.substring(m.start(), m.end())};
        }
        String[] values = new String[m.groupCount()];
        for (int g = 1; g <= m.groupCount(); g++) {
            values[g - 1] = m.start(g) < 0 ? null : s.substring(m.start(g), m.end(g));
        }
        return values;
    }

    /** A text[] value of the strings (null for null). */
    private static osgres.storage.ArrayValue textArray(String[] elements) {
        return elements == null ? null : PgArrays.of(PgType.TEXT, elements);
    }

    private static String[] match(ExecContext ctx, String s, String pattern, String options) {
        RegexTranslator.Flags f = noGlobal(options, "regexp_match()", true);
        List<MatchResult> found = find(ctx, s, RegexTranslator.compile(pattern, f), 1, false, false);
        return found.isEmpty() ? null : groups(found.getFirst(), s);
    }

    /** regexp_matches: one String[] per match (every match with 'g'), for a FunctionScan. */
    static List<String[]> matches(ExecContext ctx, String s, String pattern, String options) {
        RegexTranslator.Flags f = RegexTranslator.parseFlags(options);
        List<String[]> rows = new ArrayList<>();
        for (MatchResult m : find(ctx, s, RegexTranslator.compile(pattern, f), 1, f.global(), false)) {
            rows.add(groups(m, s));
        }
        return rows;
    }

    /** regexp_split_to_table / _to_array: the pieces between the non-degenerate matches. */
    static List<String> split(ExecContext ctx, String s, String pattern, String options, String function) {
        RegexTranslator.Flags f = noGlobal(options, function, false);
        List<String> pieces = new ArrayList<>();
        int previous = 0;
        for (MatchResult m : find(ctx, s, RegexTranslator.compile(pattern, f), 1, true, true)) {
            pieces.add(s.substring(previous, m.start()));
            previous = m.end();
        }
        pieces.add(s.substring(previous));
        return pieces;
    }

    private static int count(ExecContext ctx, String s, String pattern, int start, String options) {
        RegexTranslator.Flags f = noGlobal(options, "regexp_count()", false);
        return find(ctx, s, RegexTranslator.compile(pattern, f), start, true, false).size();
    }

    private static boolean like(ExecContext ctx, String s, String pattern, String options) {
        RegexTranslator.Flags f = noGlobal(options, "regexp_like()", false);
        return !find(ctx, s, RegexTranslator.compile(pattern, f), 1, false, false).isEmpty();
    }

    /**
     * The start and end (char indexes) of the n-th match's subexpression, as regexp_instr and regexp_substr pick
     * it: null when there are fewer matches or subexpressions; a pattern without groups reads subexpression 1 as
     * the whole match, as PostgreSQL's match_locs do.
     */
    private static int[] located(ExecContext ctx, String s, String pattern, int start, int n, String options,
                                 int subexpr, String function) {
        RegexTranslator.Flags f = noGlobal(options, function, false);
        RegexTranslator.Compiled re = RegexTranslator.compile(pattern, f);
        List<MatchResult> found = find(ctx, s, re, start, true, false);
        int patterns = subexpr > 0 && re.groups() > 0 ? re.groups() : 1;
        if (n > found.size() || subexpr > patterns) {
            return null;
        }
        MatchResult m = found.get(n - 1);
        int group = subexpr > 0 && re.groups() > 0 ? subexpr : 0;
        return new int[] {m.start(group), m.end(group)};
    }

    private static Object instr(ExecContext ctx, Object[] a) {
        int start = a.length > 2 ? start(a[2]) : 1;
        int n = a.length > 3 ? (Integer) a[3] : 1;
        if (n <= 0) {
            throw Messages.invalidParameterValue("n", n);
        }
        int endOption = a.length > 4 ? (Integer) a[4] : 0;
        if (endOption != 0 && endOption != 1) {
            throw Messages.invalidParameterValue("endoption", endOption);
        }
        int subexpr = a.length > 6 ? (Integer) a[6] : 0;
        if (subexpr < 0) {
            throw Messages.invalidParameterValue("subexpr", subexpr);
        }
        String s = s(a[0]);
        int[] at = located(ctx, s, s(a[1]), start, n, a.length > 5 ? s(a[5]) : null, subexpr, "regexp_instr()");
        if (at == null || at[0] < 0) {
            return 0;
        }
        return s.codePointCount(0, at[endOption]) + 1;
    }

    private static Object substr(ExecContext ctx, Object[] a) {
        int start = a.length > 2 ? start(a[2]) : 1;
        int n = a.length > 3 ? (Integer) a[3] : 1;
        if (n <= 0) {
            throw Messages.invalidParameterValue("n", n);
        }
        int subexpr = a.length > 5 ? (Integer) a[5] : 0;
        if (subexpr < 0) {
            throw Messages.invalidParameterValue("subexpr", subexpr);
        }
        String s = s(a[0]);
        int[] at = located(ctx, s, s(a[1]), start, n, a.length > 4 ? s(a[4]) : null, subexpr, "regexp_substr()");
        return at == null || at[0] < 0 ? null : s.substring(at[0], at[1]);
    }

    /** textregexsubstr: the part matching the first parenthesised subexpression, or the whole match. */
    private static String substring(ExecContext ctx, String s, String pattern) {
        RegexTranslator.Compiled re = RegexTranslator.compile(pattern, RegexTranslator.Flags.DEFAULT);
        List<MatchResult> found = find(ctx, s, re, 1, false, false);
        if (found.isEmpty()) {
            return null;
        }
        MatchResult m = found.getFirst();
        int group = re.groups() > 0 ? 1 : 0;
        return m.start(group) < 0 ? null : s.substring(m.start(group), m.end(group));
    }
}
