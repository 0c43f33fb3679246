package osgres.walreceiver.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The messages the walreceiver sends, in protocol 3.0's layout (protocol.sgml "Message Formats"): a type byte, an
 * Int32 length counting itself and the body, the body; the startup packet and SSLRequest have no type byte. Inside
 * CopyData, the streaming replication messages (protocol.sgml "Streaming Replication Protocol"):
 * <pre>
 *   'r' standby status update: Int64 write, Int64 flush, Int64 apply, Int64 clock, Byte1 reply requested
 *   'h' hot standby feedback:  Int64 clock, Int32 xmin, Int32 xmin epoch, Int32 catalog xmin, Int32 its epoch
 * </pre>
 * where a clock is microseconds since 2000-01-01 00:00 UTC.
 */
final class FrontendMessages {
    static final int PROTOCOL_3_0 = 3 << 16;
    static final int SSL_REQUEST_CODE = (1234 << 16) | 5679;

    private FrontendMessages() {
    }

    /** StartupMessage: Int32 length, Int32 protocol, then name/value C strings and a final NUL. */
    static byte[] startup(Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putInt(body, PROTOCOL_3_0);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            putString(body, parameter.getKey());
            putString(body, parameter.getValue());
        }
        body.write(0);
        return untyped(body.toByteArray());
    }

    static byte[] sslRequest() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putInt(body, SSL_REQUEST_CODE);
        return untyped(body.toByteArray());
    }

    /** Query 'Q': the text as a C string. */
    static byte[] query(String sql) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putString(body, sql);
        return typed('Q', body.toByteArray());
    }

    /** PasswordMessage 'p' for cleartext and md5: the password (or md5 hash) as a C string. */
    static byte[] password(String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putString(body, password);
        return typed('p', body.toByteArray());
    }

    /** SASLInitialResponse 'p': mechanism C string, Int32 length of the data, the data. */
    static byte[] saslInitialResponse(String mechanism, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putString(body, mechanism);
        putInt(body, data.length);
        body.writeBytes(data);
        return typed('p', body.toByteArray());
    }

    /** SASLResponse 'p': the data alone. */
    static byte[] saslResponse(byte[] data) {
        return typed('p', data);
    }

    static byte[] copyData(byte[] payload) {
        return typed('d', payload);
    }

    static byte[] copyDone() {
        return typed('c', new byte[0]);
    }

    static byte[] terminate() {
        return typed('X', new byte[0]);
    }

    /** The standby status update ('r'), wrapped in CopyData. */
    static byte[] standbyStatusUpdate(long write, long flush, long apply, long clock, boolean replyRequested) {
        ByteBuffer payload = ByteBuffer.allocate(34);
        payload.put((byte) 'r').putLong(write).putLong(flush).putLong(apply).putLong(clock);
        payload.put((byte) (replyRequested ? 1 : 0));
        return copyData(payload.array());
    }

    /** Hot standby feedback ('h'), wrapped in CopyData; all xmins 0 tells the primary feedback is off. */
    static byte[] hotStandbyFeedback(long clock, int xmin, int xminEpoch, int catalogXmin, int catalogXminEpoch) {
        ByteBuffer payload = ByteBuffer.allocate(25);
        payload.put((byte) 'h').putLong(clock).putInt(xmin).putInt(xminEpoch).putInt(catalogXmin)
                .putInt(catalogXminEpoch);
        return copyData(payload.array());
    }

    private static byte[] typed(char type, byte[] body) {
        ByteBuffer message = ByteBuffer.allocate(1 + 4 + body.length);
        message.put((byte) type).putInt(4 + body.length).put(body);
        return message.array();
    }

    private static byte[] untyped(byte[] body) {
        ByteBuffer message = ByteBuffer.allocate(4 + body.length);
        message.putInt(4 + body.length).put(body);
        return message.array();
    }

    private static void putInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void putString(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
