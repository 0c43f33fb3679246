package osgres.storage.internal.toast;

import java.util.List;

import osgres.storage.ColumnDef;
import osgres.storage.TypeOids;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.heap.HeapPage;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.ToastedValue;
import osgres.storage.internal.heap.TupleCodec;

/**
 * The tuple toaster and detoaster (heaptoast.c heap_toast_insert_or_update, detoast.c): makes a row that is too big
 * for a page fit, and turns its toasted values back into plain ones.
 *
 * <p>A row whose tuple is at most {@link #TUPLE_THRESHOLD} bytes (a quarter page, PostgreSQL's
 * TOAST_TUPLE_THRESHOLD) is stored as it is: that size test is all an ordinary row pays. A bigger one is shrunk
 * to {@link #TUPLE_TARGET} in PostgreSQL's four rounds, always taking the biggest remaining candidate value:
 * <ol>
 *   <li>compress EXTENDED values (text, varchar, bpchar, bytea) with pglz; one still over the target by itself
 *       goes out of line at once;</li>
 *   <li>move EXTENDED values out of line (compressed if round 1 managed to);</li>
 *   <li>compress MAIN values (numeric);</li>
 *   <li>move MAIN values out of line, but only while the tuple does not fit on a page at all.</li>
 * </ol>
 * Only values bigger than a toast pointer are candidates. Without a toast relation only compression happens; a row
 * that still does not fit fails in the heap with 54000 {@code row is too big}, as in PostgreSQL. Each stored value
 * belongs to one tuple version: an UPDATE stores its new values afresh ({@link ToastRelation} says why).
 *
 * <p>Detoasting never happens under a page lock: decoding copies the toasted forms out of the page
 * ({@link TupleCodec#decode}) and {@link #detoast} fetches and decompresses them afterwards.
 */
public final class Toaster {
    /** Tuple size (header included) above which a row is toasted: four tuples per page. */
    public static final int TUPLE_THRESHOLD = (Page.SIZE - HeapPage.HEADER - 4 * HeapPage.LP_SIZE) / 4;
    /** The size toasting aims for (PostgreSQL's TOAST_TUPLE_TARGET, the default toast_tuple_target). */
    public static final int TUPLE_TARGET = TUPLE_THRESHOLD;

    private static final int PLAIN = 0;
    private static final int COMPRESSED = 1;
    private static final int INCOMPRESSIBLE = 2;
    private static final int EXTERNAL = 3;

    private Toaster() {
    }

    /**
     * Serialises a row for the heap, toasting it if its tuple would exceed {@link #TUPLE_THRESHOLD}: out-of-line
     * values go to {@code toast} (null: the relation has none) as chunks of {@code xid} / {@code cid}.
     */
    public static byte[] encode(RowFormat format, Object[] values, ToastRelation toast, long xid, int cid) {
        byte[] plain = TupleCodec.encode(format, values);
        if (HeapPage.TUPLE_HEADER + plain.length <= TUPLE_THRESHOLD) {
            return plain;
        }
        return new RowToast(format, values, toast, xid, cid, plain).run();
    }

    /** PostgreSQL's attstorage of each type: numeric is MAIN (compressed, kept in line if at all possible). */
    private static boolean isMainStorage(int type) {
        return type == TypeOids.NUMERIC;
    }

    /** The state of one row being toasted (ToastTupleContext). */
    private static final class RowToast {
        private final RowFormat format;
        private final int[] types;
        private final Object[] stored;
        private final ToastRelation toast;
        private final long xid;
        private final int cid;
        private final byte[] plain;
        private final byte[][] raw;
        private final int[] size;
        private final int[] state;
        private int total;

        RowToast(RowFormat format, Object[] values, ToastRelation toast, long xid, int cid, byte[] plain) {
            this.format = format;
            this.types = format.types();
            this.stored = values.clone();
            this.toast = toast;
            this.xid = xid;
            this.cid = cid;
            this.plain = plain;
            this.raw = new byte[types.length][];
            this.size = new int[types.length];
            this.state = new int[types.length];
            this.total = plain.length;
        }

        byte[] run() {
            boolean candidates = false;
            for (int i = 0; i < types.length; i++) {
                if (stored[i] != null && TupleCodec.isVarlena(types[i]) && !(stored[i] instanceof ToastedValue)) {
                    raw[i] = TupleCodec.varlenaBytes(types[i], stored[i]);
                    if (raw[i].length > TupleCodec.MAX_VARLENA) {
                        throw StorageMessages.valueTooLarge(raw[i].length);
                    }
                    size[i] = TupleCodec.plainSize(raw[i].length);
                    candidates |= size[i] > TupleCodec.EXTERNAL_SIZE;
                }
            }
            if (!candidates) {
                return plain;
            }
            int maxData = TUPLE_TARGET - HeapPage.TUPLE_HEADER;
            int i;
            while (total > maxData && (i = biggest(false, true)) >= 0) {
                compress(i);
                if (size[i] > maxData && toast != null) {
                    externalize(i);
                }
            }
            while (total > maxData && toast != null && (i = biggest(false, false)) >= 0) {
                externalize(i);
            }
            while (total > maxData && (i = biggest(true, true)) >= 0) {
                compress(i);
            }
            maxData = HeapPage.MAX_TUPLE - HeapPage.TUPLE_HEADER;
            while (total > maxData && toast != null && (i = biggest(true, false)) >= 0) {
                externalize(i);
            }
            return TupleCodec.encode(format, stored);
        }

        /**
         * The biggest value of the given storage that is bigger than a toast pointer and not yet compressed (for
         * compression) or not yet out of line; -1 if none.
         */
        private int biggest(boolean main, boolean forCompression) {
            int best = -1;
            int bestSize = TupleCodec.EXTERNAL_SIZE;
            for (int i = 0; i < types.length; i++) {
                if (raw[i] == null || isMainStorage(types[i]) != main) {
                    continue;
                }
                if (forCompression ? state[i] != PLAIN : state[i] == EXTERNAL) {
                    continue;
                }
                if (size[i] > bestSize) {
                    best = i;
                    bestSize = size[i];
                }
            }
            return best;
        }

        /**
         * toast_compress_datum: keeps the compressed form only if it saves more than two bytes over the plain one
         * (PostgreSQL's guard against a gain eaten by header and alignment).
         */
        private void compress(int i) {
            byte[] compressed = Pglz.compress(raw[i]);
            if (compressed != null && TupleCodec.COMPRESSED_OVERHEAD + compressed.length < size[i] - 2) {
                ToastedValue.Compressed c = new ToastedValue.Compressed(types[i], raw[i].length, ToastedValue.PGLZ,
                        compressed);
                replace(i, c, c.storedSize(), COMPRESSED);
            } else {
                state[i] = INCOMPRESSIBLE;
            }
        }

        private void externalize(int i) {
            byte[] data = stored[i] instanceof ToastedValue.Compressed c ? c.data() : raw[i];
            ToastedValue.External pointer = toast.store(types[i], data, raw[i].length, ToastedValue.PGLZ, xid, cid);
            replace(i, pointer, TupleCodec.EXTERNAL_SIZE, EXTERNAL);
        }

        private void replace(int i, Object value, int newSize, int newState) {
            stored[i] = value;
            total += newSize - size[i];
            size[i] = newSize;
            state[i] = newState;
        }
    }

    // ---- detoast ----------------------------------------------------------------------------------------

    /**
     * Replaces every toasted value in {@code values} (as decoded from a tuple) by its plain value, in place:
     * fetches out-of-line values from {@code toast}, decompresses compressed ones. Call with no page lock held.
     */
    public static Object[] detoast(Object[] values, ToastRelation toast) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof ToastedValue v) {
                values[i] = detoast(v, toast);
            }
        }
        return values;
    }

    /** detoast_attr: the plain Java value of one toasted value. */
    public static Object detoast(ToastedValue value, ToastRelation toast) {
        byte[] bytes = switch (value) {
            case ToastedValue.Compressed c -> decompress(c.method(), c.data(), c.rawSize());
            case ToastedValue.External e -> {
                if (toast == null) {
                    throw StorageMessages.wrongToastRelation(e.toastRelfilenode(), "a relation without TOAST");
                }
                byte[] stored = toast.fetch(e);
                yield e.compressed() ? decompress(e.method(), stored, e.rawSize()) : stored;
            }
        };
        return TupleCodec.varlenaValue(value.type(), bytes);
    }

    private static byte[] decompress(int method, byte[] data, int rawSize) {
        if (method != ToastedValue.PGLZ) {
            throw StorageMessages.compressedDataCorrupt();
        }
        return Pglz.decompress(data, rawSize);
    }

    // ---- which tables need a toast relation ------------------------------------------------------------

    /**
     * needs_toast_table: true unless the widest row the columns allow (varchar(n) and char(n) at four UTF-8 bytes
     * per character, numeric(p) at p digits) stays under {@link #TUPLE_THRESHOLD}; pgbench's tables need none.
     */
    public static boolean needsToastTable(List<ColumnDef> columns) {
        long widest = HeapPage.TUPLE_HEADER + TupleCodec.bitmapLength(columns.size());
        for (ColumnDef c : columns) {
            widest += maximumWidth(c.typeOid(), c.typeModifier());
            if (widest > TUPLE_THRESHOLD) {
                return true;
            }
        }
        return false;
    }

    private static long maximumWidth(int type, int typmod) {
        if (!TupleCodec.isVarlena(type)) {
            return TupleCodec.fixedWidth(type);
        }
        return switch (type) {
            case TypeOids.VARCHAR, TypeOids.BPCHAR -> typmod > 4 ? TupleCodec.plainSize((typmod - 4) * 4)
                    : Integer.MAX_VALUE;
            case TypeOids.NUMERIC -> {
                int precision = typmod > 4 ? ((typmod - 4) >>> 16) & 0xFFFF : 0;
                // scale int2 + the unscaled value's two's complement: log2(10) / 8 bytes per digit, plus a sign bit
                yield precision > 0 ? TupleCodec.plainSize(2 + (int) Math.ceil(precision * 0.4153) + 1)
                        : Integer.MAX_VALUE;
            }
            default -> Integer.MAX_VALUE;
        };
    }
}
