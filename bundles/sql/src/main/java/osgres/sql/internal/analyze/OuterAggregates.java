/*
 * Which query level an aggregate call belongs to (PostgreSQL's parse_agg.c, check_agg_arguments and agglevelsup):
 * the nearest level whose columns its arguments, FILTER and ORDER BY read, counting a column inside a nested
 * subquery from that subquery's own level; an aggregate that reads no column at all belongs to the level it is
 * written in. {@code (SELECT max(a.x) FROM b)} inside a query over {@code a} is an aggregate of that outer query:
 * it is computed by the outer query's grouping, its placement rules ("not allowed in WHERE") are the outer
 * clause's, and the subquery sees its result as a parameter (Expr.OuterAggref, which the planner passes in as it
 * passes an outer column).
 */
package osgres.sql.internal.analyze;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.QueryTrees;

final class OuterAggregates {

    private OuterAggregates() {
    }

    /**
     * Adds {@code ref} (analysed at {@code ps}) to the aggregates of the level it belongs to; returns what stands
     * for it at {@code ps}: the Aggref itself, or an OuterAggref when it belongs further out.
     */
    static Expr place(ParseState ps, Expr.Aggref ref) {
        int levelsUp = level(ref);
        ParseState owner = ps.level(levelsUp);
        int nested = nestedAggregate(ref, levelsUp, owner);
        if (nested >= 0) {
            // check_agg_arguments: an aggregate of the same level inside the arguments (at any sublink depth)
            throw PgException.error(SqlState.GROUPING_ERROR, "aggregate function calls cannot be nested")
                    .withPosition(nested);
        }
        // a window's keys are computed after grouping, so they may use aggregates (not window functions)
        if (owner.exprKind != null && !owner.exprKind.equals("window definitions")) {
            throw PgException.error(SqlState.GROUPING_ERROR, "aggregate functions are not allowed in "
                    + owner.exprKind).withPosition(ref.location());
        }
        if (levelsUp == 0) {
            ps.aggregates.add(ref);
            return ref;
        }
        owner.aggregates.add((Expr.Aggref) lower(ref, levelsUp));
        return new Expr.OuterAggref(levelsUp, owner.aggregates.size() - 1, ref.type(), ref.typmod(),
                ref.aggregate().name());
    }

    /**
     * The position of an aggregate of {@code owner} (which {@code ref} belongs to, {@code levelsUp} out) inside
     * {@code ref}'s arguments, or -1 when there is none.
     */
    private static int nestedAggregate(Expr.Aggref ref, int levelsUp, ParseState owner) {
        int[] at = {-1};
        QueryTrees.walk(ref, 0, (x, depth) -> {
            if (at[0] < 0 && x instanceof Expr.OuterAggref o && o.levelsUp() - depth == levelsUp
                    && o.index() < owner.aggregates.size()) {
                at[0] = Math.max(0, owner.aggregates.get(o.index()).location());
            }
        });
        return at[0];
    }

    /** The smallest number of levels out that a column {@code ref} reads lies (0 when it reads none). */
    private static int level(Expr.Aggref ref) {
        int[] min = {Integer.MAX_VALUE};
        QueryTrees.walk(ref, 0, (x, depth) -> {
            int up = switch (x) {
                case Expr.Var v -> v.levelsUp() - depth;
                case Expr.OuterAggref o -> o.levelsUp() - depth;
                default -> -1;
            };
            if (up >= 0) {
                min[0] = Math.min(min[0], up);
            }
        });
        return min[0] == Integer.MAX_VALUE ? 0 : min[0];
    }

    /** {@code ref} as seen from {@code levels} levels out: its references to those levels come that much nearer. */
    private static Object lower(Expr.Aggref ref, int levels) {
        return QueryTrees.rewrite(ref, 0, (x, d) -> switch (x) {
            case Expr.Var v when v.levelsUp() >= d + levels -> new Expr.Var(v.varno(), v.attno(),
                    v.levelsUp() - levels, v.type(), v.typmod(), v.name(), v.location());
            case Expr.OuterAggref o when o.levelsUp() >= d + levels -> new Expr.OuterAggref(o.levelsUp() - levels,
                    o.index(), o.type(), o.typmod(), o.name());
            case Query.CteEntry c when c.levelsUp() >= d + levels -> new Query.CteEntry(c.cteName(),
                    c.levelsUp() - levels, c.selfReference(), c.alias(), c.columnNames(), c.columnTypes(),
                    c.columnTypmods());
            default -> null;
        });
    }
}
