package osgres.backend.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import osgres.api.BackendEnvironment;
import osgres.api.BackendFactory;
import osgres.api.BackendSession;
import osgres.api.ClientConnection;
import osgres.api.HostBasedAuth;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.WalSender;
import osgres.sql.SqlEngine;

/**
 * The backend factory (osgres.backend): one {@link PostgresSession} per accepted connection, which the
 * postmaster runs on the child's virtual thread. Mirrors the part of postmaster.c BackendStartup that hands
 * the socket to a new backend; the session does the rest.
 *
 * <p>References, all static and mandatory: the SQL engine, pg_hba.conf, the settings and the server's TLS context
 * ({@link TlsContextComponent}, whose {@code current()} each SSLRequest reads). Without any of them
 * no session can start, and when one goes away (a crash reset replaces the storage the engine sits on) this
 * component goes with it; the postmaster holds the factory dynamically and refuses connections meanwhile.
 * Sessions already running keep the objects they were created with.
 *
 * <p>Configuration: PID {@code osgres.backend} ({@code authentication_timeout}, {@code log_connections},
 * {@code log_disconnections}), pushed by osgres.config through ConfigAdmin. A reload reaches this component as
 * {@code @Modified}: new connections see the new values, the component is never re-created.
 */
@Component(service = BackendFactory.class, name = "osgres.backend", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class BackendFactoryComponent implements BackendFactory {
    private final SqlEngine engine;
    private final HostBasedAuth hostBasedAuth;
    private final Settings settings;
    private final ServerTls serverTls;
    private volatile ConnectionSettings connectionSettings;
    /** Every osgres.walsender service now registered (one per installed version), by its reference. */
    private final Map<ServiceReference<WalSender>, WalSender> walSenders = new HashMap<>();
    /** The one replication connections use: the highest bundle version, the earliest registered among equals. */
    private volatile WalSender walSender;

    @Activate
    public BackendFactoryComponent(@Reference(name = "engine") SqlEngine engine,
                                   @Reference(name = "hostBasedAuth") HostBasedAuth hostBasedAuth,
                                   @Reference(name = "settings") Settings settings,
                                   @Reference(name = "serverTls") ServerTls serverTls,
                                   ConnectionSettings.Config config) {
        this(engine, hostBasedAuth, settings, serverTls, ConnectionSettings.from(config));
    }

    BackendFactoryComponent(SqlEngine engine, HostBasedAuth hostBasedAuth, Settings settings, ServerTls serverTls,
                            ConnectionSettings connectionSettings) {
        this.engine = engine;
        this.hostBasedAuth = hostBasedAuth;
        this.settings = settings;
        this.serverTls = serverTls;
        this.connectionSettings = connectionSettings;
    }

    @Reference(name = "walSender", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindWalSender")
    synchronized void bindWalSender(WalSender sender, ServiceReference<WalSender> reference) {
        walSenders.put(reference, sender);
        choosePreferredWalSender();
    }

    synchronized void unbindWalSender(WalSender sender, ServiceReference<WalSender> reference) {
        walSenders.remove(reference);
        choosePreferredWalSender();
    }

    /** A newer version takes over at once; the one it replaces is retired, so its sessions move over. */
    private void choosePreferredWalSender() {
        Map.Entry<ServiceReference<WalSender>, WalSender> best = null;
        for (Map.Entry<ServiceReference<WalSender>, WalSender> e : walSenders.entrySet()) {
            if (best == null || newer(e.getKey(), best.getKey())) {
                best = e;
            }
        }
        WalSender previous = walSender;
        walSender = best == null ? null : best.getValue();
        if (previous != null && previous != walSender && walSenders.containsValue(previous)) {
            previous.retire();
        }
    }

    private static boolean newer(ServiceReference<?> a, ServiceReference<?> b) {
        int byVersion = a.getBundle().getVersion().compareTo(b.getBundle().getVersion());
        if (byVersion != 0) {
            return byVersion > 0;
        }
        return (Long) a.getProperty(Constants.SERVICE_ID) < (Long) b.getProperty(Constants.SERVICE_ID);
    }

    @Modified
    void modified(ConnectionSettings.Config config) {
        connectionSettings = ConnectionSettings.from(config);
    }

    @Override
    public BackendSession create(ClientConnection connection, BackendEnvironment environment) {
        return new PostgresSession(connection, environment, engine, settings, connectionSettings,
                new ClientAuthentication(hostBasedAuth, engine::storedPassword,
                        () -> settings.values().getOrDefault("password_encryption", "scram-sha-256"),
                        engine::isMemberOfRole), serverTls, () -> walSender);
    }
}
