package osgres.storage.internal.core;

/** Replays one kind of WAL record during recovery. Must be idempotent through the page LSN check. */
@FunctionalInterface
public interface RedoHandler {

    /**
     * @param pages gives, for each block ref of the record, the page to change: pinned and exclusively locked,
     *              or null when the page already has this record (page LSN >= record LSN) or was restored
     *              from the full-page image. The framework sets the page LSN and marks the page dirty after.
     */
    void redo(WalRecord record, RedoPages pages);

    /**
     * The xid horizon below which a hot standby's snapshots conflict with this record's replay (it removes row
     * versions they may still need), or 0 when it removes nothing visible.
     */
    default long conflictHorizon(WalRecord record) {
        return 0;
    }

    /** The record's pages, resolved by the recovery framework. */
    interface RedoPages {
        PageBuffer page(int blockIndex);
    }
}
