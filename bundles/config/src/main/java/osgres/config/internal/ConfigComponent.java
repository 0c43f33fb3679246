package osgres.config.internal;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import osgres.api.FrameworkProperties;
import osgres.api.GucDefinition;
import osgres.api.HostBasedAuth;
import osgres.api.PgException;
import osgres.api.ServerExit;
import osgres.api.ServerLog;
import osgres.api.Settings;
import osgres.api.Severity;

/**
 * The server's configuration, as the postmaster's part of guc.c, guc-file.l and hba.c: reads postgresql.conf
 * (with includes and postgresql.auto.conf) under the command line's {@code -c} options, and pg_hba.conf, once at
 * activation; re-reads both on {@link #reload()} (the postmaster's SIGHUP). Provides {@link Settings} and
 * {@link HostBasedAuth}.
 *
 * <p>Inputs are framework properties: {@code osgres.data_directory} and {@code osgres.options} (one
 * {@code name=value} per line). A broken configuration at start is FATAL, as for PostgreSQL: the problems are
 * logged, the server exits with code 1 ({@link ServerExit}) and activation fails, so no component that needs
 * the settings ever starts.
 *
 * <p>ConfigAdmin: after the first load and after each reload that changed a value, the values are pushed
 * synchronously to the PIDs of {@link ConfigAdminPublisher#GUCS_BY_PID}, each PID getting the GUCs its
 * component reads, one property per GUC named like the GUC
 * with {@code _} written as {@code .} ({@code checkpoint_timeout} -> {@code checkpoint.timeout}), typed
 * Integer (base unit), Double, Boolean or String. After every load it also sets the server log's
 * {@code log_line_prefix}, {@code log_timezone} and {@code log_min_messages}.
 *
 * <p>Not done here: SET and session values (the SQL engine keeps them on top of {@link #normalize}), context
 * checks for SET (the caller has {@link GucDefinition#context()}), pg_ident.conf, {@code postgres -C}.
 */
@Component(immediate = true, service = {Settings.class, HostBasedAuth.class})
public final class ConfigComponent implements Settings, HostBasedAuth {

    private final ServerConfiguration configuration;
    private final GucTable table;
    private final ConfigAdminPublisher publisher;
    private final Path dataDirectory;
    private volatile HbaRules hba;
    private volatile long generation = 1;

    /**
     * ConfigurationAdmin is static and mandatory: without it no component would get its settings, and it
     * never goes away while the framework runs (if it did, this component would simply be re-created).
     */
    @Activate
    public ConfigComponent(BundleContext context, @Reference(name = "configAdmin") ConfigurationAdmin configAdmin) {
        this.publisher = new ConfigAdminPublisher(configAdmin);
        this.table = GucTable.standard();
        String directory = context.getProperty(FrameworkProperties.DATA_DIRECTORY);
        if (directory == null || directory.isBlank()) {
            throw exit(context, 2, Messages.NO_DATA_DIRECTORY);
        }
        this.dataDirectory = Path.of(directory).toAbsolutePath().normalize();
        Path configFile = dataDirectory.resolve("postgresql.conf");
        if (!Files.isReadable(configFile)) {
            throw exit(context, 2, Messages.CANNOT_ACCESS_CONFIG.formatted(configFile, Messages.NO_SUCH_FILE));
        }
        this.configuration = new ServerConfiguration(table, dataDirectory,
                ServerConfiguration.parseOptions(context.getProperty(FrameworkProperties.OPTIONS)));
        ServerConfiguration.StartResult start = configuration.loadAtStart();
        start.messages().forEach(LogWriter::write);
        if (start.fatal() != null) {
            ServerLog.log(start.fatal());
            throw exit(context, 1, null);
        }
        if (start.stderr() != null) {
            throw exit(context, 1, start.stderr());
        }
        configureServerLog();
        HbaRules.Load load = HbaRules.load(hbaFile(), configuration.boolValue("ssl"));
        load.messages().forEach(LogWriter::write);
        if (!load.ok()) {
            ServerLog.log(Severity.FATAL, Messages.HBA_COULD_NOT_LOAD);
            throw exit(context, 1, null);
        }
        this.hba = load.rules();
        publisher.publish(configuration.snapshot());
    }

    /** proc_exit at start-up: optional stderr line (write_stderr), exit code, and no service. */
    private static IllegalStateException exit(BundleContext context, int code, String stderr) {
        if (stderr != null) {
            System.err.println(stderr);
        }
        ServerExit.exit(context, code);
        return new IllegalStateException("osgres.config: server configuration failed, exiting with code " + code);
    }

    private Path hbaFile() {
        return Path.of(configuration.value("hba_file").orElseThrow());
    }

    private void configureServerLog() {
        String zoneName = configuration.value("log_timezone").orElse("UTC");
        ZoneId zone = Optional.ofNullable(GucValues.zoneFor(zoneName)).orElse(ZoneOffset.UTC);
        Severity minimum = Severity.valueOf(configuration.value("log_min_messages").orElse("warning")
                .toUpperCase(Locale.ROOT));
        ServerLog.configure(configuration.value("log_line_prefix").orElse("%m [%p] "), zone, minimum);
    }

    @Override
    public synchronized void reload() {
        ServerConfiguration.ReloadResult result = configuration.reload();
        result.messages().forEach(LogWriter::write);
        configureServerLog();
        if (result.changed()) {
            generation++;
            publisher.publish(configuration.snapshot());
        }
        HbaRules.Load load = HbaRules.load(hbaFile(), configuration.boolValue("ssl"));
        load.messages().forEach(LogWriter::write);
        if (load.ok()) {
            hba = load.rules();
        } else {
            ServerLog.log(Severity.LOG, Messages.HBA_NOT_RELOADED);
        }
    }

    @Override
    public Optional<String> value(String name) {
        return configuration.value(name);
    }

    @Override
    public long intValue(String name) {
        return configuration.intValue(name);
    }

    @Override
    public boolean boolValue(String name) {
        return configuration.boolValue(name);
    }

    @Override
    public Optional<GucDefinition> definition(String name) {
        return table.find(name).map(GucTable.Guc::definition);
    }

    @Override
    public Collection<GucDefinition> definitions() {
        return table.definitions();
    }

    @Override
    public Map<String, String> values() {
        return configuration.displayValues();
    }

    @Override
    public String normalize(String name, String value) throws PgException {
        return configuration.normalize(name, value);
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database, String user,
                                 Membership membership) {
        return hba.match(local, ssl, address, database, user, membership);
    }
}
