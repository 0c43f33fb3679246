package osgres.api;

import java.util.Locale;

/**
 * The signals a child of the postmaster can receive, with their Linux numbers. A child is a thread, so
 * a "signal" is a request delivered to it; {@link #KILL} is the one the child cannot handle: it is
 * abandoned and counts as a crash, like a process killed by signal 9.
 */
public enum ProcSignal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    ProcSignal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Accepts {@code TERM}, {@code SIGTERM}, {@code term} or {@code 15}. */
    public static ProcSignal parse(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        if (t.startsWith("-")) {
            t = t.substring(1);
        }
        if (t.startsWith("SIG")) {
            t = t.substring(3);
        }
        for (ProcSignal s : values()) {
            if (s.name().equals(t) || Integer.toString(s.number).equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unrecognized signal name \"" + text + "\"");
    }

    /** strsignal()'s text, as PostgreSQL prints it in "terminated by signal %d: %s". */
    public String description() {
        return switch (this) {
            case HUP -> "Hangup";
            case INT -> "Interrupt";
            case QUIT -> "Quit";
            case KILL -> "Killed";
            case USR1 -> "User defined signal 1";
            case USR2 -> "User defined signal 2";
            case TERM -> "Terminated";
        };
    }
}
