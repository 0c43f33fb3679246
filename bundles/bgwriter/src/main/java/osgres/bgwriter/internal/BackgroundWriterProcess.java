package osgres.bgwriter.internal;

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
import osgres.storage.AuxiliaryWork.BufferWriter;

/**
 * The background writer, PostgreSQL's bgwriter.c (BackgroundWriterMain): every {@code bgwriter_delay} it
 * writes up to {@code bgwriter_lru_maxpages} dirty, unpinned buffers ahead of the clock sweep, so backends
 * rarely have to write a victim buffer themselves; {@code bgwriter_lru_maxpages = 0} disables the writing.
 * Which buffers, and WAL-before-data, are the buffer manager's business (BgBufferSync). TERM and QUIT end
 * the loop (exit 0; the postmaster restarts it); configuration changes arrive as {@code @Modified}.
 *
 * <p>Not done: hibernation when idle, and the standby snapshot PostgreSQL's bgwriter logs for hot standby.
 * The static reference ties the component to one shared-memory generation.
 */
@Component(name = "osgres.bgwriter", configurationPid = "osgres.bgwriter",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class BackgroundWriterProcess implements AuxiliaryProcess {
    static final String NAME = "bgwriter";

    /** As osgres.config publishes them: {@code bgwriter.delay} in milliseconds, {@code bgwriter.lru.maxpages}. */
    @interface Config {
        int bgwriter_delay() default 200;

        int bgwriter_lru_maxpages() default 100;
    }

    private final BufferWriter bufferWriter;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile long delayMillis;
    private volatile int maxPages;

    /** Static, mandatory: the buffer pool of the current shared-memory generation. */
    @Activate
    public BackgroundWriterProcess(@Reference(name = "bufferWriter") BufferWriter bufferWriter, Config config) {
        this.bufferWriter = bufferWriter;
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
        delayMillis = Math.max(1, config.bgwriter_delay());
        maxPages = Math.max(0, config.bgwriter_lru_maxpages());
    }

    @Override
    public ChildKind kind() {
        return ChildKind.BGWRITER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            while (!latch.stopRequested()) {
                int pages = maxPages;
                if (pages > 0) {
                    bufferWriter.writeDirtyBuffers(pages);
                }
                latch.await(delayMillis);
            }
        });
    }
}
