/*
 * The executor's ModifyTable (PostgreSQL's nodeModifyTable.c): INSERT, UPDATE and DELETE of one table, one input row
 * at a time, with NOT NULL checks (23502 with the failing row), ON CONFLICT DO NOTHING / DO UPDATE, and READ
 * COMMITTED's EvalPlanQual: when a concurrent transaction updated a target row first, its newest version is re-checked
 * against the statement's quals and, if it still qualifies, changed instead. The statement never sees its own
 * changes (command ids), so rows it writes do not come back to it. All rows are written before the first RETURNING
 * row goes out, as PostgreSQL runs a modifying portal to completion first.
 * MERGE (ExecMerge) runs, per joined source row, the first WHEN clause of its kind whose condition holds: a row with
 * a target row is MATCHED, one without NOT MATCHED. When a concurrent transaction changed the matched target row,
 * its newest version is re-checked against the join condition: still joined, the MATCHED clauses are tried again
 * from the first; gone or no longer joined, the row is NOT MATCHED. A target row changed twice is 21000.
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.ColumnDef;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;
import osgres.storage.WriteResult;
import osgres.sql.internal.plan.InheritanceTree;
import osgres.sql.internal.utils.RowTriggers;

public final class ModifyNodes {

    private ModifyNodes() {
    }

    static final class ModifyTableNode extends PlanExecutor.MaterializingNode {
        private final Plan.ModifyTable plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode input;
        private long processed;
        /** ON CONFLICT DO UPDATE: the row versions this command wrote, which it must not change again. */
        private final java.util.Set<Tid> written;
        /** The table's triggers for this command (TriggerFiring), null when it has none. */
        private RowTriggers triggers;
        /** MERGE: the table's triggers of each action kind its WHEN clauses have (null: none). */
        private RowTriggers insertTriggers;
        private RowTriggers updateTriggers;
        private RowTriggers deleteTriggers;
        /** EXPLAIN ANALYZE's counts of this node (null otherwise): MERGE's rows by action. */
        Explain.Counts counts;
        /** MERGE: per row an action wrote, in order, the triggers of its kind (those with some trigger). */
        private final List<RowTriggers> mergeWrites = new ArrayList<>();
        /** MERGE: the target rows (as scanned, and their versions re-checked) an UPDATE or DELETE action took. */
        private final java.util.Set<TargetRow> merged = new java.util.HashSet<>();

        /** A row version of the target or of one of its partitions (a tid alone is per table). */
        private record TargetRow(int tableOid, Tid tid) {
        }
        /** Partition routing and constraint checks (made when the target is in a partition tree). */
        private PartitionRouter router;
        /** The table's CHECK constraints, analysed once per execution. */
        private final List<CheckConstraints.Compiled> checks;
        /** The CHECK constraints of the partitions rows were routed to, by partition oid. */
        private final java.util.Map<Integer, List<CheckConstraints.Compiled>> leafChecks = new java.util.HashMap<>();
        /** The INSERT triggers of the partitions rows were routed to, by partition oid (empty: none). */
        private final java.util.Map<Integer, java.util.Optional<RowTriggers>> leafInsertTriggers =
                new java.util.HashMap<>();
        /** The foreign key events of the rows written (null: the table has no key of either side). */
        private final ForeignKeys.Events foreignKeys;

        ModifyTableNode(Plan.ModifyTable plan, ExecContext ctx) {
            this(plan, ctx, PlanExecutor.build(plan.input(), ctx));
        }

        private ModifyTableNode(Plan.ModifyTable plan, ExecContext ctx, PlanExecutor.ExecNode input) {
            super(input);
            this.plan = plan;
            this.ctx = ctx;
            this.input = input;
            this.written = plan.onConflict() != null && plan.onConflict().doUpdate() ? new java.util.HashSet<>()
                    : null;
            this.checks = plan.command() == Query.Command.DELETE ? List.of()
                    : CheckConstraints.compile(plan.table(), ctx.output().zone());
            ForeignKeys.Events events = new ForeignKeys.Events(plan.table(), ctx.session(),
                    plan.command() != Query.Command.INSERT || plan.onConflict() != null);
            this.foreignKeys = events.active() ? events : null;
        }

        /** Rows inserted, updated or deleted (the command tag's count). */
        long processed() {
            return processed;
        }

        @Override
        List<Object[]> compute() {
            processed = 0;
            List<Object[]> returned = new ArrayList<>();
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            // the table's triggers (null: none, the common case); ON CONFLICT's writes do not fire them
            if (plan.command() == Query.Command.MERGE) {
                mergeBeforeStatement();
            } else {
                triggers = plan.onConflict() == null ? ctx.session().triggers(plan.table(), plan.command().name())
                        : null;
            }
            if (triggers != null) {
                triggers.beforeStatement();
            }
            for (Object[] row = input.next(); row != null; row = input.next()) {
                interrupts.tick();
                switch (plan.command()) {
                    case INSERT -> insert(row.clone(), returned, triggers);
                    case UPDATE -> update(row, returned);
                    case DELETE -> delete(row, returned);
                    case MERGE -> merge(row, returned);
                }
            }
            if (foreignKeys != null) {
                foreignKeys.fire(ctx); // the RI triggers: AFTER ROW, queued to the end of the statement
            }
            if (triggers != null) {
                triggers.afterStatement();
            }
            if (plan.command() == Query.Command.MERGE) {
                // one after-trigger queue in PostgreSQL: the rows' events in the order written, then
                // ExecASMergeTriggers' order: DELETE, UPDATE, INSERT
                for (RowTriggers t : mergeWrites) {
                    t.afterRowNow();
                }
                for (RowTriggers t : new RowTriggers[] {deleteTriggers, updateTriggers, insertTriggers}) {
                    if (t != null) {
                        t.afterStatement();
                    }
                }
            }
            return returned;
        }

        /** ExecBSMergeTriggers: BEFORE STATEMENT triggers of each kind of action, INSERT, UPDATE, DELETE. */
        private void mergeBeforeStatement() {
            java.util.EnumSet<Query.Command> kinds = java.util.EnumSet.noneOf(Query.Command.class);
            for (Plan.MergeAction a : plan.mergeActions()) {
                if (a.command() != null) {
                    kinds.add(a.command());
                }
            }
            if (kinds.contains(Query.Command.INSERT)) {
                insertTriggers = ctx.session().triggers(plan.table(), "INSERT");
            }
            if (kinds.contains(Query.Command.UPDATE)) {
                updateTriggers = ctx.session().triggers(plan.table(), "UPDATE");
            }
            if (kinds.contains(Query.Command.DELETE)) {
                deleteTriggers = ctx.session().triggers(plan.table(), "DELETE");
            }
            for (RowTriggers t : new RowTriggers[] {insertTriggers, updateTriggers, deleteTriggers}) {
                if (t != null) {
                    t.beforeStatement();
                }
            }
        }

        /** What one attempt to update or delete a target row came to. */
        private sealed interface Attempt {
        }

        /** Written, or skipped by a BEFORE ROW trigger. */
        private record Finished() implements Attempt {
        }

        /** A concurrent update moved the row and its newest version still qualifies: try again on it. */
        private record Retry(Object[] latest) implements Attempt {
        }

        /** A concurrent transaction deleted the row, or its newest version no longer qualifies. */
        private record Lost() implements Attempt {
        }

        private static final Attempt FINISHED = new Finished();
        private static final Attempt LOST = new Lost();

        /** ExecMerge: the first MATCHED clause that applies, or (no target row, or it was lost) NOT MATCHED. */
        private void merge(Object[] row, List<Object[]> returned) {
            long before = processed;
            Query.Command done = mergeRow(row, returned);
            if (counts != null) {
                counts.mergeRows++;
                if (processed > before) {
                    switch (done) {
                        case INSERT -> counts.mergeInserted++;
                        case UPDATE -> counts.mergeUpdated++;
                        case DELETE -> counts.mergeDeleted++;
                        default -> {
                        }
                    }
                }
            }
        }

        /** The action that ran for the row (null: none, or DO NOTHING). */
        private Query.Command mergeRow(Object[] row, List<Object[]> returned) {
            Object[] current = row;
            Query.Command[] action = new Query.Command[1];
            while (current[plan.tidColumn()] != null) {
                Attempt attempt = mergeMatched(current, returned, action);
                if (attempt instanceof Retry retry) {
                    current = retry.latest();
                    continue;
                }
                if (attempt instanceof Finished) {
                    return action[0];
                }
                break; // Lost: the source row is NOT MATCHED now
            }
            for (Plan.MergeAction a : plan.mergeActions()) {
                ctx.row = row;
                if (a.matched() || !PlanExecutor.passes(a.condition(), ctx)) {
                    continue;
                }
                if (a.command() == Query.Command.INSERT) {
                    insert(evaluate(a.row(), row), returned, insertTriggers);
                }
                return a.command();
            }
            return null;
        }

        private Attempt mergeMatched(Object[] current, List<Object[]> returned, Query.Command[] action) {
            for (Plan.MergeAction a : plan.mergeActions()) {
                ctx.row = current;
                if (!a.matched() || !PlanExecutor.passes(a.condition(), ctx)) {
                    continue;
                }
                action[0] = a.command();
                if (a.command() == null) {
                    return FINISHED;
                }
                if (!merged.add(new TargetRow(tableOf(current).oid(), tidOf(current[plan.tidColumn()])))) {
                    throw PgException.error(SqlState.CARDINALITY_VIOLATION,
                            "MERGE command cannot affect row a second time")
                            .withHint("Ensure that not more than one source row matches any one target row.");
                }
                return a.command() == Query.Command.UPDATE ? updateOnce(current, a.row(), updateTriggers, returned)
                        : deleteOnce(current, deleteTriggers, returned);
            }
            return FINISHED;
        }

        private Object[] evaluate(List<Expr> exprs, Object[] row) {
            Object[] out = new Object[exprs.size()];
            for (int i = 0; i < out.length; i++) {
                ctx.row = row;
                out[i] = exprs.get(i).eval(ctx);
            }
            return out;
        }

        private PartitionRouter router() {
            if (router == null) {
                router = new PartitionRouter(ctx);
            }
            return router;
        }

        private void insert(Object[] values, List<Object[]> returned, RowTriggers triggers) {
            Transaction tx = ctx.transaction();
            if (triggers != null && (values = triggers.beforeRow(null, values)) == null) {
                return;
            }
            TableDef target = plan.table();
            Object[] stored = values;
            boolean leafTriggersChanged = false;
            if (target.isPartitioned()) {
                if (target.inheritance().isPartition()) {
                    router().checkConstraint(target, values); // ExecFindPartition checks a partition root first
                }
                // ExecFindPartition: the row goes to the leaf partition its key falls in
                PartitionRouter.Routed routed = router().route(target, values);
                target = routed.leaf();
                stored = routed.row();
                // ExecInsert on the partition's ResultRelInfo: its own BEFORE ROW triggers see the routed row
                TableDef leaf = target;
                RowTriggers leafTriggers = leafInsertTriggers.computeIfAbsent(leaf.oid(),
                        o -> java.util.Optional.ofNullable(ctx.session().triggers(leaf, "INSERT"))).orElse(null);
                if (leafTriggers != null) {
                    Object[] changed = leafTriggers.beforeRow(null, stored);
                    if (changed == null) {
                        return;
                    }
                    leafTriggersChanged = changed != stored;
                    stored = changed;
                    if (leafTriggersChanged) {
                        values = InheritanceTree.convert(leaf, plan.table(), stored); // RETURNING shows the change
                    }
                }
            }
            checkNotNull(target, stored, ctx);
            if ((target == plan.table() || leafTriggersChanged) && target.inheritance().isPartition()) {
                router().checkConstraint(target, stored, plan.table());
            }
            // the target's CHECK constraints and keys; a routed row's are its partition's (which inherited the
            // parents' CHECKs), checked on the row in the partition's columns
            boolean own = target == plan.table();
            if (own) {
                CheckConstraints.check(plan.table(), checks, values, ctx);
            } else {
                TableDef leaf = target;
                CheckConstraints.check(leaf, leafChecks.computeIfAbsent(leaf.oid(),
                        o -> CheckConstraints.compile(leaf, ctx.output().zone())), stored, ctx, plan.table(),
                        row -> InheritanceTree.convert(leaf, plan.table(), row));
            }
            checkOption(values);
            Plan.ConflictAction conflict = plan.onConflict();
            Tid inserted = null;
            if (conflict == null) {
                Tid tid = tx.insert(target, stored);
                inserted = tid;
                if (foreignKeys != null && own) {
                    foreignKeys.inserted(values, tid);
                }
            } else if (!conflict.doUpdate()) {
                Optional<Tid> tid = tx.insertIfNoConflict(target, stored);
                if (tid.isEmpty()) {
                    return;
                }
                inserted = tid.get();
                if (foreignKeys != null && own) {
                    foreignKeys.inserted(values, tid.get());
                }
            } else {
                Optional<Object[]> updated = insertOrUpdate(target, stored, values, conflict);
                if (updated == null) {
                    return;
                }
                values = updated.orElse(values);
            }
            processed++;
            if (triggers != null) {
                triggers.afterRow(null, values);
                if (plan.command() == Query.Command.MERGE) {
                    mergeWrites.add(triggers);
                }
            }
            if (!plan.returning().isEmpty()) {
                // the new row's tableoid, ctid (unknown after ON CONFLICT DO UPDATE), xmin and xmax (Planner's order)
                Object[] row = java.util.Arrays.copyOf(values, values.length + 4);
                row[values.length] = target.oid() & 0xFFFFFFFFL;
                row[values.length + 1] = inserted;
                row[values.length + 2] = tx.xid() & 0xFFFFFFFFL;
                row[values.length + 3] = 0L;
                returning(row, returned);
            }
        }

        /**
         * ON CONFLICT DO UPDATE: inserts the row, or updates the row it conflicts with (locked first, its newest
         * version) when the WHERE holds; null when nothing was written, the updated row when updated, empty when
         * inserted.
         */
        private Optional<Object[]> insertOrUpdate(TableDef table, Object[] stored, Object[] proposed,
                                                  Plan.ConflictAction conflict) {
            Transaction tx = ctx.transaction();
            LoopInterrupts interrupts = new LoopInterrupts(ctx);
            while (true) {
                interrupts.tick();
                Transaction.InsertOutcome outcome = tx.insertOrConflict(table, stored);
                if (outcome.inserted() != null) {
                    written.add(outcome.inserted());
                    if (foreignKeys != null && table == plan.table()) {
                        foreignKeys.inserted(proposed, outcome.inserted());
                    }
                    return Optional.empty();
                }
                Tid tid = outcome.conflict();
                if (written.contains(tid)) {
                    throw PgException.error(SqlState.CARDINALITY_VIOLATION,
                            "ON CONFLICT DO UPDATE command cannot affect row a second time")
                            .withHint("Ensure that no rows proposed for insertion within the same command have "
                                    + "duplicate constrained values.");
                }
                WriteResult locked = tx.lockRow(table, tid, osgres.storage.RowLockStrength.UPDATE,
                        osgres.storage.LockWaitPolicy.BLOCK);
                Object[] existing = locked instanceof WriteResult.Done ? tx.fetch(table, tid) : null;
                if (existing == null) {
                    continue; // the conflicting row changed or went meanwhile: try the insert again, as PostgreSQL
                }
                // SET and WHERE read the target's columns: a partition's row is seen in its parent's column order
                existing = InheritanceTree.convert(table, plan.table(), existing);
                Object[] both = new Object[existing.length + proposed.length];
                System.arraycopy(existing, 0, both, 0, existing.length);
                System.arraycopy(proposed, 0, both, existing.length, proposed.length);
                ctx.row = both;
                if (!PlanExecutor.passes(conflict.where(), ctx)) {
                    return null;
                }
                Object[] next = existing.clone();
                for (int i = 0; i < next.length; i++) {
                    Expr set = conflict.set().get(i);
                    if (set != null) {
                        ctx.row = both;
                        next[i] = set.eval(ctx);
                    }
                }
                Object[] nextStored = InheritanceTree.convert(plan.table(), table, next);
                checkNotNull(table, nextStored, ctx);
                if (table != plan.table() && !router().satisfiesConstraint(table, nextStored)) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "invalid ON UPDATE specification")
                            .withDetail("The result tuple would appear in a different partition than the original "
                                    + "tuple.");
                }
                if (table == plan.table()) {
                    CheckConstraints.check(plan.table(), checks, next, ctx);
                }
                WriteResult r = tx.update(table, tid, nextStored);
                if (r instanceof WriteResult.Done done) {
                    written.add(done.newTid());
                    if (foreignKeys != null && table == plan.table()) {
                        foreignKeys.updated(existing, next, done.newTid());
                    }
                    return Optional.of(next);
                }
            }
        }

        /** The table a target row is in: a member of the target's inheritance tree, or the target itself. */
        private TableDef tableOf(Object[] row) {
            return row[plan.tidColumn()] instanceof Plan.MemberTid m ? m.table() : plan.table();
        }

        private static Tid tidOf(Object ctid) {
            return ctid instanceof Plan.MemberTid m ? m.tid() : (Tid) ctid;
        }

        private void update(Object[] row, List<Object[]> returned) {
            Attempt attempt = updateOnce(row, plan.newValues(), triggers, returned);
            while (attempt instanceof Retry retry) {
                attempt = updateOnce(retry.latest(), plan.newValues(), triggers, returned);
            }
        }

        /** One attempt to update the target row of {@code current} to {@code newValues} (over the joined row). */
        private Attempt updateOnce(Object[] current, List<Expr> newValues, RowTriggers triggers,
                                   List<Object[]> returned) {
            Transaction tx = ctx.transaction();
            TableDef table = tableOf(current);
            Tid tid = tidOf(current[plan.tidColumn()]);
            Object[] next = evaluate(newValues, current);
            // row triggers are the target table's own (not fired for rows of its children)
            boolean fire = triggers != null && table.oid() == plan.table().oid();
            Object[] old = fire ? tx.fetch(table, tid) : null;
            if (fire && (next = triggers.beforeRow(old, next)) == null) {
                return FINISHED;
            }
            Object[] stored = next;
            if (table.oid() != plan.table().oid()) {
                // a child's own columns keep their values; the parent's take the new ones
                Object[] childRow = tx.fetch(table, tid);
                stored = childRow == null ? InheritanceTree.convert(plan.table(), table, next) : childRow.clone();
                int[] map = InheritanceTree.columnMap(plan.table(), table);
                for (int i = 0; i < map.length; i++) {
                    stored[map[i]] = next[i];
                }
            }
            checkNotNull(table, stored, ctx);
            boolean own = table.oid() == plan.table().oid();
            if (own) {
                CheckConstraints.check(plan.table(), checks, next, ctx);
            }
            checkOption(next);
            if (table.inheritance().isPartition() && !router().satisfiesConstraint(table, stored)) {
                if (table.oid() == plan.table().oid() || !plan.table().isPartitioned()) {
                    router().checkConstraint(table, stored); // throws: the row has nowhere to go
                }
                // ExecCrossPartitionUpdate: the row moves, deleted here and routed again from the target
                WriteResult deleted = tx.deleteMovingPartition(table, tid);
                if (deleted instanceof WriteResult.Done) {
                    PartitionRouter.Routed routed = router().route(plan.table(), next);
                    checkNotNull(routed.leaf(), routed.row(), ctx);
                    Tid moved = tx.insert(routed.leaf(), routed.row());
                    processed++;
                    if (!plan.returning().isEmpty()) {
                        returning(withNewTid(withTarget(current, next), new Plan.MemberTid(routed.leaf(), moved)),
                                returned);
                    }
                    return FINISHED;
                }
                return evalPlanQual(current, deleted, table);
            }
            WriteResult result = tx.update(table, tid, stored);
            if (result instanceof WriteResult.Done done) {
                if (foreignKeys != null && own) {
                    foreignKeys.updated(tx.fetch(plan.table(), tid), next, done.newTid());
                }
                processed++;
                if (fire) {
                    triggers.afterRow(old, next);
                    if (plan.command() == Query.Command.MERGE) {
                        mergeWrites.add(triggers);
                    }
                }
                if (!plan.returning().isEmpty()) {
                    Object[] newRow = withTarget(current, next);
                    returning(withNewTid(newRow, current[plan.tidColumn()] instanceof Plan.MemberTid
                            ? new Plan.MemberTid(table, done.newTid()) : done.newTid()), returned);
                }
                return FINISHED;
            }
            return evalPlanQual(current, result, table);
        }

        private void delete(Object[] row, List<Object[]> returned) {
            Attempt attempt = deleteOnce(row, triggers, returned);
            while (attempt instanceof Retry retry) {
                attempt = deleteOnce(retry.latest(), triggers, returned);
            }
        }

        /** One attempt to delete the target row of {@code current}. */
        private Attempt deleteOnce(Object[] current, RowTriggers triggers, List<Object[]> returned) {
            Transaction tx = ctx.transaction();
            TableDef table = tableOf(current);
            Tid tid = tidOf(current[plan.tidColumn()]);
            boolean fire = triggers != null && table.oid() == plan.table().oid();
            Object[] old = fire ? tx.fetch(table, tid) : null;
            if (fire && triggers.beforeRow(old, null) == null) {
                return FINISHED;
            }
            WriteResult result = tx.delete(table, tid);
            if (result instanceof WriteResult.Done) {
                if (foreignKeys != null && table.oid() == plan.table().oid()) {
                    foreignKeys.deleted(tx.fetch(table, tid)); // the version it deleted, still stored
                }
                processed++;
                if (fire) {
                    triggers.afterRow(old, null);
                    if (plan.command() == Query.Command.MERGE) {
                        mergeWrites.add(triggers);
                    }
                }
                returning(current, returned);
                return FINISHED;
            }
            return evalPlanQual(current, result, table);
        }

        /** ExecWithCheckOptions: a new row the view would not show is 44000 (a null check fails too). */
        private void checkOption(Object[] row) {
            Plan.CheckOption option = plan.checkOption();
            if (option == null) {
                return;
            }
            ctx.row = row;
            if (!Boolean.TRUE.equals(option.check().eval(ctx))) {
                throw PgException.error(SqlState.WITH_CHECK_OPTION_VIOLATION, "new row violates check option for view \""
                        + option.view() + "\"").withDetail("Failing row contains " + failingRow(plan.table(), row, ctx)
                        + ".");
            }
        }

        /**
         * EvalPlanQual: after a concurrent update, the joined row with the target's newest version in place, if the
         * statement's quals (MERGE: its join condition) still hold on it; Lost when the row is gone or no longer
         * qualifies.
         */
        private Attempt evalPlanQual(Object[] row, WriteResult result, TableDef table) {
            if (!(result instanceof WriteResult.Moved moved)) {
                return LOST;
            }
            boolean member = table.oid() != plan.table().oid() || row[plan.tidColumn()] instanceof Plan.MemberTid;
            Object[] latest = withTarget(row, InheritanceTree.convert(table, plan.table(), moved.latest().values()));
            latest[plan.tidColumn()] = member ? new Plan.MemberTid(table, moved.latest().tid()) : moved.latest().tid();
            ctx.row = latest;
            return PlanExecutor.passes(plan.recheck(), ctx) ? new Retry(latest) : LOST;
        }

        /** The input row with the target table's columns replaced by {@code values}. */
        private Object[] withTarget(Object[] row, Object[] values) {
            Object[] out = row.clone();
            int[] columns = plan.targetColumns();
            for (int i = 0; i < columns.length; i++) {
                out[columns[i]] = values[i];
            }
            return out;
        }

        /** RETURNING's row after an UPDATE: its ctid is the new version's. */
        private Object[] withNewTid(Object[] row, Object tid) {
            row[plan.tidColumn()] = tid;
            return row;
        }

        private void returning(Object[] row, List<Object[]> returned) {
            List<Expr> exprs = plan.returning();
            if (exprs.isEmpty()) {
                return;
            }
            ctx.row = row;
            Object[] out = new Object[exprs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = exprs.get(i).eval(ctx);
            }
            returned.add(out);
        }
    }

    /**
     * LockRows (nodeLockRows.c): locks the table rows of each input row; a row another transaction moved is
     * re-checked on its newest version (EvalPlanQual) and its target list computed again from it; a row deleted
     * meanwhile, or skipped under SKIP LOCKED, drops out.
     */
    static final class LockRowsNode implements PlanExecutor.ExecNode {
        private final Plan.LockRows plan;
        private final ExecContext ctx;
        private final PlanExecutor.ExecNode input;

        LockRowsNode(Plan.LockRows plan, ExecContext ctx) {
            this.plan = plan;
            this.ctx = ctx;
            this.input = PlanExecutor.build(plan.input(), ctx);
        }

        @Override
        public Object[] next() {
            Transaction tx = ctx.transaction();
            while (true) {
                Object[] row = input.next();
                if (row == null) {
                    return null;
                }
                Object[] locked = lock(tx, row);
                if (locked != null) {
                    return locked;
                }
            }
        }

        /** The row with every mark locked (recomputed if a version moved), or null when it drops out. */
        private Object[] lock(Transaction tx, Object[] row) {
            Object[] current = row;
            boolean moved = false;
            for (Plan.RowMark mark : plan.marks()) {
                while (true) {
                    Object ctid = current[mark.tidColumn()];
                    TableDef table = ctid instanceof Plan.MemberTid mt ? mt.table() : mark.table();
                    WriteResult r = tx.lockRow(table, ctid instanceof Plan.MemberTid mt ? mt.tid() : (Tid) ctid,
                            plan.strength(), plan.policy());
                    if (r instanceof WriteResult.Done) {
                        break;
                    }
                    if (!(r instanceof WriteResult.Moved m)) {
                        return null;
                    }
                    current = current.clone();
                    Object[] latest = InheritanceTree.convert(table, mark.table(), m.latest().values());
                    System.arraycopy(latest, 0, current, mark.firstColumn(), latest.length);
                    current[mark.tidColumn()] = ctid instanceof Plan.MemberTid ? new Plan.MemberTid(table,
                            m.latest().tid()) : m.latest().tid();
                    ctx.row = current;
                    if (!PlanExecutor.passes(plan.recheck(), ctx)) {
                        return null;
                    }
                    moved = true;
                }
            }
            if (moved) {
                ctx.row = current;
                for (int i = 0; i < plan.targets().size(); i++) {
                    current[i] = plan.targets().get(i).eval(ctx);
                }
            }
            return current;
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

    /** ExecConstraints' NOT NULL check: 23502 with the failing row in the DETAIL. */
    public static void checkNotNull(TableDef table, Object[] values, ExecContext ctx) {
        List<ColumnDef> columns = table.columns();
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && columns.get(i).notNull()) {
                throw Messages.notNullViolation(columns.get(i).name(), table.name(), failingRow(table, values, ctx));
            }
        }
    }

    static String failingRow(TableDef table, Object[] values, ExecContext ctx) {
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
}
