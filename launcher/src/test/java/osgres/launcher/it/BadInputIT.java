package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 8: malformed startup packets, a silent client, an unknown message mid-session. Each gets
 * PostgreSQL's answer and closes that connection only; a session opened before keeps working, and a new
 * psql connection works after each.
 */
class BadInputIT {
    private static TestServer server;
    private static Connection bystander;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.create("authentication_timeout = 2s").start();
        bystander = Jdbc.connect(server);
    }

    @AfterAll
    static void stop() throws Exception {
        bystander.close();
        server.close();
    }

    @AfterEach
    void othersStillWork() throws Exception {
        assertThat(Jdbc.selectInt(bystander, "select 5 * 5")).isEqualTo(25);
        Cli.Result psql = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(psql.stdout().trim()).as(psql.all() + server.log()).isEqualTo("1");
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port), 10_000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] startupPacket(int protocol, String... pairs) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String p : pairs) {
            body.write(p.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(packet);
        out.writeInt(8 + body.size());
        out.writeInt(protocol);
        out.write(body.toByteArray());
        return packet.toByteArray();
    }

    /** The fields of one v3 ErrorResponse, as "C=...;M=..." text. */
    private static String errorFields(byte[] reply) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(reply));
        StringBuilder out = new StringBuilder();
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                return out.toString();
            }
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            if (type == 'E') {
                int i = 0;
                while (i < body.length && body[i] != 0) {
                    int end = i + 1;
                    while (body[end] != 0) {
                        end++;
                    }
                    out.append((char) body[i]).append('=')
                            .append(new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8)).append(';');
                    i = end + 1;
                }
            }
        }
    }

    @Test
    void zeroLengthStartupPacketIsClosedSilently() throws Exception {
        try (Socket s = connect()) {
            new DataOutputStream(s.getOutputStream()).writeInt(0);
            assertThat(readAll(s.getInputStream())).isEmpty();
        }
        server.awaitLog("LOG:  invalid length of startup packet", Duration.ofSeconds(30));
    }

    @Test
    void hugeStartupPacketIsClosedSilently() throws Exception {
        try (Socket s = connect()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(1_000_000);
            out.writeInt(196608);
            assertThat(readAll(s.getInputStream())).isEmpty();
        }
    }

    @Test
    void garbageIsRejected() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = readAll(s.getInputStream());
            // "GET " read as a length is far beyond 10000: closed without a reply, as PostgreSQL does
            assertThat(reply).isEmpty();
        }
    }

    @Test
    void protocolOnePointZeroGetsTheOldFormatError() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(startupPacket(1 << 16, "user", "postgres"));
            String reply = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            assertThat(reply).isEqualTo("EFATAL:  unsupported frontend protocol 1.0: server supports 3.0 to 3.0\n\0");
        }
    }

    @Test
    void protocolFourPointZeroGetsAV3Error() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(startupPacket(4 << 16, "user", "postgres"));
            String fields = errorFields(readAll(s.getInputStream()));
            assertThat(fields).contains("S=FATAL;").contains("C=0A000;")
                    .contains("M=unsupported frontend protocol 4.0: server supports 3.0 to 3.0;");
        }
    }

    @Test
    void missingUserIsRejected() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(startupPacket(196608, "database", "postgres"));
            String fields = errorFields(readAll(s.getInputStream()));
            assertThat(fields).contains("C=28000;").contains("M=no PostgreSQL user name specified in startup packet;");
        }
    }

    @Test
    void silentClientIsDroppedAfterAuthenticationTimeout() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            assertThat(readAll(s.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        }
    }

    @Test
    void unknownMessageTypeMidSessionIsAProtocolViolation() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(startupPacket(196608, "user", "postgres", "database", "postgres"));
            DataInputStream in = new DataInputStream(s.getInputStream());
            // read up to ReadyForQuery
            while (true) {
                int type = in.readUnsignedByte();
                int length = in.readInt();
                in.readFully(new byte[length - 4]);
                if (type == 'Z') {
                    break;
                }
            }
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeByte('y');
            out.writeInt(4);
            out.flush();
            String fields = errorFields(readAll(in));
            assertThat(fields).contains("S=FATAL;").contains("C=08P01;")
                    .contains("M=invalid frontend message type 121;");
        }
    }
}
