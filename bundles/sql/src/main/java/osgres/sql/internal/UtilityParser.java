/*
 * A recursive-descent parser for the utility commands of UtilityCommand, over QueryLexer's tokens,
 * following gram.y's productions for TransactionStmt, VariableSetStmt, VariableResetStmt,
 * VariableShowStmt, DiscardStmt and DeallocateStmt. Syntax errors are gram.y's: "syntax error at or near"
 * the offending token, or "at end of input". Anything not starting with one of these commands' keywords is
 * left to JSqlParser.
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import osgres.api.PgException;

final class UtilityParser {
    private static final Set<String> FIRST_WORDS = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "set", "reset", "show", "discard", "deallocate", "create", "drop", "truncate",
            "alter", "copy", "vacuum", "analyze", "analyse", "checkpoint", "lock");

    private final String sql;
    private final List<QueryLexer.Token> tokens;
    private final QueryLexer.Piece piece;
    private int index;
    private String isolation;
    private boolean readOnly;
    private boolean readModeGiven;

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
        if (first.text().equals("create") || first.text().equals("drop")) {
            // only the objects osgres has; CREATE FUNCTION and friends go to JSqlParser (and 0A000)
            List<QueryLexer.Token> t = piece.tokens();
            int i = 1;
            if (i < t.size() && (t.get(i).isWord("unique") || t.get(i).isWord("unlogged"))) {
                i++;
            }
            if (i >= t.size() || !(t.get(i).isWord("table") || t.get(i).isWord("index")
                    || t.get(i).isWord("database") || t.get(i).isWord("role") || t.get(i).isWord("user"))) {
                return null;
            }
        }
        return new UtilityParser(sql, piece).command();
    }

    private UtilityCommand command() {
        String word = next().text();
        UtilityCommand command = switch (word) {
            case "begin" -> {
                optionalWord("work", "transaction");
                transactionModes();
                yield new UtilityCommand.Begin(isolation, readOnly);
            }
            case "start" -> {
                expectWord("transaction");
                transactionModes();
                yield new UtilityCommand.Begin(isolation, readOnly);
            }
            case "create" -> create();
            case "drop" -> drop();
            case "truncate" -> {
                optionalWord("table");
                optionalWord("only");
                List<String> names = nameList();
                optionalWord("restart", "continue");
                optionalWord("identity");
                optionalWord("cascade", "restrict");
                yield new UtilityCommand.Truncate(names);
            }
            case "alter" -> alter();
            case "copy" -> copy();
            case "vacuum" -> {
                boolean analyze = false;
                if (index < tokens.size() && peekText().equals("(")) {
                    index++;
                    while (!peekText().equals(")")) {
                        String option = name();
                        analyze |= option.equals("analyze") || option.equals("analyse");
                        if (index < tokens.size() && !peekText().equals(",") && !peekText().equals(")")) {
                            next();
                        }
                        if (peekText().equals(",")) {
                            index++;
                        }
                    }
                    index++;
                }
                while (optionalWord("full", "freeze", "verbose", "analyze", "analyse")) {
                    QueryLexer.Token last = tokens.get(index - 1);
                    analyze |= last.isWord("analyze") || last.isWord("analyse");
                }
                yield new UtilityCommand.Vacuum(index < tokens.size() ? nameList() : List.of(), analyze);
            }
            case "analyze", "analyse" -> {
                optionalWord("verbose");
                yield new UtilityCommand.Analyze(index < tokens.size() ? nameList() : List.of());
            }
            case "checkpoint" -> new UtilityCommand.Checkpoint();
            case "lock" -> {
                optionalWord("table");
                optionalWord("only");
                List<String> names = nameList();
                osgres.storage.LockMode mode = osgres.storage.LockMode.ACCESS_EXCLUSIVE;
                if (optionalWord("in")) {
                    mode = lockMode();
                    expectWord("mode");
                }
                yield new UtilityCommand.LockTable(names, mode, optionalWord("nowait"));
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

    /** gram.y lock_type: ACCESS SHARE | ROW SHARE | ROW EXCLUSIVE | SHARE UPDATE EXCLUSIVE | SHARE | ... */
    private osgres.storage.LockMode lockMode() {
        String first = expectWord("access", "row", "share", "exclusive");
        return switch (first) {
            case "access" -> expectWord("share", "exclusive").equals("share")
                    ? osgres.storage.LockMode.ACCESS_SHARE : osgres.storage.LockMode.ACCESS_EXCLUSIVE;
            case "row" -> expectWord("share", "exclusive").equals("share")
                    ? osgres.storage.LockMode.ROW_SHARE : osgres.storage.LockMode.ROW_EXCLUSIVE;
            case "share" -> {
                if (optionalWord("update")) {
                    expectWord("exclusive");
                    yield osgres.storage.LockMode.SHARE_UPDATE_EXCLUSIVE;
                }
                if (optionalWord("row")) {
                    expectWord("exclusive");
                    yield osgres.storage.LockMode.SHARE_ROW_EXCLUSIVE;
                }
                yield osgres.storage.LockMode.SHARE;
            }
            default -> osgres.storage.LockMode.EXCLUSIVE;
        };
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
                    isolation = "repeatable read";
                } else if (level.equals("read")) {
                    isolation = "read " + expectWord("committed", "uncommitted");
                } else {
                    isolation = "serializable";
                }
            } else if (optionalWord("read")) {
                readOnly = expectWord("only", "write").equals("only");
                readModeGiven = true;
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
                return new UtilityCommand.SetTransaction(true, isolation, readModeGiven ? readOnly : null);
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
            return new UtilityCommand.SetTransaction(false, isolation, readModeGiven ? readOnly : null);
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

    // ---------------------------------------------------------------- DDL and maintenance (gram.y CreateStmt...)

    private List<String> nameList() {
        List<String> names = new ArrayList<>();
        names.add(qualifiedName());
        while (index < tokens.size() && peekText().equals(",")) {
            index++;
            names.add(qualifiedName());
        }
        return names;
    }

    /** A relation name; {@code public.} and {@code pg_catalog.} prefixes are dropped. */
    private String qualifiedName() {
        String name = name();
        if (index < tokens.size() && peekText().equals(".")) {
            index++;
            String second = name();
            return name.equals("public") ? second : name + "." + second;
        }
        return name;
    }

    private void expectPunct(String text) {
        QueryLexer.Token t = next();
        if (!t.text().equals(text) || t.kind() == QueryLexer.Kind.STRING) {
            throw errorAt(t);
        }
    }

    private boolean optionalPunct(String text) {
        if (index < tokens.size() && peekText().equals(text) && tokens.get(index).kind() != QueryLexer.Kind.STRING
                && tokens.get(index).kind() != QueryLexer.Kind.QUOTED_IDENT) {
            index++;
            return true;
        }
        return false;
    }

    private List<String> columnList() {
        expectPunct("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(name());
        } while (optionalPunct(","));
        expectPunct(")");
        return names;
    }

    private boolean ifNotExists() {
        if (peekIsWord("if")) {
            index++;
            expectWord("not");
            expectWord("exists");
            return true;
        }
        return false;
    }

    private boolean ifExists() {
        if (peekIsWord("if")) {
            index++;
            expectWord("exists");
            return true;
        }
        return false;
    }

    private UtilityCommand create() {
        if (peekIsWord("role") || peekIsWord("user")) {
            return createRole(next().isWord("user"));
        }
        boolean unique = optionalWord("unique");
        optionalWord("unlogged");
        String what = expectWord("table", "index", "database");
        if (what.equals("database")) {
            String name = name();
            skipRest();
            return new UtilityCommand.CreateDatabase(name);
        }
        if (what.equals("index")) {
            optionalWord("concurrently");
            boolean ine = ifNotExists();
            String name = peekIsWord("on") ? null : name();
            expectWord("on");
            optionalWord("only");
            String table = qualifiedName();
            if (optionalWord("using")) {
                expectWord("btree");
            }
            List<String> columns = new ArrayList<>();
            expectPunct("(");
            do {
                columns.add(name());
                optionalWord("asc", "desc");
                if (optionalWord("nulls")) {
                    expectWord("first", "last");
                }
            } while (optionalPunct(","));
            expectPunct(")");
            return new UtilityCommand.CreateIndex(name, table, columns, unique, ine);
        }
        boolean ine = ifNotExists();
        String table = qualifiedName();
        expectPunct("(");
        List<UtilityCommand.ColumnSpec> columns = new ArrayList<>();
        List<String> primaryKey = null;
        List<List<String>> uniques = new ArrayList<>();
        if (!optionalPunct(")")) {
            do {
                if (optionalWord("constraint")) {
                    name();
                }
                if (optionalWord("primary")) {
                    expectWord("key");
                    if (primaryKey != null) {
                        throw PgException.error("42P16", "multiple primary keys for table \"" + table
                                + "\" are not allowed");
                    }
                    primaryKey = columnList();
                } else if (optionalWord("unique")) {
                    uniques.add(columnList());
                } else {
                    columns.add(columnSpec());
                }
            } while (optionalPunct(","));
            expectPunct(")");
        }
        for (UtilityCommand.ColumnSpec c : columns) {
            if (c.primaryKey()) {
                if (primaryKey != null) {
                    throw PgException.error("42P16", "multiple primary keys for table \"" + table
                            + "\" are not allowed");
                }
                primaryKey = List.of(c.name());
            }
        }
        StorageParameters parameters = new StorageParameters();
        if (optionalWord("with")) {
            parameters = storageParameters();
        }
        int fillfactor = parameters.fillfactor() == null ? 100 : parameters.fillfactor();
        return new UtilityCommand.CreateTable(table, List.copyOf(columns), primaryKey, List.copyOf(uniques),
                fillfactor, parameters.others(), ine);
    }

    /** columnDef: name type [NOT NULL | NULL | DEFAULT expr | PRIMARY KEY | UNIQUE | CONSTRAINT name ...]. */
    private UtilityCommand.ColumnSpec columnSpec() {
        String name = name();
        QueryLexer.Token typeStart = current();
        StringBuilder typeName = new StringBuilder(name());
        while (peekIsWord("precision") || peekIsWord("varying") || (typeName.toString().equals("timestamp")
                && (peekIsWord("with") || peekIsWord("without")))) {
            if (peekIsWord("with") || peekIsWord("without")) {
                typeName.append(' ').append(next().text());
                expectWord("time");
                expectWord("zone");
                typeName.append(" time zone");
            } else {
                typeName.append(' ').append(next().text());
            }
        }
        String written = typeName.toString();
        PgType type = written.equals("char") || written.equals("character") ? PgType.BPCHAR
                : written.equals("serial") || written.equals("bigserial") ? null : PgType.byName(written);
        if (type == null || type == PgType.UNKNOWN || type == PgType.VOID || type == PgType.REGTYPE) {
            throw Messages.typeDoesNotExist(written, position(typeStart));
        }
        List<Integer> modifiers = new ArrayList<>();
        if (optionalPunct("(")) {
            do {
                QueryLexer.Token n = next();
                if (n.kind() != QueryLexer.Kind.NUMBER) {
                    throw errorAt(n);
                }
                modifiers.add(Integer.parseInt(n.text()));
            } while (optionalPunct(","));
            expectPunct(")");
        }
        int typmod = Casts.typmod(type, modifiers, position(typeStart));
        if (type == PgType.BPCHAR && typmod < 0) {
            typmod = 1 + 4;
        }
        if (optionalPunct("[")) {
            throw Messages.notSupported("array types", position(typeStart));
        }
        boolean notNull = false;
        boolean primary = false;
        boolean unique = false;
        String defaultSql = null;
        while (index < tokens.size() && !peekText().equals(",") && !peekText().equals(")")) {
            if (optionalWord("constraint")) {
                name();
            } else if (optionalWord("not")) {
                expectWord("null");
                notNull = true;
            } else if (optionalWord("null")) {
                notNull = false;
            } else if (optionalWord("primary")) {
                expectWord("key");
                primary = true;
                notNull = true;
            } else if (optionalWord("unique")) {
                unique = true;
            } else if (optionalWord("default")) {
                int start = index;
                int depth = 0;
                while (index < tokens.size()) {
                    QueryLexer.Token t = tokens.get(index);
                    boolean punct = t.kind() == QueryLexer.Kind.PUNCT;
                    if (punct && t.text().equals("(")) {
                        depth++;
                    } else if (punct && t.text().equals(")")) {
                        if (depth == 0) {
                            break;
                        }
                        depth--;
                    } else if (depth == 0 && ((punct && t.text().equals(",")) || t.isWord("not")
                            || t.isWord("null") || t.isWord("primary") || t.isWord("unique")
                            || t.isWord("constraint"))) {
                        break;
                    }
                    index++;
                }
                if (index == start) {
                    throw errorAtCurrent();
                }
                defaultSql = sql.substring(tokens.get(start).start(), tokens.get(index - 1).end());
            } else {
                throw errorAtCurrent();
            }
        }
        return new UtilityCommand.ColumnSpec(name, type, typmod, notNull, defaultSql, primary, unique);
    }

    /**
     * CREATE ROLE / CREATE USER name [[WITH] option ...]: SUPERUSER, NOSUPERUSER, LOGIN and NOLOGIN are kept (USER
     * implies LOGIN); the other options of gram.y's CreateRoleStmt are accepted and not stored yet.
     */
    private UtilityCommand createRole(boolean user) {
        String name = name();
        optionalWord("with");
        boolean superuser = false;
        boolean login = user;
        while (index < tokens.size()) {
            QueryLexer.Token t = next();
            if (t.isWord("superuser") || t.isWord("nosuperuser")) {
                superuser = t.isWord("superuser");
            } else if (t.isWord("login") || t.isWord("nologin")) {
                login = t.isWord("login");
            }
        }
        return new UtilityCommand.CreateRole(name, superuser, login);
    }

    private UtilityCommand drop() {
        if (optionalWord("role", "user")) {
            boolean ifExists = ifExists();
            return new UtilityCommand.DropRole(nameList(), ifExists);
        }
        String what = expectWord("table", "index", "database");
        boolean ifExists = ifExists();
        if (what.equals("database")) {
            String name = name();
            skipRest();
            return new UtilityCommand.DropDatabase(name, ifExists);
        }
        optionalWord("concurrently");
        List<String> names = nameList();
        optionalWord("cascade", "restrict");
        return what.equals("table") ? new UtilityCommand.DropTable(names, ifExists)
                : new UtilityCommand.DropIndex(names, ifExists);
    }

    /** {@code ( name [= value] [, ...] )}: reloptions of CREATE TABLE ... WITH and ALTER TABLE ... SET. */
    private StorageParameters storageParameters() {
        StorageParameters parameters = new StorageParameters();
        expectPunct("(");
        do {
            String option = name();
            String value = null;
            if (optionalPunct("=")) {
                value = optionalPunct("-") ? "-" + next().text() : next().text();
            }
            parameters.add(option, value);
        } while (optionalPunct(","));
        expectPunct(")");
        return parameters;
    }

    private UtilityCommand alter() {
        expectWord("table");
        ifExists();
        optionalWord("only");
        String table = qualifiedName();
        if (optionalWord("set")) {
            StorageParameters parameters = storageParameters();
            return new UtilityCommand.SetStorageParameters(table, parameters.fillfactor(), parameters.others(),
                    Set.of());
        }
        if (optionalWord("reset")) {
            expectPunct("(");
            Set<String> names = new LinkedHashSet<>();
            do {
                String option = name();
                if (peekText().equals("=")) {
                    throw PgException.error("42601", "RESET must not include values for parameters");
                }
                names.add(option);
            } while (optionalPunct(","));
            expectPunct(")");
            return new UtilityCommand.SetStorageParameters(table, null, Map.of(), Set.copyOf(names));
        }
        expectWord("add");
        String constraintName = null;
        if (optionalWord("constraint")) {
            constraintName = name();
        }
        if (optionalWord("primary")) {
            expectWord("key");
            return new UtilityCommand.AddConstraint(table, constraintName, columnList(), true);
        }
        if (optionalWord("unique")) {
            return new UtilityCommand.AddConstraint(table, constraintName, columnList(), false);
        }
        if (constraintName != null || peekIsWord("foreign") || peekIsWord("check")) {
            throw Messages.notSupported("ALTER TABLE ADD CONSTRAINT of this kind", position(current()));
        }
        optionalWord("column");
        boolean ine = ifNotExists();
        UtilityCommand.ColumnSpec column = columnSpec();
        return new UtilityCommand.AddColumn(table, column, ine);
    }

    /** COPY: gram.y CopyStmt with both the old (WITH CSV HEADER...) and the new (WITH (FORMAT csv)) options. */
    private UtilityCommand copy() {
        String table = null;
        String query = null;
        List<String> columns = null;
        if (peekText().equals("(") && tokens.get(index).kind() == QueryLexer.Kind.PUNCT) {
            int start = ++index;
            int depth = 0;
            while (true) {
                QueryLexer.Token t = next();
                if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals("(")) {
                    depth++;
                } else if (t.kind() == QueryLexer.Kind.PUNCT && t.text().equals(")")) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                }
            }
            query = sql.substring(tokens.get(start).start(), tokens.get(index - 2).end());
        } else {
            table = qualifiedName();
            if (index < tokens.size() && peekText().equals("(")) {
                columns = columnList();
            }
        }
        boolean from = expectWord("from", "to").equals("from");
        QueryLexer.Token target = next();
        if (!(target.isWord("stdin") || target.isWord("stdout"))) {
            if (target.kind() == QueryLexer.Kind.STRING) {
                throw PgException.error("42501", "must be superuser or have privileges of the pg_"
                        + (from ? "read" : "write") + "_server_files role to COPY " + (from ? "from" : "to")
                        + " a file");
            }
            throw errorAt(target);
        }
        if (from && query != null) {
            throw errorAt(target);
        }
        boolean csv = false;
        boolean freeze = false;
        boolean header = false;
        Character delimiter = null;
        String nullString = null;
        char quote = '"';
        Character escape = null;
        optionalWord("with");
        if (index < tokens.size() && peekText().equals("(")) {
            index++;
            do {
                String option = name();
                String value = null;
                if (index < tokens.size() && !peekText().equals(",") && !peekText().equals(")")) {
                    value = next().text();
                }
                switch (option) {
                    case "format" -> {
                        if (!"csv".equals(value) && !"text".equals(value)) {
                            throw PgException.error("22023", "COPY format \"" + value + "\" not recognized");
                        }
                        csv = "csv".equals(value);
                    }
                    case "freeze" -> freeze = value == null || TypeIo.parseBool(value);
                    case "header" -> header = value == null || TypeIo.parseBool(value);
                    case "delimiter" -> delimiter = singleChar("delimiter", value);
                    case "null" -> nullString = value;
                    case "quote" -> quote = singleChar("quote", value);
                    case "escape" -> escape = singleChar("escape", value);
                    case "encoding" -> {
                    }
                    default -> throw PgException.error("42601", "option \"" + option + "\" not recognized");
                }
            } while (optionalPunct(","));
            expectPunct(")");
        } else {
            while (index < tokens.size()) {
                String option = next().text();
                switch (option) {
                    case "csv" -> csv = true;
                    case "binary" -> throw Messages.notSupported("COPY BINARY", 0);
                    case "freeze" -> freeze = true;
                    case "header" -> header = true;
                    case "delimiter" -> {
                        optionalWord("as");
                        delimiter = singleChar("delimiter", stringValue());
                    }
                    case "null" -> {
                        optionalWord("as");
                        nullString = stringValue();
                    }
                    case "quote" -> {
                        optionalWord("as");
                        quote = singleChar("quote", stringValue());
                    }
                    case "escape" -> {
                        optionalWord("as");
                        escape = singleChar("escape", stringValue());
                    }
                    default -> throw errorAt(tokens.get(index - 1));
                }
            }
        }
        return new UtilityCommand.Copy(table, columns, query, from, csv, freeze,
                delimiter != null ? delimiter : csv ? ',' : '\t', header, nullString, quote,
                escape != null ? escape : quote);
    }

    private static char singleChar(String option, String value) {
        if (value == null || value.length() != 1) {
            throw PgException.error("0A000", "COPY " + option + " must be a single one-byte character");
        }
        return value.charAt(0);
    }

    /** Options of CREATE/DROP DATABASE that osgres ignores (OWNER, TEMPLATE, WITH (FORCE)...). */
    private void skipRest() {
        index = tokens.size();
    }
}
