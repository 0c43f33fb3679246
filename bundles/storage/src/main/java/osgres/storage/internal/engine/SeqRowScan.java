package osgres.storage.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.Tid;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.Toaster;

/**
 * A sequential scan (heapam's heapgettup, page at a time): the visible versions of one page are copied out under
 * its shared lock, so no lock or pin is held between rows. The relation's length is fixed when the scan starts, as
 * in PostgreSQL, so rows the scanning statement itself adds on new pages are not revisited. Toasted values are
 * detoasted row by row as {@link #next} returns them, with no page locked. Given the columns its reader uses, it
 * decodes only those (heap_deform_tuple's natts limit, and no text decoded that nobody reads).
 */
final class SeqRowScan implements RowScan {
    private final HeapAccess heap;
    private final RelationEntry entry;
    private final ToastRelation toast;
    private final Snapshot snapshot;
    private final long ownXid;
    /** The columns to decode, null for all; {@link #lastColumn} the last of them. */
    private final boolean[] columns;
    private final int lastColumn;
    private final int blocks;
    private final List<RowVersion> page = new ArrayList<>();
    private int nextBlock;
    private int position;

    SeqRowScan(HeapAccess heap, RelationEntry entry, ToastRelation toast, Snapshot snapshot, long ownXid,
               boolean[] columns) {
        this.heap = heap;
        this.columns = columns;
        int last = -1;
        for (int i = 0; columns != null && i < columns.length; i++) {
            last = columns[i] ? i : last;
        }
        this.lastColumn = last;
        this.entry = entry;
        this.toast = toast;
        this.snapshot = snapshot;
        this.ownXid = ownXid;
        this.blocks = heap.buffers().blockCount(entry.file());
    }

    @Override
    public boolean hasNext() {
        while (position >= page.size()) {
            if (nextBlock >= blocks) {
                return false;
            }
            page.clear();
            position = 0;
            heap.scanPage(entry.file(), nextBlock++, snapshot, ownXid, (block, offset, p, t) ->
                    page.add(new RowVersion(new Tid(block, offset),
                            columns == null ? TupleCodec.decode(p, HeapPage.data(t), HeapPage.natts(p, t),
                                    entry.format()) : TupleCodec.decodeColumns(p, HeapPage.data(t),
                                    HeapPage.natts(p, t), entry.format(), columns, lastColumn),
                            HeapPage.xmin(p, t), HeapPage.xmax(p, t), HeapPage.cmin(p, t), HeapPage.cmax(p, t))));
        }
        return true;
    }

    @Override
    public RowVersion next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RowVersion row = page.get(position);
        page.set(position++, null);
        Toaster.detoast(row.values(), toast);
        return row;
    }

    @Override
    public void close() {
        nextBlock = blocks;
        page.clear();
        position = 0;
    }
}
