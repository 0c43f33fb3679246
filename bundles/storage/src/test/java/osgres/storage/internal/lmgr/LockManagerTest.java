package osgres.storage.internal.lmgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.storage.BackendProc;
import osgres.storage.LockMode;

class LockManagerTest {
    private static final LockTag TABLE = LockTag.relation(5, 16384);
    private static final long WINDOW_MS = 300;

    private final LockManager locks = new LockManager();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A backend for tests: a pid, a lock_timeout, and a cancel flag that unparks the waiting thread. */
    private static class TestProc implements BackendProc {
        final int pid;
        final long lockTimeout;
        final long deadlockTimeout;
        final AtomicBoolean canceled = new AtomicBoolean();
        volatile Thread thread;

        TestProc(int pid, long lockTimeout, long deadlockTimeout) {
            this.pid = pid;
            this.lockTimeout = lockTimeout;
            this.deadlockTimeout = deadlockTimeout;
        }

        void cancel() {
            canceled.set(true);
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public boolean interruptPending() {
            return canceled.get();
        }

        @Override
        public void checkInterrupts() {
            if (canceled.getAndSet(false)) {
                throw PgException.error("57014", "canceling statement due to user request");
            }
        }

        @Override
        public long interruptDeadlineNanos() {
            return Long.MAX_VALUE;
        }

        @Override
        public long lockTimeoutMillis() {
            return lockTimeout;
        }

        @Override
        public long deadlockTimeoutMillis() {
            return deadlockTimeout;
        }

        @Override
        public boolean logLockWaits() {
            return false;
        }

        @Override
        public String currentQuery() {
            return "query of " + pid;
        }
    }

    private LockOwner owner(int pid) {
        return locks.newOwner(new TestProc(pid, 0, 1000));
    }

    private Future<Boolean> acquireAsync(LockOwner owner, LockTag tag, LockMode mode) {
        return threads.submit(() -> {
            ((TestProc) owner.proc()).thread = Thread.currentThread();
            return locks.acquire(owner, tag, mode, false);
        });
    }

    private static void assertWaiting(Future<?> f) {
        assertThatThrownBy(() -> f.get(WINDOW_MS, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aWaiterBlockedByAnAutovacuumWorkerCancelsItAfterDeadlockTimeoutButNotAnOrdinaryHolder() throws Exception {
        AtomicBoolean autovacuumCanceled = new AtomicBoolean();
        AtomicReference<LockOwner> workerOwner = new AtomicReference<>();
        LockOwner worker = locks.newOwner(new TestProc(7, 0, 1000) {
            @Override
            public boolean isAutovacuum() {
                return true;
            }

            @Override
            public void requestCancel() {
                autovacuumCanceled.set(true);
                locks.releaseAll(workerOwner.get()); // as the worker's error path does
            }
        });
        workerOwner.set(worker);
        assertThat(locks.acquire(worker, TABLE, LockMode.SHARE_UPDATE_EXCLUSIVE, false)).isTrue();
        LockOwner alter = locks.newOwner(new TestProc(8, 0, 50));
        Future<Boolean> waiting = acquireAsync(alter, TABLE, LockMode.ACCESS_EXCLUSIVE);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(autovacuumCanceled).isTrue();
        locks.releaseAll(alter);

        LockOwner vacuumCommand = owner(9);
        assertThat(locks.acquire(vacuumCommand, TABLE, LockMode.SHARE_UPDATE_EXCLUSIVE, false)).isTrue();
        Future<Boolean> blocked = acquireAsync(locks.newOwner(new TestProc(10, 0, 50)), TABLE,
                LockMode.ACCESS_EXCLUSIVE);
        assertWaiting(blocked);
        locks.releaseAll(vacuumCommand);
        assertThat(blocked.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void conflictTableIsPostgresqls() {
        assertThat(LockMode.ACCESS_SHARE.conflictsWith(LockMode.ACCESS_EXCLUSIVE)).isTrue();
        assertThat(LockMode.ACCESS_SHARE.conflictsWith(LockMode.EXCLUSIVE)).isFalse();
        assertThat(LockMode.ROW_EXCLUSIVE.conflictsWith(LockMode.SHARE)).isTrue();
        assertThat(LockMode.ROW_EXCLUSIVE.conflictsWith(LockMode.ROW_EXCLUSIVE)).isFalse();
        assertThat(LockMode.SHARE.conflictsWith(LockMode.SHARE)).isFalse();
        assertThat(LockMode.SHARE_UPDATE_EXCLUSIVE.conflictsWith(LockMode.SHARE_UPDATE_EXCLUSIVE)).isTrue();
        assertThat(LockMode.SHARE_ROW_EXCLUSIVE.conflictsWith(LockMode.SHARE_ROW_EXCLUSIVE)).isTrue();
        for (LockMode a : LockMode.values()) {
            for (LockMode b : LockMode.values()) {
                assertThat(a.conflictsWith(b)).as("symmetric %s %s", a, b).isEqualTo(b.conflictsWith(a));
            }
        }
    }

    @Test
    void weakLocksTakenOnTheFastPathAreSeenByAStrongLocker() throws Exception {
        LockOwner reader = owner(1);
        assertThat(locks.acquire(reader, TABLE, LockMode.ACCESS_SHARE, false)).isTrue();
        assertThat(locks.sharedLockCount()).as("fast path: nothing in the shared table").isZero();
        LockOwner dropper = owner(2);
        assertThat(locks.acquire(dropper, TABLE, LockMode.ACCESS_EXCLUSIVE, true)).isFalse();
        Future<Boolean> drop = acquireAsync(dropper, TABLE, LockMode.ACCESS_EXCLUSIVE);
        assertWaiting(drop);
        LockOwner lateReader = owner(3);
        Future<Boolean> late = acquireAsync(lateReader, TABLE, LockMode.ACCESS_SHARE);
        assertWaiting(late);
        locks.releaseAll(reader);
        assertThat(drop.get(10, TimeUnit.SECONDS)).isTrue();
        assertWaiting(late);
        locks.releaseAll(dropper);
        assertThat(late.get(10, TimeUnit.SECONDS)).isTrue();
        locks.releaseAll(lateReader);
        assertThat(locks.sharedLockCount()).isZero();
    }

    @Test
    void ownLocksNeverConflictAndRepeatedAcquisitionsCount() {
        LockOwner tx = owner(1);
        assertThat(locks.acquire(tx, TABLE, LockMode.ROW_EXCLUSIVE, false)).isTrue();
        assertThat(locks.acquire(tx, TABLE, LockMode.ACCESS_EXCLUSIVE, true)).isTrue();
        LockTag tuple = LockTag.tuple(5, 16384, 0, 1);
        assertThat(locks.acquire(tx, tuple, LockMode.EXCLUSIVE, false)).isTrue();
        assertThat(locks.acquire(tx, tuple, LockMode.EXCLUSIVE, false)).isTrue();
        locks.release(tx, tuple, LockMode.EXCLUSIVE);
        LockOwner other = owner(2);
        assertThat(locks.acquire(other, tuple, LockMode.ACCESS_SHARE, true)).as("still held once").isTrue();
        assertThat(locks.acquire(other, tuple, LockMode.ROW_SHARE, true)).as("Exclusive blocks RowShare")
                .isFalse();
        locks.releaseAll(tx);
        locks.releaseAll(other);
        assertThat(locks.sharedLockCount()).isZero();
    }

    @Test
    void aCycleIsReportedToTheProcessThatClosesIt() throws Exception {
        TestProc p1 = new TestProc(101, 0, 60_000);
        TestProc p2 = new TestProc(102, 0, 50);
        LockOwner t1 = locks.newOwner(p1);
        LockOwner t2 = locks.newOwner(p2);
        LockTag x1 = LockTag.transaction(11);
        LockTag x2 = LockTag.transaction(12);
        locks.acquire(t1, x1, LockMode.EXCLUSIVE, false);
        locks.acquire(t2, x2, LockMode.EXCLUSIVE, false);
        Future<?> first = threads.submit(() -> {
            p1.thread = Thread.currentThread();
            locks.waitForTransaction(t1, 12);
            return null;
        });
        assertWaiting(first);
        assertThatThrownBy(() -> locks.waitForTransaction(t2, 11))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("40P01");
                    assertThat(e.detail()).isEqualTo(
                            "Process 102 waits for ShareLock on transaction 11; blocked by process 101.\n"
                                    + "Process 101 waits for ShareLock on transaction 12; blocked by process 102.");
                    assertThat(e.logDetail()).endsWith("Process 102: query of 102\nProcess 101: query of 101");
                });
        assertWaiting(first);
        locks.releaseAll(t2);
        first.get(10, TimeUnit.SECONDS);
        locks.releaseAll(t1);
    }

    @Test
    void lockTimeoutAndCancelEndAWait() throws Exception {
        LockOwner holder = owner(1);
        locks.acquire(holder, TABLE, LockMode.ACCESS_EXCLUSIVE, false);
        LockOwner timed = locks.newOwner(new TestProc(2, 200, 60_000));
        long started = System.nanoTime();
        assertThatThrownBy(() -> locks.acquire(timed, TABLE, LockMode.ACCESS_SHARE, false))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("55P03");
                    assertThat(e.getMessage()).isEqualTo("canceling statement due to lock timeout");
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(190);
        locks.releaseAll(timed);

        TestProc proc = new TestProc(3, 0, 60_000);
        LockOwner canceled = locks.newOwner(proc);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        threads.submit(() -> {
            proc.thread = Thread.currentThread();
            try {
                locks.acquire(canceled, TABLE, LockMode.ROW_EXCLUSIVE, false);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        assertThatThrownBy(() -> outcome.get(WINDOW_MS, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        proc.cancel();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.sqlState()).isEqualTo("57014"));
        locks.releaseAll(canceled);
        locks.releaseAll(holder);
        assertThat(locks.sharedLockCount()).isZero();
    }

    @Test
    void closingTheManagerWakesEveryWaiter() throws Exception {
        LockOwner holder = owner(1);
        locks.acquire(holder, TABLE, LockMode.ACCESS_EXCLUSIVE, false);
        Future<Boolean> waiter = acquireAsync(owner(2), TABLE, LockMode.ACCESS_SHARE);
        assertWaiting(waiter);
        locks.close();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
    }
}
