package osgres.storage.internal.heap;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import osgres.storage.internal.core.Page;

/**
 * The heap page layout (bufpage.h + itemid.h + htup_details.h, in our words). All fields little-endian.
 * <pre>
 * page header (24 bytes)
 *   0..7    pd_lsn       end LSN of the last WAL record that changed the page (core.Page)
 *   8..9    pd_lower     end of the line pointer array
 *   10..11  pd_upper     start of tuple space (tuples grow down from the end of the page)
 *   12..13  pd_special   start of the special space (= 8192: heap pages have none)
 *   14..15  pd_flags     unused so far
 *   16..23  pd_prune_xid oldest xmax set on the page since the last prune (0 = nothing to prune)
 * line pointers, 4 bytes each, offset numbers 1..n
 *   bits 0..14 lp_off, 15..16 lp_flags (0 unused, 1 normal, 2 redirect, 3 dead), 17..31 lp_len
 *   (a redirect keeps the offset number it points to in lp_off)
 * tuple
 *   0..7    t_xmin        inserting xid
 *   8..15   t_xmax        deleting / updating xid, 0 if none
 *   16..19  t_cmin        command id of the insert
 *   20..23  t_cmax        command id of the delete / update
 *   24..27  t_ctid block  this tuple's own address, or the newer version's after an update
 *   28..29  t_ctid offset
 *   30..31  t_infomask    flags below
 *   32..33  t_natts       number of stored columns (fewer than the table's after ADD COLUMN)
 *   34..    null bitmap and values ({@link TupleCodec})
 * </pre>
 * Every method expects the caller to hold the buffer's content lock (shared to read, exclusive to change). Page
 * changes here are deterministic, so redo that repeats them produces the same page.
 */
public final class HeapPage {
    public static final int HEADER = 24;
    public static final int LP_SIZE = 4;
    public static final int TUPLE_HEADER = 34;
    public static final int MAX_TUPLE = Page.SIZE - HEADER - LP_SIZE;
    /** MaxHeapAttributeNumber: the most columns a table may have (t_natts could count more). */
    public static final int MAX_COLUMNS = 1600;

    public static final int LP_UNUSED = 0;
    public static final int LP_NORMAL = 1;
    public static final int LP_REDIRECT = 2;
    public static final int LP_DEAD = 3;

    /** Infomask: the tuple was marked dead by a failed speculative insertion (ON CONFLICT). */
    public static final int XMIN_INVALID = 0x0200;
    /** Infomask: this version was created by an UPDATE. */
    public static final int UPDATED = 0x2000;
    /** Infomask: updated, and the new version is a heap-only tuple on this page (HOT). */
    public static final int HOT_UPDATED = 0x4000;
    /** Infomask: no index entry points at this tuple; reach it through its HOT chain's root. */
    public static final int HEAP_ONLY = 0x8000;

    static final long LOWER = 8;
    static final long UPPER = 10;
    static final long SPECIAL = 12;
    static final long PRUNE_XID = 16;

    static final int T_XMIN = 0;
    static final int T_XMAX = 8;
    static final int T_CMIN = 16;
    static final int T_CMAX = 20;
    static final int T_CTID_BLOCK = 24;
    static final int T_CTID_OFFSET = 28;
    static final int T_INFOMASK = 30;
    static final int T_NATTS = 32;

    private HeapPage() {
    }

    public static void init(MemorySegment p) {
        p.asSlice(8, Page.SIZE - 8).fill((byte) 0);
        LittleEndian.putU16(p, LOWER, HEADER);
        LittleEndian.putU16(p, UPPER, Page.SIZE);
        LittleEndian.putU16(p, SPECIAL, Page.SIZE);
    }

    public static boolean isNew(MemorySegment p) {
        return LittleEndian.u16(p, UPPER) == 0;
    }

    public static int lower(MemorySegment p) {
        return LittleEndian.u16(p, LOWER);
    }

    public static int upper(MemorySegment p) {
        return LittleEndian.u16(p, UPPER);
    }

    public static int maxOffset(MemorySegment p) {
        return (lower(p) - HEADER) / LP_SIZE;
    }

    public static long pruneXid(MemorySegment p) {
        return LittleEndian.i64(p, PRUNE_XID);
    }

    static void setPruneXid(MemorySegment p, long xid) {
        LittleEndian.putI64(p, PRUNE_XID, xid);
    }

    /** Notes an xmax on the page so a later prune knows there may be something to remove. */
    static void notePrunable(MemorySegment p, long xmax) {
        long current = pruneXid(p);
        if (current == 0 || xmax < current) {
            setPruneXid(p, xmax);
        }
    }

    // ---- line pointers ----

    private static long lpPos(int offset) {
        return HEADER + (long) (offset - 1) * LP_SIZE;
    }

    public static int lpFlags(MemorySegment p, int offset) {
        return (LittleEndian.i32(p, lpPos(offset)) >>> 15) & 3;
    }

    public static int lpOff(MemorySegment p, int offset) {
        return LittleEndian.i32(p, lpPos(offset)) & 0x7FFF;
    }

    public static int lpLen(MemorySegment p, int offset) {
        return LittleEndian.i32(p, lpPos(offset)) >>> 17;
    }

    static void setLp(MemorySegment p, int offset, int flags, int off, int len) {
        LittleEndian.putI32(p, lpPos(offset), (off & 0x7FFF) | (flags << 15) | (len << 17));
    }

    /** True if the offset number names a line pointer holding a tuple. */
    public static boolean isNormal(MemorySegment p, int offset) {
        return offset >= 1 && offset <= maxOffset(p) && lpFlags(p, offset) == LP_NORMAL;
    }

    /** Start of the tuple at a normal line pointer. */
    public static long tuple(MemorySegment p, int offset) {
        return lpOff(p, offset);
    }

    // ---- free space and item placement ----

    private static int firstUnused(MemorySegment p) {
        int max = maxOffset(p);
        for (int o = 1; o <= max; o++) {
            if (lpFlags(p, o) == LP_UNUSED) {
                return o;
            }
        }
        return 0;
    }

    /** Room for a tuple of {@code length} bytes, counting a new line pointer unless an unused one can be reused. */
    public static boolean fits(MemorySegment p, int length) {
        int free = upper(p) - lower(p);
        return length + (firstUnused(p) == 0 ? LP_SIZE : 0) <= free;
    }

    /** Free bytes as PageGetHeapFreeSpace counts them (minus one line pointer). */
    public static int freeSpace(MemorySegment p) {
        return Math.max(0, upper(p) - lower(p) - LP_SIZE);
    }

    /** The offset number the next {@link #addTuple} would use. */
    public static int nextOffset(MemorySegment p) {
        int unused = firstUnused(p);
        return unused != 0 ? unused : maxOffset(p) + 1;
    }

    /**
     * Places tuple bytes at line pointer {@code offset} (a new one at the end of the array, or an unused one);
     * the tuple's t_ctid is set to its own address here.
     */
    public static void addTuple(MemorySegment p, int block, int offset, byte[] tuple) {
        int max = maxOffset(p);
        if (offset == max + 1) {
            LittleEndian.putU16(p, LOWER, lower(p) + LP_SIZE);
        } else if (offset > max + 1 || lpFlags(p, offset) != LP_UNUSED) {
            throw new IllegalStateException("heap page: line pointer " + offset + " is not free");
        }
        int upper = upper(p) - tuple.length;
        if (upper < lower(p)) {
            throw new IllegalStateException("heap page: no room for tuple of " + tuple.length + " bytes");
        }
        MemorySegment.copy(MemorySegment.ofArray(tuple), 0, p, upper, tuple.length);
        LittleEndian.putU16(p, UPPER, upper);
        setLp(p, offset, LP_NORMAL, upper, tuple.length);
        setCtid(p, upper, block, offset);
    }

    // ---- tuple header ----

    public static long xmin(MemorySegment p, long t) {
        return LittleEndian.i64(p, t + T_XMIN);
    }

    public static long xmax(MemorySegment p, long t) {
        return LittleEndian.i64(p, t + T_XMAX);
    }

    public static int cmin(MemorySegment p, long t) {
        return LittleEndian.i32(p, t + T_CMIN);
    }

    public static int cmax(MemorySegment p, long t) {
        return LittleEndian.i32(p, t + T_CMAX);
    }

    /**
     * The t_ctid of a version deleted by an UPDATE that moved the row to another partition
     * (ItemPointerSetMovedPartitions): no block, offset MovedPartitionsOffsetNumber.
     */
    static final int MOVED_PARTITIONS_BLOCK = -1;
    static final int MOVED_PARTITIONS_OFFSET = 0xFFFD;

    /** Was this version deleted by a cross-partition UPDATE (its row now lives in another partition)? */
    static boolean movedPartitions(MemorySegment p, long t) {
        return ctidBlock(p, t) == MOVED_PARTITIONS_BLOCK && ctidOffset(p, t) == MOVED_PARTITIONS_OFFSET;
    }

    public static int ctidBlock(MemorySegment p, long t) {
        return LittleEndian.i32(p, t + T_CTID_BLOCK);
    }

    public static int ctidOffset(MemorySegment p, long t) {
        return LittleEndian.u16(p, t + T_CTID_OFFSET);
    }

    public static int infomask(MemorySegment p, long t) {
        return LittleEndian.u16(p, t + T_INFOMASK);
    }

    public static int natts(MemorySegment p, long t) {
        return LittleEndian.u16(p, t + T_NATTS);
    }

    public static long data(long t) {
        return t + TUPLE_HEADER;
    }

    static void setCtid(MemorySegment p, long t, int block, int offset) {
        LittleEndian.putI32(p, t + T_CTID_BLOCK, block);
        LittleEndian.putU16(p, t + T_CTID_OFFSET, offset);
    }

    /** Sets the deleting / updating transaction and the new address (its own for a delete). */
    static void setXmax(MemorySegment p, long t, long xmax, int cmax, int ctidBlock, int ctidOffset, int infomask) {
        LittleEndian.putI64(p, t + T_XMAX, xmax);
        LittleEndian.putI32(p, t + T_CMAX, cmax);
        setCtid(p, t, ctidBlock, ctidOffset);
        LittleEndian.putU16(p, t + T_INFOMASK, infomask);
    }

    static void setInfomask(MemorySegment p, long t, int infomask) {
        LittleEndian.putU16(p, t + T_INFOMASK, infomask);
    }

    /** A complete tuple (header + data) as inserted by {@code xid} in command {@code cid}. */
    public static byte[] buildTuple(long xid, int cid, int infomask, int natts, byte[] data) {
        byte[] t = new byte[TUPLE_HEADER + data.length];
        LittleEndian.putI64(t, T_XMIN, xid);
        LittleEndian.putI32(t, T_CMIN, cid);
        LittleEndian.putU16(t, T_INFOMASK, infomask);
        LittleEndian.putU16(t, T_NATTS, natts);
        System.arraycopy(data, 0, t, TUPLE_HEADER, data.length);
        return t;
    }

    // ---- pruning ----

    /**
     * Applies a prune decision: redirects, dead and unused line pointers, then compacts the tuples
     * (PageRepairFragmentation) and truncates trailing unused line pointers. Deterministic, so redo repeats it.
     */
    public static void applyPrune(MemorySegment p, int[] redirectFrom, int[] redirectTo, int[] dead, int[] unused,
                                  long newPruneXid) {
        for (int i = 0; i < redirectFrom.length; i++) {
            setLp(p, redirectFrom[i], LP_REDIRECT, redirectTo[i], 0);
        }
        for (int o : dead) {
            setLp(p, o, LP_DEAD, 0, 0);
        }
        for (int o : unused) {
            setLp(p, o, LP_UNUSED, 0, 0);
        }
        compact(p);
        setPruneXid(p, newPruneXid);
    }

    /** Moves the tuples of normal line pointers together at the end of the page, highest offset last. */
    static void compact(MemorySegment p) {
        int max = maxOffset(p);
        while (max > 0 && lpFlags(p, max) == LP_UNUSED) {
            max--;
        }
        LittleEndian.putU16(p, LOWER, HEADER + max * LP_SIZE);
        int count = 0;
        long[] items = new long[max];
        for (int o = 1; o <= max; o++) {
            if (lpFlags(p, o) == LP_NORMAL) {
                items[count++] = ((long) lpOff(p, o) << 16) | o;
            }
        }
        Arrays.sort(items, 0, count);
        // Tuples are copied from the highest current position down, so a tuple only ever moves towards the end of
        // the page and never over a tuple that has not been moved yet.
        int upper = Page.SIZE;
        for (int i = count - 1; i >= 0; i--) {
            int o = (int) (items[i] & 0xFFFF);
            int off = lpOff(p, o);
            int len = lpLen(p, o);
            upper -= len;
            if (upper != off) {
                MemorySegment.copy(p, off, p, upper, len);
            }
            setLp(p, o, LP_NORMAL, upper, len);
        }
        LittleEndian.putU16(p, UPPER, upper);
    }
}
