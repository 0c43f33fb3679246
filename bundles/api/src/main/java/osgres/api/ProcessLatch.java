package osgres.api;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;


/**
 * The signals delivered to one auxiliary process and the wait its main loop sleeps in: PostgreSQL's process
 * latch (latch.c) together with the pending flags its signal handlers set (interrupt.c). {@link #signal} only
 * records and wakes, so it returns at once from any thread and may arrive before the loop starts; the loop
 * consumes the flags at its own pace, as a PostgreSQL process checks them between units of work.
 *
 * <p>Invariant: a run calls {@link #reset} when it ends, so a signal aimed at a finished run (TERM for
 * {@code osgres:restart}) never stops the next run of the same component.
 */
public final class ProcessLatch {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private final EnumSet<ProcSignal> pending = EnumSet.noneOf(ProcSignal.class);
    /** Set by {@link #close()}: the component was deactivated. */
    private boolean closed;
    /** Set without a signal (a configuration change): ends the current wait once. */
    private boolean set;
    /** The loop thread while it blocks in a storage call that returns early when interrupted, else null. */
    private Thread interruptibleSleeper;

    public void signal(ProcSignal signal) {
        lock.lock();
        try {
            pending.add(signal);
            wakeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** SetLatch: ends the current or next wait without a signal. */
    public void wake() {
        lock.lock();
        try {
            wakeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void wakeLocked() {
        set = true;
        woken.signalAll();
        if (interruptibleSleeper != null) {
            interruptibleSleeper.interrupt();
        }
    }

    public boolean isPending(ProcSignal signal) {
        lock.lock();
        try {
            return pending.contains(signal);
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether {@code signal} was pending, and clears it. */
    public boolean consume(ProcSignal signal) {
        lock.lock();
        try {
            return pending.remove(signal);
        } finally {
            lock.unlock();
        }
    }

    /** WaitLatch with a timeout: returns after {@code millis}, or earlier when set; clears the latch. */
    public void await(long millis) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        lock.lock();
        try {
            while (!set && remaining > 0) {
                remaining = woken.awaitNanos(remaining);
            }
            set = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a blocking call that gives up early when its thread is interrupted (a storage wait), interrupting it
     * when the latch is set meanwhile. The interrupt never outlives the call: it must not reach file I/O done
     * afterwards, where it would close the channel. Returns null without calling when the latch is already set.
     */
    public <T> T interruptibly(InterruptibleCall<T> call) {
        lock.lock();
        try {
            if (set) {
                set = false;
                return null;
            }
            interruptibleSleeper = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            return call.call();
        } catch (InterruptedException e) {
            return null;
        } finally {
            lock.lock();
            try {
                interruptibleSleeper = null;
                set = false;
                Thread.interrupted();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The component's {@code @Deactivate}: a running loop is told to stop (TERM) and no run may start any more
     * ({@link #run} then fails with a clean IllegalStateException, as DESIGN.md asks of deactivated components).
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            pending.add(ProcSignal.TERM);
            wakeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** TERM or QUIT is pending: the main loop of a background process ends. */
    public boolean stopRequested() {
        lock.lock();
        try {
            return pending.contains(ProcSignal.TERM) || pending.contains(ProcSignal.QUIT);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One run of the process: refused once {@link #close() closed}; pending signals are forgotten when it ends,
     * so a TERM aimed at this run never stops the next one.
     */
    public void run(String processName, ProcessBody body) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(processName + " component has been deactivated");
            }
        } finally {
            lock.unlock();
        }
        try {
            body.run();
        } finally {
            reset();
        }
    }

    /** Forgets everything pending: called when a run ends. */
    public void reset() {
        lock.lock();
        try {
            pending.clear();
            set = false;
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    public interface ProcessBody {
        void run() throws InterruptedException;
    }

    @FunctionalInterface
    public interface InterruptibleCall<T> {
        T call() throws InterruptedException;
    }
}
