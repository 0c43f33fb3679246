package osgres.launcher;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Log lines written before the framework (and Pax Logging) runs, in PostgreSQL's default format
 * {@code %m [%p] SEVERITY:  message}, on stderr as postgres writes them without a logging collector.
 */
final class StartupLog {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz",
            Locale.ROOT);

    private StartupLog() {
    }

    static void fatal(String message, String detail, String hint) {
        String prefix = MILLIS.format(ZonedDateTime.now(ZoneId.of("UTC"))) + " [" + ProcessHandle.current().pid()
                + "] ";
        StringBuilder out = new StringBuilder(prefix).append("FATAL:  ").append(message).append('\n');
        if (detail != null) {
            out.append(prefix).append("DETAIL:  ").append(detail).append('\n');
        }
        if (hint != null) {
            out.append(prefix).append("HINT:  ").append(hint).append('\n');
        }
        System.err.print(out);
        System.err.flush();
    }
}
