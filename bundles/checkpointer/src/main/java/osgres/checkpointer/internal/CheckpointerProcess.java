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
import osgres.storage.AuxiliaryWork.CheckpointPacing;
import osgres.storage.AuxiliaryWork.CheckpointRequest;
import osgres.storage.AuxiliaryWork.Checkpoints;

/**
 * The checkpointer, PostgreSQL's checkpointer.c (CheckpointerMain): waits for checkpoint requests (the CHECKPOINT
 * command, WAL past CheckPointSegments) and takes a timed checkpoint when {@code checkpoint_timeout} has passed
 * since the last one started; on SIGUSR2 it writes the shutdown checkpoint and exits 0, which lets the postmaster
 * finish a smart or fast shutdown. While its loop runs it says so to the storage, so a CHECKPOINT requested without
 * a checkpointer warns at once and fails after a short bound. When two checkpoints caused by WAL volume start
 * closer than {@code checkpoint_warning} seconds, it logs {@code checkpoints are occurring too frequently}. With
 * {@code archive_timeout} set it also forces a WAL segment switch once that long has passed since the last one
 * and WAL was written meanwhile (CheckArchiveTimeout), so the archive is never further behind than that.
 * The checkpoint itself (buffers, fsync, WAL record, pg_control, WAL recycling and preallocation, skipping an idle
 * timed checkpoint, the schedule of a spread checkpoint) is the storage engine's; this class decides when, and
 * lends a spread checkpoint its naps and its signals ({@link CheckpointPacing}, CheckpointWriteDelay).
 *
 * <p>Signals, as checkpointer.c handles them, except TERM:
 * <ul>
 *   <li>USR2: shutdown checkpoint ({@code shutting down}), then return; a spread checkpoint in progress first
 *       finishes at full speed (ShutdownRequestPending).</li>
 *   <li>TERM: PostgreSQL's checkpointer ignores it; osgres uses it to stop the loop for {@code osgres:restart}
 *       and a hot swap of this bundle, so it returns without a checkpoint (after the one in progress, if any,
 *       which then finishes at full speed).</li>
 *   <li>QUIT: return at once (crash or immediate shutdown; the next start replays WAL): a checkpoint in progress
 *       is abandoned before its record.</li>
 *   <li>HUP, INT, USR1: wake the loop (and cut a nap short); the configuration itself arrives through
 *       ConfigAdmin as {@code @Modified}.</li>
 * </ul>
 * The static reference to {@link Checkpoints} ties this component to one shared-memory generation: a crash reset
 * deactivates it and activates a new instance.
 */
@Component(name = "osgres.checkpointer", configurationPid = "osgres.checkpointer",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, service = AuxiliaryProcess.class)
public final class CheckpointerProcess implements AuxiliaryProcess {
    static final String NAME = "checkpointer";
    /** checkpointer.c sleeps at most this long between checks, so signals and timeouts are seen in time. */
    static final long MAX_WAIT_MILLIS = 1000;
    /** After a failed checkpoint PostgreSQL waits a second before trying again (checkpointer.c). */
    static final long RETRY_AFTER_ERROR_MILLIS = 1000;

    /** checkpoint_timeout, checkpoint_warning and archive_timeout in seconds, as osgres.config publishes them. */
    @interface Config {
        int checkpoint_timeout() default 300;

        int checkpoint_warning() default 30;

        int archive_timeout() default 0;
    }

    private final Checkpoints checkpoints;
    private final ProcessLatch latch = new ProcessLatch();
    private volatile long checkpointTimeoutNanos;
    private volatile long checkpointWarningSeconds;
    private volatile int archiveTimeoutSeconds;
    private final CheckpointPacing pacing = new LatchPacing();

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
        checkpointWarningSeconds = Math.max(0, config.checkpoint_warning());
        archiveTimeoutSeconds = Math.max(0, config.archive_timeout());
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

    /**
     * checkpointer.c's main loop, until TERM, QUIT or the shutdown checkpoint. The time of the last checkpoint is
     * when it started, not ended, so that timed checkpoints keep their spacing however long a spread one takes.
     */
    private void loop() throws InterruptedException {
        long lastCheckpointStart = System.nanoTime();
        while (!latch.stopRequested()) {
            if (latch.isPending(ProcSignal.USR2)) {
                // ShutdownXLOG's "shutting down" line is the shutdown checkpoint's own (CheckpointRunner)
                checkpoints.checkpoint(CheckpointRequest.shutdownCheckpoint(), pacing);
                break;
            }
            // CheckArchiveTimeout: the loop wakes at least every second, which is archive_timeout's resolution
            checkpoints.checkArchiveTimeout(archiveTimeoutSeconds);
            long now = System.nanoTime();
            long elapsed = now - lastCheckpointStart;
            long untilTimed = checkpointTimeoutNanos - elapsed;
            CheckpointRequest request;
            if (untilTimed <= 0) {
                request = CheckpointRequest.timed();
            } else {
                long waitMillis = Math.min(MAX_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(untilTimed) + 1);
                request = latch.interruptibly(() -> checkpoints.awaitRequest(waitMillis));
                now = System.nanoTime();
                elapsed = now - lastCheckpointStart;
            }
            if (request != null) {
                warnIfTooFrequent(request, TimeUnit.NANOSECONDS.toSeconds(elapsed));
                if (checkpointOrRetryLater(request)) {
                    lastCheckpointStart = now;
                } else {
                    latch.await(RETRY_AFTER_ERROR_MILLIS);
                }
            }
        }
    }

    /**
     * Checkpoints caused by WAL volume closer together than checkpoint_warning mean max_wal_size is too small for
     * the load (a timed checkpoint never warns, even when checkpoint_timeout is below checkpoint_warning).
     */
    private void warnIfTooFrequent(CheckpointRequest request, long elapsedSeconds) {
        if (request.wal() && elapsedSeconds < checkpointWarningSeconds) {
            ServerLog.log(Messages.CHECKPOINTS_TOO_FREQUENT_LEVEL, Messages.checkpointsTooFrequent(elapsedSeconds),
                    null, Messages.CHECKPOINTS_TOO_FREQUENT_HINT);
        }
    }

    /**
     * An ERROR during a checkpoint does not end the checkpointer (its sigsetjmp block logs it and carries on);
     * anything worse propagates and is a crash.
     */
    private boolean checkpointOrRetryLater(CheckpointRequest request) {
        try {
            checkpoints.checkpoint(request, pacing);
            return true;
        } catch (PgException e) {
            if (e.severity() != Severity.ERROR) {
                throw e;
            }
            ServerLog.log(e);
            return false;
        }
    }

    /**
     * The process side of CheckpointWriteDelay: QUIT abandons the checkpoint, a pending shutdown (USR2) or stop
     * (TERM, deactivation) lets it finish at full speed, anything else lets it be spread. The nap is the latch's
     * wait, so any signal or a configuration change cuts it short and the next write sees the new state.
     */
    private final class LatchPacing implements CheckpointPacing {
        @Override
        public Pace pace() {
            if (latch.isPending(ProcSignal.QUIT)) {
                return Pace.ABANDON;
            }
            if (latch.isPending(ProcSignal.TERM) || latch.isPending(ProcSignal.USR2)) {
                return Pace.FULL_SPEED;
            }
            return Pace.SPREAD;
        }

        @Override
        public void nap(long millis) {
            try {
                latch.await(millis);
            } catch (InterruptedException e) {
                // nothing interrupts this thread but the latch's own interruptibly(), which is not active here; an
                // interrupt kept set would close the next file channel the checkpoint writes through
            }
        }
    }
}
