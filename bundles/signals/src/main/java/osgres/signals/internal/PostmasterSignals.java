package osgres.signals.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import osgres.api.PostmasterControl;
import osgres.api.ProcSignal;
import osgres.api.ShutdownMode;

/**
 * What each signal means to the postmaster, as the handlers postmaster.c installs (SPEC.md 2.3): HUP reloads,
 * TERM/INT/QUIT request a smart/fast/immediate shutdown, USR1 is a child's PMSignal, USR2 is ignored. The
 * postmaster decides what a request means in its current state (a SIGHUP during a fast shutdown is ignored
 * there, not here).
 */
final class PostmasterSignals {

    /** The signals read from the signalfd; {@code bin/osgres} blocks exactly these. */
    static final Set<ProcSignal> HANDLED = EnumSet.of(ProcSignal.HUP, ProcSignal.INT, ProcSignal.TERM,
            ProcSignal.QUIT, ProcSignal.USR1, ProcSignal.USR2);

    /**
     * The signals that must be blocked process-wide to reach the signalfd. SIGUSR2 is left out: HotSpot unblocks
     * it in its threads (suspend/resume), so a SIGUSR2 goes to the JVM's handler, which is as good as ignoring it.
     */
    static final Set<ProcSignal> MUST_BE_BLOCKED = EnumSet.of(ProcSignal.HUP, ProcSignal.INT, ProcSignal.TERM,
            ProcSignal.QUIT, ProcSignal.USR1);

    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");

    static Optional<ProcSignal> fromNumber(int number) {
        for (ProcSignal signal : ProcSignal.values()) {
            if (signal.number() == number) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }

    /** Turns one signal into the postmaster request it stands for; returns false for signals it ignores. */
    static boolean deliver(ProcSignal signal, PostmasterControl postmaster) {
        switch (signal) {
            case HUP -> postmaster.requestReload();
            case TERM -> postmaster.requestShutdown(ShutdownMode.SMART);
            case INT -> postmaster.requestShutdown(ShutdownMode.FAST);
            case QUIT -> postmaster.requestShutdown(ShutdownMode.IMMEDIATE);
            case USR1 -> postmaster.requestUsr1();
            case USR2, KILL -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The handled signals not blocked in the process's main thread, which every JVM thread inherits its mask
     * from. A signal left unblocked there is delivered to some thread (the JVM's handler or the default
     * action) instead of queuing for the signalfd. Empty if the mask cannot be read.
     */
    static List<ProcSignal> notBlocked() {
        try {
            return notBlocked(Files.readString(PROCESS_STATUS));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Parses the {@code SigBlk:} line of a {@code /proc/PID/status} text (hex mask, bit n-1 is signal n). */
    static List<ProcSignal> notBlocked(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("SigBlk:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigBlk:".length()).strip(), 16);
                List<ProcSignal> missing = new ArrayList<>();
                for (ProcSignal signal : MUST_BE_BLOCKED) {
                    if ((mask & (1L << (signal.number() - 1))) == 0) {
                        missing.add(signal);
                    }
                }
                return missing;
            }
        }
        return List.of();
    }

    private PostmasterSignals() {
    }
}
