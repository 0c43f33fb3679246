package osgres.storage.internal.heap;

import osgres.storage.Tid;

/** What heap_update / heap_delete did (TM_Result, reduced to what the executor acts on). */
public sealed interface HeapOutcome {
    /** Done; {@code hot} when the new version is a heap-only tuple (no index entries needed). */
    record Done(Tid tid, boolean hot) implements HeapOutcome { }

    /** A committed transaction updated the row first (READ COMMITTED): the newest version and its values. */
    record Moved(Tid latest, Object[] values) implements HeapOutcome { }

    /**
     * Deleted by a committed transaction, or already changed by this one; {@code movedPartitions} when the delete
     * was an UPDATE moving the row to another partition.
     */
    record Gone(boolean movedPartitions) implements HeapOutcome {
        public Gone() {
            this(false);
        }
    }
}
