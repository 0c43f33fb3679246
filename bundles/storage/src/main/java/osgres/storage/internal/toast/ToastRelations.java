package osgres.storage.internal.toast;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.heap.HeapAccess;

/**
 * The open TOAST relations of one storage engine, one {@link ToastRelation} object per toast file (its chunk
 * index's tree lock must be shared by every user, as for any B-tree), and their creation and removal with the
 * table that owns them (create_toast_table).
 */
public final class ToastRelations {
    private final HeapAccess heap;
    private final BufferPool buffers;
    private final Wal wal;
    private final TransactionCore transactions;
    private final Map<RelFile, ToastRelation> open = new ConcurrentHashMap<>();

    public ToastRelations(HeapAccess heap, Wal wal, TransactionCore transactions) {
        this.heap = heap;
        this.buffers = heap.buffers();
        this.wal = wal;
        this.transactions = transactions;
    }

    /** The toast relation in {@code heapFile} with its chunk index in {@code indexFile}; {@code name} for messages. */
    public ToastRelation open(String name, RelFile heapFile, RelFile indexFile) {
        ToastRelation rel = open.get(heapFile);
        if (rel != null) {
            return rel;
        }
        return open.computeIfAbsent(heapFile, f -> new ToastRelation(name, heapFile,
                new BTree(buffers, wal, indexFile, ToastRelation.KEY_FORMAT, name + "_index", "chunk_id, chunk_seq"),
                heap, transactions));
    }

    /** Creates the (empty) files of a new toast relation and its chunk index, WAL-logged under {@code xid}. */
    public void create(RelFile heapFile, RelFile indexFile, long xid) {
        buffers.createRelation(heapFile);
        BTree.create(buffers, wal, indexFile, xid);
    }

    /** True if the chunk index exists (a database created before TOAST has no pg_class toast relation). */
    public boolean exists(RelFile indexFile) {
        return buffers.blockCount(indexFile) > 0;
    }

    /** Removes both files and forgets the relation (DROP TABLE at commit, CREATE TABLE at abort, TRUNCATE). */
    public void drop(RelFile heapFile, RelFile indexFile) {
        open.remove(heapFile);
        buffers.dropRelation(heapFile);
        buffers.dropRelation(indexFile);
        heap.forget(heapFile);
    }
}
