package osgres.storage.internal.core;

/**
 * The page size and the one field of the page header every page shares, whatever its kind (heap, B-tree
 * meta, B-tree node): bytes 0..7 hold pd_lsn, the end LSN of the last WAL record that changed the page. The
 * buffer manager reads it to enforce WAL before data; redo reads it to skip records already applied. The rest
 * of each page layout belongs to its access method.
 */
public final class Page {
    public static final int SIZE = 8192;
    public static final long LSN_OFFSET = 0;

    private Page() {
    }
}
