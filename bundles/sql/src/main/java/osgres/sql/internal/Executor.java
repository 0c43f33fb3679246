/*
 * The executor (PostgreSQL's executor/: nodeNestloop, nodeSeqscan, nodeIndexscan, nodeAgg, nodeSort,
 * nodeUnique, nodeLimit, nodeModifyTable), pull-based over RowSource. Joins are nested loops; an inner
 * table with an index on the join key is probed per outer row (index nested loop). Grouping, sorting and
 * DISTINCT read all of their input first, within work_mem: ORDER BY and DISTINCT (as Sort + Unique) go through
 * ExternalSort, which spills sorted runs to base/pgsql_tmp beyond it, and hash aggregation sets the rows of groups
 * that no longer fit aside in such a sort and aggregates them sorted. Everything else streams, so a portal can stop
 * after maxRows. Long loops tick LoopInterrupts (CHECK_FOR_INTERRUPTS, and a yield to other sessions).
 * UPDATE and DELETE collect the qualifying row versions first (no Halloween problem, no scan open while
 * writing), then write them, following a concurrent update with EvalPlanQual in READ COMMITTED.
 * Not done: hash joins, merge joins, top-N sort for ORDER BY ... LIMIT, spilling FOR UPDATE's sort.
 */
package osgres.sql.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import osgres.storage.ColumnDef;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.WriteResult;

final class Executor {

    private Executor() {
    }

    // ---------------------------------------------------------------- SELECT

    /** Opens a SELECT: rows of its visible columns. */
    static RowSource select(SelectPlan plan, ExecContext ctx) {
        long offset = plan.offset() == null ? 0 : count(plan.offset(), ctx, "OFFSET");
        long limit = plan.limit() == null ? -1 : count(plan.limit(), ctx, "LIMIT");
        Joiner joiner = new Joiner(plan, ctx);
        RowSource projected;
        if (plan.rowMarks() != null) {
            projected = lockRows(plan, joiner, ctx);
        } else if (plan.grouped() || !plan.orderBy().isEmpty() || plan.distinct()) {
            RowSource rows = plan.grouped() ? aggregate(plan, joiner, ctx) : projection(plan, joiner, ctx);
            if (plan.distinct()) {
                rows = distinct(plan, rows, ctx);
            } else if (!plan.orderBy().isEmpty()) {
                rows = sort(rows, RowComparator.of(plan.orderBy()), ctx);
            }
            projected = rows;
        } else {
            projected = new RowSource() {
                @Override
                public Object[] next() {
                    Object[] row = joiner.next();
                    return row == null ? null : evalTargets(plan, ctx);
                }

                @Override
                public void close() {
                    joiner.close();
                }
            };
        }
        boolean strip = plan.visibleCount() < plan.targets().size();
        return new RowSource() {
            long skipped;
            long returned;

            @Override
            public Object[] next() {
                while (skipped < offset) {
                    if (projected.next() == null) {
                        return null;
                    }
                    skipped++;
                }
                if (limit >= 0 && returned >= limit) {
                    close();
                    return null;
                }
                Object[] row = projected.next();
                if (row == null) {
                    close();
                    return null;
                }
                returned++;
                return strip ? Arrays.copyOf(row, plan.visibleCount()) : row;
            }

            @Override
            public void close() {
                projected.close();
                joiner.close();
            }
        };
    }

    // ---------------------------------------------------------------- FOR UPDATE / SHARE (nodeLockRows)

    /** A joined row waiting to be locked: its values, the row version of each FROM item, its sort keys. */
    private record Candidate(Object[] row, Tid[] tids, Object[] projected) {
    }

    /**
     * LockRows under LIMIT and over the sort: each output row's table rows are locked in turn; a row that moved
     * is re-checked against the quals on its newest version (EvalPlanQual) and locked there, a deleted or
     * SKIP LOCKED row drops the output row. Output is projected from the locked versions.
     */
    private static RowSource lockRows(SelectPlan plan, Joiner joiner, ExecContext ctx) {
        List<Candidate> sorted = null;
        if (!plan.orderBy().isEmpty()) {
            sorted = new ArrayList<>();
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            while (joiner.next() != null) {
                interrupts.tick();
                sorted.add(new Candidate(ctx.row.clone(), joiner.tids.clone(), evalTargets(plan, ctx)));
            }
            joiner.close();
            Comparator<Object[]> byKeys = RowComparator.of(plan.orderBy());
            sorted.sort((a, b) -> byKeys.compare(a.projected(), b.projected()));
        }
        java.util.Iterator<Candidate> input = sorted == null ? null : sorted.iterator();
        return new RowSource() {
            @Override
            public Object[] next() {
                while (true) {
                    Candidate c;
                    Object[] buffer = ctx.row;
                    if (input != null) {
                        if (!input.hasNext()) {
                            return null;
                        }
                        c = input.next();
                    } else {
                        if (joiner.next() == null) {
                            return null;
                        }
                        c = new Candidate(ctx.row.clone(), joiner.tids.clone(), null);
                    }
                    Object[] locked = lockCandidate(plan, c, ctx);
                    if (locked == null) {
                        ctx.row = buffer;
                        continue;
                    }
                    ctx.row = locked;
                    Object[] out = evalTargets(plan, ctx);
                    ctx.row = buffer;
                    return out;
                }
            }

            @Override
            public void close() {
                joiner.close();
            }
        };
    }

    private static Object[] lockCandidate(SelectPlan plan, Candidate c, ExecContext ctx) {
        Transaction tx = ctx.transaction();
        Object[] row = c.row();
        for (int i = 0; i < plan.from().size(); i++) {
            SelectPlan.FromNode node = plan.from().get(i);
            if (!(node.source() instanceof SelectPlan.TableSource ts) || c.tids()[i] == null) {
                continue;
            }
            Tid tid = c.tids()[i];
            while (true) {
                WriteResult r = tx.lockRow(ts.table(), tid, plan.rowMarks().strength(), plan.rowMarks().policy());
                if (r instanceof WriteResult.Done) {
                    break;
                }
                if (!(r instanceof WriteResult.Moved moved)) {
                    return null;
                }
                Object[] latest = moved.latest().values();
                System.arraycopy(latest, 0, row, node.offset(), node.width());
                if (!qualsHold(plan, row, ctx)) {
                    return null;
                }
                tid = moved.latest().tid();
            }
        }
        return row;
    }

    /** EvalPlanQual for a joined row: the join conditions and WHERE on the newest versions. */
    private static boolean qualsHold(SelectPlan plan, Object[] row, ExecContext ctx) {
        Object[] saved = ctx.row;
        ctx.row = row;
        try {
            for (SelectPlan.FromNode node : plan.from()) {
                if (node.kind() == SelectPlan.JoinKind.INNER && node.condition() != null
                        && !Boolean.TRUE.equals(node.condition().eval(ctx))) {
                    return false;
                }
            }
            return plan.where() == null || Boolean.TRUE.equals(plan.where().eval(ctx));
        } finally {
            ctx.row = saved;
        }
    }

    private static long count(Expr e, ExecContext ctx, String clause) {
        Object v = e.eval(ctx);
        if (v == null) {
            return clause.equals("LIMIT") ? -1 : 0;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw Messages.mustNotBeNegative(clause);
        }
        return n;
    }

    private static Object[] evalTargets(SelectPlan plan, ExecContext ctx) {
        List<Expr> targets = plan.targets();
        Object[] out = new Object[targets.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = targets.get(i).eval(ctx);
        }
        return out;
    }

    /** The target list over the joined rows, streaming (each row a new array: a sort may keep it). */
    private static RowSource projection(SelectPlan plan, Joiner joiner, ExecContext ctx) {
        return new RowSource() {
            @Override
            public Object[] next() {
                return joiner.next() == null ? null : evalTargets(plan, ctx);
            }

            @Override
            public void close() {
                joiner.close();
            }
        };
    }

    // ---------------------------------------------------------------- sorting (nodeSort, nodeUnique)

    /**
     * nodeSort: reads all of {@code input} into an ExternalSort bounded by work_mem (spilling sorted runs to
     * base/pgsql_tmp beyond it) and returns the sorted rows. On any failure both are closed, so no file stays.
     */
    private static ExternalSort sort(RowSource input, Comparator<Object[]> order, ExecContext ctx) {
        ExternalSort sort = new ExternalSort(order, WorkMem.bytes(ctx), ctx.session().temporaryFiles(),
                new LoopInterrupts(ctx));
        try {
            for (Object[] row = input.next(); row != null; row = input.next()) {
                sort.put(row);
            }
            sort.performSort();
            return sort;
        } catch (RuntimeException | Error e) {
            sort.close();
            throw e;
        } finally {
            input.close();
        }
    }

    /**
     * DISTINCT as Sort + Unique, so that it is bounded by work_mem like ORDER BY: the rows are sorted by the ORDER BY
     * keys followed by the other visible columns, then equal neighbours are dropped; the output is already in ORDER BY
     * order. ORDER BY on an expression outside the select list (a hidden column) sorts again after the Unique.
     * Equal means the sort comparison says 0 (PostgreSQL's equality operators: 1.0 = 1.00, -0 = 0, NULL = NULL).
     */
    private static RowSource distinct(SelectPlan plan, RowSource input, ExecContext ctx) {
        int visible = plan.visibleCount();
        List<SelectPlan.SortKey> keys = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        boolean hiddenOrderKey = false;
        for (SelectPlan.SortKey key : plan.orderBy()) {
            if (key.column() >= visible) {
                hiddenOrderKey = true;
            } else if (covered.add(key.column())) {
                keys.add(key);
            }
        }
        if (hiddenOrderKey) {
            keys.clear();
            covered.clear();
        }
        for (int i = 0; i < visible; i++) {
            if (!covered.contains(i)) {
                keys.add(new SelectPlan.SortKey(i, plan.targets().get(i).type(), false, false));
            }
        }
        Comparator<Object[]> order = RowComparator.of(keys);
        RowSource unique = unique(sort(input, order, ctx), order);
        return hiddenOrderKey ? sort(unique, RowComparator.of(plan.orderBy()), ctx) : unique;
    }

    /** nodeUnique: drops each row equal to the one before it under {@code equality}. */
    private static RowSource unique(RowSource sorted, Comparator<Object[]> equality) {
        return new RowSource() {
            Object[] previous;

            @Override
            public Object[] next() {
                for (Object[] row = sorted.next(); row != null; row = sorted.next()) {
                    if (previous == null || equality.compare(previous, row) != 0) {
                        previous = row;
                        return row;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                sorted.close();
            }
        };
    }

    /** A hashable key: numerics compare by value (1.0 = 1.00), bytea by content, bpchar without padding. */
    private static List<Object> key(Object[] values, int width) {
        Object[] k = new Object[width];
        for (int i = 0; i < width; i++) {
            Object v = values[i];
            if (v instanceof BigDecimal d) {
                v = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            } else if (v instanceof byte[] b) {
                v = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            k[i] = v;
        }
        return Arrays.asList(k);
    }

    // ---------------------------------------------------------------- aggregation (nodeAgg)

    private static final class Group {
        final Object[] representative;
        final Object[] states;
        final long[] counts;
        final List<Set<List<Object>>> distinctSeen;

        Group(Object[] representative, int aggregates) {
            this.representative = representative;
            this.states = new Object[aggregates];
            this.counts = new long[aggregates];
            this.distinctSeen = new ArrayList<>();
            for (int i = 0; i < aggregates; i++) {
                distinctSeen.add(null);
            }
        }
    }

    /**
     * nodeAgg, hashed, with PostgreSQL 13's spill rule: groups live in a hash table while it fits in hash_mem
     * (work_mem × hash_mem_multiplier); once it is full, rows of groups already in the table are still aggregated
     * there, and rows of a new group are set aside with their group key in an ExternalSort on that key. After the
     * input, the table's groups are emitted, then the set-aside rows come back sorted and are aggregated one group at a
     * time (AGG_SORTED). A group is either wholly in the table or wholly set aside, so each is emitted once.
     * PostgreSQL partitions the spilled rows by hash and hashes each partition again; sorting them gives the same
     * groups with the sort that is already here. An aggregate's DISTINCT values are kept in memory per group.
     */
    private static RowSource aggregate(SelectPlan plan, Joiner joiner, ExecContext ctx) {
        List<SelectPlan.Aggregate> aggs = plan.aggregates();
        int keyCount = plan.groupBy().size();
        long hashMem = WorkMem.hashBytes(ctx);
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        long memoryUsed = 0;
        ExternalSort setAside = null;
        Comparator<Object[]> keyOrder = RowComparator.of(
                RowComparator.ascending(0, plan.groupBy().stream().map(Expr::type).toList()));
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        Object[] keyValues = new Object[keyCount];
        try {
            while (joiner.next() != null) {
                interrupts.tick();
                for (int i = 0; i < keyCount; i++) {
                    keyValues[i] = plan.groupBy().get(i).eval(ctx);
                }
                List<Object> key = key(keyValues, keyCount);
                Group g = groups.get(key);
                if (g == null) {
                    if (memoryUsed >= hashMem && keyCount > 0) {
                        if (setAside == null) {
                            setAside = new ExternalSort(keyOrder, WorkMem.bytes(ctx),
                                    ctx.session().temporaryFiles(), interrupts);
                        }
                        Object[] row = Arrays.copyOf(keyValues, keyCount + ctx.row.length);
                        System.arraycopy(ctx.row, 0, row, keyCount, ctx.row.length);
                        setAside.put(row);
                        continue;
                    }
                    g = new Group(ctx.row.clone(), aggs.size());
                    groups.put(key, g);
                    memoryUsed += WorkMem.rowBytes(keyValues) + WorkMem.rowBytes(g.representative) + 64
                            + 16L * aggs.size();
                }
                for (int i = 0; i < aggs.size(); i++) {
                    memoryUsed += accumulate(aggs.get(i), g, i, ctx);
                }
            }
            if (setAside != null) {
                setAside.performSort();
            }
        } catch (RuntimeException | Error e) {
            if (setAside != null) {
                setAside.close();
            }
            throw e;
        } finally {
            joiner.close();
        }
        if (groups.isEmpty() && keyCount == 0) {
            groups.put(List.of(), new Group(new Object[plan.width()], aggs.size()));
        }
        java.util.Iterator<Group> hashed = groups.values().iterator();
        ExternalSort sorted = setAside;
        return new RowSource() {
            /** The first row of the next set-aside group, already read. */
            Object[] pending;

            @Override
            public Object[] next() {
                while (hashed.hasNext()) {
                    Group g = hashed.next();
                    hashed.remove();
                    Object[] out = emitGroup(plan, g, ctx);
                    if (out != null) {
                        return out;
                    }
                }
                for (Group g = nextSortedGroup(); g != null; g = nextSortedGroup()) {
                    Object[] out = emitGroup(plan, g, ctx);
                    if (out != null) {
                        return out;
                    }
                }
                return null;
            }

            /** AGG_SORTED over the set-aside rows: all rows with the first one's key, aggregated. */
            private Group nextSortedGroup() {
                Object[] first = pending != null ? pending : sorted == null ? null : sorted.next();
                pending = null;
                if (first == null) {
                    return null;
                }
                Group g = new Group(Arrays.copyOfRange(first, keyCount, first.length), aggs.size());
                for (Object[] row = first; row != null; row = sorted.next()) {
                    if (row != first && keyOrder.compare(first, row) != 0) {
                        pending = row;
                        break;
                    }
                    ctx.row = Arrays.copyOfRange(row, keyCount, row.length);
                    for (int i = 0; i < aggs.size(); i++) {
                        accumulate(aggs.get(i), g, i, ctx);
                    }
                }
                return g;
            }

            @Override
            public void close() {
                if (sorted != null) {
                    sorted.close();
                }
            }
        };
    }

    /** A group's output row, or null when HAVING rejects it. */
    private static Object[] emitGroup(SelectPlan plan, Group g, ExecContext ctx) {
        List<SelectPlan.Aggregate> aggs = plan.aggregates();
        Object[] results = new Object[aggs.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = finish(aggs.get(i), g.states[i], g.counts[i]);
        }
        ctx.row = g.representative;
        ctx.aggregates = results;
        if (plan.having() != null && !Boolean.TRUE.equals(plan.having().eval(ctx))) {
            return null;
        }
        return evalTargets(plan, ctx);
    }

    /** Adds the current row to aggregate {@code i} of the group; returns the bytes a DISTINCT value added. */
    private static long accumulate(SelectPlan.Aggregate agg, Group g, int i, ExecContext ctx) {
        if (agg.kind() == SelectPlan.AggKind.COUNT_STAR) {
            g.counts[i]++;
            return 0;
        }
        Object v = agg.argument().eval(ctx);
        if (v == null) {
            return 0;
        }
        long added = 0;
        if (agg.distinct()) {
            if (g.distinctSeen.get(i) == null) {
                g.distinctSeen.set(i, new HashSet<>());
            }
            if (!g.distinctSeen.get(i).add(key(new Object[] {v}, 1))) {
                return 0;
            }
            added = WorkMem.valueBytes(v) + 64;
        }
        g.counts[i]++;
        Object state = g.states[i];
        switch (agg.kind()) {
            case COUNT -> {
            }
            case SUM, AVG -> g.states[i] = add(agg, state, v);
            case MIN -> g.states[i] = state == null || Operators.compare(agg.argType(), v, state) < 0 ? v : state;
            case MAX -> g.states[i] = state == null || Operators.compare(agg.argType(), v, state) > 0 ? v : state;
            default -> throw new IllegalStateException();
        }
        return added;
    }

    private static Object add(SelectPlan.Aggregate agg, Object state, Object v) {
        switch (agg.argType()) {
            case INT2, INT4 -> {
                long x = ((Number) v).longValue();
                return state == null ? x : (Long) state + x;
            }
            case INT8, NUMERIC -> {
                BigDecimal x = v instanceof BigDecimal d ? d : BigDecimal.valueOf((Long) v);
                return state == null ? x : ((BigDecimal) state).add(x);
            }
            default -> {
                double x = ((Number) v).doubleValue();
                return state == null ? x : (Double) state + x;
            }
        }
    }

    private static Object finish(SelectPlan.Aggregate agg, Object state, long count) {
        return switch (agg.kind()) {
            case COUNT_STAR, COUNT -> count;
            case MIN, MAX -> state;
            case SUM -> {
                if (state == null) {
                    yield null;
                }
                yield switch (agg.type()) {
                    case FLOAT4 -> ((Double) state).floatValue();
                    default -> state;
                };
            }
            case AVG -> {
                if (state == null) {
                    yield null;
                }
                if (agg.type() == PgType.FLOAT8) {
                    yield (Double) state / count;
                }
                BigDecimal sum = state instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) state;
                BigDecimal n = BigDecimal.valueOf(count);
                yield sum.divide(n, Operators.divisionScale(sum, n), RoundingMode.HALF_EVEN);
            }
        };
    }

    // ---------------------------------------------------------------- joins and scans

    /**
     * Nested loop over the FROM items, producing joined rows in {@code ctx.row} (the same array, refilled):
     * each level is opened again for every row of the levels before it. A LEFT level that produced no
     * matching row for the current outer row emits one row of nulls.
     */
    static final class Joiner {
        private final SelectPlan plan;
        private final ExecContext ctx;
        private final List<SelectPlan.FromNode> nodes;
        private final LevelScan[] scans;
        private final boolean[] matched;
        final Tid[] tids;
        private int level;
        private boolean started;
        private boolean finished;
        /** Rows that fail the quals never reach the caller's loop, so the join itself checks for interrupts. */
        private final LoopInterrupts interrupts;

        Joiner(SelectPlan plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.interrupts = new LoopInterrupts(ctx);
            this.nodes = plan.from();
            this.scans = new LevelScan[nodes.size()];
            this.matched = new boolean[nodes.size()];
            this.tids = new Tid[nodes.size()];
            ctx.row = new Object[plan.width()];
        }

        /** The next joined row passing WHERE, or null. */
        Object[] next() {
            if (finished) {
                return null;
            }
            if (!started) {
                started = true;
                level = 0;
                open(0);
            }
            while (level >= 0) {
                interrupts.tick();
                SelectPlan.FromNode node = nodes.get(level);
                boolean produced;
                Object[] values = scans[level].next();
                if (values != null) {
                    System.arraycopy(values, 0, ctx.row, node.offset(), node.width());
                    tids[level] = scans[level].tid;
                    if (node.condition() != null && !Boolean.TRUE.equals(node.condition().eval(ctx))) {
                        continue;
                    }
                    matched[level] = true;
                    produced = true;
                } else if (node.kind() == SelectPlan.JoinKind.LEFT && !matched[level]) {
                    matched[level] = true;
                    Arrays.fill(ctx.row, node.offset(), node.offset() + node.width(), null);
                    tids[level] = null;
                    produced = true;
                } else {
                    scans[level].close();
                    level--;
                    continue;
                }
                if (produced) {
                    if (level == nodes.size() - 1) {
                        if (plan.where() == null || Boolean.TRUE.equals(plan.where().eval(ctx))) {
                            return ctx.row;
                        }
                    } else {
                        level++;
                        open(level);
                    }
                }
            }
            finished = true;
            return null;
        }

        private void open(int i) {
            if (scans[i] != null) {
                scans[i].close();
            }
            matched[i] = false;
            scans[i] = LevelScan.open(nodes.get(i).source(), ctx);
        }

        void close() {
            finished = true;
            for (LevelScan s : scans) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** One FROM item's rows for one execution of its level. */
    private abstract static class LevelScan {
        Tid tid;

        abstract Object[] next();

        void close() {
        }

        static LevelScan open(SelectPlan.Source source, ExecContext ctx) {
            return switch (source) {
                case SelectPlan.TableSource t -> new StorageScan(openScan(t, ctx));
                case SelectPlan.SeriesSource s -> series(s, ctx);
                case SelectPlan.ViewSource v -> new LevelScan() {
                    final java.util.Iterator<Object[]> rows = v.view().rows().apply(ctx.session()).iterator();

                    @Override
                    Object[] next() {
                        return rows.hasNext() ? rows.next() : null;
                    }
                };
                case SelectPlan.OneRow o -> new LevelScan() {
                    boolean done;

                    @Override
                    Object[] next() {
                        if (done) {
                            return null;
                        }
                        done = true;
                        return new Object[0];
                    }
                };
            };
        }

        private static RowScan openScan(SelectPlan.TableSource t, ExecContext ctx) {
            Transaction tx = ctx.transaction();
            if (t.path() instanceof SelectPlan.IndexScan ix) {
                Object[] lower = bounds(ix.lower(), ctx);
                Object[] upper = bounds(ix.upper(), ctx);
                if (lower == NO_ROWS || upper == NO_ROWS) {
                    return EMPTY_SCAN;
                }
                return tx.indexScan(ix.index(), lower, ix.lowerInclusive(), upper, ix.upperInclusive());
            }
            return tx.scan(t.table());
        }

        private static final Object[] NO_ROWS = new Object[0];

        /** Evaluates index bounds; a NULL bound matches nothing (the operators are strict). */
        private static Object[] bounds(Expr[] exprs, ExecContext ctx) {
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

        private static LevelScan series(SelectPlan.SeriesSource s, ExecContext ctx) {
            Object start = s.start().eval(ctx);
            Object stop = s.stop().eval(ctx);
            Object step = s.step() == null ? null : s.step().eval(ctx);
            if (start == null || stop == null || (s.step() != null && step == null)) {
                return new LevelScan() {
                    @Override
                    Object[] next() {
                        return null;
                    }
                };
            }
            BigDecimal from = new BigDecimal(start.toString());
            BigDecimal to = new BigDecimal(stop.toString());
            BigDecimal by = step == null ? BigDecimal.ONE : new BigDecimal(step.toString());
            if (by.signum() == 0) {
                throw Messages.stepSizeZero();
            }
            if (s.type() != PgType.NUMERIC) {
                long a = from.longValueExact();
                long b = to.longValueExact();
                long d = by.longValueExact();
                return new LevelScan() {
                    long current = a;
                    boolean done;

                    @Override
                    Object[] next() {
                        if (done || (d > 0 ? current > b : current < b)) {
                            return null;
                        }
                        Object v = s.type() == PgType.INT4 ? (Object) (int) current : (Object) current;
                        try {
                            current = Math.addExact(current, d);
                        } catch (ArithmeticException e) {
                            done = true;
                        }
                        return new Object[] {v};
                    }
                };
            }
            return new LevelScan() {
                BigDecimal current = from;

                @Override
                Object[] next() {
                    if (by.signum() > 0 ? current.compareTo(to) > 0 : current.compareTo(to) < 0) {
                        return null;
                    }
                    BigDecimal v = current;
                    current = current.add(by);
                    return new Object[] {v};
                }
            };
        }
    }

    private static final RowScan EMPTY_SCAN = new RowScan() {
        @Override
        public void close() {
        }

        @Override
        public boolean hasNext() {
            return false;
        }

        @Override
        public RowVersion next() {
            throw new java.util.NoSuchElementException();
        }
    };

    private static final class StorageScan extends LevelScan {
        private final RowScan scan;
        private boolean closed;

        StorageScan(RowScan scan) {
            this.scan = scan;
        }

        @Override
        Object[] next() {
            if (closed || !scan.hasNext()) {
                close();
                return null;
            }
            RowVersion v = scan.next();
            tid = v.tid();
            return v.values();
        }

        @Override
        void close() {
            if (!closed) {
                closed = true;
                scan.close();
            }
        }
    }

    // ---------------------------------------------------------------- INSERT / UPDATE / DELETE

    /** Runs an INSERT, UPDATE or DELETE; RETURNING rows go to {@code returning}. Returns the row count. */
    static long modify(ModifyPlan plan, ExecContext ctx, Consumer<Object[]> returning) {
        return switch (plan) {
            case ModifyPlan.Insert insert -> insert(insert, ctx, returning);
            case ModifyPlan.Update update -> update(update, ctx, returning);
            case ModifyPlan.Delete delete -> delete(delete, ctx, returning);
        };
    }

    private static long insert(ModifyPlan.Insert plan, ExecContext ctx, Consumer<Object[]> returning) {
        Transaction tx = ctx.transaction();
        TableDef table = plan.table();
        long count = 0;
        if (plan.rows() != null) {
            for (Expr[] exprs : plan.rows()) {
                Object[] values = new Object[exprs.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = exprs[i] == null ? null : exprs[i].eval(ctx);
                }
                count += insertRow(plan, tx, values, ctx, returning);
            }
            return count;
        }
        ExecContext queryCtx = ctx.child();
        RowSource rows = select(plan.query(), queryCtx);
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        try {
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                interrupts.tick();
                Object[] values = new Object[table.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    int source = plan.columnMap()[i];
                    values[i] = source >= 0 ? row[source]
                            : plan.defaults()[i] == null ? null : plan.defaults()[i].eval(ctx);
                }
                count += insertRow(plan, tx, values, ctx, returning);
            }
        } finally {
            rows.close();
        }
        return count;
    }

    private static int insertRow(ModifyPlan.Insert plan, Transaction tx, Object[] values, ExecContext ctx,
                                 Consumer<Object[]> returning) {
        checkNotNull(plan.table(), values, ctx);
        if (plan.onConflictDoNothing()) {
            Optional<Tid> tid = tx.insertIfNoConflict(plan.table(), values);
            if (tid.isEmpty()) {
                return 0;
            }
        } else {
            tx.insert(plan.table(), values);
        }
        emitReturning(plan.returning(), values, ctx, returning);
        return 1;
    }

    static void checkNotNull(TableDef table, Object[] values, ExecContext ctx) {
        List<ColumnDef> columns = table.columns();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && columns.get(i).notNull()) {
                throw Messages.notNullViolation(columns.get(i).name(), table.name(), failingRow(table, values, ctx));
            }
        }
    }

    private static String failingRow(TableDef table, Object[] values, ExecContext ctx) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            PgType type = PgType.byOid(table.columns().get(i).typeOid());
            out.append(values[i] == null ? "null" : TypeIo.output(type, values[i], ctx.output()));
        }
        return out.append(')').toString();
    }

    private static void emitReturning(List<Expr> exprs, Object[] values, ExecContext ctx,
                                      Consumer<Object[]> returning) {
        if (exprs.isEmpty()) {
            return;
        }
        Object[] saved = ctx.row;
        ctx.row = values;
        Object[] out = new Object[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = exprs.get(i).eval(ctx);
        }
        ctx.row = saved;
        returning.accept(out);
    }

    private record Target(Tid tid, Object[] values) {
    }

    /** The qualifying row versions of an UPDATE/DELETE, collected before any write. */
    private static List<Target> targets(SelectPlan scan, ExecContext ctx) {
        Joiner joiner = new Joiner(scan, ctx);
        List<Target> out = new ArrayList<>();
        LoopInterrupts interrupts = new LoopInterrupts(ctx);
        try {
            for (Object[] row = joiner.next(); row != null; row = joiner.next()) {
                interrupts.tick();
                out.add(new Target(joiner.tids[0], row.clone()));
            }
        } finally {
            joiner.close();
        }
        return out;
    }

    private static long update(ModifyPlan.Update plan, ExecContext ctx, Consumer<Object[]> returning) {
        Transaction tx = ctx.transaction();
        long count = 0;
        for (Target target : targets(plan.scan(), ctx)) {
            Tid tid = target.tid();
            Object[] current = target.values();
            while (true) {
                Object[] next = newValues(plan, current, ctx);
                WriteResult result = tx.update(plan.table(), tid, next);
                if (result instanceof WriteResult.Done) {
                    count++;
                    emitReturning(plan.returning(), next, ctx, returning);
                    break;
                }
                if (result instanceof WriteResult.Moved moved && recheck(plan.scan(), moved.latest(), ctx)) {
                    tid = moved.latest().tid();
                    current = moved.latest().values();
                    continue;
                }
                break;
            }
        }
        return count;
    }

    private static Object[] newValues(ModifyPlan.Update plan, Object[] current, ExecContext ctx) {
        ctx.row = current;
        Expr[] assignments = plan.assignments();
        Object[] next = current.clone();
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] != null) {
                next[i] = assignments[i].eval(ctx);
            }
        }
        checkNotNull(plan.table(), next, ctx);
        return next;
    }

    /** EvalPlanQual: does the newest version still satisfy the statement's WHERE? */
    private static boolean recheck(SelectPlan scan, RowVersion latest, ExecContext ctx) {
        ctx.row = latest.values();
        return scan.where() == null || Boolean.TRUE.equals(scan.where().eval(ctx));
    }

    private static long delete(ModifyPlan.Delete plan, ExecContext ctx, Consumer<Object[]> returning) {
        Transaction tx = ctx.transaction();
        long count = 0;
        for (Target target : targets(plan.scan(), ctx)) {
            Tid tid = target.tid();
            Object[] current = target.values();
            while (true) {
                WriteResult result = tx.delete(plan.table(), tid);
                if (result instanceof WriteResult.Done) {
                    count++;
                    emitReturning(plan.returning(), current, ctx, returning);
                    break;
                }
                if (result instanceof WriteResult.Moved moved && recheck(plan.scan(), moved.latest(), ctx)) {
                    tid = moved.latest().tid();
                    current = moved.latest().values();
                    continue;
                }
                break;
            }
        }
        return count;
    }

}
