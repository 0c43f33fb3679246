/*
 * Pulls simple subqueries in FROM, and the views expanded into them, up into the query around them, as
 * PostgreSQL's prepjointree.c pull_up_subqueries / pull_up_simple_subquery does: the subquery's range table is
 * appended to the parent's (its Vars renumbered), its join tree takes the place of its RangeTblRef, and every
 * reference to one of its output columns, at any nesting depth, becomes the subquery's expression for that column.
 * The planner then sees one flat join problem: a view's quals, the parent's quals and the joins around the view
 * are planned together (the parent's `WHERE id = 5` reaches an index of the view's table), and EXPLAIN shows
 * the base tables, as PostgreSQL's does, instead of a Subquery Scan.
 * A subquery is simple (is_simple_subquery) when it is a plain SELECT with a FROM clause: no set operation,
 * aggregate, GROUP BY, HAVING, window function, set-returning target, ORDER BY, DISTINCT, LIMIT/OFFSET, WITH or
 * FOR UPDATE, no volatile function in its target list, and no reference to the query around it (LATERAL). Not
 * done here (the subquery stays a Subquery Scan): a subquery under the nullable side of an outer join whose
 * outputs are not all plain columns (PostgreSQL wraps those in PlaceHolderVars), whole-row references to the
 * subquery, UNION ALL subqueries (PostgreSQL's appendrels), and queries that modify or lock rows.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Query;

final class SubqueryPullUp {

    private SubqueryPullUp() {
    }

    /** {@code q} with its simple FROM subqueries pulled up (each prepared as a query of its own first). */
    static Query apply(Query q) {
        if (q.setOperations() != null || q.modify() != null || q.rowMarks() != null) {
            return q;
        }
        List<int[]> candidates = new ArrayList<>();
        for (Query.JoinNode item : q.jointree().items()) {
            collect(item, false, q, candidates);
        }
        for (int[] candidate : candidates) {
            int index = candidate[0];
            boolean nullable = candidate[1] != 0;
            Query.SubqueryEntry entry = (Query.SubqueryEntry) q.rangeTable().get(index - 1);
            if (!pullable(entry.subquery(), false)) {
                // not of the simple shape (aggregates, LIMIT...): preparing it here would only be done again when
                // the planner plans it as a query of its own
                continue;
            }
            Query sub = prepare(entry.subquery());
            if (pullable(sub, nullable) && referencesOnlyColumns(q, index, sub.targetList().size())) {
                q = pullUp(q, index, sub);
            }
        }
        return q;
    }

    /** How many subquery entries of {@code q} are no longer in its join tree (pulled up, at any depth). */
    static int pulledUp(Query q) {
        if (q.setOperations() != null || q.modify() != null) {
            return 0;
        }
        java.util.BitSet inTree = new java.util.BitSet();
        for (Query.JoinNode item : q.jointree().items()) {
            Planner.rangeRefs(item, inTree);
        }
        int n = 0;
        for (int i = 1; i <= q.rangeTable().size(); i++) {
            if (q.rangeTable().get(i - 1) instanceof Query.SubqueryEntry && !inTree.get(i)) {
                n++;
            }
        }
        return n;
    }

    /** The subquery as the planner would prepare it as a query of its own: its sublinks and subqueries pulled up. */
    private static Query prepare(Query sub) {
        return apply(SublinkPullUp.apply(sub));
    }

    /** The subquery entries of the join tree, each with whether it is on the nullable side of an outer join. */
    private static void collect(Query.JoinNode node, boolean nullable, Query q, List<int[]> out) {
        switch (node) {
            case Query.RangeRef r -> {
                if (q.rangeTable().get(r.index() - 1) instanceof Query.SubqueryEntry) {
                    out.add(new int[] {r.index(), nullable ? 1 : 0});
                }
            }
            case Query.JoinExpr j -> {
                switch (j.kind()) {
                    case INNER -> {
                        collect(j.left(), nullable, q, out);
                        collect(j.right(), nullable, q, out);
                    }
                    case LEFT -> {
                        collect(j.left(), nullable, q, out);
                        collect(j.right(), true, q, out);
                    }
                    case RIGHT -> {
                        collect(j.left(), true, q, out);
                        collect(j.right(), nullable, q, out);
                    }
                    case FULL -> {
                        collect(j.left(), true, q, out);
                        collect(j.right(), true, q, out);
                    }
                    // a pulled-up sublink's side stays as the sublink had it
                    case SEMI, ANTI -> collect(j.left(), nullable, q, out);
                }
            }
            case Query.FromExpr f -> {
                for (Query.JoinNode n : f.items()) {
                    collect(n, nullable, q, out);
                }
            }
        }
    }

    private static boolean pullable(Query sub, boolean nullable) {
        if (sub.setOperations() != null || sub.hasAggs() || !sub.groupBy().isEmpty() || sub.having() != null
                || !sub.windowFuncs().isEmpty() || !sub.targetSetFunctions().isEmpty() || !sub.sortClause().isEmpty()
                || sub.distinct() != null || sub.limitCount() != null || sub.limitOffset() != null
                || !sub.ctes().isEmpty() || sub.rowMarks() != null || sub.modify() != null
                || sub.jointree().items().isEmpty() || SublinkPullUp.refersTo(sub, 1)) {
            return false;
        }
        for (Query.TargetEntry t : sub.targetList()) {
            if (SublinkPullUp.volatileIn(t.expr())) {
                return false;
            }
            // under an outer join a computed output would have to go null with the row (a PlaceHolderVar)
            if (nullable && !(t.expr() instanceof Expr.Var v && v.levelsUp() == 0)) {
                return false;
            }
        }
        return true;
    }

    /** Does every reference to entry {@code index} name one of its {@code columns} output columns? */
    private static boolean referencesOnlyColumns(Query q, int index, int columns) {
        boolean[] other = {false};
        QueryTrees.walk(q, 0, (x, depth) -> other[0] |= x instanceof Expr.Var v && v.levelsUp() == depth
                && v.varno() == index && (v.attno() < 0 || v.attno() >= columns));
        return !other[0];
    }

    private static Query pullUp(Query q, int index, Query sub) {
        int offset = q.rangeTable().size();
        @SuppressWarnings("unchecked")
        List<Query.JoinNode> items = (List<Query.JoinNode>) SublinkPullUp.adjust(sub.jointree().items(), 0, offset);
        Query.FromExpr replacement = new Query.FromExpr(items,
                (Expr) SublinkPullUp.adjust(sub.jointree().quals(), 0, offset));
        List<Expr> outputs = new ArrayList<>();
        for (Query.TargetEntry t : sub.targetList()) {
            outputs.add((Expr) SublinkPullUp.adjust(t.expr(), 0, offset));
        }
        Query rewritten = (Query) QueryTrees.rewrite(q, 0, (x, depth) -> switch (x) {
            case Expr.Var v when v.levelsUp() == depth && v.varno() == index -> raise(outputs.get(v.attno()),
                    depth);
            case Query.RangeRef r when depth == 0 && r.index() == index -> replacement;
            default -> null;
        });
        // the parent's entries as rewritten (a LATERAL subquery or a join's merged columns may read the pulled-up
        // one), then the subquery's
        List<Query.RangeEntry> rangeTable = new ArrayList<>(rewritten.rangeTable());
        for (Query.RangeEntry e : sub.rangeTable()) {
            rangeTable.add((Query.RangeEntry) SublinkPullUp.adjust(e, 0, offset));
        }
        return new Query(List.copyOf(rangeTable), rewritten.jointree(), rewritten.targetList(), rewritten.groupBy(),
                rewritten.having(), rewritten.hasAggs(), rewritten.aggregates(), rewritten.windowFuncs(),
                rewritten.windows(), rewritten.sortClause(), rewritten.distinct(), rewritten.limitCount(),
                rewritten.limitOffset(), rewritten.setOperations(), rewritten.ctes(), rewritten.rowMarks(),
                rewritten.targetSetFunctions(), rewritten.modify(), rewritten.limitWithTies());
    }

    /**
     * An expression of the parent level placed {@code depth} query levels below it (IncrementVarSublevelsUp): every
     * reference to the parent level or above moves {@code depth} levels further out.
     */
    private static Expr raise(Expr e, int depth) {
        if (depth == 0) {
            return e;
        }
        return (Expr) QueryTrees.rewrite(e, 0, (x, d) -> switch (x) {
            case Expr.Var v when v.levelsUp() >= d -> new Expr.Var(v.varno(), v.attno(), v.levelsUp() + depth,
                    v.type(), v.typmod(), v.name(), v.location());
            case Expr.Var v -> v;
            case Query.CteEntry c when c.levelsUp() >= d -> new Query.CteEntry(c.cteName(), c.levelsUp() + depth,
                    c.selfReference(), c.alias(), c.columnNames(), c.columnTypes(), c.columnTypmods());
            default -> null;
        });
    }
}
