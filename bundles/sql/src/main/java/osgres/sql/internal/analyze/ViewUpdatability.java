/*
 * Whether a view is automatically updatable, and onto what (PostgreSQL's rewriteHandler.c
 * view_query_is_auto_updatable and view_col_is_auto_updatable, the checks rewriteTargetView makes before it turns
 * INSERT/UPDATE/DELETE on a view into the same command on the view's base relation). The checks and their reasons
 * are PostgreSQL's, in its order: no DISTINCT, GROUP BY, HAVING, set operation, WITH, LIMIT/OFFSET, aggregate,
 * window function or set-returning function in the target list, and exactly one table or view in FROM; a column is
 * updatable when it is a plain column of that relation. For the DML path: {@link #simpleTarget} analyses a view's
 * stored query and answers with the base relation and the view-column to base-column map (its WHERE, which an
 * UPDATE or DELETE through the view must add and WITH CHECK OPTION checks, is the query's jointree quals), or with
 * the reason PostgreSQL gives in the 55000 error ({@link #notUpdatable}). It rewrites nothing itself.
 */
package osgres.sql.internal.analyze;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.storage.TableDef;

public final class ViewUpdatability {
    static final String NOT_SINGLE_RELATION =
            "Views that do not select from a single table or view are not automatically updatable.";
    static final String NOT_BASE_COLUMN =
            "View columns that are not columns of their base relation are not updatable.";

    private ViewUpdatability() {
    }

    public sealed interface Verdict permits Updatable, NotUpdatable {
    }

    /**
     * An automatically updatable view.
     *
     * @param base          the one relation the view reads (a table, or a view to rewrite onto in turn); null only
     *                      when the verdict came from {@link #of(Query, boolean)} without the raw tree
     * @param baseColumns   for each view column (0-based), the base relation's column (0-based) it shows, or -1 if
     *                      the column is not updatable
     * @param columnReasons for each view column, null if updatable, else PostgreSQL's reason (the DETAIL of
     *                      {@code cannot insert into column "c" of view "v"})
     * @param query         the view's analysed query: its WHERE is {@code query.jointree().quals()}
     */
    record Updatable(TableDef base, int[] baseColumns, List<String> columnReasons, Query query) implements Verdict {
    }

    /** Not automatically updatable: {@code reason} is PostgreSQL's DETAIL. */
    public record NotUpdatable(String reason) implements Verdict {
    }

    /**
     * Analyses {@code view}'s stored query (its relations are opened through {@code statement}'s catalog, AccessShare,
     * its user types and functions found through the statement's lookups) and says
     * whether INSERT/UPDATE ({@code checkColumns}: the view needs at least one updatable column) or DELETE can be
     * rewritten onto its base relation.
     */
    static Verdict simpleTarget(TableDef view, ParseState.Statement using, boolean checkColumns) {
        ParseState.Statement outer = new ParseState.Statement("", 0, 0, using.zone, false, new int[0],
                using.catalog);
        outer.domains = using.domains; // the view's query may name user types ('x'::mood)
        outer.functions = using.functions;
        ParseState.Statement statement = ViewExpansion.statement(outer, view);
        PgQuery.SelectStmt raw = ViewExpansion.parse(view);
        Query query;
        try {
            query = ParseAnalyzer.analyzeViewQuery(raw, statement);
        } catch (PgException e) {
            throw e.withPosition(0);
        }
        return of(query, raw, statement.directTables, checkColumns);
    }

    /**
     * relation_is_updatable's events for a view, without rules or INSTEAD OF triggers: DELETE (16) when it is
     * automatically updatable, UPDATE and INSERT (4 and 8) too when one of its columns is. The relation under it is
     * not asked in turn. A view whose query no longer analyses is not updatable.
     */
    public static int updatableEvents(TableDef view, ParseState.Catalog catalog, ZoneId zone) {
        Verdict verdict;
        try {
            verdict = simpleTarget(view, new ParseState.Statement("", 0, 0, zone, false, new int[0], catalog), false);
        } catch (PgException e) {
            return 0;
        }
        if (!(verdict instanceof Updatable u)) {
            return 0;
        }
        boolean column = java.util.Arrays.stream(u.baseColumns()).anyMatch(c -> c >= 0);
        return (1 << 4) | (column ? (1 << 2) | (1 << 3) : 0);
    }

    /** Whether view column {@code column} (0-based) is updatable (view_cols_are_auto_updatable for one column). */
    public static boolean columnUpdatable(TableDef view, int column, ParseState.Catalog catalog, ZoneId zone) {
        try {
            return simpleTarget(view, new ParseState.Statement("", 0, 0, zone, false, new int[0], catalog), false)
                    instanceof Updatable u && column < u.baseColumns().length && u.baseColumns()[column] >= 0;
        } catch (PgException e) {
            return false;
        }
    }

    /** view_query_is_auto_updatable on an analysed query whose raw tree is unknown (the base is not named). */
    public static Verdict of(Query query, boolean checkColumns) {
        return of(query, null, List.of(), checkColumns);
    }

    /**
     * view_query_is_auto_updatable: {@code raw} tells a relation named in FROM from a subquery (both are subquery
     * entries once a view is expanded), {@code opened} are the relations the query's own text opened, in order (the
     * FROM item's first).
     */
    public static Verdict of(Query query, PgQuery.SelectStmt raw, List<TableDef> opened, boolean checkColumns) {
        String reason = queryReason(query);
        if (reason != null) {
            return new NotUpdatable(reason);
        }
        if (query.jointree().items().size() != 1 || !(query.jointree().items().getFirst() instanceof Query.RangeRef ref)) {
            return new NotUpdatable(NOT_SINGLE_RELATION);
        }
        Query.RangeEntry entry = query.rangeTable().get(ref.index() - 1);
        TableDef base;
        switch (entry) {
            case Query.RelationEntry r when !r.table().isSequence() -> base = r.table();
            // a view, or a relation grown since the view was made, is a subquery entry (ViewExpansion.narrow) whose
            // columns are the relation's own, in order
            case Query.SubqueryEntry s when raw != null && namesOneRelation(raw) && !opened.isEmpty()
                    && !opened.getFirst().isSequence() -> base = opened.getFirst();
            default -> {
                return new NotUpdatable(NOT_SINGLE_RELATION);
            }
        }
        List<String> reasons = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        boolean any = false;
        for (Query.TargetEntry t : query.targetList()) {
            if (t.junk()) {
                continue; // a view never shows its junk columns
            }
            if (t.expr() instanceof Expr.Var v && v.varno() == ref.index() && v.levelsUp() == 0) {
                columns.add(v.attno());
                reasons.add(null);
                any = true;
            } else {
                columns.add(-1);
                reasons.add(NOT_BASE_COLUMN);
            }
        }
        if (checkColumns && !any) {
            return new NotUpdatable("Views that have no updatable columns are not automatically updatable.");
        }
        return new Updatable(base, columns.stream().mapToInt(Integer::intValue).toArray(),
                java.util.Collections.unmodifiableList(reasons), query);
    }

    /** The query-level checks, in PostgreSQL's order; null when none fails. */
    private static String queryReason(Query q) {
        if (q.distinct() != null) {
            return "Views containing DISTINCT are not automatically updatable.";
        }
        if (!q.groupBy().isEmpty()) {
            return "Views containing GROUP BY are not automatically updatable.";
        }
        if (q.having() != null) {
            return "Views containing HAVING are not automatically updatable.";
        }
        if (q.setOperations() != null) {
            return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
        }
        if (!q.ctes().isEmpty()) {
            return "Views containing WITH are not automatically updatable.";
        }
        if (q.limitCount() != null || q.limitOffset() != null) {
            return "Views containing LIMIT or OFFSET are not automatically updatable.";
        }
        if (q.hasAggs()) {
            return "Views that return aggregate functions are not automatically updatable.";
        }
        if (!q.windowFuncs().isEmpty()) {
            return "Views that return window functions are not automatically updatable.";
        }
        if (!q.targetSetFunctions().isEmpty()) {
            return "Views that return set-returning functions are not automatically updatable.";
        }
        return null;
    }

    /** The raw FROM is one relation name (not a subquery, function, VALUES or join). */
    private static boolean namesOneRelation(PgQuery.SelectStmt raw) {
        return raw.getFromClauseCount() == 1 && raw.getFromClause(0).hasRangeVar();
    }

    /**
     * The 55000 error for {@code command} ("INSERT", "UPDATE" or "DELETE") on a view that is not automatically
     * updatable, with PostgreSQL's DETAIL {@code reason} and HINT.
     */
    static PgException notUpdatable(String command, String view, String reason) {
        String[] words = switch (command) {
            case "INSERT" -> new String[] {"insert into", "inserting into", "INSERT"};
            case "UPDATE" -> new String[] {"update", "updating", "UPDATE"};
            default -> new String[] {"delete from", "deleting from", "DELETE"};
        };
        return PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot " + words[0] + " view \"" + view
                + "\"").withDetail(reason).withHint("To enable " + words[1] + " the view, provide an INSTEAD OF "
                + words[2] + " trigger or an unconditional ON " + words[2] + " DO INSTEAD rule.");
    }
}
