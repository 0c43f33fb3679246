package osgres.shell.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import osgres.api.ServerLog;
import osgres.api.Severity;

/**
 * The owner-only shell channel: a Unix-domain socket in the data directory ({@code .osgres_shell}, mode 0600
 * inside the 0700 data directory, so only the data directory's owner can connect, as only the owner can
 * signal the postmaster with pg_ctl). Each connection gets a virtual thread and its own {@link ShellSession};
 * the protocol is {@link ShellProtocol}'s. It has no authentication of its own (the file system is the
 * authentication) and no counterpart in PostgreSQL, whose operators signal the postmaster instead.
 */
final class ShellChannel implements AutoCloseable {

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Path socketPath;
    private final Supplier<ShellSession> sessions;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Thread acceptor;
    /** Guarded by this: set once by close(), after which no connection is added. */
    private boolean closing;

    ShellChannel(Path socketPath, Supplier<ShellSession> sessions) {
        this.socketPath = socketPath;
        this.sessions = sessions;
    }

    /**
     * Binds the socket (replacing a stale file left by a server that crashed, but never a live one), restricts
     * it to the owner and starts accepting.
     */
    void start() throws IOException {
        if (Files.exists(socketPath)) {
            if (isLive(socketPath)) {
                throw new IOException(Messages.SOCKET_IN_USE);
            }
            Files.deleteIfExists(socketPath);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socketPath));
            // Between bind and chmod the file follows the umask; the 0700 data directory covers that window.
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(socketPath);
            throw e;
        }
        server = channel;
        acceptor = Thread.ofVirtual().name("osgres shell channel").start(this::acceptLoop);
    }

    Path socketPath() {
        return socketPath;
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone, or closing failed in a way nobody can act on
        }
    }

    private static boolean isLive(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                ServerLog.log(Severity.WARNING, Messages.connectionFailed(e.getMessage()));
                return;
            }
            synchronized (this) {
                if (closing) {
                    closeQuietly(connection);
                    return;
                }
                connections.add(connection);
            }
            Thread.ofVirtual().name("osgres shell session").start(() -> serve(connection));
        }
    }

    private void serve(SocketChannel connection) {
        try (connection;
             ShellSession session = sessions.get();
             BufferedReader in = new BufferedReader(
                     new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
             Writer out = new BufferedWriter(
                     new OutputStreamWriter(Channels.newOutputStream(connection), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    ShellProtocol.writeReply(out, "", "", 0);
                } else {
                    ShellSession.Result result = session.run(line);
                    ShellProtocol.writeReply(out, result.output(), result.errors(), result.status());
                }
                out.flush();
            }
        } catch (ClosedChannelException closed) {
            // the channel is stopping, or the client went away mid-reply
        } catch (IOException e) {
            if (connection.isOpen()) {
                ServerLog.log(Severity.WARNING, Messages.connectionFailed(e.getMessage()));
            }
        } finally {
            connections.remove(connection);
        }
    }

    /** Stops accepting, drops every connection, waits (bounded) for the acceptor and removes the socket file. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        // A connection accepted while closing is either in the set below or sees the flag and closes itself.
        synchronized (this) {
            closing = true;
        }
        closeQuietly(server);
        connections.forEach(ShellChannel::closeQuietly);
        try {
            acceptor.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            ServerLog.log(Severity.WARNING, Messages.couldNotRemoveSocket(socketPath, e.getMessage()));
        }
        server = null;
    }
}
