package osgres.config.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads postgresql.conf-style files into an ordered list of {@code name = value} items, as PostgreSQL's
 * guc-file.l does: the same tokens (flex's longest match, earliest rule on ties), quoted strings with
 * {@code ''} and backslash escapes, {@code include}, {@code include_if_exists} and {@code include_dir}
 * relative to the including file, nesting depth 10, recovery to the next line after a syntax error (at most
 * 100 per file). Every problem is collected as a {@link LogEntry} with PostgreSQL's text, file and line.
 *
 * <p>Pure: it knows nothing about parameters. Whether a name exists or a value is valid is decided later by
 * {@link ServerConfiguration}, exactly as PostgreSQL parses first and validates afterwards.
 */
final class ConfigFileParser {

    /** One {@code name = value} line; {@code value} is already de-quoted. */
    record Item(String name, String value, Path file, int line) {
    }

    /**
     * @param ok        false when a file could not be read or had a syntax error (then nothing may be applied)
     * @param errorFile the file PostgreSQL names in "contains errors" when {@code ok} is false
     */
    record Result(List<Item> items, List<LogEntry> messages, boolean ok, Path errorFile) {
    }

    static final String AUTO_CONF = "postgresql.auto.conf";
    private static final int MAX_DEPTH = 10;
    private static final int MAX_SYNTAX_ERRORS = 100;

    private final List<Item> items = new ArrayList<>();
    private final List<LogEntry> messages = new ArrayList<>();
    private final Path dataDirectory;

    private ConfigFileParser(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /** postgresql.conf (must exist), then {@code postgresql.auto.conf} in the data directory if present. */
    static Result parseServerConfig(Path configFile, Path dataDirectory) {
        ConfigFileParser parser = new ConfigFileParser(dataDirectory);
        if (!parser.parseFile(configFile.toString(), true, null, 0)) {
            return parser.result(false, configFile);
        }
        if (!parser.parseFile(AUTO_CONF, false, null, 0)) {
            return parser.result(false, dataDirectory.resolve(AUTO_CONF));
        }
        return parser.result(true, null);
    }

    /** One file and its includes (tests, and any other file in this syntax). */
    static Result parse(Path file) {
        ConfigFileParser parser = new ConfigFileParser(file.toAbsolutePath().getParent());
        boolean ok = parser.parseFile(file.toString(), true, null, 0);
        return parser.result(ok, ok ? null : file);
    }

    private Result result(boolean ok, Path errorFile) {
        return new Result(List.copyOf(items), List.copyOf(messages), ok, errorFile);
    }

    /** ParseConfigFile: resolves the location, guards depth and direct recursion, then reads the file. */
    private boolean parseFile(String location, boolean strict, Path callingFile, int depth) {
        if (location.isBlank()) {
            messages.add(LogEntry.log(Messages.EMPTY_FILE_NAME.formatted(location)));
            return false;
        }
        if (depth > MAX_DEPTH) {
            messages.add(LogEntry.log(Messages.NESTING_TOO_DEEP.formatted(location)));
            return false;
        }
        Path path = absoluteLocation(location, callingFile);
        if (callingFile != null && path.equals(callingFile)) {
            messages.add(LogEntry.log(Messages.FILE_RECURSION.formatted(callingFile)));
            return false;
        }
        String text;
        try {
            text = decode(Files.readAllBytes(path));
        } catch (IOException e) {
            if (strict) {
                messages.add(LogEntry.log(Messages.COULD_NOT_OPEN_FILE.formatted(path, describe(e))));
                return false;
            }
            messages.add(LogEntry.log(Messages.SKIPPING_MISSING_FILE.formatted(path)));
            return true;
        }
        return parseText(text, path, depth);
    }

    /** ParseConfigDirectory: every {@code *.conf} not starting with a dot, in byte order. */
    private boolean parseDirectory(String location, Path callingFile, int depth) {
        if (location.isBlank()) {
            messages.add(LogEntry.log(Messages.EMPTY_DIRECTORY_NAME.formatted(location)));
            return false;
        }
        Path directory = absoluteLocation(location, callingFile);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.length() >= 6 && !name.startsWith(".") && name.endsWith(".conf")
                        && !Files.isDirectory(entry)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            messages.add(LogEntry.log(Messages.COULD_NOT_OPEN_DIRECTORY.formatted(directory, describe(e))));
            return false;
        }
        names.sort(null);
        for (String name : names) {
            if (!parseFile(directory.resolve(name).toString(), true, callingFile, depth)) {
                return false;
            }
        }
        return true;
    }

    private Path absoluteLocation(String location, Path callingFile) {
        Path path = Path.of(location);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Path base = callingFile != null ? callingFile.getParent() : dataDirectory;
        return base.resolve(path).normalize();
    }

    /** ParseConfigFp: one logical line at a time, resynchronising at the next newline after an error. */
    private boolean parseText(String text, Path file, int depth) {
        Lexer lexer = new Lexer(text);
        boolean ok = true;
        int errors = 0;
        Token token;
        while ((token = lexer.next()) != Token.EOF) {
            if (token == Token.EOL) {
                continue;
            }
            String name = null;
            String value = null;
            parse:
            {
                if (token != Token.ID && token != Token.QUALIFIED_ID) {
                    break parse;
                }
                name = lexer.text();
                token = lexer.next();
                if (token == Token.EQUALS) {
                    token = lexer.next();
                }
                if (token != Token.ID && token != Token.STRING && token != Token.INTEGER && token != Token.REAL
                        && token != Token.UNQUOTED_STRING) {
                    break parse;
                }
                value = token == Token.STRING ? deescape(lexer.text()) : lexer.text();
                token = lexer.next();
                if (token != Token.EOL) {
                    if (token != Token.EOF) {
                        break parse;
                    }
                    lexer.line++; // EOF counts as a newline for line numbering, as in PostgreSQL
                }
                int line = lexer.line - 1;
                String directive = name.toLowerCase(Locale.ROOT);
                switch (directive) {
                    case "include_dir" -> ok &= parseDirectory(value, file, depth + 1);
                    case "include_if_exists" -> ok &= parseFile(value, false, file, depth + 1);
                    case "include" -> ok &= parseFile(value, true, file, depth + 1);
                    default -> items.add(new Item(name, value, file, line));
                }
                if (token == Token.EOF) {
                    break;
                }
                continue;
            }
            if (token == Token.EOL || token == Token.EOF) {
                messages.add(LogEntry.log(Messages.SYNTAX_ERROR_NEAR_EOL.formatted(file, lexer.line - 1)));
            } else {
                messages.add(LogEntry.log(Messages.SYNTAX_ERROR_NEAR_TOKEN.formatted(file, lexer.line,
                        lexer.text())));
            }
            ok = false;
            if (++errors >= MAX_SYNTAX_ERRORS) {
                messages.add(LogEntry.log(Messages.TOO_MANY_SYNTAX_ERRORS.formatted(file)));
                break;
            }
            while (token != Token.EOL && token != Token.EOF) {
                token = lexer.next();
            }
            if (token == Token.EOF) {
                break;
            }
        }
        return ok;
    }

    /** DeescapeQuotedString: strips the quotes, folds {@code ''} and backslash escapes. */
    static String deescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        int end = quoted.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char escaped = quoted.charAt(++i);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int octal = 0;
                        int k = 0;
                        while (k < 3 && i + k < end && quoted.charAt(i + k) >= '0' && quoted.charAt(i + k) <= '7') {
                            octal = (octal << 3) + (quoted.charAt(i + k) - '0');
                            k++;
                        }
                        i += k - 1;
                        out.append((char) (octal & 0xFF));
                    }
                    default -> out.append(escaped);
                }
            } else if (c == '\'' && i + 1 < end && quoted.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** The strerror text PostgreSQL's %m would print. */
    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Messages.NO_SUCH_FILE;
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        String message = e.getMessage();
        return message != null && message.endsWith("Is a directory") ? "Is a directory"
                : message != null ? message : e.getClass().getSimpleName();
    }

    enum Token { ID, QUALIFIED_ID, STRING, UNQUOTED_STRING, INTEGER, REAL, EQUALS, EOL, ERROR, EOF }

    /**
     * The scanner of guc-file.l. Each rule's match length is computed at the current position; the longest
     * wins and, on a tie, the rule listed first (ID, QUALIFIED_ID, STRING, UNQUOTED_STRING, INTEGER, REAL, =).
     * {@link #line} counts like ConfigFileLineno: it is incremented when a newline token is returned.
     */
    static final class Lexer {
        private final String text;
        private int position;
        private int tokenStart;
        private int tokenEnd;
        int line = 1;

        Lexer(String text) {
            this.text = text;
        }

        String text() {
            return text.substring(tokenStart, tokenEnd);
        }

        Token next() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == ' ' || c == '\t' || c == '\r') {
                    position++;
                } else if (c == '#') {
                    while (position < text.length() && text.charAt(position) != '\n') {
                        position++;
                    }
                } else {
                    break;
                }
            }
            tokenStart = position;
            if (position >= text.length()) {
                tokenEnd = position;
                return Token.EOF;
            }
            if (text.charAt(position) == '\n') {
                position++;
                tokenEnd = position;
                line++;
                return Token.EOL;
            }
            Token best = Token.ERROR;
            int bestLength = 0;
            int[] lengths = {idLength(position), qualifiedIdLength(), stringLength(), unquotedLength(),
                    integerLength(), realLength(), text.charAt(position) == '=' ? 1 : 0};
            Token[] kinds = {Token.ID, Token.QUALIFIED_ID, Token.STRING, Token.UNQUOTED_STRING, Token.INTEGER,
                    Token.REAL, Token.EQUALS};
            for (int i = 0; i < lengths.length; i++) {
                if (lengths[i] > bestLength) {
                    bestLength = lengths[i];
                    best = kinds[i];
                }
            }
            if (bestLength == 0) {
                bestLength = 1;
            }
            position += bestLength;
            tokenEnd = position;
            return best;
        }

        private char at(int index) {
            return index < text.length() ? text.charAt(index) : '\0';
        }

        private static boolean isLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
        }

        private static boolean isLetterOrDigit(char c) {
            return isLetter(c) || isDigit(c);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isHexDigit(char c) {
            return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }

        private static boolean isUnitLetter(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private int idLength(int start) {
            if (!isLetter(at(start))) {
                return 0;
            }
            int end = start + 1;
            while (isLetterOrDigit(at(end))) {
                end++;
            }
            return end - start;
        }

        private int qualifiedIdLength() {
            int first = idLength(position);
            if (first == 0 || at(position + first) != '.') {
                return 0;
            }
            int second = idLength(position + first + 1);
            return second == 0 ? 0 : first + 1 + second;
        }

        /** {@code '([^'\\\n]|\\.|'')*'}: the longest prefix that ends with a closing quote. */
        private int stringLength() {
            if (at(position) != '\'') {
                return 0;
            }
            int accepted = 0;
            int i = position + 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\'') {
                    accepted = i + 1 - position;
                    if (at(i + 1) == '\'') {
                        i += 2;
                        continue;
                    }
                    break;
                } else if (c == '\\') {
                    if (i + 1 >= text.length() || text.charAt(i + 1) == '\n') {
                        break;
                    }
                    i += 2;
                } else if (c == '\n') {
                    break;
                } else {
                    i++;
                }
            }
            return accepted;
        }

        private int unquotedLength() {
            if (!isLetter(at(position))) {
                return 0;
            }
            int end = position + 1;
            while (true) {
                char c = at(end);
                if (isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == ':' || c == '/') {
                    end++;
                } else {
                    return end - position;
                }
            }
        }

        private int integerLength() {
            int start = position;
            if (at(start) == '+' || at(start) == '-') {
                start++;
            }
            int best = -1;
            int decimal = start;
            while (isDigit(at(decimal))) {
                decimal++;
            }
            if (decimal > start) {
                best = withUnitLetters(decimal);
            }
            if (at(start) == '0' && at(start + 1) == 'x' && isHexDigit(at(start + 2))) {
                int hex = start + 2;
                while (isHexDigit(at(hex))) {
                    hex++;
                }
                best = Math.max(best, withUnitLetters(hex));
            }
            return best < 0 ? 0 : best - position;
        }

        private int withUnitLetters(int end) {
            while (isUnitLetter(at(end))) {
                end++;
            }
            return end;
        }

        private int realLength() {
            int end = position;
            if (at(end) == '+' || at(end) == '-') {
                end++;
            }
            while (isDigit(at(end))) {
                end++;
            }
            if (at(end) != '.') {
                return 0;
            }
            end++;
            while (isDigit(at(end))) {
                end++;
            }
            if (at(end) == 'e' || at(end) == 'E') {
                int exponent = end + 1;
                if (at(exponent) == '+' || at(exponent) == '-') {
                    exponent++;
                }
                if (isDigit(at(exponent))) {
                    while (isDigit(at(exponent))) {
                        exponent++;
                    }
                    end = exponent;
                }
            }
            return end - position;
        }
    }
}
