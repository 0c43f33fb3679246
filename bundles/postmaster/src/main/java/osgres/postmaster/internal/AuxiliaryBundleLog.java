package osgres.postmaster.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import osgres.api.AuxiliaryProcess;
import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * Writes every lifecycle event of an auxiliary process bundle (installed, updated from one version to another,
 * started, stopped, uninstalled) to the server log in PostgreSQL's format, so an operator sees a hot deploy in
 * the same place as the restarts it causes. An auxiliary process bundle is one whose manifest declares that it
 * provides the {@link AuxiliaryProcess} service (bnd writes that {@code Provide-Capability} for each DS
 * component), so a new version is recognised before its component registers anything.
 *
 * <p>Runs on whichever thread fires the event (FileInstall's, the shell's); it only writes log lines and its own
 * map of the versions it has seen (to say "updated from A to B"), never postmaster state.
 */
final class AuxiliaryBundleLog implements SynchronousBundleListener {
    private static final String SERVICE_NAMESPACE = "osgi.service";

    /** Bundle id to the version last seen, for the bundles recognised as auxiliary process bundles. */
    private final Map<Long, Version> versions = new ConcurrentHashMap<>();

    /** Starts listening; remembers the versions of the auxiliary bundles already installed. */
    void open(BundleContext context) {
        context.addBundleListener(this);
        for (Bundle bundle : context.getBundles()) {
            if (providesAuxiliaryProcess(bundle)) {
                versions.put(bundle.getBundleId(), bundle.getVersion());
            }
        }
    }

    void close(BundleContext context) {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        long id = bundle.getBundleId();
        Version known = versions.get(id);
        if (known == null && !providesAuxiliaryProcess(bundle)) {
            return;
        }
        String name = bundle.getSymbolicName();
        Version now = bundle.getVersion();
        String message = switch (event.getType()) {
            case BundleEvent.INSTALLED -> Messages.bundleInstalled(name, now);
            case BundleEvent.UPDATED -> Messages.bundleUpdated(name, known == null ? now : known, now);
            case BundleEvent.STARTED -> Messages.bundleStarted(name, now);
            case BundleEvent.STOPPED -> Messages.bundleStopped(name, now);
            case BundleEvent.UNINSTALLED -> Messages.bundleUninstalled(name, known == null ? now : known);
            default -> null;
        };
        if (event.getType() == BundleEvent.UNINSTALLED) {
            versions.remove(id);
        } else {
            versions.put(id, now);
        }
        if (message != null) {
            ServerLog.log(Severity.LOG, message);
        }
    }

    /** Whether the bundle's current revision declares the AuxiliaryProcess service capability. */
    static boolean providesAuxiliaryProcess(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return false;
        }
        for (BundleCapability capability : revision.getDeclaredCapabilities(SERVICE_NAMESPACE)) {
            Object classes = capability.getAttributes().get("objectClass");
            if (classes instanceof List<?> list && list.contains(AuxiliaryProcess.class.getName())
                    || AuxiliaryProcess.class.getName().equals(classes)) {
                return true;
            }
        }
        return false;
    }
}
