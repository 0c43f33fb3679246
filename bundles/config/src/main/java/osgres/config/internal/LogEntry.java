package osgres.config.internal;

import osgres.api.PgException;
import osgres.api.Severity;

/**
 * One server-log message produced while reading configuration files, collected instead of written at once so
 * that loading and reloading stay pure and testable; {@link ConfigComponent} writes them through ServerLog.
 *
 * @param context PostgreSQL's CONTEXT line (pg_hba.conf errors name the line), or null
 */
record LogEntry(Severity severity, String message, String detail, String hint, String context) {

    static LogEntry log(String message) {
        return new LogEntry(Severity.LOG, message, null, null, null);
    }

    /** A value error raised while applying a file, logged at LOG level with its DETAIL and HINT. */
    static LogEntry log(PgException error) {
        return new LogEntry(Severity.LOG, error.getMessage(), error.detail(), error.hint(), null);
    }

    /** The line as ServerLog would write it without the prefix: handy in tests and reports. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(severity.label()).append(":  ").append(message);
        if (detail != null) {
            text.append("\nDETAIL:  ").append(detail);
        }
        if (hint != null) {
            text.append("\nHINT:  ").append(hint);
        }
        if (context != null) {
            text.append("\nCONTEXT:  ").append(context);
        }
        return text.toString();
    }
}
