package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.storage.TableDef;

/**
 * markTargetListOrigins (parse_target.c): for each output column of a query, the table column it comes straight
 * from, which RowDescription carries as table OID and column number (pgJDBC's getTableName, getColumnName and
 * isNullable ask the catalog about them). A column is traced through subqueries in FROM, joins and non-recursive
 * WITH queries to a table, or to a view, whose own OID and column number it gets (as PostgreSQL, which marks origins
 * before rewriting views). Anything else (an expression, a function's or VALUES's column, a set operation's output)
 * has none: 0 and 0.
 */
public final class TargetOrigins {

    /** The table OID and column number of one output column; {@link #NONE} when it is not a table's column. */
    public record Origin(int tableOid, short columnNumber) {
        public static final Origin NONE = new Origin(0, (short) 0);
    }

    private final ParseState.Statement statement;

    private TargetOrigins(ParseState.Statement statement) {
        this.statement = statement;
    }

    /** The origins of {@code targets} (the visible ones, in order), expressions of {@code query}. */
    public static List<Origin> of(Query query, List<Query.TargetEntry> targets, ParseState.Statement statement) {
        TargetOrigins origins = new TargetOrigins(statement);
        List<Origin> out = new ArrayList<>();
        for (Query.TargetEntry t : targets) {
            if (!t.junk()) {
                out.add(query.setOperations() != null ? Origin.NONE : origins.ofExpr(query, t.expr(), 0));
            }
        }
        return out;
    }

    private Origin ofExpr(Query query, Expr expr, int depth) {
        if (depth > 100 || !(expr instanceof Expr.Var v) || v.levelsUp() != 0 || v.attno() < 0
                || v.varno() <= 0 || v.varno() > query.rangeTable().size()) {
            return Origin.NONE;
        }
        return switch (query.rangeTable().get(v.varno() - 1)) {
            case Query.RelationEntry r -> ofColumn(r.table(), v.attno());
            case Query.SubqueryEntry s -> {
                TableDef view = s.subquery() == null ? null : statement.expandedViews.get(s.subquery());
                yield view != null ? ofColumn(view, v.attno()) : ofOutput(s.subquery(), v.attno(), depth);
            }
            case Query.JoinEntry j -> v.attno() < j.columns().size()
                    ? ofExpr(query, j.columns().get(v.attno()), depth + 1) : Origin.NONE;
            case Query.CteEntry c -> c.levelsUp() != 0 || c.selfReference() ? Origin.NONE
                    : ofCte(query, c.cteName(), v.attno(), depth);
            default -> Origin.NONE;
        };
    }

    private Origin ofCte(Query query, String name, int attno, int depth) {
        for (Query.CommonTable cte : query.ctes()) {
            if (cte.name().equals(name)) {
                return cte.recursive() || cte.modifying() ? Origin.NONE : ofOutput(cte.query(), attno, depth);
            }
        }
        return Origin.NONE;
    }

    /** The origin of visible output column {@code attno} (0-based) of {@code sub}. */
    private Origin ofOutput(Query sub, int attno, int depth) {
        if (sub == null || sub.setOperations() != null) {
            return Origin.NONE;
        }
        int visible = 0;
        for (Query.TargetEntry t : sub.targetList()) {
            if (!t.junk() && visible++ == attno) {
                return ofExpr(sub, t.expr(), depth + 1);
            }
        }
        return Origin.NONE;
    }

    /** Column {@code attno} (0-based, as a Var counts) of {@code table}: its attnum is one more. */
    private static Origin ofColumn(TableDef table, int attno) {
        return attno < table.columns().size() ? new Origin(table.oid(), (short) (attno + 1)) : Origin.NONE;
    }
}
