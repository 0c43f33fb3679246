package osgres.signals.internal;

import java.util.Collection;
import java.util.stream.Collectors;

import osgres.api.ProcSignal;

/** Every message the signal handler writes to the server log, in one place so they grep. */
final class Messages {

    static final String THREAD_NAME = "postgres: signal handler";

    static String notBlocked(Collection<ProcSignal> signals) {
        return "signals " + names(signals) + " are not blocked in this process: they will not be handled";
    }

    static final String NOT_BLOCKED_HINT =
            "Start the server through bin/osgres, which blocks them before the Java virtual machine starts.";

    static String couldNotCreate(String reason) {
        return "could not create signalfd: " + reason;
    }

    static final String COULD_NOT_CREATE_DETAIL =
            "Signals from pg_ctl (reload, stop) will not reach the server.";

    static String couldNotRead(String reason) {
        return "could not read from signalfd: " + reason;
    }

    static String requestFailed(ProcSignal signal, String reason) {
        return "could not handle SIG" + signal.name() + ": " + reason;
    }

    static String readerDidNotStop(long millis) {
        return "signal handler thread did not stop within " + millis + " ms";
    }

    private static String names(Collection<ProcSignal> signals) {
        return signals.stream().map(s -> "SIG" + s.name()).collect(Collectors.joining(", "));
    }

    private Messages() {
    }
}
