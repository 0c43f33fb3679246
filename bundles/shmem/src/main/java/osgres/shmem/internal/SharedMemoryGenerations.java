package osgres.shmem.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SharedMemory;
import osgres.api.SharedMemoryOwner;

/**
 * The owner logic without OSGi: creates generations of shared memory, publishes each through a
 * {@link Publisher}, and on a crash reset swaps them in the order DESIGN.md ("Crash reset, the DS way")
 * requires, mirroring the shared-memory part of PostgreSQL's reset after a crash
 * ({@code CreateSharedMemoryAndSemaphores()} run again after every child is gone):
 * <ol>
 *   <li>allocate and zero the next arena (the slow part, done while the old one is still published);</li>
 *   <li>unregister the old one: every static dependent is deactivated before this returns;</li>
 *   <li>publish the new one: dependents activate against it;</li>
 *   <li>free the old arena.</li>
 * </ol>
 * Invariant: at most one generation is published at any time. Generation numbers are never reused.
 * Mutations are serialized by a lock; reads ({@link #generation()}, {@link #size()}) take no lock, because
 * the unregister in step 2 runs dependents' deactivation on this thread and those may read them from
 * other threads they join.
 */
final class SharedMemoryGenerations implements SharedMemoryOwner {

    /** Publishes one generation (registers the SharedMemory service). */
    @FunctionalInterface
    interface Publisher {
        Registration publish(SharedMemory memory);
    }

    /** Withdraws a published generation; returns once every user is gone. */
    @FunctionalInterface
    interface Registration {
        void unregister();
    }

    private final LongSupplier sizeInBytes;
    private final Publisher publisher;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private long lastGeneration;
    /** Guarded by lock. */
    private Registration registration;
    private volatile SharedMemoryGeneration current;

    SharedMemoryGenerations(LongSupplier sizeInBytes, Publisher publisher) {
        this.sizeInBytes = sizeInBytes;
        this.publisher = publisher;
    }

    @Override
    public long create() {
        lock.lock();
        try {
            SharedMemoryGeneration existing = current;
            if (existing != null) {
                return existing.generation();
            }
            SharedMemoryGeneration first = new SharedMemoryGeneration(lastGeneration + 1, sizeInBytes.getAsLong());
            lastGeneration = first.generation();
            publish(first);
            return first.generation();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long reinitialize() {
        lock.lock();
        try {
            SharedMemoryGeneration next = new SharedMemoryGeneration(lastGeneration + 1, sizeInBytes.getAsLong());
            lastGeneration = next.generation();
            SharedMemoryGeneration old = current;
            withdraw();
            publish(next);
            if (old != null) {
                release(old);
            }
            return next.generation();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroy() {
        lock.lock();
        try {
            SharedMemoryGeneration old = current;
            withdraw();
            current = null;
            if (old != null) {
                release(old);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long generation() {
        SharedMemoryGeneration memory = current;
        return memory == null ? 0 : memory.generation();
    }

    @Override
    public long size() {
        SharedMemoryGeneration memory = current;
        return memory == null ? sizeInBytes.getAsLong() : memory.size();
    }

    /** The published generation, or null (tests). */
    SharedMemoryGeneration current() {
        return current;
    }

    private void publish(SharedMemoryGeneration memory) {
        current = memory;
        registration = publisher.publish(memory);
    }

    private void withdraw() {
        Registration old = registration;
        registration = null;
        if (old != null) {
            try {
                old.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping and the framework unregistered it first: nobody uses it either way.
            }
        }
    }

    private static void release(SharedMemoryGeneration memory) {
        try {
            memory.close();
        } catch (IllegalStateException e) {
            // A thread is still inside a native call on the old arena; it stays allocated rather than freed
            // under that thread. Worth a line: a component kept running past its deactivation.
            ServerLog.log(Severity.WARNING, Messages.couldNotRelease(memory.generation(), e.getMessage()));
        }
    }
}
