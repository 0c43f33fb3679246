/*
 * The executor, PostgreSQL's executor/ (execProcnode.c and the node*.c files), pull-based: each Plan node becomes
 * an ExecNode whose next() returns its next row (Object[]) or null at the end, and rescan() starts it again (a
 * nested loop's inner side, a correlated subplan). Expressions read the row being looked at through
 * ExecContext.row, set by the node just before it evaluates them. This class builds the node tree, runs SubPlans
 * (EXISTS, scalar, ANY/ALL; uncorrelated ones are read once per execution and kept) and WITH queries (computed as
 * their readers need them, once per execution or again when the outer values a correlated one reads change), and
 * holds the scan, projection, sort and set nodes; joins are in JoinNodes,
 * grouping and windows in GroupingNodes. Long loops tick LoopInterrupts (cancel, statement_timeout).
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import osgres.sql.internal.func.ArrayFunctions;
import osgres.sql.internal.nodes.ExplainOptions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.BtreeCompare;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.HashKeys;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.storage.BufferUsage;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

public final class PlanExecutor {
    /** The runner SubPlans call (so that Expr does not depend on the executor). */
    public static final Expr.SubPlanRunner SUBPLANS = PlanExecutor::runSubPlan;
    private static final Object CTE_PLANS = new Object();
    /** Per WITH query, the ExecParam slots of the outer columns it reads (Plan.Statement.cteParams). */
    private static final Object CTE_PARAMS = new Object();
    /** Set under EXPLAIN ANALYZE: what each node did (IdentityHashMap by plan node). */
    private static final Object INSTRUMENTATION = new Object();
    /** Set under EXPLAIN (ANALYZE, BUFFERS): nodes also count the buffers they (and their inputs) used. */
    private static final Object BUFFER_INSTRUMENTATION = new Object();

    private PlanExecutor() {
    }

    /** A running plan node. */
    interface ExecNode extends RowSource {
        /** Starts over (parameters may have changed). */
        void rescan();
    }

    /**
     * A node that computes all its rows on the first next() (grouping, windows, INTERSECT/EXCEPT) and then hands them
     * out; rescan computes them again, since parameters may have changed.
     */
    abstract static class MaterializingNode implements ExecNode {
        /** The input the rows come from, rescanned and closed with this node; null when it has none of its own. */
        private final ExecNode input;
        private Iterator<Object[]> out;

        MaterializingNode(ExecNode input) {
            this.input = input;
        }

        abstract List<Object[]> compute();

        @Override
        public Object[] next() {
            if (out == null) {
                out = compute().iterator();
            }
            return out.hasNext() ? out.next() : null;
        }

        @Override
        public void rescan() {
            out = null;
            if (input != null) {
                input.rescan();
            }
        }

        @Override
        public void close() {
            if (input != null) {
                input.close();
            }
        }
    }

    /** Material (nodeMaterial.c): rows kept as the input gives them; a rescan replays them from the start. */
    static final class MaterialNode implements ExecNode {
        private final ExecNode input;
        private final List<Object[]> rows = new ArrayList<>();
        private boolean done;
        private int position;

        MaterialNode(ExecNode input) {
            this.input = input;
        }

        @Override
        public Object[] next() {
            if (position < rows.size()) {
                return rows.get(position++);
            }
            if (done) {
                return null;
            }
            Object[] row = input.next();
            if (row == null) {
                done = true;
                return null;
            }
            rows.add(row);
            position++;
            return row;
        }

        @Override
        public void rescan() {
            position = 0;
        }

        @Override
        public void close() {
            input.close();
        }
    }

    /** Starts a planned statement: rows of its visible columns (or, under EXPLAIN, of its description). */
    static RowSource run(Plan.Statement statement, ExecContext ctx) {
        ctx.execParams = new Object[statement.paramSlots()];
        ctx.subplanCache = new HashMap<>();
        ctx.subplanCache.put(CTE_PLANS, statement.ctes());
        ctx.subplanCache.put(CTE_PARAMS, statement.cteParams());
        if (statement.explain() != null) {
            return explain(statement, ctx);
        }
        runModifyingCtes(statement, ctx);
        ExecNode root = build(statement.plan(), ctx);
        if (statement.ctes().isEmpty()) {
            return root;
        }
        Map<Object, Object> cache = ctx.subplanCache;
        return new RowSource() {
            @Override
            public Object[] next() {
                return root.next();
            }

            @Override
            public void close() {
                root.close();
                // WITH queries read only in part (a LIMIT above them) still have their plans open
                for (Object v : new ArrayList<>(cache.values())) {
                    if (v instanceof CteBuffer buffer) {
                        buffer.close();
                    }
                }
            }
        };
    }

    /**
     * Data-modifying WITH queries run to completion once, whether the statement reads their rows or not; the
     * statement does not see their changes (it started before them).
     */
    private static void runModifyingCtes(Plan.Statement statement, ExecContext ctx) {
        for (int i = 0; i < statement.ctes().size(); i++) {
            if (statement.ctes().get(i) instanceof Plan.ModifyTable) {
                cteBuffer(i, ctx).finish();
            }
        }
    }

    /** The outcome of an INSERT/UPDATE/DELETE: rows written and RETURNING's rows. */
    public record ModifyResult(long processed, List<Object[]> returning) {
    }

    /** Runs a planned INSERT, UPDATE or DELETE to completion (as PostgreSQL runs one before returning its rows). */
    public static ModifyResult runModify(Plan.Statement statement, ExecContext ctx) {
        ctx.execParams = new Object[statement.paramSlots()];
        ctx.subplanCache = new HashMap<>();
        ctx.subplanCache.put(CTE_PLANS, statement.ctes());
        ctx.subplanCache.put(CTE_PARAMS, statement.cteParams());
        runModifyingCtes(statement, ctx);
        ModifyNodes.ModifyTableNode node = new ModifyNodes.ModifyTableNode((Plan.ModifyTable) statement.plan(), ctx);
        try {
            List<Object[]> rows = new ArrayList<>();
            for (Object[] row = node.next(); row != null; row = node.next()) {
                rows.add(row);
            }
            return new ModifyResult(node.processed(), rows);
        } finally {
            node.close();
        }
    }

    /** EXPLAIN: the plan's description; under ANALYZE the plan runs first (its rows discarded), measured. */
    private static RowSource explain(Plan.Statement statement, ExecContext ctx) {
        ExplainOptions options = statement.explain();
        Map<Plan, Explain.Counts> counts = new java.util.IdentityHashMap<>();
        double executionMillis = 0;
        if (options.analyze()) {
            ctx.subplanCache.put(INSTRUMENTATION, counts);
            if (options.buffers()) {
                ctx.subplanCache.put(BUFFER_INSTRUMENTATION, Boolean.TRUE);
            }
            long start = System.nanoTime();
            ExecNode node = build(statement.plan(), ctx);
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            try {
                while (node.next() != null) {
                    interrupts.tick();
                }
            } finally {
                node.close();
            }
            executionMillis = (System.nanoTime() - start) / 1e6;
            ctx.subplanCache.remove(INSTRUMENTATION);
            ctx.subplanCache.remove(BUFFER_INSTRUMENTATION);
        }
        List<String[]> settings = options.settings() ? ctx.session().gucs().explainSettings() : List.of();
        List<String> lines = Explain.render(statement, options, counts, statement.planningMillis(), executionMillis,
                ctx.output(), settings);
        List<Object[]> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(new Object[] {line});
        }
        return RowSource.of(rows);
    }

    static ExecNode build(Plan plan, ExecContext ctx) {
        ExecNode node = buildNode(plan, ctx);
        @SuppressWarnings("unchecked")
        Map<Plan, Explain.Counts> counts = ctx.subplanCache == null ? null
                : (Map<Plan, Explain.Counts>) ctx.subplanCache.get(INSTRUMENTATION);
        if (counts == null) {
            return node;
        }
        Explain.Counts c = counts.computeIfAbsent(plan, k -> new Explain.Counts());
        if (node instanceof ScanNode scan) {
            scan.counts = c;
        } else if (node instanceof FilterNode filter) {
            filter.counts = c;
        } else if (node instanceof SortNode sort) {
            sort.counts = c;
        } else if (node instanceof ModifyNodes.ModifyTableNode modify) {
            modify.counts = c;
        }
        c.buffers = ctx.subplanCache.containsKey(BUFFER_INSTRUMENTATION) ? BufferUsage.Snapshot.ZERO
                : null;
        return new InstrumentedNode(node, c);
    }

    /** The node under EXPLAIN ANALYZE's instrumentation. */
    private static ExecNode unwrap(ExecNode node) {
        return node instanceof InstrumentedNode i ? i.node : node;
    }

    /** EXPLAIN ANALYZE's view of a node: loops, rows and time (InstrStartNode/InstrStopNode). */
    private static final class InstrumentedNode implements ExecNode {
        private final ExecNode node;
        private final Explain.Counts counts;
        private boolean started;
        private boolean first;

        InstrumentedNode(ExecNode node, Explain.Counts counts) {
            this.node = node;
            this.counts = counts;
        }

        @Override
        public Object[] next() {
            if (!started) {
                started = true;
                first = true;
                counts.loops++;
            }
            BufferUsage.Snapshot before = counts.buffers == null ? null
                    : BufferUsage.snapshot();
            long start = System.nanoTime();
            Object[] row = node.next();
            long spent = System.nanoTime() - start;
            if (before != null) {
                counts.buffers = counts.buffers.plus(BufferUsage.snapshot().minus(before));
            }
            counts.totalNanos += spent;
            if (first) {
                counts.firstNanos += spent;
                first = false;
            }
            if (row != null) {
                counts.rows++;
            }
            return row;
        }

        @Override
        public void rescan() {
            started = false;
            node.rescan();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    private static ExecNode buildNode(Plan plan, ExecContext ctx) {
        return switch (plan) {
            case Plan.SeqScan s -> new SeqScanNode(s, ctx);
            case Plan.IndexScan s -> new IndexScanNode(s, ctx);
            case Plan.ValuesScan s -> new ValuesNode(s, ctx);
            case Plan.FunctionScan s -> new FunctionScanNode(s, ctx);
            case Plan.ViewScan s -> new ListScanNode(s.filter(), ctx,
                    () -> s.view().scan(ctx.session()));
            case Plan.SubqueryScan s -> new SubqueryScanNode(s, ctx);
            case Plan.CteScan s -> new CteScanNode(s, ctx);
            case Plan.WorkTableScan s -> new ListScanNode(s.filter(), ctx, () -> workTable(s.cte(), ctx));
            case Plan.Result r -> new ResultNode(r, ctx);
            case Plan.Gate g -> new GateNode(g, ctx);
            case Plan.Project p -> new ProjectNode(p, ctx);
            case Plan.Filter f -> new FilterNode(f, ctx);
            case Plan.ProjectSet p -> new ProjectSetNode(p, ctx);
            case Plan.NestLoop n -> new JoinNodes.NestLoopNode(n, ctx);
            case Plan.HashJoin h -> new JoinNodes.HashJoinNode(h, ctx);
            case Plan.Agg a -> new GroupingNodes.AggNode(a, ctx);
            case Plan.WindowAgg w -> new GroupingNodes.WindowAggNode(w, ctx);
            case Plan.Sort s -> new SortNode(s, ctx);
            case Plan.Unique u -> new UniqueNode(u, ctx);
            case Plan.HashDistinct d -> new HashDistinctNode(d, ctx);
            case Plan.Limit l -> new LimitNode(l, ctx);
            case Plan.Append a -> new AppendNode(a, ctx);
            case Plan.SetOp s -> new SetOpNode(s, ctx);
            case Plan.RecursiveUnion r -> new RecursiveUnionNode(r, ctx);
            case Plan.LockRows l -> new ModifyNodes.LockRowsNode(l, ctx);
            case Plan.ModifyTable m -> new ModifyNodes.ModifyTableNode(m, ctx);
            case Plan.Material m -> new MaterialNode(build(m.input(), ctx));
        };
    }

    static boolean passes(Expr filter, ExecContext ctx) {
        return filter == null || Boolean.TRUE.equals(filter.eval(ctx));
    }

    // ---------------------------------------------------------------- subplans and WITH queries

    private static Object runSubPlan(Expr.SubPlan sp, ExecContext ctx) {
        if (sp.hashed()) {
            return hashedSubPlan(sp, ctx);
        }
        for (int i = 0; i < sp.slots().size(); i++) {
            ctx.execParams[sp.slots().get(i)] = sp.args().get(i).eval(ctx);
        }
        Plan plan = (Plan) sp.plan();
        // rows kept for the statement only when nothing from outside the subplan can change them: no parameters
        // of its own, and none an enclosing level or nested loop sets (those are not in its slots)
        boolean cached = sp.slots().isEmpty() && !readsOuterParams(sp, ctx);
        List<Object[]> rows = null;
        if (cached) {
            @SuppressWarnings("unchecked")
            List<Object[]> kept = (List<Object[]>) ctx.subplanCache.get(sp);
            if (kept == null) {
                kept = materialize(plan, ctx.child(), sp.kind() == Expr.SubQueryKind.EXISTS ? 1 : -1);
                ctx.subplanCache.put(sp, kept);
            }
            rows = kept;
        }
        Iterator<Object[]> it;
        ExecNode node = null;
        if (rows != null) {
            it = rows.iterator();
        } else {
            node = build(plan, ctx.child());
            ExecNode n = node;
            it = new Iterator<>() {
                Object[] next = n.next();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Object[] next() {
                    Object[] r = next;
                    next = n.next();
                    return r;
                }
            };
        }
        try {
            switch (sp.kind()) {
                case EXISTS -> {
                    return it.hasNext();
                }
                case SCALAR, MULTIEXPR -> {
                    if (!it.hasNext()) {
                        return null;
                    }
                    Object[] first = it.next();
                    if (it.hasNext()) {
                        throw Messages.subqueryMoreThanOneRow();
                    }
                    return sp.kind() == Expr.SubQueryKind.SCALAR ? first[0] : first;
                }
                case ARRAY -> {
                    // ARRAY(SELECT ...): the single column of every row, in the subquery's order
                    List<Object> values = new ArrayList<>();
                    while (it.hasNext()) {
                        values.add(it.next()[0]);
                    }
                    if (values.stream().anyMatch(v -> v instanceof osgres.storage.ArrayValue)) {
                        return ArrayFunctions.stack(sp.type().elementType(), values.toArray());
                    }
                    return PgArrays.of(sp.type().elementType(), values);
                }
                case ROWCOMPARE -> {
                    // the single row compared with the row on the left; no row gives null
                    if (!it.hasNext()) {
                        return null;
                    }
                    Object[] only = it.next();
                    if (it.hasNext()) {
                        throw Messages.subqueryMoreThanOneRow();
                    }
                    Object[] saved = ctx.subqueryRow;
                    try {
                        ctx.subqueryRow = only;
                        return sp.test().eval(ctx);
                    } finally {
                        ctx.subqueryRow = saved;
                    }
                }
                case ANY, ALL -> {
                    boolean any = sp.kind() == Expr.SubQueryKind.ANY;
                    boolean sawNull = false;
                    Object[] saved = ctx.subqueryRow;
                    try {
                        while (it.hasNext()) {
                            ctx.subqueryRow = it.next();
                            Object v = sp.test().eval(ctx);
                            if (v == null) {
                                sawNull = true;
                            } else if ((Boolean) v == any) {
                                return any;
                            }
                        }
                    } finally {
                        ctx.subqueryRow = saved;
                    }
                    return sawNull ? null : !any;
                }
                default -> throw new IllegalStateException("subplan kind " + sp.kind());
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static final Object PARAMETERIZED_SUBPLANS = new Object();

    private static boolean readsOuterParams(Expr.SubPlan sp, ExecContext ctx) {
        @SuppressWarnings("unchecked")
        Map<Expr.SubPlan, Boolean> known = (Map<Expr.SubPlan, Boolean>) ctx.subplanCache
                .computeIfAbsent(PARAMETERIZED_SUBPLANS, k -> new java.util.IdentityHashMap<Expr.SubPlan, Boolean>());
        @SuppressWarnings("unchecked")
        List<List<Integer>> cteParams = (List<List<Integer>>) ctx.subplanCache.get(CTE_PARAMS);
        // a scan of a correlated WITH query reads its outer values too
        return known.computeIfAbsent(sp, k -> Plan.readsParams(k.plan(),
                cte -> cteParams != null && !cteParams.get(cte).isEmpty()));
    }

    /** A hashed SubPlan's values: the non-null ones as hash keys, whether there was a null, whether any row. */
    private record HashedValues(java.util.Set<List<Object>> keys, boolean sawNull, boolean empty) {
    }

    private static final Object HASHED_SUBPLANS = new Object();

    /**
     * {@code x = ANY (uncorrelated subquery)} by a hash table built on first use (nodeSubplan.c's hashed
     * SubPlan): true when x's value is in it; else null when x is null or the subquery gave a null; else false.
     * A hashed EXISTS (its correlation equalities turned into probes): true when the probe values are in it.
     */
    private static Object hashedSubPlan(Expr.SubPlan sp, ExecContext ctx) {
        @SuppressWarnings("unchecked")
        Map<Expr.SubPlan, HashedValues> tables = (Map<Expr.SubPlan, HashedValues>) ctx.subplanCache
                .computeIfAbsent(HASHED_SUBPLANS, k -> new java.util.IdentityHashMap<Expr.SubPlan, HashedValues>());
        // the probe expressions: the left side of each "probe = column i" of the test
        List<Expr> probes = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        for (Expr t : sp.test() instanceof Expr.BoolOp b ? b.args() : List.of(sp.test())) {
            Expr probe = ((Expr.Call) t).args().get(0);
            probes.add(probe);
            types.add(probe.type());
        }
        HashedValues values = tables.get(sp);
        if (values == null) {
            Set<List<Object>> keys = new HashSet<>();
            boolean sawNull = false;
            List<Object[]> rows = materialize((Plan) sp.plan(), ctx.child(), -1);
            for (Object[] row : rows) {
                List<Object> key = HashKeys.keyOrNull(java.util.Arrays.copyOf(row, probes.size()), types);
                if (key == null) {
                    sawNull = true;
                } else {
                    keys.add(key);
                }
            }
            values = new HashedValues(keys, sawNull, rows.isEmpty());
            tables.put(sp, values);
        }
        Object[] probe = new Object[probes.size()];
        boolean nullProbe = false;
        for (int i = 0; i < probe.length; i++) {
            probe[i] = probes.get(i).eval(ctx);
            nullProbe |= probe[i] == null;
        }
        if (sp.kind() == Expr.SubQueryKind.EXISTS) {
            // an equality with a null is never true: no row would have matched
            return !nullProbe && values.keys().contains(HashKeys.keyOrNull(probe, types));
        }
        if (values.empty()) {
            return false;
        }
        if (nullProbe) {
            return null;
        }
        if (values.keys().contains(HashKeys.keyOrNull(probe, types))) {
            return true;
        }
        return values.sawNull() ? null : false;
    }

    /** Reads a plan's rows (at most {@code limit} when >= 0). */
    static List<Object[]> materialize(Plan plan, ExecContext ctx, int limit) {
        List<Object[]> out = new ArrayList<>();
        ExecNode node = build(plan, ctx);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        try {
            for (Object[] r = node.next(); r != null && (limit < 0 || out.size() < limit); r = node.next()) {
                interrupts.tick();
                out.add(r);
            }
        } finally {
            node.close();
        }
        return out;
    }

    /**
     * A WITH query's rows as far as its readers have needed them (PostgreSQL's CteScan over a shared tuplestore):
     * the query runs once per statement, one row at a time, so that an outer LIMIT stops even an endless
     * recursion; each CteScan keeps its own position.
     */
    private static final class CteBuffer {
        private final ExecNode source;
        /** The rows computed so far: in memory up to work_mem, then in a temporary file (nodeCtescan's tuplestore). */
        private final TupleStore rows;
        /** The outer values the rows are computed with (a correlated WITH query), else empty. */
        private final Object[] paramValues;
        private boolean done;

        CteBuffer(ExecNode source, Object[] paramValues, ExecContext ctx) {
            this.source = source;
            this.paramValues = paramValues;
            this.rows = new TupleStore(ctx.session().temporaryFiles(), WorkMem.bytes(ctx));
        }

        /** Row {@code i} (0-based), computing rows up to it; null past the end. */
        Object[] row(int i) {
            while (!done && rows.size() <= i) {
                Object[] r = source.next();
                if (r == null) {
                    done = true;
                    source.close();
                } else {
                    rows.add(r);
                }
            }
            return i < rows.size() ? rows.get(i) : null;
        }

        void finish() {
            row(Integer.MAX_VALUE);
        }

        /** Stops a query not read to its end (the statement is over, or its outer values changed). */
        void close() {
            if (!done) {
                done = true;
                source.close();
            }
            rows.close();
        }
    }

    private static final String CTE_KEY = "cte:";

    @SuppressWarnings("unchecked")
    private static CteBuffer cteBuffer(int cte, ExecContext ctx) {
        String key = CTE_KEY + cte;
        CteBuffer buffer = (CteBuffer) ctx.subplanCache.get(key);
        List<List<Integer>> params = (List<List<Integer>>) ctx.subplanCache.get(CTE_PARAMS);
        List<Integer> slots = params == null ? List.of() : params.get(cte);
        Object[] values = new Object[slots.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ctx.execParams[slots.get(i)];
        }
        if (buffer != null && !java.util.Arrays.equals(values, buffer.paramValues)) {
            // a correlated WITH query whose outer values changed (ExecReScanCteScan's chgParam): computed again
            buffer.close();
            buffer = null;
        }
        if (buffer == null) {
            List<Plan> plans = (List<Plan>) ctx.subplanCache.get(CTE_PLANS);
            buffer = new CteBuffer(build(plans.get(cte), ctx.child()), values, ctx);
            ctx.subplanCache.put(key, buffer);
        }
        return buffer;
    }

    /** A CteScan: reads the WITH query's buffer from its own position. */
    private static final class CteScanNode extends ScanNode {
        private final int cte;
        private CteBuffer buffer;
        private int position;

        CteScanNode(Plan.CteScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.cte = plan.cte();
        }

        @Override
        Object[] fetch() {
            if (buffer == null) {
                buffer = cteBuffer(cte, ctx);
            }
            Object[] row = buffer.row(position);
            if (row != null) {
                position++;
            }
            return row;
        }

        @Override
        public void rescan() {
            position = 0;
            buffer = null;
        }

        @Override
        public void close() {
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> workTable(int cte, ExecContext ctx) {
        List<Object[]> rows = (List<Object[]>) ctx.subplanCache.get("worktable:" + cte);
        return rows == null ? List.of() : rows;
    }

    /**
     * WITH RECURSIVE (nodeRecursiveunion.c): the non-recursive term's rows, then the recursive term run again and
     * again over the working table (the rows the previous round added) until a round adds none. Rows are handed
     * out as they are made, so a reader that stops early (LIMIT) stops the recursion. UNION (not ALL) drops rows
     * seen before. WITH queries nested in the recursive term read the working table: their buffers are dropped
     * after each round.
     */
    private static final class RecursiveUnionNode implements ExecNode {
        private final Plan.RecursiveUnion plan;
        private final ExecContext ctx;
        private final List<Integer> columns = new ArrayList<>();
        private final LoopInterrupts interrupts;
        private final String workTableKey;
        private Set<List<Object>> seen;
        private ExecNode input;
        private boolean recursing;
        private boolean finished;
        private List<Object[]> produced;
        private Set<String> ctesBefore;

        RecursiveUnionNode(Plan.RecursiveUnion plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.interrupts = new LoopInterrupts(ctx);
            this.workTableKey = "worktable:" + plan.cte();
            for (int i = 0; i < plan.types().size(); i++) {
                columns.add(i);
            }
            rescan();
        }

        @Override
        public Object[] next() {
            while (!finished) {
                interrupts.tick();
                Object[] row = input.next();
                if (row != null) {
                    if (seen == null || seen.add(HashKeys.key(row, columns, plan.types()))) {
                        produced.add(row);
                        return row;
                    }
                    continue;
                }
                input.close();
                if (recursing) {
                    forgetNestedCtes();
                }
                if (produced.isEmpty()) {
                    ctx.subplanCache.remove(workTableKey);
                    finished = true;
                    return null;
                }
                // the next round reads what this one produced
                ctx.subplanCache.put(workTableKey, produced);
                produced = new ArrayList<>();
                ctesBefore = cteKeys();
                recursing = true;
                input = build(plan.recursive(), ctx.child());
            }
            return null;
        }

        private Set<String> cteKeys() {
            Set<String> keys = new HashSet<>();
            for (Object k : ctx.subplanCache.keySet()) {
                if (k instanceof String s && s.startsWith(CTE_KEY)) {
                    keys.add(s);
                }
            }
            return keys;
        }

        private void forgetNestedCtes() {
            for (String k : cteKeys()) {
                if (!ctesBefore.contains(k) && ctx.subplanCache.remove(k) instanceof CteBuffer buffer) {
                    buffer.close();
                }
            }
        }

        @Override
        public void rescan() {
            if (input != null) {
                input.close();
            }
            seen = plan.all() ? null : new HashSet<>();
            produced = new ArrayList<>();
            recursing = false;
            finished = false;
            input = build(plan.nonRecursive(), ctx.child());
        }

        @Override
        public void close() {
            if (!finished) {
                input.close();
            }
        }
    }

    // ---------------------------------------------------------------- scans

    /** Shared by scans: the row it read becomes ctx.row for its filter. */
    private abstract static class ScanNode implements ExecNode {
        final ExecContext ctx;
        final Expr filter;
        final LoopInterrupts interrupts;
        /** Under EXPLAIN ANALYZE: where rows the filter removed are counted. */
        Explain.Counts counts;

        ScanNode(ExecContext ctx, Expr filter) {
            this.ctx = ctx;
            this.filter = filter;
            this.interrupts = new LoopInterrupts(ctx);
        }

        /** The next candidate row, or null. */
        abstract Object[] fetch();

        @Override
        public Object[] next() {
            while (true) {
                Object[] row = fetch();
                if (row == null) {
                    return null;
                }
                if (filter == null) {
                    return row;
                }
                interrupts.tick();
                ctx.row = row;
                if (Boolean.TRUE.equals(filter.eval(ctx))) {
                    return row;
                }
                if (counts != null) {
                    counts.removedByFilter++;
                }
            }
        }
    }

    /**
     * A table row as a scan returns it: its values, followed by its ctid when the scan is one column wider than the
     * table (the target of an UPDATE or DELETE, a table locked FOR UPDATE).
     */
    private static Object[] withTid(RowVersion v, int width) {
        Object[] values = v.values();
        if (width == values.length) {
            return values;
        }
        Object[] row = java.util.Arrays.copyOf(values, width);
        row[values.length] = v.tid();
        return row;
    }

    /**
     * A command id as the system columns cmin and cmax show it: the storage counts a transaction's commands from 1
     * (each statement advances the counter before it runs), PostgreSQL's first command is 0. Like PostgreSQL's single
     * t_cid field, cmax shows the inserting command while no command of the transaction deleted the row.
     */
    private static long shownCommandId(int cid) {
        return Math.max(0, cid - 1) & 0xFFFFFFFFL;
    }

    /** A row of an inheritance member as its parent's scan returns it (Plan.ScanColumns). */
    private static Object[] memberRow(RowVersion v, TableDef table, Plan.ScanColumns columns, int width) {
        Object[] values = v.values();
        Object[] row = new Object[width];
        int n = columns.map().length;
        for (int i = 0; i < n; i++) {
            int at = columns.map()[i];
            row[i] = at >= 0 && at < values.length ? values[at] : null;
        }
        if (columns.tid()) {
            row[n++] = columns.member() ? new Plan.MemberTid(table, v.tid()) : v.tid();
        }
        for (Query.SystemColumn c : columns.system()) {
            row[n++] = switch (c) {
                case XMIN -> v.xmin() & 0xFFFFFFFFL;
                case XMAX -> v.xmax() & 0xFFFFFFFFL;
                case CMIN -> shownCommandId(v.cmin());
                case CMAX -> shownCommandId(v.cmax() != 0 ? v.cmax() : v.cmin());
                case TABLEOID -> table.oid() & 0xFFFFFFFFL;
                case CTID -> v.tid();
            };
        }
        return row;
    }

    private static final class SeqScanNode extends ScanNode {
        private final Plan.SeqScan plan;
        private RowScan scan;

        SeqScanNode(Plan.SeqScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.plan = plan;
        }

        @Override
        Object[] fetch() {
            if (scan == null) {
                scan = ctx.transaction().scan(plan.table(), plan.decoded());
            }
            if (!scan.hasNext()) {
                return null;
            }
            return plan.columns() == null ? withTid(scan.next(), plan.width())
                    : memberRow(scan.next(), plan.table(), plan.columns(), plan.width());
        }

        @Override
        public void rescan() {
            close();
        }

        @Override
        public void close() {
            if (scan != null) {
                scan.close();
                scan = null;
            }
        }
    }

    private static final class IndexScanNode extends ScanNode {
        private static final Object[] NO_ROWS = new Object[0];
        private final Plan.IndexScan plan;
        private RowScan scan;
        private boolean empty;
        /** The combinations of = ANY keys' elements, scanned one after the other; null when the keys are plain. */
        private Object[] keys;
        private int nextKey;

        IndexScanNode(Plan.IndexScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.plan = plan;
        }

        /**
         * The next row of the index range. A range bounded below only runs to the end of the index, where the
         * B-tree keeps its NULL keys: those never satisfy the bound (the comparison operators are strict), so they
         * are skipped, as _bt_checkkeys ends a forward scan at the first NULL.
         */
        @Override
        Object[] fetch() {
            while (true) {
                Object[] row = fetchInRange();
                if (row == null || plan.upper() != null || plan.lower() == null || !nullLowerKey(row)) {
                    return row;
                }
            }
        }

        private boolean nullLowerKey(Object[] row) {
            for (int i = 0; i < plan.lower().length; i++) {
                int column = plan.index().columns().get(i);
                if (column >= 0 && column < row.length && row[column] == null) {
                    return true;
                }
            }
            return false;
        }

        private Object[] fetchInRange() {
            if (empty) {
                return null;
            }
            // (re)open: the first time, and for each further = ANY key once a key's rows are done
            while (scan == null || keys != null && nextKey < keys.length && !scan.hasNext()) {
                if (scan != null) {
                    scan.close();
                    scan = null;
                }
                open();
                if (empty) {
                    return null;
                }
            }
            if (!scan.hasNext()) {
                return null;
            }
            return withTid(scan.next(), plan.width());
        }

        private void open() {
            Object[] lower = bounds(plan.lower());
            Object[] upper = bounds(plan.upper());
            if (lower == NO_ROWS || upper == NO_ROWS) {
                empty = true;
                return;
            }
            if (keys == null && hasArrayKey()) {
                keys = keyCombinations(lower);
            }
            if (keys != null) {
                if (nextKey >= keys.length) {
                    empty = true;
                    return;
                }
                Object[] combination = (Object[]) keys[nextKey++];
                lower = substitute(lower, combination);
                upper = substitute(upper, combination);
            }
            Transaction tx = ctx.transaction();
            scan = tx.indexScan(plan.index(), lower, plan.lowerInclusive(), upper, plan.upperInclusive());
        }

        /** Index column {@code i} of the plan's index, as a PgType (null when osgres.sql has none). */
        private PgType columnType(int i) {
            return PgType.byOid(plan.table().columns().get(plan.index().columns().get(i)).typeOid());
        }

        /** A key of an array type over an index column that is not one: the Planner's {@code = ANY} bound. */
        private boolean isArrayKey(Expr[] key, int i) {
            if (key == null || i >= key.length || !key[i].type().isArray()) {
                return false;
            }
            PgType column = columnType(i);
            return column == null || !column.isArray();
        }

        private boolean hasArrayKey() {
            Expr[] lower = plan.lower();
            for (int i = 0; lower != null && i < lower.length; i++) {
                if (isArrayKey(lower, i)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Every combination of the array keys' distinct elements, in index order (one array: its sorted elements);
         * each an Object[] with the element at an array key's position and null elsewhere.
         */
        private Object[] keyCombinations(Object[] lower) {
            List<Object[]> combinations = new ArrayList<>();
            combinations.add(new Object[lower.length]);
            for (int i = 0; i < lower.length; i++) {
                if (!isArrayKey(plan.lower(), i)) {
                    continue;
                }
                List<Object[]> next = new ArrayList<>();
                for (Object[] c : combinations) {
                    for (Object e : distinctElements((osgres.storage.ArrayValue) lower[i])) {
                        Object[] d = c.clone();
                        d[i] = e;
                        next.add(d);
                    }
                }
                combinations = next;
            }
            return combinations.toArray();
        }

        /** The key with each array key replaced by this combination's element. */
        private Object[] substitute(Object[] key, Object[] combination) {
            if (key == null) {
                return null;
            }
            Object[] out = key.clone();
            for (int i = 0; i < out.length && i < combination.length; i++) {
                if (combination[i] != null && out[i] instanceof osgres.storage.ArrayValue) {
                    out[i] = combination[i];
                }
            }
            return out;
        }

        /** The array's non-null elements, sorted and without duplicates: the keys to scan in index order. */
        private static Object[] distinctElements(osgres.storage.ArrayValue a) {
            PgType type = PgArrays.elementType(a);
            List<Object> out = new ArrayList<>();
            for (Object e : a.elements()) {
                if (e != null) {
                    out.add(e);
                }
            }
            out.sort((x, y) -> BtreeCompare.compare(type, x, y));
            List<Object> distinct = new ArrayList<>();
            for (Object e : out) {
                if (distinct.isEmpty() || BtreeCompare.compare(type, distinct.getLast(), e) != 0) {
                    distinct.add(e);
                }
            }
            return distinct.toArray();
        }

        /** A null bound matches nothing (the comparison operators are strict). */
        private Object[] bounds(Expr[] exprs) {
            if (exprs == null) {
                return null;
            }
            Object[] out = new Object[exprs.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = exprs[i].eval(ctx);
                if (out[i] == null) {
                    return NO_ROWS;
                }
            }
            return out;
        }

        @Override
        public void rescan() {
            close();
            empty = false;
            keys = null;
            nextKey = 0;
        }

        @Override
        public void close() {
            if (scan != null) {
                scan.close();
                scan = null;
            }
        }
    }

    private static final class ValuesNode extends ScanNode {
        private final Plan.ValuesScan plan;
        private int next;

        ValuesNode(Plan.ValuesScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.plan = plan;
        }

        @Override
        Object[] fetch() {
            if (next >= plan.values().size()) {
                return null;
            }
            List<Expr> exprs = plan.values().get(next++);
            Object[] row = new Object[exprs.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = exprs.get(i).eval(ctx);
            }
            return row;
        }

        @Override
        public void rescan() {
            next = 0;
        }

        @Override
        public void close() {
        }
    }

    private static final class FunctionScanNode extends ScanNode {
        private final Plan.FunctionScan plan;
        private Iterator<Object[]> rows;
        private long ordinal;

        FunctionScanNode(Plan.FunctionScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.plan = plan;
        }

        @Override
        Object[] fetch() {
            if (rows == null) {
                Expr.SetFunction f = plan.function();
                Object[] args = new Object[f.args().size()];
                boolean nullArg = false;
                for (int i = 0; i < args.length; i++) {
                    args[i] = f.args().get(i).eval(ctx);
                    nullArg |= args[i] == null;
                }
                rows = nullArg && f.strict() ? java.util.Collections.emptyIterator()
                        : f.implementation().rows(ctx, args);
                ordinal = 0;
            }
            if (!rows.hasNext()) {
                return null;
            }
            interrupts.tick();
            Object[] row = rows.next();
            if (plan.ordinality()) {
                Object[] withOrdinal = java.util.Arrays.copyOf(row, row.length + 1);
                withOrdinal[row.length] = ++ordinal;
                return withOrdinal;
            }
            return row;
        }

        @Override
        public void rescan() {
            rows = null;
        }

        @Override
        public void close() {
        }
    }

    /** Rows from a list made on first read (a system view, a WITH query, the working table). */
    private static final class ListScanNode extends ScanNode {
        private final java.util.function.Supplier<List<Object[]>> source;
        private List<Object[]> rows;
        private int next;

        ListScanNode(Expr filter, ExecContext ctx, java.util.function.Supplier<List<Object[]>> source) {
            super(ctx, filter);
            this.source = source;
        }

        @Override
        Object[] fetch() {
            if (rows == null) {
                rows = source.get();
            }
            return next < rows.size() ? rows.get(next++) : null;
        }

        @Override
        public void rescan() {
            next = 0;
            rows = null;
        }

        @Override
        public void close() {
        }
    }

    private static final class SubqueryScanNode extends ScanNode {
        private final ExecNode input;

        SubqueryScanNode(Plan.SubqueryScan plan, ExecContext ctx) {
            super(ctx, plan.filter());
            this.input = build(plan.subplan(), ctx.child());
        }

        @Override
        Object[] fetch() {
            return input.next();
        }

        @Override
        public void rescan() {
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    // ---------------------------------------------------------------- projection and filters

    private static final class ResultNode implements ExecNode {
        private final Plan.Result plan;
        private final ExecContext ctx;
        private boolean done;

        ResultNode(Plan.Result plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
        }

        @Override
        public Object[] next() {
            if (done) {
                return null;
            }
            done = true;
            ctx.row = new Object[0];
            if (!passes(plan.filter(), ctx)) {
                return null;
            }
            Object[] row = new Object[plan.targets().size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = plan.targets().get(i).eval(ctx);
            }
            return row;
        }

        @Override
        public void rescan() {
            done = false;
        }
    }

    /** A Result with a one-time filter over an input (nodeResult.c's resconstantqual): checked once per scan. */
    private static final class GateNode implements ExecNode {
        private final Plan.Gate plan;
        private final ExecContext ctx;
        private final ExecNode input;
        private Boolean open;

        GateNode(Plan.Gate plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.input = build(plan.input(), ctx);
        }

        @Override
        public Object[] next() {
            if (open == null) {
                ctx.row = new Object[0];
                open = passes(plan.oneTimeFilter(), ctx);
            }
            return open ? input.next() : null;
        }

        @Override
        public void rescan() {
            open = null;
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    private static final class ProjectNode implements ExecNode {
        private final Expr[] targets;
        private final ExecNode input;
        private final ExecContext ctx;

        ProjectNode(Plan.Project plan, ExecContext ctx) {
            this.targets = plan.targets().toArray(new Expr[0]);
            this.input = build(plan.input(), ctx);
            this.ctx = ctx;
        }

        @Override
        public Object[] next() {
            Object[] row = input.next();
            if (row == null) {
                return null;
            }
            ctx.row = row;
            Object[] out = new Object[targets.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = targets[i].eval(ctx);
            }
            return out;
        }

        @Override
        public void rescan() {
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    /** nodeProjectSet: each input row with its set-returning functions' rows side by side. */
    private static final class ProjectSetNode implements ExecNode {
        private final Plan.ProjectSet plan;
        private final ExecNode input;
        private final ExecContext ctx;
        private Object[] row;
        private Iterator<Object[]>[] sets;

        ProjectSetNode(Plan.ProjectSet plan, ExecContext ctx) {
            this.plan = plan;
            this.input = build(plan.input(), ctx);
            this.ctx = ctx;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object[] next() {
            int n = plan.functions().size();
            while (true) {
                if (row != null) {
                    Object[] out = java.util.Arrays.copyOf(row, row.length + n);
                    boolean any = false;
                    for (int i = 0; i < n; i++) {
                        if (sets[i].hasNext()) {
                            out[row.length + i] = sets[i].next()[0];
                            any = true;
                        }
                    }
                    if (any) {
                        return out;
                    }
                    row = null;
                }
                Object[] in = input.next();
                if (in == null) {
                    return null;
                }
                row = in;
                sets = new Iterator[n];
                for (int i = 0; i < n; i++) {
                    Expr.SetFunction f = plan.functions().get(i);
                    ctx.row = in;
                    Object[] args = new Object[f.args().size()];
                    boolean nullArg = false;
                    for (int k = 0; k < args.length; k++) {
                        args[k] = f.args().get(k).eval(ctx);
                        nullArg |= args[k] == null;
                    }
                    sets[i] = nullArg && f.strict() ? java.util.Collections.emptyIterator()
                            : f.implementation().rows(ctx, args);
                }
            }
        }

        @Override
        public void rescan() {
            row = null;
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    private static final class FilterNode implements ExecNode {
        private final Plan.Filter plan;
        private final ExecNode input;
        private final ExecContext ctx;
        private final LoopInterrupts interrupts;
        Explain.Counts counts;

        FilterNode(Plan.Filter plan, ExecContext ctx) {
            this.plan = plan;
            this.input = build(plan.input(), ctx);
            this.ctx = ctx;
            this.interrupts = new LoopInterrupts(ctx);
        }

        @Override
        public Object[] next() {
            for (Object[] row = input.next(); row != null; row = input.next()) {
                interrupts.tick();
                ctx.row = row;
                if (Boolean.TRUE.equals(plan.filter().eval(ctx))) {
                    return row;
                }
                if (counts != null) {
                    counts.removedByFilter++;
                }
            }
            return null;
        }

        @Override
        public void rescan() {
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    // ---------------------------------------------------------------- sorting, distinct, limit

    private static final class SortNode implements ExecNode {
        private final Plan.Sort plan;
        private final ExecContext ctx;
        private final ExecNode input;
        private ExternalSort sorted;
        /** The rows of a bounded sort, in order. */
        private Iterator<Object[]> top;
        /** Rows a Limit above will read at most (ExecSetTupleBound), or -1. */
        private long bound = -1;
        /** Under EXPLAIN ANALYZE: where the sort method and space used go. */
        Explain.Counts counts;

        SortNode(Plan.Sort plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.input = build(plan.input(), ctx);
        }

        /** Called by a Limit directly above before the first row: only the first {@code rows} will be read. */
        void setBound(long rows) {
            bound = rows;
        }

        @Override
        public Object[] next() {
            if (sorted == null && top == null) {
                try {
                    if (bound > 0 && bound <= Integer.MAX_VALUE / 2) {
                        sortBounded();
                    } else {
                        sortAll(null);
                    }
                } finally {
                    input.close();
                }
            }
            if (top != null) {
                return top.hasNext() ? top.next() : null;
            }
            return sorted.next();
        }

        /** tuplesort's bounded heap; rows that outgrow work_mem go on to a full sort instead. */
        private void sortBounded() {
            BoundedSort heap = new BoundedSort(RowComparator.ofKeys(plan.keys()), (int) bound, WorkMem.bytes(ctx));
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            for (Object[] row = input.next(); row != null; row = input.next()) {
                interrupts.tick();
                if (!heap.put(row)) {
                    sortAll(heap.inInputOrder());
                    return;
                }
            }
            List<Object[]> rows = heap.sorted();
            if (counts != null) {
                // as tuplesort reports it: a heap once there were more than twice the bound, else a quicksort
                counts.sortMethod = heap.count() > 2 * bound ? "top-N heapsort" : "quicksort";
                counts.sortSpaceBytes = sortMemory(rows.size(), heap.bytes());
            }
            top = rows.iterator();
        }

        /** The whole input sorted (spilling past work_mem), after the rows {@code first} already read. */
        private void sortAll(List<Object[]> first) {
            sorted = new ExternalSort(RowComparator.ofKeys(plan.keys()), WorkMem.bytes(ctx),
                    ctx.session().temporaryFiles(), new LoopInterrupts(ctx));
            long rows = 0;
            try {
                if (first != null) {
                    for (Object[] row : first) {
                        sorted.put(row);
                        rows++;
                    }
                }
                for (Object[] row = input.next(); row != null; row = input.next()) {
                    sorted.put(row);
                    rows++;
                }
                sorted.performSort();
                if (counts != null) {
                    counts.sortMethod = sorted.spilled() ? "external merge" : "quicksort";
                    counts.sortSpaceBytes = sorted.spilled() ? sorted.diskBytes()
                            : sortMemory(rows, sorted.peakMemoryBytes());
                }
            } catch (RuntimeException | Error e) {
                sorted.close();
                throw e;
            }
        }

        /** Memory as tuplesort counts it: its initial array of 1,024 slots of 24 bytes, then the rows. */
        private static long sortMemory(long rows, long rowBytes) {
            return 24 * Math.max(1024, rows) + rowBytes;
        }

        @Override
        public void rescan() {
            close();
            input.rescan();
        }

        @Override
        public void close() {
            if (sorted != null) {
                sorted.close();
                sorted = null;
            }
            top = null;
            input.close();
        }
    }

    private static final class UniqueNode implements ExecNode {
        private final ExecNode input;
        private final Comparator<Object[]> equality;
        private Object[] last;

        UniqueNode(Plan.Unique plan, ExecContext ctx) {
            this.input = build(plan.input(), ctx);
            this.equality = RowComparator.ofKeys(plan.keys());
        }

        @Override
        public Object[] next() {
            for (Object[] row = input.next(); row != null; row = input.next()) {
                if (last == null || equality.compare(last, row) != 0) {
                    last = row;
                    return row;
                }
            }
            return null;
        }

        @Override
        public void rescan() {
            last = null;
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    private static final class HashDistinctNode implements ExecNode {
        private final Plan.HashDistinct plan;
        private final ExecNode input;
        private final LoopInterrupts interrupts;
        private Set<List<Object>> seen = new HashSet<>();

        HashDistinctNode(Plan.HashDistinct plan, ExecContext ctx) {
            this.plan = plan;
            this.input = build(plan.input(), ctx);
            this.interrupts = new LoopInterrupts(ctx);
        }

        @Override
        public Object[] next() {
            for (Object[] row = input.next(); row != null; row = input.next()) {
                interrupts.tick();
                if (seen.add(HashKeys.key(row, plan.columns(), plan.types()))) {
                    return row;
                }
            }
            return null;
        }

        @Override
        public void rescan() {
            seen = new HashSet<>();
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    private static final class LimitNode implements ExecNode {
        private final Plan.Limit plan;
        private final ExecContext ctx;
        private final ExecNode input;
        private long limit = -2;
        private long offset;
        private long returned;
        /** WITH TIES: the last row within the limit, which later rows must equal to come too. */
        private Object[] last;
        private java.util.Comparator<Object[]> tieOrder;

        LimitNode(Plan.Limit plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.input = build(plan.input(), ctx);
        }

        @Override
        public Object[] next() {
            if (limit == -2) {
                limit = count(plan.count(), "LIMIT", -1);
                offset = count(plan.offset(), "OFFSET", 0);
                if (plan.ties() != null) {
                    tieOrder = RowComparator.of(plan.ties());
                } else if (limit >= 0 && unwrap(input) instanceof SortNode sort) {
                    sort.setBound(limit + offset); // ExecSetTupleBound: a top-N sort
                }
                for (long i = 0; i < offset; i++) {
                    if (input.next() == null) {
                        limit = 0;
                        break;
                    }
                }
            }
            if (limit >= 0 && returned >= limit) {
                Object[] tie = tieOrder == null || last == null ? null : input.next();
                if (tie != null && tieOrder.compare(tie, last) == 0) {
                    return tie;
                }
                input.close();
                return null;
            }
            Object[] row = input.next();
            if (row != null) {
                returned++;
                last = row;
            }
            return row;
        }

        private long count(Expr e, String clause, long ifNull) {
            if (e == null) {
                return ifNull;
            }
            Object v = e.eval(ctx);
            if (v == null) {
                return ifNull;
            }
            long n = ((Number) v).longValue();
            if (n < 0) {
                throw clause.equals("LIMIT") ? Messages.mustNotBeNegative("LIMIT")
                        : osgres.api.PgException.error("2201X", "OFFSET must not be negative");
            }
            return n;
        }

        @Override
        public void rescan() {
            limit = -2;
            returned = 0;
            last = null;
            input.rescan();
        }

        @Override
        public void close() {
            input.close();
        }
    }

    // ---------------------------------------------------------------- set operations

    private static final class AppendNode implements ExecNode {
        private final List<ExecNode> inputs = new ArrayList<>();
        private int current;

        AppendNode(Plan.Append plan, ExecContext ctx) {
            for (Plan p : plan.inputs()) {
                inputs.add(build(p, ctx));
            }
        }

        @Override
        public Object[] next() {
            while (current < inputs.size()) {
                Object[] row = inputs.get(current).next();
                if (row != null) {
                    return row;
                }
                inputs.get(current).close();
                current++;
            }
            return null;
        }

        @Override
        public void rescan() {
            current = 0;
            for (ExecNode n : inputs) {
                n.rescan();
            }
        }

        @Override
        public void close() {
            for (ExecNode n : inputs) {
                n.close();
            }
        }
    }

    /** INTERSECT/EXCEPT [ALL] (nodeSetOp, hashed): counts each distinct row on both sides. */
    private static final class SetOpNode extends MaterializingNode {
        private final Plan.SetOp plan;
        private final ExecContext ctx;

        SetOpNode(Plan.SetOp plan, ExecContext ctx) {
            super(null);
            this.plan = plan;
            this.ctx = ctx;
        }

        @Override
        List<Object[]> compute() {
            List<Integer> columns = new ArrayList<>();
            for (int i = 0; i < plan.types().size(); i++) {
                columns.add(i);
            }
            Map<List<Object>, long[]> counts = new LinkedHashMap<>();
            Map<List<Object>, Object[]> first = new HashMap<>();
            for (Object[] row : materialize(plan.left(), ctx, -1)) {
                List<Object> key = HashKeys.key(row, columns, plan.types());
                counts.computeIfAbsent(key, k -> new long[2])[0]++;
                first.putIfAbsent(key, row);
            }
            for (Object[] row : materialize(plan.right(), ctx, -1)) {
                long[] c = counts.get(HashKeys.key(row, columns, plan.types()));
                if (c != null) {
                    c[1]++;
                }
            }
            List<Object[]> result = new ArrayList<>();
            for (Map.Entry<List<Object>, long[]> e : counts.entrySet()) {
                long l = e.getValue()[0];
                long r = e.getValue()[1];
                long n = plan.kind() == Query.SetOpKind.INTERSECT
                        ? (plan.all() ? Math.min(l, r) : (l > 0 && r > 0 ? 1 : 0))
                        : (plan.all() ? Math.max(l - r, 0) : (l > 0 && r == 0 ? 1 : 0));
                for (long i = 0; i < n; i++) {
                    result.add(first.get(e.getKey()));
                }
            }
            return result;
        }
    }
}
