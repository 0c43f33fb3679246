/*
 * The planner, PostgreSQL's optimizer/ much reduced: turns a Query into a Plan tree.
 *  1. WITH queries are planned once each (CteScan reads their rows; WITH RECURSIVE is a RecursiveUnion).
 *  2. The join tree: FROM items and inner JOINs form one list of units (an outer JOIN is one unit, its two sides
 *     planned apart); each base unit gets its restriction quals and an access path (an index range scan when a
 *     qual bounds an index's leading columns, else a sequential scan); then units are joined greedily, cheapest
 *     connected unit first (LATERAL ones only after what they reference), each join by a hash join on its
 *     equality quals, an index nested loop (the inner index scan parameterized by the outer row), or a nested
 *     loop, whichever the small cost model (rows from the table's statistics, PostgreSQL's default
 *     selectivities) finds cheaper. Quals are applied as low as their relations allow.
 *  3. Grouping (Agg, hashed), HAVING, window functions (WindowAgg per window), the target list (Project),
 *     DISTINCT, ORDER BY (Sort) and LIMIT, as grouping_planner orders them; set operations as Append, hashed
 *     distinct and SetOp.
 * Expressions are fixed to their node's input rows as setrefs.c does: a Var becomes the position of its column
 * in the node's input; a Var of an outer query level, or of the outer side of a parameterized nested loop,
 * becomes an ExecParam slot set by whoever owns that row; a SubQuery becomes a SubPlan with its own plan.
 * What it cannot plan yet throws Unsupported. Not here: semi/anti-join pull-up of EXISTS/IN, merge joins,
 * join order search beyond greedy, FOR UPDATE.
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import osgres.storage.IndexDef;
import osgres.storage.TableDef;

final class Planner {
    private static final double DEFAULT_EQ_SEL = 0.005;
    private static final double DEFAULT_INEQ_SEL = 1.0 / 3;
    private static final double CPU_TUPLE_COST = 0.01;
    private static final double CPU_OPERATOR_COST = 0.0025;
    private static final double ROWS_PER_PAGE = 100;

    private final ToDoubleFunction<TableDef> tableRows;
    private final Expr.SubPlanRunner subPlanRunner;
    private final List<Plan> ctePlans = new ArrayList<>();
    /** The quals each index scan applies (its indexCond is their EXPLAIN form), by identity of the scan. */
    private final Map<Plan, Expr> usedQuals = new java.util.IdentityHashMap<>();
    private int slots;

    private Planner(ToDoubleFunction<TableDef> tableRows, Expr.SubPlanRunner subPlanRunner) {
        this.tableRows = tableRows;
        this.subPlanRunner = subPlanRunner;
    }

    /** Plans a top-level query; {@code tableRows} estimates a table's row count. */
    static Plan.Statement plan(Query q, ToDoubleFunction<TableDef> tableRows, Expr.SubPlanRunner runner) {
        Planner p = new Planner(tableRows, runner);
        Level top = new Level(null, q);
        Plan plan = p.planQuery(q, top);
        int visible = q.visibleCount();
        plan = stripJunk(plan, visible);
        return new Plan.Statement(plan, List.copyOf(p.ctePlans), p.slots, visible);
    }

    // ---------------------------------------------------------------- query levels and parameters

    /** A column of a range-table entry, as a layout key. */
    private record VarKey(int varno, int attno) {
    }

    /** An ExecParam slot this level's plan reads that an outer level ({@code owner}) must set. */
    private record Need(Level owner, VarKey var, int slot, PgType type, int typmod, String name) {
    }

    /** One query level being planned (PlannerInfo): its Query, WITH queries, and parameter bookkeeping. */
    private static final class Level {
        final Level parent;
        final Query query;
        /** Slots for this level's columns read by inner levels or parameterized scans. */
        final Map<VarKey, Integer> ownedSlots = new HashMap<>();
        final List<Need> needs = new ArrayList<>();
        final Map<String, Integer> cteIds = new HashMap<>();
        /** While planning one unit: the lateral references it makes to other units of this level. */
        List<Need> lateral;
        BitSet lateralOwn;

        Level(Level parent, Query query) {
            this.parent = parent;
            this.query = query;
        }

        Level up(int levels) {
            Level l = this;
            for (int i = 0; i < levels; i++) {
                l = l.parent;
            }
            return l;
        }
    }

    private int slotFor(Level owner, VarKey key) {
        return owner.ownedSlots.computeIfAbsent(key, k -> slots++);
    }

    /** Where each column of a node's rows comes from: a Var, or an upper expression (group key, aggregate). */
    private static final class Layout {
        final List<Object> keys;

        Layout(List<Object> keys) {
            this.keys = keys;
        }

        static Layout concat(Layout a, Layout b) {
            List<Object> k = new ArrayList<>(a.keys);
            k.addAll(b.keys);
            return new Layout(k);
        }

        int indexOfVar(VarKey v) {
            return keys.indexOf(v);
        }

        int indexOfExpr(Expr e) {
            for (int i = 0; i < keys.size(); i++) {
                Object k = keys.get(i);
                if (k == e || (k instanceof Expr ke && !(e instanceof Expr.Aggref) && !(e instanceof Expr.WindowFunc)
                        && !(e instanceof Expr.SetFunction) && ExprTrees.same(ke, e))) {
                    return i;
                }
            }
            return -1;
        }

        boolean hasUpperKeys() {
            for (Object k : keys) {
                if (k instanceof Expr) {
                    return true;
                }
            }
            return false;
        }
    }

    /** setrefs: {@code e} with Vars resolved against {@code layout} (and parameters), SubQueries planned. */
    private Expr fix(Expr e, Layout layout, Level level) {
        if (e == null) {
            return null;
        }
        if (layout.hasUpperKeys()) {
            int i = layout.indexOfExpr(e);
            if (i >= 0) {
                return new Expr.ColumnRef(0, i, e.type(), e.typmod(), display(e, level));
            }
        }
        return switch (e) {
            case Expr.Var v when v.levelsUp() == 0 -> {
                int i = layout.indexOfVar(new VarKey(v.varno(), v.attno()));
                if (i >= 0) {
                    yield new Expr.ColumnRef(0, i, v.type(), v.typmod(), qualifiedName(v, level));
                }
                if (level.lateral != null && !level.lateralOwn.get(v.varno())) {
                    // a column of another unit of this level: a parameter its nested loop sets
                    VarKey key = new VarKey(v.varno(), v.attno());
                    int slot = slotFor(level, key);
                    Need n = new Need(level, key, slot, v.type(), v.typmod(), v.name());
                    if (!level.lateral.contains(n)) {
                        level.lateral.add(n);
                    }
                    yield new Expr.ExecParam(slot, v.type(), v.typmod());
                }
                throw new IllegalStateException("column " + v.name() + " is not in the node's input");
            }
            case Expr.Var v -> {
                Level owner = level.up(v.levelsUp());
                VarKey key = new VarKey(v.varno(), v.attno());
                int slot = slotFor(owner, key);
                Need n = new Need(owner, key, slot, v.type(), v.typmod(), v.name());
                if (!level.needs.contains(n)) {
                    level.needs.add(n);
                }
                yield new Expr.ExecParam(slot, v.type(), v.typmod());
            }
            case Expr.Aggref a -> throw new IllegalStateException("aggregate outside an Agg");
            case Expr.WindowFunc w -> throw new IllegalStateException("window function outside a WindowAgg");
            case Expr.SubQuery s -> subPlan(s, layout, level);
            default -> ExprTrees.map(e, c -> fix(c, layout, level));
        };
    }

    /** "alias.column", as EXPLAIN names a column. */
    private static String qualifiedName(Expr.Var v, Level level) {
        Query.RangeEntry entry = level.up(v.levelsUp()).query.rangeTable().get(v.varno() - 1);
        return entry.alias() == null ? v.name() : entry.alias() + "." + v.name();
    }

    /** The text EXPLAIN shows for an upper expression (a group key, an aggregate) that a column now holds. */
    private static String display(Expr e, Level level) {
        if (e instanceof Expr.Var v) {
            return qualifiedName(v, level);
        }
        Expr named = rename(e, level);
        return "(" + new ExprDeparser(true, TypeIo.OutputSettings.DEFAULT, Map.of()).deparse(named) + ")";
    }

    /** {@code e} for EXPLAIN only: columns named "alias.column", {@code fixed} subexpressions as already fixed. */
    private static Expr displayed(Expr e, Map<Expr, Expr> fixed, Level level) {
        Expr f = fixed.get(e);
        if (f != null) {
            return f;
        }
        if (e instanceof Expr.Var v) {
            return new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), qualifiedName(v, level));
        }
        return ExprTrees.map(e, c -> displayed(c, fixed, level));
    }

    private static Expr rename(Expr e, Level level) {
        if (e instanceof Expr.Var v) {
            return new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), qualifiedName(v, level));
        }
        return ExprTrees.map(e, c -> rename(c, level));
    }

    private List<Expr> fixAll(List<Expr> exprs, Layout layout, Level level) {
        List<Expr> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(fix(e, layout, level));
        }
        return out;
    }

    /** A SubQuery becomes a SubPlan: its own plan, and the parameters this level passes it per evaluation. */
    private Expr subPlan(Expr.SubQuery s, Layout layout, Level level) {
        Level child = new Level(level, s.query());
        Plan plan = planQuery(s.query(), child);
        List<Integer> argSlots = new ArrayList<>();
        List<Expr> args = new ArrayList<>();
        passNeeds(child, level, layout, argSlots, args);
        Expr test = s.test() == null ? null : fix(s.test(), layout, level);
        return new Expr.SubPlan(s.kind(), plan, argSlots, args, test, s.type(), subPlanRunner);
    }

    /**
     * After planning {@code child}: the parameters it needs from {@code level} are set from {@code layout}'s row
     * (as {@code slots}/{@code values}); the ones owned further out become this level's needs.
     */
    private void passNeeds(Level child, Level level, Layout layout, List<Integer> slots, List<Expr> values) {
        for (Need n : child.needs) {
            if (n.owner() == level) {
                slots.add(n.slot());
                values.add(fix(new Expr.Var(n.var().varno(), n.var().attno(), 0, n.type(), n.typmod(), n.name()),
                        layout, level));
            } else if (!level.needs.contains(n)) {
                level.needs.add(n);
            }
        }
    }

    // ---------------------------------------------------------------- a query level

    private Plan planQuery(Query q, Level level) {
        if (q.rowMarks() != null) {
            throw Unsupported.of("FOR UPDATE/SHARE");
        }
        for (Query.CommonTable cte : q.ctes()) {
            planCte(cte, level);
        }
        if (q.setOperations() != null) {
            return planSetOperation(q, level);
        }
        Rel rel;
        Query.FromExpr from = q.jointree();
        List<Expr> quals = new ArrayList<>();
        conjuncts(from.quals(), quals);
        List<Expr> gating = from.items().isEmpty() ? List.of() : gatingQuals(quals);
        quals.removeIf(qual -> gating.stream().anyMatch(g -> g == qual));
        if (from.items().isEmpty()) {
            rel = null;
        } else {
            rel = joinTree(from.items(), quals, level);
        }
        Plan plan;
        Layout layout;
        if (rel == null) {
            // SELECT without FROM: one row; WHERE is its filter (a Result with a one-time filter)
            Layout empty = new Layout(new ArrayList<>());
            Expr filter = quals.isEmpty() ? null : fix(and(quals), empty, level);
            plan = new Plan.Result(List.of(), filter, 0, 1, 0.01);
            layout = empty;
        } else {
            plan = rel.plan;
            layout = rel.layout;
            if (!gating.isEmpty()) {
                plan = new Plan.Gate(plan, fix(and(gating), new Layout(new ArrayList<>()), level), plan.width(),
                        plan.rows(), plan.cost());
            }
        }
        // grouping
        if (q.hasAggs()) {
            List<Expr> groupExprs = new ArrayList<>();
            for (int g : q.groupBy()) {
                groupExprs.add(q.targetList().get(g).expr());
            }
            List<Expr> keys = fixAll(groupExprs, layout, level);
            List<Plan.AggCall> calls = new ArrayList<>();
            for (Expr.Aggref a : q.aggregates()) {
                List<Expr.OrderKey> order = new ArrayList<>();
                for (Expr.OrderKey k : a.order()) {
                    order.add(new Expr.OrderKey(fix(k.expr(), layout, level), k.descending(), k.nullsFirst()));
                }
                calls.add(new Plan.AggCall(a.aggregate(), fixAll(a.args(), layout, level), a.star(), a.distinct(),
                        fix(a.filter(), layout, level), order));
            }
            double groups = keys.isEmpty() ? 1 : Math.max(1, Math.min(plan.rows(), 200));
            Plan.AggStrategy strategy = keys.isEmpty() ? Plan.AggStrategy.PLAIN : Plan.AggStrategy.HASHED;
            plan = new Plan.Agg(strategy, plan, keys, calls, keys.size() + calls.size(), groups,
                    plan.cost() + plan.rows() * CPU_OPERATOR_COST * (1 + calls.size()));
            List<Object> upper = new ArrayList<>(groupExprs);
            upper.addAll(q.aggregates());
            layout = new Layout(upper);
            if (q.having() != null) {
                Expr having = fix(q.having(), layout, level);
                plan = new Plan.Filter(plan, having, plan.width(), Math.max(1, plan.rows() / 3), plan.cost());
            }
        }
        // window functions, one WindowAgg per window
        for (int w = 0; w < q.windows().size(); w++) {
            Query.WindowSpec spec = q.windows().get(w);
            List<Plan.WindowCall> calls = new ArrayList<>();
            List<Object> added = new ArrayList<>();
            for (Expr.WindowFunc f : q.windowFuncs()) {
                if (f.window() == w) {
                    calls.add(new Plan.WindowCall(f.function(), fixAll(f.args(), layout, level),
                            fix(f.filter(), layout, level)));
                    added.add(f);
                }
            }
            if (calls.isEmpty()) {
                continue;
            }
            List<Expr.OrderKey> order = new ArrayList<>();
            for (Expr.OrderKey k : spec.orderBy()) {
                order.add(new Expr.OrderKey(fix(k.expr(), layout, level), k.descending(), k.nullsFirst()));
            }
            Query.Frame frame = spec.frame();
            Query.Frame fixedFrame = new Query.Frame(frame.unit(), frame.start(), fix(frame.startOffset(), layout,
                    level), frame.end(), fix(frame.endOffset(), layout, level), frame.exclusion());
            plan = new Plan.WindowAgg(plan, fixAll(spec.partitionBy(), layout, level), order, fixedFrame, calls,
                    plan.width() + calls.size(), plan.rows(), plan.cost() + plan.rows() * CPU_OPERATOR_COST * 2);
            List<Object> keys = new ArrayList<>(layout.keys);
            keys.addAll(added);
            layout = new Layout(keys);
        }
        // set-returning functions of the target list
        if (!q.targetSetFunctions().isEmpty()) {
            List<Expr.SetFunction> functions = new ArrayList<>();
            Layout input = layout;
            for (Expr.SetFunction f : q.targetSetFunctions()) {
                functions.add((Expr.SetFunction) ExprTrees.map(f, c -> fix(c, input, level)));
            }
            plan = new Plan.ProjectSet(plan, functions, plan.width() + functions.size(), plan.rows() * 10,
                    plan.cost() + plan.rows() * CPU_OPERATOR_COST * 10);
            List<Object> keys = new ArrayList<>(layout.keys);
            keys.addAll(q.targetSetFunctions());
            layout = new Layout(keys);
        }
        // the target list
        List<Expr> targets = new ArrayList<>();
        for (Query.TargetEntry t : q.targetList()) {
            targets.add(fix(t.expr(), layout, level));
        }
        plan = new Plan.Project(plan, targets, targets.size(), plan.rows(), plan.cost()
                + plan.rows() * CPU_OPERATOR_COST * targets.size());
        // DISTINCT, ORDER BY, LIMIT
        int visible = q.visibleCount();
        if (q.distinct() != null && q.distinct().all()) {
            List<Integer> columns = new ArrayList<>();
            List<PgType> types = new ArrayList<>();
            for (int i = 0; i < visible; i++) {
                columns.add(i);
                types.add(targets.get(i).type());
            }
            plan = new Plan.HashDistinct(plan, columns, types, plan.width(), Math.max(1, plan.rows() / 2),
                    plan.cost() + plan.rows() * CPU_OPERATOR_COST);
            plan = sort(plan, q.sortClause(), targets);
        } else if (q.distinct() != null) {
            List<Query.SortClause> order = new ArrayList<>(q.sortClause());
            for (int on : q.distinct().on()) {
                boolean present = false;
                for (Query.SortClause c : order) {
                    present |= c.target() == on;
                }
                if (!present) {
                    order.add(new Query.SortClause(on, false, false));
                }
            }
            plan = sort(plan, order, targets);
            List<Plan.SortKey> keys = sortKeys(order.subList(0, q.distinct().on().size()), targets);
            plan = new Plan.Unique(plan, keys, plan.width(), Math.max(1, plan.rows() / 2), plan.cost());
        } else {
            plan = sort(plan, q.sortClause(), targets);
        }
        return limit(plan, q, level);
    }

    /** LIMIT/OFFSET over {@code plan} (their expressions read no row: constants and parameters). */
    private Plan limit(Plan plan, Query q, Level level) {
        if (q.limitCount() == null && q.limitOffset() == null) {
            return plan;
        }
        Layout none = new Layout(new ArrayList<>());
        return new Plan.Limit(plan, fix(q.limitCount(), none, level), fix(q.limitOffset(), none, level),
                plan.width(), Math.min(plan.rows(), 100), plan.cost());
    }

    private Plan sort(Plan plan, List<Query.SortClause> clauses, List<Expr> targets) {
        if (clauses.isEmpty()) {
            return plan;
        }
        double n = Math.max(2, plan.rows());
        return new Plan.Sort(plan, sortKeys(clauses, targets), plan.width(), plan.rows(),
                plan.cost() + 2 * CPU_OPERATOR_COST * n * Math.log(n) / Math.log(2));
    }

    private static List<Plan.SortKey> sortKeys(List<Query.SortClause> clauses, List<Expr> targets) {
        List<Plan.SortKey> keys = new ArrayList<>();
        for (Query.SortClause c : clauses) {
            keys.add(new Plan.SortKey(c.target(), targets.get(c.target()).type(), c.descending(), c.nullsFirst()));
        }
        return keys;
    }

    /** A plan's rows cut to their first {@code visible} columns (resjunk sort keys dropped). */
    private static Plan stripJunk(Plan plan, int visible) {
        if (plan.width() <= visible) {
            return plan;
        }
        List<Expr> columns = new ArrayList<>();
        for (int i = 0; i < visible; i++) {
            columns.add(new Expr.ColumnRef(0, i, PgType.TEXT, -1, ""));
        }
        return new Plan.Project(plan, columns, visible, plan.rows(), plan.cost());
    }

    // ---------------------------------------------------------------- WITH

    private void planCte(Query.CommonTable cte, Level level) {
        int id = ctePlans.size();
        ctePlans.add(null);
        Level child = new Level(level, cte.query());
        Plan plan = stripJunk(planQuery(cte.query(), child), cte.columnNames().size());
        if (cte.recursive()) {
            level.cteIds.put(cte.name(), id);
            Level recursiveLevel = new Level(level, cte.recursiveTerm());
            Plan recursive = stripJunk(planQuery(cte.recursiveTerm(), recursiveLevel), cte.columnNames().size());
            if (!recursiveLevel.needs.isEmpty()) {
                throw Unsupported.of("correlated WITH queries");
            }
            plan = new Plan.RecursiveUnion(id, plan, recursive, cte.unionAll(), cte.columnTypes(),
                    cte.columnNames().size(), plan.rows() * 10, plan.cost() * 10 + recursive.cost() * 10);
        }
        if (!child.needs.isEmpty()) {
            throw Unsupported.of("correlated WITH queries");
        }
        ctePlans.set(id, plan);
        level.cteIds.put(cte.name(), id);
    }

    // ---------------------------------------------------------------- set operations

    private Plan planSetOperation(Query q, Level level) {
        Plan plan = setOpPlan(q.setOperations(), q, level);
        List<Expr> targets = new ArrayList<>();
        for (Query.TargetEntry t : q.targetList()) {
            Expr.Var v = (Expr.Var) t.expr();
            targets.add(new Expr.ColumnRef(0, v.attno(), v.type(), v.typmod(), v.name()));
        }
        plan = sort(plan, q.sortClause(), targets);
        return limit(plan, q, level);
    }

    private Plan setOpPlan(Query.SetOperation op, Query q, Level level) {
        return switch (op) {
            case Query.SetLeaf leaf -> {
                Query.SubqueryEntry e = (Query.SubqueryEntry) q.rangeTable().get(leaf.rangeIndex() - 1);
                Level child = new Level(level, e.subquery());
                Plan p = stripJunk(planQuery(e.subquery(), child), e.columnNames().size());
                for (Need n : child.needs) {
                    if (!level.needs.contains(n)) {
                        level.needs.add(n);
                    }
                }
                yield p;
            }
            case Query.SetOp s -> {
                Plan left = setOpPlan(s.left(), q, level);
                Plan right = setOpPlan(s.right(), q, level);
                int width = s.types().size();
                if (s.kind() == Query.SetOpKind.UNION) {
                    Plan append = new Plan.Append(List.of(left, right), width, left.rows() + right.rows(),
                            left.cost() + right.cost());
                    if (s.all()) {
                        yield append;
                    }
                    List<Integer> columns = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        columns.add(i);
                    }
                    yield new Plan.HashDistinct(append, columns, s.types(), width, append.rows() / 2,
                            append.cost() + append.rows() * CPU_OPERATOR_COST);
                }
                yield new Plan.SetOp(s.kind(), s.all(), left, right, s.types(), width,
                        Math.min(left.rows(), right.rows()), left.cost() + right.cost());
            }
        };
    }

    // ---------------------------------------------------------------- the join tree

    /** A planned part of the join tree: its plan, which entries it covers, and where their columns are. */
    private static final class Rel {
        final Plan plan;
        final Layout layout;
        final BitSet relids;
        /** Columns of other units this one's scan reads (set per outer row by its nested loop). */
        final List<Need> lateral;

        Rel(Plan plan, Layout layout, BitSet relids, List<Need> lateral) {
            this.plan = plan;
            this.layout = layout;
            this.relids = relids;
            this.lateral = lateral;
        }

        BitSet lateralDeps() {
            BitSet deps = new BitSet();
            for (Need n : lateral) {
                deps.set(n.var().varno());
            }
            return deps;
        }
    }

    /** A unit waiting to be joined: a base entry (planned once its quals are known) or a planned outer join. */
    private record Unit(int rangeIndex, Rel planned, BitSet relids) {
    }

    private Rel joinTree(List<Query.JoinNode> items, List<Expr> quals, Level level) {
        List<Unit> units = new ArrayList<>();
        for (Query.JoinNode item : items) {
            flatten(item, units, quals, level);
        }
        // restriction quals go to their unit; the rest wait for joins
        List<Expr> pending = new ArrayList<>();
        List<List<Expr>> restrictions = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            restrictions.add(new ArrayList<>());
        }
        for (Expr qual : quals) {
            BitSet r = relids(qual, level.query);
            int target = -1;
            if (r != null && !r.isEmpty()) {
                for (int i = 0; i < units.size(); i++) {
                    BitSet covered = (BitSet) units.get(i).relids().clone();
                    covered.or(r);
                    if (covered.equals(units.get(i).relids())) {
                        target = i;
                        break;
                    }
                }
            }
            if (target >= 0 && units.get(target).planned() == null) {
                restrictions.get(target).add(qual);
            } else {
                pending.add(qual);
            }
        }
        List<Rel> rels = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            rels.add(u.planned() != null ? u.planned() : baseRel(u.rangeIndex(), restrictions.get(i), level));
        }
        return joinRels(rels, pending, level);
    }

    /** Inner joins melt into the list of units (their ON quals join WHERE's); an outer join is one unit. */
    private void flatten(Query.JoinNode node, List<Unit> units, List<Expr> quals, Level level) {
        switch (node) {
            case Query.RangeRef r -> {
                BitSet ids = new BitSet();
                ids.set(r.index());
                units.add(new Unit(r.index(), null, ids));
            }
            case Query.JoinExpr j when j.kind() == Query.JoinKind.INNER -> {
                flatten(j.left(), units, quals, level);
                flatten(j.right(), units, quals, level);
                conjuncts(j.quals(), quals);
            }
            case Query.JoinExpr j -> {
                Rel rel = outerJoin(j, level);
                units.add(new Unit(0, rel, rel.relids));
            }
            case Query.FromExpr f -> {
                for (Query.JoinNode n : f.items()) {
                    flatten(n, units, quals, level);
                }
                conjuncts(f.quals(), quals);
            }
        }
    }

    private Rel outerJoin(Query.JoinExpr j, Level level) {
        Rel left = joinTree(List.of(j.left()), new ArrayList<>(), level);
        Rel right = joinTree(List.of(j.right()), new ArrayList<>(), level);
        Query.JoinKind kind = j.kind();
        if (kind == Query.JoinKind.RIGHT) {
            Rel t = left;
            left = right;
            right = t;
            kind = Query.JoinKind.LEFT;
        }
        List<Expr> quals = new ArrayList<>();
        conjuncts(j.quals(), quals);
        return join(left, right, kind, quals, level);
    }

    /** Greedy join search: start from the cheapest unit, add the cheapest connected (or any) unit each step. */
    private Rel joinRels(List<Rel> rels, List<Expr> pending, Level level) {
        List<Rel> remaining = new ArrayList<>(rels);
        Rel current = null;
        for (Rel r : remaining) {
            if (r.lateral.isEmpty() && (current == null || r.plan.rows() < current.plan.rows())) {
                current = r;
            }
        }
        if (current == null) {
            throw Unsupported.of("LATERAL references that form a cycle");
        }
        remaining.remove(current);
        while (!remaining.isEmpty()) {
            Rel best = null;
            Rel bestJoin = null;
            boolean bestConnected = false;
            for (Rel r : remaining) {
                BitSet deps = r.lateralDeps();
                deps.andNot(current.relids);
                if (!deps.isEmpty()) {
                    continue;
                }
                List<Expr> joinQuals = qualsFor(current, r, pending, level);
                boolean connected = !joinQuals.isEmpty() || !r.lateral.isEmpty();
                Rel joined = join(current, r, Query.JoinKind.INNER, joinQuals, level);
                if (best == null || (connected && !bestConnected)
                        || (connected == bestConnected && joined.plan.cost() < bestJoin.plan.cost())) {
                    best = r;
                    bestJoin = joined;
                    bestConnected = connected;
                }
            }
            if (best == null) {
                throw Unsupported.of("LATERAL references that cannot be satisfied");
            }
            pending.removeAll(qualsFor(current, best, pending, level));
            remaining.remove(best);
            current = bestJoin;
        }
        if (!pending.isEmpty()) {
            Expr filter = fix(and(pending), current.layout, level);
            Plan p = new Plan.Filter(current.plan, filter, current.plan.width(),
                    Math.max(1, current.plan.rows() * DEFAULT_INEQ_SEL), current.plan.cost()
                    + current.plan.rows() * CPU_OPERATOR_COST);
            current = new Rel(p, current.layout, current.relids, current.lateral);
            pending.clear();
        }
        return current;
    }

    /** The pending quals that can be checked once {@code a} and {@code b} are joined (and not before). */
    private List<Expr> qualsFor(Rel a, Rel b, List<Expr> pending, Level level) {
        BitSet both = (BitSet) a.relids.clone();
        both.or(b.relids);
        List<Expr> out = new ArrayList<>();
        for (Expr q : pending) {
            BitSet r = relids(q, level.query);
            if (r == null || r.isEmpty()) {
                continue;
            }
            BitSet extra = (BitSet) r.clone();
            extra.andNot(both);
            if (extra.isEmpty()) {
                out.add(q);
            }
        }
        return out;
    }

    /** Joins two rels by the cheapest method for {@code kind} with {@code quals}. */
    private Rel join(Rel outer, Rel inner, Query.JoinKind kind, List<Expr> quals, Level level) {
        BitSet relids = (BitSet) outer.relids.clone();
        relids.or(inner.relids);
        Layout layout = Layout.concat(outer.layout, inner.layout);
        List<Need> lateral = new ArrayList<>();
        for (Need n : outer.lateral) {
            lateral.add(n);
        }
        for (Need n : inner.lateral) {
            if (!outer.relids.get(n.var().varno())) {
                lateral.add(n);
            }
        }
        // equality quals between the two sides: hash keys
        List<Expr> outerKeys = new ArrayList<>();
        List<Expr> innerKeys = new ArrayList<>();
        List<PgType> keyTypes = new ArrayList<>();
        List<Expr> hashQuals = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr q : quals) {
            if (q instanceof Expr.Call c && c.name().equals("=") && c.args().size() == 2
                    && c.args().get(0).type() == c.args().get(1).type() && HashKeys.hashable(c.args().get(0).type())) {
                BitSet l = relids(c.args().get(0), level.query);
                BitSet r = relids(c.args().get(1), level.query);
                if (l != null && r != null && !l.isEmpty() && !r.isEmpty()) {
                    if (subset(l, outer.relids) && subset(r, inner.relids)) {
                        outerKeys.add(c.args().get(0));
                        innerKeys.add(c.args().get(1));
                        keyTypes.add(c.args().get(0).type());
                        hashQuals.add(q);
                        continue;
                    }
                    if (subset(r, outer.relids) && subset(l, inner.relids)) {
                        outerKeys.add(c.args().get(1));
                        innerKeys.add(c.args().get(0));
                        keyTypes.add(c.args().get(0).type());
                        hashQuals.add(q);
                        continue;
                    }
                }
            }
            rest.add(q);
        }
        double outerRows = Math.max(1, outer.plan.rows());
        double innerRows = Math.max(1, inner.plan.rows());
        double selectivity = 1.0;
        if (!outerKeys.isEmpty()) {
            selectivity = 1.0 / Math.max(outerRows, innerRows);
        }
        for (int i = 0; i < rest.size(); i++) {
            selectivity *= DEFAULT_INEQ_SEL;
        }
        double rows = Math.max(1, outerRows * innerRows * selectivity);
        if (kind == Query.JoinKind.LEFT || kind == Query.JoinKind.FULL) {
            rows = Math.max(rows, outerRows);
        }
        boolean innerParameterized = !inner.lateral.isEmpty() && anyFrom(inner.lateral, outer.relids);
        // index nested loop: the inner side is one table with an index on a key column
        Rel indexInner = innerParameterized ? null : indexNestLoopInner(inner, outer, hashQuals, outerKeys, innerKeys,
                kind, level);
        Plan plan;
        if (indexInner != null) {
            double cost = outer.plan.cost() + outerRows * indexInner.plan.cost();
            double hashCost = outer.plan.cost() + inner.plan.cost() + innerRows * CPU_OPERATOR_COST * 2
                    + outerRows * CPU_OPERATOR_COST;
            if (cost < hashCost) {
                List<Expr> remaining = new ArrayList<>(rest);
                // the index bounds check the key equalities; other hash quals stay as join quals
                for (Expr q : hashQuals) {
                    if (!usedByIndex(indexInner, q)) {
                        remaining.add(q);
                    }
                }
                Expr joinQual = remaining.isEmpty() ? null : fix(and(remaining), layout, level);
                List<Plan.NestParam> params = nestParams(indexInner.lateral, outer, level);
                plan = new Plan.NestLoop(kind, outer.plan, indexInner.plan, joinQual, null, params,
                        layout.keys.size(), rows, cost);
                return new Rel(plan, layout, relids, lateral);
            }
        }
        if (!outerKeys.isEmpty() && !innerParameterized) {
            Expr joinQual = rest.isEmpty() ? null : fix(and(rest), layout, level);
            Expr hashCond = fix(and(hashQuals), layout, level);
            plan = new Plan.HashJoin(kind, outer.plan, inner.plan, fixAll(outerKeys, outer.layout, level),
                    fixAll(innerKeys, inner.layout, level), keyTypes, hashCond, joinQual, null, layout.keys.size(),
                    rows, outer.plan.cost() + inner.plan.cost() + innerRows * CPU_OPERATOR_COST * 2
                    + outerRows * CPU_OPERATOR_COST + rows * CPU_TUPLE_COST);
            return new Rel(plan, layout, relids, lateral);
        }
        List<Expr> all = new ArrayList<>(hashQuals);
        all.addAll(rest);
        Expr joinQual = all.isEmpty() ? null : fix(and(all), layout, level);
        List<Plan.NestParam> params = innerParameterized ? nestParams(inner.lateral, outer, level) : List.of();
        plan = new Plan.NestLoop(kind, outer.plan, inner.plan, joinQual, null, params, layout.keys.size(), rows,
                outer.plan.cost() + outerRows * Math.max(inner.plan.cost(), innerRows * CPU_TUPLE_COST)
                        + rows * CPU_TUPLE_COST);
        return new Rel(plan, layout, relids, lateral);
    }

    private boolean usedByIndex(Rel indexInner, Expr q) {
        Expr used = usedQuals.get(indexInner.plan);
        return indexInner.plan instanceof Plan.IndexScan && used != null && containsSame(used, q);
    }

    private static boolean containsSame(Expr cond, Expr q) {
        boolean[] found = {false};
        ExprTrees.walk(cond, x -> found[0] |= x == q);
        return found[0];
    }

    private static boolean anyFrom(List<Need> needs, BitSet relids) {
        for (Need n : needs) {
            if (relids.get(n.var().varno())) {
                return true;
            }
        }
        return false;
    }

    private List<Plan.NestParam> nestParams(List<Need> needs, Rel outer, Level level) {
        List<Plan.NestParam> params = new ArrayList<>();
        for (Need n : needs) {
            if (outer.relids.get(n.var().varno())) {
                int i = outer.layout.indexOfVar(n.var());
                String alias = level.query.rangeTable().get(n.var().varno() - 1).alias();
                String name = alias == null ? n.name() : alias + "." + n.name(); // EXPLAIN's "s.id"
                params.add(new Plan.NestParam(n.slot(), new Expr.ColumnRef(0, i, n.type(), n.typmod(), name)));
            }
        }
        return params;
    }

    /**
     * For a base table on the inner side: an index scan whose bounds are the outer row's key values (set as
     * parameters per outer row); null when no index fits or the join kind cannot use it.
     */
    private Rel indexNestLoopInner(Rel inner, Rel outer, List<Expr> hashQuals, List<Expr> outerKeys,
                                   List<Expr> innerKeys, Query.JoinKind kind, Level level) {
        if (outerKeys.isEmpty() || (kind != Query.JoinKind.INNER && kind != Query.JoinKind.LEFT)
                || inner.relids.cardinality() != 1) {
            return null;
        }
        int varno = inner.relids.nextSetBit(0);
        if (!(level.query.rangeTable().get(varno - 1) instanceof Query.RelationEntry entry)
                || !(inner.plan instanceof Plan.SeqScan || inner.plan instanceof Plan.IndexScan)) {
            return null;
        }
        // the restriction quals of the inner scan: re-plan it with the join equalities added
        List<Expr> quals = new ArrayList<>(innerRestrictions.getOrDefault(inner, List.of()));
        List<Expr> equalities = new ArrayList<>();
        for (int i = 0; i < innerKeys.size(); i++) {
            if (innerKeys.get(i) instanceof Expr.Var) {
                equalities.add(hashQuals.get(i));
            }
        }
        if (equalities.isEmpty()) {
            return null;
        }
        List<Expr> withJoin = new ArrayList<>(quals);
        withJoin.addAll(equalities);
        Rel rel = baseRelation(varno, entry, withJoin, level, outer.relids);
        if (!(rel.plan instanceof Plan.IndexScan ix) || !anyFrom(rel.lateral, outer.relids)) {
            return null;
        }
        return rel;
    }

    /** The restriction quals each base rel was planned with (for re-planning it parameterized). */
    private final Map<Rel, List<Expr>> innerRestrictions = new java.util.IdentityHashMap<>();

    // ---------------------------------------------------------------- base relations

    private Rel baseRel(int index, List<Expr> quals, Level level) {
        Query.RangeEntry entry = level.query.rangeTable().get(index - 1);
        if (entry instanceof Query.RelationEntry r) {
            Rel rel = baseRelation(index, r, quals, level, null);
            innerRestrictions.put(rel, quals);
            return rel;
        }
        BitSet own = new BitSet();
        own.set(index);
        List<Need> lateral = new ArrayList<>();
        level.lateral = lateral;
        level.lateralOwn = own;
        try {
            Layout layout = entryLayout(index, entry.columnNames().size());
            Plan plan = switch (entry) {
                case Query.SubqueryEntry s -> {
                    Level child = new Level(level, s.subquery());
                    Plan sub = stripJunk(planQuery(s.subquery(), child), s.columnNames().size());
                    for (Need n : child.needs) {
                        if (n.owner() == level) {
                            if (!lateral.contains(n)) {
                                lateral.add(n);
                            }
                        } else if (!level.needs.contains(n)) {
                            level.needs.add(n);
                        }
                    }
                    Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                    yield new Plan.SubqueryScan(sub, s.alias(), filter, s.columnNames().size(),
                            sub.rows() * selectivity(quals), sub.cost());
                }
                case Query.ValuesEntry v -> {
                    List<List<Expr>> rows = new ArrayList<>();
                    Layout none = new Layout(new ArrayList<>());
                    for (List<Expr> row : v.rows()) {
                        rows.add(fixAll(row, none, level));
                    }
                    Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                    yield new Plan.ValuesScan(rows, filter, v.columnNames().size(), rows.size(),
                            rows.size() * CPU_TUPLE_COST);
                }
                case Query.FunctionEntry f -> {
                    Layout none = new Layout(new ArrayList<>());
                    Expr.SetFunction fn = (Expr.SetFunction) ExprTrees.map(f.function(), c -> fix(c, none, level));
                    Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                    yield new Plan.FunctionScan(fn, f.alias(), f.ordinality(), filter, f.columnNames().size(),
                            1000 * selectivity(quals), 10);
                }
                case Query.ViewEntry v -> {
                    Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                    yield new Plan.ViewScan(v.view(), v.alias(), filter, v.columnNames().size(), 100, 1);
                }
                case Query.CteEntry c -> {
                    Level owner = level.up(c.levelsUp());
                    Integer id = owner.cteIds.get(c.cteName());
                    if (id == null) {
                        throw new IllegalStateException("WITH query " + c.cteName() + " not planned");
                    }
                    Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                    if (c.selfReference()) {
                        yield new Plan.WorkTableScan(id, c.alias(), filter, c.columnNames().size(), 100, 1);
                    }
                    yield new Plan.CteScan(id, c.cteName(), c.alias(), filter, c.columnNames().size(), 1000, 10);
                }
                default -> throw new IllegalStateException("unexpected entry " + entry);
            };
            BitSet ids = new BitSet();
            ids.set(index);
            return new Rel(plan, layout, ids, lateral);
        } finally {
            level.lateral = null;
            level.lateralOwn = null;
        }
    }

    private static Layout entryLayout(int index, int columns) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            keys.add(new VarKey(index, i));
        }
        return new Layout(keys);
    }

    private record Bound(String op, Expr value, Expr qual) {
    }

    /**
     * A table's access path: an index scan when quals bound the leading columns of an index (equality on a unique
     * index's every column wins), else a sequential scan; the quals not used as bounds filter the rows.
     * {@code outerRelids} (parameterized planning) are the relations whose columns a bound may read.
     */
    private Rel baseRelation(int index, Query.RelationEntry entry, List<Expr> quals, Level level, BitSet outerRelids) {
        TableDef table = entry.table();
        BitSet own = new BitSet();
        own.set(index);
        Layout layout = entryLayout(index, entry.columnNames().size());
        double rowCount = Math.max(1, tableRows.applyAsDouble(table));
        double pages = Math.max(1, rowCount / ROWS_PER_PAGE);
        Map<Integer, List<Bound>> byColumn = new HashMap<>();
        for (Expr q : quals) {
            if (!(q instanceof Expr.Call call) || call.args().size() != 2 || !Operators.isComparison(call.name())
                    || call.name().equals("<>") || call.name().equals("!=")) {
                continue;
            }
            Expr l = call.args().get(0);
            Expr r = call.args().get(1);
            String op = call.name();
            if (!isOwnColumn(l, index) && isOwnColumn(r, index)) {
                Expr t = l;
                l = r;
                r = t;
                op = switch (op) {
                    case "<" -> ">";
                    case "<=" -> ">=";
                    case ">" -> "<";
                    case ">=" -> "<=";
                    default -> op;
                };
            }
            if (isOwnColumn(l, index) && r.type() == l.type() && boundUsable(r, index, level, outerRelids)) {
                byColumn.computeIfAbsent(((Expr.Var) l).attno(), k -> new ArrayList<>()).add(new Bound(op, r, q));
            }
        }
        IndexDef bestIndex = null;
        List<Bound> bestBounds = null;
        int bestScore = 0;
        boolean bestEquality = false;
        for (IndexDef ix : table.indexes()) {
            List<Bound> equal = new ArrayList<>();
            for (int column : ix.columns()) {
                Bound eq = find(byColumn.get(column), "=");
                if (eq == null) {
                    break;
                }
                equal.add(eq);
            }
            int score;
            List<Bound> used;
            boolean equality;
            if (!equal.isEmpty()) {
                used = equal;
                equality = true;
                score = 10 * equal.size() + (equal.size() == ix.columns().size() && ix.unique() ? 100 : 0);
            } else {
                List<Bound> bounds = byColumn.get(ix.columns().getFirst());
                if (bounds == null) {
                    continue;
                }
                Bound lower = find(bounds, ">=");
                if (lower == null) {
                    lower = find(bounds, ">");
                }
                Bound upper = find(bounds, "<=");
                if (upper == null) {
                    upper = find(bounds, "<");
                }
                if (lower == null && upper == null) {
                    continue;
                }
                used = new ArrayList<>();
                if (lower != null) {
                    used.add(lower);
                }
                if (upper != null) {
                    used.add(upper);
                }
                equality = false;
                score = lower != null && upper != null ? 5 : 3;
            }
            if (score > bestScore) {
                bestIndex = ix;
                bestBounds = used;
                bestScore = score;
                bestEquality = equality;
            }
        }
        List<Need> lateral = new ArrayList<>();
        level.lateral = lateral;
        level.lateralOwn = own;
        try {
            if (bestIndex == null) {
                Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                double rows = Math.max(1, rowCount * selectivity(quals));
                Plan plan = new Plan.SeqScan(table, entry.alias(), filter, layout.keys.size(), rows,
                        pages + rowCount * (CPU_TUPLE_COST + CPU_OPERATOR_COST * quals.size()));
                return new Rel(plan, layout, own, lateral);
            }
            List<Expr> rest = new ArrayList<>(quals);
            List<Expr> used = new ArrayList<>();
            for (Bound b : bestBounds) {
                rest.remove(b.qual());
                used.add(b.qual());
            }
            Expr[] lower;
            Expr[] upper;
            // the bound values as fixed above, for the Index Cond EXPLAIN shows
            Map<Expr, Expr> fixedValues = new java.util.IdentityHashMap<>();
            boolean lowerInclusive;
            boolean upperInclusive;
            if (bestEquality) {
                Expr[] key = new Expr[bestBounds.size()];
                for (int i = 0; i < key.length; i++) {
                    key[i] = fix(bestBounds.get(i).value(), layout, level);
                    fixedValues.put(bestBounds.get(i).value(), key[i]);
                }
                lower = key;
                upper = key;
                lowerInclusive = true;
                upperInclusive = true;
            } else {
                Bound lo = null;
                Bound hi = null;
                for (Bound b : bestBounds) {
                    if (b.op().startsWith(">")) {
                        lo = b;
                    } else {
                        hi = b;
                    }
                }
                lower = lo == null ? null : new Expr[] {fix(lo.value(), layout, level)};
                upper = hi == null ? null : new Expr[] {fix(hi.value(), layout, level)};
                if (lo != null) {
                    fixedValues.put(lo.value(), lower[0]);
                }
                if (hi != null) {
                    fixedValues.put(hi.value(), upper[0]);
                }
                lowerInclusive = lo != null && lo.op().equals(">=");
                upperInclusive = hi != null && hi.op().equals("<=");
            }
            boolean unique = bestEquality && bestBounds.size() == bestIndex.columns().size() && bestIndex.unique();
            double rows = unique ? 1 : Math.max(1, rowCount * selectivity(used) * selectivity(rest));
            Expr filter = rest.isEmpty() ? null : fix(and(rest), layout, level);
            Expr indexCond = displayed(and(used), fixedValues, level);
            double cost = Math.log(rowCount + 1) / Math.log(2) * CPU_OPERATOR_COST + 1
                    + rows * (CPU_TUPLE_COST + 1.0 / ROWS_PER_PAGE * 4);
            Plan plan = new Plan.IndexScan(table, bestIndex, entry.alias(), lower, lowerInclusive, upper,
                    upperInclusive, indexCond, filter, layout.keys.size(), rows, cost);
            usedQuals.put(plan, and(used));
            return new Rel(plan, layout, own, lateral);
        } finally {
            level.lateral = null;
            level.lateralOwn = null;
        }
    }

    private static boolean isOwnColumn(Expr e, int index) {
        return e instanceof Expr.Var v && v.levelsUp() == 0 && v.varno() == index;
    }

    /** A bound is computed before the scan: parameters, constants, outer levels, the outer side of a nested loop. */
    private boolean boundUsable(Expr e, int index, Level level, BitSet outerRelids) {
        boolean[] ok = {true};
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.Var v && v.levelsUp() == 0
                    && (v.varno() == index || outerRelids == null || !outerRelids.get(v.varno()))) {
                ok[0] = false;
            } else if (x instanceof Expr.SubQuery sq && sq.kind() == Expr.SubQueryKind.SCALAR
                    && !SubqueryCorrelation.isCorrelated(sq.query())) {
                // an InitPlan: computed once, a pseudo-constant like a parameter ("Index Cond: (a = $0)")
                return;
            } else if (x instanceof Expr.SubQuery || x instanceof Expr.Aggref || x instanceof Expr.WindowFunc
                    || (x instanceof Expr.Call c && (c.name().equals("random") || c.name().equals("nextval")))) {
                ok[0] = false;
            }
        });
        return ok[0];
    }

    private static Bound find(List<Bound> bounds, String op) {
        if (bounds != null) {
            for (Bound b : bounds) {
                if (b.op().equals(op)) {
                    return b;
                }
            }
        }
        return null;
    }

    private static double selectivity(List<Expr> quals) {
        double s = 1.0;
        for (Expr q : quals) {
            s *= q instanceof Expr.Call c && c.name().equals("=") ? DEFAULT_EQ_SEL : DEFAULT_INEQ_SEL;
        }
        return s;
    }

    // ---------------------------------------------------------------- quals

    /**
     * Pseudo-constant quals that gate the whole join tree (a Result's One-Time Filter, as create_gating_plan makes
     * it): those reading no column at all whose value comes from an uncorrelated subquery (an InitPlan), such as
     * {@code WHERE EXISTS (SELECT ...)}. Other pseudo-constants (outer parameters) stay ordinary filters here.
     */
    private static List<Expr> gatingQuals(List<Expr> quals) {
        List<Expr> out = new ArrayList<>();
        for (Expr q : quals) {
            boolean[] columns = {false};
            boolean[] initPlan = {false};
            ExprTrees.walk(q, x -> {
                if (x instanceof Expr.Var || x instanceof Expr.ColumnRef || x instanceof Expr.Aggref
                        || x instanceof Expr.WindowFunc || x instanceof Expr.SetFunction
                        || (x instanceof Expr.Call c && (c.name().equals("random") || c.name().equals("nextval")))) {
                    columns[0] = true;
                } else if (x instanceof Expr.SubQuery sq) {
                    if ((sq.kind() == Expr.SubQueryKind.EXISTS || sq.kind() == Expr.SubQueryKind.SCALAR)
                            && !SubqueryCorrelation.isCorrelated(sq.query())) {
                        initPlan[0] = true;
                    } else {
                        columns[0] = true;
                    }
                }
            });
            if (initPlan[0] && !columns[0]) {
                out.add(q);
            }
        }
        return out;
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e == null) {
            return;
        }
        if (e instanceof Expr.BoolOp b && b.isAnd()) {
            for (Expr a : b.args()) {
                conjuncts(a, out);
            }
            return;
        }
        out.add(e);
    }

    private static Expr and(List<Expr> quals) {
        if (quals.isEmpty()) {
            return null;
        }
        return quals.size() == 1 ? quals.getFirst() : new Expr.BoolOp(true, List.copyOf(quals));
    }

    private static boolean subset(BitSet a, BitSet b) {
        BitSet x = (BitSet) a.clone();
        x.andNot(b);
        return x.isEmpty();
    }

    /**
     * The range-table entries (of this level) an expression reads; null when it cannot be placed below the top
     * (a correlated subquery, whose correlation is not looked into further, or a volatile function).
     */
    private static BitSet relids(Expr e, Query q) {
        BitSet ids = new BitSet();
        boolean[] anywhere = {true};
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.Var v && v.levelsUp() == 0) {
                ids.set(v.varno());
            } else if (x instanceof Expr.SubQuery sq && SubqueryCorrelation.isCorrelated(sq.query())) {
                anywhere[0] = false; // an uncorrelated one is an InitPlan, a pseudo-constant placed like any qual
            } else if (x instanceof Expr.Call c && (c.name().equals("random") || c.name().equals("nextval")
                    || c.name().equals("setval"))) {
                anywhere[0] = false;
            }
        });
        return anywhere[0] ? ids : null;
    }
}
