package osgres.listener.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import osgres.api.ClientConnection;
import osgres.api.Listener;
import osgres.api.PgException;
import osgres.api.ServerLog;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * The postmaster's listen sockets (PostgreSQL's pqcomm.c StreamServerPort and the socket lock files of
 * miscinit.c). TCP sockets for each {@code listen_addresses} entry ({@code *} = every IPv4 and IPv6 address,
 * {@code localhost} = its loopback addresses), a Unix socket {@code .s.PGSQL.<port>} with mode
 * {@code unix_socket_permissions} and a {@code .lock} file in each {@code unix_socket_directories} entry.
 * One platform thread per socket blocks in accept and hands each connection to the postmaster's callback;
 * it does not decide whether a connection is welcome (that is the postmaster's canAcceptConnections).
 */
@Component(service = Listener.class)
public final class SocketListener implements Listener {
    private static final int BACKLOG = 1024;

    private final List<ServerSocketChannel> channels = new CopyOnWriteArrayList<>();
    private final List<Path> filesToRemove = new CopyOnWriteArrayList<>();
    private final List<Thread> acceptors = new CopyOnWriteArrayList<>();
    private volatile boolean open;

    @Override
    public synchronized Opened open(int port, String listenAddresses, String unixSocketDirectories,
                                    int unixSocketPermissions, List<String> lockFileLines,
                                    Consumer<ClientConnection> onAccept) {
        open = true;
        List<String> tcp = new ArrayList<>();
        String firstTcp = "";
        boolean anyTcpRequested = false;
        for (String entry : splitList(listenAddresses)) {
            anyTcpRequested = true;
            boolean bound = false;
            for (InetAddress address : resolve(entry)) {
                String family = address instanceof Inet6Address ? "IPv6" : "IPv4";
                try {
                    ServerSocketChannel server = ServerSocketChannel.open(address instanceof Inet6Address
                            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    server.bind(new InetSocketAddress(address, port), BACKLOG);
                    channels.add(server);
                    String numeric = address.getHostAddress();
                    int zone = numeric.indexOf('%');
                    numeric = zone < 0 ? numeric : numeric.substring(0, zone);
                    tcp.add(numeric);
                    ServerLog.log("listening on " + family + " address \"" + numeric + "\", port " + port);
                    startAcceptor(server, false, onAccept, numeric);
                    bound = true;
                } catch (BindException e) {
                    ServerLog.log(Severity.LOG, "could not bind " + family + " address \"" + address.getHostAddress()
                            + "\": " + bindReason(e), null, "Is another postmaster already running on port " + port
                            + "? If not, wait a few seconds and retry.");
                } catch (IOException e) {
                    ServerLog.log(Severity.LOG, "could not create " + family + " socket for address \""
                            + address.getHostAddress() + "\": " + e.getMessage());
                }
            }
            if (bound) {
                if (firstTcp.isEmpty()) {
                    firstTcp = entry;
                }
            } else {
                ServerLog.log(Severity.WARNING, "could not create listen socket for \"" + entry + "\"");
            }
        }
        if (anyTcpRequested && tcp.isEmpty()) {
            closeQuietly();
            throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create any TCP/IP sockets");
        }

        List<Path> sockets = new ArrayList<>();
        String firstDirectory = "";
        boolean anyUnixRequested = false;
        for (String directory : splitList(unixSocketDirectories)) {
            anyUnixRequested = true;
            Path socket = Path.of(directory).resolve(".s.PGSQL." + port);
            Path lock = Path.of(directory).resolve(".s.PGSQL." + port + ".lock");
            SocketLockFile.create(lock, socket, lockFileLines, directory);
            filesToRemove.add(lock);
            try {
                Files.deleteIfExists(socket);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socket), BACKLOG);
                filesToRemove.add(socket);
                channels.add(server);
                Files.setPosixFilePermissions(socket, permissions(unixSocketPermissions));
                sockets.add(socket);
                ServerLog.log("listening on Unix socket \"" + socket + "\"");
                startAcceptor(server, true, onAccept, socket.toString());
                if (firstDirectory.isEmpty()) {
                    firstDirectory = directory;
                }
            } catch (IOException e) {
                ServerLog.log(Severity.LOG, "could not bind Unix address \"" + socket + "\": " + e.getMessage(), null,
                        "Is another postmaster already running on port " + port + "?");
                ServerLog.log(Severity.WARNING, "could not create Unix-domain socket in directory \"" + directory
                        + "\"");
            }
        }
        if (anyUnixRequested && sockets.isEmpty()) {
            closeQuietly();
            throw PgException.fatal(SqlState.INTERNAL_ERROR, "could not create any Unix-domain sockets");
        }
        if (channels.isEmpty()) {
            throw PgException.fatal(SqlState.INTERNAL_ERROR, "no socket created for listening");
        }
        return new Opened(List.copyOf(tcp), List.copyOf(sockets), firstTcp, firstDirectory);
    }

    @Override
    @Deactivate
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        open = false;
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a listen socket cannot lose data; nothing to report
            }
        }
        channels.clear();
        for (Path file : filesToRemove) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                ServerLog.log(Severity.LOG, "could not remove file \"" + file + "\": " + e.getMessage());
            }
        }
        filesToRemove.clear();
        for (Thread acceptor : acceptors) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        acceptors.clear();
    }

    private void startAcceptor(ServerSocketChannel server, boolean unix, Consumer<ClientConnection> onAccept,
                               String name) {
        Thread thread = Thread.ofPlatform().daemon().name("postgres: listener " + name).start(() -> {
            while (open && server.isOpen()) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (open) {
                        ServerLog.log(Severity.LOG, "could not accept new connection: " + e.getMessage());
                    }
                    continue;
                }
                try {
                    ClientConnection connection;
                    if (unix) {
                        connection = new ClientConnection(client, true, null, 0);
                    } else {
                        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                        InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
                        connection = new ClientConnection(client, false, remote.getAddress(), remote.getPort());
                    }
                    onAccept.accept(connection);
                } catch (IOException | RuntimeException e) {
                    ServerLog.log(Severity.LOG, "could not accept new connection: " + e.getMessage());
                    try {
                        client.close();
                    } catch (IOException ignored) {
                        // the client is gone already
                    }
                }
            }
        });
        acceptors.add(thread);
    }

    /** {@code *} and empty entries as PostgreSQL reads listen_addresses and unix_socket_directories. */
    static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            String item = part.trim();
            if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
                item = item.substring(1, item.length() - 1);
            }
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    private static Set<InetAddress> resolve(String entry) {
        Set<InetAddress> out = new LinkedHashSet<>();
        try {
            if (entry.equals("*")) {
                out.add(InetAddress.getByName("0.0.0.0"));
                out.add(InetAddress.getByName("::"));
            } else {
                for (InetAddress a : InetAddress.getAllByName(entry)) {
                    if (a instanceof Inet4Address || a instanceof Inet6Address) {
                        out.add(a);
                    }
                }
            }
        } catch (UnknownHostException e) {
            ServerLog.log(Severity.LOG, "could not translate host name \"" + entry + "\", service \"\" to address: "
                    + "Name or service not known");
        }
        return out;
    }

    private static String bindReason(BindException e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("in use") ? "Address already in use" : m;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
