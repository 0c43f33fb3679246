/*
 * A small SQL lexer following PostgreSQL's scan.l closely enough to split a query string into statements
 * at top-level semicolons, to read utility commands, and to find token positions for error reports:
 * identifiers (unquoted ones lower-cased), "quoted identifiers", 'strings' with '' escapes, E'...' with
 * backslash escapes, $tag$dollar quotes$tag$, numbers, $n parameters, operators, -- and nested block
 * comments. Lexical errors carry scan.l's messages (unterminated quoted string...) and 1-based positions.
 * It does not know the grammar: PostgreSQL's own (RawParser) parses the statements. Besides whole Token lists it offers a
 * cursor ({@link #advance}) that builds no objects per token, for QueryNormalizer's scan of every query.
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import osgres.sql.internal.utils.Messages;

public final class QueryLexer {

    public enum Kind { IDENT, QUOTED_IDENT, STRING, NUMBER, PARAM, OPERATOR, PUNCT, SEMICOLON }

    /**
     * One token. {@code text} is the value (identifier lower-cased, string unescaped); {@code start} and
     * {@code end} are 0-based offsets into the whole query string.
     */
    public record Token(Kind kind, String text, int start, int end) {
        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equals(word);
        }
    }

    /** A statement's slice of the query string, with its tokens (no semicolon). */
    public record Piece(int start, int end, List<Token> tokens) {
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String sql;
    /** standard_conforming_strings: off, a '...' string takes backslash escapes as E'...' does. */
    private final boolean standardStrings;
    private final StringBuilder value = new StringBuilder();
    private int pos;
    private int tokenStart;

    QueryLexer(String sql) {
        this(sql, true);
    }

    QueryLexer(String sql, boolean standardStrings) {
        this.sql = sql;
        this.standardStrings = standardStrings;
    }

    public static List<Token> tokenize(String sql) {
        QueryLexer lexer = new QueryLexer(sql);
        List<Token> tokens = new ArrayList<>();
        Token t;
        while ((t = lexer.next()) != null) {
            tokens.add(t);
        }
        return tokens;
    }

    /**
     * Splits at top-level semicolons, dropping empty statements. The semicolons inside parentheses (CREATE RULE's
     * {@code DO (command; command)}) and inside a CREATE FUNCTION's {@code BEGIN ATOMIC ... END} body are not at
     * top level (psqlscan.l's paren_depth and begin_depth: BEGIN ATOMIC and CASE open, END closes).
     * QueryNormalizer splits the same way.
     */
    public static List<Piece> split(String sql) {
        List<Token> tokens = tokenize(sql);
        List<Piece> pieces = new ArrayList<>();
        int first = 0;
        int depth = 0;
        int parens = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i < tokens.size() && tokens.get(i).kind() == Kind.PUNCT) {
                String text = tokens.get(i).text();
                parens += text.equals("(") ? 1 : text.equals(")") ? -1 : 0;
            }
            if (i < tokens.size() && tokens.get(i).kind() == Kind.IDENT && tokens.get(first).isWord("create")) {
                Token t = tokens.get(i);
                if (t.isWord("begin") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("atomic")) {
                    depth++;
                } else if (depth > 0 && t.isWord("case")) {
                    depth++;
                } else if (depth > 0 && t.isWord("end")) {
                    depth--;
                }
            }
            if (i == tokens.size() || tokens.get(i).kind() == Kind.SEMICOLON && depth == 0 && parens <= 0) {
                if (i > first) {
                    List<Token> body = List.copyOf(tokens.subList(first, i));
                    int end = i == tokens.size() ? sql.length() : tokens.get(i).start();
                    pieces.add(new Piece(body.getFirst().start(), end, body));
                }
                first = i + 1;
                parens = 0;
            }
        }
        return pieces;
    }

    /**
     * The error for a statement that ends too early: "at end of input" for the last statement, else at
     * the semicolon that ends it (what PostgreSQL's grammar sees there).
     */
    static osgres.api.PgException endOfStatementError(String sql, Piece piece) {
        if (piece.end() < sql.length() && sql.charAt(piece.end()) == ';') {
            return Messages.syntaxErrorAt(";", piece.end() + 1);
        }
        return Messages.syntaxErrorAtEnd(sql.length() + 1);
    }

    private Token next() {
        Kind kind = advance();
        if (kind == null) {
            return null;
        }
        String text = switch (kind) {
            case STRING, QUOTED_IDENT -> value.toString();
            case IDENT -> sql.substring(tokenStart, pos).toLowerCase(Locale.ROOT);
            case PARAM -> sql.substring(tokenStart + 1, pos);
            default -> sql.substring(tokenStart, pos);
        };
        return new Token(kind, text, tokenStart, pos);
    }

    /**
     * Cursor mode, for the plan cache's per-query scan: moves over one token without building a Token or
     * its text and returns its kind (null at the end). The token is [{@link #tokenStart}, {@link #tokenEnd});
     * a string's or quoted identifier's value is {@link #tokenValue}.
     */
    Kind advance() {
        skipWhitespaceAndComments();
        if (pos >= sql.length()) {
            return null;
        }
        int start = pos;
        tokenStart = start;
        char c = sql.charAt(pos);
        if ((c == 'e' || c == 'E') && peek(1) == '\'') {
            pos++;
            readString(start, true);
            return Kind.STRING;
        }
        if (c == '\'') {
            readString(start, !standardStrings);
            return Kind.STRING;
        }
        if (c == '"') {
            readQuotedIdentifier(start);
            return Kind.QUOTED_IDENT;
        }
        if (c == '$') {
            if (Character.isDigit(peek(1))) {
                pos++;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
                return Kind.PARAM;
            }
            int tagEnd = dollarTagEnd();
            if (tagEnd > 0) {
                readDollarString(start, tagEnd);
                return Kind.STRING;
            }
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            readNumber(start);
            return Kind.NUMBER;
        }
        if (isIdentStart(c)) {
            pos++;
            while (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
                pos++;
            }
            return Kind.IDENT;
        }
        if (c == ';') {
            pos++;
            return Kind.SEMICOLON;
        }
        if (c == ':' && peek(1) == ':') {
            pos += 2;
            return Kind.PUNCT;
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            readOperator(start);
            return Kind.OPERATOR;
        }
        pos++;
        return Kind.PUNCT;
    }

    int tokenStart() {
        return tokenStart;
    }

    int tokenEnd() {
        return pos;
    }

    /** The value of the last string or quoted identifier (escapes resolved). */
    String tokenValue() {
        return value.toString();
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < sql.length() ? sql.charAt(p) : '\0';
    }

    private void skipWhitespaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int start = pos;
                int depth = 0;
                while (true) {
                    if (pos >= sql.length()) {
                        throw Messages.unterminated("/* comment", sql.substring(start), start + 1);
                    }
                    if (sql.startsWith("/*", pos)) {
                        depth++;
                        pos += 2;
                    } else if (sql.startsWith("*/", pos)) {
                        depth--;
                        pos += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        pos++;
                    }
                }
            } else {
                return;
            }
        }
    }

    private void readString(int start, boolean escapes) {
        value.setLength(0);
        pos++; // opening quote
        while (true) {
            if (pos >= sql.length()) {
                throw Messages.unterminated("quoted string", sql.substring(start), start + 1);
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                if (peek(1) == '\'') {
                    value.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                // 'a' <newline> 'b' is one string, as in the SQL standard
                int save = pos;
                int p = pos;
                boolean newline = false;
                while (p < sql.length() && Character.isWhitespace(sql.charAt(p))) {
                    newline |= sql.charAt(p) == '\n' || sql.charAt(p) == '\r';
                    p++;
                }
                if (newline && p < sql.length() && sql.charAt(p) == '\'') {
                    pos = p + 1;
                    continue;
                }
                pos = save;
                return;
            }
            if (escapes && c == '\\' && pos + 1 < sql.length()) {
                pos += readEscape();
                continue;
            }
            value.append(c);
            pos++;
        }
    }

    /** Reads one backslash escape at {@code pos}; returns how many characters it used. */
    private int readEscape() {
        char e = sql.charAt(pos + 1);
        switch (e) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'x' -> {
                int end = pos + 2;
                while (end < sql.length() && end < pos + 4 && Character.digit(sql.charAt(end), 16) >= 0) {
                    end++;
                }
                if (end == pos + 2) {
                    value.append('x');
                    return 2;
                }
                value.append((char) Integer.parseInt(sql.substring(pos + 2, end), 16));
                return end - pos;
            }
            case 'u', 'U' -> {
                int digits = e == 'u' ? 4 : 8;
                if (pos + 2 + digits <= sql.length()) {
                    try {
                        value.appendCodePoint(Integer.parseInt(sql.substring(pos + 2, pos + 2 + digits), 16));
                        return 2 + digits;
                    } catch (IllegalArgumentException ignored) {
                        // falls through to the literal character, as an invalid escape
                    }
                }
                value.append(e);
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = pos + 1;
                    while (end < sql.length() && end < pos + 4 && sql.charAt(end) >= '0' && sql.charAt(end) <= '7') {
                        end++;
                    }
                    value.append((char) Integer.parseInt(sql.substring(pos + 1, end), 8));
                    return end - pos;
                }
                value.append(e);
            }
        }
        return 2;
    }

    private void readQuotedIdentifier(int start) {
        value.setLength(0);
        pos++;
        while (true) {
            if (pos >= sql.length()) {
                throw Messages.unterminated("quoted identifier", sql.substring(start), start + 1);
            }
            char c = sql.charAt(pos);
            if (c == '"') {
                if (peek(1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                if (value.isEmpty()) {
                    throw osgres.api.PgException.error(osgres.api.SqlState.SYNTAX_ERROR,
                            "zero-length delimited identifier at or near \"\"\"\"").withPosition(start + 1);
                }
                return;
            }
            value.append(c);
            pos++;
        }
    }

    /** The end (after the closing $) of the dollar-quote tag at {@code pos} ({@code $$} or {@code $tag$}), or -1. */
    private int dollarTagEnd() {
        int p = pos + 1;
        while (p < sql.length() && sql.charAt(p) != '$') {
            char c = sql.charAt(p);
            if (!(p == pos + 1 ? isIdentStart(c) : isIdentPart(c)) || c == '$') {
                return -1;
            }
            p++;
        }
        return p < sql.length() ? p + 1 : -1;
    }

    private void readDollarString(int start, int tagEnd) {
        String tag = sql.substring(start, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        if (close < 0) {
            throw Messages.unterminated("dollar-quoted string", sql.substring(start), start + 1);
        }
        value.setLength(0);
        value.append(sql, tagEnd, close);
        pos = close + tag.length();
    }

    private void readNumber(int start) {
        while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
            pos++;
        }
        if (pos < sql.length() && sql.charAt(pos) == '.' && peek(1) != '.') {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < sql.length() && (sql.charAt(p) == '+' || sql.charAt(p) == '-')) {
                p++;
            }
            if (p < sql.length() && Character.isDigit(sql.charAt(p))) {
                pos = p;
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            }
        }
        if (pos < sql.length() && isIdentStart(sql.charAt(pos))) {
            // scan.l (PostgreSQL 15): {integer_junk}, {numeric_junk}, {real_junk}
            while (pos < sql.length() && isIdentPart(sql.charAt(pos))) {
                pos++;
            }
            throw osgres.api.PgException.error(osgres.api.SqlState.SYNTAX_ERROR,
                    "trailing junk after numeric literal at or near \"" + sql.substring(start, pos) + "\"")
                    .withPosition(start + 1);
        }
    }

    private void readOperator(int start) {
        while (pos < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(pos)) >= 0) {
            // a comment start ends the operator
            if (pos > start && (sql.startsWith("--", pos) || sql.startsWith("/*", pos))) {
                break;
            }
            pos++;
        }
        // scan.l: a multi-character operator cannot end in + or - unless it contains ~ ! @ # % ^ & | ` ?
        char last = sql.charAt(pos - 1);
        if (pos - start > 1 && (last == '+' || last == '-')) {
            for (int i = start; i < pos; i++) {
                if ("~!@#%^&|`?".indexOf(sql.charAt(i)) >= 0) {
                    return;
                }
            }
            while (pos - start > 1 && (sql.charAt(pos - 1) == '+' || sql.charAt(pos - 1) == '-')) {
                pos--;
            }
        }
    }

    private static boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || Character.isDigit(c) || c == '$';
    }
}
