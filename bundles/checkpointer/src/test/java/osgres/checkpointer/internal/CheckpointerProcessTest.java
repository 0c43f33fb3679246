package osgres.checkpointer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static osgres.storage.AuxiliaryWork.CheckpointFlag.FORCE;
import static osgres.storage.AuxiliaryWork.CheckpointFlag.IMMEDIATE;
import static osgres.storage.AuxiliaryWork.CheckpointFlag.WAIT;
import static osgres.storage.AuxiliaryWork.CheckpointFlag.WAL;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import osgres.api.AuxiliaryContext;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.storage.AuxiliaryWork.CheckpointPacing;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.AuxiliaryWork.Checkpoints;

class CheckpointerProcessTest {
    private final FakeCheckpoints storage = new FakeCheckpoints();
    private Thread loop;
    private CheckpointerProcess running;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null && loop.isAlive()) {
            running.signal(ProcSignal.QUIT);
            assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void requestedCheckpointIsTakenWithoutWaitingForTheTimeout() {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        CheckpointRequest forced = CheckpointRequest.of(IMMEDIATE, FORCE, WAIT);
        storage.requests.add(forced);

        waitUntil(() -> storage.taken.contains(forced));
        assertThat(storage.taken).containsExactly(forced);
    }

    @Test
    void timedCheckpointFollowsCheckpointTimeout() {
        long started = System.nanoTime();
        start(new CheckpointerProcess(storage, config(1)));

        waitUntil(() -> !storage.taken.isEmpty());
        assertThat(storage.taken.getFirst()).isEqualTo(CheckpointRequest.timed());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void sigusr2WritesTheShutdownCheckpointThenExits() throws InterruptedException {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        waitUntil(() -> storage.waiting);

        checkpointer.signal(ProcSignal.USR2);

        assertExitsPromptly();
        assertThat(storage.taken).containsExactly(CheckpointRequest.shutdownCheckpoint());
    }

    @Test
    void sigusr2BeforeTheLoopStartsIsNotLost() throws InterruptedException {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        checkpointer.signal(ProcSignal.USR2);
        start(checkpointer);

        assertExitsPromptly();
        assertThat(storage.taken).containsExactly(CheckpointRequest.shutdownCheckpoint());
    }

    @Test
    void sigtermStopsPromptlyWithoutACheckpoint() throws InterruptedException {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        waitUntil(() -> storage.waiting);

        checkpointer.signal(ProcSignal.TERM);

        assertExitsPromptly();
        assertThat(storage.taken).isEmpty();
    }

    @Test
    void sigquitStopsAtOnceWithoutACheckpoint() throws InterruptedException {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        waitUntil(() -> storage.waiting);

        checkpointer.signal(ProcSignal.QUIT);

        assertExitsPromptly();
        assertThat(storage.taken).isEmpty();
    }

    @Test
    void sigquitAbandonsASpreadCheckpointAtOnce() throws InterruptedException {
        CheckpointerProcess checkpointer = startSpreading(CheckpointRequest.of(WAL));

        checkpointer.signal(ProcSignal.QUIT);

        assertExitsPromptly();
        assertThat(storage.endedSpreadWith).containsExactly(CheckpointPacing.Pace.ABANDON);
        assertThat(storage.taken).isEmpty();
    }

    @Test
    void sigtermLetsASpreadCheckpointFinishAtFullSpeedThenStops() throws InterruptedException {
        CheckpointRequest wal = CheckpointRequest.of(WAL);
        CheckpointerProcess checkpointer = startSpreading(wal);

        checkpointer.signal(ProcSignal.TERM);

        assertExitsPromptly();
        assertThat(storage.endedSpreadWith).containsExactly(CheckpointPacing.Pace.FULL_SPEED);
        assertThat(storage.taken).containsExactly(wal);
    }

    @Test
    void sigusr2FinishesASpreadCheckpointAtFullSpeedThenWritesTheShutdownCheckpoint() throws InterruptedException {
        CheckpointRequest wal = CheckpointRequest.of(WAL);
        CheckpointerProcess checkpointer = startSpreading(wal);

        checkpointer.signal(ProcSignal.USR2);

        assertExitsPromptly();
        assertThat(storage.endedSpreadWith).containsExactly(CheckpointPacing.Pace.FULL_SPEED);
        assertThat(storage.taken).containsExactly(wal, CheckpointRequest.shutdownCheckpoint());
    }

    @Test
    void tooFrequentWarningReadsAsPostgresWritesIt() {
        assertThat(Messages.checkpointsTooFrequent(4))
                .isEqualTo("checkpoints are occurring too frequently (4 seconds apart)");
        assertThat(Messages.checkpointsTooFrequent(1))
                .isEqualTo("checkpoints are occurring too frequently (1 second apart)");
        assertThat(Messages.CHECKPOINTS_TOO_FREQUENT_HINT)
                .isEqualTo("Consider increasing the configuration parameter \"max_wal_size\".");
    }

    @Test
    void aRestartedLoopDoesNotSeeTheTermThatStoppedThePreviousOne() throws InterruptedException {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        checkpointer.signal(ProcSignal.TERM);
        assertExitsPromptly();

        start(checkpointer);
        CheckpointRequest requested = CheckpointRequest.of(IMMEDIATE);
        storage.requests.add(requested);

        waitUntil(() -> storage.taken.contains(requested));
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void modifiedCheckpointTimeoutAppliesWithoutRestart() {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        start(checkpointer);
        waitUntil(() -> storage.waiting);

        checkpointer.modified(config(1));

        waitUntil(() -> storage.taken.contains(CheckpointRequest.timed()));
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void anErrorDuringACheckpointDoesNotEndTheCheckpointer() {
        storage.failNext = true;
        start(new CheckpointerProcess(storage, config(300)));
        CheckpointRequest first = CheckpointRequest.of(IMMEDIATE, FORCE);
        CheckpointRequest second = CheckpointRequest.of(IMMEDIATE, WAIT);
        storage.requests.add(first);
        waitUntil(() -> !storage.failNext);
        storage.requests.add(second);

        waitUntil(() -> storage.taken.contains(second));
        assertThat(failure.get()).isNull();
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void aDeactivatedComponentRefusesToRun() {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        checkpointer.deactivate();
        start(checkpointer);

        waitUntil(() -> failure.get() != null);
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("checkpointer component has been deactivated");
    }

    /** A checkpointer running {@code request} as a spread checkpoint, napping now. */
    private CheckpointerProcess startSpreading(CheckpointRequest request) {
        CheckpointerProcess checkpointer = new CheckpointerProcess(storage, config(300));
        storage.spreadNext = true;
        start(checkpointer);
        storage.requests.add(request);
        waitUntil(() -> storage.napping);
        return checkpointer;
    }

    private void start(CheckpointerProcess checkpointer) {
        running = checkpointer;
        loop = Thread.ofPlatform().name("postgres: checkpointer").start(() -> {
            try {
                checkpointer.run(new TestContext());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    private void assertExitsPromptly() throws InterruptedException {
        assertThat(loop.join(Duration.ofMillis(800))).as("loop stopped").isTrue();
        assertThat(failure.get()).isNull();
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private static CheckpointerProcess.Config config(int checkpointTimeoutSeconds) {
        return new CheckpointerProcess.Config() {
            @Override
            public int checkpoint_timeout() {
                return checkpointTimeoutSeconds;
            }

            @Override
            public int checkpoint_warning() {
                return 30;
            }

            @Override
            public int archive_timeout() {
                return 0;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return CheckpointerProcess.Config.class;
            }
        };
    }

    private static final class FakeCheckpoints implements Checkpoints {
        final BlockingQueue<CheckpointRequest> requests = new LinkedBlockingQueue<>();
        final List<CheckpointRequest> taken = new CopyOnWriteArrayList<>();
        volatile boolean waiting;
        volatile boolean failNext;
        /** Makes the next checkpoint spread: it naps until its pacing says otherwise, which is recorded. */
        volatile boolean spreadNext;
        volatile boolean napping;
        final List<CheckpointPacing.Pace> endedSpreadWith = new CopyOnWriteArrayList<>();

        @Override
        public CheckpointRequest awaitRequest(long timeoutMillis) throws InterruptedException {
            assertThat(timeoutMillis).isBetween(1L, CheckpointerProcess.MAX_WAIT_MILLIS);
            waiting = true;
            try {
                return requests.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } finally {
                waiting = false;
            }
        }

        @Override
        public void checkpointerRunning(boolean running) {
        }

        @Override
        public void checkpoint(CheckpointRequest request, CheckpointPacing pacing) {
            assertThat(Thread.currentThread().isInterrupted()).as("no interrupt leaks into checkpoint I/O").isFalse();
            if (spreadNext) {
                spreadNext = false;
                CheckpointPacing.Pace pace;
                while ((pace = pacing.pace()) == CheckpointPacing.Pace.SPREAD) {
                    napping = true;
                    pacing.nap(100);
                }
                endedSpreadWith.add(pace);
                if (pace == CheckpointPacing.Pace.ABANDON) {
                    return;
                }
            }
            if (failNext) {
                failNext = false;
                throw PgException.error("58030", "could not fsync file \"base/1/1259\": Input/output error");
            }
            taken.add(request);
        }
    }

    private static final class TestContext implements AuxiliaryContext {
        @Override
        public int pid() {
            return 42;
        }

        @Override
        public boolean afterCrash() {
            return false;
        }

        @Override
        public void notifyPostmaster(String reason) {
        }
    }
}
