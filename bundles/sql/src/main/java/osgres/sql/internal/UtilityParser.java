/*
 * A recursive-descent parser for the utility commands of UtilityCommand, over QueryLexer's tokens,
 * following gram.y's productions for TransactionStmt, VariableSetStmt, VariableResetStmt,
 * VariableShowStmt, DiscardStmt and DeallocateStmt. Syntax errors are gram.y's: "syntax error at or near"
 * the offending token, or "at end of input". Anything not starting with one of these commands' keywords is
 * left to JSqlParser.
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;

final class UtilityParser {
    private static final Set<String> FIRST_WORDS = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "set", "reset", "show", "discard", "deallocate");

    private final String sql;
    private final List<QueryLexer.Token> tokens;
    private final QueryLexer.Piece piece;
    private int index;

    private UtilityParser(String sql, QueryLexer.Piece piece) {
        this.sql = sql;
        this.tokens = piece.tokens();
        this.piece = piece;
    }

    /**
     * Parses a utility command, or returns null when the statement is not one.
     */
    static UtilityCommand parse(String sql, QueryLexer.Piece piece) {
        QueryLexer.Token first = piece.tokens().getFirst();
        if (first.kind() != QueryLexer.Kind.IDENT || !FIRST_WORDS.contains(first.text())) {
            return null;
        }
        return new UtilityParser(sql, piece).command();
    }

    private UtilityCommand command() {
        String word = next().text();
        UtilityCommand command = switch (word) {
            case "begin" -> {
                optionalWord("work", "transaction");
                transactionModes();
                yield new UtilityCommand.Begin();
            }
            case "start" -> {
                expectWord("transaction");
                transactionModes();
                yield new UtilityCommand.Begin();
            }
            case "commit", "end" -> {
                optionalWord("work", "transaction");
                chain();
                yield new UtilityCommand.Commit();
            }
            case "rollback", "abort" -> rollback(word.equals("rollback"));
            case "savepoint" -> new UtilityCommand.Savepoint(name());
            case "release" -> {
                optionalWord("savepoint");
                yield new UtilityCommand.ReleaseSavepoint(name());
            }
            case "set" -> set();
            case "reset" -> {
                if (optionalWord("all")) {
                    yield new UtilityCommand.Reset(null);
                }
                yield new UtilityCommand.Reset(parameterName());
            }
            case "show" -> {
                if (optionalWord("all")) {
                    yield new UtilityCommand.Show(null);
                }
                yield new UtilityCommand.Show(showName());
            }
            case "discard" -> {
                String what = expectWord("all", "plans", "sequences", "temp", "temporary");
                yield new UtilityCommand.Discard(what.equals("temporary") ? "TEMP" : what.toUpperCase());
            }
            case "deallocate" -> {
                optionalWord("prepare");
                if (optionalWord("all")) {
                    yield new UtilityCommand.Deallocate(true);
                }
                name();
                yield new UtilityCommand.Deallocate(false);
            }
            default -> throw new IllegalStateException(word);
        };
        if (index < tokens.size()) {
            throw errorAtCurrent();
        }
        return command;
    }

    private UtilityCommand rollback(boolean allowTo) {
        optionalWord("work", "transaction");
        if (allowTo && optionalWord("to")) {
            optionalWord("savepoint");
            return new UtilityCommand.RollbackToSavepoint(name());
        }
        chain();
        return new UtilityCommand.Rollback();
    }

    private void chain() {
        if (optionalWord("and")) {
            optionalWord("no");
            expectWord("chain");
        }
    }

    /** transaction_mode_list: ISOLATION LEVEL ..., READ ONLY/WRITE, [NOT] DEFERRABLE, commas optional. */
    private void transactionModes() {
        while (index < tokens.size()) {
            if (optionalWord("isolation")) {
                expectWord("level");
                String level = expectWord("serializable", "repeatable", "read");
                if (level.equals("repeatable")) {
                    expectWord("read");
                } else if (level.equals("read")) {
                    expectWord("committed", "uncommitted");
                }
            } else if (optionalWord("read")) {
                expectWord("only", "write");
            } else if (optionalWord("not")) {
                expectWord("deferrable");
            } else if (!optionalWord("deferrable")) {
                throw errorAtCurrent();
            }
            if (index < tokens.size() && peekText().equals(",")) {
                index++;
            }
        }
    }

    private UtilityCommand set() {
        boolean local = false;
        if (optionalWord("local")) {
            local = true;
        } else if (optionalWord("session")) {
            if (optionalWord("characteristics")) {
                expectWord("as");
                expectWord("transaction");
                transactionModes();
                return new UtilityCommand.SetTransaction();
            }
            if (peekIsWord("authorization")) {
                throw Messages.notSupported("SET SESSION AUTHORIZATION", position(current()));
            }
        }
        if (optionalWord("transaction")) {
            if (optionalWord("snapshot")) {
                throw Messages.notSupported("SET TRANSACTION SNAPSHOT", position(current()));
            }
            transactionModes();
            return new UtilityCommand.SetTransaction();
        }
        if (peekIsWord("time") && index + 1 < tokens.size() && tokens.get(index + 1).isWord("zone")) {
            index += 2;
            if (optionalWord("local") || optionalWord("default")) {
                return new UtilityCommand.Set("timezone", null, local);
            }
            return new UtilityCommand.Set("timezone", List.of(value()), local);
        }
        if (optionalWord("schema")) {
            return new UtilityCommand.Set("search_path", List.of(stringValue()), local);
        }
        if (optionalWord("names")) {
            if (index == tokens.size() || optionalWord("default")) {
                return new UtilityCommand.Set("client_encoding", null, local);
            }
            return new UtilityCommand.Set("client_encoding", List.of(value()), local);
        }
        if (peekIsWord("role")) {
            throw Messages.notSupported("SET ROLE", position(current()));
        }
        String name = parameterName();
        QueryLexer.Token op = next();
        if (!(op.isWord("to") || (op.kind() == QueryLexer.Kind.OPERATOR && op.text().equals("=")))) {
            throw errorAt(op);
        }
        if (optionalWord("default")) {
            return new UtilityCommand.Set(name, null, local);
        }
        List<String> values = new ArrayList<>();
        values.add(value());
        while (index < tokens.size() && peekText().equals(",")) {
            index++;
            values.add(value());
        }
        return new UtilityCommand.Set(name, values, local);
    }

    /** var_value: a string, a signed number, or a word (ColId / keyword, lower-cased). */
    private String value() {
        QueryLexer.Token t = next();
        return switch (t.kind()) {
            case STRING, NUMBER, IDENT, QUOTED_IDENT -> t.text();
            case OPERATOR -> {
                if (t.text().equals("-") || t.text().equals("+")) {
                    QueryLexer.Token number = next();
                    if (number.kind() == QueryLexer.Kind.NUMBER) {
                        yield t.text().equals("-") ? "-" + number.text() : number.text();
                    }
                    throw errorAt(number);
                }
                throw errorAt(t);
            }
            default -> throw errorAt(t);
        };
    }

    private String stringValue() {
        QueryLexer.Token t = next();
        if (t.kind() != QueryLexer.Kind.STRING) {
            throw errorAt(t);
        }
        return t.text();
    }

    /** var_name: ColId ('.' ColId)*. */
    private String parameterName() {
        StringBuilder name = new StringBuilder(name());
        while (index < tokens.size() && peekText().equals(".")) {
            index++;
            name.append('.').append(name());
        }
        return name.toString();
    }

    /** SHOW also takes TIME ZONE, TRANSACTION ISOLATION LEVEL and SESSION AUTHORIZATION. */
    private String showName() {
        if (peekIsWord("time") && index + 1 < tokens.size() && tokens.get(index + 1).isWord("zone")) {
            index += 2;
            return "timezone";
        }
        if (peekIsWord("transaction") && index + 1 < tokens.size() && tokens.get(index + 1).isWord("isolation")) {
            index += 2;
            expectWord("level");
            return "transaction_isolation";
        }
        if (peekIsWord("session") && index + 1 < tokens.size() && tokens.get(index + 1).isWord("authorization")) {
            index += 2;
            return "session_authorization";
        }
        return parameterName();
    }

    private String name() {
        QueryLexer.Token t = next();
        if (t.kind() != QueryLexer.Kind.IDENT && t.kind() != QueryLexer.Kind.QUOTED_IDENT) {
            throw errorAt(t);
        }
        return t.text();
    }

    private QueryLexer.Token current() {
        return index < tokens.size() ? tokens.get(index) : null;
    }

    private QueryLexer.Token next() {
        if (index >= tokens.size()) {
            throw QueryLexer.endOfStatementError(sql, piece);
        }
        return tokens.get(index++);
    }

    private String peekText() {
        return tokens.get(index).text();
    }

    private boolean peekIsWord(String word) {
        return index < tokens.size() && tokens.get(index).isWord(word);
    }

    private boolean optionalWord(String... words) {
        if (index < tokens.size()) {
            for (String w : words) {
                if (tokens.get(index).isWord(w)) {
                    index++;
                    return true;
                }
            }
        }
        return false;
    }

    private String expectWord(String... words) {
        QueryLexer.Token t = next();
        for (String w : words) {
            if (t.isWord(w)) {
                return w;
            }
        }
        throw errorAt(t);
    }

    private PgException errorAtCurrent() {
        QueryLexer.Token t = current();
        return t == null ? QueryLexer.endOfStatementError(sql, piece) : errorAt(t);
    }

    private PgException errorAt(QueryLexer.Token t) {
        return Messages.syntaxErrorAt(sql.substring(t.start(), t.end()), position(t));
    }

    private static int position(QueryLexer.Token t) {
        return t == null ? 0 : t.start() + 1;
    }
}
