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

    /** {@link #pinIfTaggedAndValid}: not pinned, the buffer holds another page now. */
    static final int NOT_TAGGED = 0;
    /** {@link #pinIfTaggedAndValid}: pinned, and its page is valid. */
    static final int PINNED_VALID = 1;
    /** {@link #pinIfTaggedAndValid}: pinned, but a read is under way or failed: see {@link #awaitValid}. */
    static final int PINNED_NOT_READY = 2;

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

    /**
     * Pins the buffer if it still holds {@code expected} (else it was reassigned meanwhile) and, in the same hold
     * of the header lock, makes the check {@link #awaitValid} would when no read is under way: one lock round trip
     * for the common case of a page already in its buffer.
     */
    int pinIfTaggedAndValid(BufferTag expected) {
        header.lock();
        try {
            if (!expected.equals(tag)) {
                return NOT_TAGGED;
            }
            pinCount++;
            if (usageCount < MAX_USAGE_COUNT) {
                usageCount++;
            }
            return !ioInProgress && valid ? PINNED_VALID : PINNED_NOT_READY;
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
