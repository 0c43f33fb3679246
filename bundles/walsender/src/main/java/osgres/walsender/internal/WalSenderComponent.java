package osgres.walsender.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.PgException;
import osgres.api.ReplicationConnection;
import osgres.api.Severity;
import osgres.api.SqlState;
import osgres.api.WalSender;
import osgres.api.WalSenderSession;
import osgres.api.WalSenderStatus;
import osgres.storage.ReplicationSource;

/**
 * The walsender, PostgreSQL's walsender.c: registered as the {@link WalSender} service that a backend hands its
 * replication connection to. Static, mandatory references tie it to one shared-memory generation (the storage's
 * {@link ReplicationSource}) and to the server's settings; when either goes away (crash reset, restart of this
 * bundle, a hot swap of its jar in deploy/) the component deactivates and every walsender it runs ends at its
 * next command or wake-up with FATAL 57P01, so standbys and pg_receivewal reconnect to the new one.
 */
@Component(name = "osgres.walsender", service = WalSender.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class WalSenderComponent implements WalSender {

    /** The settings the walsender reads, on each use. */
    interface Settings {
        long walSenderTimeoutMillis();
    }

    private final ReplicationSource source;
    private final osgres.api.Settings serverSettings;
    private final Path dataDirectory;
    private final Set<WalSenderSessionImpl> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    @Activate
    public WalSenderComponent(@Reference(name = "replicationSource") ReplicationSource source,
                              @Reference(name = "settings") osgres.api.Settings serverSettings) {
        this.source = source;
        this.serverSettings = serverSettings;
        this.dataDirectory = serverSettings.dataDirectory();
    }

    @Deactivate
    void deactivate() {
        open = false;
    }

    @Override
    public void retire() {
        open = false;
    }

    @Override
    public WalSenderSession open(ReplicationConnection connection) {
        checkOpen();
        WalSenderSessionImpl session = new WalSenderSessionImpl(this, connection, source, dataDirectory);
        sessions.add(session);
        return session;
    }

    @Override
    public List<WalSenderStatus> senders() {
        return sessions.stream().map(WalSenderSessionImpl::status).toList();
    }

    void sessionEnded(WalSenderSessionImpl session) {
        sessions.remove(session);
    }

    /** A walsender of a deactivated component ends (its client reconnects to the new one). */
    void checkOpen() {
        if (!open) {
            throw new PgException(Severity.FATAL, SqlState.ADMIN_SHUTDOWN,
                    "terminating connection due to administrator command", null, null, 0);
        }
    }

    Settings settings() {
        return () -> {
            try {
                return serverSettings.value("wal_sender_timeout").isEmpty() ? 60_000
                        : serverSettings.intValue("wal_sender_timeout");
            } catch (RuntimeException e) {
                return 60_000;
            }
        };
    }
}
