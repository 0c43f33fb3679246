/*
 * CHECK_FOR_INTERRUPTS for the executor's long loops (scans, joins, sorts, aggregation, merges): every 1024
 * iterations the session's interrupts are checked, so cancel, terminate and statement_timeout stop the loop.
 *
 * It also gives the CPU away. Backends are virtual threads, and the JDK's scheduler runs them on as many carrier
 * threads as there are CPUs without preempting them: a backend that computes without blocking keeps its carrier,
 * and with as many such backends as CPUs no other session runs at all (not even to answer "select 1"). PostgreSQL
 * leaves this to the kernel's scheduler; here a loop that has run for a time slice since it last gave way parks for
 * a moment (see giveWay), which lets queued sessions run and costs microseconds when none is waiting. On a platform
 * thread it is Thread.yield(), a hint to the kernel. One per loop or per operation; used by its session's thread only.
 */
package osgres.sql.internal.exec;

import java.util.concurrent.locks.LockSupport;

import osgres.sql.internal.utils.ExecContext;

public final class LoopInterrupts {
    /** How long a loop computes before it lets other sessions run. */
    static final long TIME_SLICE_NANOS = 10_000_000L;
    private static final int CHECK_EVERY = 1024;

    private final osgres.sql.Interrupts interrupts;
    private int n;
    private long sliceStart = System.nanoTime();

    LoopInterrupts(osgres.sql.Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    public LoopInterrupts(ExecContext ctx) {
        this(ctx.session().setup().interrupts());
    }

    /** Once per iteration. */
    public void tick() {
        if ((++n & (CHECK_EVERY - 1)) == 0) {
            check();
        }
    }

    /** CHECK_FOR_INTERRUPTS now, and yield when the time slice is used up. */
    void check() {
        interrupts.check();
        long now = System.nanoTime();
        if (now - sliceStart >= TIME_SLICE_NANOS) {
            giveWay();
            sliceStart = System.nanoTime();
            interrupts.check();
        }
    }

    /**
     * Lets other threads run. Thread.yield() is not enough for a virtual thread: the scheduler's worker re-queues it
     * on its own local queue when that is not empty, and a worker drains its local queue before it looks at what
     * was submitted from outside (a new connection's backend, the socket poller that wakes an idle session), so CPU-bound
     * sessions yielding to each other would still starve those. A timed park is resumed by the JDK's timer thread,
     * i.e. submitted from outside, behind whatever else waits there.
     */
    private static void giveWay() {
        if (Thread.currentThread().isVirtual()) {
            LockSupport.parkNanos(1);
        } else {
            Thread.yield();
        }
    }
}
