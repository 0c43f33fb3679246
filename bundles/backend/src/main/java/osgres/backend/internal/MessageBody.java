package osgres.backend.internal;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.api.Utf8;

/**
 * A cursor over one frontend message's body (pqformat.c's pq_getmsg* functions). Reading past the end or a
 * string without its terminator is ERROR 08P01, as in PostgreSQL: the message is rejected, the session goes on.
 * Strings are UTF-8 (the only client encoding osgres speaks) and verified as pq_getmsgstring's
 * pg_client_to_server does: invalid bytes are ERROR 22021 for the message, never replacement characters.
 */
final class MessageBody {
    private final byte[] data;
    private int cursor;

    MessageBody(byte[] data) {
        this.data = data;
    }

    int length() {
        return data.length;
    }

    int getByte() {
        require(1);
        return data[cursor++] & 0xff;
    }

    int getInt16() {
        require(2);
        int value = (short) (((data[cursor] & 0xff) << 8) | (data[cursor + 1] & 0xff));
        cursor += 2;
        return value;
    }

    int getInt32() {
        require(4);
        int value = ((data[cursor] & 0xff) << 24) | ((data[cursor + 1] & 0xff) << 16)
                | ((data[cursor + 2] & 0xff) << 8) | (data[cursor + 3] & 0xff);
        cursor += 4;
        return value;
    }

    byte[] getBytes(int count) {
        if (count < 0 || count > data.length - cursor) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.INSUFFICIENT_DATA);
        }
        byte[] out = new byte[count];
        System.arraycopy(data, cursor, out, 0, count);
        cursor += count;
        return out;
    }

    /** A NUL-terminated string. */
    String getString() {
        int end = cursor;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        if (end >= data.length) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_STRING_IN_MESSAGE);
        }
        String value = Utf8.decode(data, cursor, end - cursor);
        cursor = end + 1;
        return value;
    }

    /** pq_getmsgend: the whole body must have been consumed. */
    void end() {
        if (cursor != data.length) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.INVALID_MESSAGE_FORMAT);
        }
    }

    private void require(int count) {
        if (data.length - cursor < count) {
            throw PgException.error(SqlState.PROTOCOL_VIOLATION, Messages.INSUFFICIENT_DATA);
        }
    }
}
