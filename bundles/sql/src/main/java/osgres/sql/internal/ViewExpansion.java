/*
 * Reading a view (PostgreSQL's rewriteHandler.c ApplyRetrieveRule, which replaces a view's range-table entry by
 * its stored query as a subquery): the view's query text is parsed again (kept parsed per text), analysed in a
 * statement of its own that shares the outer statement's list of opened relations (so the view's tables are locked
 * AccessShare and revalidated like any table the query reads), and each relation it names shows only the columns
 * it had when the view was made (ViewDef.Reference): SELECT * keeps its expansion of that time, as PostgreSQL's
 * stored attnums do. A view that (through OR REPLACE of another) ends up naming itself fails with PostgreSQL's
 * 42P17 instead of recursing forever. ParseAnalyzer calls this; it does not plan or run anything.
 */
package osgres.sql.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery;
import osgres.storage.ColumnDef;
import osgres.storage.TableDef;

final class ViewExpansion {
    /** Deeper nesting than this is a view reaching itself (PostgreSQL finds the cycle; the depth is ours). */
    private static final int MAX_DEPTH = 100;
    /** Parsed view queries by text (raw trees are immutable); cleared when it grows past a bound. */
    private static final Map<String, PgQuery.SelectStmt> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 1024;

    private ViewExpansion() {
    }

    /** The statement to analyse {@code view}'s query in, inside {@code outer}; 42P17 for a view reaching itself. */
    static ParseState.Statement statement(ParseState.Statement outer, TableDef view) {
        if (outer.viewDepth >= MAX_DEPTH) {
            throw PgException.error("42P17", "infinite recursion detected in rules for relation \"" + view.name()
                    + "\"");
        }
        return new ParseState.Statement(outer, view.view().query(), view);
    }

    /** The raw tree of a view's stored query. */
    static PgQuery.SelectStmt parse(TableDef view) {
        String text = view.view().query();
        PgQuery.SelectStmt select = PARSED.get(text);
        if (select == null) {
            PgQuery.ParseResult tree = PgParser.parse(text);
            select = tree.getStmts(0).getStmt().getSelectStmt();
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear();
            }
            PARSED.put(text, select);
        }
        return select;
    }

    /**
     * The columns of {@code table} a statement sees: inside a view's query, those the table had when the view was
     * made (a column added later is not there); elsewhere all of them.
     */
    static List<ColumnDef> visibleColumns(ParseState.Statement statement, TableDef table) {
        List<ColumnDef> columns = table.columns();
        if (statement.expanding == null) {
            return columns;
        }
        int n = statement.expanding.view().columnsOf(table.oid());
        return n >= 0 && n < columns.size() ? columns.subList(0, n) : columns;
    }

    /** The re-analysed query must give the view's columns (nothing osgres can do to a table changes that). */
    static void checkShape(TableDef view, Query query) {
        int n = 0;
        for (Query.TargetEntry t : query.targetList()) {
            if (!t.junk()) {
                n++;
            }
        }
        if (n != view.columns().size()) {
            throw PgException.error(SqlState.INTERNAL_ERROR, "view \"" + view.name() + "\" has " + n
                    + " columns in its query but " + view.columns().size() + " in its definition");
        }
    }
}
