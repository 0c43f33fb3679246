package osgres.storage.internal.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The page size and what every page shares, whatever its kind (heap, B-tree meta, B-tree node). All fields
 * little-endian.
 * <pre>
 *   0..7    pd_lsn      end LSN of the last WAL record that changed the page (every page)
 *   8..9    pd_lower    end of the line pointer / slot array    (heap and B-tree node pages)
 *   10..11  pd_upper    start of tuple / item space             (heap and B-tree node pages)
 *   12..13  pd_special  8192 on heap pages (no special space); the flags, 0 or 1, on B-tree node pages
 *   8..11   0x053162    the B-tree meta page's magic (block 0 of an index) instead of the three above
 * </pre>
 * The buffer manager reads pd_lsn to enforce WAL before data, redo reads it to skip records already applied, and
 * {@link #isVerified} checks the rest when a page comes in from disk. The other fields of each layout belong to
 * its access method (HeapPage, BTreePage).
 */
public final class Page {
    public static final int SIZE = 8192;
    public static final long LSN_OFFSET = 0;
    /** The B-tree meta page's magic at bytes 8..11 (BTreePage). */
    public static final int BTREE_META_MAGIC = 0x053162;

    private static final int HEADER = 24;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(
            java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
            java.nio.ByteOrder.LITTLE_ENDIAN);

    private Page() {
    }

    /**
     * PageIsVerifiedExtended without checksums (bufpage.c): a page read from disk is usable when it is all zeros
     * (extended but never written: a new page) or its header is sane: 24 &lt;= pd_lower &lt;= pd_upper &lt;=
     * 8192 and pd_special as its layout has it, or it is a B-tree meta page.
     */
    public static boolean isVerified(MemorySegment page) {
        if (page.get(I32, 8) == BTREE_META_MAGIC) {
            return true;
        }
        int lower = Short.toUnsignedInt(page.get(U16, 8));
        int upper = Short.toUnsignedInt(page.get(U16, 10));
        int special = Short.toUnsignedInt(page.get(U16, 12));
        boolean headerSane = HEADER <= lower && lower <= upper && upper <= SIZE
                && (special == SIZE || special <= 1);
        return headerSane || isAllZeros(page);
    }

    private static boolean isAllZeros(MemorySegment page) {
        for (long offset = 0; offset < SIZE; offset += Long.BYTES) {
            if (page.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) != 0) {
                return false;
            }
        }
        return true;
    }
}
