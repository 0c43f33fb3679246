/*
 * The raw parser, PostgreSQL's raw_parser(): splits a query string into statements (QueryLexer), parses
 * utility commands with PostgreSQL's own grammar (osgres.pgquery, then UtilityTranslator) and everything else
 * with JSqlParser, called directly
 * (CCJSqlParser without the executor thread of CCJSqlParserUtil, which costs ~4x more; see TOOLCHAIN.md).
 * Strings JSqlParser's lexer does not know (E'...' with backslashes, $$dollar$$ quotes) are rewritten to
 * standard '...' strings first, with a map back to the original offsets so that error positions stay
 * right. A statement our parsers refuse goes to PostgreSQL's own grammar (osgres.pgquery, libpg_query): if
 * PostgreSQL refuses it too, the client gets PostgreSQL's exact error and cursor; if not, 0A000 (valid syntax
 * osgres does not support yet). Statements nested deeper than JSqlParser can parse in reasonable time are
 * refused before it runs, and a parse that still takes too long is stopped (ParserLimits), both with 54001.
 * Results are immutable and shared between sessions (ParseCache).
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.Token;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery;

final class RawParser {

    /**
     * One parsed statement: a utility command, a query in PostgreSQL's own tree, or (for what only the older path
     * runs) JSqlParser's tree, parsed on first use and shared once made (read-only once built).
     *
     * @param sql     the whole query string
     * @param piece   this statement's slice and tokens
     * @param utility the utility command, or null
     * @param pgNode  PostgreSQL's raw tree of a query (SELECT, VALUES, WITH, TABLE), or null
     * @param jsql    JSqlParser's parse of the statement, made when first asked for
     */
    record RawStatement(String sql, QueryLexer.Piece piece, UtilityCommand utility, PgQuery.Node pgNode,
                        JsqlParse jsql) {

        String text() {
            return sql.substring(piece.start(), piece.end());
        }

        /** JSqlParser's statement (parsed now if it was not yet); throws the syntax error it makes. */
        net.sf.jsqlparser.statement.Statement tree() {
            return jsql == null ? null : jsql.get().tree();
        }

        /** The text JSqlParser saw (strings rewritten), for node positions. */
        String parsedText() {
            return jsql.get().parsedText();
        }

        /** Maps positions in {@link #parsedText} back to the query string. */
        OffsetMap offsets() {
            return jsql.get().offsets();
        }
    }

    /** What JSqlParser made of a statement. */
    record JsqlTree(net.sf.jsqlparser.statement.Statement tree, String parsedText, OffsetMap offsets) {
    }

    /** A JSqlParser parse made once, on first use (the older path's fallback), shared between sessions. */
    static final class JsqlParse {
        private final String sql;
        private final QueryLexer.Piece piece;
        private JsqlTree tree;

        JsqlParse(String sql, QueryLexer.Piece piece, JsqlTree tree) {
            this.sql = sql;
            this.piece = piece;
            this.tree = tree;
        }

        synchronized JsqlTree get() {
            if (tree == null) {
                tree = parseWithJsql(sql, piece);
            }
            return tree;
        }
    }

    /** Positions in rewritten text -> positions in the query string (both 0-based). */
    record OffsetMap(int base, int[] rewrittenStarts, int[] originalStarts) {
        int toOriginal(int rewrittenOffset) {
            int i = rewrittenStarts.length - 1;
            while (i >= 0 && rewrittenStarts[i] > rewrittenOffset) {
                i--;
            }
            return i < 0 ? base + rewrittenOffset : originalStarts[i] + (rewrittenOffset - rewrittenStarts[i]);
        }

        /** The 1-based query position of a JavaCC line/column (1-based; tabs count as one column). */
        int position(String parsedText, int line, int column) {
            int offset = 0;
            for (int l = 1; l < line; l++) {
                int nl = parsedText.indexOf('\n', offset);
                if (nl < 0) {
                    break;
                }
                offset = nl + 1;
            }
            return toOriginal(offset + column - 1) + 1;
        }
    }

    /** The first words of the utility commands UtilityTranslator knows. */
    private static final Set<String> UTILITY_WORDS = Set.of("begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "set", "reset", "show", "discard", "deallocate", "create", "drop", "truncate",
            "alter", "copy", "vacuum", "analyze", "analyse", "checkpoint", "lock", "declare", "fetch", "move", "close");

    /** JSqlParser parses done, for tests and benchmarks that check a cache avoids them. */
    private static final java.util.concurrent.atomic.LongAdder PARSES = new java.util.concurrent.atomic.LongAdder();

    private RawParser() {
    }

    static long parseCount() {
        return PARSES.sum();
    }

    static List<RawStatement> parse(String sql) {
        List<RawStatement> out = new ArrayList<>();
        for (QueryLexer.Piece piece : QueryLexer.split(sql)) {
            out.add(parsePiece(sql, piece));
        }
        return out;
    }

    /** Parses one statement of {@code sql} (positions stay relative to the whole string). */
    static RawStatement parsePiece(String sql, QueryLexer.Piece piece) {
        QueryLexer.Token first = piece.tokens().getFirst();
        if (QUERY_WORDS.contains(first.text()) && (first.kind() == QueryLexer.Kind.IDENT
                || first.text().equals("("))) {
            PgQuery.Node node = queryTree(sql, piece);
            // SELECT ... INTO is CREATE TABLE AS, a utility command
            boolean selectInto = node != null && node.hasSelectStmt() && node.getSelectStmt().hasIntoClause();
            if (node != null && !selectInto) {
                return new RawStatement(sql, piece, null, node, new JsqlParse(sql, piece, null));
            }
        }
        ParserLimits.check(piece.tokens());
        UtilityCommand utility = utilityCommand(sql, piece);
        if (utility != null) {
            return new RawStatement(sql, piece, utility, null, null);
        }
        return new RawStatement(sql, piece, null, null, new JsqlParse(sql, piece, parseWithJsql(sql, piece)));
    }

    /** The first words of the queries (and EXPLAIN) PostgreSQL's own grammar parses for ParseAnalyzer. */
    private static final Set<String> QUERY_WORDS = Set.of("select", "values", "with", "table", "(", "explain",
            "insert", "update", "delete");

    /** A statement's tree from PostgreSQL's own grammar: its syntax errors are PostgreSQL's; null if not one. */
    private static PgQuery.Node queryTree(String sql, QueryLexer.Piece piece) {
        PgQuery.ParseResult tree;
        try {
            tree = PgParser.parse(sql.substring(piece.start(), piece.end()));
        } catch (PgException e) {
            if (e.severity() == Severity.ERROR) {
                PgParser.parse(sql); // the whole string, as PostgreSQL parses it: its first error, its words
            }
            throw e.position() > 0 ? e.withPosition(piece.start() + e.position()) : e;
        }
        if (tree.getStmtsCount() != 1) {
            return null;
        }
        return tree.getStmts(0).getStmt();
    }

    /** JSqlParser's parse of a statement, for the older path; syntax errors are PostgreSQL's verdict. */
    private static JsqlTree parseWithJsql(String sql, QueryLexer.Piece piece) {
        ParserLimits.check(piece.tokens());
        StringBuilder text = new StringBuilder(piece.end() - piece.start());
        List<Integer> rewritten = new ArrayList<>();
        List<Integer> original = new ArrayList<>();
        int copied = piece.start();
        for (QueryLexer.Token t : piece.tokens()) {
            if (t.kind() == QueryLexer.Kind.STRING && sql.charAt(t.start()) != '\'') {
                text.append(sql, copied, t.start());
                rewritten.add(text.length());
                original.add(t.start());
                text.append('\'').append(t.text().replace("'", "''")).append('\'');
                rewritten.add(text.length());
                original.add(t.end());
                copied = t.end();
            }
        }
        text.append(sql, copied, piece.end());
        OffsetMap offsets = new OffsetMap(piece.start(), rewritten.stream().mapToInt(Integer::intValue).toArray(),
                original.stream().mapToInt(Integer::intValue).toArray());
        String parsedText = text.toString();
        PARSES.increment();
        CCJSqlParser parser = new CCJSqlParser(new StringProvider(parsedText)).withAllowComplexParsing(false);
        ParserLimits.Deadline deadline = ParserLimits.startDeadline(parser);
        try {
            net.sf.jsqlparser.statement.Statement tree = parser.Statement();
            deadline.checkNotExpired(); // an interrupted parse may have taken a wrong branch: never use its tree
            return new JsqlTree(tree, parsedText, offsets);
        } catch (ParseException e) {
            deadline.checkNotExpired();
            throw postgresVerdict(sql, piece, syntaxError(sql, piece, parsedText, offsets, e.currentToken));
        } catch (StackOverflowError e) {
            throw Messages.stackDepthExceeded();
        } catch (RuntimeException | Error e) {
            deadline.checkNotExpired();
            // TokenMgrException and friends: report at the statement's first token
            if (e instanceof PgException pg) {
                throw pg;
            }
            QueryLexer.Token first = piece.tokens().getFirst();
            throw Messages.syntaxErrorAt(sql.substring(first.start(), first.end()), first.start() + 1);
        } finally {
            deadline.cancel();
        }
    }

    /**
     * A statement starting with a utility command's keyword goes through PostgreSQL's own grammar (libpg_query):
     * its syntax errors are PostgreSQL's, and the tree becomes the UtilityCommand (UtilityTranslator); null when
     * it is not a utility command osgres runs (CREATE VIEW, CREATE TABLE AS...), which JSqlParser then sees.
     */
    private static UtilityCommand utilityCommand(String sql, QueryLexer.Piece piece) {
        QueryLexer.Token first = piece.tokens().getFirst();
        if (first.kind() != QueryLexer.Kind.IDENT
                || !UTILITY_WORDS.contains(first.text()) && !UtilityTranslator.maybeSelectInto(piece)) {
            return null;
        }
        PgQuery.Node node = queryTree(sql, piece);
        return node == null ? null : UtilityTranslator.translate(sql, piece, node);
    }

    /**
     * Our parsers refused a statement with a syntax error: PostgreSQL's own grammar (libpg_query) decides what the
     * client hears. If PostgreSQL rejects it too, its error, message and cursor exactly as PostgreSQL reports them;
     * if PostgreSQL accepts it, the syntax is valid but not supported here yet (0A000), at the place ours stopped.
     * Any other error of ours (a bad option value, a refused feature) stands.
     */
    static PgException postgresVerdict(String sql, QueryLexer.Piece piece, PgException ours) {
        if (!SqlState.SYNTAX_ERROR.equals(ours.sqlState())) {
            return ours;
        }
        try {
            // the whole string, as PostgreSQL parses it before running any of its statements
            PgParser.parse(sql);
        } catch (PgException postgres) {
            if (postgres.severity() != Severity.ERROR) {
                return ours; // PostgreSQL's parser is not installed: our own verdict is the best there is
            }
            return postgres;
        }
        String what = ours.getMessage().replaceFirst("^syntax error ", "");
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "syntax " + what + " is not supported yet")
                .withPosition(ours.position());
    }

    private static PgException syntaxError(String sql, QueryLexer.Piece piece, String parsedText, OffsetMap offsets,
                                           Token current) {
        Token bad = current == null ? null : current.next;
        if (bad == null || bad.kind == 0) {
            return QueryLexer.endOfStatementError(sql, piece);
        }
        int position = offsets.position(parsedText, bad.beginLine, bad.beginColumn);
        List<QueryLexer.Token> tokens = piece.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            QueryLexer.Token t = tokens.get(i);
            if (t.start() + 1 <= position && position <= t.end()) {
                // JSqlParser does not backtrack: a dangling operator is really an early end of statement
                if (i == tokens.size() - 1 && t.kind() == QueryLexer.Kind.OPERATOR) {
                    return QueryLexer.endOfStatementError(sql, piece);
                }
                return Messages.syntaxErrorAt(sql.substring(t.start(), t.end()), t.start() + 1);
            }
        }
        return Messages.syntaxErrorAt(bad.image, position);
    }
}
