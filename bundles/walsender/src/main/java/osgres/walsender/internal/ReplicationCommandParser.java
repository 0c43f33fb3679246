package osgres.walsender.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * The replication command language (repl_scanner.l and repl_gram.y of PostgreSQL 15): keywords in upper case only,
 * identifiers lower-cased unless double-quoted, {@code 'strings'} with {@code ''} for a quote, unsigned integers,
 * LSNs {@code hex/hex}, an optional trailing {@code ;}. A statement is a replication command only when its first
 * token is one of the eight command keywords; syntax errors are 42601 {@code syntax error}, as bison reports them.
 */
final class ReplicationCommandParser {
    private static final Set<String> COMMANDS = Set.of("IDENTIFY_SYSTEM", "BASE_BACKUP", "START_REPLICATION",
            "CREATE_REPLICATION_SLOT", "DROP_REPLICATION_SLOT", "READ_REPLICATION_SLOT", "TIMELINE_HISTORY", "SHOW");
    /** repl_scanner.l's keywords (matched in upper case only). */
    private static final Set<String> KEYWORDS = Set.of("BASE_BACKUP", "IDENTIFY_SYSTEM", "READ_REPLICATION_SLOT",
            "SHOW", "START_REPLICATION", "CREATE_REPLICATION_SLOT", "DROP_REPLICATION_SLOT", "TIMELINE_HISTORY",
            "WAIT", "TIMELINE", "PHYSICAL", "LOGICAL", "SLOT", "RESERVE_WAL", "TEMPORARY", "TWO_PHASE",
            "EXPORT_SNAPSHOT", "NOEXPORT_SNAPSHOT", "USE_SNAPSHOT", "LABEL", "PROGRESS", "FAST", "NOWAIT", "MAX_RATE",
            "WAL", "TABLESPACE_MAP", "NOVERIFY_CHECKSUMS", "MANIFEST", "MANIFEST_CHECKSUMS");

    private enum Kind { KEYWORD, IDENT, STRING, NUMBER, LSN, PUNCT, END }

    private record Token(Kind kind, String text) {
        boolean is(String keyword) {
            return kind == Kind.KEYWORD && text.equals(keyword);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.charAt(0) == c;
        }
    }

    private final List<Token> tokens;
    private int next;

    private ReplicationCommandParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** replication_scanner_is_replication_command: the first token is a command keyword. */
    static boolean isReplicationCommand(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        return COMMANDS.contains(text.substring(start, i));
    }

    static ReplicationCommand parse(String text) {
        return new ReplicationCommandParser(scan(text)).command();
    }

    // ---- scanner ----

    private static List<Token> scan(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',' || c == ';' || c == '.') {
                out.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw syntax("unterminated quoted string");
                    }
                    char d = s.charAt(i++);
                    if (d == '\'') {
                        if (i < s.length() && s.charAt(i) == '\'') {
                            b.append('\'');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, b.toString()));
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw syntax("unterminated quoted identifier");
                    }
                    char d = s.charAt(i++);
                    if (d == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            b.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        b.append(d);
                    }
                }
                if (b.isEmpty()) {
                    throw syntax("zero-length delimited identifier");
                }
                out.add(new Token(Kind.IDENT, b.toString()));
            } else if (isHex(c)) {
                int start = i;
                while (i < s.length() && isHex(s.charAt(i))) {
                    i++;
                }
                if (i < s.length() && s.charAt(i) == '/') {
                    int slash = i++;
                    int lowStart = i;
                    while (i < s.length() && isHex(s.charAt(i))) {
                        i++;
                    }
                    if (lowStart == i || slash - start > 8 || i - lowStart > 8) {
                        throw syntax("invalid streaming start location");
                    }
                    out.add(new Token(Kind.LSN, s.substring(start, i)));
                    continue;
                }
                String word = s.substring(start, i);
                if (word.chars().allMatch(Character::isDigit)
                        && (i >= s.length() || !isIdentChar(s.charAt(i)))) {
                    out.add(new Token(Kind.NUMBER, word));
                    continue;
                }
                i = start;
                if (!Character.isLetter(c) && c != '_') {
                    throw syntax("syntax error");
                }
                i = identifier(s, i, out);
            } else if (Character.isLetter(c) || c == '_') {
                i = identifier(s, i, out);
            } else {
                throw syntax("syntax error: unexpected character \"" + c + "\"");
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }

    private static int identifier(String s, int i, List<Token> out) {
        int start = i;
        while (i < s.length() && isIdentChar(s.charAt(i))) {
            i++;
        }
        String word = s.substring(start, i);
        if (KEYWORDS.contains(word)) {
            out.add(new Token(Kind.KEYWORD, word));
        } else {
            out.add(new Token(Kind.IDENT, word.toLowerCase(Locale.ROOT)));
        }
        return i;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    // ---- grammar ----

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private ReplicationCommand command() {
        Token first = take();
        ReplicationCommand command;
        if (first.is("IDENTIFY_SYSTEM")) {
            command = new ReplicationCommand.IdentifySystem();
        } else if (first.is("SHOW")) {
            StringBuilder name = new StringBuilder(ident());
            while (peek().isPunct('.')) {
                take();
                name.append('.').append(ident());
            }
            command = new ReplicationCommand.Show(name.toString());
        } else if (first.is("TIMELINE_HISTORY")) {
            long timeline = number();
            if (timeline <= 0) {
                throw syntax("invalid timeline " + timeline);
            }
            command = new ReplicationCommand.TimelineHistory(timeline);
        } else if (first.is("READ_REPLICATION_SLOT")) {
            command = new ReplicationCommand.ReadReplicationSlot(ident());
        } else if (first.is("CREATE_REPLICATION_SLOT")) {
            command = createSlot();
        } else if (first.is("DROP_REPLICATION_SLOT")) {
            String slot = ident();
            boolean wait = false;
            if (peek().is("WAIT")) {
                take();
                wait = true;
            }
            command = new ReplicationCommand.DropReplicationSlot(slot, wait);
        } else if (first.is("START_REPLICATION")) {
            command = startReplication();
        } else if (first.is("BASE_BACKUP")) {
            command = new ReplicationCommand.BaseBackup(peek().isPunct('(') ? genericOptions() : legacyBackupOptions());
        } else {
            throw syntax("syntax error");
        }
        if (peek().isPunct(';')) {
            take();
        }
        if (peek().kind() != Kind.END) {
            throw syntax("syntax error");
        }
        return command;
    }

    private ReplicationCommand createSlot() {
        String slot = ident();
        boolean temporary = false;
        if (peek().is("TEMPORARY")) {
            take();
            temporary = true;
        }
        String plugin = null;
        if (peek().is("PHYSICAL")) {
            take();
        } else if (peek().is("LOGICAL")) {
            take();
            plugin = ident();
        } else {
            throw syntax("syntax error");
        }
        List<ReplicationCommand.Option> options;
        if (peek().isPunct('(')) {
            options = genericOptions();
        } else {
            // create_slot_legacy_opt: RESERVE_WAL, EXPORT_SNAPSHOT, NOEXPORT_SNAPSHOT, USE_SNAPSHOT, TWO_PHASE
            options = new ArrayList<>();
            while (peek().kind() == Kind.KEYWORD) {
                String word = take().text();
                switch (word) {
                    case "RESERVE_WAL" -> options.add(new ReplicationCommand.Option("reserve_wal", "true"));
                    case "EXPORT_SNAPSHOT" -> options.add(new ReplicationCommand.Option("snapshot", "export"));
                    case "NOEXPORT_SNAPSHOT" -> options.add(new ReplicationCommand.Option("snapshot", "nothing"));
                    case "USE_SNAPSHOT" -> options.add(new ReplicationCommand.Option("snapshot", "use"));
                    case "TWO_PHASE" -> options.add(new ReplicationCommand.Option("two_phase", "true"));
                    default -> throw syntax("syntax error");
                }
            }
        }
        return new ReplicationCommand.CreateReplicationSlot(slot, temporary, plugin, options);
    }

    private ReplicationCommand startReplication() {
        String slot = null;
        if (peek().is("SLOT")) {
            take();
            slot = ident();
        }
        if (peek().is("LOGICAL")) {
            take();
            if (slot == null) {
                throw syntax("syntax error");
            }
            long start = lsn();
            List<ReplicationCommand.Option> options = peek().isPunct('(') ? genericOptions() : List.of();
            return new ReplicationCommand.StartReplication(slot, true, start, 0, options);
        }
        if (peek().is("PHYSICAL")) {
            take();
        }
        long start = lsn();
        long timeline = 0;
        if (peek().is("TIMELINE")) {
            take();
            timeline = number();
            if (timeline <= 0) {
                throw syntax("invalid timeline " + timeline);
            }
        }
        return new ReplicationCommand.StartReplication(slot, false, start, timeline, List.of());
    }

    /** base_backup_legacy_opt: the options before PostgreSQL 15's parenthesised syntax. */
    private List<ReplicationCommand.Option> legacyBackupOptions() {
        List<ReplicationCommand.Option> options = new ArrayList<>();
        while (peek().kind() == Kind.KEYWORD) {
            String word = take().text();
            switch (word) {
                case "LABEL" -> options.add(new ReplicationCommand.Option("label", string()));
                case "PROGRESS" -> options.add(new ReplicationCommand.Option("progress", "true"));
                case "FAST" -> options.add(new ReplicationCommand.Option("checkpoint", "fast"));
                case "WAL" -> options.add(new ReplicationCommand.Option("wal", "true"));
                case "NOWAIT" -> options.add(new ReplicationCommand.Option("wait", "false"));
                case "MAX_RATE" -> options.add(new ReplicationCommand.Option("max_rate", Long.toString(number())));
                case "TABLESPACE_MAP" -> options.add(new ReplicationCommand.Option("tablespace_map", "true"));
                case "NOVERIFY_CHECKSUMS" -> options.add(new ReplicationCommand.Option("verify_checksums", "false"));
                case "MANIFEST" -> options.add(new ReplicationCommand.Option("manifest", string()));
                case "MANIFEST_CHECKSUMS" -> options.add(new ReplicationCommand.Option("manifest_checksums", string()));
                default -> throw syntax("syntax error");
            }
        }
        return options;
    }

    /** {@code ( name [value] [, ...] )}: a name is an identifier or any keyword, lower-cased. */
    private List<ReplicationCommand.Option> genericOptions() {
        take(); // (
        List<ReplicationCommand.Option> options = new ArrayList<>();
        while (true) {
            Token name = take();
            if (name.kind() != Kind.IDENT && name.kind() != Kind.KEYWORD) {
                throw syntax("syntax error");
            }
            String value = null;
            Token v = peek();
            if (v.kind() == Kind.STRING || v.kind() == Kind.IDENT || v.kind() == Kind.NUMBER) {
                value = take().text();
            }
            options.add(new ReplicationCommand.Option(name.text().toLowerCase(Locale.ROOT), value));
            Token separator = take();
            if (separator.isPunct(')')) {
                return options;
            }
            if (!separator.isPunct(',')) {
                throw syntax("syntax error");
            }
        }
    }

    private String ident() {
        Token t = take();
        if (t.kind() != Kind.IDENT) {
            throw syntax("syntax error");
        }
        return t.text();
    }

    private String string() {
        Token t = take();
        if (t.kind() != Kind.STRING) {
            throw syntax("syntax error");
        }
        return t.text();
    }

    private long number() {
        Token t = take();
        if (t.kind() != Kind.NUMBER) {
            throw syntax("syntax error");
        }
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw syntax("syntax error");
        }
    }

    private long lsn() {
        Token t = take();
        if (t.kind() != Kind.LSN) {
            throw syntax("syntax error");
        }
        return Lsn.parse(t.text());
    }

    private static PgException syntax(String message) {
        return PgException.error(SqlState.SYNTAX_ERROR, message);
    }
}
