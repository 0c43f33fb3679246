package osgres.walreceiver.internal;

import java.io.EOFException;
import java.io.IOException;

/**
 * Cuts the primary's byte stream into messages (Byte1 type, Int32 length including itself, body). Bytes that
 * arrive before a whole message stay buffered across calls, so a read that times out mid-message loses nothing.
 */
final class MessageReader {
    /** Refuses a length word no PostgreSQL server sends (a desynchronized or foreign stream). */
    static final int MAX_MESSAGE_LENGTH = 1 << 30;

    private final Transport transport;
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    MessageReader(Transport transport) {
        this.transport = transport;
    }

    /**
     * The next whole message, reading from the transport for at most {@code timeoutMillis} when none is buffered;
     * null when none is complete by then. EOF throws {@link EOFException}.
     */
    BackendMessage next(long timeoutMillis) throws IOException {
        BackendMessage message = buffered();
        if (message != null) {
            return message;
        }
        makeRoom(5);
        int n = transport.read(buffer, end, buffer.length - end, timeoutMillis);
        if (n < 0) {
            throw new EOFException();
        }
        end += n;
        return buffered();
    }

    /** A whole message already buffered, or null; never reads. */
    BackendMessage buffered() throws IOException {
        if (end - start < 5) {
            return null;
        }
        int length = ((buffer[start + 1] & 0xff) << 24) | ((buffer[start + 2] & 0xff) << 16)
                | ((buffer[start + 3] & 0xff) << 8) | (buffer[start + 4] & 0xff);
        if (length < 4 || length > MAX_MESSAGE_LENGTH) {
            throw new IOException("invalid message length " + length);
        }
        if (end - start < 1 + length) {
            makeRoom(1 + length);
            return null;
        }
        char type = (char) (buffer[start] & 0xff);
        byte[] body = new byte[length - 4];
        System.arraycopy(buffer, start + 5, body, 0, body.length);
        start += 1 + length;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new BackendMessage(type, body);
    }

    /** Reads one byte outside the message framing: the answer to SSLRequest. Returns -1 at EOF. */
    int readSingleByte(long timeoutMillis) throws IOException {
        if (end > start) {
            return buffer[start++] & 0xff;
        }
        byte[] one = new byte[1];
        int n = transport.read(one, 0, 1, timeoutMillis);
        if (n < 0) {
            return -1;
        }
        return n == 0 ? -2 : one[0] & 0xff;
    }

    /** Bytes buffered beyond what was consumed (must be none when TLS takes over the socket). */
    boolean hasBufferedBytes() {
        return end > start;
    }

    /** Moves the unread bytes to the front, and grows the buffer to hold {@code needed} bytes with room to read. */
    private void makeRoom(int needed) {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (buffer.length < needed || end == buffer.length) {
            byte[] larger = new byte[Math.max(needed, buffer.length * 2)];
            System.arraycopy(buffer, 0, larger, 0, end);
            buffer = larger;
        }
    }
}
