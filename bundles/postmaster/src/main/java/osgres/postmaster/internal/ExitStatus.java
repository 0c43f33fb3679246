package osgres.postmaster.internal;

/**
 * How a child ended, in waitpid()'s terms: an exit code, or the signal that "terminated" it. For a thread,
 * returning normally is 0, a FATAL is 1, quickdie is 2, an uncaught throwable is SIGABRT (6, as an
 * assertion failure's abort()), and {@code osgres:kill KILL} is SIGKILL (9).
 */
record ExitStatus(int code, int signal, String signalText) {
    static final ExitStatus NORMAL = new ExitStatus(0, 0, null);
    static final ExitStatus FATAL = new ExitStatus(1, 0, null);
    static final ExitStatus QUICKDIE = new ExitStatus(2, 0, null);

    static ExitStatus killed() {
        return new ExitStatus(0, 9, "Killed");
    }

    static ExitStatus aborted() {
        return new ExitStatus(0, 6, "Aborted");
    }

    boolean isSignal() {
        return signal != 0;
    }

    /** "exited with exit code 1" or "was terminated by signal 9: Killed", as LogChildExit prints it. */
    String describe() {
        return isSignal() ? "was terminated by signal " + signal + ": " + signalText : "exited with exit code " + code;
    }
}
