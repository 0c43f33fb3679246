package osgres.checkpointer.internal;

import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

import osgres.api.AuxiliaryContext;
import osgres.api.AuxiliaryProcess;
import osgres.api.ChildKind;
import osgres.api.PgException;
import osgres.api.ProcSignal;
import osgres.api.ProcessLatch;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.AuxiliaryWork.Checkpoints;

/**
 * The checkpointer, PostgreSQL's checkpointer.c (CheckpointerMain): waits for checkpoint requests (the CHECKPOINT
 * command, WAL past max_wal_size) and takes a timed checkpoint when {@code checkpoint_timeout} has passed since the
 * last one; on SIGUSR2 it writes the shutdown checkpoint and exits 0, which lets the postmaster finish a smart or fast
 * shutdown. While its loop runs it says so to the storage, so a CHECKPOINT requested without a checkpointer warns at
 * once and fails after a short bound. The checkpoint itself (buffers, fsync, WAL record, pg_control, WAL recycling,
 * skipping an idle timed checkpoint) is the storage engine's; this class only decides when.
 *
 * <p>Signals, as checkpointer.c handles them, except TERM:
 * <ul>
 *   <li>USR2: shutdown checkpoint ({@code shutting down}), then return.</li>
 *   <li>TERM: PostgreSQL's checkpointer ignores it; osgres uses it to stop the loop for {@code osgres:restart}
 *       and a hot swap of this bundle, so it returns without a checkpoint (after the one in progress, if any).</li>
 *   <li>QUIT: return at once (crash or immediate shutdown; the next start replays WAL).</li>
 *   <li>HUP, INT, USR1: wake the loop; the configuration itself arrives through ConfigAdmin as {@code @Modified}.</li>
 * </ul>
 * Not done: checkpoint_completion_target throttling, WAL-size requests of its own (the storage side posts them
 * as requests), the checkpoint_warning message. The static reference to {@link Checkpoints} ties this
 * component to one shared-memory generation: a crash reset deactivates it and activates a new instance.
 */
@Component(name = "osgres.checkpointer", configurationPid = "osgres.checkpointer",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class CheckpointerProcess implements AuxiliaryProcess {
    static final String NAME = "checkpointer";
    /** checkpointer.c sleeps at most this long between checks, so signals and timeouts are seen in time. */
    static final long MAX_WAIT_MILLIS = 1000;
    /** After a failed checkpoint PostgreSQL waits a second before trying again (checkpointer.c). */
    static final long RETRY_AFTER_ERROR_MILLIS = 1000;

    /** checkpoint_timeout in seconds, as osgres.config publishes it (property {@code checkpoint.timeout}). */
    @interface Config {
        int checkpoint_timeout() default 300;
    }

    private final Checkpoints checkpoints;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile long checkpointTimeoutNanos;

    /** Static, mandatory: without the checkpoint service of the current generation there is nothing to do. */
    @Activate
    public CheckpointerProcess(@Reference(name = "checkpoints") Checkpoints checkpoints, Config config) {
        this.checkpoints = checkpoints;
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
        checkpointTimeoutNanos = TimeUnit.SECONDS.toNanos(Math.max(1, config.checkpoint_timeout()));
    }

    @Override
    public ChildKind kind() {
        return ChildKind.CHECKPOINTER;
    }

    @Override
    public void signal(ProcSignal signal) {
        latch.signal(signal);
    }

    @Override
    public void run(AuxiliaryContext context) throws InterruptedException {
        latch.run(NAME, () -> {
            checkpoints.checkpointerRunning(true);
            try {
                loop();
            } finally {
                checkpoints.checkpointerRunning(false);
            }
        });
    }

    /** checkpointer.c's main loop, until TERM, QUIT or the shutdown checkpoint. */
    private void loop() throws InterruptedException {
        long lastCheckpoint = System.nanoTime();
        while (!latch.stopRequested()) {
            if (latch.isPending(ProcSignal.USR2)) {
                // ShutdownXLOG's "shutting down" line is the shutdown checkpoint's own (CheckpointRunner)
                checkpoints.checkpoint(CheckpointRequest.shutdownCheckpoint());
                break;
            }
            long untilTimed = checkpointTimeoutNanos - (System.nanoTime() - lastCheckpoint);
            CheckpointRequest request;
            if (untilTimed <= 0) {
                request = CheckpointRequest.timed();
            } else {
                long waitMillis = Math.min(MAX_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(untilTimed) + 1);
                request = latch.interruptibly(() -> checkpoints.awaitRequest(waitMillis));
            }
            if (request != null) {
                if (checkpointOrRetryLater(request)) {
                    lastCheckpoint = System.nanoTime();
                } else {
                    latch.await(RETRY_AFTER_ERROR_MILLIS);
                }
            }
        }
    }

    /**
     * An ERROR during a checkpoint does not end the checkpointer (its sigsetjmp block logs it and carries on);
     * anything worse propagates and is a crash.
     */
    private boolean checkpointOrRetryLater(CheckpointRequest request) {
        try {
            checkpoints.checkpoint(request);
            return true;
        } catch (PgException e) {
            if (e.severity() != Severity.ERROR) {
                throw e;
            }
            ServerLog.log(e);
            return false;
        }
    }
}
