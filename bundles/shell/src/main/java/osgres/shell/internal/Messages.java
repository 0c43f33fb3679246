package osgres.shell.internal;

import java.nio.file.Path;

/**
 * Every text the shell bundle prints or logs, in one place so they grep. Where pg_ctl has a message for the
 * same situation, the text is pg_ctl's (without its {@code pg_ctl: } prefix).
 */
final class Messages {

    static final String SERVER_SIGNALED = "server signaled";

    static String shutdownRequested(String mode) {
        return mode + " shutdown requested";
    }

    static String unrecognizedShutdownMode(String mode) {
        return "unrecognized shutdown mode \"" + mode + "\"";
    }

    static String unrecognizedSignalName(String name) {
        return "unrecognized signal name \"" + name + "\"";
    }

    static String invalidProcessId(String pid) {
        return "invalid process ID \"" + pid + "\"";
    }

    static String couldNotSendSignal(int signal, long pid) {
        return "could not send signal " + signal + " (PID: " + pid + "): No such process";
    }

    static String cannotKillPostmaster() {
        return "SIGKILL cannot be sent to the postmaster; use \"osgres:stop immediate\"";
    }

    static String unrecognizedProcessType(String name, String known) {
        return "unrecognized process type \"" + name + "\" (one of: " + known + ")";
    }

    static final String CANNOT_RESTART_BACKEND =
            "client backends cannot be restarted; use \"osgres:kill TERM PID\" to terminate one";

    static String restartRequested(String kind) {
        return kind + " restart requested";
    }

    static String notRunning(String kind) {
        return "no " + kind + " process is running";
    }

    static String noDataDirectory(String property) {
        return "shell channel not started: framework property \"" + property + "\" is not set";
    }

    static String couldNotCreateSocket(Path path, String reason) {
        return "could not create shell socket \"" + path + "\": " + reason;
    }

    static final String SOCKET_IN_USE = "another server is listening on it";

    static String couldNotRemoveSocket(Path path, String reason) {
        return "could not remove shell socket \"" + path + "\": " + reason;
    }

    static String connectionFailed(String reason) {
        return "shell connection failed: " + reason;
    }

    private Messages() {
    }
}
