package osgres.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Pattern matching and string functions through a session, each statement's value as a real PostgreSQL 15
 * printed it (psql -A -t, values copied from its output).
 */
class PatternFunctionsSqlTest {
    private final FakeBackend backend = new FakeBackend(true);

    /** statement, PostgreSQL 15's value (null for SQL NULL). */
    private static final String[][] POSTGRES_15 = {
            {"select 'abc' like 'a%'", "t"},
            {"select 'abc' like 'a_'", "f"},
            {"select 'abc' not like 'a%'", "f"},
            {"select 'ABC' ilike 'a%c'", "t"},
            {"select 'ABC' not ilike 'a%'", "f"},
            {"select 'a%c' like 'a\\%c'", "t"},
            {"select 'a%c' like 'a!%c' escape '!'", "t"},
            {"select 'abc' like 'a!%c' escape '!'", "f"},
            {"select 'a\\c' like 'a\\c' escape ''", "t"},
            {"select 'héllo' like 'h_llo'", "t"},
            {"select 'abc' similar to 'a(b|c)*'", "t"},
            {"select 'abc' similar to 'a'", "f"},
            {"select 'abc' not similar to '%b%'", "f"},
            {"select 'ab' similar to 'a#_' escape '#'", "f"},
            {"select similar_to_escape('a(b|c)%_.')", "^(?:a(?:b|c).*.\\.)$"},
            {"select similar_to_escape('a#\"b#\"c', '#')", "^(?:a){1,1}?(b){1,1}(?:c)$"},
            {"select like_escape('a!%b\\c', '!')", "a\\%b\\\\c"},
            {"select 'foobar' ~ 'o+b'", "t"},
            {"select 'FOOBAR' ~* 'o+b'", "t"},
            {"select 'foobar' !~ '^f'", "f"},
            {"select 'foobar' !~* '^F'", "f"},
            {"select 'hello world' ~ '\\mworld\\M'", "t"},
            {"select 'helloworld' ~ '\\mworld'", "f"},
            {"select 'a b' ~ 'a\\yb'", "f"},
            {"select 'abc' ~ '[[:alpha:]]+$'", "t"},
            {"select 'a1' ~ '^[[:alpha:]][[:digit:]]$'", "t"},
            {"select 'x9' ~ '[\\d]'", "t"},
            {"select 'ABC' ~ '(?i)abc'", "t"},
            {"select E'a\\nb' ~ 'a.b'", "t"},
            {"select E'a\\n' ~ 'a$'", "f"},
            {"select 'a{x' ~ 'a{x'", "t"},
            {"select 'aaa' ~ '^a{2,3}$'", "t"},
            {"select regexp_replace('foobarbaz', 'b..', 'X')", "fooXbaz"},
            {"select regexp_replace('foobarbaz', 'b..', 'X', 'g')", "fooXX"},
            {"select regexp_replace('foobarbaz', 'B(.)(.)', '[\\2\\1\\&\\\\]', 'gi')", "foo[rabar\\][zabaz\\]"},
            {"select regexp_replace('abcabcabc', 'b', 'X', 3)", "abcaXcabc"},
            {"select regexp_replace('abcabcabc', 'b', 'X', 1, 2)", "abcaXcabc"},
            {"select regexp_replace('abcabcabc', 'b', 'X', 1, 0)", "aXcaXcaXc"},
            {"select regexp_replace('abcabcabc', 'B', 'X', 1, 3, 'i')", "abcabcaXc"},
            {"select regexp_replace('aaa', 'x*', '-', 'g')", "-a-a-a-"},
            {"select regexp_match('foobarbequebaz', 'bar.*que')", "{barbeque}"},
            {"select regexp_match('foobarbequebaz', '(bar)(beque)')", "{bar,beque}"},
            {"select regexp_match('abc', 'x')", null},
            {"select regexp_match('abc', '(a)|(z)')", "{a,NULL}"},
            {"select regexp_split_to_array('hello world  foo', '\\s+')", "{hello,world,foo}"},
            {"select regexp_split_to_array('abc', '')", "{a,b,c}"},
            {"select regexp_split_to_array('a,b,,c', ',')", "{a,b,\"\",c}"},
            {"select regexp_count('ABCABCAXYaxy', 'A.')", "3"},
            {"select regexp_count('ABCABCAXYaxy', 'A.', 1, 'i')", "4"},
            {"select regexp_count('ABCABCAXYaxy', 'A.', 4)", "2"},
            {"select regexp_instr('number of your street, town zip, FR', '[^,]+', 1, 2)", "23"},
            {"select regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2)", "6"},
            {"select regexp_instr('ABCDEF', 'cd', 1, 1, 1, 'i')", "5"},
            {"select regexp_instr('abc', 'b', 1, 1, 0, '', 1)", "2"},
            {"select regexp_like('Hello World', 'world$', 'i')", "t"},
            {"select regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2)", " town zip"},
            {"select regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2)", "FGH"},
            {"select regexp_substr('abc', 'x')", null},
            {"select substring('foobar', 'o.b')", "oob"},
            {"select substring('foobar', 'o(.)b')", "o"},
            {"select substring('foobar', '%#\"o_b#\"%', '#')", "oob"},
            {"select format('%s, %I, %L, %%', 'a', 'B c', E'it''s')", "a, \"B c\", 'it''s', %"},
            {"select format('%2$s %1$s', 'x', 'y')", "y x"},
            {"select format('|%5s|%-5s|', 'ab', 'cd')", "|   ab|cd   |"},
            {"select format('|%*s|%-*s|', 4, 'x', 3, 'y')", "|   x|y  |"},
            {"select format('%s %L', NULL, NULL)", " NULL"},
            {"select format('%s and %s', 1, 2.5)", "1 and 2.5"},
            {"select quote_ident('Foo bar')", "\"Foo bar\""},
            {"select quote_ident('select')", "\"select\""},
            {"select quote_ident('foo_1')", "foo_1"},
            {"select quote_literal(E'a\\\\b''c')", "E'a\\\\b''c'"},
            {"select quote_nullable(NULL)", "NULL"},
            {"select quote_nullable('x')", "'x'"},
            {"select md5('abc')", "900150983cd24fb0d6963f7d28e17f72"},
            {"select sha256('abc')", "\\xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
            {"select sha512('')",
                    "\\xcf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d" +
                            "2877eec2f63b931bd47417a81a538327af927da3e"},
            {"select encode('\\x00ff5c41'::bytea, 'escape')", "\\000\\377\\\\A"},
            {"select encode('abc', 'base64')", "YWJj"},
            {"select encode(repeat('x',60)::bytea,'base64')",
                    "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4\neHh4"},
            {"select encode('abc', 'hex')", "616263"},
            {"select decode('YWJj', 'base64')", "\\x616263"},
            {"select decode('41 42', 'hex')", "\\x4142"},
            {"select decode('a\\101\\\\b', 'escape')", "\\x61415c62"},
            {"select to_hex(255)", "ff"},
            {"select to_hex(-1)", "ffffffff"},
            {"select to_hex(-1::bigint)", "ffffffffffffffff"},
            {"select string_to_array('a,b,,c', ',')", "{a,b,\"\",c}"},
            {"select string_to_array('abc', NULL)", "{a,b,c}"},
            {"select string_to_array('abc', '')", "{abc}"},
            {"select string_to_array('', ',')", "{}"},
            {"select string_to_array('a,*,c', ',', '*')", "{a,NULL,c}"},
            {"select array_to_string(string_to_array('a,*,c', ',', '*'), '-')", "a-c"},
            {"select array_to_string(string_to_array('a,*,c', ',', '*'), '-', '?')", "a-?-c"},
            {"select regexp_match('a b', '(\\w) (\\w)')", "{a,b}"},
            {"select string_to_array('a b,\"c\",NULL,{}', ',')", "{\"a b\",\"\\\"c\\\"\",\"NULL\",\"{}\"}"},
            {"select overlay('Txxxxas', 'hom', 2, 4)", "Thomas"},
            {"select overlay('abc', 'X', 2)", "aXc"},
            {"select overlay('abcdef', 'X', 3, -1)", "abXbcdef"},
            {"select bit_length('héllo')", "48"},
            {"select octet_length('\\x0102'::bytea)", "2"},
            {"select character_length('héllo')", "5"},
            {"select btrim('\\x00410000'::bytea, '\\x00'::bytea)", "\\x41"},
            {"select concat('a', 1, NULL, 2.5)", "a12.5"},
            {"select concat_ws('-', 'a', NULL, 3)", "a-3"},
            {"select to_char(123.45, '9999.99')", "  123.45"},
            {"select to_char(-123.45, '9999.99')", " -123.45"},
            {"select to_char(0.5, '9.99')", "  .50"},
            {"select to_char(0.5, '0.99')", " 0.50"},
            {"select to_char(12, '9999')", "   12"},
            {"select to_char(12, 'FM9999')", "12"},
            {"select to_char(1234567, '9,999,999')", " 1,234,567"},
            {"select to_char(123, '99')", " ##"},
            {"select to_char(-12, 'S9999')", "  -12"},
            {"select to_char(12, '9999MI')", "  12 "},
            {"select to_char(-12, '9999MI')", "  12-"},
            {"select to_char(-12, '9999PR')", "  <12>"},
            {"select to_char(12.5, 'FM999.99')", "12.5"},
            {"select to_char(12, 'FM999.99')", "12."},
            {"select to_char(1234.5, '9G999D99')", " 1,234.50"},
            {"select to_char(3.14159::float8, '9.999')", " 3.142"},
            {"select to_char(42, '00000')", " 00042"},
            {"select to_char(-42, '00000')", "-00042"},
            {"select to_char(1485, 'FM9,999')", "1,485"},
            {"select to_char(0, '9999')", "    0"},
            {"select to_char(0, 'FM9999')", "0"},
            {"select to_char(0, '9999.99')", "     .00"},
            {"select to_number('12,454.8-', '99G999D9S')", "-12454.8"},
            {"select to_number('-34,338,492', '99G999G999')", "-34338492"},
            {"select to_number('1234.567', '9999.99')", "1234.56"},
            {"select to_number('  12', '9999')", "12"},
            {"select to_char(1, 'FM999.')", "1"},
            {"select to_char(0, 'FM999.9')", "0."},
            {"select to_char(-123, 'PL999')", " -123"},
            {"select to_char(123, 'FMPL999')", "+123"},
            {"select to_char(4567890123456789, 'FM999.')", "###."},
            {"select to_char(100, 'f\"\\ool\"999')", "fool 100"},
            {"select to_char(12345678901, E'99999 \"text\" 9999 \"9999\" 999 \"\\\\\"text between quote " +
                    "marks\\\\\"\" 9999')",
                    "      text  1234 9999 567 \"text between quote marks\" 8901"},
            {"select to_char(-0.001, 'S 9 9 9 . 9 9 9')", "       -. 0 0 1"},
            {"select to_char(5, '9B9')", "  5"},
            {"select to_char(123, 'FM999THPR')", "123RD"},
            {"select to_char(22, '999th')", "  22nd"},
            {"select to_char(-123, 'SG999th')", "-123"},
            {"select to_char(123.5, 'L999.000')", "  123.500"},
            {"select to_char(12.34, '99V99')", " 1234"},
            {"select to_char(1234.5, '9.999EEEE')", " 1.235e+03"},
            {"select to_char(-0.00012, '9.99EEEE')", "-1.20e-04"},
            {"select to_char(9.9996, '9.999EEEE')", " 10.000e+00"},
            {"select to_char(1994, 'RN')", "        MCMXCIV"},
            {"select to_char(4, 'FMrn')", "iv"},
            {"select to_char(4000, 'RN')", "###############"},
            {"select quote_literal(42)", "'42'"},
            {"select quote_literal(1.5)", "'1.5'"},
            {"select quote_nullable(true)", "'true'"},
            {"select quote_literal('\\x01'::bytea)", "E'\\\\x01'"},
            {"select quote_nullable(null::int)", "NULL"},
            {"select format('x')", "x"},
    };

    /** statement, PostgreSQL 15's SQLSTATE, message and HINT (null for none). */
    private static final String[][] POSTGRES_15_ERRORS = {
            {"select 'a' ~ 'a\\'", "2201B", "invalid regular expression: invalid escape \\ sequence", null},
            {"select 'a' ~ '(a'", "2201B", "invalid regular expression: parentheses () not balanced", null},
            {"select 'a' ~ 'a)'", "2201B", "invalid regular expression: parentheses () not balanced", null},
            {"select 'a' ~ '[a'", "2201B", "invalid regular expression: brackets [] not balanced", null},
            {"select 'a' ~ 'a{1'", "2201B", "invalid regular expression: braces {} not balanced", null},
            {"select 'a' ~ '*a'", "2201B", "invalid regular expression: quantifier operand invalid", null},
            {"select 'a' ~ 'a**'", "2201B", "invalid regular expression: quantifier operand invalid", null},
            {"select 'a' ~ '[z-a]'", "2201B", "invalid regular expression: invalid character range", null},
            {"select 'a' ~ '\\k'", "2201B", "invalid regular expression: invalid escape \\ sequence", null},
            {"select 'a' ~ '(a)\\2'", "2201B", "invalid regular expression: invalid backreference number", null},
            {"select 'a' ~ '[[:foo:]]'", "2201B", "invalid regular expression: invalid character class", null},
            {"select 'a' ~ 'a{2,1}'", "2201B", "invalid regular expression: invalid repetition count(s)", null},
            {"select 'ab' like 'a\\'", "22025", "LIKE pattern must not end with escape character", null},
            {"select 'a' like 'a' escape 'xy'",
                    "22025", "invalid escape string", "Escape string must be empty or one character."},
            {"select 'a' similar to 'a' escape 'xy'",
                    "22025", "invalid escape string", "Escape string must be empty or one character."},
            {"select substring('abc', '#\"a#\"b#\"c#\"', '#')",
                    "2200C",
                    "SQL regular expression may not contain more than two escape-double-quote separators",
                    null},
            {"select regexp_match('abc', 'b', 'g')",
                    "22023",
                    "regexp_match() does not support the \"global\" option",
                    "Use the regexp_matches function instead."},
            {"select regexp_match('abc', 'b', 'z')", "22023", "invalid regular expression option: \"z\"", null},
            {"select regexp_replace('abc', 'b', 'x', '1')",
                    "22023",
                    "invalid regular expression option: \"1\"",
                    "If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer"
                            + " explicitly."},
            {"select regexp_replace('abc', 'b', 'x', 0)", "22023", "invalid value for parameter \"start\": 0", null},
            {"select regexp_replace('abc', 'b', 'x', 1, -1)", "22023", "invalid value for parameter \"n\": -1", null},
            {"select regexp_count('abc', 'b', 1, 'g')",
                    "22023", "regexp_count() does not support the \"global\" option", null},
            {"select regexp_instr('abc', 'b', 1, 0)", "22023", "invalid value for parameter \"n\": 0", null},
            {"select regexp_instr('abc', 'b', 1, 1, 2)", "22023", "invalid value for parameter \"endoption\": 2", null},
            {"select regexp_split_to_array('abc', 'b', 'g')",
                    "22023", "regexp_split_to_array() does not support the \"global\" option", null},
            {"select regexp_like('abc', 'b', 'g')",
                    "22023", "regexp_like() does not support the \"global\" option", null},
            {"select concat()", "42883", "function concat() does not exist",
                    "No function matches the given name and argument types. You might need to add explicit type casts."},
            {"select concat_ws(',')", "42883", "function concat_ws(unknown) does not exist",
                    "No function matches the given name and argument types. You might need to add explicit type casts."},
            {"select format('%z', 1)",
                    "22023", "unrecognized format() type specifier \"z\"", "For a single \"%\" use \"%%\"."},
            {"select format('%s %s', 1)", "22023", "too few arguments for format()", null},
            {"select format('%I', NULL)", "22004", "null values cannot be formatted as an SQL identifier", null},
            {"select format('%0$s', 1)",
                    "22023", "format specifies argument 0, but arguments are numbered from 1", null},
            {"select format('%', 1)",
                    "22023", "unterminated format() type specifier", "For a single \"%\" use \"%%\"."},
            {"select decode('4', 'hex')", "22023", "invalid hexadecimal data: odd number of digits", null},
            {"select decode('zz', 'hex')", "22023", "invalid hexadecimal digit: \"z\"", null},
            {"select decode('YW', 'base64')",
                    "22023",
                    "invalid base64 end sequence",
                    "Input data is missing padding, is truncated, or is otherwise corrupted."},
            {"select decode('Y!', 'base64')",
                    "22023", "invalid symbol \"!\" found while decoding base64 sequence", null},
            {"select decode('\\x', 'escape')", "22P02", "invalid input syntax for type bytea", null},
            {"select encode('a', 'foo')", "22023", "unrecognized encoding: \"foo\"", null},
            {"select overlay('abc', 'X', 0, 1)", "22011", "negative substring length not allowed", null},
    };

    @Test
    void errorsAreThoseOfPostgres15() {
        List<String> failures = new ArrayList<>();
        for (String[] c : POSTGRES_15_ERRORS) {
            osgres.api.PgException e = backend.query(c[0]).error();
            if (e == null) {
                failures.add(c[0] + " -> no error");
            } else if (!e.sqlState().equals(c[1]) || !e.getMessage().equals(c[2])
                    || !java.util.Objects.equals(e.hint(), c[3])) {
                failures.add(c[0] + " -> " + e.sqlState() + " " + e.getMessage() + " HINT " + e.hint());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void valuesAreThoseOfPostgres15() {
        List<String> failures = new ArrayList<>();
        for (String[] c : POSTGRES_15) {
            FakeBackend.Result r = backend.query(c[0]);
            if (r.error() != null) {
                failures.add(c[0] + " -> ERROR " + r.error().sqlState() + " " + r.error().getMessage());
            } else if (!java.util.Objects.equals(r.value(), c[1])) {
                failures.add(c[0] + " -> [" + r.value() + "] expected [" + c[1] + "]");
            }
        }
        assertThat(failures).isEmpty();
    }
}
