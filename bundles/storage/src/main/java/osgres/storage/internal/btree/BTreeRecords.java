package osgres.storage.internal.btree;

import java.lang.foreign.MemorySegment;

import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RedoHandler;
import osgres.storage.internal.core.WalRecord;
import osgres.storage.internal.heap.LittleEndian;

/**
 * The B-tree's WAL records (rmgr BTREE, nbtxlog.h) and their replay. Main data layouts:
 * <pre>
 *   INSERT   slot u16, item                        blocks: [page]
 *   IMAGES   one 8 KB image per block, in order    blocks: the pages (a split with its parents, a new root and
 *                                                  the meta page; a new index; the pages of a bulk build)
 *   VACUUM   count u16, slots u16... (ascending)   blocks: [leaf]
 * </pre>
 * Splits are logged as whole pages: bigger records than PostgreSQL's, but one record per split whatever its
 * height, and a redo that cannot disagree with the original.
 */
public final class BTreeRecords implements RedoHandler {
    public static final int INSERT = 0x00;
    public static final int IMAGES = 0x10;
    public static final int VACUUM = 0x20;

    static byte[] insertRecord(int slot, byte[] item) {
        byte[] r = new byte[2 + item.length];
        LittleEndian.putU16(r, 0, slot);
        System.arraycopy(item, 0, r, 2, item.length);
        return r;
    }

    static byte[] imagesRecord(PageBuffer... pages) {
        byte[] r = new byte[pages.length * Page.SIZE];
        for (int i = 0; i < pages.length; i++) {
            MemorySegment.copy(pages[i].page(), 0, MemorySegment.ofArray(r), (long) i * Page.SIZE, Page.SIZE);
        }
        return r;
    }

    static byte[] vacuumRecord(int[] slots) {
        byte[] r = new byte[2 + 2 * slots.length];
        LittleEndian.putU16(r, 0, slots.length);
        for (int i = 0; i < slots.length; i++) {
            LittleEndian.putU16(r, 2 + 2 * i, slots[i]);
        }
        return r;
    }

    @Override
    public void redo(WalRecord record, RedoPages pages) {
        byte[] d = record.data();
        switch (record.info()) {
            case INSERT -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    BTreePage.insertItem(page.page(), LittleEndian.u16(d, 0), java.util.Arrays.copyOfRange(d, 2,
                            d.length));
                }
            }
            case IMAGES -> {
                for (int i = 0; i < record.blocks().size(); i++) {
                    PageBuffer page = pages.page(i);
                    if (page != null) {
                        MemorySegment.copy(MemorySegment.ofArray(d), (long) i * Page.SIZE + 8, page.page(), 8,
                                Page.SIZE - 8);
                    }
                }
            }
            case VACUUM -> {
                PageBuffer page = pages.page(0);
                if (page != null) {
                    int n = LittleEndian.u16(d, 0);
                    int[] slots = new int[n];
                    for (int i = 0; i < n; i++) {
                        slots[i] = LittleEndian.u16(d, 2 + 2 * i);
                    }
                    BTreePage.deleteSlots(page.page(), slots);
                }
            }
            default -> throw new IllegalStateException("btree redo: unknown record type " + record.info());
        }
    }
}
