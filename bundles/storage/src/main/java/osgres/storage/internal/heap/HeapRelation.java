package osgres.storage.internal.heap;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import osgres.storage.internal.core.RelFile;

/**
 * Per-relation-file state the heap keeps in memory (what PostgreSQL keeps in the relcache's rd_targblock and the
 * free space map): the block inserts go to, blocks VACUUM found with room, and the extension lock that keeps
 * concurrent inserters from each adding a page when one is enough. Lost on restart, rebuilt as inserts go.
 */
public final class HeapRelation {
    final RelFile file;
    /** targetBlock value: the last block was full, the next insert extends the relation. */
    static final int EXTEND = -2;
    /** Where inserts go: a block number, -1 (not known yet: use the last block) or {@link #EXTEND}. */
    volatile int targetBlock = -1;
    final ConcurrentLinkedQueue<Integer> freeBlocks = new ConcurrentLinkedQueue<>();
    final ReentrantLock extensionLock = new ReentrantLock();

    HeapRelation(RelFile file) {
        this.file = file;
    }

    public RelFile file() {
        return file;
    }
}
