package osgres.storage.internal.core;

import java.util.Arrays;

/**
 * An MVCC snapshot (SnapshotData): every xid below {@code xmin} is finished; every xid at or above {@code xmax}
 * had not started; between, the ones in {@code inProgress} (sorted) were running. {@code ownXid} and
 * {@code commandId} make the taking transaction see its own changes of earlier commands only.
 */
public record Snapshot(long xmin, long xmax, long[] inProgress, long ownXid, int commandId)
        implements osgres.storage.ReadSnapshot {

    /** True if {@code xid} was still running (or not yet started) when the snapshot was taken. */
    public boolean isRunning(long xid) {
        if (xid >= xmax) {
            return true;
        }
        if (xid < xmin) {
            return false;
        }
        return Arrays.binarySearch(inProgress, xid) >= 0;
    }

    public Snapshot withCommandId(int newCommandId) {
        return new Snapshot(xmin, xmax, inProgress, ownXid, newCommandId);
    }
}
