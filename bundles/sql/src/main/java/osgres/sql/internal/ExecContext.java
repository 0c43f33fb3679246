/*
 * What an expression sees while it runs (PostgreSQL's ExprContext): the bound parameter values, the
 * session's services, the current row (all FROM items side by side, as the executor joined them), the
 * current group's aggregate results, and for a subquery the context of the query around it.
 */
package osgres.sql.internal;

import osgres.storage.Transaction;

final class ExecContext {
    private final Object[] params;
    private final SessionServices session;
    /** The enclosing query's context (correlated subqueries), null at the top. */
    final ExecContext outer;
    /** The current joined row; column references index into it. */
    Object[] row;
    /** The current group's aggregate values. */
    Object[] aggregates;
    /** ExecParam slots of the whole statement (correlation and nested-loop parameters), shared by all levels. */
    Object[] execParams;
    /** Per-execution state of uncorrelated subplans (their rows or hash sets), shared by all levels. */
    java.util.Map<Object, Object> subplanCache;
    /** The subquery row a SubPlan's comparison is looking at (SubQueryColumn). */
    Object[] subqueryRow;

    ExecContext(Object[] params, SessionServices session) {
        this(params, session, null);
    }

    private ExecContext(Object[] params, SessionServices session, ExecContext outer) {
        this.params = params;
        this.session = session;
        this.outer = outer;
    }

    /** A context for a subquery: same parameters and session, this one as its outer. */
    ExecContext child() {
        ExecContext c = new ExecContext(params, session, this);
        c.execParams = execParams;
        c.subplanCache = subplanCache;
        return c;
    }

    Object param(int number) {
        return params[number - 1];
    }

    SessionServices session() {
        return session;
    }

    Transaction transaction() {
        return session.transaction();
    }

    TypeIo.OutputSettings output() {
        return session.outputSettings();
    }
}
