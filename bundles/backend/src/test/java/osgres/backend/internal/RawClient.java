package osgres.backend.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A client that speaks the protocol byte by byte, to send what real drivers never send. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    /** One backend message: its type and body. */
    record Message(char type, byte[] body) {

        /** The fields of an ErrorResponse / NoticeResponse, by code. */
        Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int start = i;
                while (body[i] != 0) {
                    i++;
                }
                fields.put(code, new String(body, start, i - start, StandardCharsets.UTF_8));
                i++;
            }
            return fields;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** int32 length, int32 code, then name\0value\0 pairs and a final \0. */
    void sendStartup(int protocol, String... pairs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String s : pairs) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        out.writeInt(8 + body.size());
        out.writeInt(protocol);
        out.write(body.toByteArray());
        out.flush();
    }

    void sendMessage(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.write(body);
        out.flush();
    }

    void sendQuery(String sql) throws IOException {
        sendMessage('Q', cstring(sql));
    }

    static byte[] cstring(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads until a message of the given type, returning it. */
    Message readUntil(char type) throws IOException {
        while (true) {
            Message m = read();
            if (m.type() == type) {
                return m;
            }
        }
    }

    /** Startup as user alice, then everything up to the first ReadyForQuery. */
    void connect() throws IOException {
        sendStartup(3 << 16, "user", "alice", "database", "postgres");
        readUntil('Z');
    }

    /** All remaining bytes until the server closes the connection. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    boolean atEof() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
