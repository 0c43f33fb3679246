package osgres.storage.internal.buffer;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One shared buffer's bookkeeping (BufferDesc in buf_internals.h), kept in a Java object while the 8 KB page
 * it describes lives in the shared-memory arena. The header fields (tag, pin count, usage count, valid, I/O in
 * progress) are guarded by {@link #header}, which is only ever held for a few instructions, never across I/O;
 * {@link #dirty} is volatile so the bgwriter and checkpointer can scan without taking it. The page bytes are
 * guarded by the content lock.
 */
final class BufferDescriptor {

    static final int MAX_USAGE_COUNT = 5;

    final int id;
    final MemorySegment page;
    final ReentrantReadWriteLock content = new ReentrantReadWriteLock();
    final ReentrantLock header = new ReentrantLock();
    private final Condition ioDone = header.newCondition();

    /** Guarded by header. Null while the buffer holds no page. */
    BufferTag tag;
    /** Guarded by header. */
    int pinCount;
    /** Guarded by header. */
    int usageCount;
    /** Guarded by header: the page bytes hold the tag's page. */
    boolean valid;
    /** Guarded by header: a read into this buffer is under way; waiters sleep on ioDone. */
    boolean ioInProgress;
    /** Set under an exclusive content lock (or share, for hint-like changes); cleared by the writer. */
    volatile boolean dirty;

    BufferDescriptor(int id, MemorySegment page) {
        this.id = id;
        this.page = page;
    }

    /** Pins the buffer if it still holds {@code expected}; false if it was reassigned meanwhile. */
    boolean pinIfTagged(BufferTag expected) {
        header.lock();
        try {
            if (!expected.equals(tag)) {
                return false;
            }
            pinCount++;
            if (usageCount < MAX_USAGE_COUNT) {
                usageCount++;
            }
            return true;
        } finally {
            header.unlock();
        }
    }

    void pin() {
        header.lock();
        try {
            pinCount++;
        } finally {
            header.unlock();
        }
    }

    void unpin() {
        header.lock();
        try {
            pinCount--;
        } finally {
            header.unlock();
        }
    }

    /** Waits until a read into this buffer by another thread has finished; returns whether the page is valid. */
    boolean awaitValid() {
        header.lock();
        try {
            while (ioInProgress) {
                ioDone.awaitUninterruptibly();
            }
            return valid;
        } finally {
            header.unlock();
        }
    }

    void finishIo(boolean success) {
        header.lock();
        try {
            ioInProgress = false;
            valid = success;
            ioDone.signalAll();
        } finally {
            header.unlock();
        }
    }
}
