package osgres.walreceiver.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One message from the primary: its type byte and its body (the length word already consumed by
 * {@link MessageReader}), with a cursor to read the body's fields in order (Int8/16/32/64, C strings, bytes).
 */
final class BackendMessage {
    private final char type;
    private final ByteBuffer body;

    BackendMessage(char type, byte[] body) {
        this.type = type;
        this.body = ByteBuffer.wrap(body);
    }

    char type() {
        return type;
    }

    int remaining() {
        return body.remaining();
    }

    byte readByte() {
        return body.get();
    }

    short readShort() {
        return body.getShort();
    }

    int readInt() {
        return body.getInt();
    }

    long readLong() {
        return body.getLong();
    }

    /** A NUL-terminated UTF-8 string. */
    String readString() {
        int start = body.position();
        int end = start;
        while (end < body.limit() && body.get(end) != 0) {
            end++;
        }
        String value = new String(body.array(), start, end - start, StandardCharsets.UTF_8);
        body.position(Math.min(body.limit(), end + 1));
        return value;
    }

    byte[] readBytes(int length) {
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    /** The backing array and the cursor's position in it: XLogData hands its payload on without copying. */
    byte[] array() {
        return body.array();
    }

    int position() {
        return body.position();
    }
}
