package osgres.archiver.internal;

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
import osgres.api.ShellCommand;
import osgres.storage.AuxiliaryWork.WalArchive;

/**
 * The WAL archiver, PostgreSQL's pgarch.c (PgArchiverMain): the postmaster runs it while {@code archive_mode} is on
 * (in normal running; with {@code always} also during recovery), and it copies each completed WAL segment to the
 * archive with {@code archive_command} ({@link ArchiverLoop}). {@code archive_command} arrives through ConfigAdmin
 * and a reload applies from the next file (SIGHUP also ends the 60 s sleep). The static, mandatory reference ties
 * the component to one shared-memory generation's storage, like every auxiliary process.
 *
 * <p>Not here: archive_library (PostgreSQL 15's loadable archive modules), which osgres has no way to load.
 */
@Component(name = "osgres.archiver", configurationPid = "osgres.archiver",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class ArchiverProcess implements AuxiliaryProcess {
    static final String NAME = "archiver";

    /** archive_command, as osgres.config publishes it (property {@code archive.command}). */
    @interface Config {
        String archive_command() default "";
    }

    private final WalArchive archive;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile String archiveCommand;
    /** The thread running archive_command, interrupted by QUIT so the command is killed; null between commands. */
    private volatile Thread commandThread;

    @Activate
    public ArchiverProcess(@Reference(name = "walArchive") WalArchive archive, Config config) {
        this.archive = archive;
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
        archiveCommand = config.archive_command() == null ? "" : config.archive_command();
    }

    @Override
    public ChildKind kind() {
        return ChildKind.ARCHIVER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
        Thread running = commandThread;
        if (signal == ProcSignal.QUIT && running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            try {
                new ArchiverLoop(archive, latch, () -> archiveCommand, this::runCommand).run();
            } catch (InterruptedException e) {
                // QUIT killed a running command: exit as quickdie does
            }
        });
    }

    private ShellCommand.Outcome runCommand(String command) throws InterruptedException {
        commandThread = Thread.currentThread();
        try {
            if (latch.isPending(ProcSignal.QUIT)) {
                throw new InterruptedException();
            }
            return ShellCommand.run(command, archive.dataDirectory());
        } finally {
            commandThread = null;
            Thread.interrupted(); // a QUIT that came as the command ended must not reach later I/O
        }
    }
}
