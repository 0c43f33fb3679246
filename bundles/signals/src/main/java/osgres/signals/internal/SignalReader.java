package osgres.signals.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

import osgres.api.ProcSignal;
import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * The signal handler thread: a platform thread named {@code postgres: signal handler} that waits on the
 * signalfd with a bounded {@code poll(2)} and hands every signal number to a consumer, in arrival order.
 * The bounded wait is what lets {@link #close()} stop it within {@link #POLL_MILLIS} plus the consumer's
 * time. The consumer must return quickly (PostmasterControl only enqueues).
 */
final class SignalReader implements AutoCloseable {

    static final int POLL_MILLIS = 200;
    private static final long STOP_MILLIS = 5_000;

    private final Collection<ProcSignal> signals;
    private final IntConsumer consumer;
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile IOException openFailure;
    private Thread thread;

    SignalReader(Collection<ProcSignal> signals, IntConsumer consumer) {
        this.signals = List.copyOf(signals);
        this.consumer = consumer;
    }

    /**
     * Starts the thread and waits until its signalfd exists, so that a signal sent after this returns is
     * read. Throws if the signalfd could not be created (the thread has ended then).
     */
    void start() throws IOException {
        thread = Thread.ofPlatform().name(Messages.THREAD_NAME).daemon(true).unstarted(this::run);
        thread.start();
        try {
            opened.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the signal handler", e);
        }
        if (openFailure != null) {
            throw openFailure;
        }
    }

    private void run() {
        SignalFd fd;
        try {
            // Defensive: if the launcher did not block them, at least this thread never takes one as a handler.
            // Not SIGUSR2: HotSpot unblocks it in each of its threads for its own suspend/resume protocol.
            List<ProcSignal> toBlock = signals.stream().filter(s -> s != ProcSignal.USR2).toList();
            if (!toBlock.isEmpty()) {
                SignalFd.blockInCurrentThread(toBlock);
            }
            fd = SignalFd.open(signals);
        } catch (IOException | RuntimeException | LinkageError e) {
            openFailure = e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e);
            opened.countDown();
            return;
        }
        opened.countDown();
        try (fd) {
            while (!stopping) {
                for (int number : fd.await(POLL_MILLIS)) {
                    consumer.accept(number);
                }
            }
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotRead(e.getMessage()));
        }
    }

    /** Stops the thread and waits for it, for a bounded time: it closes its signalfd on the way out. */
    @Override
    public void close() {
        stopping = true;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            if (!thread.join(Duration.ofMillis(STOP_MILLIS))) {
                ServerLog.log(Severity.WARNING, Messages.readerDidNotStop(STOP_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isRunning() {
        return thread != null && thread.isAlive();
    }
}
