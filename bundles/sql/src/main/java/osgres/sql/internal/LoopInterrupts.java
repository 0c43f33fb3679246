/*
 * CHECK_FOR_INTERRUPTS for the executor's long loops (scans, joins, sorts, aggregation, merges): every 1024
 * iterations the session's interrupts are checked, so cancel, terminate and statement_timeout stop the loop.
 *
 * It also gives the CPU away. Backends are virtual threads, and the JDK's scheduler runs them on as many carrier
 * threads as there are CPUs without preempting them: a backend that computes without blocking keeps its carrier,
 * and with as many such backends as CPUs no other session runs at all (not even to answer "select 1"). PostgreSQL
 * leaves this to the kernel's scheduler; here a loop that has run for a time slice since its last yield calls
 * Thread.yield(), which lets queued sessions run and costs nothing when none is waiting. On a platform thread the
 * yield is only a hint to the kernel. One per loop or per operation; used by its session's thread only.
 */
package osgres.sql.internal;

final class LoopInterrupts {
    /** How long a loop computes before it lets other sessions run. */
    static final long TIME_SLICE_NANOS = 10_000_000L;
    private static final int CHECK_EVERY = 1024;

    private final osgres.sql.Interrupts interrupts;
    private int n;
    private long sliceStart = System.nanoTime();

    LoopInterrupts(osgres.sql.Interrupts interrupts) {
        this.interrupts = interrupts;
    }

    LoopInterrupts(ExecContext ctx) {
        this(ctx.session().setup().interrupts());
    }

    /** Once per iteration. */
    void tick() {
        if ((++n & (CHECK_EVERY - 1)) == 0) {
            check();
        }
    }

    /** CHECK_FOR_INTERRUPTS now, and yield when the time slice is used up. */
    void check() {
        interrupts.check();
        long now = System.nanoTime();
        if (now - sliceStart >= TIME_SLICE_NANOS) {
            Thread.yield();
            sliceStart = System.nanoTime();
            interrupts.check();
        }
    }
}
