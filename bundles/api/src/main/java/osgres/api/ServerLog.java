package osgres.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server log, as PostgreSQL's elog.c writes it: {@code log_line_prefix} (default {@code %m [%p] }),
 * then {@code SEVERITY:  message}, then DETAIL / HINT / CONTEXT lines with the same prefix, and last the
 * {@code STATEMENT:} line a backend adds for an error raised while it ran a statement (elog.c prints it when
 * the severity reaches {@code log_min_error_statement}; the backend decides, this class only writes it). Every
 * role logs through
 * here; the lines go out through SLF4J (Pax Logging prints them as they are, {@code %m%n}).
 *
 * <p>{@code [%p]} is the pid of the child running on the current thread (bound with {@link #bindProcess}),
 * or the postmaster's pid on any other thread. Session escapes ({@code %u %d %a %r %h}) come from
 * {@link #bindSession}. The prefix and {@code log_min_messages} are set by osgres.config on each (re)load.
 */
public final class ServerLog {
    private static final Logger LOG = LoggerFactory.getLogger("osgres");
    private static final long POSTMASTER_PID = ProcessHandle.current().pid();
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS zzz",
            Locale.ROOT);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz",
            Locale.ROOT);

    private static final ThreadLocal<Process> PROCESS = new ThreadLocal<>();

    private static volatile String linePrefix = "%m [%p] ";
    private static volatile ZoneId logZone = ZoneId.of("UTC");
    private static volatile Severity minMessages = Severity.WARNING;

    /** What the current thread is: its pid, its backend type, and its session (if a backend). */
    private record Process(int pid, ChildKind kind, String user, String database, String application,
                           String remoteHost, String remotePort) {
    }

    private ServerLog() {
    }

    /** Marks the current thread as child {@code pid}: its log lines carry that pid. */
    public static void bindProcess(int pid, ChildKind kind) {
        PROCESS.set(new Process(pid, kind, "", "", "", "", ""));
    }

    /** Adds the session's identity (after authentication) for {@code %u %d %a %h %r}. */
    public static void bindSession(String user, String database, String application, String remoteHost,
                                   String remotePort) {
        Process p = PROCESS.get();
        if (p != null) {
            PROCESS.set(new Process(p.pid(), p.kind(), user, database, application, remoteHost, remotePort));
        }
    }

    public static void unbind() {
        PROCESS.remove();
    }

    /** The pid log lines of this thread show: the bound child, or the postmaster. */
    public static long currentPid() {
        Process p = PROCESS.get();
        return p == null ? POSTMASTER_PID : p.pid();
    }

    public static void configure(String prefix, ZoneId zone, Severity minimum) {
        linePrefix = Objects.requireNonNull(prefix);
        logZone = Objects.requireNonNull(zone);
        minMessages = Objects.requireNonNull(minimum);
    }

    /** {@code log_timezone}, for timestamps inside messages ("database system was shut down at %s"). */
    public static String formatTimestamp(Instant at) {
        return SECONDS.format(ZonedDateTime.ofInstant(at, logZone));
    }

    public static void log(String message) {
        write(Severity.LOG, message, null, null, null);
    }

    public static void log(Severity severity, String message) {
        write(severity, message, null, null, null);
    }

    public static void log(Severity severity, String message, String detail, String hint) {
        write(severity, message, detail, hint, null);
    }

    /** With a CONTEXT line (e.g. {@code line 3 of configuration file "..."}), after DETAIL and HINT. */
    public static void log(Severity severity, String message, String detail, String hint, String context) {
        write(severity, message, detail, hint, context);
    }

    public static void log(PgException e) {
        write(e.severity(), e.getMessage(), e.logDetail(), e.hint(), null);
    }

    /**
     * An error with the statement that raised it: {@code STATEMENT:  <text>} after the DETAIL and HINT lines;
     * {@code statement} null writes no such line.
     */
    public static void log(PgException e, String statement) {
        write(e.severity(), e.getMessage(), e.logDetail(), e.hint(), null, statement);
    }

    /** The same as PostgreSQL's log_min_messages test: LOG is above WARNING for the server log. */
    public static boolean isLogged(Severity severity) {
        return severity.ordinal() >= minMessages.ordinal();
    }

    private static void write(Severity severity, String message, String detail, String hint, String context) {
        write(severity, message, detail, hint, context, null);
    }

    private static void write(Severity severity, String message, String detail, String hint, String context,
                              String statement) {
        if (!isLogged(severity)) {
            return;
        }
        String prefix = prefix();
        StringBuilder line = new StringBuilder(128);
        line.append(prefix).append(severity.label()).append(":  ").append(message);
        if (detail != null) {
            line.append('\n').append(prefix).append("DETAIL:  ").append(detail);
        }
        if (hint != null) {
            line.append('\n').append(prefix).append("HINT:  ").append(hint);
        }
        if (context != null) {
            line.append('\n').append(prefix).append("CONTEXT:  ").append(context);
        }
        if (statement != null) {
            line.append('\n').append(prefix).append("STATEMENT:  ").append(statement);
        }
        LOG.info(line.toString());
    }

    /** Expands {@code log_line_prefix} for the current thread. */
    static String prefix() {
        String format = linePrefix;
        Process p = PROCESS.get();
        StringBuilder out = new StringBuilder(48);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char escape = format.charAt(++i);
            switch (escape) {
                case 'm' -> out.append(MILLIS.format(ZonedDateTime.now(logZone)));
                case 't' -> out.append(SECONDS.format(ZonedDateTime.now(logZone)));
                case 'n' -> out.append(String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0));
                case 'p' -> out.append(currentPid());
                case 'b' -> out.append(p == null ? "postmaster" : p.kind().backendType());
                case 'u' -> out.append(p == null ? "" : p.user());
                case 'd' -> out.append(p == null ? "" : p.database());
                case 'a' -> out.append(p == null ? "" : p.application());
                case 'h' -> out.append(p == null ? "" : p.remoteHost());
                case 'r' -> out.append(p == null || p.remoteHost().isEmpty() ? ""
                        : p.remotePort().isEmpty() ? p.remoteHost() : p.remoteHost() + "(" + p.remotePort() + ")");
                case 'q' -> {
                    if (p == null || p.kind() != ChildKind.BACKEND) {
                        return out.toString();
                    }
                }
                case '%' -> out.append('%');
                default -> {
                    // escapes osgres does not track yet (%c %l %s %v %x %e %i %Q %P) print nothing
                }
            }
        }
        return out.toString();
    }
}
