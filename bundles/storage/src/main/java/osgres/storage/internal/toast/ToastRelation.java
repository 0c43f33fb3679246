package osgres.storage.internal.toast;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import osgres.storage.Tid;
import osgres.storage.TypeOids;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.TransactionCore;
import osgres.storage.internal.heap.HeapAccess;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.LittleEndian;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.ToastedValue;
import osgres.storage.internal.heap.TupleCodec;

/**
 * One TOAST relation (toast_internals.c, heaptoast.c's chunk fetch): where the values of one table (or of a
 * database's pg_class) that do not fit in line are stored, as PostgreSQL's {@code pg_toast_<oid>}: an ordinary heap
 * relation of rows {@code (chunk_id int4, chunk_seq int4, chunk_data bytea)} with a B-tree on
 * {@code (chunk_id, chunk_seq)}. A value is cut into chunks of {@link #CHUNK_SIZE} bytes (four chunk tuples fill a
 * page exactly), numbered from 0, all under one chunk_id that is a fresh OID not in use in the relation.
 *
 * <p>Chunks are heap inserts and B-tree inserts of the transaction storing the row, with its xid and command id,
 * so WAL, crash recovery and abort need nothing of their own: the chunks of an aborted or crashed transaction are
 * dead like its row. Chunks are never updated or deleted by DML: each stored value belongs to exactly one main
 * tuple version (an UPDATE stores its new values again), so a chunk is garbage once no tuple on the main relation's
 * pages points to it any more. {@link #vacuum} removes such chunks, provided their inserter finished before the
 * vacuum's horizon: then the one tuple that could point to them was already on a page when the main relation was
 * scanned. Readers take no snapshot for chunks: whoever holds a toast pointer got it from a tuple its snapshot
 * sees, and that snapshot keeps the tuple, and so its chunks, from being removed.
 *
 * <p>Not done: partial fetches (substring of a toasted value reads every chunk), reuse of an unchanged value's
 * chunks by UPDATE, chunk compression methods other than pglz.
 */
public final class ToastRelation {
    /** The chunk tuple's columns. */
    public static final RowFormat CHUNK_FORMAT = RowFormat.of(TypeOids.INT4, TypeOids.INT4, TypeOids.BYTEA);
    /** The chunk index's key. */
    public static final RowFormat KEY_FORMAT = RowFormat.of(TypeOids.INT4, TypeOids.INT4);
    /** Payload bytes per chunk (PostgreSQL's TOAST_MAX_CHUNK_SIZE): four whole chunk tuples per page. */
    public static final int CHUNK_SIZE = (Page.SIZE - HeapPage.HEADER) / 4 - HeapPage.LP_SIZE - HeapPage.TUPLE_HEADER
            - TupleCodec.bitmapLength(3) - 4 - 4 - 4;

    private final String name;
    private final RelFile heapFile;
    private final BTree index;
    private final HeapAccess heap;
    private final BufferPool buffers;
    private final TransactionCore transactions;

    ToastRelation(String name, RelFile heapFile, BTree index, HeapAccess heap, TransactionCore transactions) {
        this.name = name;
        this.heapFile = heapFile;
        this.index = index;
        this.heap = heap;
        this.buffers = heap.buffers();
        this.transactions = transactions;
    }

    public String name() {
        return name;
    }

    public RelFile heapFile() {
        return heapFile;
    }

    public RelFile indexFile() {
        return index.file();
    }

    // ---- store ----------------------------------------------------------------------------------------

    /**
     * toast_save_datum: stores {@code data} (the value's bytes, compressed with {@code method} if shorter than
     * {@code rawSize}) as chunks of transaction {@code xid}, command {@code cid}, and returns the pointer to them.
     */
    public ToastedValue.External store(int type, byte[] data, int rawSize, int method, long xid, int cid) {
        int valueId = newValueId();
        int chunks = chunkCount(data.length);
        for (int seq = 0; seq < chunks; seq++) {
            int from = seq * CHUNK_SIZE;
            byte[] chunk = Arrays.copyOfRange(data, from, Math.min(data.length, from + CHUNK_SIZE));
            Tid tid = heap.insert(heapFile, 100, xid, cid, CHUNK_FORMAT.columnCount(),
                    TupleCodec.encode(CHUNK_FORMAT, new Object[] {valueId, seq, chunk}));
            index.insert(key(valueId, seq), tid, null);
        }
        return new ToastedValue.External(type, rawSize, data.length, method, valueId, heapFile.relfilenode());
    }

    private static int chunkCount(int bytes) {
        return (bytes + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    private static byte[] key(int valueId, int seq) {
        return TupleCodec.encode(KEY_FORMAT, new Object[] {valueId, seq});
    }

    /**
     * GetNewOidWithIndex: an OID that no chunk of this relation carries (the OID counter wraps around after 2^32,
     * and the chunks of a transaction that crashed stay until vacuumed).
     */
    private int newValueId() {
        while (true) {
            int candidate = transactions.nextOid();
            byte[] prefix = TupleCodec.encode(RowFormat.of(TypeOids.INT4), new Object[] {candidate});
            if (!index.scan(prefix, 1, true, prefix, 1, true).next()) {
                return candidate;
            }
        }
    }

    // ---- fetch ----------------------------------------------------------------------------------------

    /**
     * toast_fetch_datum: the stored bytes of the value {@code pointer} names (still compressed if it was stored
     * so), read chunk by chunk in chunk_seq order through the index; XX001 if a chunk is missing, out of order or
     * of the wrong size. Chunks of aborted inserters are skipped (their chunk_id can only be in use again after the
     * OID counter wrapped around).
     */
    public byte[] fetch(ToastedValue.External pointer) {
        if (pointer.toastRelfilenode() != heapFile.relfilenode()) {
            throw StorageMessages.wrongToastRelation(pointer.toastRelfilenode(), name);
        }
        int valueId = pointer.valueId();
        int size = pointer.extSize();
        int chunks = chunkCount(size);
        byte[] out = new byte[size];
        byte[] prefix = TupleCodec.encode(RowFormat.of(TypeOids.INT4), new Object[] {valueId});
        BTree.Cursor cursor = index.scan(prefix, 1, true, prefix, 1, true);
        int expected = 0;
        while (cursor.next()) {
            Object[] chunk = readChunk(cursor.block(), cursor.offset());
            if (chunk == null) {
                continue;
            }
            int seq = (Integer) chunk[1];
            byte[] data = (byte[]) chunk[2];
            if (seq != expected || seq >= chunks) {
                throw StorageMessages.unexpectedChunkNumber(seq, expected, valueId, name);
            }
            int expectedSize = seq < chunks - 1 ? CHUNK_SIZE : size - seq * CHUNK_SIZE;
            if (data.length != expectedSize) {
                throw StorageMessages.unexpectedChunkSize(data.length, expectedSize, seq, chunks, valueId, name);
            }
            System.arraycopy(data, 0, out, seq * CHUNK_SIZE, data.length);
            expected++;
        }
        if (expected != chunks) {
            throw StorageMessages.missingChunk(expected, valueId, name);
        }
        return out;
    }

    /** The chunk at (block, offset), or null if its line pointer holds no tuple or its inserter aborted. */
    private Object[] readChunk(int block, int offset) {
        try (PageBuffer buf = buffers.read(heapFile, block)) {
            buf.lockShared();
            MemorySegment p = buf.page();
            if (!HeapPage.isNormal(p, offset)) {
                return null;
            }
            long t = HeapPage.tuple(p, offset);
            if ((HeapPage.infomask(p, t) & HeapPage.XMIN_INVALID) != 0
                    || heap.visibility().status(HeapPage.xmin(p, t)) == TransactionCore.Status.ABORTED) {
                return null;
            }
            return TupleCodec.decode(p, HeapPage.data(t), HeapPage.natts(p, t), CHUNK_FORMAT);
        }
    }

    // ---- vacuum ---------------------------------------------------------------------------------------

    /**
     * Collects the value ids the tuples of one main-relation page point to, dead or alive: every tuple still on a
     * page may be read by someone (VACUUM calls this for each page after pruning it, with the horizon it pruned
     * with).
     */
    public void collectReferences(RelFile mainFile, RowFormat format, int block, Set<Integer> into) {
        heap.scanPage(mainFile, block, null, 0, (b, offset, page, tuple) ->
                TupleCodec.forEachExternal(page, HeapPage.data(tuple), HeapPage.natts(page, tuple), format,
                        into::add));
    }

    /** What one vacuum of the toast relation did. */
    public record VacuumResult(int orphanedChunks, int removedChunks, int pages) {
    }

    /**
     * Lazy VACUUM of the toast relation: prunes every page (chunks of aborted transactions), marks dead the
     * chunks no main tuple references ({@code referenced} says false) whose inserter committed before
     * {@code oldestXmin}, removes the index entries of every dead line pointer, then frees them for reuse.
     * {@code oldestXmin} must have been taken before the main relation's scan that built {@code referenced}.
     */
    public VacuumResult vacuum(IntPredicate referenced, long oldestXmin) {
        int blocks = buffers.blockCount(heapFile);
        Map<Integer, int[]> deadByBlock = new HashMap<>();
        Set<Long> dead = new HashSet<>();
        int orphaned = 0;
        for (int b = 0; b < blocks; b++) {
            List<Integer> orphans = new ArrayList<>();
            heap.scanPage(heapFile, b, null, 0, (block, offset, page, tuple) -> {
                long xmin = HeapPage.xmin(page, tuple);
                // chunk_id: the first column, after the one-byte null bitmap
                if (xmin < oldestXmin && heap.visibility().isCommitted(xmin)
                        && !referenced.test(LittleEndian.i32(page, HeapPage.data(tuple) + 1))) {
                    orphans.add(offset);
                }
            });
            if (!orphans.isEmpty()) {
                orphaned += heap.markDead(heapFile, b, orphans.stream().mapToInt(Integer::intValue).toArray()).length;
            }
            // prunes the chunks of aborted inserters and lists every dead line pointer, orphans included
            int[] offsets = heap.pruneForVacuum(heapFile, b, oldestXmin);
            if (offsets.length > 0) {
                deadByBlock.put(b, offsets);
                for (int o : offsets) {
                    dead.add(((long) b << 16) | o);
                }
            }
        }
        if (!dead.isEmpty()) {
            index.bulkDelete(dead::contains);
        }
        for (Map.Entry<Integer, int[]> e : deadByBlock.entrySet()) {
            heap.reclaimDead(heapFile, e.getKey(), e.getValue());
        }
        return new VacuumResult(orphaned, dead.size(), blocks);
    }
}
