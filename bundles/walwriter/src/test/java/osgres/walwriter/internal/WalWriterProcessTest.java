package osgres.walwriter.internal;

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
import osgres.storage.AuxiliaryWork.WalFlusher;

class WalWriterProcessTest {
    /** Times of each backgroundFlush call (System.nanoTime). */
    private final List<Long> flushes = new CopyOnWriteArrayList<>();
    private final WalFlusher storage = new WalFlusher() {
        @Override
        public boolean backgroundFlush() {
            return flushes.add(System.nanoTime());
        }

        @Override
        public void walWriterRunning(boolean running) {
        }
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
    void flushesEveryWalWriterDelay() {
        start(new WalWriterProcess(storage, config(50)));

        waitUntil(() -> flushes.size() >= 5);
        long spanNanos = flushes.get(4) - flushes.get(0);
        assertThat(Duration.ofNanos(spanNanos)).isGreaterThanOrEqualTo(Duration.ofMillis(4 * 50 - 10));
    }

    @Test
    void sigtermStopsTheLoopPromptly() throws InterruptedException {
        WalWriterProcess walwriter = new WalWriterProcess(storage, config(10_000));
        start(walwriter);
        waitUntil(() -> flushes.size() == 1);

        walwriter.signal(ProcSignal.TERM);

        assertExitsPromptly();
    }

    @Test
    void sigquitBeforeTheLoopStartsStopsItAtOnce() throws InterruptedException {
        WalWriterProcess walwriter = new WalWriterProcess(storage, config(10_000));
        walwriter.signal(ProcSignal.QUIT);
        start(walwriter);

        assertExitsPromptly();
        assertThat(flushes).isEmpty();
    }

    @Test
    void aRestartedLoopDoesNotSeeTheTermThatStoppedThePreviousOne() throws InterruptedException {
        WalWriterProcess walwriter = new WalWriterProcess(storage, config(10));
        start(walwriter);
        walwriter.signal(ProcSignal.TERM);
        assertExitsPromptly();
        int before = flushes.size();

        start(walwriter);

        waitUntil(() -> flushes.size() >= before + 3);
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void modifiedWalWriterDelayAppliesWithoutRestart() {
        WalWriterProcess walwriter = new WalWriterProcess(storage, config(10_000));
        start(walwriter);
        waitUntil(() -> flushes.size() == 1);

        walwriter.modified(config(20));

        waitUntil(() -> flushes.size() >= 5);
        assertThat(loop.isAlive()).isTrue();
    }

    private void start(WalWriterProcess walwriter) {
        loop = Thread.ofPlatform().name("postgres: walwriter").start(() -> {
            try {
                walwriter.run(new TestContext());
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

    private static WalWriterProcess.Config config(int delayMillis) {
        return new WalWriterProcess.Config() {
            @Override
            public int wal_writer_delay() {
                return delayMillis;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return WalWriterProcess.Config.class;
            }
        };
    }

    private static final class TestContext implements AuxiliaryContext {
        @Override
        public int pid() {
            return 43;
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
