package osgres.api;

import java.util.Locale;

/** The three shutdown modes, in increasing strength; PostgreSQL's {@code Shutdown} variable. */
public enum ShutdownMode {
    /** SIGTERM: refuse new sessions, wait for the existing ones to end. */
    SMART,
    /** SIGINT: end every session with 57P01, then a shutdown checkpoint. */
    FAST,
    /** SIGQUIT: end everything at once, no checkpoint; the next start recovers. */
    IMMEDIATE;

    /** Parses pg_ctl's spelling: {@code smart|s}, {@code fast|f}, {@code immediate|i}. */
    public static ShutdownMode parse(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "smart", "s" -> SMART;
            case "fast", "f" -> FAST;
            case "immediate", "i" -> IMMEDIATE;
            default -> throw new IllegalArgumentException("unrecognized shutdown mode \"" + mode + "\"");
        };
    }
}
