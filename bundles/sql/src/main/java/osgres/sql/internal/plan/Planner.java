/*
 * The planner, PostgreSQL's optimizer/ much reduced: turns a Query into a Plan tree.
 *  1. WITH queries are planned once each (CteScan reads their rows; WITH RECURSIVE is a RecursiveUnion).
 *  2. The join tree: EXISTS / NOT EXISTS / uncorrelated IN at the top of WHERE are first pulled up into semi and
 *     anti joins (SublinkPullUp). FROM items and inner JOINs form one list of units (an outer JOIN is one unit,
 *     its two sides planned apart); each base unit gets its restriction quals and an access path (an index range
 *     scan when quals bound an index's leading columns, an equality prefix then a range, Index Only when the
 *     query reads no other column of the table; else a sequential scan); then units are joined greedily,
 *     cheapest connected unit first (LATERAL ones only after what they reference), a pending semi/anti join as
 *     soon as the columns it reads are joined (a semi join on the inner side's unique key is a plain join), each
 *     join by a hash join on its equality quals, an index nested loop (the inner index scan parameterized by the
 *     outer row), or a nested loop (its unparameterized inner side under a Material), whichever the small cost
 *     model finds cheaper; an inner join tries both sides as the outer one. Row estimates come from ANALYZE's
 *     statistics where there are some (Selectivity: MCVs, histograms, distinct counts), else from PostgreSQL's
 *     default selectivities. Quals are applied as low as their relations allow.
 *  3. Grouping (Agg, hashed), HAVING, window functions (WindowAgg per window), the target list (Project),
 *     DISTINCT, ORDER BY (Sort) and LIMIT, as grouping_planner orders them; set operations as Append, hashed
 *     distinct and SetOp.
 * Expressions are fixed to their node's input rows as setrefs.c does: a Var becomes the position of its column
 * in the node's input; a Var of an outer query level, or of the outer side of a parameterized nested loop,
 * becomes an ExecParam slot set by whoever owns that row; a SubQuery becomes a SubPlan with its own plan (hashed
 * when it is an uncorrelated = ANY, or a correlated EXISTS on equalities no index serves).
 * What it cannot plan yet throws Unsupported. Not here: merge joins, unique-ified semi joins, join order search
 * beyond greedy, FOR UPDATE.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import osgres.sql.internal.analyze.IndexPredicates;
import osgres.sql.internal.analyze.SubqueryCorrelation;
import osgres.sql.internal.func.Functions;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.QueryTrees;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.HashKeys;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.IndexDef;
import osgres.storage.TableDef;

public final class Planner {
    private static final double DEFAULT_EQ_SEL = 0.005;
    private static final double DEFAULT_INEQ_SEL = 1.0 / 3;
    private static final double CPU_TUPLE_COST = 0.01;
    private static final double CPU_OPERATOR_COST = 0.0025;
    private static final double ROWS_PER_PAGE = 100;

    private final ToDoubleFunction<TableDef> tableRows;
    private final Expr.SubPlanRunner subPlanRunner;
    private final List<Plan> ctePlans = new ArrayList<>();
    /** Per WITH query, the ExecParam slots of outer columns it reads (a correlated WITH query): its rows are
     *  computed again when their values change. */
    private final List<List<Integer>> cteParams = new ArrayList<>();
    /** Per WITH query, those outer columns as needs: a level reading the query needs them too (so a subplan
     *  reading a correlated WITH query is correlated, and runs again when they change). */
    private final List<List<Need>> cteNeeds = new ArrayList<>();
    private int slots;

    /** ANALYZE's column statistics, for selectivities and distinct counts. */
    private final Selectivity stats;

    private Planner(ToDoubleFunction<TableDef> tableRows, Expr.SubPlanRunner subPlanRunner,
                    java.util.function.Function<TableDef, List<osgres.storage.ColumnStatistics>> columnStatistics) {
        this.stats = new Selectivity(columnStatistics);
        this.tableRows = tableRows;
        this.subPlanRunner = subPlanRunner;
    }

    /** Plans a top-level query; {@code tableRows} estimates a table's row count. */
    public static Plan.Statement plan(Query q, ToDoubleFunction<TableDef> tableRows, Expr.SubPlanRunner runner) {
        return plan(q, tableRows, null, runner);
    }

    /** As above, with {@code columnStatistics} giving a table's ANALYZE statistics (null: none). */
    public static Plan.Statement plan(Query q, ToDoubleFunction<TableDef> tableRows,
                               java.util.function.Function<TableDef, List<osgres.storage.ColumnStatistics>>
                                       columnStatistics, Expr.SubPlanRunner runner) {
        Planner p = new Planner(tableRows, runner, columnStatistics);
        Level top = new Level(null, q);
        int visible = q.visibleCount();
        Plan plan = q.modify() != null ? p.planModify(q, top) : stripJunk(p.planQuery(q, top), visible);
        return new Plan.Statement(plan, List.copyOf(p.ctePlans), List.copyOf(p.cteParams), p.slots, visible,
                p.pulledUp);
    }

    // ---------------------------------------------------------------- query levels and parameters

    /** FROM subqueries pulled up into their parents, in all levels planned (Plan.Statement.pulledUp). */
    private int pulledUp;

    /**
     * A column of a range-table entry, as a layout key ({@link #CTID}: the row's ctid); as a Need's key, varno
     * {@link #AGGREGATE} names the level's aggregate number {@code attno} (an outer-level aggregate a subquery reads).
     */
    private record VarKey(int varno, int attno) {
    }

    /** The varno of a VarKey that names an aggregate of its level (range-table indexes start at 1). */
    private static final int AGGREGATE = 0;

    /** The attno of a table row's ctid (SelfItemPointerAttributeNumber). */
    private static final int CTID = -1;
    /** The attno of a table row's tableoid (TableOidAttributeNumber). */
    static final int TABLEOID = Query.TABLEOID_ATTNO;

    /** An ExecParam slot this level's plan reads that an outer level ({@code owner}) must set. */
    private record Need(Level owner, VarKey var, int slot, PgType type, int typmod, String name) {
    }

    /** One query level being planned (PlannerInfo): its Query, WITH queries, and parameter bookkeeping. */
    private static final class Level {
        final Level parent;
        /** The level's query (after sublink pull-up, which appends the subqueries' range-table entries). */
        Query query;
        /** Slots for this level's columns read by inner levels or parameterized scans. */
        final Map<VarKey, Integer> ownedSlots = new HashMap<>();
        final List<Need> needs = new ArrayList<>();
        final Map<String, Integer> cteIds = new HashMap<>();
        /** While planning one unit: the lateral references it makes to other units of this level. */
        List<Need> lateral;
        BitSet lateralOwn;
        /** Tables whose scans also return each row's ctid (the target of UPDATE/DELETE, FOR UPDATE tables). */
        final BitSet tidRelations = new BitSet();

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
            case Expr.OuterAggref a when a.levelsUp() == 0 -> fix(level.query.aggregates().get(a.index()), layout,
                    level); // moved to its own level by a pull-up (a hashed EXISTS's probe)
            case Expr.OuterAggref a -> {
                // computed by the outer level's Agg, passed in as its columns are
                Level owner = level.up(a.levelsUp());
                VarKey key = new VarKey(AGGREGATE, a.index());
                int slot = slotFor(owner, key);
                Need n = new Need(owner, key, slot, a.type(), a.typmod(), a.name());
                if (!level.needs.contains(n)) {
                    level.needs.add(n);
                }
                yield new Expr.ExecParam(slot, a.type(), a.typmod());
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
        // a correlated EXISTS on equalities without an index for them: hashed as an uncorrelated subquery
        boolean hashedExists = false;
        Expr.SubQuery asHashed = SublinkPullUp.hashableExists(s);
        if (asHashed != null && !indexedKey(asHashed.query())) {
            s = asHashed;
            hashedExists = true;
        }
        Level child = new Level(level, s.query());
        Plan plan = planQuery(s.query(), child);
        List<Integer> argSlots = new ArrayList<>();
        List<Expr> args = new ArrayList<>();
        passNeeds(child, level, layout, argSlots, args);
        Expr test = s.test() == null ? null : fix(s.test(), layout, level);
        // an uncorrelated "x = ANY (subquery)" (IN, NOT IN) probes a hash table of the subquery's values
        if (hashedExists) {
            if (!argSlots.isEmpty() || !child.needs.isEmpty()) {
                throw new IllegalStateException("hashed EXISTS subquery is correlated");
            }
            return new Expr.SubPlan(s.kind(), plan, argSlots, args, test, s.type(), subPlanRunner, true);
        }
        boolean hashed = s.kind() == Expr.SubQueryKind.ANY && argSlots.isEmpty() && child.needs.isEmpty()
                && test instanceof Expr.Call c && c.name().equals("=") && c.args().size() == 2
                && c.args().get(1) instanceof Expr.SubQueryColumn && c.args().get(0).type() == c.args().get(1).type()
                && HashKeys.hashable(c.args().get(0).type());
        return new Expr.SubPlan(s.kind(), plan, argSlots, args, test, s.type(), subPlanRunner, hashed);
    }

    /** Is one of the subquery's output columns a table column that leads an index (a per-row probe is cheap)? */
    private static boolean indexedKey(Query sub) {
        for (Query.TargetEntry t : sub.targetList()) {
            if (t.expr() instanceof Expr.Var v && v.levelsUp() == 0
                    && sub.rangeTable().get(v.varno() - 1) instanceof Query.RelationEntry r) {
                for (IndexDef ix : r.table().indexes()) {
                    if (ix.columns().getFirst() == v.attno()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * After planning {@code child}: the parameters it needs from {@code level} are set from {@code layout}'s row
     * (as {@code slots}/{@code values}); the ones owned further out become this level's needs.
     */
    private void passNeeds(Level child, Level level, Layout layout, List<Integer> slots, List<Expr> values) {
        for (Need n : child.needs) {
            if (n.owner() == level) {
                slots.add(n.slot());
                Expr value = n.var().varno() == AGGREGATE ? level.query.aggregates().get(n.var().attno())
                        : new Expr.Var(n.var().varno(), n.var().attno(), 0, n.type(), n.typmod(), n.name());
                values.add(fix(value, layout, level));
            } else if (!level.needs.contains(n)) {
                level.needs.add(n);
            }
        }
    }

    // ---------------------------------------------------------------- a query level

    private Plan planQuery(Query q, Level level) {
        Query pulled = SubqueryPullUp.apply(SublinkPullUp.apply(q));
        pulledUp += SubqueryPullUp.pulledUp(pulled);
        if (pulled != q) {
            q = pulled;
            level.query = pulled;
        }
        for (Query.CommonTable cte : q.ctes()) {
            planCte(cte, level);
        }
        if (q.setOperations() != null) {
            return planSetOperation(q, level);
        }
        List<Integer> locked = q.rowMarks() == null ? List.of() : lockedRelations(q);
        for (int index : locked) {
            level.tidRelations.set(index);
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
            double product = 1;
            for (Expr g : groupExprs) {
                product *= distinct(g, level);
            }
            if (!keys.isEmpty() && !Double.isNaN(product)) {
                // estimate_num_groups: the product of the keys' distinct counts, at most the input rows
                groups = Math.max(1, Math.min(plan.rows(), product));
            }
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
        int queryTargets = targets.size();
        Layout lockLayout = null;
        if (q.rowMarks() != null && !locked.isEmpty()) {
            lockLayout = lockColumns(q, locked, layout, level, targets);
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
        if (lockLayout != null) {
            plan = lockRows(plan, q, locked, lockLayout, queryTargets, level);
        }
        return limit(plan, q, level, q.limitWithTies() ? sortKeys(q.sortClause(), targets) : null);
    }

    /** The tables FOR UPDATE/SHARE locks: those it names, or every table of the FROM clause. */
    private static List<Integer> lockedRelations(Query q) {
        if (!q.targetSetFunctions().isEmpty() || !q.windowFuncs().isEmpty()) {
            throw Unsupported.of("FOR UPDATE with set-returning or window functions");
        }
        boolean all = q.rowMarks().rangeIndexes().isEmpty();
        List<Integer> indexes = all ? leaves(q) : q.rowMarks().rangeIndexes();
        List<Integer> out = new ArrayList<>();
        for (int index : indexes) {
            Query.RangeEntry entry = q.rangeTable().get(index - 1);
            if (entry instanceof Query.RelationEntry) {
                out.add(index);
            } else if (!(entry instanceof Query.ValuesEntry) && !(entry instanceof Query.FunctionEntry)
                    && !(all && entry instanceof Query.CteEntry)) {
                // (a clause without OF locks no WITH query's rows, as transformLockingClause)
                throw Unsupported.of("FOR UPDATE of subqueries, views and WITH queries");
            }
        }
        return out;
    }

    /** The range-table entries at the leaves of the join tree. */
    private static List<Integer> leaves(Query q) {
        List<Integer> out = new ArrayList<>();
        java.util.ArrayDeque<Query.JoinNode> todo = new java.util.ArrayDeque<>(q.jointree().items());
        while (!todo.isEmpty()) {
            Query.JoinNode n = todo.poll();
            switch (n) {
                case Query.RangeRef r -> out.add(r.index());
                case Query.JoinExpr j -> {
                    todo.add(j.left());
                    todo.add(j.right());
                }
                case Query.FromExpr f -> todo.addAll(f.items());
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * FOR UPDATE's extra columns after the target list: every FROM table's columns, and each locked table's ctid;
     * returns their layout (the target list's positions hold nothing the quals or targets can refer to).
     */
    private Layout lockColumns(Query q, List<Integer> locked, Layout layout, Level level, List<Expr> targets) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            keys.add(new Object());
        }
        for (int index : leaves(q)) {
            Query.RangeEntry entry = q.rangeTable().get(index - 1);
            for (int c = 0; c < entry.columnNames().size(); c++) {
                keys.add(new VarKey(index, c));
                targets.add(fix(new Expr.Var(index, c, 0, entry.columnTypes().get(c), entry.columnTypmods().get(c),
                        entry.columnNames().get(c)), layout, level));
            }
            if (locked.contains(index)) {
                keys.add(new VarKey(index, CTID));
                targets.add(fix(new Expr.Var(index, CTID, 0, PgType.UNKNOWN, -1, "ctid"), layout, level));
            }
        }
        return new Layout(keys);
    }

    private Plan lockRows(Plan plan, Query q, List<Integer> locked, Layout lockLayout, int queryTargets,
                          Level level) {
        List<Plan.RowMark> marks = new ArrayList<>();
        for (int index : locked) {
            Query.RelationEntry entry = (Query.RelationEntry) q.rangeTable().get(index - 1);
            marks.add(new Plan.RowMark(entry.table(), lockLayout.indexOfVar(new VarKey(index, CTID)),
                    lockLayout.indexOfVar(new VarKey(index, 0))));
        }
        List<Expr> quals = new ArrayList<>();
        conjuncts(q.jointree().quals(), quals);
        Expr recheck = quals.isEmpty() ? null : fix(and(quals), lockLayout, level);
        List<Expr> targets = new ArrayList<>();
        for (int i = 0; i < queryTargets; i++) {
            targets.add(fix(q.targetList().get(i).expr(), lockLayout, level));
        }
        return new Plan.LockRows(plan, marks, q.rowMarks().strength(), q.rowMarks().policy(), recheck, targets,
                plan.width(), plan.rows(), plan.cost() + plan.rows() * CPU_TUPLE_COST);
    }

    /**
     * INSERT/UPDATE/DELETE: a ModifyTable over the plan of the rows to write. INSERT's input is its target list (the
     * new rows) planned as a SELECT; UPDATE's and DELETE's is the join of the target (with its ctid) and the
     * FROM/USING items, with the new row's expressions, the EvalPlanQual recheck and RETURNING over the joined row.
     */
    private Plan planModify(Query q, Level level) {
        Query.Modify m = q.modify();
        for (Query.CommonTable cte : q.ctes()) {
            planCte(cte, level);
        }
        int result = m.resultRelation();
        TableDef table = m.table(q);
        String alias = q.rangeTable().get(result - 1).alias();
        int columns = table.columns().size();
        checkReturnedSystemColumns(m, result);
        if (m.command() == Query.Command.INSERT) {
            Query select = new Query(q.rangeTable(), q.jointree(), q.targetList(), List.of(), null, false, List.of(),
                    List.of(), List.of(), List.of(), null, null, null, null, List.of(), null);
            Plan input = planQuery(select, level);
            Layout newRow = entryLayout(result, columns);
            Plan.ConflictAction conflict = null;
            if (m.onConflict() != null) {
                Query.OnConflict oc = m.onConflict();
                Layout both = oc.doUpdate() ? Layout.concat(newRow, entryLayout(oc.excludedRelation(), columns))
                        : newRow;
                List<Expr> set = new ArrayList<>();
                if (oc.doUpdate()) {
                    for (Expr e : oc.set()) {
                        set.add(fix(e, both, level));
                    }
                }
                conflict = new Plan.ConflictAction(oc.doUpdate(), set, fix(oc.where(), both, level));
            }
            int[] identity = new int[columns];
            for (int i = 0; i < columns; i++) {
                identity[i] = i;
            }
            // RETURNING reads the new row, then the tableoid of the table (the partition) it went to, its ctid, xmin
            // and xmax (ModifyNodes fills them in this order)
            Layout returningRow = entryLayout(result, columns);
            returningRow.keys.add(new VarKey(result, TABLEOID));
            returningRow.keys.add(new VarKey(result, CTID));
            returningRow.keys.add(new VarKey(result, Query.SystemColumn.XMIN.attno()));
            returningRow.keys.add(new VarKey(result, Query.SystemColumn.XMAX.attno()));
            return new Plan.ModifyTable(m.command(), table, alias, input, -1, identity, null, null,
                    fixAll(returningExprs(m), returningRow, level), conflict, checkOption(m, newRow, level),
                    m.returning().size(), input.rows(),
                    input.cost() + input.rows() * CPU_TUPLE_COST);
        }
        level.tidRelations.set(result);
        List<Expr> quals = new ArrayList<>();
        conjuncts(q.jointree().quals(), quals);
        List<Expr> recheck = new ArrayList<>(quals);
        Rel rel = joinTree(q.jointree().items(), quals, level);
        Layout layout = rel.layout;
        int[] targetColumns = new int[columns];
        for (int i = 0; i < columns; i++) {
            targetColumns[i] = layout.indexOfVar(new VarKey(result, i));
        }
        List<Expr> newValues = null;
        if (m.command() == Query.Command.UPDATE) {
            newValues = new ArrayList<>();
            for (Query.TargetEntry t : q.targetList()) {
                newValues.add(fix(t.expr(), layout, level));
            }
        }
        Expr check = recheck.isEmpty() ? null : fix(and(recheck), layout, level);
        Plan input = rel.plan;
        if (m.command() == Query.Command.MERGE) {
            // EvalPlanQual re-checks the join condition on a concurrently updated target row
            List<Plan.MergeAction> actions = new ArrayList<>();
            for (Query.MergeAction a : m.merge().actions()) {
                actions.add(new Plan.MergeAction(a.matched(), a.command(), fix(a.condition(), layout, level),
                        fixAll(a.row(), layout, level)));
            }
            return new Plan.ModifyTable(m.command(), table, alias, input, layout.indexOfVar(new VarKey(result, CTID)),
                    targetColumns, null, fix(m.merge().joinCondition(), layout, level), List.of(), null,
                    checkOption(m, entryLayout(result, columns), level), 0, input.rows(),
                    input.cost() + input.rows() * CPU_TUPLE_COST, List.copyOf(actions));
        }
        return new Plan.ModifyTable(m.command(), table, alias, input, layout.indexOfVar(new VarKey(result, CTID)),
                targetColumns, newValues, check, fixAll(returningExprs(m), layout, level), null,
                checkOption(m, entryLayout(result, columns), level), m.returning().size(), input.rows(), input.cost() + input.rows() * CPU_TUPLE_COST);
    }

    private Plan.CheckOption checkOption(Query.Modify m, Layout newRow, Level level) {
        return m.checkOption() == null ? null
                : new Plan.CheckOption(fix(m.checkOption(), newRow, level), m.checkView());
    }

    /**
     * The system columns RETURNING can show: INSERT's new row's ctid, xmin and xmax; UPDATE's new ctid; DELETE's
     * deleted row's ctid and xmin; tableoid everywhere. The others (a command id, a version's xmax after the command
     * changed it) are not carried to RETURNING yet: 0A000 rather than a wrong value.
     */
    private static void checkReturnedSystemColumns(Query.Modify m, int result) {
        java.util.Set<Integer> read = new java.util.HashSet<>();
        for (Query.TargetEntry t : m.returning()) {
            read.addAll(SublinkPullUp.columnsOf(t.expr(), result));
        }
        for (int attno : read) {
            Query.SystemColumn c = attno < 0 ? Query.SystemColumn.ofAttno(attno) : null;
            if (c == null) {
                continue;
            }
            boolean shown = switch (c) {
                case TABLEOID, CTID -> true;
                case XMIN -> m.command() != Query.Command.UPDATE;
                case XMAX -> m.command() == Query.Command.INSERT;
                case CMIN, CMAX -> false;
            };
            if (!shown) {
                throw Unsupported.of("system column \"" + c.columnName() + "\" in " + m.command() + " RETURNING");
            }
        }
    }

    private static List<Expr> returningExprs(Query.Modify m) {
        List<Expr> out = new ArrayList<>();
        for (Query.TargetEntry t : m.returning()) {
            out.add(t.expr());
        }
        return out;
    }

    /** LIMIT/OFFSET over {@code plan} (their expressions read no row: constants and parameters). */
    private Plan limit(Plan plan, Query q, Level level) {
        return limit(plan, q, level, null);
    }

    private Plan limit(Plan plan, Query q, Level level, List<Plan.SortKey> ties) {
        if (q.limitCount() == null && q.limitOffset() == null) {
            return plan;
        }
        Layout none = new Layout(new ArrayList<>());
        return new Plan.Limit(plan, fix(q.limitCount(), none, level), fix(q.limitOffset(), none, level), ties,
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
        cteParams.add(List.of());
        cteNeeds.add(new ArrayList<>());
        Level child = new Level(level, cte.query());
        Plan plan = cte.modifying() ? planModify(cte.query(), child)
                : stripJunk(planQuery(cte.query(), child), cte.columnNames().size());
        if (cte.recursive()) {
            level.cteIds.put(cte.name(), id);
            Level recursiveLevel = new Level(level, cte.recursiveTerm());
            Plan recursive = stripJunk(planQuery(cte.recursiveTerm(), recursiveLevel), cte.columnNames().size());
            correlate(recursiveLevel, level, id);
            plan = new Plan.RecursiveUnion(id, plan, recursive, cte.unionAll(), cte.columnTypes(),
                    cte.columnNames().size(), plan.rows() * 10, plan.cost() * 10 + recursive.cost() * 10);
        }
        correlate(child, level, id);
        ctePlans.set(id, plan);
        level.cteIds.put(cte.name(), id);
    }

    /**
     * A WITH query of {@code level} reading columns of levels further out: they become {@code level}'s needs (set
     * by whoever runs it, per outer row), and WITH query {@code id} remembers their slots.
     */
    private void correlate(Level cteLevel, Level level, int id) {
        if (cteLevel.needs.isEmpty()) {
            return;
        }
        List<Integer> slots = new ArrayList<>(cteParams.get(id));
        for (Need n : cteLevel.needs) {
            if (!level.needs.contains(n)) {
                level.needs.add(n);
            }
            if (!slots.contains(n.slot())) {
                slots.add(n.slot());
                cteNeeds.get(id).add(n);
            }
        }
        cteParams.set(id, List.copyOf(slots));
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

    /** A unit waiting to be joined, planned once its quals are known: a base entry, or an outer join. */
    private record Unit(int rangeIndex, BitSet relids, Query.JoinExpr outer) {
    }

    private Rel joinTree(List<Query.JoinNode> items, List<Expr> quals, Level level) {
        List<Unit> units = new ArrayList<>();
        List<Query.JoinExpr> outerSemis = semiJoins;
        List<Query.JoinExpr> semis = new ArrayList<>();
        semiJoins = semis;
        try {
            for (Query.JoinNode item : items) {
                flatten(item, units, quals, level);
            }
        } finally {
            semiJoins = outerSemis;
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
            if (target >= 0) {
                restrictions.get(target).add(qual);
            } else {
                pending.add(qual);
            }
        }
        List<Rel> rels = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            if (u.outer() != null) {
                rels.add(outerJoin(u.outer(), restrictions.get(i), pending, level));
            } else {
                rels.add(baseRel(u.rangeIndex(), restrictions.get(i), level));
            }
        }
        return joinRels(rels, pending, semis, level);
    }

    /** Inner joins melt into the list of units (their ON quals join WHERE's); an outer join is one unit. */
    private void flatten(Query.JoinNode node, List<Unit> units, List<Expr> quals, Level level) {
        switch (node) {
            case Query.RangeRef r -> {
                BitSet ids = new BitSet();
                ids.set(r.index());
                units.add(new Unit(r.index(), ids, null));
            }
            case Query.JoinExpr j when j.kind() == Query.JoinKind.SEMI || j.kind() == Query.JoinKind.ANTI -> {
                // a pulled-up sublink: its left side melts in, the join waits until its outer columns are joined
                flatten(j.left(), units, quals, level);
                semiJoins.add(j);
            }
            case Query.JoinExpr j when j.kind() == Query.JoinKind.INNER -> {
                flatten(j.left(), units, quals, level);
                flatten(j.right(), units, quals, level);
                conjuncts(j.quals(), quals);
            }
            case Query.JoinExpr j -> {
                // planned once WHERE's quals are distributed: those on its non-nullable side go below it
                BitSet ids = new BitSet();
                rangeRefs(j, ids);
                units.add(new Unit(0, ids, j));
            }
            case Query.FromExpr f -> {
                for (Query.JoinNode n : f.items()) {
                    flatten(n, units, quals, level);
                }
                conjuncts(f.quals(), quals);
            }
        }
    }

    /**
     * An outer join; of the WHERE quals {@code above} that read only its relations, those reading only its
     * non-nullable side filter that side below the join, the others go to {@code pending} (above the join).
     */
    private Rel outerJoin(Query.JoinExpr j, List<Expr> above, List<Expr> pending, Level level) {
        BitSet leftIds = new BitSet();
        rangeRefs(j.left(), leftIds);
        BitSet rightIds = new BitSet();
        rangeRefs(j.right(), rightIds);
        List<Expr> leftQuals = new ArrayList<>();
        List<Expr> rightQuals = new ArrayList<>();
        for (Expr qual : above) {
            BitSet r = relids(qual, level.query);
            if (j.kind() == Query.JoinKind.LEFT && r != null && !r.isEmpty() && subset(r, leftIds)) {
                leftQuals.add(qual);
            } else if (j.kind() == Query.JoinKind.RIGHT && r != null && !r.isEmpty() && subset(r, rightIds)) {
                rightQuals.add(qual);
            } else {
                pending.add(qual);
            }
        }
        Rel left = joinTree(List.of(j.left()), leftQuals, level);
        Rel right = joinTree(List.of(j.right()), rightQuals, level);
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
    private Rel joinRels(List<Rel> rels, List<Expr> pending, List<Query.JoinExpr> semis, Level level) {
        List<Rel> remaining = new ArrayList<>(rels);
        // LATERAL references to relations outside this list (the other side of an outer join) are the caller's
        BitSet here = new BitSet();
        for (Rel r : rels) {
            here.or(r.relids);
        }
        Rel current = null;
        for (Rel r : remaining) {
            BitSet deps = r.lateralDeps();
            deps.and(here);
            if (deps.isEmpty() && (current == null || r.plan.rows() < current.plan.rows())) {
                current = r;
            }
        }
        if (current == null) {
            throw Unsupported.of("LATERAL references that form a cycle");
        }
        remaining.remove(current);
        current = semiJoins(current, semis, false, level);
        while (!remaining.isEmpty()) {
            Rel best = null;
            Rel bestJoin = null;
            boolean bestConnected = false;
            for (Rel r : remaining) {
                BitSet deps = r.lateralDeps();
                deps.and(here);
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
            current = semiJoins(bestJoin, semis, false, level);
        }
        current = semiJoins(current, semis, true, level);
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

    /** Semi/anti joins (pulled-up sublinks) of the join tree being planned, collected by flatten. */
    private List<Query.JoinExpr> semiJoins = new ArrayList<>();

    /**
     * Applies to {@code current} each pending semi/anti join whose outer columns it has ({@code all}: every one
     * left). The subquery's side is planned as a join tree of its own with the quals that read only it; the other
     * quals are the join's (hash keys when they are equalities between the two sides).
     */
    private Rel semiJoins(Rel current, List<Query.JoinExpr> semis, boolean all, Level level) {
        boolean again = true;
        while (again) {
            again = false;
            for (int i = 0; i < semis.size(); i++) {
                Query.JoinExpr j = semis.get(i);
                BitSet sub = new BitSet();
                rangeRefs(j.right(), sub);
                BitSet needed = SublinkPullUp.varnos(j.quals(), 0);
                needed.andNot(sub);
                if (!all && !subset(needed, current.relids)) {
                    continue;
                }
                semis.remove(i);
                List<Expr> quals = new ArrayList<>();
                conjuncts(j.quals(), quals);
                List<Expr> innerQuals = new ArrayList<>();
                List<Expr> joinQuals = new ArrayList<>();
                for (Expr q : quals) {
                    BitSet r = relids(q, level.query);
                    if (r != null && !r.isEmpty() && subset(r, sub)) {
                        innerQuals.add(q);
                    } else {
                        joinQuals.add(q);
                    }
                }
                Rel inner = joinTree(List.of(j.right()), innerQuals, level);
                Query.JoinKind kind = j.kind();
                if (kind == Query.JoinKind.SEMI && uniqueOn(inner, joinQuals, current, level)) {
                    // reduce_unique_semijoins: at most one inner row matches, so a plain join does
                    kind = Query.JoinKind.INNER;
                }
                current = join(current, inner, kind, joinQuals, level);
                again = true;
                break;
            }
        }
        return current;
    }

    /** Is {@code inner} one table with a unique index whose every column {@code quals} equate to outer values? */
    private static boolean uniqueOn(Rel inner, List<Expr> quals, Rel outer, Level level) {
        if (inner.relids.cardinality() != 1
                || !(level.query.rangeTable().get(inner.relids.nextSetBit(0) - 1) instanceof Query.RelationEntry e)) {
            return false;
        }
        int varno = inner.relids.nextSetBit(0);
        java.util.Set<Integer> equated = new java.util.HashSet<>();
        for (Expr q : quals) {
            if (q instanceof Expr.Call c && c.name().equals("=") && c.args().size() == 2
                    && c.args().get(0).type() == c.args().get(1).type()) {
                for (int side = 0; side < 2; side++) {
                    BitSet other = relids(c.args().get(1 - side), level.query);
                    if (isOwnColumn(c.args().get(side), varno) && other != null && !other.isEmpty()
                            && subset(other, outer.relids)) {
                        equated.add(((Expr.Var) c.args().get(side)).attno());
                    }
                }
            }
        }
        for (IndexDef ix : e.table().indexes()) {
            if (ix.unique() && !ix.partial() && equated.containsAll(ix.columns())) {
                return true;
            }
        }
        return false;
    }

    static void rangeRefs(Query.JoinNode node, BitSet out) {
        switch (node) {
            case Query.RangeRef r -> out.set(r.index());
            case Query.JoinExpr j -> {
                rangeRefs(j.left(), out);
                rangeRefs(j.right(), out);
            }
            case Query.FromExpr f -> {
                for (Query.JoinNode n : f.items()) {
                    rangeRefs(n, out);
                }
            }
        }
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

    /**
     * Joins two rels by the cheapest method for {@code kind} with {@code quals}; an inner join also tries the
     * other side as the outer one (on a tie, the larger side stays outer: the smaller one is hashed or
     * materialized).
     */
    private Rel join(Rel outer, Rel inner, Query.JoinKind kind, List<Expr> quals, Level level) {
        Rel a = joinOriented(outer, inner, kind, quals, level);
        if (kind != Query.JoinKind.INNER || !outer.lateral.isEmpty() || !inner.lateral.isEmpty()) {
            return a;
        }
        Rel b = joinOriented(inner, outer, kind, quals, level);
        double ca = a.plan.cost();
        double cb = b.plan.cost();
        if (cb < ca - 1e-9 || (Math.abs(cb - ca) <= 1e-9 && inner.plan.rows() > outer.plan.rows())) {
            return b;
        }
        return a;
    }

    private Rel joinOriented(Rel outer, Rel inner, Query.JoinKind kind, List<Expr> quals, Level level) {
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
        // hash clauses show outer side first, as PostgreSQL commutes them
        Map<Expr, Expr> commuted = new java.util.IdentityHashMap<>();
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
                        commuted.put(q, new Expr.Call(c.name(), c.type(), List.of(c.args().get(1), c.args().get(0)),
                                c.strict(), c.implementation()));
                        continue;
                    }
                }
            }
            rest.add(q);
        }
        double outerRows = Math.max(1, outer.plan.rows());
        double innerRows = Math.max(1, inner.plan.rows());
        double selectivity = 1.0;
        // eqjoinsel: 1/max(nd1, nd2) per key with statistics; without any, 1/max(rows)
        boolean known = false;
        double semiFraction = Double.NaN;
        for (int i = 0; i < outerKeys.size(); i++) {
            // a side's distinct values are at most its rows (after its restrictions)
            double nd1 = Math.min(distinct(outerKeys.get(i), level), outerRows);
            double nd2 = Math.min(distinct(innerKeys.get(i), level), innerRows);
            if (!Double.isNaN(nd1) && !Double.isNaN(nd2)) {
                selectivity /= Math.max(nd1, nd2);
                known = true;
                if (i == 0) {
                    semiFraction = Math.min(1, nd2 / nd1);
                }
            }
        }
        if (!outerKeys.isEmpty() && !known) {
            selectivity = 1.0 / Math.max(outerRows, innerRows);
        }
        for (int i = 0; i < rest.size(); i++) {
            selectivity *= DEFAULT_INEQ_SEL;
        }
        double rows = Math.max(1, outerRows * innerRows * selectivity);
        if (kind == Query.JoinKind.LEFT || kind == Query.JoinKind.FULL) {
            rows = Math.max(rows, outerRows);
        } else if (kind == Query.JoinKind.SEMI) {
            rows = Math.max(1, Double.isNaN(semiFraction) ? Math.min(outerRows, rows) : outerRows * semiFraction);
        } else if (kind == Query.JoinKind.ANTI) {
            rows = Math.max(1, Double.isNaN(semiFraction) ? outerRows - Math.min(outerRows, rows)
                    : outerRows * (1 - semiFraction));
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
            List<Expr> shown = new ArrayList<>();
            for (Expr q : hashQuals) {
                shown.add(commuted.getOrDefault(q, q));
            }
            Expr hashCond = fix(and(shown), layout, level);
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
        Plan innerPlan = inner.plan;
        if (!innerParameterized && kind != Query.JoinKind.FULL && outerRows > 1 && materializable(innerPlan)) {
            innerPlan = new Plan.Material(innerPlan, innerPlan.width(), innerPlan.rows(),
                    innerPlan.cost() + innerPlan.rows() * CPU_OPERATOR_COST);
        }
        double cost = innerPlan instanceof Plan.Material
                ? outer.plan.cost() + inner.plan.cost() + outerRows * innerRows * CPU_OPERATOR_COST
                : outer.plan.cost() + outerRows * Math.max(inner.plan.cost(), innerRows * CPU_TUPLE_COST);
        plan = new Plan.NestLoop(kind, outer.plan, innerPlan, joinQual, null, params, layout.keys.size(), rows,
                cost + rows * CPU_TUPLE_COST);
        return new Rel(plan, layout, relids, lateral);
    }

    /**
     * Whether a nested loop's inner plan is worth a Material above it: it does not keep its rows already (as a
     * function or CTE scan does) and reads no parameter that could change between rescans.
     */
    private static boolean materializable(Plan p) {
        return !(p instanceof Plan.IndexScan || p instanceof Plan.FunctionScan || p instanceof Plan.CteScan
                || p instanceof Plan.WorkTableScan || p instanceof Plan.Sort || p instanceof Plan.ValuesScan
                || p instanceof Plan.Material || p instanceof Plan.Result) && !Plan.readsParams(p);
    }

    private boolean usedByIndex(Rel indexInner, Expr q) {
        List<Expr> used = indexQuals.get(indexInner.plan);
        return used != null && used.contains(q);
    }

    /** The quals each index scan's bounds came from (its indexCond shows them renamed for EXPLAIN). */
    private final Map<Plan, List<Expr>> indexQuals = new java.util.IdentityHashMap<>();

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
        if (outerKeys.isEmpty() || kind == Query.JoinKind.FULL || kind == Query.JoinKind.RIGHT
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
                    Query subquery = UnusedOutputs.remove(s.subquery(), level.query, index);
                    Level child = new Level(level, subquery);
                    Plan sub = stripJunk(planQuery(subquery, child), s.columnNames().size());
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
                    for (Need n : cteNeeds.get(id)) {
                        if (!level.needs.contains(n)) {
                            level.needs.add(n);
                        }
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

    /**
     * The columns of relation entry {@code index} that {@code q} reads anywhere (its sublinks and subqueries
     * included), for a scan to decode only those; null (all) when a write or row lock re-reads the row.
     */
    static boolean[] readColumns(Query q, int index, int columns) {
        if (q.modify() != null || q.rowMarks() != null) {
            return null;
        }
        boolean[] read = new boolean[columns];
        QueryTrees.walk(q, 0, (node, depth) -> {
            if (node instanceof Expr.Var v && v.varno() == index && v.levelsUp() == depth && v.attno() >= 0
                    && v.attno() < columns) {
                read[v.attno()] = true;
            }
        });
        return read;
    }

    private static Layout entryLayout(int index, int columns) {
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            keys.add(new VarKey(index, i));
        }
        return new Layout(keys);
    }

    /**
     * {@code column op value} from {@code qual}; {@code shown} is the qual with the column first, for EXPLAIN. A
     * {@code recheck} bound only narrows the scan: its qual is still checked on every row the index returns.
     */
    private record Bound(String op, Expr value, Expr qual, Expr shown, boolean recheck) {
        Bound(String op, Expr value, Expr qual, Expr shown) {
            this(op, value, qual, shown, false);
        }
    }

    /**
     * integer_ops' cross-type comparisons (int48eq, int84lt, int24le...): {@code column op value} where the analyzer
     * widened an int2 or int4 column to the value's wider integer type. The column's index serves it with the value
     * narrowed to the column's type, clamped to its range, as an inclusive bound; the comparison itself stays as a
     * check on each row, so a value beyond the column's range (where clamping moves the bound onto the range's
     * edge) returns nothing it should not. Null when {@code column} is not such a widened column.
     */
    private static Bound widenedIntegerBound(Expr column, String op, Expr value, Expr qual, Expr.Call call,
                                             int index) {
        if (!(column instanceof Expr.Coerce c) || !isOwnColumn(c.arg(), index) || value.type() != c.type()) {
            return null;
        }
        PgType from = c.arg().type();
        PgType to = c.type();
        boolean widening = (from == PgType.INT2 || from == PgType.INT4) && to == PgType.INT8
                || from == PgType.INT2 && to == PgType.INT4;
        if (!widening) {
            return null;
        }
        long min = from == PgType.INT2 ? Short.MIN_VALUE : Integer.MIN_VALUE;
        long max = from == PgType.INT2 ? Short.MAX_VALUE : Integer.MAX_VALUE;
        Casts.Conversion clamp = (v, ctx) -> {
            long x = Math.clamp(((Number) v).longValue(), min, max);
            return from == PgType.INT2 ? (Object) (short) x : (Object) (int) x;
        };
        Expr narrowed = new Expr.Coerce(value, from, -1, clamp, 0);
        Expr shown = new Expr.Call(op, call.type(), List.of(c.arg(), value), call.strict(), call.implementation());
        if (value instanceof Expr.Const k && k.value() instanceof Number n && n.longValue() >= min
                && n.longValue() <= max) {
            return new Bound(op, narrowed, qual, shown, false); // a constant in range: the bound is exact
        }
        String inclusive = op.startsWith(">") ? ">=" : op.startsWith("<") ? "<=" : op;
        return new Bound(inclusive, narrowed, qual, shown, true);
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
        if (!entry.members().isEmpty() || table.isPartitioned() || readsSystemColumns(level, index)) {
            return inheritedRelation(index, entry, quals, level, own);
        }
        Layout layout = entryLayout(index, entry.columnNames().size());
        if (level.tidRelations.get(index)) {
            layout.keys.add(new VarKey(index, CTID));
        }
        double rowCount = Math.max(1, tableRows.applyAsDouble(table));
        double pages = Math.max(1, rowCount / ROWS_PER_PAGE);
        Map<Integer, List<Bound>> byColumn = new HashMap<>();
        for (Expr q : quals) {
            if (isIndexableAny(q, index, level, outerRelids)) {
                // col = ANY(array): an equality bound whose key is the array; IndexScanNode probes each element
                byColumn.computeIfAbsent(((Expr.Var) ((Expr.Call) q).args().get(0)).attno(), k -> new ArrayList<>())
                        .add(anyBound(((Expr.Call) q).args().get(1), q));
                continue;
            }
            if (!(q instanceof Expr.Call call) || call.args().size() != 2 || !Operators.isComparison(call.name())
                    || call.name().equals("<>") || call.name().equals("!=")) {
                continue;
            }
            Expr l = call.args().get(0);
            Expr r = call.args().get(1);
            String op = call.name();
            if (!ownOrWidened(l, index) && ownOrWidened(r, index)) {
                Expr t = l;
                l = r;
                r = t;
                op = Operators.commuted(op);
            }
            Bound widened = boundUsable(r, index, level, outerRelids) ? widenedIntegerBound(l, op, r, q, call, index)
                    : null;
            if (widened != null) {
                byColumn.computeIfAbsent(((Expr.Var) ((Expr.Coerce) l).arg()).attno(), k -> new ArrayList<>())
                        .add(widened);
                continue;
            }
            if (isOwnColumn(l, index) && r.type() == l.type() && boundUsable(r, index, level, outerRelids)) {
                byColumn.computeIfAbsent(((Expr.Var) l).attno(), k -> new ArrayList<>()).add(new Bound(op, r, q,
                        op.equals(call.name()) && l == call.args().get(0) ? q
                                : new Expr.Call(op, call.type(), List.of(l, r), call.strict(), call.implementation())));
            }
        }
        IndexDef bestIndex = null;
        List<Bound> bestBounds = null;
        int bestScore = 0;
        int bestEqualCount = 0;
        Map<IndexDef, List<Expr>> implied = new HashMap<>();
        for (IndexDef ix : table.indexes()) {
            if (ix.partial()) {
                // a partial index serves only a query whose conditions imply its predicate
                List<Expr> clauses = IndexPredicates.clauses(table, ix, index);
                if (!IndexPredicates.impliedBy(clauses, quals)) {
                    continue;
                }
                implied.put(ix, clauses);
            }
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
            // a range on the column after the equality prefix (the first column when there is none)
            List<Bound> bounds = equal.size() < ix.columns().size() ? byColumn.get(ix.columns().get(equal.size()))
                    : null;
            if (!equal.isEmpty()) {
                used = new ArrayList<>(equal);
                score = 10 * equal.size() + (equal.size() == ix.columns().size() && ix.unique() ? 100 : 0);
                if (bounds != null) {
                    Bound lower = find(bounds, ">=") != null ? find(bounds, ">=") : find(bounds, ">");
                    Bound upper = find(bounds, "<=") != null ? find(bounds, "<=") : find(bounds, "<");
                    if (lower != null) {
                        used.add(lower);
                        score++;
                    }
                    if (upper != null) {
                        used.add(upper);
                        score++;
                    }
                }
            } else {
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
                score = lower != null && upper != null ? 5 : 3;
            }
            if (score > bestScore) {
                bestIndex = ix;
                bestBounds = used;
                bestScore = score;
                bestEqualCount = equal.size();
            }
        }
        List<Need> lateral = new ArrayList<>();
        level.lateral = lateral;
        level.lateralOwn = own;
        try {
            double seqCost = pages + rowCount * (CPU_TUPLE_COST + CPU_OPERATOR_COST * quals.size());
            if (bestIndex != null && outerRelids == null && !bestBounds.isEmpty()) {
                // cost_index against cost_seqscan: an index range that returns much of the table costs more than
                // reading it in order (a probe from an outer row, outerRelids, has no alternative here)
                double indexRows = Math.max(1, rowCount * selectivity(bestBounds.stream().map(Bound::qual).toList(),
                        index, table, rowCount));
                if (indexCost(rowCount, indexRows) > seqCost) {
                    bestIndex = null;
                }
            }
            if (bestIndex == null) {
                Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
                double rows = Math.max(1, rowCount * selectivity(quals, index, table, rowCount));
                Plan plan = new Plan.SeqScan(table, entry.alias(), filter, layout.keys.size(), rows, seqCost, null,
                        readColumns(level.query, index, table.columns().size()));
                return new Rel(plan, layout, own, lateral);
            }
            List<Expr> rest = new ArrayList<>(quals);
            List<Expr> used = new ArrayList<>();
            List<Expr> shown = new ArrayList<>();
            for (Bound b : bestBounds) {
                if (!b.recheck()) {
                    rest.remove(b.qual());
                }
                used.add(b.qual());
                shown.add(b.shown());
            }
            // conditions the partial index's predicate guarantees need no check (create_indexscan_plan)
            List<Expr> guaranteed = implied.getOrDefault(bestIndex, List.of());
            rest.removeIf(q -> guaranteed.stream().anyMatch(c -> ExprTrees.same(c, q)));
            Expr[] lower;
            Expr[] upper;
            // the bound values as fixed above, for the Index Cond EXPLAIN shows
            Map<Expr, Expr> fixedValues = new java.util.IdentityHashMap<>();
            boolean lowerInclusive;
            boolean upperInclusive;
            // bounds: the equality prefix, then the range on the next column if any (key prefixes of either length)
            List<Expr> prefix = new ArrayList<>();
            for (int i = 0; i < bestEqualCount; i++) {
                Expr key = fix(bestBounds.get(i).value(), layout, level);
                fixedValues.put(bestBounds.get(i).value(), key);
                prefix.add(key);
            }
            Bound lo = null;
            Bound hi = null;
            for (Bound b : bestBounds.subList(bestEqualCount, bestBounds.size())) {
                if (b.op().startsWith(">")) {
                    lo = b;
                } else {
                    hi = b;
                }
            }
            List<Expr> lowerKey = new ArrayList<>(prefix);
            if (lo != null) {
                lowerKey.add(fix(lo.value(), layout, level));
                fixedValues.put(lo.value(), lowerKey.getLast());
            }
            List<Expr> upperKey = new ArrayList<>(prefix);
            if (hi != null) {
                upperKey.add(fix(hi.value(), layout, level));
                fixedValues.put(hi.value(), upperKey.getLast());
            }
            lower = lowerKey.isEmpty() ? null : lowerKey.toArray(new Expr[0]);
            upper = upperKey.isEmpty() ? null : upperKey.toArray(new Expr[0]);
            lowerInclusive = lo == null ? lower != null : lo.op().equals(">=");
            upperInclusive = hi == null ? upper != null : hi.op().equals("<=");
            boolean unique = bestEqualCount == bestBounds.size() && bestBounds.size() == bestIndex.columns().size()
                    && bestIndex.unique();
            double rows = unique ? 1 : Math.max(1, rowCount * selectivity(used, index, table, rowCount)
                    * selectivity(rest, index, table, rowCount));
            Expr filter = rest.isEmpty() ? null : fix(and(rest), layout, level);
            Expr indexCond = displayed(and(shown), fixedValues, level);
            double cost = indexCost(rowCount, rows);
            // an index-only scan when the query reads no column of the table outside the index
            boolean indexOnly = level.query.rowMarks() == null && !level.tidRelations.get(index)
                    && bestIndex.columns().containsAll(neededColumns(level, index));
            Plan plan = new Plan.IndexScan(table, bestIndex, entry.alias(), lower, lowerInclusive, upper,
                    upperInclusive, indexCond, filter, layout.keys.size(), rows, cost, indexOnly);
            indexQuals.put(plan, used);
            return new Rel(plan, layout, own, lateral);
        } finally {
            level.lateral = null;
            level.lateralOwn = null;
        }
    }

    /**
     * A table read with its inheritance children (set_append_rel_pathlist): a sequential scan of each member not
     * pruned by the partition bounds (partprune.c, for quals comparing a key column with a constant), under an
     * Append when there are several, a Result that returns nothing when none is left. Each scan returns the
     * parent's columns (matched by name), the ctid (with the member table) when the entry is a target or locked,
     * and the tableoid when the query reads it.
     */
    private Rel inheritedRelation(int index, Query.RelationEntry entry, List<Expr> quals, Level level, BitSet own) {
        TableDef table = entry.table();
        Layout layout = entryLayout(index, entry.columnNames().size());
        java.util.Set<Integer> needed = neededColumns(level, index);
        boolean tid = level.tidRelations.get(index) || needed.contains(CTID);
        if (tid) {
            layout.keys.add(new VarKey(index, CTID));
        }
        List<Query.SystemColumn> system = new ArrayList<>();
        for (Query.SystemColumn c : Query.SystemColumn.values()) {
            if (c != Query.SystemColumn.CTID && needed.contains(c.attno())) {
                system.add(c);
                layout.keys.add(new VarKey(index, c.attno()));
            }
        }
        boolean inherited = !entry.members().isEmpty();
        List<TableDef> members = inherited ? entry.members() : table.isPartitioned() ? List.of() : List.of(table);
        List<TableDef> kept = new ArrayList<>();
        for (TableDef m : members) {
            if (!PartitionPruning.pruned(entry, m, quals, index)) {
                kept.add(m);
            }
        }
        List<Need> lateral = new ArrayList<>();
        level.lateral = lateral;
        level.lateralOwn = own;
        try {
            Expr filter = quals.isEmpty() ? null : fix(and(quals), layout, level);
            List<Plan> scans = new ArrayList<>();
            double totalRows = 0;
            double totalCost = 0;
            for (TableDef m : kept) {
                if (m.isPartitioned()) {
                    continue; // no rows of its own
                }
                double rowCount = Math.max(1, tableRows.applyAsDouble(m));
                double pages = Math.max(1, rowCount / ROWS_PER_PAGE);
                double rows = Math.max(1, rowCount * selectivity(quals, index, table, rowCount));
                double cost = pages + rowCount * (CPU_TUPLE_COST + CPU_OPERATOR_COST * quals.size());
                // EXPLAIN names the members after the parent (parent_1, parent_2... when there are several)
                String alias = entry.alias();
                // the member table travels with the ctid only where a ModifyTable or RowMark needs it: a ctid the
                // query itself reads is a plain tid
                Plan.ScanColumns columns = new Plan.ScanColumns(InheritanceTree.columnMap(table, m), tid,
                        inherited && level.tidRelations.get(index), List.copyOf(system));
                scans.add(new Plan.SeqScan(m, alias, filter, layout.keys.size(), rows, cost, columns));
                totalRows += rows;
                totalCost += cost;
            }
            Plan plan;
            if (scans.isEmpty()) {
                List<Expr> nulls = new ArrayList<>();
                for (Object key : layout.keys) {
                    nulls.add(new Expr.Const(PgType.UNKNOWN, null, -1));
                }
                plan = new Plan.Result(nulls, new Expr.Const(PgType.BOOL, false, -1), layout.keys.size(), 0, 0);
            } else if (scans.size() == 1) {
                plan = scans.getFirst();
            } else {
                plan = new Plan.Append(List.copyOf(scans), layout.keys.size(), totalRows, totalCost);
            }
            return new Rel(plan, layout, own, lateral);
        } finally {
            level.lateral = null;
            level.lateralOwn = null;
        }
    }

    /** An index scan's cost: the descent, then per row returned a heap fetch (a random page read in 1/ROWS_PER_PAGE). */
    private static double indexCost(double rowCount, double rows) {
        return Math.log(rowCount + 1) / Math.log(2) * CPU_OPERATOR_COST + 1
                + rows * (CPU_TUPLE_COST + 1.0 / ROWS_PER_PAGE * 4);
    }

    /** Does the level read a system column of entry {@code index} (xmin, ctid...: the scan adds them to its row)? */
    private boolean readsSystemColumns(Level level, int index) {
        for (int attno : neededColumns(level, index)) {
            if (attno < 0 && Query.SystemColumn.ofAttno(attno) != null) {
                return true;
            }
        }
        return false;
    }

    private final Map<Query, Map<Integer, java.util.Set<Integer>>> neededColumns = new java.util.IdentityHashMap<>();

    /** The columns of entry {@code index} the level's query reads anywhere (target list, quals, sublinks...). */
    private java.util.Set<Integer> neededColumns(Level level, int index) {
        return neededColumns.computeIfAbsent(level.query, q -> new HashMap<>())
                .computeIfAbsent(index, i -> SublinkPullUp.columnsOf(level.query, i));
    }

    private static boolean ownOrWidened(Expr e, int index) {
        return isOwnColumn(e, index) || e instanceof Expr.Coerce c && isOwnColumn(c.arg(), index);
    }

    private static boolean isOwnColumn(Expr e, int index) {
        return e instanceof Expr.Var v && v.levelsUp() == 0 && v.varno() == index;
    }

    /** {@code col = ANY(array)} on this relation's column, the array of the column's type and computable here. */
    private boolean isIndexableAny(Expr q, int index, Level level, BitSet outerRelids) {
        return q instanceof Expr.Call call && call.name().equals("= ANY") && isOwnColumn(call.args().get(0), index)
                && call.args().get(1).type() == call.args().get(0).type().arrayType()
                && boundUsable(call.args().get(1), index, level, outerRelids);
    }

    private static Bound anyBound(Expr array, Expr qual) {
        return new Bound("=", array, qual, qual);
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
                    || (x instanceof Expr.Call c && Functions.isVolatile(c))) {
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

    /** The fraction of {@code table}'s rows passing {@code quals}: from its statistics where they tell. */
    private double selectivity(List<Expr> quals, int index, TableDef table, double rowCount) {
        double s = 1.0;
        for (Expr q : quals) {
            double one = stats.restriction(q, index, table, rowCount);
            if (Double.isNaN(one)) {
                one = q instanceof Expr.Call c && c.name().equals("=") ? DEFAULT_EQ_SEL : DEFAULT_INEQ_SEL;
            }
            s *= one;
        }
        return s;
    }

    /** The distinct values of a plain column of a table in this level (from ANALYZE), or NaN. */
    private double distinct(Expr e, Level level) {
        if (!(e instanceof Expr.Var v) || v.levelsUp() != 0
                || !(level.query.rangeTable().get(v.varno() - 1) instanceof Query.RelationEntry r)) {
            return Double.NaN;
        }
        osgres.storage.ColumnStatistics s = stats.column(r.table(), v.attno());
        if (s == null) {
            return Double.NaN;
        }
        return Math.max(1, s.distinct(Math.max(1, tableRows.applyAsDouble(r.table()))));
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
                        || (x instanceof Expr.Call c && Functions.isVolatile(c))) {
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

    static void conjuncts(Expr e, List<Expr> out) {
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

    static Expr and(List<Expr> quals) {
        if (quals.isEmpty()) {
            return null;
        }
        return quals.size() == 1 ? quals.getFirst() : new Expr.BoolOp(true, List.copyOf(quals));
    }

    static boolean subset(BitSet a, BitSet b) {
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
            } else if (x instanceof Expr.Call c && Functions.isVolatile(c)) {
                anywhere[0] = false;
            }
        });
        return anywhere[0] ? ids : null;
    }
}
