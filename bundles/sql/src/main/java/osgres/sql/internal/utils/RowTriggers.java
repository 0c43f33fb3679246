/*
 * The triggers of one table firing for one INSERT, UPDATE or DELETE, as the executor's ModifyTable calls them
 * (trigger.c's ExecBS/BR/AR/AS entry points). The session implements it (TriggerFiring); rows are the table's
 * column values.
 */
package osgres.sql.internal.utils;

public interface RowTriggers {

    /** BEFORE STATEMENT triggers. */
    void beforeStatement();

    /** BEFORE ROW triggers: the row to write (for DELETE, the row to delete), or null to skip the row. */
    Object[] beforeRow(Object[] oldRow, Object[] newRow);

    /** AFTER ROW: queued until the statement's rows are all written. */
    void afterRow(Object[] oldRow, Object[] newRow);

    /**
     * Fires the oldest queued AFTER ROW event now (none queued: nothing). MERGE calls it per row its action wrote, in
     * the order the rows were written across its INSERT, UPDATE and DELETE triggers, before their afterStatement.
     */
    void afterRowNow();

    /** The queued AFTER ROW events, then AFTER STATEMENT triggers. */
    void afterStatement();
}
