package osgres.storage.internal.heap;

import java.util.concurrent.locks.ReentrantLock;

import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.fsm.FreeSpaceMap;

/**
 * Per-relation-file state the heap keeps in memory (what PostgreSQL keeps in the relcache's rd_targblock and the
 * free space map fork): the block inserts go to, the {@link FreeSpaceMap} that says which other blocks have room,
 * and the extension lock that keeps concurrent inserters from each adding a page when one is enough. Lost with
 * the shared-memory generation; the target starts at the last block again and the map is refilled by VACUUM,
 * scans and writers (see {@link FreeSpaceMap} for what that means after a crash).
 */
public final class HeapRelation {
    final RelFile file;
    /** targetBlock value: the target was full and the map had nothing, the next insert extends the relation. */
    static final int EXTEND = -2;
    /** Where inserts go: a block number, -1 (not known yet: use the last block) or {@link #EXTEND}. */
    volatile int targetBlock = -1;
    final FreeSpaceMap freeSpace = new FreeSpaceMap(HeapPage.MAX_TUPLE);
    final ReentrantLock extensionLock = new ReentrantLock();

    HeapRelation(RelFile file) {
        this.file = file;
    }

    public RelFile file() {
        return file;
    }

    /** The relation's free space map (tests and diagnostics read it). */
    public FreeSpaceMap freeSpace() {
        return freeSpace;
    }
}
