/*
 * Reading a view (PostgreSQL's rewriteHandler.c ApplyRetrieveRule, which replaces a view's range-table entry by
 * its stored query as a subquery): the view's query text is parsed again (kept parsed per text), analysed in a
 * statement of its own that shares the outer statement's list of opened relations (so the view's tables are locked
 * AccessShare and revalidated like any table the query reads), and each relation it names shows only the columns
 * it had when the view was made (ViewDef.Reference): SELECT * keeps its expansion of that time, as PostgreSQL's
 * stored attnums do. A relation that has grown since is read through a subquery selecting its old columns, so the
 * relation's own entry keeps its whole row (what scans return). A view that (through OR REPLACE of another) ends up naming itself fails with PostgreSQL's
 * 42P17 instead of recursing forever. ParseAnalyzer calls this; it does not plan or run anything.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
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
        return parse(view.view().query());
    }

    /** The raw tree of a view query's text, parsed once (kept while few enough texts are). */
    static PgQuery.SelectStmt parse(String text) {
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
     * How many of {@code relation}'s columns a statement sees: inside a view's query, those the relation had when
     * the view was made (a column added later is not there); elsewhere all of them.
     */
    static int visibleColumns(ParseState.Statement statement, TableDef relation) {
        int all = relation.columns().size();
        if (statement.expanding == null) {
            return all;
        }
        int n = statement.expanding.view().columnsOf(relation.oid());
        return n >= 0 && n < all ? n : all;
    }

    /**
     * {@code full} (a table or a view, all its columns) seen through a subquery that selects its first
     * {@code shown.size()} columns under the names {@code shown}: name lookup and {@code *} find only those, while
     * the entry inside keeps the relation's whole row, as scans and the plan's row layout need it.
     */
    static Query.SubqueryEntry narrow(Query.RangeEntry full, List<String> shown) {
        int n = shown.size();
        List<Query.TargetEntry> targets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = full.columnNames().get(i);
            targets.add(new Query.TargetEntry(new Expr.Var(1, i, 0, full.columnTypes().get(i),
                    full.columnTypmods().get(i), name), name, false));
        }
        Query select = new Query(List.of(full), new Query.FromExpr(List.of(new Query.RangeRef(1)), null),
                List.copyOf(targets), List.of(), null, false, List.of(), List.of(), List.of(), List.of(), null, null,
                null, null, List.of(), null);
        return new Query.SubqueryEntry(select, full.alias(), List.copyOf(shown),
                List.copyOf(full.columnTypes().subList(0, n)), List.copyOf(full.columnTypmods().subList(0, n)), false);
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
