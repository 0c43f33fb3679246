package osgres.storage.internal.heap;

import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.Tid;

/**
 * The lock manager as the heap of one relation sees it, on behalf of one transaction: waits on transaction ids
 * (XactLockTableWait) and tuple locks (heap_acquire_tuplock). Row locks of SELECT FOR UPDATE/SHARE are tuple
 * locks held to transaction end; a writer takes the tuple lock only while it writes, and only when
 * {@link #mayHaveRowLocks()} says some transaction holds row locks in the relation (asked under the page lock).
 */
public interface TupleLocks {

    /** Waits until transaction {@code xid} has ended (interruptible; 40P01 if the wait closes a deadlock). */
    void waitForTransaction(long xid);

    /** True if {@code xid} has ended; never waits. */
    boolean transactionEnded(long xid);

    /** Announces that this transaction is about to take row locks in the relation (before looking at xmax). */
    void noteRowLocks();

    boolean mayHaveRowLocks();

    /** Takes the tuple lock for {@code strength}; false only for SKIP / ERROR policies when it is taken. */
    boolean lockTuple(Tid tid, RowLockStrength strength, LockWaitPolicy policy);

    /** Releases one acquisition of the tuple lock (a row lock stays held if it was also taken as one). */
    void unlockTuple(Tid tid, RowLockStrength strength);

    /** For writers no other transaction can race (pg_database rows under the catalog's own mutex). */
    TupleLocks UNCONTENDED = new TupleLocks() {
        @Override
        public void waitForTransaction(long xid) {
            throw new IllegalStateException("unexpected wait for transaction " + xid);
        }

        @Override
        public boolean transactionEnded(long xid) {
            return true;
        }

        @Override
        public void noteRowLocks() {
        }

        @Override
        public boolean mayHaveRowLocks() {
            return false;
        }

        @Override
        public boolean lockTuple(Tid tid, RowLockStrength strength, LockWaitPolicy policy) {
            return true;
        }

        @Override
        public void unlockTuple(Tid tid, RowLockStrength strength) {
        }
    };
}
