package osgres.storage.internal.control;

import java.util.concurrent.TimeUnit;

import osgres.storage.internal.wal.WalSegments;

/**
 * Whether a spread checkpoint's writes are ahead of their schedule (checkpointer.c IsCheckpointOnSchedule).
 * The writes should be done when checkpoint_completion_target of the interval has passed, the interval being
 * both checkpoint_timeout and CheckPointSegments of WAL; the checkpoint is on schedule while its write progress,
 * scaled by the target, is at least the elapsed fraction of each. Ahead of schedule the checkpointer naps;
 * behind it, it writes at full speed. Neither time nor the WAL position moves backwards, so a fraction once
 * seen is cached and the next calls compare against it first, as PostgreSQL does.
 */
final class CheckpointSchedule {

    private final long startNanos;
    private final long startLsn;
    private final double completionTarget;
    private final double timeoutNanos;
    private final int checkpointSegments;
    private double cachedElapsed;

    CheckpointSchedule(long startNanos, long startLsn, double completionTarget, long timeoutSeconds,
                       int checkpointSegments) {
        this.startNanos = startNanos;
        this.startLsn = startLsn;
        this.completionTarget = completionTarget;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.checkpointSegments = checkpointSegments;
    }

    /**
     * @param progress  fraction of the checkpoint's writes done, 0..1
     * @param nowNanos  System.nanoTime()
     * @param insertLsn the current WAL insert position
     */
    boolean onSchedule(double progress, long nowNanos, long insertLsn) {
        double scaled = progress * completionTarget;
        if (scaled < cachedElapsed) {
            return false;
        }
        double elapsedWal = (double) (insertLsn - startLsn) / WalSegments.SEGMENT_SIZE / checkpointSegments;
        if (scaled < elapsedWal) {
            cachedElapsed = elapsedWal;
            return false;
        }
        double elapsedTime = (nowNanos - startNanos) / timeoutNanos;
        if (scaled < elapsedTime) {
            cachedElapsed = elapsedTime;
            return false;
        }
        return true;
    }
}
