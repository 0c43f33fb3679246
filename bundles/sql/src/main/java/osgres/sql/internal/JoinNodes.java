/*
 * The join nodes, PostgreSQL's nodeNestloop.c and nodeHashjoin.c/nodeHash.c. Joined rows are the outer row's
 * columns followed by the inner row's (a new array each, since a sort above may keep them).
 *  - NestLoop: for each outer row, set the inner side's parameters (an index nested loop's key values, a LATERAL
 *    item's references), rescan it, emit the pairs passing the join qual; LEFT emits the outer row with nulls
 *    when nothing matched; FULL reads the inner side once and also emits the inner rows nothing matched.
 *  - HashJoin: reads the inner side into a hash table on its key values (rows with a null key never match), then
 *    probes it with each outer row's keys; LEFT and FULL as above, FULL from the table's unmatched entries.
 *  - SEMI (EXISTS, IN) emits an outer row once, at its first match, and stops looking; ANTI (NOT EXISTS) emits the
 *    outer rows that nothing matched. Their rows carry nulls for the inner columns, which nothing above reads.
 * The hash table stays in memory (PostgreSQL batches to disk beyond hash_mem; not done).
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

final class JoinNodes {

    private JoinNodes() {
    }

    static Object[] concat(Object[] outer, Object[] inner, int outerWidth, int width) {
        Object[] row = new Object[width];
        if (outer != null) {
            System.arraycopy(outer, 0, row, 0, outerWidth);
        }
        if (inner != null) {
            System.arraycopy(inner, 0, row, outerWidth, width - outerWidth);
        }
        return row;
    }

    /** A joined row if it passes {@code filter} (an outer join's quals from above it), else null. */
    static Object[] filtered(Expr filter, Object[] row, ExecContext ctx) {
        if (filter == null) {
            return row;
        }
        ctx.row = row;
        return Boolean.TRUE.equals(filter.eval(ctx)) ? row : null;
    }

    static final class NestLoopNode implements PlanExecutor.ExecNode {
        private final Plan.NestLoop plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode outer;
        private final PlanExecutor.ExecNode inner;
        private final int outerWidth;
        private final LoopInterrupts interrupts;
        private Object[] outerRow;
        private boolean matched;
        private boolean innerStarted;
        /** FULL: the inner rows, read once, and which of them matched. */
        private List<Object[]> innerRows;
        private boolean[] innerMatched;
        private int innerPosition;
        private int unmatchedPosition = -1;

        NestLoopNode(Plan.NestLoop plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.outer = PlanExecutor.build(plan.outer(), ctx);
            this.inner = PlanExecutor.build(plan.inner(), ctx);
            this.outerWidth = plan.outer().width();
            this.interrupts = new LoopInterrupts(ctx);
        }

        @Override
        public Object[] next() {
            boolean full = plan.kind() == Query.JoinKind.FULL;
            if (full && innerRows == null) {
                innerRows = new ArrayList<>();
                for (Object[] r = inner.next(); r != null; r = inner.next()) {
                    innerRows.add(r);
                }
                innerMatched = new boolean[innerRows.size()];
            }
            while (true) {
                interrupts.tick();
                if (unmatchedPosition >= 0) {
                    while (unmatchedPosition < innerRows.size()) {
                        int i = unmatchedPosition++;
                        if (!innerMatched[i]) {
                            return filtered(concat(null, innerRows.get(i), outerWidth, plan.width()));
                        }
                    }
                    return null;
                }
                if (outerRow == null) {
                    outerRow = outer.next();
                    if (outerRow == null) {
                        if (full) {
                            unmatchedPosition = 0;
                            continue;
                        }
                        return null;
                    }
                    matched = false;
                    innerStarted = false;
                    innerPosition = 0;
                }
                if (!innerStarted) {
                    innerStarted = true;
                    if (!full) {
                        ctx.row = outerRow;
                        for (Plan.NestParam p : plan.params()) {
                            ctx.execParams[p.slot()] = p.value().eval(ctx);
                        }
                        inner.rescan();
                    }
                }
                Object[] innerRow;
                if (full) {
                    innerRow = innerPosition < innerRows.size() ? innerRows.get(innerPosition++) : null;
                } else {
                    innerRow = inner.next();
                }
                if (innerRow == null) {
                    Object[] o = outerRow;
                    outerRow = null;
                    if (!matched && (plan.kind() == Query.JoinKind.LEFT || full
                            || plan.kind() == Query.JoinKind.ANTI)) {
                        Object[] row = filtered(concat(o, null, outerWidth, plan.width()));
                        if (row != null) {
                            return row;
                        }
                    }
                    continue;
                }
                Object[] row = concat(outerRow, innerRow, outerWidth, plan.width());
                ctx.row = row;
                if (plan.joinQual() != null && !Boolean.TRUE.equals(plan.joinQual().eval(ctx))) {
                    continue;
                }
                matched = true;
                if (plan.kind() == Query.JoinKind.SEMI || plan.kind() == Query.JoinKind.ANTI) {
                    Object[] o = outerRow;
                    outerRow = null;
                    if (plan.kind() == Query.JoinKind.ANTI) {
                        continue;
                    }
                    Object[] out = filtered(concat(o, null, outerWidth, plan.width()));
                    if (out != null) {
                        return out;
                    }
                    continue;
                }
                if (full) {
                    innerMatched[innerPosition - 1] = true;
                }
                Object[] out = filtered(row);
                if (out != null) {
                    return out;
                }
            }
        }

        private Object[] filtered(Object[] row) {
            return JoinNodes.filtered(plan.filter(), row, ctx);
        }

        @Override
        public void rescan() {
            outerRow = null;
            innerRows = null;
            unmatchedPosition = -1;
            outer.rescan();
        }

        @Override
        public void close() {
            outer.close();
            inner.close();
        }
    }

    static final class HashJoinNode implements PlanExecutor.ExecNode {
        private final Plan.HashJoin plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode outer;
        private final PlanExecutor.ExecNode inner;
        private final int outerWidth;
        private final LoopInterrupts interrupts;
        /** Inner rows by key; each entry's matched flag for FULL. */
        private Map<List<Object>, List<Entry>> table;
        private final List<Entry> nullKeyed = new ArrayList<>();
        private Object[] outerRow;
        private List<Entry> candidates;
        private int candidate;
        private boolean matched;
        private java.util.Iterator<Entry> unmatched;

        private static final class Entry {
            final Object[] row;
            boolean matched;

            Entry(Object[] row) {
                this.row = row;
            }
        }

        HashJoinNode(Plan.HashJoin plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.outer = PlanExecutor.build(plan.outer(), ctx);
            this.inner = PlanExecutor.build(plan.inner(), ctx);
            this.outerWidth = plan.outer().width();
            this.interrupts = new LoopInterrupts(ctx);
        }

        private void build() {
            table = new HashMap<>();
            Object[] values = new Object[plan.innerKeys().size()];
            try {
                for (Object[] row = inner.next(); row != null; row = inner.next()) {
                    interrupts.tick();
                    ctx.row = row;
                    for (int i = 0; i < values.length; i++) {
                        values[i] = plan.innerKeys().get(i).eval(ctx);
                    }
                    List<Object> key = HashKeys.keyOrNull(values, plan.keyTypes());
                    Entry e = new Entry(row);
                    if (key == null) {
                        nullKeyed.add(e);
                    } else {
                        table.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
                    }
                }
            } finally {
                inner.close();
            }
        }

        @Override
        public Object[] next() {
            if (table == null) {
                build();
            }
            boolean full = plan.kind() == Query.JoinKind.FULL;
            Object[] values = new Object[plan.outerKeys().size()];
            while (true) {
                interrupts.tick();
                if (unmatched != null) {
                    while (unmatched.hasNext()) {
                        Entry e = unmatched.next();
                        if (!e.matched) {
                            Object[] row = filtered(concat(null, e.row, outerWidth, plan.width()));
                            if (row != null) {
                                return row;
                            }
                        }
                    }
                    return null;
                }
                if (outerRow == null) {
                    outerRow = outer.next();
                    if (outerRow == null) {
                        if (full) {
                            List<Entry> all = new ArrayList<>(nullKeyed);
                            for (List<Entry> l : table.values()) {
                                all.addAll(l);
                            }
                            unmatched = all.iterator();
                            continue;
                        }
                        return null;
                    }
                    ctx.row = outerRow;
                    for (int i = 0; i < values.length; i++) {
                        values[i] = plan.outerKeys().get(i).eval(ctx);
                    }
                    List<Object> key = HashKeys.keyOrNull(values, plan.keyTypes());
                    candidates = key == null ? null : table.get(key);
                    candidate = 0;
                    matched = false;
                }
                if (candidates == null || candidate >= candidates.size()) {
                    Object[] o = outerRow;
                    outerRow = null;
                    if (!matched && (plan.kind() == Query.JoinKind.LEFT || full
                            || plan.kind() == Query.JoinKind.ANTI)) {
                        Object[] row = filtered(concat(o, null, outerWidth, plan.width()));
                        if (row != null) {
                            return row;
                        }
                    }
                    continue;
                }
                Entry e = candidates.get(candidate++);
                Object[] row = concat(outerRow, e.row, outerWidth, plan.width());
                ctx.row = row;
                if (plan.joinQual() != null && !Boolean.TRUE.equals(plan.joinQual().eval(ctx))) {
                    continue;
                }
                matched = true;
                if (plan.kind() == Query.JoinKind.SEMI || plan.kind() == Query.JoinKind.ANTI) {
                    Object[] o = outerRow;
                    outerRow = null;
                    if (plan.kind() == Query.JoinKind.ANTI) {
                        continue;
                    }
                    Object[] out = filtered(concat(o, null, outerWidth, plan.width()));
                    if (out != null) {
                        return out;
                    }
                    continue;
                }
                e.matched = true;
                Object[] out = filtered(row);
                if (out != null) {
                    return out;
                }
            }
        }

        private Object[] filtered(Object[] row) {
            return JoinNodes.filtered(plan.filter(), row, ctx);
        }

        @Override
        public void rescan() {
            outerRow = null;
            unmatched = null;
            // parameters from an enclosing loop may have changed the inner side: build the table again
            table = null;
            nullKeyed.clear();
            inner.rescan();
            outer.rescan();
        }

        @Override
        public void close() {
            outer.close();
            inner.close();
        }
    }
}
