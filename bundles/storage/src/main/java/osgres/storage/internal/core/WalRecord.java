package osgres.storage.internal.core;

import java.util.List;

/**
 * A WAL record as redo sees it.
 *
 * @param lsn     start LSN
 * @param endLsn  end LSN (what the page LSN is set to)
 * @param rmgr    resource manager id ({@link ResourceManagers})
 * @param info    record type within the resource manager
 * @param xid     transaction id, 0 if none
 * @param data    the record's main data
 * @param blocks  the pages the record changed, in the order given to {@link Wal#insert}
 */
public record WalRecord(long lsn, long endLsn, int rmgr, int info, long xid, byte[] data, List<BlockRef> blocks) {

    /** A page the record touched; {@code hasImage} when a full-page image was logged with it. */
    public record BlockRef(RelFile rel, int block, boolean hasImage) {
    }
}
