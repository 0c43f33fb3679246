/*
 * Pulls EXISTS / NOT EXISTS / IN sublinks of a query's top-level WHERE up into semi and anti joins, as
 * PostgreSQL's prepjointree.c pull_up_sublinks does with convert_EXISTS_sublink_to_join and
 * convert_ANY_sublink_to_join (subselect.c). The subquery's range table is appended to the parent's; its Vars are
 * renumbered (OffsetVarNodes) and references to the parent lose one level (IncrementVarSublevelsUp by -1), in
 * every nested query too. The result is the same Query with a jointree of nested JoinExprs of kind SEMI or ANTI:
 * their left side is the original FROM (and the WHERE quals left), their right side the subquery's FROM, their
 * quals the subquery's WHERE (and, for IN, the comparison with the subquery's output expression).
 * Rules as PostgreSQL 15's:
 *  - EXISTS: the subquery is a plain SELECT (no set operation, aggregate, HAVING, window function, set-returning
 *    target, OFFSET, LIMIT other than a positive constant, WITH, FOR UPDATE) with a FROM, and its WHERE is
 *    correlated (reads the parent) while the rest of it does not; no volatile function in the WHERE.
 *  - x IN (subquery) (= ANY): the subquery is uncorrelated and simple enough to flatten (no DISTINCT, GROUP BY,
 *    LIMIT either), the comparison reads the parent and is not volatile.
 *  - NOT IN stays a SubPlan (its null semantics are not an anti join); the planner hashes it when uncorrelated.
 * Sublinks inside the pulled-up WHERE that only read the subquery's own relations are pulled up in turn.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.utils.HashKeys;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.QueryTrees;

final class SublinkPullUp {
    private static final Set<String> VOLATILE = Set.of("random", "nextval", "setval", "clock_timestamp",
            "timeofday", "gen_random_uuid", "txid_current", "pg_sleep");

    private SublinkPullUp() {
    }

    /** {@code q} with its top-level WHERE's EXISTS/IN sublinks pulled up into semi/anti joins; {@code q} if none. */
    static Query apply(Query q) {
        // FOR UPDATE locks the rows of the query's own FROM tables only: its sublinks stay subplans here (PostgreSQL
        // pulls them up and leaves their relations unlocked)
        if (q.setOperations() != null || q.jointree().items().isEmpty() || q.jointree().quals() == null
                || q.rowMarks() != null) {
            return q;
        }
        List<Query.RangeEntry> rangeTable = new ArrayList<>(q.rangeTable());
        BitSet available = new BitSet();
        for (int i = 1; i <= rangeTable.size(); i++) {
            available.set(i);
        }
        List<Expr> quals = new ArrayList<>();
        Planner.conjuncts(q.jointree().quals(), quals);
        List<Expr> kept = new ArrayList<>();
        List<Query.JoinExpr> joins = new ArrayList<>();
        pullUp(quals, available, rangeTable, kept, joins);
        if (joins.isEmpty()) {
            return q;
        }
        Query.JoinNode tree = new Query.FromExpr(q.jointree().items(), Planner.and(kept));
        for (Query.JoinExpr j : joins) {
            tree = new Query.JoinExpr(j.kind(), tree, j.right(), j.quals(), 0);
        }
        return new Query(List.copyOf(rangeTable), new Query.FromExpr(List.of(tree), null), q.targetList(),
                q.groupBy(), q.having(), q.hasAggs(), q.aggregates(), q.windowFuncs(), q.windows(), q.sortClause(),
                q.distinct(), q.limitCount(), q.limitOffset(), q.setOperations(), q.ctes(), q.rowMarks(),
                q.targetSetFunctions());
    }

    /**
     * Converts what it can of {@code quals} (whose parent references must lie in {@code available}) into semi/anti
     * joins (right side and quals only; the caller stacks them), appending the subqueries' entries to
     * {@code rangeTable}; the rest goes to {@code kept}.
     */
    private static void pullUp(List<Expr> quals, BitSet available, List<Query.RangeEntry> rangeTable,
                               List<Expr> kept, List<Query.JoinExpr> joins) {
        List<Expr> work = new ArrayList<>(quals);
        for (int i = 0; i < work.size(); i++) {
            Expr qual = work.get(i);
            Query.JoinExpr j = null;
            List<Expr> hoisted = new ArrayList<>();
            if (qual instanceof Expr.SubQuery s && s.kind() == Expr.SubQueryKind.EXISTS) {
                j = exists(s, Query.JoinKind.SEMI, available, rangeTable, hoisted);
            } else if (qual instanceof Expr.Not n && n.arg() instanceof Expr.SubQuery s
                    && s.kind() == Expr.SubQueryKind.EXISTS) {
                j = exists(s, Query.JoinKind.ANTI, available, rangeTable, hoisted);
            } else if (qual instanceof Expr.SubQuery s && s.kind() == Expr.SubQueryKind.ANY) {
                j = any(s, available, rangeTable, hoisted);
            }
            if (j == null) {
                kept.add(qual);
            } else {
                joins.add(j);
                // a semi join's quals that do not read the subquery filter the outer side: try them again here
                work.addAll(hoisted);
            }
        }
    }

    private static Query.JoinExpr exists(Expr.SubQuery s, Query.JoinKind kind, BitSet available,
                                         List<Query.RangeEntry> rangeTable, List<Expr> hoisted) {
        Query sub = s.query();
        if (!plainSelect(sub) || sub.jointree().quals() == null) {
            return null;
        }
        if (sub.limitCount() != null && !(sub.limitCount() instanceof Expr.Const c
                && c.value() instanceof Number n && n.longValue() > 0)) {
            return null;
        }
        Expr where = sub.jointree().quals();
        if (!refersTo(where, 1) || refersTo(sub.rangeTable(), 1) || refersTo(sub.jointree().items(), 1)
                || volatileIn(where)) {
            return null;
        }
        BitSet parentRefs = varnos(where, 1);
        if (!Planner.subset(parentRefs, available)) {
            return null;
        }
        return join(kind, sub, List.of(), where, rangeTable.size(), rangeTable, hoisted);
    }

    private static Query.JoinExpr any(Expr.SubQuery s, BitSet available, List<Query.RangeEntry> rangeTable,
                                      List<Expr> hoisted) {
        Query sub = s.query();
        if (!plainSelect(sub) || sub.limitCount() != null || sub.distinct() != null || !sub.groupBy().isEmpty()
                || refersTo(sub, 1) || s.test() == null || volatileIn(s.test())) {
            return null;
        }
        for (Query.TargetEntry t : sub.targetList()) {
            if (volatileIn(t.expr())) {
                return null;
            }
        }
        boolean[] unsupported = {false};
        ExprTrees.walk(s.test(), x -> unsupported[0] |= x instanceof Expr.SubQuery);
        BitSet own = varnos(s.test(), 0);
        if (unsupported[0] || own.isEmpty() || !Planner.subset(own, available)) {
            return null;
        }
        int offset = rangeTable.size();
        List<Query.TargetEntry> targets = sub.targetList();
        Expr test = replaceColumns(s.test(), targets, offset);
        return join(Query.JoinKind.SEMI, sub, List.of(test), sub.jointree().quals(), offset, rangeTable, hoisted);
    }

    /**
     * Appends {@code sub}'s entries at {@code offset} and builds the join over its FROM; its quals are
     * {@code ready} (already renumbered) and the conjuncts of {@code where} (the subquery's WHERE) renumbered.
     */
    private static Query.JoinExpr join(Query.JoinKind kind, Query sub, List<Expr> ready, Expr where, int offset,
                                       List<Query.RangeEntry> rangeTable, List<Expr> hoisted) {
        for (Query.RangeEntry e : sub.rangeTable()) {
            rangeTable.add((Query.RangeEntry) adjust(e, 0, offset));
        }
        @SuppressWarnings("unchecked")
        List<Query.JoinNode> items = (List<Query.JoinNode>) adjust(sub.jointree().items(), 0, offset);
        List<Expr> quals = new ArrayList<>(ready);
        Planner.conjuncts((Expr) adjust(where, 0, offset), quals);
        // sublinks of the pulled-up WHERE that read only the subquery's relations become joins inside it
        BitSet subRels = new BitSet();
        for (int i = offset + 1; i <= offset + sub.rangeTable().size(); i++) {
            subRels.set(i);
        }
        List<Expr> joinQuals = new ArrayList<>();
        List<Expr> local = new ArrayList<>();
        for (Expr q : quals) {
            BitSet refs = varnos(q, 0);
            if (!refs.isEmpty() && Planner.subset(refs, subRels)) {
                local.add(q);
            } else if (kind == Query.JoinKind.SEMI && !refs.intersects(subRels)) {
                hoisted.add(q);
            } else {
                joinQuals.add(q);
            }
        }
        List<Expr> kept = new ArrayList<>();
        List<Query.JoinExpr> nested = new ArrayList<>();
        pullUp(local, subRels, rangeTable, kept, nested);
        Query.JoinNode right = new Query.FromExpr(items, null);
        if (!nested.isEmpty()) {
            for (Query.JoinExpr n : nested) {
                right = new Query.JoinExpr(n.kind(), right, n.right(), n.quals(), 0);
            }
            right = new Query.FromExpr(List.of(right), null);
        }
        joinQuals.addAll(kept);
        return new Query.JoinExpr(kind, null, right, Planner.and(joinQuals), 0);
    }

    /**
     * A correlated EXISTS whose correlation is only equalities {@code inner = outer} (convert_EXISTS_to_ANY): the
     * same question as an uncorrelated subquery returning the inner sides, probed with the outer sides, so that it
     * can be hashed. Returns an EXISTS SubQuery whose query selects the inner expressions (the other quals kept as
     * its WHERE), whose {@code left} are the outer expressions (now of this level) and whose {@code test} is
     * {@code outer_i = column_i} ANDed; null when the subquery does not have that shape.
     */
    static Expr.SubQuery hashableExists(Expr.SubQuery s) {
        Query sub = s.query();
        if (s.kind() != Expr.SubQueryKind.EXISTS || !plainSelect(sub) || sub.limitCount() != null
                || sub.jointree().quals() == null || refersAbove(sub.rangeTable()) || refersAbove(sub.jointree().items())) {
            return null;
        }
        List<Expr> quals = new ArrayList<>();
        Planner.conjuncts(sub.jointree().quals(), quals);
        List<Expr> local = new ArrayList<>();
        List<Query.TargetEntry> targets = new ArrayList<>();
        List<Expr> outer = new ArrayList<>();
        List<Expr> tests = new ArrayList<>();
        for (Expr q : quals) {
            if (!refersAbove(q)) {
                local.add(q);
                continue;
            }
            if (!(q instanceof Expr.Call c) || !c.name().equals("=") || c.args().size() != 2 || volatileIn(q)) {
                return null;
            }
            Expr a = c.args().get(0);
            Expr b = c.args().get(1);
            if (refersAbove(b) && !refersAbove(a)) {
                Expr t = a;
                a = b;
                b = t;
            }
            // a: reads only outer levels; b: reads nothing outside the subquery
            if (refersAbove(b) || !varnos(a, 0).isEmpty() || a.type() != b.type() || !HashKeys.hashable(a.type())
                    || containsSubQuery(a) || containsSubQuery(b)) {
                return null;
            }
            Expr probe = (Expr) adjust(a, 0, 0);
            Expr.SubQueryColumn column = new Expr.SubQueryColumn(targets.size(), b.type());
            targets.add(new Query.TargetEntry(b, "?column?", false));
            outer.add(probe);
            tests.add(new Expr.Call(c.name(), c.type(), List.of(probe, column), c.strict(), c.implementation()));
        }
        if (targets.isEmpty()) {
            return null;
        }
        Query hashed = new Query(sub.rangeTable(),
                new Query.FromExpr(sub.jointree().items(), Planner.and(local)), targets,
                List.of(), null, false, List.of(), List.of(), List.of(), List.of(), null, null, null, null, List.of(),
                null, List.of());
        return new Expr.SubQuery(Expr.SubQueryKind.EXISTS, hashed, outer, Planner.and(tests), s.type(), s.location());
    }

    /** Does {@code node} read a Var of any query level above it? */
    private static boolean refersAbove(Object node) {
        boolean[] found = {false};
        walk(node, 0, (x, depth) -> found[0] |= x instanceof Expr.Var v && v.levelsUp() > depth
                || x instanceof Expr.OuterAggref a && a.levelsUp() > depth);
        return found[0];
    }

    private static boolean containsSubQuery(Expr e) {
        boolean[] found = {false};
        ExprTrees.walk(e, x -> found[0] |= x instanceof Expr.SubQuery);
        return found[0];
    }

    /** A SELECT that could be flattened into its parent's FROM. */
    private static boolean plainSelect(Query sub) {
        return sub.setOperations() == null && !sub.hasAggs() && sub.having() == null && sub.windowFuncs().isEmpty()
                && sub.targetSetFunctions().isEmpty() && sub.limitOffset() == null && sub.ctes().isEmpty()
                && sub.rowMarks() == null && !sub.jointree().items().isEmpty();
    }

    /** The test with each SubQueryColumn replaced by the subquery's (renumbered) output expression. */
    private static Expr replaceColumns(Expr test, List<Query.TargetEntry> targets, int offset) {
        if (test instanceof Expr.SubQueryColumn c) {
            return (Expr) adjust(targets.get(c.index()).expr(), 0, offset);
        }
        return ExprTrees.map(test, x -> replaceColumns(x, targets, offset));
    }

    static boolean volatileIn(Expr e) {
        boolean[] found = {false};
        walk(e, 0, (x, depth) -> found[0] |= x instanceof Expr.Call c && VOLATILE.contains(c.name()));
        return found[0];
    }

    // ---------------------------------------------------------------- deep walks over query trees

    /** Does {@code node} (at query depth 0) read a Var {@code level} levels above it, at any nesting? */
    static boolean refersTo(Object node, int level) {
        boolean[] found = {false};
        walk(node, 0, (x, depth) -> found[0] |= x instanceof Expr.Var v && v.levelsUp() == level + depth
                || x instanceof Expr.OuterAggref a && a.levelsUp() == level + depth);
        return found[0];
    }

    /** The range-table indexes of level {@code level} (relative to {@code node}) that {@code node} reads. */
    static BitSet varnos(Object node, int level) {
        BitSet ids = new BitSet();
        walk(node, 0, (x, depth) -> {
            if (x instanceof Expr.Var v && v.levelsUp() == level + depth) {
                ids.set(v.varno());
            }
        });
        return ids;
    }

    /** The columns (attnos) of entry {@code varno} of the level {@code node} belongs to that it reads anywhere. */
    static java.util.Set<Integer> columnsOf(Object node, int varno) {
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        walk(node, 0, (x, depth) -> {
            if (x instanceof Expr.Var v && v.levelsUp() == depth && v.varno() == varno) {
                columns.add(v.attno());
            }
        });
        return columns;
    }

    private static void walk(Object node, int depth, QueryTrees.Visitor visitor) {
        QueryTrees.walk(node, depth, visitor);
    }

    /**
     * {@code node} (of the subquery, {@code depth} query levels below it) with the subquery's Vars moved by
     * {@code offset} and references beyond the subquery one level nearer (OffsetVarNodes and
     * IncrementVarSublevelsUp by -1).
     */
    static Object adjust(Object node, int depth, int offset) {
        return QueryTrees.rewrite(node, depth, new QueryTrees.Rewriter() {
            @Override
            public Object rewrite(Object x, int d) {
                return switch (x) {
                    case Expr.Var v when v.levelsUp() == d -> new Expr.Var(v.varno() + offset, v.attno(),
                            v.levelsUp(), v.type(), v.typmod(), v.name(), v.location());
                    case Expr.Var v when v.levelsUp() > d -> new Expr.Var(v.varno(), v.attno(), v.levelsUp() - 1,
                            v.type(), v.typmod(), v.name(), v.location());
                    case Expr.Var v -> v;
                    case Expr.OuterAggref a when a.levelsUp() > d -> new Expr.OuterAggref(a.levelsUp() - 1,
                            a.index(), a.type(), a.typmod(), a.name());
                    case Query.RangeRef r when d == 0 -> new Query.RangeRef(r.index() + offset);
                    case Query.JoinExpr j when d == 0 -> new Query.JoinExpr(j.kind(),
                            (Query.JoinNode) QueryTrees.rewrite(j.left(), d, this),
                            (Query.JoinNode) QueryTrees.rewrite(j.right(), d, this),
                            (Expr) QueryTrees.rewrite(j.quals(), d, this), j.index() == 0 ? 0 : j.index() + offset);
                    case Query.CteEntry c when c.levelsUp() > d -> new Query.CteEntry(c.cteName(), c.levelsUp() - 1,
                            c.selfReference(), c.alias(), c.columnNames(), c.columnTypes(), c.columnTypmods());
                    default -> null;
                };
            }
        });
    }
}
