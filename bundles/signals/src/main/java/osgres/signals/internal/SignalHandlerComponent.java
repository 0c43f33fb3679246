package osgres.signals.internal;

import java.io.IOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * Turns the OS signals pg_ctl sends to the server's pid into postmaster requests, as the signal handlers
 * postmaster.c installs with {@code pqsignal()} (SPEC.md 2.3). Reads them from a signalfd on its own
 * thread ({@link SignalReader}) and only enqueues requests: the postmaster's event loop does the work and
 * decides what each request means in its state. It blocks nothing process-wide; {@code bin/osgres} starts the
 * JVM with the signals already blocked, and this component warns if they are not.
 */
@Component(name = "osgres.signals", immediate = true)
public final class SignalHandlerComponent {

    private final PostmasterControl postmaster;
    private final SignalReader reader;

    /**
     * The postmaster reference is static and mandatory: without a postmaster nobody can act on a signal, so
     * this component exists only while one does and stops reading when it goes (signals stay pending then,
     * and are read by the next activation).
     */
    @Activate
    public SignalHandlerComponent(@Reference(name = "postmaster") PostmasterControl postmaster) {
        this.postmaster = postmaster;
        List<ProcSignal> notBlocked = PostmasterSignals.notBlocked();
        if (!notBlocked.isEmpty()) {
            ServerLog.log(Severity.WARNING, Messages.notBlocked(notBlocked), null, Messages.NOT_BLOCKED_HINT);
        }
        this.reader = new SignalReader(PostmasterSignals.HANDLED, this::onSignal);
        try {
            reader.start();
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotCreate(e.getMessage()),
                    Messages.COULD_NOT_CREATE_DETAIL, null);
        }
    }

    private void onSignal(int number) {
        PostmasterSignals.fromNumber(number).ifPresent(signal -> {
            try {
                PostmasterSignals.deliver(signal, postmaster);
            } catch (RuntimeException e) {
                // The reader must outlive a failing request: the next signal (say, the QUIT after a failed TERM)
                // still has to get through.
                ServerLog.log(Severity.WARNING, Messages.requestFailed(signal, String.valueOf(e.getMessage())));
            }
        });
    }

    @Deactivate
    public void deactivate() {
        reader.close();
    }

    /** True while the signal handler thread runs (tests). */
    boolean isReading() {
        return reader.isRunning();
    }
}
