/*
 * What an expression sees while it runs (PostgreSQL's ExprContext): the bound parameter values, the
 * session's services, the current row (all FROM items side by side, as the executor joined them), the
 * current group's aggregate results, and for a subquery the context of the query around it.
 */
package osgres.sql.internal.utils;

import osgres.storage.Transaction;

public final class ExecContext {
    private final Object[] params;
    private final SessionServices session;
    /** The enclosing query's context (correlated subqueries), null at the top. */
    public final ExecContext outer;
    /** The current joined row; column references index into it. */
    public Object[] row;
    /** The current group's aggregate values. */
    public Object[] aggregates;
    /** ExecParam slots of the whole statement (correlation and nested-loop parameters), shared by all levels. */
    public Object[] execParams;
    /** Per-execution state of uncorrelated subplans (their rows or hash sets), shared by all levels. */
    public java.util.Map<Object, Object> subplanCache;
    /** The subquery row a SubPlan's comparison is looking at (SubQueryColumn). */
    public Object[] subqueryRow;

    public ExecContext(Object[] params, SessionServices session) {
        this(params, session, null);
    }

    private ExecContext(Object[] params, SessionServices session, ExecContext outer) {
        this.params = params;
        this.session = session;
        this.outer = outer;
    }

    /** A context for a subquery: same parameters and session, this one as its outer. */
    public ExecContext child() {
        ExecContext c = new ExecContext(params, session, this);
        c.execParams = execParams;
        c.subplanCache = subplanCache;
        return c;
    }

    public Object param(int number) {
        return params[number - 1];
    }

    public SessionServices session() {
        return session;
    }

    public Transaction transaction() {
        return session.transaction();
    }

    /** The session's output settings; PostgreSQL's defaults without a session (a partial index's predicate). */
    public TypeIo.OutputSettings output() {
        return session == null ? TypeIo.OutputSettings.DEFAULT : session.outputSettings();
    }
}
