package osgres.archiver.internal;

/** The archiver's log messages, as pgarch.c and shell_archive.c word them. */
final class Messages {
    private Messages() {
    }

    static final String NOT_CONFIGURED = "archive_mode enabled, yet archiving is not configured";

    static String failedTooManyTimes(String xlog) {
        return "archiving write-ahead log file \"" + xlog + "\" failed too many times, will try again later";
    }

    static String commandFailed(int exitCode) {
        return "archive command failed with exit code " + exitCode;
    }

    static String commandDetail(String command) {
        return "The failed archive command was: " + command;
    }
}
