/*
 * standard_conforming_strings = off: a plain '...' string literal takes backslash escapes as E'...' does (scan.l
 * starts its xe state for it), and escape_string_warning warns at the first escape of each such literal
 * (check_string_escape_warning: 22P06 "nonstandard use of \' / \\ / escape in a string literal"). PostgreSQL's
 * grammar as libpg_query builds it always conforms, so the query text is rewritten before it is parsed: each plain
 * literal holding a backslash becomes the standard literal of the same value, padded with spaces to its old
 * length, so that every position after it (errors, LINE and caret) stays where the client wrote it.
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.Severity;

public final class NonStandardStrings {

    /** The query text to parse, and the warnings to send before running it. */
    public record Rewrite(String sql, List<PgException> warnings) {
    }

    private NonStandardStrings() {
    }

    /** {@code sql} as the standard-conforming text of the same statements (unchanged without backslashes). */
    public static Rewrite rewrite(String sql, boolean warn) {
        if (sql.indexOf('\\') < 0) {
            return new Rewrite(sql, List.of());
        }
        QueryLexer lexer = new QueryLexer(sql, false);
        StringBuilder out = null;
        List<PgException> warnings = new ArrayList<>();
        int copied = 0;
        QueryLexer.Kind kind;
        while ((kind = lexer.advance()) != null) {
            int start = lexer.tokenStart();
            int end = lexer.tokenEnd();
            if (kind != QueryLexer.Kind.STRING || sql.charAt(start) != '\'') {
                continue; // E'...', U&'...', dollar quotes and everything else read the same either way
            }
            int backslash = sql.indexOf('\\', start);
            if (backslash < 0 || backslash >= end) {
                continue;
            }
            String value = lexer.tokenValue();
            if (value.indexOf('\0') >= 0) {
                throw PgException.error("22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            String standard = "'" + value.replace("'", "''") + "'";
            if (standard.length() > end - start) {
                continue; // cannot happen: every escape is longer than what it stands for
            }
            if (warn) {
                warnings.add(warning(sql.charAt(backslash + 1), start + 1));
            }
            if (out == null) {
                out = new StringBuilder(sql.length());
            }
            out.append(sql, copied, start).append(standard).repeat(' ', end - start - standard.length());
            copied = end;
        }
        if (out == null) {
            return new Rewrite(sql, warnings);
        }
        out.append(sql, copied, sql.length());
        return new Rewrite(out.toString(), warnings);
    }

    private static PgException warning(char escaped, int position) {
        String message;
        String hint;
        if (escaped == '\'') {
            message = "nonstandard use of \\' in a string literal";
            hint = "Use '' to write quotes in strings, or use the escape string syntax (E'...').";
        } else if (escaped == '\\') {
            message = "nonstandard use of \\\\ in a string literal";
            hint = "Use the escape string syntax for backslashes, e.g., E'\\\\'.";
        } else {
            message = "nonstandard use of escape in a string literal";
            hint = "Use the escape string syntax for escapes, e.g., E'\\r\\n'.";
        }
        return new PgException(Severity.WARNING, "22P06", message, null, hint, position);
    }
}
