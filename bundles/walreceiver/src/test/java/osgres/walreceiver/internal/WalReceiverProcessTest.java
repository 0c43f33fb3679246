package osgres.walreceiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import osgres.api.AuxiliaryContext;
import osgres.api.ChildKind;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.storage.AuxiliaryWork.StreamStart;
import osgres.storage.AuxiliaryWork.WalReceipt;
import osgres.storage.WalReceiverStatus;

/** The component: its kind, and TERM / QUIT / deactivation while it waits for the startup process's request. */
class WalReceiverProcessTest {

    /** Never asks for streaming (a primary, or a standby still replaying local WAL); counts its waits. */
    private static final class NoRequest implements WalReceipt {
        final CountDownLatch waiting = new CountDownLatch(1);

        @Override
        public StreamStart awaitStreamRequest(long timeoutMillis) throws InterruptedException {
            waiting.countDown();
            Thread.sleep(timeoutMillis);
            return null;
        }

        @Override
        public long systemIdentifier() {
            return 1;
        }

        @Override
        public void write(long lsn, byte[] data, int offset, int length) {
        }

        @Override
        public long flush() {
            return 0;
        }

        @Override
        public long replayedUpTo() {
            return 0;
        }

        @Override
        public void reportStatus(WalReceiverStatus status) {
        }
    }

    private final NoRequest receipt = new NoRequest();

    private static <T> T proxy(Class<T> type, Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> method.getName().equals("getProperty") ? answers.apply((String) args[0])
                        : method.getDefaultValue()));
    }

    private WalReceiverProcess component() {
        WalReceiverProcess.Config config = proxy(WalReceiverProcess.Config.class, name -> null);
        BundleContext context = proxy(BundleContext.class, name -> "/nonexistent/data");
        return new WalReceiverProcess(receipt, config, context);
    }

    private static final AuxiliaryContext CONTEXT = new AuxiliaryContext() {
        @Override
        public int pid() {
            return 77;
        }

        @Override
        public boolean afterCrash() {
            return false;
        }

        @Override
        public void notifyPostmaster(String reason) {
        }
    };

    private static Thread start(WalReceiverProcess process, AtomicReference<Throwable> failure) {
        return Thread.ofPlatform().start(() -> {
            try {
                process.run(CONTEXT);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    @Test
    void termWhileWaitingForARequestIsFatalWithinTheWait() throws Exception {
        WalReceiverProcess process = component();
        assertThat(process.kind()).isEqualTo(ChildKind.WALRECEIVER);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = start(process, failure);
        assertThat(receipt.waiting.await(10, TimeUnit.SECONDS)).as("waiting for a request").isTrue();
        long signalled = System.nanoTime();
        process.signal(ProcSignal.TERM);
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled)).isLessThan(2000);
        assertThat(failure.get()).isInstanceOf(PgException.class)
                .hasMessage("terminating walreceiver process due to administrator command");
    }

    @Test
    void quitEndsTheRunSilently() throws Exception {
        WalReceiverProcess process = component();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = start(process, failure);
        process.signal(ProcSignal.QUIT);
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }

    @Test
    void aDeactivatedComponentRefusesToRun() {
        WalReceiverProcess process = component();
        process.deactivate();
        assertThatThrownBy(() -> process.run(CONTEXT)).isInstanceOf(IllegalStateException.class);
    }
}
