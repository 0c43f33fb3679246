package osgres.storage.internal.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import osgres.storage.internal.wal.WalSegments;

/** IsCheckpointOnSchedule, CalculateCheckpointSegments and XLOGfileslop with PostgreSQL's numbers. */
class CheckpointScheduleTest {

    private static final long SEG = WalSegments.SEGMENT_SIZE;

    private static long seconds(double s) {
        return (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aheadOfScheduleByTimeUntilTheTargetFractionOfTheTimeout() {
        CheckpointSchedule schedule = new CheckpointSchedule(0, SEG, 0.9, 30, 1);

        assertThat(schedule.onSchedule(0.5, seconds(10), SEG)).as("0.45 done vs 0.33 elapsed").isTrue();
        assertThat(schedule.onSchedule(0.5, seconds(15), SEG)).as("0.45 done vs 0.5 elapsed").isFalse();
        assertThat(schedule.onSchedule(1.0, seconds(26), SEG)).as("0.9 done vs 0.87 elapsed").isTrue();
        assertThat(schedule.onSchedule(1.0, seconds(28), SEG)).isFalse();
    }

    @Test
    void behindScheduleWhenTheWalMovesFasterThanTheWrites() {
        CheckpointSchedule schedule = new CheckpointSchedule(0, SEG, 0.9, 300, 2);

        assertThat(schedule.onSchedule(0.5, seconds(1), SEG + SEG / 2)).as("0.45 done vs 0.25 of the WAL").isTrue();
        assertThat(schedule.onSchedule(0.5, seconds(1), 2 * SEG)).as("0.45 done vs 0.5 of the WAL").isFalse();
        assertThat(schedule.onSchedule(0.5, seconds(1), SEG)).as("a fraction once seen is remembered").isFalse();
    }

    @Test
    void checkpointSegmentsAsPostgresComputesThem() {
        assertThat(new WalSegmentBudget(1024, 80, 0.9).checkpointSegments()).isEqualTo(33);
        assertThat(new WalSegmentBudget(1024, 80, 0.5).checkpointSegments()).isEqualTo(42);
        assertThat(new WalSegmentBudget(32, 32, 0.9).checkpointSegments()).as("at least one").isEqualTo(1);
    }

    @Test
    void aCheckpointIsNeededOnceTheFilledSegmentIsCheckpointSegmentsPastTheRedoPoint() {
        WalSegmentBudget budget = new WalSegmentBudget(128, 80, 0.9); // 8 segments / 1.9: 4
        long redo = 10 * SEG + 500;

        assertThat(budget.checkpointNeeded(12, redo)).isFalse();
        assertThat(budget.checkpointNeeded(13, redo)).isTrue();
        assertThat(new WalSegmentBudget(32, 32, 0.9).checkpointNeeded(10, redo)).as("every segment").isTrue();
    }

    @Test
    void recyclingIsBoundedByMinAndMaxWalSize() {
        long redo = 10 * SEG;
        WalSegmentBudget budget = new WalSegmentBudget(1024, 80, 0.9);

        assertThat(budget.recycleUpTo(redo, 0)).as("min_wal_size: 5 segments from the redo one").isEqualTo(14);
        assertThat(budget.recycleUpTo(redo, 20 * SEG)).as("(1 + 0.9) * 20 * 1.1 = 41.8").isEqualTo(52);
        assertThat(budget.recycleUpTo(redo, 1000 * SEG)).as("max_wal_size: 64 segments").isEqualTo(73);
        assertThat(new WalSegmentBudget(32, 32, 0.9).recycleUpTo(redo, 5 * SEG)).isEqualTo(11);
    }
}
