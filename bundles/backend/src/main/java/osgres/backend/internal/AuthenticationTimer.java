package osgres.backend.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code authentication_timeout} (postmaster.c StartupPacketTimeoutHandler, auth.c): the startup packet and
 * the authentication exchange must be done within it, or the connection is dropped. A small virtual thread
 * waits for the deadline and runs {@code onExpiry} (which closes the socket, ending any blocked read); the
 * session calls {@link #finish()} once authenticated. Exactly one of the two wins.
 */
final class AuthenticationTimer {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private Thread waiter;

    void start(Duration timeout, Runnable onExpiry) {
        waiter = Thread.ofVirtual().name("authentication timeout").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException e) {
                return;
            }
            if (state.compareAndSet(RUNNING, EXPIRED)) {
                onExpiry.run();
            }
        });
    }

    /** Stops the timer; false if it expired first (the connection is being dropped). */
    boolean finish() {
        boolean finished = state.compareAndSet(RUNNING, FINISHED) || state.get() == FINISHED;
        Thread thread = waiter;
        if (thread != null) {
            // our own sleeping thread, never one blocked in socket I/O
            thread.interrupt();
        }
        return finished;
    }

    boolean expired() {
        return state.get() == EXPIRED;
    }
}
