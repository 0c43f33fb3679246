package osgres.config.internal;

import osgres.api.ServerLog;

/** Writes collected {@link LogEntry} lines to the server log, CONTEXT included (hba.c's errors carry one). */
final class LogWriter {

    private LogWriter() {
    }

    static void write(LogEntry entry) {
        ServerLog.log(entry.severity(), entry.message(), entry.detail(), entry.hint(), entry.context());
    }
}
