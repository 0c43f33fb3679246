package osgres.walwriter.internal;

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
import osgres.storage.AuxiliaryWork.WalFlusher;

/**
 * The WAL writer, PostgreSQL's walwriter.c (WalWriterMain): every {@code wal_writer_delay} it asks the WAL to flush
 * what asynchronous commits ({@code synchronous_commit = off}) have written, so such a commit is durable within that
 * delay. It tells the storage while it runs: with no walwriter, a backend flushes its own asynchronous commit, so
 * removing this bundle costs speed, never commits. TERM and QUIT end the loop (exit 0; the postmaster restarts it in
 * PM_RUN); a configuration change arrives through ConfigAdmin as {@code @Modified} and applies from the next sleep.
 *
 * <p>Not done: PostgreSQL's hibernation (sleeping 25 times longer when idle) needs backends to wake the
 * walwriter on an asynchronous commit; the storage side has no such wake-up yet, so this loop never
 * hibernates. The static reference ties the component to one shared-memory generation.
 */
@Component(name = "osgres.walwriter", configurationPid = "osgres.walwriter",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class WalWriterProcess implements AuxiliaryProcess {
    static final String NAME = "walwriter";

    /** wal_writer_delay in milliseconds, as osgres.config publishes it (property {@code wal.writer.delay}). */
    @interface Config {
        int wal_writer_delay() default 200;
    }

    private final WalFlusher walFlusher;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile long delayMillis;

    /** Static, mandatory: the flusher of the current shared-memory generation. */
    @Activate
    public WalWriterProcess(@Reference(name = "walFlusher") WalFlusher walFlusher, Config config) {
        this.walFlusher = walFlusher;
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
        delayMillis = Math.max(1, config.wal_writer_delay());
    }

    @Override
    public ChildKind kind() {
        return ChildKind.WALWRITER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            // while we say we run, asynchronous commits leave their flush to us; after saying we stopped we
            // flush once more, so a commit that saw us running is flushed by this loop or by its backend (QUIT,
            // a crash or an immediate shutdown, exits at once as quickdie: the usual asynchronous-commit window)
            walFlusher.walWriterRunning(true);
            try {
                while (!latch.stopRequested()) {
                    walFlusher.backgroundFlush();
                    latch.await(delayMillis);
                }
            } finally {
                walFlusher.walWriterRunning(false);
                if (!latch.isPending(ProcSignal.QUIT)) {
                    walFlusher.backgroundFlush();
                }
            }
        });
    }
}
