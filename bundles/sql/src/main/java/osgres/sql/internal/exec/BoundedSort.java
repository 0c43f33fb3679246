/*
 * The sort under ORDER BY ... LIMIT n, PostgreSQL's tuplesort.c bounded mode ("top-N heapsort" in EXPLAIN
 * ANALYZE): the Limit tells its Sort how many rows it will read (ExecSetTupleBound), and the sort keeps only that
 * many, in a heap whose root is the last of them, so a row that sorts after the root is dropped at once. Ties keep
 * input order (a sequence number breaks them), so the rows are exactly the first n a full stable sort would give.
 * The heap is bounded in rows, not bytes: the caller hands the rows to an ExternalSort instead when the first n do
 * not fit in work_mem ({@link #put} says so).
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

final class BoundedSort {

    /** A row and its place in the input. */
    private record Entry(Object[] row, long seq) {
    }

    private final Comparator<Entry> order;
    private final int bound;
    private final long workMemBytes;
    /** The kept rows, the one that sorts last at the root. */
    private final PriorityQueue<Entry> heap;
    private long seq;
    private long bytes;

    BoundedSort(Comparator<Object[]> rows, int bound, long workMemBytes) {
        this.order = Comparator.<Entry, Object[]>comparing(Entry::row, rows).thenComparingLong(Entry::seq);
        this.bound = bound;
        this.workMemBytes = workMemBytes;
        this.heap = new PriorityQueue<>(Math.min(bound, 1024) + 1, order.reversed());
    }

    /** Keeps {@code row} if it is among the first {@code bound}; false when the kept rows outgrow work_mem. */
    boolean put(Object[] row) {
        Entry e = new Entry(row, seq++);
        if (heap.size() < bound) {
            heap.add(e);
            bytes += WorkMem.rowBytes(row);
            return bytes < workMemBytes;
        }
        if (order.compare(e, heap.peek()) < 0) {
            bytes -= WorkMem.rowBytes(heap.poll().row());
            heap.add(e);
            bytes += WorkMem.rowBytes(row);
        }
        return true;
    }

    /** Rows seen. */
    long count() {
        return seq;
    }

    /** The bytes the kept rows take (EXPLAIN's "Memory: ...kB"). */
    long bytes() {
        return bytes;
    }

    /** The kept rows in input order (to hand them to an ExternalSort instead). */
    List<Object[]> inInputOrder() {
        List<Entry> entries = new ArrayList<>(heap);
        entries.sort(Comparator.comparingLong(Entry::seq));
        return entries.stream().map(Entry::row).toList();
    }

    /** The kept rows, sorted. */
    List<Object[]> sorted() {
        List<Entry> entries = new ArrayList<>(heap);
        entries.sort(order);
        return entries.stream().map(Entry::row).toList();
    }
}
