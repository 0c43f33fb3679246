package osgres.walreceiver.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * A plain connection (TCP or Unix-domain socket) as a non-blocking channel with a selector, so connecting and
 * reading wait in short slices: a TERM is seen within one slice, and a connect has connect_timeout's deadline.
 */
final class ChannelTransport implements Transport {
    /** How long one wait lasts before the stop check runs again. */
    static final long SLICE_MILLIS = 100;

    private final SocketChannel channel;
    private final Selector selector;

    private ChannelTransport(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Connects to {@code address}, waiting until {@code deadlineNanos} (System.nanoTime; 0 means none): throws
     * InterruptedException when {@code stop} says so meanwhile, {@link ConnectTimeout} when the deadline passes.
     */
    static ChannelTransport connect(SocketAddress address, long deadlineNanos, BooleanSupplier stop)
            throws IOException, InterruptedException {
        SocketChannel channel = SocketChannel.open(protocolOf(address));
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            if (!channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    if (stop.getAsBoolean()) {
                        throw new InterruptedException();
                    }
                    if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos >= 0) {
                        throw new ConnectTimeout();
                    }
                    selector.select(SLICE_MILLIS);
                    selector.selectedKeys().clear();
                }
                channel.keyFor(selector).cancel();
                selector.selectNow();
            }
            return new ChannelTransport(channel, selector);
        } catch (IOException | InterruptedException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    private static ProtocolFamily protocolOf(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        return ((InetSocketAddress) address).getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Hands the channel to a TLS layer: it becomes blocking and this transport no longer owns the selector. */
    SocketChannel detachForTls() throws IOException {
        selector.close();
        channel.configureBlocking(true);
        return channel;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, length);
        int n = channel.read(target);
        if (n != 0 || timeoutMillis <= 0) {
            return n;
        }
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            selector.select(timeoutMillis);
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
        return channel.read(target);
    }

    @Override
    public void write(byte[] data) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(data);
        while (source.hasRemaining()) {
            if (channel.write(source) == 0) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
                try {
                    selector.select(SLICE_MILLIS);
                    selector.selectedKeys().clear();
                } finally {
                    key.interestOps(0);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }

    /** connect_timeout passed before the connection was made. */
    static final class ConnectTimeout extends IOException {
        ConnectTimeout() {
            super("timeout expired");
        }
    }
}
