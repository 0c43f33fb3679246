package osgres.api;

/**
 * PostgreSQL's message severities (elog.h), in the order log_min_messages uses for the server log (LOG ranks
 * above ERROR there).
 */
public enum Severity {
    DEBUG5, DEBUG4, DEBUG3, DEBUG2, DEBUG1, INFO, NOTICE, WARNING, ERROR, LOG, FATAL, PANIC;

    /** The name as it appears in the log and in the ErrorResponse {@code S}/{@code V} fields. */
    public String label() {
        return name().startsWith("DEBUG") ? "DEBUG" : name();
    }

    public boolean isError() {
        return this == ERROR || this == FATAL || this == PANIC;
    }
}
