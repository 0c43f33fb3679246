package osgres.storage.internal.btree;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

import osgres.storage.Tid;
import osgres.storage.internal.core.BufferPool;
import osgres.storage.internal.core.Page;
import osgres.storage.internal.core.PageBuffer;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.core.ResourceManagers;
import osgres.storage.internal.core.Wal;
import osgres.storage.internal.heap.LittleEndian;
import osgres.storage.internal.heap.RowFormat;
import osgres.storage.internal.heap.StorageMessages;
import osgres.storage.internal.heap.TupleCodec;
import osgres.storage.internal.heap.ValueText;

/**
 * One B-tree index over the shared buffers (nbtree: nbtinsert.c, nbtsearch.c, nbtsort.c, the index part of
 * vacuum). Entries are (key, heap tid) in (key, tid) order; {@link BTreePage} has the layout.
 *
 * <p>Concurrency, simpler than Lehman-Yao: a tree lock per index. Searches, inserts that fit in their leaf and
 * vacuum take it shared and lock only leaf pages (shared to read, exclusive to change; several leaves only left to
 * right); a split takes it exclusive, so no reader ever sees a half-split tree and no page needs a high key. A
 * scan never holds the tree lock between batches: each batch re-descends from the last entry it returned, so
 * scans, inserts and splits interleave freely, also on one thread. Unique checks serialise on the exclusive lock
 * of the first leaf that could hold the key, and never wait for a transaction while holding any lock.
 *
 * <p>Not done: page deletion (emptied leaves stay in the tree), deduplication, suffix truncation, killed-entry
 * hints, backward scans.
 */
public final class BTree {
    /** What a unique check makes of one heap tuple (chain) an equal key points to. */
    public interface UniqueCheck {
        /** -1: a live row has this key; 0: no conflict; otherwise the xid of a running writer to wait for. */
        long check(Tid heapTid);

        void waitFor(long xid);
    }

    private static final long DONE = 0;
    private static final long NEED_SPLIT = -1;
    private static final int TIE_MINUS = -1;
    private static final int TIE_PLUS = 1;
    private static final int TIE_TID = 0;
    private static final int LEAF_FILL_BYTES = (Page.SIZE - BTreePage.HEADER) * 90 / 100;

    private final BufferPool buffers;
    private final Wal wal;
    private final RelFile file;
    private final RowFormat keyFormat;
    private final int[] types;
    private final int natts;
    private final String name;
    private final String columnNames;
    private final ReentrantReadWriteLock treeLock = new ReentrantReadWriteLock();
    private volatile int rootBlock = -1;
    private volatile int rootLevel;

    public BTree(BufferPool buffers, Wal wal, RelFile file, RowFormat keyFormat, String name, String columnNames) {
        this.buffers = buffers;
        this.wal = wal;
        this.file = file;
        this.keyFormat = keyFormat;
        this.types = keyFormat.types();
        this.natts = types.length;
        this.name = name;
        this.columnNames = columnNames;
    }

    public RelFile file() {
        return file;
    }

    public RowFormat keyFormat() {
        return keyFormat;
    }

    /** A search position: a key prefix and where equal prefixes sort relative to it. */
    private record SearchKey(MemorySegment key, int natts, int tie, int block, int offset) {
    }

    private static final SearchKey LEFTMOST = new SearchKey(MemorySegment.ofArray(new byte[0]), 0, TIE_MINUS, 0, 0);

    // ---- creation -------------------------------------------------------------------------------------

    /** A new, empty index: its relation file, the meta page and an empty root leaf, logged as page images. */
    public static void create(BufferPool buffers, Wal wal, RelFile file, long xid) {
        build(buffers, wal, file, List.of(), xid);
    }

    /** A sorted index entry for a bulk build. */
    public record Entry(byte[] key, Tid tid) {
    }

    /**
     * Bulk build (nbtsort.c): fills leaves to 90% left to right from {@code sorted} entries, then each internal
     * level from the first entries of the level below, then the meta page. Every page is logged as an image.
     */
    public static void build(BufferPool buffers, Wal wal, RelFile file, List<Entry> sorted, long xid) {
        buffers.createRelation(file);
        PageBuffer meta = buffers.extend(file);
        try {
            List<byte[]> items = new ArrayList<>(sorted.size());
            for (Entry e : sorted) {
                items.add(leafItem(e.key(), e.tid()));
            }
            int level = 0;
            List<byte[]> firsts = new ArrayList<>();
            List<Integer> blocks = new ArrayList<>();
            buildLevel(buffers, wal, file, items, true, 0, firsts, blocks, xid);
            while (blocks.size() > 1) {
                List<byte[]> upper = new ArrayList<>(blocks.size());
                for (int i = 0; i < blocks.size(); i++) {
                    upper.add(internalItem(blocks.get(i), firsts.get(i), level == 0));
                }
                level++;
                firsts = new ArrayList<>();
                blocks = new ArrayList<>();
                buildLevel(buffers, wal, file, upper, false, level, firsts, blocks, xid);
            }
            BTreePage.initMeta(meta.page(), blocks.get(0), level);
            meta.markDirty();
            wal.insert(ResourceManagers.BTREE, BTreeRecords.IMAGES, xid, BTreeRecords.imagesRecord(meta), meta);
        } finally {
            meta.close();
        }
    }

    private static void buildLevel(BufferPool buffers, Wal wal, RelFile file, List<byte[]> items, boolean leaf,
                                   int level, List<byte[]> firsts, List<Integer> blocks, long xid) {
        PageBuffer page = buffers.extend(file);
        BTreePage.init(page.page(), leaf, level, BTreePage.NO_RIGHT);
        blocks.add(page.block());
        int used = 0;
        try {
            for (byte[] item : items) {
                MemorySegment p = page.page();
                if (BTreePage.count(p) > 0
                        && (used + item.length + BTreePage.SLOT > LEAF_FILL_BYTES || !BTreePage.fits(p, item.length))) {
                    PageBuffer next = buffers.extend(file);
                    BTreePage.init(next.page(), leaf, level, BTreePage.NO_RIGHT);
                    BTreePage.setRight(p, next.block());
                    logImage(wal, page, xid);
                    page.close();
                    page = next;
                    blocks.add(page.block());
                    used = 0;
                    p = page.page();
                }
                if (BTreePage.count(p) == 0) {
                    firsts.add(item);
                }
                BTreePage.insertItem(p, BTreePage.count(p), item);
                used += item.length + BTreePage.SLOT;
            }
            if (firsts.size() < blocks.size()) {
                firsts.add(null);
            }
            logImage(wal, page, xid);
        } finally {
            page.close();
        }
    }

    private static void logImage(Wal wal, PageBuffer page, long xid) {
        page.markDirty();
        wal.insert(ResourceManagers.BTREE, BTreeRecords.IMAGES, xid, BTreeRecords.imagesRecord(page), page);
    }

    private static byte[] leafItem(byte[] key, Tid tid) {
        byte[] item = new byte[BTreePage.LEAF_KEY + key.length];
        LittleEndian.putI32(item, 0, tid.block());
        LittleEndian.putU16(item, 4, tid.offset());
        System.arraycopy(key, 0, item, BTreePage.LEAF_KEY, key.length);
        return item;
    }

    /** A downlink to {@code child} whose subtree starts at the entry of {@code firstItem} (leaf or internal). */
    private static byte[] internalItem(int child, byte[] firstItem, boolean fromLeaf) {
        if (firstItem == null) {
            byte[] item = new byte[BTreePage.INTERNAL_KEY];
            LittleEndian.putI32(item, 0, child);
            return item;
        }
        int skip = fromLeaf ? 0 : BTreePage.INTERNAL_TID;
        byte[] item = new byte[BTreePage.INTERNAL_TID + firstItem.length - skip];
        LittleEndian.putI32(item, 0, child);
        System.arraycopy(firstItem, skip, item, BTreePage.INTERNAL_TID, firstItem.length - skip);
        return item;
    }

    // ---- search ---------------------------------------------------------------------------------------

    private int compare(SearchKey s, MemorySegment p, long entry) {
        int c = KeyComparator.compare(s.key(), 0, s.natts(), p, entry + BTreePage.LEAF_KEY, natts, types, s.natts());
        if (c != 0) {
            return c;
        }
        if (s.tie() != TIE_TID) {
            return s.tie();
        }
        c = Integer.compare(s.block(), BTreePage.tidBlock(p, entry));
        return c != 0 ? c : Integer.compare(s.offset(), BTreePage.tidOffset(p, entry));
    }

    private void ensureRoot() {
        if (rootBlock < 0) {
            try (PageBuffer meta = buffers.read(file, 0)) {
                meta.lockShared();
                rootLevel = BTreePage.metaLevel(meta.page());
                rootBlock = BTreePage.metaRoot(meta.page());
            }
        }
    }

    /** Descends to the leaf where {@code s} belongs; records the internal pages passed in {@code path}. */
    private int descend(SearchKey s, IntStack path) {
        ensureRoot();
        int block = rootBlock;
        for (int level = rootLevel; level > 0; level--) {
            try (PageBuffer buf = buffers.read(file, block)) {
                buf.lockShared();
                MemorySegment p = buf.page();
                int lo = 1;
                int hi = BTreePage.count(p) - 1;
                int found = 0;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    if (compare(s, p, BTreePage.entry(p, mid, false)) >= 0) {
                        found = mid;
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                if (path != null) {
                    path.push(block);
                }
                block = BTreePage.child(p, found);
            }
        }
        return block;
    }

    /** First slot of a leaf whose entry is at or after {@code s}. */
    private int lowerBound(MemorySegment p, SearchKey s) {
        int lo = 0;
        int hi = BTreePage.count(p);
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(s, p, BTreePage.entry(p, mid, true)) > 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- insert ---------------------------------------------------------------------------------------

    /**
     * Inserts (key, tid). With {@code check} (a unique index) an equal key of a live row raises 23505; one whose
     * writer is still running makes this wait for it and look again (_bt_check_unique). Keys with a NULL never
     * conflict.
     */
    public void insert(byte[] key, Tid tid, UniqueCheck check) {
        byte[] item = leafItem(key, tid);
        if (item.length > BTreePage.MAX_ITEM) {
            throw StorageMessages.indexRowTooBig(item.length, BTreePage.MAX_ITEM, name);
        }
        boolean split = false;
        while (true) {
            Lock lock = split ? treeLock.writeLock() : treeLock.readLock();
            long result;
            lock.lock();
            try {
                result = attemptInsert(key, tid, item, check, split);
            } finally {
                lock.unlock();
            }
            if (result == DONE) {
                return;
            }
            if (result == NEED_SPLIT) {
                split = true;
                continue;
            }
            check.waitFor(result);
            split = false;
        }
    }

    private long attemptInsert(byte[] key, Tid tid, byte[] item, UniqueCheck check, boolean canSplit) {
        MemorySegment keySeg = MemorySegment.ofArray(key);
        PageBuffer first = null;
        try {
            if (check != null && !hasNull(keySeg)) {
                SearchKey lowest = new SearchKey(keySeg, natts, TIE_MINUS, 0, 0);
                first = buffers.read(file, descend(lowest, null));
                first.lockExclusive();
                long wait = uniqueScan(first, lowest, keySeg, check);
                if (wait != 0) {
                    return wait;
                }
            }
            SearchKey target = new SearchKey(keySeg, natts, TIE_TID, tid.block(), tid.offset());
            IntStack path = canSplit ? new IntStack() : null;
            int leafBlock = descend(target, path);
            PageBuffer leaf = first != null && first.block() == leafBlock ? first : buffers.read(file, leafBlock);
            try {
                if (leaf != first) {
                    leaf.lockExclusive();
                }
                MemorySegment p = leaf.page();
                int slot = lowerBound(p, target);
                if (BTreePage.fits(p, item.length)) {
                    BTreePage.insertItem(p, slot, item);
                    leaf.markDirty();
                    wal.insert(ResourceManagers.BTREE, BTreeRecords.INSERT, 0,
                            BTreeRecords.insertRecord(slot, item), leaf);
                    return DONE;
                }
                if (!canSplit) {
                    return NEED_SPLIT;
                }
                splitAndInsert(leaf, path, slot, item);
                return DONE;
            } finally {
                if (leaf != first) {
                    leaf.close();
                }
            }
        } finally {
            if (first != null) {
                first.close();
            }
        }
    }

    private boolean hasNull(MemorySegment key) {
        for (int i = 0; i < natts; i++) {
            if (TupleCodec.isNull(key, 0, i)) {
                return true;
            }
        }
        return false;
    }

    /** Looks at every entry equal to the key, from the first leaf that may hold one rightwards. */
    private long uniqueScan(PageBuffer first, SearchKey lowest, MemorySegment key, UniqueCheck check) {
        PageBuffer current = first;
        int slot = lowerBound(first.page(), lowest);
        long wait = 0;
        try {
            while (true) {
                MemorySegment p = current.page();
                int n = BTreePage.count(p);
                for (; slot < n; slot++) {
                    long e = BTreePage.entry(p, slot, true);
                    if (KeyComparator.compare(key, 0, natts, p, e + BTreePage.LEAF_KEY, natts, types, natts) != 0) {
                        return wait;
                    }
                    long r = check.check(new Tid(BTreePage.tidBlock(p, e), BTreePage.tidOffset(p, e)));
                    if (r < 0) {
                        throw StorageMessages.duplicateKey(name, columnNames, keyText(key));
                    }
                    if (r > 0 && wait == 0) {
                        wait = r;
                    }
                }
                int right = BTreePage.right(p);
                if (right == BTreePage.NO_RIGHT) {
                    return wait;
                }
                PageBuffer next = buffers.read(file, right);
                next.lockShared();
                if (current != first) {
                    current.close();
                }
                current = next;
                slot = 0;
            }
        } finally {
            if (current != first) {
                current.close();
            }
        }
    }

    /** The key as PostgreSQL prints it in DETAIL lines: values separated by ", ". */
    public String keyText(MemorySegment key) {
        return keyText(keyFormat, key);
    }

    /** A serialised key of {@code format} as PostgreSQL prints it in DETAIL lines. */
    public static String keyText(RowFormat format, MemorySegment key) {
        int[] keyTypes = format.types();
        Object[] values = TupleCodec.decode(key, 0, keyTypes.length, format);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keyTypes.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ValueText.format(keyTypes[i], values[i]));
        }
        return sb.toString();
    }

    public String name() {
        return name;
    }

    public String columnNames() {
        return columnNames;
    }

    /**
     * Splits the full page {@code leaf} (exclusively locked, tree lock held exclusively) to insert {@code item} at
     * {@code slot}, then inserts the downlink into the parent, splitting upwards as needed, and logs every changed
     * page in one record.
     */
    private void splitAndInsert(PageBuffer leaf, IntStack path, int slot, byte[] item) {
        List<PageBuffer> changed = new ArrayList<>(6);
        changed.add(leaf);
        try {
            PageBuffer left = leaf;
            int insertSlot = slot;
            byte[] newItem = item;
            while (true) {
                MemorySegment lp = left.page();
                if (BTreePage.fits(lp, newItem.length)) {
                    BTreePage.insertItem(lp, insertSlot, newItem);
                    break;
                }
                boolean isLeaf = BTreePage.isLeaf(lp);
                int n = BTreePage.count(lp);
                List<byte[]> items = new ArrayList<>(n + 1);
                for (int i = 0; i < n; i++) {
                    items.add(BTreePage.item(lp, i));
                }
                items.add(insertSlot, newItem);
                boolean rightmostAppend = insertSlot == n && BTreePage.right(lp) == BTreePage.NO_RIGHT;
                int m = splitPoint(items, rightmostAppend);
                PageBuffer right = buffers.extend(file);
                changed.add(right);
                int level = BTreePage.level(lp);
                BTreePage.init(right.page(), isLeaf, level, BTreePage.right(lp));
                for (int i = m; i < items.size(); i++) {
                    BTreePage.insertItem(right.page(), i - m, items.get(i));
                }
                BTreePage.rewrite(lp, items.subList(0, m));
                BTreePage.setRight(lp, right.block());
                byte[] downlink = internalItem(right.block(), items.get(m), isLeaf);
                if (path.isEmpty()) {
                    PageBuffer root = buffers.extend(file);
                    changed.add(root);
                    BTreePage.init(root.page(), false, level + 1, BTreePage.NO_RIGHT);
                    byte[] leftLink = downlink.clone();
                    LittleEndian.putI32(leftLink, 0, left.block());
                    BTreePage.insertItem(root.page(), 0, leftLink);
                    BTreePage.insertItem(root.page(), 1, downlink);
                    PageBuffer meta = buffers.read(file, 0);
                    changed.add(meta);
                    meta.lockExclusive();
                    BTreePage.setMetaRoot(meta.page(), root.block(), level + 1);
                    rootBlock = root.block();
                    rootLevel = level + 1;
                    break;
                }
                PageBuffer parent = buffers.read(file, path.pop());
                changed.add(parent);
                parent.lockExclusive();
                MemorySegment pp = parent.page();
                int childSlot = 0;
                for (int i = 0; i < BTreePage.count(pp); i++) {
                    if (BTreePage.child(pp, i) == left.block()) {
                        childSlot = i;
                        break;
                    }
                }
                left = parent;
                insertSlot = childSlot + 1;
                newItem = downlink;
            }
            PageBuffer[] pages = changed.toArray(new PageBuffer[0]);
            for (PageBuffer b : pages) {
                b.markDirty();
            }
            wal.insert(ResourceManagers.BTREE, BTreeRecords.IMAGES, 0, BTreeRecords.imagesRecord(pages), pages);
        } finally {
            for (int i = 1; i < changed.size(); i++) {
                changed.get(i).close();
            }
        }
    }

    /** Where to split: half the bytes, or 90% left when appending at the right end (ascending keys). */
    private static int splitPoint(List<byte[]> items, boolean rightmostAppend) {
        int capacity = Page.SIZE - BTreePage.HEADER;
        int total = 0;
        for (byte[] item : items) {
            total += item.length + BTreePage.SLOT;
        }
        double goal = total * (rightmostAppend ? 0.9 : 0.5);
        int best = 1;
        double bestDistance = Double.MAX_VALUE;
        int prefix = 0;
        for (int m = 1; m < items.size(); m++) {
            prefix += items.get(m - 1).length + BTreePage.SLOT;
            if (prefix > capacity) {
                break;
            }
            if (total - prefix > capacity) {
                continue;
            }
            double distance = Math.abs(prefix - goal);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = m;
            }
        }
        return best;
    }

    // ---- scan -----------------------------------------------------------------------------------------

    /**
     * A range scan in key order. {@code lower} / {@code upper} are serialised key prefixes ({@code lowerNatts} /
     * {@code upperNatts} columns) or null for unbounded.
     */
    public Cursor scan(byte[] lower, int lowerNatts, boolean lowerInclusive, byte[] upper, int upperNatts,
                       boolean upperInclusive) {
        SearchKey start = lower == null ? LEFTMOST
                : new SearchKey(MemorySegment.ofArray(lower), lowerNatts, lowerInclusive ? TIE_MINUS : TIE_PLUS, 0, 0);
        return new Cursor(start, upper == null ? null : MemorySegment.ofArray(upper), upperNatts, upperInclusive);
    }

    /** Heap tids of a range scan, fetched a leaf at a time. */
    public final class Cursor {
        private SearchKey start;
        private final MemorySegment upper;
        private final int upperNatts;
        private final boolean upperInclusive;
        private int[] blocks = new int[16];
        private int[] offsets = new int[16];
        private int count;
        private int position;
        private boolean exhausted;
        private byte[] lastKey;

        Cursor(SearchKey start, MemorySegment upper, int upperNatts, boolean upperInclusive) {
            this.start = start;
            this.upper = upper;
            this.upperNatts = upperNatts;
            this.upperInclusive = upperInclusive;
        }

        /** Advances to the next entry; false at the end of the range. */
        public boolean next() {
            position++;
            while (position >= count) {
                if (exhausted) {
                    return false;
                }
                fillBatch();
                position = 0;
            }
            return true;
        }

        public Tid tid() {
            return new Tid(blocks[position], offsets[position]);
        }

        public int block() {
            return blocks[position];
        }

        public int offset() {
            return offsets[position];
        }

        private void fillBatch() {
            count = 0;
            Lock lock = treeLock.readLock();
            lock.lock();
            try {
                PageBuffer buf = buffers.read(file, descend(start, null));
                try {
                    buf.lockShared();
                    int slot = lowerBound(buf.page(), start);
                    while (slot >= BTreePage.count(buf.page())) {
                        int right = BTreePage.right(buf.page());
                        if (right == BTreePage.NO_RIGHT) {
                            exhausted = true;
                            return;
                        }
                        PageBuffer next = buffers.read(file, right);
                        next.lockShared();
                        buf.close();
                        buf = next;
                        slot = 0;
                    }
                    collect(buf.page(), slot);
                } finally {
                    buf.close();
                }
            } finally {
                lock.unlock();
            }
        }

        private void collect(MemorySegment p, int slot) {
            int n = BTreePage.count(p);
            if (blocks.length < n - slot) {
                blocks = new int[n];
                offsets = new int[n];
            }
            long last = -1;
            for (int i = slot; i < n; i++) {
                long e = BTreePage.entry(p, i, true);
                if (upper != null) {
                    int c = KeyComparator.compare(p, e + BTreePage.LEAF_KEY, natts, upper, 0, upperNatts, types,
                            upperNatts);
                    if (c > 0 || (c == 0 && !upperInclusive)) {
                        exhausted = true;
                        break;
                    }
                }
                blocks[count] = BTreePage.tidBlock(p, e);
                offsets[count] = BTreePage.tidOffset(p, e);
                count++;
                last = e;
            }
            if (!exhausted && BTreePage.right(p) == BTreePage.NO_RIGHT) {
                exhausted = true;
            }
            if (!exhausted && last >= 0) {
                int keyLength = BTreePage.itemLength(p, n - 1) - BTreePage.LEAF_KEY;
                lastKey = p.asSlice(last + BTreePage.LEAF_KEY, keyLength)
                        .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                int b = blocks[count - 1];
                int o = offsets[count - 1];
                start = new SearchKey(MemorySegment.ofArray(lastKey), natts, TIE_TID, b, o + 1);
            }
        }
    }

    // ---- vacuum ---------------------------------------------------------------------------------------

    /** btbulkdelete: removes every entry whose heap tid (block << 16 | offset) {@code dead} accepts. */
    public long bulkDelete(LongPredicate dead) {
        long removed = 0;
        Lock lock = treeLock.readLock();
        lock.lock();
        try {
            int block = descend(LEFTMOST, null);
            while (block != BTreePage.NO_RIGHT) {
                try (PageBuffer buf = buffers.read(file, block)) {
                    buf.lockExclusive();
                    MemorySegment p = buf.page();
                    int n = BTreePage.count(p);
                    int[] slots = new int[n];
                    int k = 0;
                    for (int i = 0; i < n; i++) {
                        long e = BTreePage.entry(p, i, true);
                        if (dead.test(((long) BTreePage.tidBlock(p, e) << 16) | BTreePage.tidOffset(p, e))) {
                            slots[k++] = i;
                        }
                    }
                    if (k > 0) {
                        int[] gone = Arrays.copyOf(slots, k);
                        BTreePage.deleteSlots(p, gone);
                        buf.markDirty();
                        wal.insert(ResourceManagers.BTREE, BTreeRecords.VACUUM, 0, BTreeRecords.vacuumRecord(gone),
                                buf);
                        removed += k;
                    }
                    block = BTreePage.right(p);
                }
            }
        } finally {
            lock.unlock();
        }
        return removed;
    }

    /** The internal pages passed on the way down, for inserting downlinks after a split. */
    private static final class IntStack {
        private int[] values = new int[8];
        private int size;

        void push(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int pop() {
            return values[--size];
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
