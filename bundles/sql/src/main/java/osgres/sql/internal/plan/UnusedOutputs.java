/*
 * PostgreSQL's remove_unused_subquery_outputs (allpaths.c): the output columns of a FROM subquery that the query
 * around it never reads are replaced by NULL constants before the subquery is planned, so their expressions are not
 * computed for every row. Besides the work saved, this is visible: an expression that would fail when run (a scalar
 * subquery returning more than one row, a division by zero) does not fail when nothing reads it, as in PostgreSQL.
 * Kept: columns read anywhere in the query (at any nesting depth, or by a whole-row reference), those the
 * subquery sorts, groups, partitions or de-duplicates by, expressions with volatile functions, aggregates, window
 * functions or set-returning functions, and every column of a set operation or a DISTINCT subquery.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;

final class UnusedOutputs {

    private UnusedOutputs() {
    }

    /** {@code sub}, range-table entry {@code index} of {@code parent}, with the outputs nothing reads made NULL. */
    static Query remove(Query sub, Query parent, int index) {
        if (sub.setOperations() != null || sub.distinct() != null || !sub.targetSetFunctions().isEmpty()
                || sub.modify() != null) {
            return sub;
        }
        BitSet used = new BitSet();
        boolean[] wholeRow = {false};
        QueryTrees.walk(parent, 0, (x, depth) -> {
            if (x instanceof Expr.Var v && v.levelsUp() == depth && v.varno() == index) {
                if (v.attno() < 0) {
                    wholeRow[0] = true;
                } else {
                    used.set(v.attno());
                }
            }
        });
        if (wholeRow[0]) {
            return sub;
        }
        BitSet keys = new BitSet();
        sub.groupBy().forEach(keys::set);
        sub.sortClause().forEach(s -> keys.set(s.target()));
        List<Query.TargetEntry> targets = new ArrayList<>(sub.targetList());
        boolean changed = false;
        for (int i = 0; i < targets.size(); i++) {
            Query.TargetEntry t = targets.get(i);
            if (used.get(i) || keys.get(i) || t.junk() || t.expr() instanceof Expr.Const || !removable(t.expr())) {
                continue;
            }
            targets.set(i, new Query.TargetEntry(new Expr.Const(t.expr().type(), null, -1), t.name(), false));
            changed = true;
        }
        return changed ? sub.withTargetList(targets) : sub;
    }

    /** No volatile function, aggregate, window function or set-returning function anywhere in {@code e}. */
    private static boolean removable(Expr e) {
        if (SublinkPullUp.volatileIn(e)) {
            return false;
        }
        boolean[] kept = {false};
        ExprTrees.walk(e, x -> kept[0] |= x instanceof Expr.Aggref || x instanceof Expr.WindowFunc
                || x instanceof Expr.SetFunction);
        return !kept[0];
    }
}
