package osgres.walreceiver.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.FrameworkProperties;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.storage.AuxiliaryWork.WalReceipt;

/**
 * The WAL receiver process of a standby, PostgreSQL's walreceiver.c over libpqwalreceiver.c: started by the
 * postmaster when the startup process asks for streaming, it connects to the primary named by
 * {@code primary_conninfo} as a physical replication client and streams WAL into this server's pg_wal through the
 * storage's {@link WalReceipt} (the work is {@link WalReceiverMain}, the protocol {@link ReplicationConnection}).
 * Settings come from ConfigAdmin (osgres.config publishes primary_conninfo, primary_slot_name,
 * wal_receiver_status_interval, wal_receiver_timeout, hot_standby_feedback, cluster_name and
 * wal_receiver_create_temp_slot to this pid); a reload
 * applies from the next loop, and one that changes primary_conninfo or primary_slot_name ends the stream (LOG
 * {@code WAL receiver process shutdown requested}, as PostgreSQL's startup process), so the next run uses them.
 *
 * <p>Signals: TERM ends the run with FATAL {@code terminating walreceiver process due to administrator command}
 * (exit 1), QUIT at once; both are seen within {@link ChannelTransport#SLICE_MILLIS}. Not done: the startup
 * process's forced replies (force_reply), GSSAPI, client certificates, sslcrl, SCRAM channel binding, and
 * sslmode=allow's second attempt with TLS (allow connects without).
 */
@Component(name = "osgres.walreceiver", configurationPid = "osgres.walreceiver",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class WalReceiverProcess implements AuxiliaryProcess {
    static final String NAME = "walreceiver";

    /** The GUCs as osgres.config publishes them (timeouts in their base units: s and ms). */
    @interface Config {
        String primary_conninfo() default "";

        String primary_slot_name() default "";

        int wal_receiver_status_interval() default 10;

        int wal_receiver_timeout() default 60000;

        boolean hot_standby_feedback() default false;

        String cluster_name() default "";

        boolean wal_receiver_create_temp_slot() default false;
    }

    private final WalReceipt receipt;
    private final Path walDirectory;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile WalReceiverMain.Settings settings;

    /**
     * Static, mandatory: the receipt belongs to one shared-memory generation (as the walwriter's flusher); when it
     * goes, this component is deactivated, which stops a running stream (TERM).
     */
    @Activate
    public WalReceiverProcess(@Reference(name = "walReceipt") WalReceipt receipt, Config config,
                              BundleContext context) {
        this.receipt = receipt;
        String dataDirectory = context.getProperty(FrameworkProperties.DATA_DIRECTORY);
        this.walDirectory = dataDirectory == null ? null : Path.of(dataDirectory, "pg_wal");
        configure(config);
    }

    @Modified
    void modified(Config config) {
        configure(config);
        latch.wake();
    }

    @Deactivate
    void deactivate() {
        latch.close();
    }

    private void configure(Config config) {
        settings = new WalReceiverMain.Settings(config.primary_conninfo(), config.primary_slot_name(),
                config.wal_receiver_status_interval(), config.wal_receiver_timeout(), config.hot_standby_feedback(),
                config.cluster_name(), config.wal_receiver_create_temp_slot());
    }

    @Override
    public ChildKind kind() {
        return ChildKind.WALRECEIVER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> new WalReceiverMain(receipt, latch, () -> settings, context.pid(),
                walDirectory == null ? null : new TimelineHistoryFiles(walDirectory)).run());
    }
}
