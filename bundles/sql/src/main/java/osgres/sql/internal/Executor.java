/*
 * The executor (PostgreSQL's executor/: nodeNestloop, nodeSeqscan, nodeIndexscan, nodeAgg, nodeSort,
 * nodeUnique, nodeLimit, nodeModifyTable), pull-based over RowSource. Joins are nested loops; an inner
 * table with an index on the join key is probed per outer row (index nested loop). Grouping, sorting and
 * DISTINCT materialise their input; everything else streams, so a portal can stop after maxRows.
 * UPDATE and DELETE collect the qualifying row versions first (no Halloween problem, no scan open while
 * writing), then write them, following a concurrent update with EvalPlanQual in READ COMMITTED.
 * Not done: hash joins, merge joins, spilling to disk.
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
            List<Object[]> rows = plan.grouped() ? aggregate(plan, joiner, ctx) : project(plan, joiner, ctx);
            if (plan.distinct()) {
                rows = distinct(rows, plan.visibleCount());
            }
            if (!plan.orderBy().isEmpty()) {
                rows.sort(comparator(plan.orderBy()));
            }
            projected = RowSource.of(rows);
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
            Interrupts interrupts = new Interrupts(ctx);
            while (joiner.next() != null) {
                interrupts.tick();
                sorted.add(new Candidate(ctx.row.clone(), joiner.tids.clone(), evalTargets(plan, ctx)));
            }
            joiner.close();
            Comparator<Object[]> byKeys = comparator(plan.orderBy());
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

    private static List<Object[]> project(SelectPlan plan, Joiner joiner, ExecContext ctx) {
        List<Object[]> rows = new ArrayList<>();
        Interrupts interrupts = new Interrupts(ctx);
        while (joiner.next() != null) {
            interrupts.tick();
            rows.add(evalTargets(plan, ctx));
        }
        joiner.close();
        return rows;
    }

    private static List<Object[]> distinct(List<Object[]> rows, int width) {
        Set<List<Object>> seen = new HashSet<>();
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows) {
            if (seen.add(key(row, width))) {
                out.add(row);
            }
        }
        return out;
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

    private static Comparator<Object[]> comparator(List<SelectPlan.SortKey> keys) {
        return (a, b) -> {
            for (SelectPlan.SortKey key : keys) {
                Object x = a[key.column()];
                Object y = b[key.column()];
                int c;
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    c = (x == null) == key.nullsFirst() ? -1 : 1;
                    return c;
                }
                c = Operators.compare(key.type(), x, y);
                if (c != 0) {
                    return key.descending() ? -c : c;
                }
            }
            return 0;
        };
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

    private static List<Object[]> aggregate(SelectPlan plan, Joiner joiner, ExecContext ctx) {
        List<SelectPlan.Aggregate> aggs = plan.aggregates();
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        Interrupts interrupts = new Interrupts(ctx);
        Object[] keyValues = new Object[plan.groupBy().size()];
        while (joiner.next() != null) {
            interrupts.tick();
            for (int i = 0; i < keyValues.length; i++) {
                keyValues[i] = plan.groupBy().get(i).eval(ctx);
            }
            List<Object> key = key(keyValues, keyValues.length);
            Group g = groups.get(key);
            if (g == null) {
                g = new Group(ctx.row.clone(), aggs.size());
                groups.put(key, g);
            }
            for (int i = 0; i < aggs.size(); i++) {
                accumulate(aggs.get(i), g, i, ctx);
            }
        }
        joiner.close();
        if (groups.isEmpty() && plan.groupBy().isEmpty()) {
            groups.put(List.of(), new Group(new Object[plan.width()], aggs.size()));
        }
        List<Object[]> out = new ArrayList<>();
        for (Group g : groups.values()) {
            Object[] results = new Object[aggs.size()];
            for (int i = 0; i < results.length; i++) {
                results[i] = finish(aggs.get(i), g.states[i], g.counts[i]);
            }
            ctx.row = g.representative;
            ctx.aggregates = results;
            if (plan.having() != null && !Boolean.TRUE.equals(plan.having().eval(ctx))) {
                continue;
            }
            out.add(evalTargets(plan, ctx));
        }
        return out;
    }

    private static void accumulate(SelectPlan.Aggregate agg, Group g, int i, ExecContext ctx) {
        if (agg.kind() == SelectPlan.AggKind.COUNT_STAR) {
            g.counts[i]++;
            return;
        }
        Object v = agg.argument().eval(ctx);
        if (v == null) {
            return;
        }
        if (agg.distinct()) {
            if (g.distinctSeen.get(i) == null) {
                g.distinctSeen.set(i, new HashSet<>());
            }
            if (!g.distinctSeen.get(i).add(key(new Object[] {v}, 1))) {
                return;
            }
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
        private final Interrupts interrupts;

        Joiner(SelectPlan plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.interrupts = new Interrupts(ctx);
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

    /** CHECK_FOR_INTERRUPTS every so many rows of a long loop. */
    private static final class Interrupts {
        private final osgres.sql.Interrupts interrupts;
        private int n;

        Interrupts(ExecContext ctx) {
            this.interrupts = ctx.session().setup().interrupts();
        }

        void tick() {
            if ((++n & 1023) == 0) {
                interrupts.check();
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
        Interrupts interrupts = new Interrupts(ctx);
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
        Interrupts interrupts = new Interrupts(ctx);
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
