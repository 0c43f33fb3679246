/*
 * What the executor needs of user-defined functions (fmgr's call of a pg_proc entry whose language is sql or
 * plpgsql): the function as the catalog has it now, and a call of it. The session implements it; expressions reach
 * it through SessionServices, so the layers below the session never depend on the session's classes.
 */
package osgres.sql.internal.utils;

import java.util.List;

public interface RoutineRunner {

    /** The function of this oid as the catalog has it now (after CREATE OR REPLACE), or null once dropped. */
    SqlFunction current(int oid);

    /** Runs the function: every row of a set ({@code all}), else at most its first row. */
    List<Object[]> run(ExecContext ctx, SqlFunction function, Object[] args, boolean all);

    /** Every user-defined function and procedure as the catalog has it now (pg_proc's user rows). */
    default List<SqlFunction> catalogFunctions() {
        return List.of();
    }

    /** Every user-defined aggregate as the catalog has it now. */
    default List<AggregateDefinition> catalogAggregates() {
        return List.of();
    }
}
