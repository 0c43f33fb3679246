package osgres.storage.internal.fsm;

import java.util.Arrays;

/**
 * The free space map of one heap relation (PostgreSQL's storage/freespace, the {@code _fsm} fork, kept in
 * memory): one byte per heap page, the page's free space category, and one byte per group of
 * {@value #GROUP} pages, the largest category in the group (a two-level version of fsmpage.c's max-tree), so
 * {@link #find} looks at a few hundred bytes however large the relation is.
 * <pre>
 * category(avail) = 255                 if avail >= MAX_REQUEST (an empty page: any tuple fits)
 *                 = min(254, avail / 32) otherwise                        (fsm_space_avail_to_cat)
 * needed(bytes)   = 255                 if bytes >= MAX_REQUEST
 *                 = min(255, ceil(bytes / 32)) otherwise                       (fsm_space_needed_to_cat)
 * </pre>
 * so a page whose category is at least {@code needed(bytes)} had at least {@code bytes} free when it was
 * recorded, and a page that turns out not to have them is recorded again with a category below
 * {@code needed(bytes)}: a caller that records every page it rejects never gets that page back for the same
 * request, and so always ends (at worst by extending the relation).
 *
 * <p>Filled by VACUUM (every page it visits), by writers that find a page too full (the space they saw, also
 * right after pruning it) and by sequential scans (what each page they read has). Read by inserts and
 * non-HOT updates looking for a page with room ({@code HeapAccess}).
 *
 * <p>What is and is not safe: the map is a hint and never the source of truth. Every user re-checks the page
 * under its exclusive content lock before placing a tuple, so a stale entry costs a page visit, never a lost
 * or misplaced row; nothing in it is WAL-logged or written to disk (PostgreSQL does not WAL-log FSM updates
 * either). It is lost with the shared-memory generation (restart, crash reset) and starts empty: until
 * VACUUM or a scan has seen the relation's pages, inserts go to the last page and then extend, exactly as
 * before the map existed, so after a crash the map is rebuilt lazily and approximately. Blocks it names may
 * not exist any more only if the relation shrank, which nothing does yet (no VACUUM truncation); callers
 * check the block count anyway.
 *
 * <p>Thread safety: all methods synchronize on the map, except that {@link #record} of an unchanged category
 * returns without the lock. Only inserters that found their target page full, updaters that must leave their
 * page, scans and VACUUM call it, never the fast paths (an insert that fits on the target page, a HOT update).
 */
public final class FreeSpaceMap {
    /** Bytes per category step (FSM_CAT_STEP = BLCKSZ / 256). */
    static final int STEP = 32;
    /** Category 255: at least {@link #maxRequest} bytes, the most any request asks for. */
    static final int FULL_CATEGORY = 255;
    /** Pages per group whose largest category the upper level keeps. */
    static final int GROUP = 256;

    private final int maxRequest;
    /** Category per page; entries past {@link #pages} are 0 (unknown or no room). */
    private byte[] leaves = new byte[GROUP];
    /** The largest category of each group of {@link #GROUP} leaves. */
    private byte[] groupMax = new byte[1];
    /** One past the highest block ever recorded. */
    private int pages;
    /** Where the next search starts (fsm's fp_next_slot): just after the page the last one returned. */
    private int nextSlot;

    /**
     * @param maxRequest the free space of an empty page (MaxFSMRequestSize: the largest tuple plus its line
     *                   pointer), which any request fits in
     */
    public FreeSpaceMap(int maxRequest) {
        if (maxRequest <= STEP * (FULL_CATEGORY - 1)) {
            throw new IllegalArgumentException("maxRequest " + maxRequest + " too small for 255 categories");
        }
        this.maxRequest = maxRequest;
    }

    /** The category a page with {@code avail} free bytes is recorded with. */
    int availableCategory(int avail) {
        if (avail >= maxRequest) {
            return FULL_CATEGORY;
        }
        return Math.min(FULL_CATEGORY - 1, Math.max(0, avail) / STEP);
    }

    /** The smallest category that guarantees {@code bytes} free bytes. */
    int neededCategory(int bytes) {
        if (bytes >= maxRequest) {
            return FULL_CATEGORY;
        }
        return Math.min(FULL_CATEGORY, Math.max(1, (bytes + STEP - 1) / STEP));
    }

    /**
     * RecordPageWithFreeSpace: notes that {@code block} has {@code avail} free bytes. An unchanged category is
     * seen without the lock (a racy read of a hint: at worst the lock is taken for nothing), so a scan that
     * records every page it reads costs a byte comparison per page.
     */
    public void record(int block, int avail) {
        if (block < 0) {
            throw new IllegalArgumentException("block " + block);
        }
        int category = availableCategory(avail);
        byte[] seen = leaves;
        if (block < seen.length ? (seen[block] & 0xFF) == category : category == 0) {
            return;
        }
        synchronized (this) {
            store(block, category);
        }
    }

    private void store(int block, int category) {
        if (block >= leaves.length) {
            if (category == 0) {
                return; // unknown and full read the same: nothing to grow for
            }
            grow(block + 1);
        }
        int old = leaves[block] & 0xFF;
        if (old == category) {
            return;
        }
        leaves[block] = (byte) category;
        pages = Math.max(pages, block + 1);
        int group = block / GROUP;
        int max = groupMax[group] & 0xFF;
        if (category > max) {
            groupMax[group] = (byte) category;
        } else if (old == max) {
            groupMax[group] = (byte) maxOf(group);
        }
    }

    /**
     * GetPageWithFreeSpace: a page recorded with at least {@code bytes} free, or -1 if none is known. Searches
     * from just after the page the previous search returned, wrapping around, so successive requests fill the
     * pages in block order instead of all going back to the first.
     */
    public synchronized int find(int bytes) {
        int needed = neededCategory(bytes);
        int groups = groupCount();
        if (groups == 0) {
            return -1;
        }
        int start = nextSlot < pages ? nextSlot : 0;
        int block = search(needed, start, pages);
        if (block < 0 && start > 0) {
            block = search(needed, 0, start);
        }
        if (block >= 0) {
            nextSlot = block + 1;
        }
        return block;
    }

    /** RecordAndGetPageWithFreeSpace: records a page found too full and looks for another. */
    public synchronized int recordAndFind(int block, int avail, int bytes) {
        if (block < 0) {
            throw new IllegalArgumentException("block " + block);
        }
        store(block, availableCategory(avail));
        return find(bytes);
    }

    /** GetRecordedFreeSpace: the least free space recorded for {@code block} (0 if unknown). */
    public synchronized int recorded(int block) {
        if (block < 0 || block >= leaves.length) {
            return 0;
        }
        int category = leaves[block] & 0xFF;
        return category == FULL_CATEGORY ? maxRequest : category * STEP;
    }

    /** One past the highest block recorded so far. */
    public synchronized int pages() {
        return pages;
    }

    /** The first block in [from, to) with at least category {@code needed}, skipping groups without one. */
    private int search(int needed, int from, int to) {
        int b = from;
        while (b < to) {
            int group = b / GROUP;
            if ((groupMax[group] & 0xFF) < needed) {
                b = (group + 1) * GROUP;
                continue;
            }
            int end = Math.min(to, (group + 1) * GROUP);
            for (; b < end; b++) {
                if ((leaves[b] & 0xFF) >= needed) {
                    return b;
                }
            }
        }
        return -1;
    }

    private int groupCount() {
        return (pages + GROUP - 1) / GROUP;
    }

    private int maxOf(int group) {
        int max = 0;
        int end = Math.min(leaves.length, (group + 1) * GROUP);
        for (int b = group * GROUP; b < end; b++) {
            max = Math.max(max, leaves[b] & 0xFF);
        }
        return max;
    }

    private void grow(int minPages) {
        int capacity = leaves.length;
        while (capacity < minPages) {
            capacity *= 2;
        }
        leaves = Arrays.copyOf(leaves, capacity);
        groupMax = Arrays.copyOf(groupMax, capacity / GROUP);
    }
}
