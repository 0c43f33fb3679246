package osgres.api;

import java.util.List;

/**
 * The postmaster's request interface, registered by osgres.postmaster. Callers (the signal handler, the
 * shell, backends running pg_terminate_backend) only enqueue requests: the postmaster's event loop acts on
 * them, as PostgreSQL's postmaster acts on signals. Every method returns quickly.
 */
public interface PostmasterControl {

    /** SIGTERM / SIGINT / SIGQUIT to the postmaster. */
    void requestShutdown(ShutdownMode mode);

    /** SIGHUP to the postmaster: re-read postgresql.conf and pg_hba.conf, tell every child. */
    void requestReload();

    /**
     * SIGUSR1 to the postmaster (PMSignal): checks the {@code promote} and {@code logrotate} files and
     * pending child requests.
     */
    void requestUsr1();

    /**
     * Sends a signal to one child, as {@code kill(pid, sig)}. Returns false if no such child exists.
     * TERM to a backend is {@code pg_terminate_backend}, INT is {@code pg_cancel_backend} (cancels its
     * current query), QUIT makes it exit at once, KILL abandons it and is handled as a crash.
     */
    boolean signalChild(int pid, ProcSignal signal);

    /** CancelRequest from a client: cancels the backend's query if the key matches, logs otherwise. */
    void cancelRequest(int pid, int cancelKey);

    /** Stops one auxiliary process and starts it again; returns false if no running child has that kind. */
    boolean restartAuxiliary(ChildKind kind);

    ServerStatus status();

    List<ChildInfo> children();
}
