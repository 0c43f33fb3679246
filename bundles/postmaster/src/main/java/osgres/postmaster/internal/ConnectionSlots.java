package osgres.postmaster.internal;

import java.util.concurrent.atomic.AtomicInteger;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * The {@code max_connections} slots for client backends (and, in a second instance, the {@code max_wal_senders}
 * slots of walsenders): PostgreSQL's PGPROC free list, as seen by
 * InitProcess (no free slot: 53300 before authentication) and by the superuser reservation check after
 * authentication. Shared by the backend threads, so lock-free; sized at start (postmaster context).
 */
final class ConnectionSlots {
    private final int maxConnections;
    private final int reservedForSuperusers;
    private final AtomicInteger inUse = new AtomicInteger();

    ConnectionSlots(int maxConnections, int reservedForSuperusers) {
        this.maxConnections = maxConnections;
        this.reservedForSuperusers = reservedForSuperusers;
    }

    void acquire() {
        acquire(Messages.TOO_MANY_CLIENTS);
    }

    /** Takes a slot, or throws FATAL 53300 with {@code refusal}. */
    void acquire(String refusal) {
        while (true) {
            int used = inUse.get();
            if (used >= maxConnections) {
                throw PgException.fatal(SqlState.TOO_MANY_CONNECTIONS, refusal);
            }
            if (inUse.compareAndSet(used, used + 1)) {
                return;
            }
        }
    }

    void release() {
        inUse.decrementAndGet();
    }

    /** HaveNFree(superuser_reserved_connections) for a non-superuser that already holds its own slot. */
    void checkReserved(boolean superuser) {
        if (!superuser && reservedForSuperusers > 0 && maxConnections - inUse.get() < reservedForSuperusers) {
            throw PgException.fatal(SqlState.TOO_MANY_CONNECTIONS, Messages.RESERVED_SLOTS);
        }
    }

    int capacity() {
        return maxConnections;
    }

    int inUse() {
        return inUse.get();
    }
}
