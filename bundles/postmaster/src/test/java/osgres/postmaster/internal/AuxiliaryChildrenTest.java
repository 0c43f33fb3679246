package osgres.postmaster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.ClientConnection;
import osgres.api.GucDefinition;
import osgres.api.Listener;
import osgres.api.PmState;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.Settings;
import osgres.api.SharedMemoryOwner;

/**
 * The postmaster's rule for auxiliary children, without OSGi: at most one child of a kind is alive, across
 * osgres:restart and the arrival or departure of providers, and the highest bundle version of a kind runs. The
 * fake process is slow to stop (as a checkpointer finishing a checkpoint), which is what let two walwriters run.
 */
class AuxiliaryChildrenTest {
    private static final long STOP_DELAY_MS = 1_200;

    @TempDir
    Path dataDirectory;

    private ServerLoop loop;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicInteger mostAlive = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.emergencyStop();
        }
    }

    @Test
    void restartTwiceInQuickSuccessionNeverRunsTwoWalwriters() throws Exception {
        startLoop();
        SlowProcess walwriter = new SlowProcess();
        loop.auxiliaryArrived(new AuxiliaryProvider(walwriter, "osgres.walwriter", new Version(0, 1, 0), 1));
        await(() -> runs.get() == 1 && walwriters().size() == 1);
        int first = walwriters().getFirst().pid();

        assertThat(restart()).isTrue();
        assertThat(restart()).as("a restart under way absorbs the second request").isTrue();
        await(() -> runs.get() == 2 && walwriters().size() == 1 && walwriters().getFirst().pid() != first);
        int second = walwriters().getFirst().pid();

        assertThat(restart()).isTrue();
        await(() -> runs.get() == 3 && walwriters().size() == 1 && walwriters().getFirst().pid() != second);
        assertThat(mostAlive.get()).as("walwriters running at once").isEqualTo(1);
    }

    @Test
    void theHighestVersionRunsAndTheOlderTakesOverWhenItLeaves() throws Exception {
        startLoop();
        SlowProcess old = new SlowProcess();
        SlowProcess newer = new SlowProcess();
        loop.auxiliaryArrived(new AuxiliaryProvider(old, "osgres.walwriter", new Version(0, 1, 0), 1));
        await(() -> bundles().equals(List.of("osgres.walwriter 0.1.0")));

        loop.auxiliaryArrived(new AuxiliaryProvider(newer, "osgres.walwriter", new Version(0, 2, 0), 2));
        await(() -> bundles().equals(List.of("osgres.walwriter 0.2.0")));

        // as SCR does when the newer bundle is uninstalled: unbind returns once its child has ended
        loop.auxiliaryLeft(newer);
        assertThat(newer.running.get()).as("the leaving provider's loop ended before unbind returned").isZero();
        await(() -> bundles().equals(List.of("osgres.walwriter 0.1.0")));

        // an older provider arriving changes nothing
        loop.auxiliaryArrived(new AuxiliaryProvider(new SlowProcess(), "osgres.walwriter", new Version(0, 0, 9), 3));
        Thread.sleep(300);
        assertThat(bundles()).containsExactly("osgres.walwriter 0.1.0");
        assertThat(mostAlive.get()).as("walwriters running at once").isEqualTo(1);
    }

    // ---- harness ------------------------------------------------------------------------------------------

    private void startLoop() {
        loop = new ServerLoop(new FakeSettings(dataDirectory), () -> null, new FakeSharedMemory(), new FakeListener(),
                () -> null, null, code -> { }, Map.of("startup_required", "false"));
        loop.start();
        await(() -> loop.status().state() == PmState.RUN);
    }

    private boolean restart() throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.post(new PmEvent.RestartAuxiliary(ChildKind.WALWRITER, done));
        return done.get(10, TimeUnit.SECONDS);
    }

    private List<ChildInfo> walwriters() {
        return loop.children().stream().filter(c -> c.kind() == ChildKind.WALWRITER).toList();
    }

    private List<String> bundles() {
        return walwriters().stream().map(ChildInfo::bundle).toList();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A walwriter that takes STOP_DELAY_MS to end after TERM, counting how many of its kind run at once. */
    private final class SlowProcess implements AuxiliaryProcess {
        final ProcessLatch latch = new ProcessLatch();
        final AtomicInteger running = new AtomicInteger();

        @Override
        public ChildKind kind() {
            return ChildKind.WALWRITER;
        }

        @Override
        public void run(AuxiliaryContext context) throws InterruptedException {
            latch.run("walwriter", () -> {
                running.incrementAndGet();
                mostAlive.accumulateAndGet(alive.incrementAndGet(), Math::max);
                runs.incrementAndGet();
                try {
                    while (!latch.stopRequested()) {
                        latch.await(20);
                    }
                    if (!latch.isPending(ProcSignal.QUIT)) {
                        Thread.sleep(STOP_DELAY_MS);
                    }
                } finally {
                    alive.decrementAndGet();
                    running.decrementAndGet();
                }
            });
        }

        @Override
        public void signal(ProcSignal signal) {
            latch.signal(signal);
        }
    }

    private record FakeSettings(Path dataDirectory) implements Settings {
        private static final Map<String, String> VALUES = Map.of("port", "54329", "max_connections", "10",
                "superuser_reserved_connections", "3", "unix_socket_permissions", "511");

        @Override
        public Optional<String> value(String name) {
            return Optional.ofNullable(VALUES.get(name));
        }

        @Override
        public long intValue(String name) {
            return Long.parseLong(VALUES.getOrDefault(name, "0"));
        }

        @Override
        public boolean boolValue(String name) {
            return false;
        }

        @Override
        public Optional<GucDefinition> definition(String name) {
            return Optional.empty();
        }

        @Override
        public Collection<GucDefinition> definitions() {
            return List.of();
        }

        @Override
        public Map<String, String> values() {
            return VALUES;
        }

        @Override
        public String normalize(String name, String value) {
            return value;
        }

        @Override
        public void reload() {
        }

        @Override
        public long generation() {
            return 1;
        }
    }

    private static final class FakeSharedMemory implements SharedMemoryOwner {
        @Override
        public long create() {
            return 1;
        }

        @Override
        public long reinitialize() {
            return 2;
        }

        @Override
        public void destroy() {
        }

        @Override
        public long generation() {
            return 1;
        }

        @Override
        public long size() {
            return 0;
        }
    }

    private static final class FakeListener implements Listener {
        @Override
        public Opened open(int port, String listenAddresses, String unixSocketDirectories,
                           int unixSocketPermissions, List<String> lockFileLines,
                           Consumer<ClientConnection> onAccept) {
            return new Opened(List.of(), List.of(), "", "");
        }

        @Override
        public void close() {
        }
    }
}
