package osgres.bgwriter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import osgres.api.AuxiliaryContext;
import osgres.api.ProcSignal;
import osgres.storage.AuxiliaryWork.BufferWriter;

class BackgroundWriterProcessTest {
    /** The maxPages of each writeDirtyBuffers call. */
    private final List<Integer> rounds = new CopyOnWriteArrayList<>();
    private final List<Long> roundTimes = new CopyOnWriteArrayList<>();
    private final BufferWriter storage = maxPages -> {
        roundTimes.add(System.nanoTime());
        rounds.add(maxPages);
        return 0;
    };
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread loop;

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null && loop.isAlive()) {
            loop.interrupt();
            loop.join(5_000);
        }
    }

    @Test
    void writesUpToLruMaxpagesEveryBgwriterDelay() {
        start(new BackgroundWriterProcess(storage, config(50, 100)));

        waitUntil(() -> rounds.size() >= 5);
        assertThat(rounds).allMatch(maxPages -> maxPages == 100);
        long spanNanos = roundTimes.get(4) - roundTimes.get(0);
        assertThat(Duration.ofNanos(spanNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 50 - 10));
    }

    @Test
    void sigtermStopsTheLoopPromptly() throws InterruptedException {
        BackgroundWriterProcess bgwriter = new BackgroundWriterProcess(storage, config(10_000, 100));
        start(bgwriter);
        waitUntil(() -> rounds.size() == 1);

        bgwriter.signal(ProcSignal.TERM);

        assertExitsPromptly();
    }

    @Test
    void sigquitStopsTheLoopPromptly() throws InterruptedException {
        BackgroundWriterProcess bgwriter = new BackgroundWriterProcess(storage, config(10_000, 100));
        start(bgwriter);
        waitUntil(() -> rounds.size() == 1);

        bgwriter.signal(ProcSignal.QUIT);

        assertExitsPromptly();
    }

    @Test
    void modifiedDelayAndMaxpagesApplyWithoutRestart() {
        BackgroundWriterProcess bgwriter = new BackgroundWriterProcess(storage, config(10_000, 100));
        start(bgwriter);
        waitUntil(() -> rounds.size() == 1);

        bgwriter.modified(config(20, 7));

        waitUntil(() -> rounds.size() >= 4);
        assertThat(rounds.subList(1, 4)).containsOnly(7);
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void lruMaxpagesZeroWritesNothing() throws InterruptedException {
        BackgroundWriterProcess bgwriter = new BackgroundWriterProcess(storage, config(5, 0));
        start(bgwriter);
        bgwriter.modified(config(5, 0));
        bgwriter.signal(ProcSignal.TERM);

        assertExitsPromptly();
        assertThat(rounds).isEmpty();
    }

    private void start(BackgroundWriterProcess bgwriter) {
        loop = Thread.ofPlatform().name("postgres: background writer").start(() -> {
            try {
                bgwriter.run(new TestContext());
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

    private static BackgroundWriterProcess.Config config(int delayMillis, int maxPages) {
        return new BackgroundWriterProcess.Config() {
            @Override
            public int bgwriter_delay() {
                return delayMillis;
            }

            @Override
            public int bgwriter_lru_maxpages() {
                return maxPages;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return BackgroundWriterProcess.Config.class;
            }
        };
    }

    private static final class TestContext implements AuxiliaryContext {
        @Override
        public int pid() {
            return 44;
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
