package osgres.storage.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import osgres.storage.BackendProc;
import osgres.storage.VacuumParams;
import osgres.storage.VacuumProgress;
import osgres.storage.VacuumResult;
import osgres.storage.internal.btree.BTree;
import osgres.storage.internal.catalog.DatabaseCatalog;
import osgres.storage.internal.catalog.RelationEntry;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.toast.ToastRelation;
import osgres.storage.internal.wal.WalUsage;

/**
 * One lazy VACUUM of one table (vacuumlazy.c heap_vacuum_rel), the caller holding its ShareUpdateExclusive lock:
 * prune every page, remove the index entries of the dead line pointers, free those line pointers and record each
 * page's free space, count the live rows; then the table's TOAST relation. On every page it checks the backend's
 * interrupts (an autovacuum worker cancelled by a lock waiter stops there) and charges the page to the cost-based
 * delay (vacuum_delay_point). It counts what the {@code automatic vacuum of table} line reports.
 */
final class LazyVacuum {
    /** vacuum_delay_point never sleeps more than four times the delay at once. */
    private static final double MAX_DELAY_FACTOR = 4;
    private static final long MAX_HEAP_TUPLES_PER_PAGE = 291;
    private static final long DEFAULT_DEAD_ITEMS = 64L * 1024 * 1024 / 6;

    private final StorageEngine engine;
    private final BackendProc proc;
    private final VacuumParams params;
    private final int databaseOid;
    private volatile int relid;
    private volatile String phase = "initializing";
    private volatile long heapBlksTotal;
    private volatile long heapBlksScanned;
    private volatile long heapBlksVacuumed;
    private volatile long indexVacuumCount;
    private volatile long numDeadTuples;
    private long costBalance;
    private long hits;
    private long misses;
    private long dirtied;

    LazyVacuum(StorageEngine engine, int databaseOid, BackendProc proc, VacuumParams params) {
        this.engine = engine;
        this.databaseOid = databaseOid;
        this.proc = proc;
        this.params = params;
    }

    int databaseOid() {
        return databaseOid;
    }

    /** pg_stat_progress_vacuum's row for this vacuum, as far as it has come. */
    VacuumProgress progress() {
        return new VacuumProgress(proc.pid(), databaseOid, relid, phase, heapBlksTotal, heapBlksScanned,
                heapBlksVacuumed, indexVacuumCount, maxDeadTuples(), numDeadTuples);
    }

    /**
     * dead_items_max_items with the default maintenance_work_mem (64 MB of 6-byte tids), capped by what the table can
     * hold (MaxHeapTuplesPerPage per block). osgres keeps the dead tids in memory without that limit: one index pass.
     */
    private long maxDeadTuples() {
        return Math.min(heapBlksTotal * MAX_HEAP_TUPLES_PER_PAGE, DEFAULT_DEAD_ITEMS);
    }

    VacuumResult run(DatabaseCatalog dbCatalog, RelationEntry e) {
        relid = e.oid();
        engine.runningVacuums().add(this);
        try {
            return vacuum(dbCatalog, e);
        } finally {
            engine.runningVacuums().remove(this);
        }
    }

    private VacuumResult vacuum(DatabaseCatalog dbCatalog, RelationEntry e) {
        long started = System.nanoTime();
        long[] walBefore = WalUsage.ofCurrentThread();
        long oldestXmin = engine.transactions().oldestXmin();
        RelFile file = e.file();
        ToastRelation toast = engine.toast(e);
        Set<Integer> toastReferences = toast == null ? null : new HashSet<>();
        int blocks = engine.buffers().blockCount(file);
        heapBlksTotal = blocks;
        phase = "scanning heap";
        Map<Integer, int[]> deadByBlock = new HashMap<>();
        Set<Long> dead = new HashSet<>();
        for (int b = 0; b < blocks; b++) {
            proc.checkInterrupts();
            boolean resident = engine.buffers().isResident(file, b);
            long walRecords = WalUsage.ofCurrentThread()[0];
            int[] offsets = engine.heap().pruneForVacuum(file, b, oldestXmin);
            if (toast != null) {
                toast.collectReferences(file, e.format(), b, toastReferences);
            }
            if (offsets.length > 0) {
                deadByBlock.put(b, offsets);
                for (int o : offsets) {
                    dead.add(((long) b << 16) | o);
                }
            }
            charge(resident, WalUsage.ofCurrentThread()[0] != walRecords);
            heapBlksScanned = b + 1;
            numDeadTuples = dead.size();
        }
        phase = "vacuuming indexes";
        int indexScans = 0;
        List<VacuumResult.IndexPages> indexPages = new ArrayList<>();
        for (int i = 0; i < e.def().indexes().size(); i++) {
            BTree tree = engine.btree(e, i);
            if (!dead.isEmpty()) {
                proc.checkInterrupts();
                tree.bulkDelete(dead::contains);
            }
            indexPages.add(new VacuumResult.IndexPages(e.def().indexes().get(i).name(),
                    engine.buffers().blockCount(tree.file())));
        }
        if (!dead.isEmpty() && !e.def().indexes().isEmpty()) {
            indexScans = 1;
            indexVacuumCount = 1;
        }
        phase = "vacuuming heap";
        long live = 0;
        for (int b = 0; b < blocks; b++) {
            int[] offsets = deadByBlock.get(b);
            if (offsets != null) {
                proc.checkInterrupts();
                charge(engine.buffers().isResident(file, b), true);
            }
            engine.heap().reclaimDead(file, b, offsets == null ? new int[0] : offsets);
            live += engine.heap().countLive(file, b);
            heapBlksVacuumed = b + 1;
        }
        phase = "performing final cleanup";
        dbCatalog.setRowCount(e.oid(), live, blocks);
        // dead tuples a snapshot still sees are not told apart from live ones here: n_dead_tup restarts at 0
        engine.statistics().vacuumed(dbCatalog.databaseOid(), e.oid(), live, 0, params.origin());
        if (toast != null) {
            toast.vacuum(toastReferences::contains, oldestXmin);
        }
        long[] walAfter = WalUsage.ofCurrentThread();
        return new VacuumResult(e.oid(), "public", e.name(), false, indexScans, 0, blocks, blocks, blocks,
                dead.size(), live, 0, oldestXmin, engine.transactions().nextXid(), deadByBlock.size(), dead.size(),
                List.copyOf(indexPages), hits, misses, dirtied, walAfter[0] - walBefore[0],
                walAfter[1] - walBefore[1], walAfter[2] - walBefore[2], System.nanoTime() - started);
    }

    /** Charges one page (VacuumPageHit/Miss/Dirty) and sleeps when the balance reached the limit. */
    private void charge(boolean resident, boolean dirtiedNow) {
        if (resident) {
            hits++;
            costBalance += params.costPageHit();
        } else {
            misses++;
            costBalance += params.costPageMiss();
        }
        if (dirtiedNow) {
            dirtied++;
            costBalance += params.costPageDirty();
        }
        delayPoint();
    }

    /** vacuum_delay_point: sleep delay * balance / limit (at most 4 x delay), interruptibly, then start over. */
    private void delayPoint() {
        if (!params.costDelayActive() || costBalance < params.costLimit()) {
            return;
        }
        double millis = Math.min(params.costDelayMillis() * costBalance / params.costLimit(),
                params.costDelayMillis() * MAX_DELAY_FACTOR);
        costBalance = 0;
        long until = System.nanoTime() + (long) (millis * TimeUnit.MILLISECONDS.toNanos(1));
        while (true) {
            proc.checkInterrupts();
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left); // at most 4 x 100 ms; an interrupt unparks it
        }
    }
}
