/*
 * A statement after parse analysis and planning (PostgreSQL's PlannedStmt with what the portal needs to describe it):
 * the output columns' expressions and names (RETURNING's for INSERT/UPDATE/DELETE; one text column for EXPLAIN), the
 * parameter types analysis settled, the tables it was made from (a plan is stale when one changed), each locked in
 * the mode at the same position of {@code lockModes} (every execution takes them again first), and the plan.
 */
package osgres.sql.internal.exec;

import java.util.List;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public record PlannedQuery(List<Expr> targets, List<String> names, PgType[] parameterTypes, List<TableDef> tables,
                    List<LockMode> lockModes, Plan.Statement planned, Rewritten rewritten) {

    /**
     * A statement rules rewrote (RewriteQuery's list): the plans of its queries in execution order,
     * {@code tagIndex}, the one whose row count the command tag reports (-1: none, the tag is then {@code command}
     * with 0 rows), and {@code rowsIndex}, the one whose rows the client gets (RETURNING's, or a SELECT action's;
     * -1: none).
     */
    public record Rewritten(Query.Command command, List<Plan.Statement> plans, int tagIndex, int rowsIndex,
                            boolean explain) {
    }

    public PlannedQuery(List<Expr> targets, List<String> names, PgType[] parameterTypes, List<TableDef> tables,
                        List<LockMode> lockModes, Plan.Statement planned) {
        this(targets, names, parameterTypes, tables, lockModes, planned, null);
    }

    /** Is this an INSERT, UPDATE or DELETE (not EXPLAIN of one)? */
    public boolean isModify() {
        if (rewritten != null) {
            return !rewritten.explain();
        }
        return planned.explain() == null && planned.plan() instanceof Plan.ModifyTable;
    }

    /** The command the client's statement is (its tag's word). */
    public Query.Command command() {
        return rewritten != null ? rewritten.command() : ((Plan.ModifyTable) planned.plan()).command();
    }

    /** Does the client get rows back (RETURNING)? */
    public boolean returnsRows() {
        return !targets.isEmpty();
    }

    /** A rule's SELECT action run to completion: its rows. */
    private static PlanExecutor.ModifyResult selectRows(Plan.Statement plan, ExecContext ctx) {
        List<Object[]> rows = new java.util.ArrayList<>();
        RowSource source = PlanExecutor.run(plan, ctx);
        try {
            for (Object[] row = source.next(); row != null; row = source.next()) {
                rows.add(row.clone());
            }
        } finally {
            source.close();
        }
        return new PlanExecutor.ModifyResult(rows.size(), rows);
    }

    /** Starts a SELECT's (or an EXPLAIN's) execution: its rows. */
    public RowSource open(ExecContext ctx) {
        if (rewritten == null) {
            return PlanExecutor.run(planned, ctx);
        }
        // EXPLAIN of a rewritten statement: each query's plan, a blank line between them (ExplainSeparatePlans)
        List<Object[]> rows = new java.util.ArrayList<>();
        if (rewritten.plans().isEmpty()) {
            rows.add(new Object[] {"Query rewrites to nothing"});
        }
        for (int i = 0; i < rewritten.plans().size(); i++) {
            Plan.Statement plan = rewritten.plans().get(i);
            if (i > 0) {
                rows.add(new Object[] {""});
                if (plan.explain().analyze()) {
                    ctx.transaction().commandCounterIncrement();
                }
            }
            RowSource source = PlanExecutor.run(plan, ctx);
            try {
                for (Object[] row = source.next(); row != null; row = source.next()) {
                    rows.add(row);
                }
            } finally {
                source.close();
            }
        }
        return RowSource.of(rows);
    }

    /**
     * Runs an INSERT, UPDATE or DELETE to completion; a rewritten one runs each of its queries in turn, each seeing
     * the changes of those before it (CommandCounterIncrement between them, as PortalRunMulti does).
     */
    public PlanExecutor.ModifyResult runModify(ExecContext ctx) {
        if (rewritten == null) {
            return PlanExecutor.runModify(planned, ctx);
        }
        long processed = 0;
        List<Object[]> rows = List.of();
        List<Plan.Statement> plans = rewritten.plans();
        for (int i = 0; i < plans.size(); i++) {
            if (i > 0) {
                ctx.transaction().commandCounterIncrement();
            }
            Plan.Statement plan = plans.get(i);
            PlanExecutor.ModifyResult r = plan.plan() instanceof Plan.ModifyTable ? PlanExecutor.runModify(plan, ctx)
                    : selectRows(plan, ctx);
            if (i == rewritten.tagIndex()) {
                processed = r.processed();
            }
            if (i == rewritten.rowsIndex()) {
                rows = r.returning();
            }
        }
        return new PlanExecutor.ModifyResult(processed, rows);
    }
}
