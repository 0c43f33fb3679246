package osgres.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The postmaster's listen sockets (osgres.listener): TCP on {@code listen_addresses:port} and a Unix
 * socket {@code .s.PGSQL.<port>} with its {@code .lock} file in each of {@code unix_socket_directories}.
 * The postmaster opens them during start-up and closes them at exit; accepted sockets are handed to the
 * callback (which only enqueues them for the postmaster's loop).
 */
public interface Listener {

    /**
     * What was opened. {@code firstTcpAddress} is the configured string of the first
     * {@code listen_addresses} entry that bound (postmaster.pid line 6), {@code firstSocketDirectory} the
     * first socket directory (line 5); each is empty if none.
     */
    record Opened(List<String> tcpAddresses, List<Path> unixSockets, String firstTcpAddress,
                  String firstSocketDirectory) {
    }

    /**
     * Opens every socket and starts accepting. Logs PostgreSQL's "listening on ..." lines, and the
     * LOG / WARNING lines for each socket that fails; throws a FATAL {@link PgException} when none of a kind
     * that was asked for could be created ({@code could not create any TCP/IP sockets}...).
     *
     * @param lockFileLines lines 1-4 of postmaster.pid, written into each socket's lock file with the
     *                      socket directory as line 5
     */
    Opened open(int port, String listenAddresses, String unixSocketDirectories, int unixSocketPermissions,
                List<String> lockFileLines, Consumer<ClientConnection> onAccept);

    /** Stops accepting, closes the sockets, removes socket files and lock files. */
    void close();
}
