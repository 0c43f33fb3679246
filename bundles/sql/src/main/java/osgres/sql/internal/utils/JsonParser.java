/*
 * The JSON lexer and recursive-descent parser of PostgreSQL's common/jsonapi.c, with its errors: 22P02 "invalid
 * input syntax for type json" with the DETAIL json_errdetail gives (Token "x" is invalid., Expected JSON value, but
 * found "]"., The input string ended unexpectedly. ...) and the CONTEXT line report_json_context prints (JSON data,
 * line N: the current line up to the end of the offending token, cut to the last 50 bytes with "..." before, and
 * "..." after when the line goes on). The lexer runs one token ahead as json_lex does, so a bad token is reported
 * before a misplaced good one. With {@code deEscape} (jsonb_in, and json's operators, which need the strings'
 * values) the \\u escapes are also checked as json_lex_string does then: surrogate pairs, and \\u0000 (22P05
 * "unsupported Unicode escape sequence"). Positions count bytes of UTF-8, as PostgreSQL's do.
 */
package osgres.sql.internal.utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;

public final class JsonParser {
    /**
     * Nesting deeper than this is check_stack_depth's error: the parse and every walk over the tree recurse once
     * per level (PostgreSQL's limit comes from max_stack_depth; this one keeps a backend thread's stack safe).
     */
    private static final int MAX_DEPTH = 2000;

    private enum Token { OBJECT_START, OBJECT_END, ARRAY_START, ARRAY_END, COMMA, COLON, STRING, NUMBER, TRUE,
        FALSE, NULL, END }

    private final byte[] input;
    private final boolean deEscape;
    private int tokenStart;
    private int tokenEnd;
    private int lineStart;
    private int lineNumber = 1;
    private int depth;
    private Token token;
    private String stringValue;

    private JsonParser(String text, boolean deEscape) {
        this.input = text.getBytes(StandardCharsets.UTF_8);
        this.deEscape = deEscape;
    }

    /** json_in's check and parse: the document, its nodes keeping their source text. */
    public static JsonValue parse(String text, boolean deEscape) {
        JsonParser p = new JsonParser(text, deEscape);
        p.lex();
        JsonValue v = p.value();
        if (p.token != Token.END) {
            throw p.error("Expected end of input, but found \"" + p.tokenText() + "\".");
        }
        return v;
    }

    /** jsonb_in: the document in jsonb's normal form. */
    public static JsonValue parseJsonb(String text) {
        return JsonValue.normalize(parse(text, true));
    }

    private JsonValue value() {
        if (token != Token.OBJECT_START && token != Token.ARRAY_START) {
            return scalar();
        }
        if (++depth > MAX_DEPTH) {
            throw Messages.stackDepthExceeded();
        }
        JsonValue v = token == Token.OBJECT_START ? object() : array();
        depth--;
        return v;
    }

    private JsonValue scalar() {
        int start = tokenStart;
        JsonValue v = switch (token) {
            case STRING -> new JsonValue.Str(stringValue, text(start, tokenEnd));
            case NUMBER -> new JsonValue.Num(text(start, tokenEnd));
            case TRUE -> new JsonValue.Bool(true);
            case FALSE -> new JsonValue.Bool(false);
            case NULL -> JsonValue.NULL;
            default -> throw parseError("Expected JSON value, but found \"" + tokenText() + "\".");
        };
        lex();
        return v;
    }

    private JsonValue object() {
        int start = tokenStart;
        lex();
        List<String> keys = new ArrayList<>();
        List<JsonValue> values = new ArrayList<>();
        if (token == Token.STRING) {
            field(keys, values);
            while (token == Token.COMMA) {
                lex();
                field(keys, values);
            }
        } else if (token != Token.OBJECT_END) {
            throw parseError("Expected string or \"}\", but found \"" + tokenText() + "\".");
        }
        if (token != Token.OBJECT_END) {
            throw parseError("Expected \",\" or \"}\", but found \"" + tokenText() + "\".");
        }
        int end = tokenEnd;
        lex();
        return new JsonValue.Obj(keys, values, text(start, end));
    }

    private void field(List<String> keys, List<JsonValue> values) {
        if (token != Token.STRING) {
            throw parseError("Expected string, but found \"" + tokenText() + "\".");
        }
        keys.add(stringValue);
        lex();
        if (token != Token.COLON) {
            throw parseError("Expected \":\", but found \"" + tokenText() + "\".");
        }
        lex();
        values.add(value());
    }

    private JsonValue array() {
        int start = tokenStart;
        lex();
        List<JsonValue> elements = new ArrayList<>();
        if (token != Token.ARRAY_END) {
            elements.add(value());
            while (token == Token.COMMA) {
                lex();
                elements.add(value());
            }
        }
        if (token != Token.ARRAY_END) {
            throw parseError("Expected \",\" or \"]\", but found \"" + tokenText() + "\".");
        }
        int end = tokenEnd;
        lex();
        return new JsonValue.Arr(elements, text(start, end));
    }

    // ---------------------------------------------------------------- lexer

    private void lex() {
        int s = tokenEnd;
        while (s < input.length && (input[s] == ' ' || input[s] == '\t' || input[s] == '\n' || input[s] == '\r')) {
            if (input[s++] == '\n') {
                lineNumber++;
                lineStart = s;
            }
        }
        tokenStart = s;
        if (s >= input.length) {
            tokenEnd = s;
            token = Token.END;
            return;
        }
        byte c = input[s];
        Token single = switch (c) {
            case '{' -> Token.OBJECT_START;
            case '}' -> Token.OBJECT_END;
            case '[' -> Token.ARRAY_START;
            case ']' -> Token.ARRAY_END;
            case ',' -> Token.COMMA;
            case ':' -> Token.COLON;
            default -> null;
        };
        if (single != null) {
            tokenEnd = s + 1;
            token = single;
        } else if (c == '"') {
            lexString();
            token = Token.STRING;
        } else if (c == '-' || c >= '0' && c <= '9') {
            lexNumber(c == '-' ? s + 1 : s);
            token = Token.NUMBER;
        } else {
            int p = s;
            while (p < input.length && alphanumeric(input[p])) {
                p++;
            }
            tokenEnd = p == s ? s + 1 : p;
            String word = text(s, p);
            token = switch (word) {
                case "true" -> Token.TRUE;
                case "false" -> Token.FALSE;
                case "null" -> Token.NULL;
                default -> throw invalidToken();
            };
        }
    }

    private static boolean alphanumeric(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c < 0;
    }

    private PgException invalidToken() {
        return error("Token \"" + tokenText() + "\" is invalid.");
    }

    private void lexNumber(int start) {
        int s = start;
        boolean bad = false;
        if (s < input.length && input[s] == '0') {
            s++;
        } else if (s < input.length && input[s] >= '1' && input[s] <= '9') {
            while (s < input.length && input[s] >= '0' && input[s] <= '9') {
                s++;
            }
        } else {
            bad = true;
        }
        if (s < input.length && input[s] == '.') {
            s++;
            if (s == input.length || input[s] < '0' || input[s] > '9') {
                bad = true;
            } else {
                while (s < input.length && input[s] >= '0' && input[s] <= '9') {
                    s++;
                }
            }
        }
        if (s < input.length && (input[s] == 'e' || input[s] == 'E')) {
            s++;
            if (s < input.length && (input[s] == '+' || input[s] == '-')) {
                s++;
            }
            if (s == input.length || input[s] < '0' || input[s] > '9') {
                bad = true;
            } else {
                while (s < input.length && input[s] >= '0' && input[s] <= '9') {
                    s++;
                }
            }
        }
        while (s < input.length && alphanumeric(input[s])) {
            s++;
            bad = true;
        }
        tokenEnd = s;
        if (bad) {
            throw invalidToken();
        }
    }

    private void lexString() {
        StringBuilder value = deEscape ? new StringBuilder() : null;
        ByteBuilder bytes = new ByteBuilder();
        int s = tokenStart;
        int hiSurrogate = -1;
        while (true) {
            s++;
            if (s >= input.length) {
                tokenEnd = s;
                throw invalidToken();
            }
            byte c = input[s];
            if (c == '"') {
                break;
            }
            if (c >= 0 && c < 32) {
                tokenEnd = s;
                throw error(String.format("Character with value 0x%02x must be escaped.", c));
            }
            if (c == '\\') {
                s++;
                if (s >= input.length) {
                    tokenEnd = s;
                    throw invalidToken();
                }
                if (input[s] == 'u') {
                    int ch = 0;
                    for (int i = 1; i <= 4; i++) {
                        s++;
                        if (s >= input.length) {
                            tokenEnd = s;
                            throw invalidToken();
                        }
                        int d = Character.digit(input[s], 16);
                        if (d < 0 || input[s] < 0) {
                            failAtCharEnd(s);
                            throw error("\"\\u\" must be followed by four hexadecimal digits.");
                        }
                        ch = ch * 16 + d;
                    }
                    if (deEscape) {
                        if (Character.isHighSurrogate((char) ch)) {
                            if (hiSurrogate != -1) {
                                failAtCharEnd(s);
                                throw error("Unicode high surrogate must not follow a high surrogate.");
                            }
                            hiSurrogate = ch;
                            continue;
                        } else if (Character.isLowSurrogate((char) ch)) {
                            if (hiSurrogate == -1) {
                                failAtCharEnd(s);
                                throw error("Unicode low surrogate must follow a high surrogate.");
                            }
                            ch = Character.toCodePoint((char) hiSurrogate, (char) ch);
                            hiSurrogate = -1;
                        }
                        if (hiSurrogate != -1) {
                            failAtCharEnd(s);
                            throw error("Unicode low surrogate must follow a high surrogate.");
                        }
                        if (ch == 0) {
                            failAtCharEnd(s);
                            throw Messages.unsupportedUnicodeEscape("\\u0000 cannot be converted to text.", context());
                        }
                        flush(bytes, value);
                        value.appendCodePoint(ch);
                    }
                } else {
                    if (deEscape && hiSurrogate != -1) {
                        failAtCharEnd(s);
                        throw error("Unicode low surrogate must follow a high surrogate.");
                    }
                    char decoded = switch (input[s]) {
                        case '"' -> '"';
                        case '\\' -> '\\';
                        case '/' -> '/';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> 0;
                    };
                    if (decoded == 0) {
                        tokenStart = s;
                        failAtCharEnd(s);
                        throw error("Escape sequence \"\\" + tokenText() + "\" is invalid.");
                    }
                    if (deEscape) {
                        flush(bytes, value);
                        value.append(decoded);
                    }
                }
            } else if (deEscape) {
                if (hiSurrogate != -1) {
                    failAtCharEnd(s);
                    throw error("Unicode low surrogate must follow a high surrogate.");
                }
                bytes.add(c);
            }
        }
        if (deEscape && hiSurrogate != -1) {
            tokenEnd = s + 1;
            throw error("Unicode low surrogate must follow a high surrogate.");
        }
        tokenEnd = s + 1;
        if (deEscape) {
            flush(bytes, value);
            stringValue = value.toString();
        } else {
            stringValue = null;
        }
    }

    /** FAIL_AT_CHAR_END: the token ends after the (multibyte) character at {@code s}. */
    private void failAtCharEnd(int s) {
        int length = utf8Length(input[s]);
        tokenEnd = Math.min(s + length, input.length);
        if (tokenStart > tokenEnd) {
            tokenStart = tokenEnd;
        }
    }

    /**
     * Escapes were found inside a string: the raw bytes before them become characters (they are UTF-8 of whole
     * characters, since an escape starts with an ASCII backslash).
     */
    private static void flush(ByteBuilder bytes, StringBuilder value) {
        if (bytes.length > 0) {
            value.append(new String(bytes.data, 0, bytes.length, StandardCharsets.UTF_8));
            bytes.length = 0;
        }
    }

    private static int utf8Length(byte b) {
        int u = b & 0xFF;
        return u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
    }

    private String text(int from, int to) {
        return new String(input, from, to - from, StandardCharsets.UTF_8);
    }

    private String tokenText() {
        return text(tokenStart, tokenEnd);
    }

    // ---------------------------------------------------------------- errors

    /** report_parse_error: at the end of input every expectation is "ended unexpectedly". */
    private PgException parseError(String detail) {
        return error(token == Token.END ? "The input string ended unexpectedly." : detail);
    }

    private PgException error(String detail) {
        return Messages.invalidJson(detail, context());
    }

    /** report_json_context's line. */
    private String context() {
        int contextStart = lineStart;
        int contextEnd = tokenEnd;
        while (contextEnd - contextStart >= 50) {
            contextStart += input[contextStart] < 0 ? utf8Length(input[contextStart]) : 1;
        }
        if (contextStart - lineStart <= 3) {
            contextStart = lineStart;
        }
        String prefix = contextStart > lineStart ? "..." : "";
        String suffix = token != Token.END && contextEnd < input.length && input[contextEnd] != '\n'
                && input[contextEnd] != '\r' ? "..." : "";
        return "JSON data, line " + lineNumber + ": " + prefix + text(contextStart, contextEnd) + suffix;
    }

    /** A growable byte buffer for a string's unescaped bytes. */
    private static final class ByteBuilder {
        byte[] data = new byte[32];
        int length;

        void add(byte b) {
            if (length == data.length) {
                data = java.util.Arrays.copyOf(data, length * 2);
            }
            data[length++] = b;
        }
    }
}
