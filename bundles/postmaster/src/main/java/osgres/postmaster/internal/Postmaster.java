package osgres.postmaster.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import osgres.api.AuxiliaryProcess;
import osgres.api.BackendFactory;
import osgres.api.ChildInfo;
import osgres.api.ChildKind;
import osgres.api.FrameworkProperties;
import osgres.api.Listener;
import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ServerExit;
import osgres.api.ServerStatus;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.SharedMemoryOwner;
import osgres.api.ShutdownMode;

/**
 * The postmaster: PostgreSQL's postmaster.c as a DS component. It creates the lock file, shared memory and
 * the listen sockets, starts one backend child per connection and the auxiliary processes its state wants,
 * answers shutdown and reload requests, and resets the server when a child crashes. All of that happens on
 * one thread ({@link ServerLoop}); this class only wires services to it and turns calls into events.
 *
 * <p>References: Settings, SharedMemoryOwner and Listener are static and mandatory: without them there is no
 * server, and none of them goes away during a crash reset. The BackendFactory and the auxiliary processes
 * are dynamic: they depend on storage that a crash reset tears down and rebuilds, and auxiliary bundles are
 * hot-swapped; the postmaster survives both and starts whatever comes back. Of several providers of one kind (two
 * versions of a bundle) it runs the highest version. It also logs every lifecycle event of an auxiliary process
 * bundle ({@link AuxiliaryBundleLog}).
 */
@Component(immediate = true, service = PostmasterControl.class)
public final class Postmaster implements PostmasterControl {
    private static final long REQUEST_TIMEOUT_SECONDS = 10;

    private final ServerLoop loop;
    private final AtomicReference<BackendFactory> backendFactory = new AtomicReference<>();
    private final AtomicReference<ServerTls> serverTls = new AtomicReference<>();
    private final BundleContext context;
    private final AuxiliaryBundleLog bundleLog = new AuxiliaryBundleLog();

    @Activate
    public Postmaster(@Reference Settings settings, @Reference SharedMemoryOwner sharedMemory,
                      @Reference Listener listener, BundleContext context) {
        Map<String, String> launchInfo = Map.of(
                "launcher", valueOr(context.getProperty(FrameworkProperties.LAUNCHER), "osgres"),
                "arguments", valueOr(context.getProperty(FrameworkProperties.ARGUMENTS), ""),
                "startup_required", valueOr(context.getProperty(FrameworkProperties.STARTUP_REQUIRED), "false"));
        this.loop = new ServerLoop(settings, serverTls::get, sharedMemory, listener, backendFactory::get, this,
                code -> ServerExit.exit(context, code), launchInfo);
        this.context = context;
        bundleLog.open(context);
        loop.start();
    }

    @Deactivate
    void deactivate() {
        bundleLog.close(context);
        loop.emergencyStop();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBackendFactory(BackendFactory factory) {
        backendFactory.set(factory);
        loop.post(new PmEvent.BackendFactoryChanged());
    }

    void unbindBackendFactory(BackendFactory factory) {
        backendFactory.compareAndSet(factory, null);
    }

    /**
     * The TLS context (osgres.backend), which a reload re-reads after the settings. Dynamic and optional like the
     * backend factory, which lives in the same bundle: replacing that bundle must not take the postmaster down.
     * Connections need it anyway, since the backend factory holds it statically, and with {@code ssl = on} and a
     * bad file at start the TLS component exits the server itself. Unbound, a reload has no TLS context to re-read.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindServerTls(ServerTls tls) {
        serverTls.set(tls);
    }

    void unbindServerTls(ServerTls tls) {
        serverTls.compareAndSet(tls, null);
    }

    /**
     * Every auxiliary process service, with the bundle that provides it: two versions of one bundle in deploy/
     * are two providers of a kind and the loop runs the highest version (AuxiliaryProvider).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindAuxiliaryProcess(AuxiliaryProcess process, ServiceReference<AuxiliaryProcess> reference) {
        Bundle bundle = reference.getBundle();
        Object serviceId = reference.getProperty(Constants.SERVICE_ID);
        loop.auxiliaryArrived(new AuxiliaryProvider(process,
                bundle == null ? "" : bundle.getSymbolicName(),
                bundle == null ? Version.emptyVersion : bundle.getVersion(),
                serviceId instanceof Long id ? id : 0L));
    }

    void unbindAuxiliaryProcess(AuxiliaryProcess process) {
        loop.auxiliaryLeft(process);
    }

    @Override
    public void requestShutdown(ShutdownMode mode) {
        loop.post(new PmEvent.Shutdown(mode));
    }

    @Override
    public void requestReload() {
        loop.post(new PmEvent.Reload());
    }

    @Override
    public void requestUsr1() {
        loop.post(new PmEvent.Usr1());
    }

    @Override
    public boolean signalChild(int pid, ProcSignal signal) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.post(new PmEvent.SignalChild(pid, signal, done));
        return await(done);
    }

    @Override
    public void cancelRequest(int pid, int cancelKey) {
        loop.post(new PmEvent.Cancel(pid, cancelKey));
    }

    @Override
    public boolean restartAuxiliary(ChildKind kind) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.post(new PmEvent.RestartAuxiliary(kind, done));
        return await(done);
    }

    @Override
    public ServerStatus status() {
        return loop.status();
    }

    @Override
    public List<ChildInfo> children() {
        return loop.children();
    }

    private boolean await(CompletableFuture<Boolean> done) {
        try {
            return done.get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static String valueOr(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
