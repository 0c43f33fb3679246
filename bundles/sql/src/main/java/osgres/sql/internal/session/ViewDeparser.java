/*
 * pg_get_viewdef (PostgreSQL's ruleutils.c make_viewdef and get_query_def, much reduced): a view's stored query,
 * analysed again, printed as PostgreSQL prints the query of a view's _RETURN rule, in its indented layout: one
 * output column per line, each column qualified with its relation's name or alias and named AS where its name is
 * not the column's, relations named with public. when search_path does not show that schema (pg_dump runs with
 * {@code search_path = ''}: its dump must restore anywhere), joins in parentheses, expressions fully parenthesised,
 * or as ruleutils' pretty mode prints them. Covers SELECT [DISTINCT [ON]] ... FROM tables, views, joins and
 * subqueries, WHERE, GROUP BY, HAVING, ORDER BY, OFFSET, LIMIT; a view using anything else (set operations, WITH,
 * window functions, sublinks, functions in FROM, VALUES) is shown as written.
 */
package osgres.sql.internal.session;

import java.util.List;
import java.util.Map;

import osgres.pgquery.tree.PgQuery;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.sql.internal.analyze.ParseAnalyzer;
import osgres.sql.internal.analyze.ParseState;
import osgres.sql.internal.catalog.PrettyExpression;
import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.RegClass;
import osgres.sql.internal.utils.SearchPath;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class ViewDeparser {
    private final Transaction tx;
    private final TypeIo.OutputSettings output;
    private final boolean pretty;

    private ViewDeparser(Transaction tx, TypeIo.OutputSettings output, boolean pretty) {
        this.tx = tx;
        this.output = output;
        this.pretty = pretty;
    }

    /** A query this deparser does not print. */
    private static final class NotShown extends RuntimeException {
        NotShown() {
            super(null, null, false, false);
        }
    }

    /** The view's definition as pg_get_viewdef returns it: a leading space, the query, a semicolon. */
    static String definition(SqlSessionImpl session, TableDef view, boolean pretty) {
        // the catalog as the transaction sees it, without locks: like PostgreSQL's, pg_get_viewdef does not wait for
        // a transaction altering a table the view reads
        ParseState.Catalog catalog = (name, mode) -> session.transaction().table(name).orElse(null);
        ParseState.Statement outer = new ParseState.Statement("", 0, 0, session.gucs().zone(), false, new int[0],
                catalog);
        outer.functions = session.functions();
        outer.domains = session.types();
        try {
            ParseAnalyzer.StoredView stored = ParseAnalyzer.analyzeStoredView(view, outer);
            ViewDeparser deparser = new ViewDeparser(session.transaction(), session.outputSettings(), pretty);
            return deparser.query(stored.query(), stored.raw(), 0) + ";";
        } catch (RuntimeException e) {
            // a query beyond this deparser (or one that no longer analyses): its text as written
            return " " + view.view().query().strip() + ";";
        }
    }

    /** get_basic_select_query at indentation {@code indent}: " SELECT ..." with each clause on its own line. */
    private String query(Query q, PgQuery.SelectStmt raw, int indent) {
        if (q.setOperations() != null || !q.ctes().isEmpty() || !q.windowFuncs().isEmpty() || q.modify() != null
                || !q.targetSetFunctions().isEmpty() || q.limitWithTies() || q.rowMarks() != null
                || raw.getFromClauseCount() != q.jointree().items().size()) {
            throw new NotShown();
        }
        StringBuilder out = new StringBuilder(" SELECT ");
        if (q.distinct() != null) {
            out.append("DISTINCT ");
            if (!q.distinct().all()) {
                out.append("ON (");
                for (int i = 0; i < q.distinct().on().size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(sortGroupExpr(q, q.distinct().on().get(i)));
                }
                out.append(") ");
            }
        }
        boolean first = true;
        for (Query.TargetEntry t : q.targetList()) {
            if (t.junk()) {
                continue;
            }
            if (!first) {
                out.append(",\n").append(spaces(indent + 4));
            }
            first = false;
            out.append(expression(q, t.expr()));
            String shown = t.expr() instanceof Expr.Var v ? columnOf(qualifyVars(q, v)) : null;
            if (!t.name().equals(shown)) {
                out.append(" AS ").append(RegClass.quoteIdentifier(t.name()));
            }
        }
        List<Query.JoinNode> items = q.jointree().items();
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "\n" + spaces(indent + 3) + "FROM " : ",\n" + spaces(indent + 4));
            out.append(fromItem(q, items.get(i), raw.getFromClause(i), indent, i == 0));
        }
        if (q.jointree().quals() != null) {
            out.append('\n').append(spaces(indent + 2)).append("WHERE ")
                    .append(expression(q, q.jointree().quals()));
        }
        if (!q.groupBy().isEmpty()) {
            out.append('\n').append(spaces(indent + 2)).append("GROUP BY ");
            for (int i = 0; i < q.groupBy().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(sortGroupExpr(q, q.groupBy().get(i)));
            }
        }
        if (q.having() != null) {
            out.append('\n').append(spaces(indent + 1)).append("HAVING ").append(expression(q, q.having()));
        }
        if (!q.sortClause().isEmpty()) {
            out.append('\n').append(spaces(indent + 2)).append("ORDER BY ");
            for (int i = 0; i < q.sortClause().size(); i++) {
                Query.SortClause s = q.sortClause().get(i);
                out.append(i == 0 ? "" : ", ").append(sortGroupExpr(q, s.target()));
                if (s.descending()) {
                    out.append(" DESC").append(s.nullsFirst() ? "" : " NULLS LAST");
                } else if (s.nullsFirst()) {
                    out.append(" NULLS FIRST");
                }
            }
        }
        if (q.limitOffset() != null) {
            out.append('\n').append(spaces(indent + 1)).append("OFFSET ").append(limitValue(q, q.limitOffset()));
        }
        if (q.limitCount() != null) {
            out.append('\n').append(spaces(indent + 1)).append("LIMIT ").append(limitValue(q, q.limitCount()));
        }
        return out.toString();
    }

    /** A target referenced by GROUP BY, ORDER BY or DISTINCT ON (a 0-based index into the target list). */
    private String sortGroupExpr(Query q, int target) {
        Expr e = q.targetList().get(target).expr();
        if (e instanceof Expr.Const) {
            return Integer.toString(target + 1); // get_rule_sortgroupclause: a constant by its position
        }
        return expression(q, e);
    }

    private String limitValue(Query q, Expr e) {
        if (e instanceof Expr.Const c && c.value() instanceof Number n) {
            return n.toString();
        }
        return expression(q, e);
    }

    /** get_from_clause_item: a relation (qualified where not visible) with its alias, a join, or a subquery. */
    private String fromItem(Query q, Query.JoinNode node, Node raw, int indent, boolean firstItem) {
        switch (node) {
            case Query.RangeRef ref -> {
                Query.RangeEntry entry = q.rangeTable().get(ref.index() - 1);
                if (raw.hasRangeVar()) {
                    PgQuery.RangeVar rv = raw.getRangeVar();
                    String name = relationName(entry, rv.getRelname());
                    return rv.hasAlias() ? name + " " + RegClass.quoteIdentifier(rv.getAlias().getAliasname())
                            : name;
                }
                if (raw.hasRangeSubselect() && entry instanceof Query.SubqueryEntry s) {
                    PgQuery.SelectStmt sub = raw.getRangeSubselect().getSubquery().getSelectStmt();
                    return "(" + query(s.subquery(), sub, indent + 8) + ") "
                            + RegClass.quoteIdentifier(s.alias());
                }
                throw new NotShown();
            }
            case Query.JoinExpr j when raw.hasJoinExpr() -> {
                PgQuery.JoinExpr rj = raw.getJoinExpr();
                if (rj.getIsNatural() || rj.getUsingClauseCount() > 0 || rj.hasAlias() || j.quals() == null
                        && j.kind() != Query.JoinKind.INNER) {
                    throw new NotShown();
                }
                String keyword = switch (j.kind()) {
                    case INNER -> j.quals() == null ? "CROSS JOIN " : "JOIN ";
                    case LEFT -> "LEFT JOIN ";
                    case RIGHT -> "RIGHT JOIN ";
                    case FULL -> "FULL JOIN ";
                    default -> throw new NotShown();
                };
                StringBuilder out = new StringBuilder(pretty ? "" : "(");
                out.append(fromItem(q, j.left(), rj.getLarg(), indent, firstItem));
                out.append('\n').append(spaces(indent + 5)).append(keyword);
                out.append(fromItem(q, j.right(), rj.getRarg(), indent, false));
                if (j.quals() != null) {
                    String on = expression(q, j.quals());
                    out.append(" ON ").append(pretty ? on : "(" + on + ")");
                }
                return out.append(pretty ? "" : ")").toString();
            }
            default -> throw new NotShown();
        }
    }

    /** A relation's name as generate_relation_name prints it: with public. when search_path does not show it. */
    private String relationName(Query.RangeEntry entry, String written) {
        TableDef table = entry instanceof Query.RelationEntry r ? r.table()
                : tx.table(written.toLowerCase(java.util.Locale.ROOT)).orElseThrow(NotShown::new);
        String name = RegClass.quoteIdentifier(TemporaryTables.relname(table.name()));
        return tx.isTemporary(table) ? name : SearchPath.qualified(name, output.publicVisible());
    }

    /** An expression as ruleutils prints it: parenthesised, or in pretty mode with the outer parentheses shed. */
    private String expression(Query q, Expr e) {
        e = qualifyVars(q, e);
        ExprTrees.walk(e, node -> {
            if (node instanceof Expr.SubQuery || node instanceof Expr.SubPlan || node instanceof Expr.WindowFunc
                    || node instanceof Expr.SetFunction || node instanceof Expr.Param
                    || node instanceof Expr.ExecParam || node instanceof Expr.ColumnRef) {
                throw new NotShown();
            }
        });
        String text = StoredExpressionDeparser.ruleutilsText(new ExprDeparser(true, output, Map.of()).deparse(e));
        if (text.contains("?")) {
            throw new NotShown();
        }
        return pretty ? PrettyExpression.of(text) : text;
    }

    /** The column a qualified Var shows ({@code alias.column}), unquoted, or null for any other expression. */
    private static String columnOf(Expr e) {
        return e instanceof Expr.Var v ? v.name().substring(v.name().indexOf('.') + 1).replace("\"", "") : null;
    }

    /**
     * Each Var of this query level named as ruleutils' get_variable names it: the range entry's name (its alias, or
     * the relation's name) and the column's, a join's column by the column of the joined relation it stands for.
     */
    private static Expr qualifyVars(Query q, Expr e) {
        if (e instanceof Expr.Var v) {
            if (v.levelsUp() != 0 || v.attno() < 0 || v.varno() < 1 || v.varno() > q.rangeTable().size()) {
                throw new NotShown();
            }
            Query.RangeEntry entry = q.rangeTable().get(v.varno() - 1);
            if (entry instanceof Query.JoinEntry j) {
                return qualifyVars(q, j.columns().get(v.attno()));
            }
            if (entry.alias() == null) {
                throw new NotShown();
            }
            String name = RegClass.quoteIdentifier(entry.alias()) + "."
                    + RegClass.quoteIdentifier(entry.columnNames().get(v.attno()));
            return new Expr.Var(v.varno(), v.attno(), v.levelsUp(), v.type(), v.typmod(), name, v.location());
        }
        return ExprTrees.map(e, child -> qualifyVars(q, child));
    }

    private static String spaces(int n) {
        return " ".repeat(n);
    }
}
