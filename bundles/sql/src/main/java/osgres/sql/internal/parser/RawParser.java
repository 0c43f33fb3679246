/*
 * The raw parser, PostgreSQL's raw_parser(): splits a query string into statements (QueryLexer) and parses each with
 * PostgreSQL's own grammar (osgres.pgquery, libpg_query): a syntax error is PostgreSQL's, with its message and
 * cursor. Queries (SELECT, VALUES, WITH, TABLE, INSERT, UPDATE, DELETE, EXPLAIN) keep PostgreSQL's tree for parse
 * analysis; utility commands become UtilityCommands (UtilityTranslator). A statement PostgreSQL accepts that osgres
 * does not run keeps its tree too, and is refused with 0A000 when it is analysed (so the statements before it in
 * the same string still run). Results are immutable and shared between sessions (ParseCache).
 */
package osgres.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.utils.Messages;

public final class RawParser {

    /**
     * One parsed statement: a utility command, or PostgreSQL's tree of anything else (read-only once built).
     *
     * @param sql     the whole query string
     * @param piece   this statement's slice and tokens
     * @param utility the utility command, or null
     * @param pgNode  PostgreSQL's raw tree when it is not a utility command osgres runs, else null
     */
    public record RawStatement(String sql, QueryLexer.Piece piece, UtilityCommand utility, PgQuery.Node pgNode) {

        public String text() {
            return sql.substring(piece.start(), piece.end());
        }
    }

    /** Statements parsed with PostgreSQL's grammar, for tests and benchmarks that check a cache avoids them. */
    private static final java.util.concurrent.atomic.LongAdder PARSES = new java.util.concurrent.atomic.LongAdder();

    private RawParser() {
    }

    public static long parseCount() {
        return PARSES.sum();
    }

    public static List<RawStatement> parse(String sql) {
        List<RawStatement> out = new ArrayList<>();
        for (QueryLexer.Piece piece : QueryLexer.split(sql)) {
            out.add(parsePiece(sql, piece));
        }
        return out;
    }

    /** Parses one statement of {@code sql} (positions stay relative to the whole string). */
    public static RawStatement parsePiece(String sql, QueryLexer.Piece piece) {
        PgQuery.Node node = pgTree(sql, piece);
        boolean selectInto = node.hasSelectStmt() && node.getSelectStmt().hasIntoClause();
        if (!selectInto && (node.hasSelectStmt() || node.hasExplainStmt() || isModify(node))) {
            return new RawStatement(sql, piece, null, node);
        }
        // SELECT ... INTO is CREATE TABLE AS, a utility command
        UtilityCommand utility = UtilityTranslator.translate(sql, piece, node);
        return new RawStatement(sql, piece, utility, utility == null ? node : null);
    }

    /**
     * A statement given as a tree already (a function's BEGIN ATOMIC body): node locations count from the start of
     * {@code sql}, the statement that contained it.
     */
    public static RawStatement ofNode(String sql, PgQuery.Node node) {
        QueryLexer.Piece piece = new QueryLexer.Piece(0, sql.length(), List.of());
        boolean selectInto = node.hasSelectStmt() && node.getSelectStmt().hasIntoClause();
        if (!selectInto && (node.hasSelectStmt() || isModify(node))) {
            return new RawStatement(sql, piece, null, node);
        }
        UtilityCommand utility = UtilityTranslator.translate(sql, piece, node);
        return new RawStatement(sql, piece, utility, utility == null ? node : null);
    }

    /** A statement's tree from PostgreSQL's own grammar: its syntax errors are PostgreSQL's. */
    private static PgQuery.Node pgTree(String sql, QueryLexer.Piece piece) {
        PgQuery.ParseResult tree;
        PARSES.increment();
        try {
            tree = PgParser.parse(sql.substring(piece.start(), piece.end()));
        } catch (PgException e) {
            if (e.severity() == Severity.ERROR) {
                PgParser.parse(sql); // the whole string, as PostgreSQL parses it: its first error, its words
            }
            throw e.position() > 0 ? e.withPosition(piece.start() + e.position()) : e;
        }
        if (tree.getStmtsCount() != 1) {
            // the lexer split where PostgreSQL's grammar would not (it never should): refuse rather than guess
            throw Messages.syntaxErrorAt(sql.substring(piece.start(), piece.end()), piece.start() + 1);
        }
        return tree.getStmts(0).getStmt();
    }

    /** The command a statement osgres does not run names, as its command tag would (for its 0A000). */
    public static String commandName(PgQuery.Node node) {
        return switch (node.getNodeCase()) {
            case GRANT_STMT -> node.getGrantStmt().getIsGrant() ? "GRANT" : "REVOKE";
            case GRANT_ROLE_STMT -> node.getGrantRoleStmt().getIsGrant() ? "GRANT ROLE" : "REVOKE ROLE";
            case CREATE_FUNCTION_STMT -> node.getCreateFunctionStmt().getIsProcedure() ? "CREATE PROCEDURE"
                    : "CREATE FUNCTION";
            case VIEW_STMT -> "CREATE VIEW";
            case CREATE_TRIG_STMT -> "CREATE TRIGGER";
            case RULE_STMT -> "CREATE RULE";
            case COMPOSITE_TYPE_STMT, CREATE_ENUM_STMT, CREATE_RANGE_STMT -> "CREATE TYPE";
            case CREATE_SCHEMA_STMT -> "CREATE SCHEMA";
            case CREATE_DOMAIN_STMT -> "CREATE DOMAIN";
            case CREATE_EXTENSION_STMT -> "CREATE EXTENSION";
            case VARIABLE_SET_STMT -> "SET";
            default -> {
                String name = node.getNodeCase().name().replaceFirst("_STMT$", "").replace('_', ' ');
                yield name.isEmpty() ? "this statement" : name;
            }
        };
    }

    /** Is {@code node} an INSERT, UPDATE or DELETE? */
    public static boolean isModify(PgQuery.Node node) {
        return node.hasInsertStmt() || node.hasUpdateStmt() || node.hasDeleteStmt() || node.hasMergeStmt();
    }
}
