package osgres.autovacuum.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
import osgres.storage.Storage;

/**
 * The autovacuum worker kind, PostgreSQL's autovacuum.c (AutoVacWorkerMain): the postmaster starts one child of
 * this kind each time the launcher asks, up to {@code autovacuum_max_workers} at once, and each child runs its own
 * {@link AutovacuumWorker} ({@link #instanceForChild}), so a signal reaches only the worker it is sent to. The
 * component itself only holds what its workers share: the storage, the launcher's shared state and the
 * configuration; deactivating it stops every worker it started.
 */
@Component(name = "osgres.autovacuum.worker", configurationPid = "osgres.autovacuum",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class AutovacuumWorkerProcess implements AuxiliaryProcess {

    private final AutovacuumShared shared;
    private final Storage storage;
    private final Set<AutovacuumWorker> running = ConcurrentHashMap.newKeySet();
    private volatile AutovacuumConfig config;
    private volatile boolean closed;

    /** Static, mandatory: the shared state and storage of the current shared-memory generation. */
    @Activate
    public AutovacuumWorkerProcess(@Reference(name = "shared") AutovacuumShared shared,
                                   @Reference(name = "storage") Storage storage, AutovacuumConfig config) {
        this.shared = shared;
        this.storage = storage;
        this.config = config;
    }

    @Modified
    void modified(AutovacuumConfig newConfig) {
        config = newConfig;
    }

    @Deactivate
    void deactivate() {
        closed = true;
        signal(ProcSignal.TERM);
    }

    AutovacuumConfig config() {
        return config;
    }

    @Override
    public ChildKind kind() {
        return ChildKind.AUTOVACUUM_WORKER;
    }

    @Override
    public AuxiliaryProcess instanceForChild() {
        return new AutovacuumWorker(this, shared, storage);
    }

    /** The postmaster signals each worker itself; this reaches every worker of this component. */
    @Override
    public void signal(ProcSignal signal) {
        for (AutovacuumWorker worker : running) {
            worker.signal(signal);
        }
    }

    /** Only its workers run: the postmaster runs {@link #instanceForChild()}'s instance. */
    @Override
    public void run(AuxiliaryContext context) throws Exception {
        instanceForChild().run(context);
    }

    /** A worker starts: false once the component is deactivated (the worker then ends at once). */
    boolean started(AutovacuumWorker worker) {
        running.add(worker);
        return !closed;
    }

    void ended(AutovacuumWorker worker) {
        running.remove(worker);
    }
}
