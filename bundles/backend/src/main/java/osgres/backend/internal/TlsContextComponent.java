package osgres.backend.internal;

import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import osgres.api.PgException;
import osgres.api.ServerExit;
import osgres.api.ServerLog;
import osgres.api.ServerTls;
import osgres.api.Settings;
import osgres.api.Severity;
import osgres.api.TlsServerContext;

/**
 * The server-wide TLS context (be-secure.c secure_initialize, and the postmaster's LoadedSSL): loaded at
 * activation when {@code ssl = on}, reloaded by the postmaster on every SIGHUP. Lives in the backend bundle
 * because it is the backend's connection layer (PostgreSQL's libpq/be-secure*.c): the backend factory reads
 * {@link #current()} for each SSLRequest, and no other bundle needs TLS. The postmaster holds the service
 * (dynamically) to trigger the reload; binding it activates this component at server start.
 *
 * <p>At activation a bad file is FATAL, as at PostgreSQL's start: logged, the server exits with code 1 and the
 * component does not start. On reload a bad file logs PostgreSQL's LOG line and {@code SSL configuration was
 * not reloaded}, and the previous context stays; {@code ssl = off} drops the context (secure_destroy).
 * Invariant: {@link #current()} only ever returns a context that loaded completely.
 *
 * <p>Reference: Settings, static and mandatory; it never goes away while the server runs.
 */
@Component(service = ServerTls.class, name = "osgres.tls")
public final class TlsContextComponent implements ServerTls {
    private final Settings settings;
    private volatile TlsServerContext context;

    @Activate
    public TlsContextComponent(@Reference(name = "settings") Settings settings, BundleContext bundleContext) {
        this.settings = settings;
        if (settings.boolValue("ssl")) {
            try {
                context = TlsContextLoader.load(settings, Severity.FATAL);
            } catch (PgException e) {
                ServerLog.log(e);
                ServerExit.exit(bundleContext, 1);
                throw new IllegalStateException("osgres.tls: TLS configuration failed, exiting with code 1");
            }
        }
    }

    /** For tests: a component over settings without the server-exit path. */
    TlsContextComponent(Settings settings) {
        this.settings = settings;
        reload();
    }

    @Override
    public Optional<TlsServerContext> current() {
        return Optional.ofNullable(context);
    }

    @Override
    public void reload() {
        if (!settings.boolValue("ssl")) {
            context = null;
            return;
        }
        try {
            context = TlsContextLoader.load(settings, Severity.LOG);
        } catch (PgException e) {
            ServerLog.log(e);
            ServerLog.log(Severity.LOG, Messages.TLS_NOT_RELOADED);
        }
    }
}
