package osgres.sql.internal.func;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import osgres.api.PgException;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ArrayValue;

/**
 * The pattern operators and functions as any analyzer finds them: by operator name and operand types through
 * Operators, by name and argument types through Functions. Expected values are a real PostgreSQL 15's.
 */
class PatternMatchingTest {

    private static Object apply(String op, PgType left, PgType right, Object l, Object r) {
        Operators.Resolved resolved = Operators.resolveBinary(op, left, right, 1);
        assertThat(resolved.result()).isEqualTo(PgType.BOOL);
        return resolved.implementation().call(null, new Object[] {l, r});
    }

    @Test
    void likeAndRegexOperatorsResolveByNameOverEveryStringType() {
        for (PgType t : List.of(PgType.TEXT, PgType.VARCHAR, PgType.BPCHAR, PgType.NAME, PgType.UNKNOWN)) {
            assertThat(apply("~~", t, PgType.TEXT, "abc", "a%")).as(t.name()).isEqualTo(true);
            assertThat(apply("!~~", t, PgType.UNKNOWN, "abc", "a%")).isEqualTo(false);
            assertThat(apply("~~*", t, PgType.TEXT, "ABC", "a_c")).isEqualTo(true);
            assertThat(apply("!~~*", t, PgType.TEXT, "ABC", "a_c")).isEqualTo(false);
            assertThat(apply("~", t, PgType.TEXT, "foobar", "o+b")).isEqualTo(true);
            assertThat(apply("~*", t, PgType.TEXT, "FOOBAR", "o+b")).isEqualTo(true);
            assertThat(apply("!~", t, PgType.TEXT, "foobar", "^f")).isEqualTo(false);
            assertThat(apply("!~*", t, PgType.TEXT, "foobar", "^F")).isEqualTo(false);
        }
        Operators.Resolved name = Operators.resolveBinary("~~", PgType.NAME, PgType.UNKNOWN, 1);
        assertThat(name.left()).isEqualTo(PgType.NAME);
        assertThat(name.right()).isEqualTo(PgType.TEXT);
        assertThat(Operators.resolveBinary("~", PgType.VARCHAR, PgType.VARCHAR, 1).left()).isEqualTo(PgType.TEXT);
        assertThat(apply("^@", PgType.TEXT, PgType.TEXT, "abc", "ab")).isEqualTo(true);
        assertThat(apply("~~", PgType.BYTEA, PgType.BYTEA, new byte[] {1, 2, 3}, new byte[] {1, '%'}))
                .isEqualTo(true);
    }

    @Test
    void bpcharMatchesWithItsPadding() {
        // PostgreSQL 15: select 'abc  '::char(5) ~~ 'abc' -> f; 'abc  '::char(5) ~ 'c  $' -> t
        assertThat(apply("~~", PgType.BPCHAR, PgType.TEXT, "abc  ", "abc")).isEqualTo(false);
        assertThat(apply("~", PgType.BPCHAR, PgType.TEXT, "abc  ", "c  $")).isEqualTo(true);
    }

    @Test
    void operatorsOnOtherTypesDoNotExist() {
        assertThatThrownBy(() -> Operators.resolveBinary("~~", PgType.INT4, PgType.UNKNOWN, 8))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42883");
                    assertThat(e.getMessage()).isEqualTo("operator does not exist: integer ~~ unknown");
                });
        assertThatThrownBy(() -> Operators.resolveBinary("~~*", PgType.BYTEA, PgType.BYTEA, 8))
                .isInstanceOf(PgException.class);
    }

    @Test
    void likeFollowsMatchText() {
        assertThat(PatternMatching.like("a%c", "a\\%c")).isTrue();
        assertThat(PatternMatching.like("abc", "%%_c")).isTrue();
        assertThat(PatternMatching.like("héllo", "h_llo")).isTrue();
        assertThat(PatternMatching.like("a", "a\\")).isFalse(); // ends before the escape is reached, as in PG
        assertThatThrownBy(() -> PatternMatching.like("ab", "a\\")).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.sqlState()).isEqualTo("22025"));
        assertThat(PatternMatching.likeEscape("a!%b\\c", "!")).isEqualTo("a\\%b\\\\c");
        assertThat(PatternMatching.likeEscape("a\\c", "")).isEqualTo("a\\\\c");
        // PostgreSQL 15: like_escape('a$_'::bytea, '$'::bytea) -> \x615c5f
        Functions.Function bytea = Functions.resolve("like_escape", List.of(PgType.BYTEA, PgType.BYTEA), 1);
        assertThat((byte[]) bytea.implementation().call(null, new Object[] {new byte[] {'a', '$', '_'},
                new byte[] {'$'}})).containsExactly('a', '\\', '_');
        assertThat(PatternMatching.similarToEscape("a(b|c)%_.", null)).isEqualTo("^(?:a(?:b|c).*.\\.)$");
        assertThat(PatternMatching.similarToEscape("a#\"b#\"c", "#")).isEqualTo("^(?:a){1,1}?(b){1,1}(?:c)$");
    }

    @Test
    void areTranslationHandlesWhatJavaReadsDifferently() {
        RegexTranslator.Flags d = RegexTranslator.Flags.DEFAULT;
        assertThat(RegexTranslator.javaPattern("\\mworld\\M", d)).isEqualTo(
                "(?<![\\p{IsAlphabetic}0-9_])(?=[\\p{IsAlphabetic}0-9_])world"
                        + "(?<=[\\p{IsAlphabetic}0-9_])(?![\\p{IsAlphabetic}0-9_])");
        // PostgreSQL 15 (C.UTF-8): regexp_replace('héllo wörld', '\w+', '<\&>', 'g') -> <héllo> <wörld>
        assertThat(RegexFunctions.replace(null, "héllo wörld", "\\w+", "<\\&>", 1, 0, d)).isEqualTo("<héllo> <wörld>");
        assertThatThrownBy(() -> RegexTranslator.compile("[\\d-z]", d)).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.getMessage()).isEqualTo("invalid regular expression: invalid character range"));
        assertThat(RegexTranslator.javaPattern("a$", d)).isEqualTo("a\\z");
        assertThat(RegexTranslator.javaPattern("a{x", d)).isEqualTo("a\\{x");
        assertThat(RegexTranslator.javaPattern("[]a[]", d)).isEqualTo("[\\]a\\[]");
        assertThat(RegexTranslator.javaPattern("[[:digit:]x]", d)).isEqualTo("[0-9x]");
        assertThat(RegexTranslator.javaPattern("\\x41\\B", d)).isEqualTo("A\\\\");
        assertThat(PatternMatching.regexMatches(null, "ABC", "(?i)abc", d)).isTrue();
        assertThat(PatternMatching.regexMatches(null, "a\nb", "a.b", d)).isTrue();
        assertThat(PatternMatching.regexMatches(null, "a\nb", "a.b", RegexTranslator.parseFlags("n"))).isFalse();
        assertThat(PatternMatching.regexMatches(null, "x\nb", "^b", RegexTranslator.parseFlags("n"))).isTrue();
        assertThat(PatternMatching.regexMatches(null, "a\n", "a$", d)).isFalse();
        assertThat(PatternMatching.regexMatches(null, "a b", "a\\yb", d)).isFalse();
        assertThat(PatternMatching.regexMatches(null, "é", "[[:alpha:]]", d)).isTrue();
        assertThat(PatternMatching.regexMatches(null, "a&&b", "[&]{2}", d)).isTrue();
        assertThat(PatternMatching.regexMatches(null, "ab", "a b # comment", RegexTranslator.parseFlags("x")))
                .isTrue();
        assertThat(PatternMatching.regexMatches(null, "a.b", "***=.", d)).isTrue();
        assertThat(PatternMatching.regexMatches(null, "axb", "***=.", d)).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void setReturningFunctionsReturnTheirRowsAsAList() {
        Functions.Function matches = Functions.resolve("regexp_matches",
                List.of(PgType.TEXT, PgType.UNKNOWN, PgType.UNKNOWN), 1);
        assertThat(matches.returnsSet()).isTrue();
        assertThat(matches.result()).isEqualTo(PgType.TEXT_ARRAY);
        List<ArrayValue> rows = (List<ArrayValue>) matches.implementation().call(null,
                new Object[] {"foobarbequebazilbarfbonk", "(b[^b]+)(b[^b]+)", "g"});
        assertThat(rows).containsExactly(text("bar", "beque"), text("bazil", "barf"));
        assertThat((List<ArrayValue>) matches.implementation().call(null, new Object[] {"aXbX", "x", "gi"}))
                .containsExactly(text("X"), text("X"));
        Functions.Function split = Functions.resolve("regexp_split_to_table", List.of(PgType.TEXT, PgType.TEXT), 1);
        assertThat(split.returnsSet()).isTrue();
        assertThat((List<String>) split.implementation().call(null, new Object[] {"the quick  fox", "\\s+"}))
                .containsExactly("the", "quick", "fox");
        assertThat(Functions.resolve("regexp_replace", List.of(PgType.TEXT, PgType.UNKNOWN, PgType.UNKNOWN,
                PgType.UNKNOWN), 1).argTypes().get(3)).isEqualTo(PgType.TEXT);
        assertThat(Functions.resolve("regexp_replace", List.of(PgType.TEXT, PgType.UNKNOWN, PgType.UNKNOWN,
                PgType.INT4), 1).argTypes().get(3)).isEqualTo(PgType.INT4);
    }

    private static ArrayValue text(String... elements) {
        return PgArrays.of(PgType.TEXT, elements);
    }

    @Test
    void textArraysPrintAsArrayOutDoes() {
        TypeIo.OutputSettings out = TypeIo.OutputSettings.DEFAULT;
        assertThat(PgArrays.output(text("a b", "\"c\"", "NULL", "{}", null, ""), out))
                .isEqualTo("{\"a b\",\"\\\"c\\\"\",\"NULL\",\"{}\",NULL,\"\"}");
        assertThat(PgArrays.input(PgType.TEXT, "{a, \"b c\" ,NULL,\"NULL\"}", null).elements())
                .containsExactly("a", "b c", null, "NULL");
        assertThat(PgArrays.receive(PgType.TEXT, PgArrays.send(text("x", null), out), 1).elements())
                .containsExactly("x", null);
    }
}
