/*
 * Grouping and window nodes, PostgreSQL's nodeAgg.c and nodeWindowAgg.c with windowfuncs.c.
 *  - Agg (hashed, or plain for a query without GROUP BY): rows go to their group's transition states; an
 *    aggregate with FILTER skips rows failing it; DISTINCT and ORDER BY inside an aggregate buffer the group's
 *    arguments, sorted (and de-duplicated) before they reach the transition function, as nodeAgg's per-aggregate
 *    sorts do. Output: the group key values, then one result per aggregate; a plain Agg over no rows gives one row
 *    (count 0, other aggregates null). Beyond hash_mem (PostgreSQL 13's hash aggregate spill rule) rows of groups
 *    already in the table are still aggregated there, rows of a new group are set aside with their key in an
 *    ExternalSort on it (spilling to temporary files) and aggregated group by group from the sorted rows after
 *    the table's groups: each group is wholly in one place, so emitted once.
 *  - WindowAgg: reads its input, sorts it by partition then order keys, and computes each window function per
 *    row: ranking functions from the row's position and its peers (rows equal on the order keys); lag/lead from
 *    rows around it in the partition; aggregates and first/last/nth_value over the row's frame (ROWS, RANGE
 *    without offsets, or GROUPS, with EXCLUDE). A frame starting at the partition's start is aggregated
 *    incrementally; any other frame is aggregated again for each row.
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import osgres.api.PgException;
import osgres.sql.internal.nodes.Aggregate;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.WindowFunctions;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.HashKeys;
import osgres.sql.internal.utils.PgType;

final class GroupingNodes {

    private GroupingNodes() {
    }

    /** One aggregate's state in one group. */
    private static final class AggState {
        final Aggregate.Accumulator accumulator;
        /** DISTINCT / ORDER BY: arguments then sort keys, per row. */
        List<Object[]> buffered;

        AggState(Plan.AggCall call, ExecContext ctx) {
            this.accumulator = call.aggregate().start(ctx);
            if (call.distinct() || !call.order().isEmpty()) {
                buffered = new ArrayList<>();
            }
        }
    }

    /** Feeds the current row (ctx.row) to {@code state}. */
    static void accumulate(Plan.AggCall call, AggState state, ExecContext ctx) {
        if (call.filter() != null && !Boolean.TRUE.equals(call.filter().eval(ctx))) {
            return;
        }
        int n = call.args().size();
        Object[] values = new Object[n + call.order().size()];
        for (int i = 0; i < n; i++) {
            values[i] = call.args().get(i).eval(ctx);
            if (values[i] == null && call.aggregate().strict() && !(call.aggregate().name().equals("string_agg")
                    && i == 1)) {
                return;
            }
        }
        if (state.buffered != null) {
            for (int i = 0; i < call.order().size(); i++) {
                values[n + i] = call.order().get(i).expr().eval(ctx);
            }
            state.buffered.add(values);
            return;
        }
        state.accumulator.add(n == values.length ? values : Arrays.copyOf(values, n));
    }

    static Object finish(Plan.AggCall call, AggState state) {
        if (state.buffered != null) {
            int n = call.args().size();
            List<Object[]> rows = state.buffered;
            if (!call.order().isEmpty()) {
                List<Plan.SortKey> keys = new ArrayList<>();
                for (int i = 0; i < call.order().size(); i++) {
                    Expr.OrderKey k = call.order().get(i);
                    keys.add(new Plan.SortKey(n + i, k.expr().type(), k.descending(), k.nullsFirst()));
                }
                rows.sort(RowComparator.of(keys));
            }
            Set<List<Object>> seen = call.distinct() ? new HashSet<>() : null;
            for (Object[] r : rows) {
                Object[] args = Arrays.copyOf(r, n);
                if (seen != null && !seen.add(HashKeys.keyOrNullAllowed(args, call.args().stream().map(Expr::type)
                        .toList()))) {
                    continue;
                }
                state.accumulator.add(args);
            }
            state.buffered = null;
        }
        return state.accumulator.result();
    }

    static final class AggNode extends PlanExecutor.MaterializingNode {
        private final Plan.Agg plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode input;

        AggNode(Plan.Agg plan, ExecContext ctx) {
            this(plan, ctx, PlanExecutor.build(plan.input(), ctx));
        }

        private AggNode(Plan.Agg plan, ExecContext ctx, PlanExecutor.ExecNode input) {
            super(input);
            this.plan = plan;
            this.ctx = ctx;
            this.input = input;
            this.sharedWith = sharedTransitions(plan.aggregates());
        }

        /**
         * find_compatible_pertrans: for each call, the earlier call whose transition state it shares (the same
         * inputs, FILTER, DISTINCT and ORDER BY, and an equal transition part), or -1. A shared state is advanced
         * once per row, by its first call; each call finishes it with its own final function.
         */
        private final int[] sharedWith;

        private static int[] sharedTransitions(List<Plan.AggCall> calls) {
            int[] shared = new int[calls.size()];
            for (int i = 0; i < shared.length; i++) {
                shared[i] = -1;
                Plan.AggCall c = calls.get(i);
                Object transition = c.aggregate().factory().transition();
                for (int j = 0; j < i && transition != null; j++) {
                    Plan.AggCall o = calls.get(j);
                    if (shared[j] < 0 && transition.equals(o.aggregate().factory().transition())
                            && c.args().equals(o.args()) && c.distinct() == o.distinct()
                            && java.util.Objects.equals(c.filter(), o.filter()) && c.order().equals(o.order())) {
                        shared[i] = j;
                        break;
                    }
                }
            }
            return shared;
        }

        private void accumulateAll(List<Plan.AggCall> calls, Group g) {
            for (int i = 0; i < calls.size(); i++) {
                if (sharedWith[i] < 0) {
                    accumulate(calls.get(i), g.states()[i], ctx);
                }
            }
        }

        private record Group(Object[] keys, AggState[] states) {
        }

        @Override
        List<Object[]> compute() {
            List<Plan.AggCall> calls = plan.aggregates();
            int keyCount = plan.groupKeys().size();
            Map<List<Object>, Group> groups = new LinkedHashMap<>();
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            long hashMem = WorkMem.hashBytes(ctx);
            long memoryUsed = 0;
            ExternalSort setAside = null;
            List<Object[]> spilledGroups = new ArrayList<>();
            try {
                for (Object[] row = input.next(); row != null; row = input.next()) {
                    interrupts.tick();
                    ctx.row = row;
                    Object[] keys = new Object[keyCount];
                    Object[] normalized = new Object[keyCount];
                    for (int i = 0; i < keyCount; i++) {
                        Expr k = plan.groupKeys().get(i);
                        keys[i] = k.eval(ctx);
                        normalized[i] = HashKeys.normalize(k.type(), keys[i]);
                    }
                    Group g = groups.get(Arrays.asList(normalized));
                    if (g == null) {
                        if (memoryUsed >= hashMem && keyCount > 0) {
                            // the table is full: a new group's rows wait, sorted by their key, for after it
                            if (setAside == null) {
                                setAside = new ExternalSort(keyOrder(), WorkMem.bytes(ctx),
                                        ctx.session().temporaryFiles(), interrupts);
                            }
                            Object[] kept = Arrays.copyOf(keys, keyCount + row.length);
                            System.arraycopy(row, 0, kept, keyCount, row.length);
                            setAside.put(kept);
                            continue;
                        }
                        g = newGroup(keys, calls, ctx);
                        groups.put(Arrays.asList(normalized), g);
                        memoryUsed += 2 * WorkMem.rowBytes(keys) + 96 + 48L * calls.size();
                    }
                    ctx.row = row;
                    accumulateAll(calls, g);
                }
                if (setAside != null) {
                    setAside.performSort();
                    aggregateSorted(setAside, keyCount, calls, interrupts, spilledGroups);
                }
            } finally {
                if (setAside != null) {
                    setAside.close();
                }
                input.close();
            }
            if (groups.isEmpty() && keyCount == 0) {
                groups.put(List.of(), newGroup(new Object[0], calls, ctx));
            }
            List<Object[]> rows = new ArrayList<>(groups.size());
            for (Group g : groups.values()) {
                rows.add(result(g, keyCount, calls));
            }
            rows.addAll(spilledGroups);
            return rows;
        }

        private Comparator<Object[]> keyOrder() {
            List<PgType> types = new ArrayList<>();
            for (Expr k : plan.groupKeys()) {
                types.add(k.type());
            }
            return RowComparator.of(RowComparator.ascending(0, types));
        }

        /** The set-aside rows, sorted by key: one group per run of equal keys, its result row when the run ends. */
        private void aggregateSorted(ExternalSort sorted, int keyCount, List<Plan.AggCall> calls,
                                     LoopInterrupts interrupts, List<Object[]> out) {
            List<Object> current = null;
            Group g = null;
            for (Object[] kept = sorted.next(); kept != null; kept = sorted.next()) {
                interrupts.tick();
                Object[] normalized = new Object[keyCount];
                for (int i = 0; i < keyCount; i++) {
                    normalized[i] = HashKeys.normalize(plan.groupKeys().get(i).type(), kept[i]);
                }
                List<Object> key = Arrays.asList(normalized);
                if (g == null || !key.equals(current)) {
                    if (g != null) {
                        out.add(result(g, keyCount, calls));
                    }
                    current = key;
                    g = newGroup(Arrays.copyOf(kept, keyCount), calls, ctx);
                }
                ctx.row = Arrays.copyOfRange(kept, keyCount, kept.length);
                accumulateAll(calls, g);
            }
            if (g != null) {
                out.add(result(g, keyCount, calls));
            }
        }

        private Object[] result(Group g, int keyCount, List<Plan.AggCall> calls) {
            Object[] row = Arrays.copyOf(g.keys(), keyCount + calls.size());
            for (int i = 0; i < calls.size(); i++) {
                // a shared state was finished (its buffered rows fed) by the earlier call that owns it
                row[keyCount + i] = sharedWith[i] < 0 ? finish(calls.get(i), g.states()[i])
                        : calls.get(i).aggregate().factory().finish(g.states()[i].accumulator);
            }
            return row;
        }

        private Group newGroup(Object[] keys, List<Plan.AggCall> calls, ExecContext ctx) {
            AggState[] states = new AggState[calls.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = sharedWith[i] < 0 ? new AggState(calls.get(i), ctx) : states[sharedWith[i]];
            }
            return new Group(keys, states);
        }
    }

    // ---------------------------------------------------------------- window functions

    static final class WindowAggNode extends PlanExecutor.MaterializingNode {
        private final Plan.WindowAgg plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode input;

        WindowAggNode(Plan.WindowAgg plan, ExecContext ctx) {
            this(plan, ctx, PlanExecutor.build(plan.input(), ctx));
        }

        private WindowAggNode(Plan.WindowAgg plan, ExecContext ctx, PlanExecutor.ExecNode input) {
            super(input);
            this.plan = plan;
            this.ctx = ctx;
            this.input = input;
        }

        /** An input row with its partition and order key values. */
        private record Item(Object[] row, Object[] keys) {
        }

        @Override
        List<Object[]> compute() {
            int parts = plan.partitionBy().size();
            int orders = plan.orderBy().size();
            List<Item> items = new ArrayList<>();
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            try {
                for (Object[] row = input.next(); row != null; row = input.next()) {
                    interrupts.tick();
                    ctx.row = row;
                    Object[] keys = new Object[parts + orders];
                    for (int i = 0; i < parts; i++) {
                        keys[i] = plan.partitionBy().get(i).eval(ctx);
                    }
                    for (int i = 0; i < orders; i++) {
                        keys[parts + i] = plan.orderBy().get(i).expr().eval(ctx);
                    }
                    items.add(new Item(row, keys));
                }
            } finally {
                input.close();
            }
            List<Plan.SortKey> partitionKeys = new ArrayList<>();
            List<Plan.SortKey> allKeys = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                Plan.SortKey k = new Plan.SortKey(i, plan.partitionBy().get(i).type(), false, false);
                partitionKeys.add(k);
                allKeys.add(k);
            }
            List<Plan.SortKey> orderKeys = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                Expr.OrderKey o = plan.orderBy().get(i);
                Plan.SortKey k = new Plan.SortKey(parts + i, o.expr().type(), o.descending(),
                        o.nullsFirst());
                orderKeys.add(k);
                allKeys.add(k);
            }
            Comparator<Object[]> byAll = RowComparator.of(allKeys);
            items.sort((a, b) -> byAll.compare(a.keys(), b.keys()));
            Comparator<Object[]> byPartition = RowComparator.of(partitionKeys);
            Comparator<Object[]> byOrder = RowComparator.of(orderKeys);
            long[] offsets = frameOffsets();
            List<Object[]> result = new ArrayList<>(items.size());
            int start = 0;
            while (start < items.size()) {
                int end = start + 1;
                while (end < items.size() && byPartition.compare(items.get(start).keys(), items.get(end).keys()) == 0) {
                    end++;
                }
                List<Item> partition = items.subList(start, end);
                Object[][] values = new Object[plan.calls().size()][];
                for (int c = 0; c < values.length; c++) {
                    values[c] = computeCall(plan.calls().get(c), partition, byOrder, offsets, interrupts);
                }
                for (int i = 0; i < partition.size(); i++) {
                    Object[] in = partition.get(i).row();
                    Object[] row = Arrays.copyOf(in, in.length + values.length);
                    for (int c = 0; c < values.length; c++) {
                        row[in.length + c] = values[c][i];
                    }
                    result.add(row);
                }
                start = end;
            }
            return result;
        }

        private long[] frameOffsets() {
            Query.Frame f = plan.frame();
            long[] out = new long[2];
            out[0] = offset(f.startOffset(), "starting");
            out[1] = offset(f.endOffset(), "ending");
            return out;
        }

        private long offset(Expr e, String which) {
            if (e == null) {
                return 0;
            }
            ctx.row = new Object[0];
            Object v = e.eval(ctx);
            if (v == null) {
                throw PgException.error("22004", "frame " + which + " offset must not be null");
            }
            long n = ((Number) v).longValue();
            if (n < 0) {
                throw PgException.error("22013", "frame " + which + " offset must not be negative");
            }
            return n;
        }

        /** The values of one window function for every row of a (sorted) partition. */
        private Object[] computeCall(Plan.WindowCall call, List<Item> partition, Comparator<Object[]> byOrder,
                                     long[] offsets, LoopInterrupts interrupts) {
            int n = partition.size();
            Object[] out = new Object[n];
            // peer groups: rows equal on the order keys
            int[] peerStart = new int[n];
            int[] peerEnd = new int[n];
            int[] group = new int[n];
            int groups = 0;
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && byOrder.compare(partition.get(i).keys(), partition.get(j).keys()) == 0) {
                    j++;
                }
                for (int k = i; k < j; k++) {
                    peerStart[k] = i;
                    peerEnd[k] = j - 1;
                    group[k] = groups;
                }
                groups++;
                i = j;
            }
            int[] groupStart = new int[groups];
            int[] groupEnd = new int[groups];
            for (int i = 0; i < n; i++) {
                groupStart[group[i]] = peerStart[i];
                groupEnd[group[i]] = peerEnd[i];
            }
            Object[][] args = new Object[n][];
            for (int i = 0; i < n; i++) {
                ctx.row = partition.get(i).row();
                Object[] a = new Object[call.args().size()];
                for (int k = 0; k < a.length; k++) {
                    a[k] = call.args().get(k).eval(ctx);
                }
                args[i] = a;
            }
            switch (call.function().kind()) {
                case ROW_NUMBER -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (long) i + 1;
                    }
                }
                case RANK -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (long) peerStart[i] + 1;
                    }
                }
                case DENSE_RANK -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (long) group[i] + 1;
                    }
                }
                case PERCENT_RANK -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = n > 1 ? (double) peerStart[i] / (n - 1) : 0.0;
                    }
                }
                case CUME_DIST -> {
                    for (int i = 0; i < n; i++) {
                        out[i] = (double) (peerEnd[i] + 1) / n;
                    }
                }
                case NTILE -> {
                    for (int i = 0; i < n; i++) {
                        if (args[i][0] == null) {
                            out[i] = null;
                            continue;
                        }
                        int buckets = (Integer) args[i][0];
                        if (buckets <= 0) {
                            throw PgException.error("22014", "argument of ntile must be greater than zero");
                        }
                        out[i] = ntile(i, n, buckets);
                    }
                }
                case LAG, LEAD -> {
                    for (int i = 0; i < n; i++) {
                        Object[] a = args[i];
                        if (a.length > 1 && a[1] == null) {
                            out[i] = null;
                            continue;
                        }
                        int off = a.length > 1 ? (Integer) a[1] : 1;
                        long target = call.function().kind() == WindowFunctions.Kind.LAG ? (long) i - off
                                : (long) i + off;
                        out[i] = target >= 0 && target < n ? args[(int) target][0] : a.length > 2 ? a[2] : null;
                    }
                }
                default -> frameFunction(call, out, args, n, peerStart, peerEnd, group, groupStart, groupEnd,
                        offsets, partition, interrupts);
            }
            return out;
        }

        /** ntile: {@code buckets} as equal as possible, the first ones one row larger. */
        private static int ntile(int i, int n, int buckets) {
            int per = n / buckets;
            int extra = n % buckets;
            int bigRows = extra * (per + 1);
            if (i < bigRows) {
                return i / (per + 1) + 1;
            }
            return per == 0 ? extra + 1 : extra + (i - bigRows) / per + 1;
        }

        private void frameFunction(Plan.WindowCall call, Object[] out, Object[][] args, int n, int[] peerStart,
                                   int[] peerEnd, int[] group, int[] groupStart, int[] groupEnd, long[] offsets,
                                   List<Item> partition, LoopInterrupts interrupts) {
            Query.Frame f = plan.frame();
            boolean ordered = !plan.orderBy().isEmpty();
            int[] from = new int[n];
            int[] to = new int[n];
            for (int i = 0; i < n; i++) {
                from[i] = bound(f.start(), f.unit(), offsets[0], i, n, peerStart, peerEnd, group, groupStart,
                        groupEnd, ordered, true);
                to[i] = bound(f.end(), f.unit(), offsets[1], i, n, peerStart, peerEnd, group, groupStart, groupEnd,
                        ordered, false);
            }
            boolean[] passes = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (call.filter() == null) {
                    passes[i] = true;
                } else {
                    ctx.row = partition.get(i).row();
                    passes[i] = Boolean.TRUE.equals(call.filter().eval(ctx));
                }
            }
            WindowFunctions.Kind kind = call.function().kind();
            boolean incremental = kind == WindowFunctions.Kind.AGGREGATE && f.exclusion() == Query.Exclusion.NO_OTHERS
                    && f.start() == Query.Bound.UNBOUNDED_PRECEDING;
            if (incremental) {
                Aggregate agg = call.function().aggregate();
                Aggregate.Accumulator acc = agg.start(ctx);
                int fed = 0;
                for (int i = 0; i < n; i++) {
                    while (fed <= to[i] && fed < n) {
                        feed(agg, acc, args[fed], passes[fed]);
                        fed++;
                    }
                    out[i] = acc.result();
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                interrupts.tick();
                List<Integer> rows = new ArrayList<>();
                for (int k = Math.max(0, from[i]); k <= Math.min(n - 1, to[i]); k++) {
                    if (excluded(f.exclusion(), i, k, peerStart, peerEnd)) {
                        continue;
                    }
                    rows.add(k);
                }
                switch (kind) {
                    case FIRST_VALUE -> out[i] = rows.isEmpty() ? null : args[rows.getFirst()][0];
                    case LAST_VALUE -> out[i] = rows.isEmpty() ? null : args[rows.getLast()][0];
                    case NTH_VALUE -> {
                        Object nth = args[i][1];
                        if (nth == null) {
                            out[i] = null;
                            break;
                        }
                        int m = (Integer) nth;
                        if (m <= 0) {
                            throw PgException.error("22016", "argument of nth_value must be greater than zero");
                        }
                        out[i] = m <= rows.size() ? args[rows.get(m - 1)][0] : null;
                    }
                    default -> {
                        Aggregate agg = call.function().aggregate();
                        Aggregate.Accumulator acc = agg.start(ctx);
                        for (int k : rows) {
                            feed(agg, acc, args[k], passes[k]);
                        }
                        out[i] = acc.result();
                    }
                }
            }
        }

        private static void feed(Aggregate agg, Aggregate.Accumulator acc, Object[] args, boolean passes) {
            if (!passes) {
                return;
            }
            if (agg.strict()) {
                for (int k = 0; k < args.length; k++) {
                    if (args[k] == null && !(agg.name().equals("string_agg") && k == 1)) {
                        return;
                    }
                }
            }
            acc.add(args);
        }

        private static boolean excluded(Query.Exclusion exclusion, int current, int k, int[] peerStart, int[] peerEnd) {
            return switch (exclusion) {
                case NO_OTHERS -> false;
                case CURRENT_ROW -> k == current;
                case GROUP -> k >= peerStart[current] && k <= peerEnd[current];
                case TIES -> k != current && k >= peerStart[current] && k <= peerEnd[current];
            };
        }

        /** A frame bound's row index for row {@code i} (start: first row in the frame; end: last). */
        private static int bound(Query.Bound b, Query.FrameUnit unit, long offset, int i, int n, int[] peerStart,
                                 int[] peerEnd, int[] group, int[] groupStart, int[] groupEnd, boolean ordered,
                                 boolean start) {
            return switch (b) {
                case UNBOUNDED_PRECEDING -> 0;
                case UNBOUNDED_FOLLOWING -> n - 1;
                case CURRENT_ROW -> unit == Query.FrameUnit.ROWS ? i
                        : !ordered ? (start ? 0 : n - 1) : start ? peerStart[i] : peerEnd[i];
                case OFFSET_PRECEDING, OFFSET_FOLLOWING -> {
                    long sign = b == Query.Bound.OFFSET_PRECEDING ? -1 : 1;
                    if (unit == Query.FrameUnit.ROWS) {
                        long k = i + sign * offset;
                        yield (int) Math.max(-1, Math.min(n, k));
                    }
                    // GROUPS
                    long g = group[i] + sign * offset;
                    if (g < 0) {
                        yield start ? 0 : -1;
                    }
                    if (g >= groupStart.length) {
                        yield start ? n : n - 1;
                    }
                    yield start ? groupStart[(int) g] : groupEnd[(int) g];
                }
            };
        }
    }
}
