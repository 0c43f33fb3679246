package osgres.api;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * An accepted client socket, handed by osgres.listener to the postmaster and by the postmaster to a new
 * backend child.
 *
 * @param channel    blocking socket channel (TCP with TCP_NODELAY, or Unix-domain)
 * @param local      true for a Unix-domain socket
 * @param address    client address for TCP, null for Unix-domain
 * @param remotePort client port for TCP, 0 otherwise
 */
public record ClientConnection(SocketChannel channel, boolean local, InetAddress address, int remotePort) {

    /** {@code [local]} or the numeric address, as PostgreSQL prints the host. */
    public String hostForMessages() {
        return local ? "[local]" : address.getHostAddress();
    }
}
