package osgres.autovacuum.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.ServerLog;
import osgres.api.Settings;
import osgres.api.Severity;
import osgres.storage.Storage;

/**
 * The autovacuum launcher, PostgreSQL's autovacuum.c (AutoVacLauncherMain): visits every database that accepts
 * connections once per {@code autovacuum_naptime}, spacing the visits evenly, and for each visit asks the postmaster
 * for a worker (PMSIGNAL_START_AUTOVAC_WORKER), never more than {@code autovacuum_max_workers} at once; the worker
 * decides which tables need work. A start the postmaster does not serve within a naptime is given up with
 * PostgreSQL's WARNING. When {@code autovacuum} is turned off by a reload the launcher ends (exit 0), and the
 * postmaster starts it again when it is turned back on. TERM and QUIT end it; HUP only wakes it (the configuration
 * arrives as {@code @Modified}).
 *
 * <p>Not done: the wraparound-driven launch of a worker while autovacuum is off, and template0 (PostgreSQL visits it
 * only to prevent wraparound).
 */
@Component(name = "osgres.autovacuum.launcher", configurationPid = "osgres.autovacuum",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class AutovacuumLauncherProcess implements AuxiliaryProcess {
    static final String NAME = "autovacuum launcher";
    /** autovacuum.c's MIN_AUTOVAC_SLEEPTIME. */
    static final long MIN_SLEEP_MILLIS = 100;

    private final AutovacuumShared shared;
    private final Storage storage;
    /** The server's settings, reloaded by the postmaster before it acts on a reload (ConfigAdmin comes later). */
    private final Settings settings;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile AutovacuumConfig config;

    /** Static, mandatory: the shared state and storage of the current shared-memory generation. */
    @Activate
    public AutovacuumLauncherProcess(@Reference(name = "shared") AutovacuumShared shared,
                                     @Reference(name = "storage") Storage storage,
                                     @Reference(name = "settings") Settings settings, AutovacuumConfig config) {
        this.shared = shared;
        this.storage = storage;
        this.settings = settings;
        this.config = config;
    }

    @Modified
    void modified(AutovacuumConfig newConfig) {
        config = newConfig;
        latch.wake();
    }

    @Deactivate
    void deactivate() {
        latch.close();
    }

    @Override
    public ChildKind kind() {
        return ChildKind.AUTOVACUUM_LAUNCHER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            shared.setLauncherWakeup(latch::wake);
            try {
                loop(context);
            } finally {
                shared.setLauncherWakeup(() -> { });
            }
        });
    }

    private void loop(AuxiliaryContext context) throws InterruptedException {
        Map<Integer, Long> nextVisit = new HashMap<>();
        while (!latch.stopRequested()) {
            AutovacuumConfig c = config;
            // the postmaster's own view: a launcher it starts after "autovacuum = on" must not see an older config
            if (!settings.boolValue("autovacuum")) {
                return;
            }
            long naptimeMillis = TimeUnit.SECONDS.toMillis(Math.max(1, c.autovacuum_naptime()));
            if (shared.cancelStaleStart(naptimeMillis)) {
                ServerLog.log(Severity.WARNING, "autovacuum worker took too long to start; canceled");
            }
            List<Integer> databases = databases();
            nextVisit.keySet().retainAll(databases);
            long now = System.nanoTime();
            long sleepMillis = naptimeMillis;
            Integer due = null;
            for (Integer db : databases) {
                long at = nextVisit.computeIfAbsent(db, k -> now);
                if (at - now <= 0 && (due == null || at - nextVisit.get(due) < 0)) {
                    due = db;
                }
                sleepMillis = Math.min(sleepMillis, Math.max(0, TimeUnit.NANOSECONDS.toMillis(at - now)));
            }
            if (due != null && shared.busyWorkers() < c.autovacuum_max_workers() && shared.offerStart(due)) {
                nextVisit.put(due, now + TimeUnit.MILLISECONDS.toNanos(naptimeMillis));
                context.notifyPostmaster("START_AUTOVAC_WORKER");
                // launch_worker spreads the databases over the naptime
                sleepMillis = naptimeMillis / Math.max(1, databases.size());
            }
            latch.await(Math.max(MIN_SLEEP_MILLIS, sleepMillis));
        }
    }

    /** The databases a worker visits: all but template0, which accepts no connections. */
    private List<Integer> databases() {
        return storage.databaseNames().stream().filter(name -> !name.equals("template0"))
                .map(storage::databaseOid).filter(OptionalInt::isPresent).map(OptionalInt::getAsInt).toList();
    }
}
