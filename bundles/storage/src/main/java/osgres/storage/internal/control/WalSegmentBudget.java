package osgres.storage.internal.control;

import osgres.storage.internal.wal.WalSegments;

/**
 * How much WAL one checkpoint cycle may use, as xlog.c computes it from max_wal_size, min_wal_size and
 * checkpoint_completion_target (CalculateCheckpointSegments, XLogCheckpointNeeded, XLOGfileslop). The
 * assumption behind both numbers is PostgreSQL's: WAL is kept for one checkpoint cycle, and a checkpoint
 * itself consumes completion_target times the WAL written between two checkpoints.
 *
 * <pre>
 *   CheckPointSegments = max(1, floor(max_wal_size / 16 MB / (1 + completion_target)))
 *   a checkpoint is needed when the segment just filled >= redo's segment + CheckPointSegments - 1
 *   recycle up to      = clamp(ceil((redo + (1 + completion_target) * estimate * 1.1) / 16 MB),
 *                              redo's segment + min_wal_size / 16 MB - 1,
 *                              redo's segment + max_wal_size / 16 MB - 1)
 * </pre>
 */
record WalSegmentBudget(long maxWalSizeMb, long minWalSizeMb, double completionTarget) {

    private static final long SEGMENT_MB = WalSegments.SEGMENT_SIZE / (1024 * 1024);

    static WalSegmentBudget of(StorageSettings settings) {
        return new WalSegmentBudget(settings.maxWalSizeMb(), settings.minWalSizeMb(),
                settings.checkpointCompletionTarget());
    }

    /** CheckPointSegments: the WAL distance (in segments) from the redo point that asks for a checkpoint. */
    int checkpointSegments() {
        int segments = (int) ((double) (maxWalSizeMb / SEGMENT_MB) / (1.0 + completionTarget));
        return Math.max(1, segments);
    }

    /** XLogCheckpointNeeded: segment {@code filledSegno} was just filled while the redo point is at {@code redo}. */
    boolean checkpointNeeded(long filledSegno, long redo) {
        return filledSegno >= redo / WalSegments.SEGMENT_SIZE + checkpointSegments() - 1;
    }

    /**
     * XLOGfileslop: the highest segment number old segments may be recycled to after a checkpoint whose redo
     * point is {@code redo}, given the estimated WAL distance between checkpoints.
     */
    long recycleUpTo(long redo, double distanceEstimate) {
        long redoSegno = redo / WalSegments.SEGMENT_SIZE;
        long min = redoSegno + minWalSizeMb / SEGMENT_MB - 1;
        long max = redoSegno + maxWalSizeMb / SEGMENT_MB - 1;
        double distance = (1.0 + completionTarget) * distanceEstimate * 1.10;
        long wanted = (long) Math.ceil((redo + distance) / WalSegments.SEGMENT_SIZE);
        return Math.clamp(wanted, min, max);
    }
}
