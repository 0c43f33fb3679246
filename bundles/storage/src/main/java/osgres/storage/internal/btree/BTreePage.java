package osgres.storage.internal.btree;

import java.lang.foreign.MemorySegment;

import osgres.storage.internal.core.Page;
import osgres.storage.internal.heap.LittleEndian;

/**
 * The B-tree page layouts (nbtree.h, in our words). All fields little-endian.
 * <pre>
 * meta page (block 0)
 *   0..7    pd_lsn
 *   8..11   magic 0x053162
 *   12..15  root block
 *   16..19  root level (0 = the root is a leaf)
 * node page (leaf or internal)
 *   0..7    pd_lsn
 *   8..9    lower   end of the slot array
 *   10..11  upper   start of item space (items grow down from the end of the page)
 *   12..13  flags   1 = leaf
 *   14..15  level   0 for leaves
 *   16..19  right sibling block, -1 on the rightmost page of a level
 *   20..23  reserved
 *   24..    slots, 4 bytes each: item offset u16, item length u16; kept in key order
 * leaf item       heap tid block i32, heap tid offset u16, key
 * internal item   child block i32, then a leaf item's tid and key: the smallest (key, tid) in that child's
 *                 subtree; the first item of an internal page is minus infinity (its key is never compared)
 * </pre>
 * Entries are ordered by (key, heap tid), so equal keys are ordered too and every entry has one place. Keys are
 * {@code TupleCodec} bytes of the indexed columns.
 */
public final class BTreePage {
    public static final int MAGIC = Page.BTREE_META_MAGIC;
    public static final int HEADER = 24;
    public static final int SLOT = 4;
    public static final int LEAF = 1;
    public static final int NO_RIGHT = -1;
    public static final int LEAF_TID = 0;
    public static final int LEAF_KEY = 6;
    public static final int INTERNAL_CHILD = 0;
    public static final int INTERNAL_TID = 4;
    public static final int INTERNAL_KEY = 10;
    /** Largest item, so that a split always leaves room for at least three items per page. */
    public static final int MAX_ITEM = (Page.SIZE - HEADER) / 3 - SLOT;

    private BTreePage() {
    }

    // ---- meta ----

    public static void initMeta(MemorySegment p, int root, int level) {
        p.asSlice(8, Page.SIZE - 8).fill((byte) 0);
        LittleEndian.putI32(p, 8, MAGIC);
        setMetaRoot(p, root, level);
    }

    public static void setMetaRoot(MemorySegment p, int root, int level) {
        LittleEndian.putI32(p, 12, root);
        LittleEndian.putI32(p, 16, level);
    }

    public static int metaRoot(MemorySegment p) {
        return LittleEndian.i32(p, 12);
    }

    public static int metaLevel(MemorySegment p) {
        return LittleEndian.i32(p, 16);
    }

    public static boolean isMeta(MemorySegment p) {
        return LittleEndian.i32(p, 8) == MAGIC;
    }

    // ---- node ----

    public static void init(MemorySegment p, boolean leaf, int level, int right) {
        p.asSlice(8, Page.SIZE - 8).fill((byte) 0);
        LittleEndian.putU16(p, 8, HEADER);
        LittleEndian.putU16(p, 10, Page.SIZE);
        LittleEndian.putU16(p, 12, leaf ? LEAF : 0);
        LittleEndian.putU16(p, 14, level);
        LittleEndian.putI32(p, 16, right);
    }

    public static boolean isLeaf(MemorySegment p) {
        return (LittleEndian.u16(p, 12) & LEAF) != 0;
    }

    public static int level(MemorySegment p) {
        return LittleEndian.u16(p, 14);
    }

    public static int right(MemorySegment p) {
        return LittleEndian.i32(p, 16);
    }

    public static void setRight(MemorySegment p, int right) {
        LittleEndian.putI32(p, 16, right);
    }

    public static int count(MemorySegment p) {
        return (LittleEndian.u16(p, 8) - HEADER) / SLOT;
    }

    public static int freeSpace(MemorySegment p) {
        return LittleEndian.u16(p, 10) - LittleEndian.u16(p, 8);
    }

    public static boolean fits(MemorySegment p, int itemLength) {
        return itemLength + SLOT <= freeSpace(p);
    }

    public static int itemOffset(MemorySegment p, int slot) {
        return LittleEndian.u16(p, HEADER + (long) slot * SLOT);
    }

    public static int itemLength(MemorySegment p, int slot) {
        return LittleEndian.u16(p, HEADER + (long) slot * SLOT + 2);
    }

    /** Where the (tid, key) part of an item starts: the item itself on a leaf, after the child on an internal. */
    public static long entry(MemorySegment p, int slot, boolean leaf) {
        return itemOffset(p, slot) + (leaf ? 0 : INTERNAL_TID);
    }

    public static int child(MemorySegment p, int slot) {
        return LittleEndian.i32(p, itemOffset(p, slot) + INTERNAL_CHILD);
    }

    public static int tidBlock(MemorySegment p, long entry) {
        return LittleEndian.i32(p, entry);
    }

    public static int tidOffset(MemorySegment p, long entry) {
        return LittleEndian.u16(p, entry + 4);
    }

    public static byte[] item(MemorySegment p, int slot) {
        return p.asSlice(itemOffset(p, slot), itemLength(p, slot)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** Inserts an item so that it becomes slot {@code slot}. */
    public static void insertItem(MemorySegment p, int slot, byte[] item) {
        int lower = LittleEndian.u16(p, 8);
        int upper = LittleEndian.u16(p, 10) - item.length;
        if (upper < lower + SLOT) {
            throw new IllegalStateException("btree page: no room for item of " + item.length + " bytes");
        }
        long slotPos = HEADER + (long) slot * SLOT;
        if (slotPos < lower) {
            MemorySegment.copy(p, slotPos, p, slotPos + SLOT, lower - slotPos);
        }
        MemorySegment.copy(MemorySegment.ofArray(item), 0, p, upper, item.length);
        LittleEndian.putU16(p, slotPos, upper);
        LittleEndian.putU16(p, slotPos + 2, item.length);
        LittleEndian.putU16(p, 8, lower + SLOT);
        LittleEndian.putU16(p, 10, upper);
    }

    /** Rewrites a node with exactly {@code items} (in order), keeping its kind, level and right sibling. */
    public static void rewrite(MemorySegment p, java.util.List<byte[]> items) {
        boolean leaf = isLeaf(p);
        int level = level(p);
        int right = right(p);
        init(p, leaf, level, right);
        for (int i = 0; i < items.size(); i++) {
            insertItem(p, i, items.get(i));
        }
    }

    /** Removes the given slots (ascending) from a node. */
    public static void deleteSlots(MemorySegment p, int[] slots) {
        int n = count(p);
        java.util.List<byte[]> keep = new java.util.ArrayList<>(n - slots.length);
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (next < slots.length && slots[next] == i) {
                next++;
                continue;
            }
            keep.add(item(p, i));
        }
        rewrite(p, keep);
    }
}
