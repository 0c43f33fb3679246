package osgres.backend.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import osgres.api.PgException;
import osgres.sql.Column;

/**
 * The sending side of one client socket: every backend message of protocol 3.0 (pqcomm.c, pqformat.c and
 * the senders in postgres.c, elog.c and auth.c), buffered and written only when the session flushes.
 *
 * <p>Layout, all integers big-endian: {@code type byte, int32 length (itself included, type excluded), body}.
 * <pre>
 *   R AuthenticationOk        int32 0                 R CleartextPassword   int32 3
 *   R SASL                    int32 10, names\0.., \0 R SASLContinue        int32 11, data
 *   S ParameterStatus         name\0 value\0          K BackendKeyData      int32 pid, int32 key
 *   Z ReadyForQuery           byte I|T|E              v NegotiateProtocol   int32 version, int32 n, names\0
 *   T RowDescription          int16 n, n x (name\0, int32 table oid, int16 attnum, int32 type oid,
 *                                                   int16 typlen, int32 typmod, int16 format)
 *   D DataRow                 int16 n, n x (int32 length or -1 for NULL, bytes)
 *   t ParameterDescription    int16 n, n x int32 type oid
 *   C CommandComplete         tag\0                   I EmptyQueryResponse, n NoData, s PortalSuspended,
 *                                                     1 ParseComplete, 2 BindComplete, 3 CloseComplete
 *   G CopyInResponse          int8 format (0 text, 1 binary), int16 n, n x int16 column format
 *   H CopyOutResponse         same layout as G    d CopyData            bytes       c CopyDone (empty)
 *   E ErrorResponse / N NoticeResponse: fields (code byte, text\0)..., \0; codes S V C M D H P, in this order.
 * </pre>
 * Protocol 2's error (only to refuse a 2.0 client): byte {@code E}, {@code "FATAL:  message\n"}, NUL.
 *
 * <p>Threads: the session thread writes results; a signal (TERM while idle, QUIT at any time) writes its
 * message from another thread. Every message is appended and every flush done under one lock, so messages
 * never interleave and a buffer holds only whole messages. Once {@link #close()} ran (the connection is
 * being torn down) further writes are dropped silently. A failed write is remembered ({@link #failure()})
 * and later writes are dropped too; the session turns it into "connection to client lost".
 *
 * <p>Memory: the buffer starts at 1 KiB, grows for large messages and goes back to 1 KiB after a flush;
 * pending output is written once it passes 8 KiB.
 */
final class ProtocolOutput {
    private static final int INITIAL_SIZE = 1024;
    private static final int FLUSH_THRESHOLD = 8192;
    private static final int SHRINK_ABOVE = 32 * 1024;

    /** The socket, or the TLS connection over it once SSLRequest has been answered {@code S}. */
    private volatile WritableByteChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_SIZE);
    private int messageStart;
    private boolean closed;
    private volatile IOException failure;
    private volatile long flushesStarted;
    private volatile long flushesCompleted;

    ProtocolOutput(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** After the TLS handshake: later output is encrypted. */
    void switchTo(WritableByteChannel tls) {
        lock.lock();
        try {
            this.channel = tls;
        } finally {
            lock.unlock();
        }
    }

    ReentrantLock lock() {
        return lock;
    }

    /** The write error that broke the connection, or null. */
    IOException failure() {
        return failure;
    }

    /** The number of the write under way (it may be blocked on a client that does not read), or -1. */
    long flushInProgress() {
        long started = flushesStarted;
        return started != flushesCompleted ? started : -1;
    }

    boolean hasPending() {
        lock.lock();
        try {
            return buffer.position() > 0 && !closed;
        } finally {
            lock.unlock();
        }
    }

    // ---- authentication and greeting ----

    void authenticationRequest(int code, byte[] data) {
        lock.lock();
        try {
            begin('R');
            putInt(code);
            putBytes(data);
            end();
        } finally {
            lock.unlock();
        }
    }

    void parameterStatus(String name, String value) {
        lock.lock();
        try {
            begin('S');
            putString(name);
            putString(value);
            end();
        } finally {
            lock.unlock();
        }
    }

    void backendKeyData(int pid, int key) {
        lock.lock();
        try {
            begin('K');
            putInt(pid);
            putInt(key);
            end();
        } finally {
            lock.unlock();
        }
    }

    void negotiateProtocolVersion(int newestMinor, List<String> unrecognizedOptions) {
        lock.lock();
        try {
            begin('v');
            putInt(newestMinor);
            putInt(unrecognizedOptions.size());
            for (String option : unrecognizedOptions) {
                putString(option);
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    /** The one-byte answer to SSLRequest / GSSENCRequest, written at once. */
    void negotiationAnswer(char answer) {
        lock.lock();
        try {
            ensure(1);
            buffer.put((byte) answer);
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Protocol 2.0's error message, the only thing ever sent to a 1.x or 2.x client. */
    void protocol2Error(String message) {
        lock.lock();
        try {
            byte[] text = ("FATAL:  " + message + "\n").getBytes(StandardCharsets.UTF_8);
            ensure(text.length + 2);
            buffer.put((byte) 'E').put(text).put((byte) 0);
        } finally {
            lock.unlock();
        }
    }

    // ---- query results ----

    void readyForQuery(char status) {
        lock.lock();
        try {
            begin('Z');
            ensure(1);
            buffer.put((byte) status);
            end();
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    void rowDescription(List<Column> columns, short[] formats) {
        lock.lock();
        try {
            begin('T');
            putShort(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                putString(c.name());
                ensure(18);
                buffer.putInt(c.tableOid()).putShort(c.columnNumber()).putInt(c.typeOid()).putShort(c.typeSize())
                        .putInt(c.typeModifier()).putShort(formats == null || i >= formats.length ? 0 : formats[i]);
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    void dataRow(byte[][] values) {
        lock.lock();
        try {
            begin('D');
            putShort(values.length);
            for (byte[] value : values) {
                if (value == null) {
                    putInt(-1);
                } else {
                    putInt(value.length);
                    putBytes(value);
                }
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    void parameterDescription(int[] typeOids) {
        lock.lock();
        try {
            begin('t');
            putShort(typeOids.length);
            for (int oid : typeOids) {
                putInt(oid);
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    void commandComplete(String tag) {
        lock.lock();
        try {
            begin('C');
            putString(tag);
            end();
        } finally {
            lock.unlock();
        }
    }

    /** CopyInResponse ({@code G}) or CopyOutResponse ({@code H}): every column in the overall format. */
    void copyResponse(char type, boolean binary, int columnCount) {
        lock.lock();
        try {
            begin(type);
            ensure(3 + 2 * columnCount);
            buffer.put((byte) (binary ? 1 : 0)).putShort((short) columnCount);
            for (int i = 0; i < columnCount; i++) {
                buffer.putShort((short) (binary ? 1 : 0));
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    void copyData(byte[] data) {
        lock.lock();
        try {
            begin('d');
            putBytes(data);
            end();
        } finally {
            lock.unlock();
        }
    }

    /** A message with an empty body: I, n, s, 1, 2, 3, c. */
    void empty(char type) {
        lock.lock();
        try {
            begin(type);
            end();
        } finally {
            lock.unlock();
        }
    }

    /** ErrorResponse for errors, NoticeResponse for warnings and notices. */
    void report(PgException report) {
        lock.lock();
        try {
            begin(report.severity().isError() ? 'E' : 'N');
            putField('S', report.severity().label());
            putField('V', report.severity().label());
            putField('C', report.sqlState());
            putField('M', report.getMessage() == null ? "" : report.getMessage());
            putField('D', report.detail());
            putField('H', report.hint());
            if (report.position() > 0) {
                putField('P', Integer.toString(report.position()));
            }
            if (report.internalPosition() > 0) {
                putField('p', Integer.toString(report.internalPosition()));
            }
            putField('q', report.internalQuery());
            putField('W', report.context());
            ensure(1);
            buffer.put((byte) 0);
            end();
        } finally {
            lock.unlock();
        }
    }

    // ---- flushing and closing ----

    void flush() {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For signals: takes the lock waiting at most {@code millis} (the session thread may be blocked writing
     * to a client that does not read), then runs {@code action} under it. Returns false if it timed out.
     */
    boolean tryWithLock(long millis, Runnable action) {
        try {
            if (!lock.tryLock(millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            action.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops whatever is pending and refuses further output (caller holds the lock or does not care). */
    void close() {
        lock.lock();
        try {
            closed = true;
            buffer = ByteBuffer.allocate(0);
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() {
        if (closed || failure != null) {
            buffer.clear();
            return;
        }
        buffer.flip();
        flushesStarted++;
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            flushesCompleted = flushesStarted;
        }
        if (buffer.capacity() > SHRINK_ABOVE) {
            buffer = ByteBuffer.allocate(INITIAL_SIZE);
        } else {
            buffer.clear();
        }
    }

    // ---- message building, under the lock ----

    private void begin(char type) {
        ensure(5);
        messageStart = buffer.position();
        buffer.put((byte) type).putInt(0);
    }

    private void end() {
        buffer.putInt(messageStart + 1, buffer.position() - messageStart - 1);
        if (closed || failure != null) {
            buffer.clear();
        } else if (buffer.position() >= FLUSH_THRESHOLD) {
            flushLocked();
        }
    }

    private void putField(char code, String value) {
        if (value != null) {
            ensure(1);
            buffer.put((byte) code);
            putString(value);
        }
    }

    private void putString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length + 1);
        buffer.put(bytes).put((byte) 0);
    }

    private void putInt(int value) {
        ensure(4);
        buffer.putInt(value);
    }

    private void putShort(int value) {
        ensure(2);
        buffer.putShort((short) value);
    }

    private void putBytes(byte[] bytes) {
        ensure(bytes.length);
        buffer.put(bytes);
    }

    private void ensure(int more) {
        if (buffer.remaining() >= more) {
            return;
        }
        long needed = (long) buffer.position() + more;
        long capacity = Math.max(INITIAL_SIZE, buffer.capacity());
        while (capacity < needed) {
            capacity *= 2;
        }
        ByteBuffer grown = ByteBuffer.allocate((int) Math.min(capacity, Integer.MAX_VALUE - 16));
        buffer.flip();
        grown.put(buffer);
        buffer = grown;
    }
}
