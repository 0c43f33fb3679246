package osgres.storage;

/**
 * The outcome of an UPDATE or DELETE of one row version (heap_update / heap_delete with their TM_Result).
 * Under REPEATABLE READ a concurrent change throws 40001 instead of returning {@link Moved} or {@link Gone}.
 */
public sealed interface WriteResult {
    /** Done; for an update, {@code newTid} is the new version (for a delete, the deleted one). */
    record Done(Tid newTid) implements WriteResult { }

    /**
     * READ COMMITTED only: another transaction updated the row and committed first. {@code latest} is the newest
     * version and its values: the caller re-checks its WHERE clause on them and, if still true, retries there
     * (EvalPlanQual).
     */
    record Moved(RowVersion latest) implements WriteResult { }

    /** The row was deleted by a transaction that committed first (or by this very command): skip it. */
    record Gone() implements WriteResult { }

    /** {@code SKIP LOCKED}: another transaction holds a conflicting lock on the row. */
    record Skipped() implements WriteResult { }
}
