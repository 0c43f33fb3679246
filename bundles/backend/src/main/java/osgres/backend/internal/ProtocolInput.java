package osgres.backend.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * The receiving side of one client socket (pqcomm.c's pq_getbyte / pq_getbytes / pq_getmessage): a small
 * read buffer over a blocking channel, and message bodies read straight into their own arrays.
 *
 * <p>Memory stays small for idle sessions: the buffer is 1 KiB outside bulk input; a message body larger than
 * what is buffered is read into an array that grows only as its bytes actually arrive, so a client that
 * announces a huge length without sending it cannot make the server allocate that much.
 *
 * <p>Bulk input (COPY FROM STDIN) switches to a 64 KiB buffer for its duration ({@link #beginBulk}), so that
 * many small CopyData messages arrive per read, and hands each CopyData body over as a slice of that buffer
 * without copying it ({@link #consumeBody}); the small buffer comes back once the bulk bytes are read.
 *
 * <p>Before every read that would block, {@code beforeBlocking} runs: the session flushes its pending
 * output there, so a client that waits for an answer without having sent Sync or Flush still gets it.
 * End of input (client gone, or the socket shut down by a signal) is reported as {@link EOFException}.
 */
final class ProtocolInput {
    /** pqcomm.h: limit for messages that are never long (Sync, Execute, Describe...). */
    static final int SMALL_MESSAGE_LIMIT = 10000;
    /** pqcomm.h: MaxAllocSize - 1, for Query, Parse, Bind, CopyData, FunctionCall. */
    static final int LARGE_MESSAGE_LIMIT = 0x3fffffff - 1;
    private static final int BUFFER_SIZE = 1024;
    private static final int BULK_BUFFER_SIZE = 64 * 1024;

    /** The socket, or the TLS connection over it once SSLRequest has been answered {@code S}. */
    private ReadableByteChannel channel;
    private final Runnable beforeBlocking;
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private boolean bulk;
    /** Bodies of at most BULK_BUFFER_SIZE that straddle a read are assembled here (bulk mode only). */
    private byte[] assembly;

    /** Receives a message body as a slice that is valid only during the call. */
    @FunctionalInterface
    interface SliceConsumer {
        void accept(byte[] array, int offset, int length);
    }

    ProtocolInput(ReadableByteChannel channel, Runnable beforeBlocking) {
        this.channel = channel;
        this.beforeBlocking = beforeBlocking;
    }

    /** After the TLS handshake: later reads decrypt. Nothing may be buffered (the caller checked). */
    void switchTo(ReadableByteChannel tls) {
        this.channel = tls;
    }

    /** True when received bytes wait in the buffer (a pipelining client). */
    boolean hasBufferedData() {
        return buffer.hasRemaining();
    }

    /** One byte, or -1 at end of input. */
    int readByteOrEof() throws IOException {
        if (!buffer.hasRemaining() && !refill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    /** A big-endian int32; EOFException if the input ends first. */
    int readInt() throws IOException {
        if (buffer.remaining() >= 4) {
            return buffer.getInt();
        }
        byte[] word = readBytes(4);
        return ((word[0] & 0xff) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8) | (word[3] & 0xff);
    }

    /** Exactly {@code length} bytes; EOFException if the input ends first. */
    byte[] readBytes(int length) throws IOException {
        if (buffer.remaining() >= length) {
            byte[] out = new byte[length];
            buffer.get(out);
            return out;
        }
        byte[] out = new byte[Math.min(length, Math.max(BUFFER_SIZE, buffer.remaining()))];
        int filled = 0;
        while (filled < length) {
            if (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), length - filled);
                out = ensureLength(out, filled + n, length);
                buffer.get(out, filled, n);
                filled += n;
                continue;
            }
            if (filled == out.length) {
                out = ensureLength(out, filled + 1, length);
            }
            beforeBlocking.run();
            int n = channel.read(ByteBuffer.wrap(out, filled, out.length - filled));
            if (n < 0) {
                throw new EOFException();
            }
            filled += n;
        }
        return out;
    }

    /** Bulk input starts: a large read buffer, keeping what is already buffered. */
    void beginBulk() {
        bulk = true;
        if (buffer.capacity() < BULK_BUFFER_SIZE) {
            buffer = ByteBuffer.allocate(BULK_BUFFER_SIZE).put(buffer).flip();
        }
    }

    /** Bulk input ended: back to the small buffer now, or at the next read if more is buffered than it holds. */
    void endBulk() {
        bulk = false;
        assembly = null;
        if (buffer.capacity() > BUFFER_SIZE && buffer.remaining() <= BUFFER_SIZE) {
            buffer = ByteBuffer.allocate(BUFFER_SIZE).put(buffer).flip();
        }
    }

    /**
     * Reads a body of {@code length} bytes and hands it to {@code consumer} in one piece: a slice of the read
     * buffer when it is all there (no copy), else assembled first. The body counts as read before the consumer
     * runs, so an exception from it leaves the input at the next message.
     */
    void consumeBody(int length, SliceConsumer consumer) throws IOException {
        if (buffer.remaining() >= length) {
            int start = buffer.arrayOffset() + buffer.position();
            buffer.position(buffer.position() + length);
            consumer.accept(buffer.array(), start, length);
            return;
        }
        if (length > BULK_BUFFER_SIZE) {
            byte[] body = readBytes(length);
            consumer.accept(body, 0, length);
            return;
        }
        if (assembly == null) {
            assembly = new byte[BULK_BUFFER_SIZE];
        }
        int filled = 0;
        while (filled < length) {
            if (!buffer.hasRemaining() && !refill()) {
                throw new EOFException();
            }
            int n = Math.min(buffer.remaining(), length - filled);
            buffer.get(assembly, filled, n);
            filled += n;
        }
        consumer.accept(assembly, 0, length);
    }

    /** Grows by doubling (never beyond {@code limit}) so that at least {@code needed} bytes fit. */
    private static byte[] ensureLength(byte[] array, int needed, int limit) {
        if (needed <= array.length) {
            return array;
        }
        long grown = Math.max(needed, (long) array.length * 2);
        return Arrays.copyOf(array, (int) Math.min(grown, limit));
    }

    private boolean refill() throws IOException {
        if (!bulk && buffer.capacity() > BUFFER_SIZE) {
            buffer = ByteBuffer.allocate(BUFFER_SIZE);
        }
        buffer.clear();
        beforeBlocking.run();
        int n;
        do {
            n = channel.read(buffer);
        } while (n == 0);
        buffer.flip();
        return n > 0;
    }
}
