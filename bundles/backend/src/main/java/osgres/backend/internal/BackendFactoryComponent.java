package osgres.backend.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

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
    /** osgres.walsender, when its bundle runs: replication connections become walsenders through it. */
    @Reference(name = "walSender", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
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
