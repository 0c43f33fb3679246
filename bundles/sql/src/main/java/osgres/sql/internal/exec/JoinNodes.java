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
 * Beyond hash_mem (work_mem x hash_mem_multiplier) the hash join goes to batches as PostgreSQL's (a grace hash
 * join: the number of batches fixed when the table first overflows, from the inner side's estimated size): inner
 * and outer rows are written to per-batch temporary files by their key's hash, then each batch's inner rows are
 * loaded and its outer rows probe them (a batch that is still too big is loaded anyway: no re-splitting).
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.utils.HashKeys;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.TemporaryFiles;

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
        /** Batches at least, when the inner side does not fit in hash_mem (a power of two). */
        private static final int MIN_BATCHES = 8;
        private static final int MAX_BATCHES = 1024;
        private static final int READ_BUFFER = 64 * 1024;
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
        /** Batched (the inner side beyond hash_mem): per batch an inner and an outer file, and the current one. */
        private Batch[] batches;
        private int batch = -1;
        private java.io.DataInputStream outerBatch;
        private long outerBatchLeft;
        /** FULL: the current batch's unmatched inner rows were emitted. */
        private boolean unmatchedDone;

        private static final class Entry {
            final Object[] row;
            boolean matched;

            Entry(Object[] row) {
                this.row = row;
            }
        }

        /** One batch's rows on disk (ExecHashJoinSaveTuple's files): inner and outer rows whose keys hash to it. */
        private static final class Batch {
            TemporaryFiles.TempFile inner;
            long innerRows;
            TemporaryFiles.TempFile outer;
            long outerRows;
        }

        HashJoinNode(Plan.HashJoin plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.outer = PlanExecutor.build(plan.outer(), ctx);
            this.inner = PlanExecutor.build(plan.inner(), ctx);
            this.outerWidth = plan.outer().width();
            this.interrupts = new LoopInterrupts(ctx);
        }

        private List<Object> innerKey(Object[] row, Object[] values) {
            ctx.row = row;
            for (int i = 0; i < values.length; i++) {
                values[i] = plan.innerKeys().get(i).eval(ctx);
            }
            return HashKeys.keyOrNull(values, plan.keyTypes());
        }

        private List<Object> outerKey(Object[] row, Object[] values) {
            ctx.row = row;
            for (int i = 0; i < values.length; i++) {
                values[i] = plan.outerKeys().get(i).eval(ctx);
            }
            return HashKeys.keyOrNull(values, plan.keyTypes());
        }

        private int batchOf(List<Object> key) {
            if (key == null) {
                return 0;
            }
            int h = key.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & (batches.length - 1);
        }

        /**
         * MultiExecHash: the inner side into the hash table while it fits in hash_mem; beyond, every inner row goes
         * to its batch's file, then every outer row too (ExecHashJoinOuterGetTuple's batching), and batch 0 is loaded.
         */
        private void build() {
            table = new HashMap<>();
            long limit = WorkMem.hashBytes(ctx);
            long used = 0;
            long rows = 0;
            Object[] values = new Object[plan.innerKeys().size()];
            try {
                for (Object[] row = inner.next(); row != null; row = inner.next()) {
                    interrupts.tick();
                    List<Object> key = innerKey(row, values);
                    if (batches != null) {
                        save(batches[batchOf(key)], true, row);
                        continue;
                    }
                    add(key, row);
                    rows++;
                    used += WorkMem.rowBytes(row) + 48;
                    if (used > limit) {
                        startBatching(used, rows, values);
                    }
                }
            } catch (RuntimeException | Error e) {
                closeBatches();
                throw e;
            } finally {
                inner.close();
            }
            if (batches != null) {
                partitionOuter();
                nextBatch();
            }
        }

        private void add(List<Object> key, Object[] row) {
            Entry e = new Entry(row);
            if (key == null) {
                nullKeyed.add(e);
            } else {
                table.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
            }
        }

        /** The table is full: as many batches as the inner side seems to need, the rows so far to their files. */
        private void startBatching(long used, long rows, Object[] values) {
            double expected = Math.max(plan.inner().rows(), rows * 2.0);
            double bytes = (double) used / rows * expected;
            int n = MIN_BATCHES;
            while (n < MAX_BATCHES && n * (double) WorkMem.hashBytes(ctx) < bytes * 1.5) {
                n *= 2;
            }
            batches = new Batch[n];
            for (int i = 0; i < n; i++) {
                batches[i] = new Batch();
            }
            for (List<Entry> entries : table.values()) {
                for (Entry e : entries) {
                    save(batches[batchOf(innerKey(e.row, values))], true, e.row);
                }
            }
            for (Entry e : nullKeyed) {
                save(batches[0], true, e.row);
            }
            table.clear();
            nullKeyed.clear();
        }

        private void save(Batch b, boolean innerSide, Object[] row) {
            TemporaryFiles.TempFile f = innerSide ? b.inner : b.outer;
            if (f == null) {
                f = ctx.session().temporaryFiles().create();
                if (innerSide) {
                    b.inner = f;
                } else {
                    b.outer = f;
                }
            }
            try {
                SpillRowFormat.write(f.output(), row);
            } catch (java.io.IOException e) {
                throw Messages.couldNotWriteFile(f.name(), e);
            }
            if (innerSide) {
                b.innerRows++;
            } else {
                b.outerRows++;
            }
        }

        private void partitionOuter() {
            Object[] values = new Object[plan.outerKeys().size()];
            try {
                for (Object[] row = outer.next(); row != null; row = outer.next()) {
                    interrupts.tick();
                    save(batches[batchOf(outerKey(row, values))], false, row);
                }
                for (Batch b : batches) {
                    if (b.inner != null) {
                        b.inner.finishWriting();
                    }
                    if (b.outer != null) {
                        b.outer.finishWriting();
                    }
                }
            } catch (RuntimeException | Error e) {
                closeBatches();
                throw e;
            } finally {
                outer.close();
            }
        }

        /** ExecHashJoinNewBatch: the next batch's inner rows into the table and its outer file to probe; false at the end. */
        private boolean nextBatch() {
            if (batches == null) {
                return false;
            }
            if (batch >= 0) {
                Batch done = batches[batch];
                if (done.inner != null) {
                    done.inner.close();
                }
                if (done.outer != null) {
                    done.outer.close();
                }
            }
            table.clear();
            nullKeyed.clear();
            outerBatch = null;
            unmatchedDone = false;
            if (++batch >= batches.length) {
                return false;
            }
            Batch b = batches[batch];
            Object[] values = new Object[plan.innerKeys().size()];
            try {
                if (b.inner != null) {
                    java.io.DataInputStream in = b.inner.input(READ_BUFFER);
                    for (long i = 0; i < b.innerRows; i++) {
                        interrupts.tick();
                        Object[] row = SpillRowFormat.read(in);
                        add(innerKey(row, values), row);
                    }
                }
                if (b.outer != null) {
                    outerBatch = b.outer.input(READ_BUFFER);
                    outerBatchLeft = b.outerRows;
                }
            } catch (java.io.IOException e) {
                closeBatches();
                throw Messages.couldNotReadFile(b.inner != null ? b.inner.name() : "", e);
            }
            return true;
        }

        /** The next outer row to probe with: from the outer side, or the current batch's file. */
        private Object[] nextOuter() {
            if (batches == null) {
                return outer.next();
            }
            if (outerBatch == null || outerBatchLeft == 0) {
                return null;
            }
            outerBatchLeft--;
            try {
                return SpillRowFormat.read(outerBatch);
            } catch (java.io.IOException e) {
                closeBatches();
                throw Messages.couldNotReadFile(batches[batch].outer.name(), e);
            }
        }

        private void closeBatches() {
            if (batches != null) {
                for (Batch b : batches) {
                    if (b.inner != null) {
                        b.inner.close();
                    }
                    if (b.outer != null) {
                        b.outer.close();
                    }
                }
                batches = null;
            }
            batch = -1;
            outerBatch = null;
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
                    unmatched = null;
                    unmatchedDone = true;
                    if (nextBatch()) {
                        continue;
                    }
                    return null;
                }
                if (outerRow == null) {
                    outerRow = nextOuter();
                    if (outerRow == null) {
                        if (full && !unmatchedDone) {
                            List<Entry> all = new ArrayList<>(nullKeyed);
                            for (List<Entry> l : table.values()) {
                                all.addAll(l);
                            }
                            unmatched = all.iterator();
                            continue;
                        }
                        if (nextBatch()) {
                            continue;
                        }
                        return null;
                    }
                    List<Object> key = outerKey(outerRow, values);
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
            unmatchedDone = false;
            closeBatches();
            // parameters from an enclosing loop may have changed the inner side: build the table again
            table = null;
            nullKeyed.clear();
            inner.rescan();
            outer.rescan();
        }

        @Override
        public void close() {
            closeBatches();
            outer.close();
            inner.close();
        }
    }
}
