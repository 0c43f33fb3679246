package osgres.storage.internal.engine;

import java.util.NoSuchElementException;

import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.Tid;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.core.Snapshot;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.toast.Toaster;

/**
 * An index scan (index_getnext_slot): B-tree entries in key order, each followed to its heap HOT chain and the
 * member the snapshot sees, detoasted once its page is unlocked. Holds no lock or pin between rows.
 */
final class IndexRowScan implements RowScan {
    private final HeapAccess heap;
    private final RelationEntry entry;
    private final ToastRelation toast;
    private final BTree.Cursor cursor;
    private final Snapshot snapshot;
    private final long ownXid;
    private RowVersion next;
    private boolean done;

    IndexRowScan(HeapAccess heap, RelationEntry entry, ToastRelation toast, BTree.Cursor cursor, Snapshot snapshot,
                 long ownXid) {
        this.heap = heap;
        this.entry = entry;
        this.toast = toast;
        this.cursor = cursor;
        this.snapshot = snapshot;
        this.ownXid = ownXid;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            if (!cursor.next()) {
                done = true;
                break;
            }
            HeapAccess.Fetched f = heap.fetchVisible(entry.file(), new Tid(cursor.block(), cursor.offset()), snapshot,
                    ownXid, entry.format());
            if (f != null) {
                next = new RowVersion(f.tid(), Toaster.detoast(f.values(), toast), f.xmin(), f.xmax(), f.cmin(),
                        f.cmax());
            }
        }
        return next != null;
    }

    @Override
    public RowVersion next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RowVersion r = next;
        next = null;
        return r;
    }

    @Override
    public void close() {
        done = true;
        next = null;
    }
}
