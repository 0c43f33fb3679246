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
import osgres.sql.internal.utils.ExecContext;
import osgres.sql.internal.utils.PgType;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public record PlannedQuery(List<Expr> targets, List<String> names, PgType[] parameterTypes, List<TableDef> tables,
                    List<LockMode> lockModes, Plan.Statement planned) {

    /** Is this an INSERT, UPDATE or DELETE (not EXPLAIN of one)? */
    public boolean isModify() {
        return planned.explain() == null && planned.plan() instanceof Plan.ModifyTable;
    }

    /** Starts a SELECT's (or an EXPLAIN's) execution: its rows. */
    public RowSource open(ExecContext ctx) {
        return PlanExecutor.run(planned, ctx);
    }
}
