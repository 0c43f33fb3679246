package osgres.backend.internal;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.sql.LogStatement;
import osgres.sql.Statement;
import osgres.sql.StatementLogging;

/**
 * Statement logging of one session, as postgres.c does it around each protocol message:
 * <ul>
 * <li>{@code log_statement}: a simple Query is logged once, whole, after it parsed, when any of its statements is
 *     of a logged class ({@code LOG:  statement: <query>}); an Execute is logged before it runs
 *     ({@code LOG:  execute <unnamed>: <text>}, {@code execute S_1/C_2: ...}, {@code execute fetch from ...} when
 *     a suspended portal goes on) with {@code DETAIL:  parameters: $1 = '...'}; Parse and Bind are not;</li>
 * <li>{@code log_min_duration_statement} / {@code log_duration} (check_log_duration): at the end of each Query,
 *     Parse, Bind and Execute, {@code LOG:  duration: 0.123 ms  <what>} when the duration reached the minimum and the
 *     text was not logged yet, else {@code LOG:  duration: 0.123 ms} with log_duration; nothing after an error;</li>
 * <li>the {@code STATEMENT:} line of an error raised while a message ran (elog.c's debug_query_string, shown when
 *     the error reaches {@code log_min_error_statement}).</li>
 * </ul>
 * These lines never carry a STATEMENT line of their own (errhidestmt). One instance per session, used by the
 * session thread only.
 */
final class StatementLog {
    private final Supplier<StatementLogging> source;
    private StatementLogging settings = StatementLogging.DEFAULT;
    private long startNanos;
    private boolean logged;
    /** debug_query_string: the text of the message being processed, null between messages. */
    private String statement;

    /** {@code source}: the session's current settings (a SET in the message counts at its end, as in PostgreSQL). */
    StatementLog(Supplier<StatementLogging> source) {
        this.source = source;
    }

    /** A message that runs {@code text} starts: settings as they are now, the clock, the STATEMENT text. */
    void begin(String text) {
        settings = source.get();
        startNanos = System.nanoTime();
        logged = false;
        statement = text;
    }

    /** Between messages (top of PostgresMain's loop): an error now has no statement. */
    void clear() {
        statement = null;
    }

    /** The STATEMENT line for an error of {@code severity}, or null. */
    String statementFor(Severity severity) {
        return statement != null && settings.logsStatementOf(severity) ? statement : null;
    }

    /** Logs {@code error} with its STATEMENT line when there is one. */
    void logError(PgException error) {
        ServerLog.log(error, statementFor(error.severity()));
    }

    /** Simple Query, after the parse: {@code statement: <query>} if any of its statements is of a logged class. */
    void simpleQueryParsed(String query, List<Statement> parsed) {
        for (Statement s : parsed) {
            if (logs(s)) {
                ServerLog.log(Severity.LOG, Messages.statementLogged(query), null, null);
                logged = true;
                return;
            }
        }
    }

    /** check_log_statement; the statement's class is asked for only under {@code ddl} and {@code mod}. */
    private boolean logs(Statement s) {
        LogStatement setting = settings.logStatement();
        return switch (setting) {
            case NONE -> false;
            case ALL -> true;
            case DDL, MOD -> !s.isEmpty() && setting.logs(s.logLevel());
        };
    }

    /** Execute, before it runs. */
    void executeStarting(Statement statement, String what, Supplier<String> parameters) {
        if (logs(statement)) {
            ServerLog.log(Severity.LOG, what, parametersDetail(parameters.get()), null);
            logged = true;
        }
    }

    /** check_log_duration for a message without parameters (Query, Parse). */
    void finished(String what) {
        finished(what, () -> null);
    }

    /** check_log_duration at the end of a message that succeeded; {@code what} is the text case 2 shows. */
    void finished(String what, Supplier<String> parameters) {
        settings = source.get();
        if (!settings.timesStatements()) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        long minimum = settings.minDurationMillis();
        boolean exceeded = minimum == 0 || (minimum > 0 && micros / 1000 >= minimum);
        if (!exceeded && !settings.logDuration()) {
            return;
        }
        String millis = String.format(Locale.ROOT, "%d.%03d", micros / 1000, micros % 1000);
        if (exceeded && !logged) {
            ServerLog.log(Severity.LOG, Messages.durationOf(millis, what), parametersDetail(parameters.get()), null);
        } else {
            ServerLog.log(Severity.LOG, Messages.duration(millis), null, null);
        }
    }

    private static String parametersDetail(String parameters) {
        return parameters == null || parameters.isEmpty() ? null : Messages.parametersDetail(parameters);
    }
}
