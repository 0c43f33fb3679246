package osgres.sql;

import osgres.api.Severity;

/**
 * The session's statement-logging settings, read by the backend for each protocol message (postgres.c's
 * check_log_statement, check_log_duration and elog.c's STATEMENT line). All four are superuser-settable, so a
 * session may differ from the server.
 *
 * @param logStatement            {@code log_statement}
 * @param minDurationMillis       {@code log_min_duration_statement}: -1 off, 0 every statement
 * @param logDuration             {@code log_duration}
 * @param minErrorStatement       {@code log_min_error_statement}: errors at or above it get a STATEMENT line
 */
public record StatementLogging(LogStatement logStatement, long minDurationMillis, boolean logDuration,
                               Severity minErrorStatement) {

    /** PostgreSQL's defaults: nothing logged, STATEMENT lines for errors. */
    public static final StatementLogging DEFAULT = new StatementLogging(LogStatement.NONE, -1, false, Severity.ERROR);

    /** Whether an error of {@code severity} gets a STATEMENT line (is_log_level_output). */
    public boolean logsStatementOf(Severity severity) {
        return severity.compareTo(minErrorStatement) >= 0;
    }

    /** Whether any duration logging is on, so that the backend needs to time the message. */
    public boolean timesStatements() {
        return logDuration || minDurationMillis >= 0;
    }
}
