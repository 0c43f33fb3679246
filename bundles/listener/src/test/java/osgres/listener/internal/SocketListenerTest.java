package osgres.listener.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import osgres.api.ClientConnection;
import osgres.api.Listener;
import osgres.api.PgException;

class SocketListenerTest {
    @TempDir
    Path socketDir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void opensTcpAndUnixSocketsWithLockFileAndHandsOverConnections() throws Exception {
        int port = freePort();
        SocketListener listener = new SocketListener();
        LinkedBlockingQueue<ClientConnection> accepted = new LinkedBlockingQueue<>();
        Listener.Opened opened = listener.open(port, "127.0.0.1", socketDir.toString(), 0777,
                List.of("4711", "/data", "1795563642", Integer.toString(port)), accepted::add);
        try {
            assertThat(opened.tcpAddresses()).containsExactly("127.0.0.1");
            assertThat(opened.firstTcpAddress()).isEqualTo("127.0.0.1");
            assertThat(opened.firstSocketDirectory()).isEqualTo(socketDir.toString());
            Path socket = socketDir.resolve(".s.PGSQL." + port);
            assertThat(opened.unixSockets()).containsExactly(socket);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rwxrwxrwx");
            assertThat(Files.readString(socketDir.resolve(".s.PGSQL." + port + ".lock")))
                    .isEqualTo("4711\n/data\n1795563642\n" + port + "\n" + socketDir + "\n");

            try (Socket tcp = new Socket("127.0.0.1", port)) {
                ClientConnection c = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(c).isNotNull();
                assertThat(c.local()).isFalse();
                assertThat(c.remotePort()).isEqualTo(tcp.getLocalPort());
                c.channel().close();
            }
            try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                unix.connect(UnixDomainSocketAddress.of(socket));
                ClientConnection c = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(c).isNotNull();
                assertThat(c.local()).isTrue();
                assertThat(c.hostForMessages()).isEqualTo("[local]");
                c.channel().close();
            }
        } finally {
            listener.close();
        }
        assertThat(socketDir.resolve(".s.PGSQL." + port)).doesNotExist();
        assertThat(socketDir.resolve(".s.PGSQL." + port + ".lock")).doesNotExist();
    }

    @Test
    void portInUseIsFatalWhenNoTcpSocketCanBeCreated() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketListener listener = new SocketListener();
            assertThatThrownBy(() -> listener.open(busy.getLocalPort(), "127.0.0.1", "", 0777,
                    List.of("1", "/d", "0", "0"), c -> { }))
                    .isInstanceOf(PgException.class).hasMessage("could not create any TCP/IP sockets");
        }
    }

    @Test
    void liveSocketLockFileOfAnotherProcessIsFatal() throws Exception {
        int port = freePort();
        Files.writeString(socketDir.resolve(".s.PGSQL." + port + ".lock"), "1\n/other\n0\n" + port + "\n"
                + socketDir + "\n");
        SocketListener listener = new SocketListener();
        assertThatThrownBy(() -> listener.open(port, "", socketDir.toString(), 0777, List.of("2", "/d", "0", "0"),
                c -> { }))
                .isInstanceOf(PgException.class)
                .hasMessage("lock file \"" + socketDir.resolve(".s.PGSQL." + port + ".lock") + "\" already exists");
    }
}
