package osgres.postmaster.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads backends run on, where PostgreSQL forks a process per connection (BackendStartup). Up to
 * {@code osgres.platform_backends} backends at a time run on platform threads, each one kept for a while when its
 * session ends so that the next connection reuses it instead of paying for a new OS thread (with a new thread per
 * connection, pgbench -C ran at a third of its rate); every backend beyond that runs on a virtual thread, so that
 * thousands of connections still need no pooler. Why not virtual threads for all: a virtual thread blocked on its
 * socket is woken through the poller and a carrier thread, two thread switches per client message where a platform
 * thread takes one; measured with pgbench -S -M prepared on 2 CPUs, platform threads answered 1 client 1.5×
 * faster and TPC-B at 8 clients 1.2×, and were no slower at 64 and 200 clients (session 9's note on issue 9).
 *
 * <p>A pooled thread carries nothing from one session to the next: {@link ServerLoop#runChild} binds and unbinds
 * the log's process, the session's interrupt flags live in the session, and a late {@code LockSupport.unpark}
 * aimed at an ended session is a spurious wakeup that every park loop already tolerates.
 */
final class BackendThreads {
    /** How long a platform thread whose session ended waits for the next one before it exits. */
    private static final long IDLE_SECONDS = 60;

    private final int platformLimit;
    private final AtomicInteger platformInUse = new AtomicInteger();
    private final ExecutorService platform;

    BackendThreads(int platformLimit) {
        this.platformLimit = platformLimit;
        this.platform = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), Thread.ofPlatform().daemon().name("postgres: idle backend").factory());
    }

    /** Runs {@code body} on a thread named {@code name}: a pooled platform thread while any is allowed. */
    void start(String name, Runnable body) {
        if (platformInUse.incrementAndGet() <= platformLimit) {
            try {
                platform.execute(() -> runPooled(name, body));
                return;
            } catch (RuntimeException e) {
                platformInUse.decrementAndGet(); // shut down: the virtual thread below still runs the session
            }
        } else {
            platformInUse.decrementAndGet();
        }
        Thread.ofVirtual().name(name).start(body);
    }

    private void runPooled(String name, Runnable body) {
        Thread self = Thread.currentThread();
        self.setName(name);
        try {
            body.run();
        } finally {
            Thread.interrupted(); // an interrupt meant for this session must not reach the next one
            platformInUse.decrementAndGet(); // before the name: a thread named idle is free for the next one
            self.setName("postgres: idle backend");
        }
    }

    /** The postmaster exits: idle threads go now, busy ones when their session ends. */
    void shutdown() {
        platform.shutdown();
    }
}
