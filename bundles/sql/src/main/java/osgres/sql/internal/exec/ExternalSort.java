/*
 * A sort bounded by work_mem (PostgreSQL's utils/sort/tuplesort.c): rows are collected in memory while their
 * estimated size (WorkMem.rowBytes) stays under the budget; beyond it the collected rows are sorted and written
 * as a sorted run to a temporary file (TemporaryFiles, SpillRowFormat), and collection starts again. At the end,
 * if nothing was written, the rows are sorted in memory ("quicksort"); otherwise the last rows become a run too
 * and the runs are merged with a heap ("external merge"): while there are more runs than the merge order allows
 * (one read buffer per run must fit in work_mem, at least six runs as PostgreSQL's MINORDER), groups of runs are
 * merged into longer runs first, then the final merge streams its rows to the caller.
 *
 * States (tuplesort's TSS_*, reduced):
 *   LOADING         put() collects rows; a full budget writes a run         -> performSort()
 *   IN_MEMORY       everything fit: next() walks the sorted list             -> close()
 *   MERGING         next() pops the heap of run readers                       -> close()
 *   CLOSED          every file deleted; next() returns null
 *
 * The sort is stable: in-memory sorts are (TimSort), runs stay in input order through every merge pass, and a
 * merge breaks ties by that order. Every loop ticks LoopInterrupts (also inside the comparisons of an in-memory sort), so
 * statement_timeout and cancel stop it in any phase; any failure closes the sort, which deletes its files, before
 * it propagates, and the session's TemporaryFiles.closeAll() catches whatever a caller forgets to close. Memory in
 * use stays near work_mem: the collected rows while loading, one buffer and one row per run while merging. Not
 * done: PostgreSQL's bounded heap for ORDER BY ... LIMIT (top-N heapsort), abbreviated keys, and reading runs
 * back from one shared logical tape set (each run here is its own file, deleted once merged).
 */
package osgres.sql.internal.exec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.TemporaryFiles;

final class ExternalSort implements RowSource {
    /** PostgreSQL's MINORDER: a merge reads at least this many runs at once. */
    static final int MIN_MERGE_ORDER = 6;
    private static final int MAX_MERGE_ORDER = 500;
    /** What one run's reader should have to read ahead with; decides the merge order. */
    private static final int MERGE_BUFFER = 32 * 1024;
    private static final int MIN_READ_BUFFER = 8 * 1024;
    private static final int MAX_READ_BUFFER = 256 * 1024;

    enum State { LOADING, IN_MEMORY, MERGING, CLOSED }

    /** A sorted run on disk: its file and how many rows it holds. */
    private record Run(TemporaryFiles.TempFile file, long rows) {
    }

    private final Comparator<Object[]> order;
    private final Comparator<Object[]> interruptibleOrder;
    private final long workMemBytes;
    private final TemporaryFiles files;
    private final LoopInterrupts interrupts;
    private State state = State.LOADING;
    private List<Object[]> memtuples = new ArrayList<>();
    private long memoryUsed;
    /** The most memory the rows held at once (EXPLAIN's "Memory: ...kB"). */
    private long peakMemory;
    private final List<Run> runs = new ArrayList<>();
    private int runsWritten;
    /** Runs written by intermediate merge passes. */
    private int mergedRuns;
    private long diskBytes;
    private int mergePasses;
    private int position;
    private Cursor[] heap;
    private int heapSize;

    ExternalSort(Comparator<Object[]> order, long workMemBytes, TemporaryFiles files, LoopInterrupts interrupts) {
        this.order = order;
        this.workMemBytes = Math.max(WorkMem.MINIMUM_BYTES, workMemBytes);
        this.files = files;
        this.interrupts = interrupts;
        this.interruptibleOrder = (a, b) -> {
            interrupts.tick();
            return order.compare(a, b);
        };
    }

    /** tuplesort_puttupleslot: the sort keeps {@code row} (the caller must not change it afterwards). */
    void put(Object[] row) {
        if (state != State.LOADING) {
            throw new IllegalStateException("put after performSort: " + state);
        }
        try {
            interrupts.tick();
            memtuples.add(row);
            memoryUsed += WorkMem.rowBytes(row);
            peakMemory = Math.max(peakMemory, memoryUsed);
            if (memoryUsed >= workMemBytes) {
                dumpMemtuples();
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** tuplesort_performsort: no more rows; sorts in memory or prepares the final merge. */
    void performSort() {
        if (state != State.LOADING) {
            throw new IllegalStateException("performSort twice: " + state);
        }
        try {
            if (runs.isEmpty()) {
                memtuples.sort(interruptibleOrder);
                state = State.IN_MEMORY;
                return;
            }
            if (!memtuples.isEmpty()) {
                dumpMemtuples();
            }
            memtuples = null;
            int mergeOrder = mergeOrder();
            while (runs.size() > mergeOrder) {
                mergePass(mergeOrder);
            }
            startMerge(runs);
            runs.clear();
            state = State.MERGING;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** tuplesort_gettupleslot: the next row in order, or null at the end. */
    @Override
    public Object[] next() {
        try {
            return switch (state) {
                case IN_MEMORY -> {
                    if (position < memtuples.size()) {
                        interrupts.tick();
                        Object[] row = memtuples.get(position);
                        memtuples.set(position++, null);
                        yield row;
                    }
                    close();
                    yield null;
                }
                case MERGING -> {
                    Object[] row = nextMerged();
                    if (row == null) {
                        close();
                    }
                    yield row;
                }
                case CLOSED -> null;
                case LOADING -> throw new IllegalStateException("next before performSort");
            };
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** tuplesort_end: frees the rows and deletes every file of this sort. Safe to call more than once. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        memtuples = null;
        for (Run run : runs) {
            run.file().close();
        }
        runs.clear();
        if (heap != null) {
            for (int i = 0; i < heapSize; i++) {
                heap[i].run.file().close();
            }
            heap = null;
            heapSize = 0;
        }
    }

    State state() {
        return state;
    }

    /** Whether any row went to disk (EXPLAIN's "external merge" rather than "quicksort"). */
    boolean spilled() {
        return runsWritten > 0;
    }

    /** Runs written while loading (not counting the longer runs of intermediate merge passes). */
    int initialRuns() {
        return runsWritten - mergedRuns;
    }

    /** Merge passes before the final, streaming one. */
    int mergePasses() {
        return mergePasses;
    }

    /** The most bytes of rows held in memory at once. */
    long peakMemoryBytes() {
        return peakMemory;
    }

    /** Bytes written to temporary files in all (EXPLAIN's "Disk: ...kB" counts this). */
    long diskBytes() {
        return diskBytes;
    }

    // ---------------------------------------------------------------- runs

    /** The merge order for this budget: one read-ahead buffer per run (tuplesort_merge_order). */
    private int mergeOrder() {
        long order = workMemBytes / MERGE_BUFFER;
        return (int) Math.max(MIN_MERGE_ORDER, Math.min(MAX_MERGE_ORDER, order));
    }

    /** dumptuples: sorts what is in memory and writes it as one run. */
    private void dumpMemtuples() {
        memtuples.sort(interruptibleOrder);
        TemporaryFiles.TempFile file = files.create();
        Run run = new Run(file, memtuples.size());
        runsWritten++;
        runs.add(run);
        DataOutputStream out = file.output();
        try {
            for (Object[] row : memtuples) {
                interrupts.tick();
                SpillRowFormat.write(out, row);
            }
        } catch (IOException e) {
            throw Messages.couldNotWriteFile(file.name(), e);
        }
        file.finishWriting();
        diskBytes += file.size();
        memtuples.clear();
        memoryUsed = 0;
    }

    /**
     * One intermediate pass: each group of {@code mergeOrder} consecutive runs becomes one longer run in its place,
     * so the runs stay in input order (what keeps the sort stable) and each row is rewritten once per pass.
     */
    private void mergePass(int mergeOrder) {
        List<Run> inputs = new ArrayList<>(runs);
        runs.clear();
        try {
            mergeGroups(inputs, mergeOrder);
        } finally {
            // merged inputs are done (and on failure so is the pass); a run carried over alone lives on in runs
            for (Run r : inputs) {
                if (!runs.contains(r)) {
                    r.file().close();
                }
            }
        }
        mergePasses++;
    }

    private void mergeGroups(List<Run> inputs, int mergeOrder) {
        for (int from = 0; from < inputs.size(); from += mergeOrder) {
            List<Run> group = inputs.subList(from, Math.min(inputs.size(), from + mergeOrder));
            if (group.size() == 1) {
                runs.add(group.getFirst());
                continue;
            }
            long rows = 0;
            for (Run r : group) {
                rows += r.rows();
            }
            TemporaryFiles.TempFile file = files.create();
            runs.add(new Run(file, rows));
            runsWritten++;
            mergedRuns++;
            startMerge(group);
            DataOutputStream out = file.output();
            try {
                for (Object[] row = nextMerged(); row != null; row = nextMerged()) {
                    SpillRowFormat.write(out, row);
                }
            } catch (IOException e) {
                throw Messages.couldNotWriteFile(file.name(), e);
            }
            file.finishWriting();
            diskBytes += file.size();
        }
    }

    // ---------------------------------------------------------------- the merge heap

    /** One run being read: its next row; {@code sequence} is the run's place in input order. */
    private static final class Cursor {
        final Run run;
        final int sequence;
        final DataInputStream in;
        long remaining;
        Object[] row;

        Cursor(Run run, int sequence, DataInputStream in) {
            this.run = run;
            this.sequence = sequence;
            this.in = in;
            this.remaining = run.rows();
        }

        /** Reads the next row into {@link #row}; false (and the file deleted) when the run is done. */
        boolean advance() {
            if (remaining == 0) {
                row = null;
                run.file().close();
                return false;
            }
            try {
                row = SpillRowFormat.read(in);
            } catch (EOFException e) {
                throw Messages.couldNotReadFile(run.file().name(),
                        new IOException("unexpected end of file, " + remaining + " rows missing", e));
            } catch (IOException e) {
                throw Messages.couldNotReadFile(run.file().name(), e);
            }
            remaining--;
            return true;
        }
    }

    /** Opens a reader on each run and heapifies them by their first rows. */
    private void startMerge(List<Run> inputs) {
        int buffer = (int) Math.max(MIN_READ_BUFFER, Math.min(MAX_READ_BUFFER, workMemBytes / inputs.size()));
        heap = new Cursor[inputs.size()];
        heapSize = 0;
        for (Run run : inputs) {
            heap[heapSize] = new Cursor(run, heapSize, run.file().input(buffer));
            heapSize++;
        }
        // a cursor on the heap owns its file from here: close() deletes it through the heap
        int live = 0;
        for (int i = 0; i < heapSize; i++) {
            if (heap[i].advance()) {
                heap[live++] = heap[i];
            }
        }
        heapSize = live;
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The smallest row of the heap; its run moves on to its next row. Null when every run is done. */
    private Object[] nextMerged() {
        if (heapSize == 0) {
            return null;
        }
        interrupts.tick();
        Cursor top = heap[0];
        Object[] row = top.row;
        if (!top.advance()) {
            heap[0] = heap[--heapSize];
            heap[heapSize] = null;
        }
        if (heapSize > 1) {
            siftDown(0);
        }
        return row;
    }

    private boolean less(Cursor a, Cursor b) {
        int c = order.compare(a.row, b.row);
        return c < 0 || (c == 0 && a.sequence < b.sequence);
    }

    private void siftDown(int i) {
        Cursor c = heap[i];
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < heapSize && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], c)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = c;
    }
}
