package osgres.autovacuum.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import osgres.storage.Storage;

/**
 * What the launcher and its workers share (autovacuum.c's AutoVacuumShmem): the worker being started and the
 * database it is for ({@code av_startingWorker}), the running workers and the table each works on, so two workers
 * never take the same table, and the launcher's wake-up when a worker ends. The static reference to the storage
 * ties it to one shared-memory generation: a crash reset starts it afresh, as PostgreSQL reinitializes its shared
 * memory.
 */
@Component(service = AutovacuumShared.class)
public final class AutovacuumShared {

    private final Object lock = new Object();
    /** Guarded by lock: the database of the worker asked for and not yet started, or null. */
    private Integer startingDatabase;
    private long startingSince;
    /** Guarded by lock: pid of each running worker -> {database, table being worked on or 0}. */
    private final Map<Integer, int[]> workers = new HashMap<>();
    private volatile Runnable launcherWakeup = () -> { };

    /** Static, mandatory: the storage of the current shared-memory generation. */
    @Activate
    public AutovacuumShared(@Reference(name = "storage") Storage storage) {
        // nothing to read from it: the reference only binds this state's lifetime to the generation
    }

    void setLauncherWakeup(Runnable wakeup) {
        launcherWakeup = wakeup;
    }

    /** The launcher asks for a worker in {@code database}; false while an earlier start is still under way. */
    boolean offerStart(int database) {
        synchronized (lock) {
            if (startingDatabase != null) {
                return false;
            }
            startingDatabase = database;
            startingSince = System.nanoTime();
            return true;
        }
    }

    /**
     * The launcher gives up on a start the postmaster did not serve within {@code timeoutMillis}; returns true if it
     * did (autovacuum.c warns {@code autovacuum worker took too long to start; canceled}).
     */
    boolean cancelStaleStart(long timeoutMillis) {
        synchronized (lock) {
            if (startingDatabase != null
                    && System.nanoTime() - startingSince > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                startingDatabase = null;
                return true;
            }
            return false;
        }
    }

    /** A new worker takes the pending start: the database to work in, or null (nothing asked, it just exits). */
    Integer claimStart(int pid) {
        synchronized (lock) {
            Integer database = startingDatabase;
            startingDatabase = null;
            if (database != null) {
                workers.put(pid, new int[] {database, 0});
            }
            return database;
        }
    }

    /** Workers running or about to start, for the autovacuum_max_workers limit. */
    int busyWorkers() {
        synchronized (lock) {
            return workers.size() + (startingDatabase == null ? 0 : 1);
        }
    }

    int runningWorkers() {
        synchronized (lock) {
            return Math.max(1, workers.size());
        }
    }

    /** Claims a table for worker {@code pid}; false when another worker works on it now. */
    boolean claimTable(int pid, int database, int relid) {
        synchronized (lock) {
            for (Map.Entry<Integer, int[]> w : workers.entrySet()) {
                if (w.getKey() != pid && w.getValue()[0] == database && w.getValue()[1] == relid) {
                    return false;
                }
            }
            int[] mine = workers.get(pid);
            if (mine != null) {
                mine[1] = relid;
            }
            return true;
        }
    }

    void releaseTable(int pid) {
        synchronized (lock) {
            int[] mine = workers.get(pid);
            if (mine != null) {
                mine[1] = 0;
            }
        }
    }

    /** FreeWorkerInfo: the worker is gone; the launcher may start another at once. */
    void workerExited(int pid) {
        synchronized (lock) {
            workers.remove(pid);
        }
        launcherWakeup.run();
    }
}
