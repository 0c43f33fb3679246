package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, acceptance 5: the authentication exchange under attack. Malformed SASL messages (every part of
 * SASLInitialResponse and of the SCRAM messages broken in turn), wrong lengths, messages of the wrong type, a
 * client-final-message replayed from an earlier successful exchange, and a few hundred messages of random bytes
 * from a fixed seed: every case ends that connection, after at most one FATAL error with a PostgreSQL SQLSTATE and
 * no Java text, and the server keeps serving (a correct SCRAM login works between the cases and after them).
 */
class AuthFuzzIT {
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> AUTH_STATES = Set.of("08P01", "28P01", "28000", "0A000", "22021");
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.create("authentication_timeout = 30s");
        Files.writeString(server.dataDir.resolve("pg_hba.conf"), String.join("\n",
                "host all postgres 127.0.0.1/32 trust",
                "host all md5_fuzz 127.0.0.1/32 md5",
                "host all all 127.0.0.1/32 scram-sha-256",
                ""));
        server.start();
        Cli.Result r = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port,
                "create role fuzz login password 'fuzz pw'; set password_encryption = 'md5';"
                        + " create role md5_fuzz login password 'md5 pw'");
        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw protocol connection for the cases. */
    private static final class Raw implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;

        Raw() throws IOException {
            socket = new Socket("127.0.0.1", server.port);
            socket.setSoTimeout((int) CASE_TIMEOUT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void startup(String user) throws IOException {
            ByteBuffer body = ByteBuffer.allocate(256);
            body.putInt(3 << 16);
            for (String s : new String[] {"user", user, "database", "postgres"}) {
                body.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            }
            body.put((byte) 0);
            sendRaw(withLength(null, java.util.Arrays.copyOf(body.array(), body.position())));
        }

        void send(char type, byte[] body) throws IOException {
            sendRaw(withLength((byte) type, body));
        }

        void sendRaw(byte[] bytes) throws IOException {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the server may already have closed the connection: that is an allowed outcome
            }
        }

        /** The next message as type and body. */
        Map.Entry<Character, byte[]> read() throws IOException {
            char type = (char) in.readUnsignedByte();
            int length = in.readInt();
            byte[] body = new byte[length - 4];
            in.readFully(body);
            return Map.entry(type, body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] withLength(Byte type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate((type == null ? 0 : 1) + 4 + body.length);
        if (type != null) {
            b.put(type);
        }
        return b.putInt(4 + body.length).put(body).array();
    }

    private static byte[] saslInitial(String mechanism, byte[] data) {
        byte[] m = (mechanism + "\0").getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(m.length + 4 + data.length).put(m).putInt(data.length).put(data).array();
    }

    private static Map<Character, String> fields(byte[] body) {
        Map<Character, String> f = new HashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char code = (char) body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            f.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return f;
    }

    /**
     * Reads until the server closes the connection: at most one ErrorResponse, FATAL, with an authentication-stage
     * SQLSTATE and PostgreSQL's text; never AuthenticationOk. Returns the error's message, or "" for a silent close.
     */
    private static String awaitClosed(Raw raw, String what) throws IOException {
        String error = "";
        try {
            while (true) {
                Map.Entry<Character, byte[]> m = raw.read();
                if (m.getKey() == 'R') {
                    int code = ByteBuffer.wrap(m.getValue()).getInt();
                    assertThat(code).as("%s: no AuthenticationOk", what).isNotZero();
                    continue;
                }
                assertThat(m.getKey()).as("%s: only an error may follow", what).isEqualTo('E');
                assertThat(error).as("%s: one error", what).isEmpty();
                Map<Character, String> f = fields(m.getValue());
                assertThat(f.get('S')).as(what).isEqualTo("FATAL");
                assertThat(AUTH_STATES).as("%s: %s", what, f).contains(f.get('C'));
                assertThat(f.get('M')).as(what).doesNotContainIgnoringCase("exception").doesNotContain("java");
                error = f.get('M');
            }
        } catch (EOFException | java.net.SocketException e) {
            return error;
        } catch (SocketTimeoutException e) {
            throw new AssertionError(what + ": connection still open after " + CASE_TIMEOUT);
        }
    }

    /** Starts an exchange as {@code user} and returns after the SASL request. */
    private static Raw saslStarted(String user) throws IOException {
        Raw raw = new Raw();
        raw.startup(user);
        Map.Entry<Character, byte[]> request = raw.read();
        assertThat(request.getKey()).isEqualTo('R');
        assertThat(ByteBuffer.wrap(request.getValue()).getInt()).isEqualTo(10);
        return raw;
    }

    private static String initialCase(byte[] initialResponseBody) throws IOException {
        try (Raw raw = saslStarted("fuzz")) {
            raw.send('p', initialResponseBody);
            // a message the server accepts is answered with SASLContinue: the client then hangs up
            raw.socket.shutdownOutput();
            return awaitClosed(raw, "initial " + new String(initialResponseBody, StandardCharsets.ISO_8859_1));
        }
    }

    /** Runs a correct exchange up to the client-final-message, which {@code finalMessage} replaces. */
    private static String finalCase(java.util.function.Function<String, String> finalMessage) throws IOException {
        try (Raw raw = saslStarted("fuzz")) {
            raw.send('p', saslInitial("SCRAM-SHA-256", "n,,n=,r=fuzzclientnonce".getBytes(StandardCharsets.UTF_8)));
            Map.Entry<Character, byte[]> cont = raw.read();
            String serverFirst = new String(cont.getValue(), 4, cont.getValue().length - 4, StandardCharsets.UTF_8);
            raw.send('p', finalMessage.apply(serverFirst).getBytes(StandardCharsets.UTF_8));
            return awaitClosed(raw, "final");
        }
    }

    /** The client side of a correct SCRAM exchange: the client-final-message for {@code password}. */
    private static String clientFinal(String clientFirstBare, String serverFirst, String password) {
        Map<String, String> attrs = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        try {
            javax.crypto.SecretKeyFactory pbkdf2 = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salted = pbkdf2.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(),
                    Base64.getDecoder().decode(attrs.get("s")), Integer.parseInt(attrs.get("i")), 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            String withoutProof = "c=biws,r=" + attrs.get("r");
            byte[] signature = hmac(java.security.MessageDigest.getInstance("SHA-256").digest(clientKey),
                    clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] proof = new byte[32];
            for (int i = 0; i < 32; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws java.security.GeneralSecurityException {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertServerServes() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "fuzz");
        props.setProperty("password", "fuzz pw");
        props.setProperty("connectTimeout", "20");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port + "/postgres",
                props)) {
            assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("fuzz");
        }
    }

    @Test
    void malformedSaslInitialResponsesCloseTheConnection() throws Exception {
        byte[] ok = "n,,n=,r=abc".getBytes(StandardCharsets.UTF_8);
        assertThat(initialCase(saslInitial("SCRAM-SHA-1", ok)))
                .isEqualTo("client selected an invalid SASL authentication mechanism");
        assertThat(initialCase(saslInitial("SCRAM-SHA-256-PLUS", ok)))
                .isEqualTo("client selected an invalid SASL authentication mechanism");
        assertThat(initialCase("SCRAM-SHA-256".getBytes(StandardCharsets.UTF_8))).isEqualTo("invalid string in message");
        byte[] m = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        assertThat(initialCase(m)).isEqualTo("insufficient data left in message");
        assertThat(initialCase(ByteBuffer.allocate(m.length + 4 + 3).put(m).putInt(50).put(new byte[3]).array()))
                .isEqualTo("insufficient data left in message");
        assertThat(initialCase(ByteBuffer.allocate(m.length + 4).put(m).putInt(-2).array()))
                .isEqualTo("insufficient data left in message");
        assertThat(initialCase(ByteBuffer.allocate(m.length + 4 + 4).put(m).putInt(2).put(new byte[] {'n', ',', 'x', 'y'})
                .array())).isEqualTo("invalid message format");
        for (String data : new String[] {"", "n", "n,", "n,,", "x,,n=,r=a", "n,a=u,n=,r=a", "n,,m=ext,n=,r=a",
            "n,,r=a", "n,,n=,r=", "n,,n=,r=a\u0001b", "p=tls-server-end-point,,n=,r=a", "n,,n=,r=a,1=x",
            "n,,n=,r=a,x", "y,x,n=,r=a", "p=other,,n=,r=a"}) {
            String error = initialCase(saslInitial("SCRAM-SHA-256", data.getBytes(StandardCharsets.UTF_8)));
            assertThat(error).as(data).isIn("malformed SCRAM message", "non-printable characters in SCRAM nonce",
                    "client uses authorization identity, but it is not supported",
                    "client requires an unsupported SCRAM extension", "");
        }
        assertThat(initialCase(saslInitial("SCRAM-SHA-256", "n,,n=,r=a\0b".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("malformed SCRAM message");
        assertServerServes();
    }

    @Test
    void malformedAndReplayedClientFinalMessagesCloseTheConnection() throws Exception {
        assertThat(finalCase(sf -> "c=biws,r=wrongnonce,p=" + Base64.getEncoder().encodeToString(new byte[32])))
                .isEqualTo("invalid SCRAM response");
        assertThat(finalCase(sf -> "c=eSws," + sf.split(",")[0] + ",p=" + Base64.getEncoder().encodeToString(
                new byte[32]))).isEqualTo("unexpected SCRAM channel-binding attribute in client-final-message");
        assertThat(finalCase(sf -> sf.split(",")[0] + ",p=AAAA")).isEqualTo("malformed SCRAM message");
        assertThat(finalCase(sf -> "c=biws," + sf.split(",")[0] + ",p=!!!")).isEqualTo("malformed SCRAM message");
        assertThat(finalCase(sf -> "c=biws," + sf.split(",")[0] + ",p=" + Base64.getEncoder().encodeToString(
                new byte[32]) + ",x=1")).isEqualTo("malformed SCRAM message");
        assertThat(finalCase(sf -> "c=biws," + sf.split(",")[0])).isEqualTo("malformed SCRAM message");
        assertThat(finalCase(sf -> "c=biws," + sf.split(",")[0] + ",p=" + Base64.getEncoder().encodeToString(
                new byte[32]))).isEqualTo("password authentication failed for user \"fuzz\"");
        assertThat(finalCase(sf -> clientFinal("n=,r=fuzzclientnonce", sf, "not the password")))
                .isEqualTo("password authentication failed for user \"fuzz\"");

        // a replay: the client-final-message of a successful exchange, sent again in a new exchange
        String replayed;
        try (Raw raw = saslStarted("fuzz")) {
            raw.send('p', saslInitial("SCRAM-SHA-256", "n,,n=,r=replaynonce".getBytes(StandardCharsets.UTF_8)));
            Map.Entry<Character, byte[]> cont = raw.read();
            String serverFirst = new String(cont.getValue(), 4, cont.getValue().length - 4, StandardCharsets.UTF_8);
            replayed = clientFinal("n=,r=replaynonce", serverFirst, "fuzz pw");
            raw.send('p', replayed.getBytes(StandardCharsets.UTF_8));
            assertThat(raw.read().getKey()).isEqualTo('R');
            Map.Entry<Character, byte[]> okMessage = raw.read();
            assertThat(ByteBuffer.wrap(okMessage.getValue()).getInt()).as("AuthenticationOk").isZero();
        }
        try (Raw raw = saslStarted("fuzz")) {
            raw.send('p', saslInitial("SCRAM-SHA-256", "n,,n=,r=replaynonce".getBytes(StandardCharsets.UTF_8)));
            raw.read();
            raw.send('p', replayed.getBytes(StandardCharsets.UTF_8));
            assertThat(awaitClosed(raw, "replay")).isEqualTo("invalid SCRAM response");
        }
        assertServerServes();
    }

    @Test
    void wrongMessageTypesAndLengthsCloseTheConnection() throws Exception {
        try (Raw raw = saslStarted("fuzz")) {
            raw.send('Q', "select 1\0".getBytes(StandardCharsets.UTF_8));
            assertThat(awaitClosed(raw, "Q during SASL")).isEqualTo("expected SASL response, got message type 81");
        }
        try (Raw raw = saslStarted("fuzz")) {
            raw.sendRaw(ByteBuffer.allocate(5).put((byte) 'p').putInt(2000).array());
            raw.sendRaw(new byte[2000]);
            assertThat(awaitClosed(raw, "too long")).isEqualTo("password authentication failed for user \"fuzz\"");
        }
        try (Raw raw = saslStarted("fuzz")) {
            raw.sendRaw(ByteBuffer.allocate(5).put((byte) 'p').putInt(2).array());
            awaitClosed(raw, "length below 4");
        }
        try (Raw raw = saslStarted("fuzz")) {
            raw.sendRaw(ByteBuffer.allocate(5).put((byte) 'p').putInt(100).array());
            raw.socket.shutdownOutput();
            assertThat(awaitClosed(raw, "truncated")).isEmpty();
        }
        try (Raw raw = new Raw()) {
            raw.startup("md5_fuzz");
            assertThat(ByteBuffer.wrap(raw.read().getValue()).getInt()).as("MD5 request").isEqualTo(5);
            raw.send('p', "md5nonul".getBytes(StandardCharsets.UTF_8));
            assertThat(awaitClosed(raw, "md5 without NUL")).isEqualTo("invalid password packet size");
        }
        try (Raw raw = new Raw()) {
            raw.sendRaw(ByteBuffer.allocate(8).putInt(8).putInt(1234).array());
            awaitClosed(raw, "protocol 0.1234");
        }
        try (Raw raw = new Raw()) {
            raw.sendRaw(ByteBuffer.allocate(4).putInt(100000).array());
            assertThat(awaitClosed(raw, "huge startup length")).isEmpty();
        }
        assertServerServes();
    }

    @Test
    void randomBytesFromAFixedSeedNeverGetInAndNeverStopTheServer() throws Exception {
        Random random = new Random(11);
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            try (Raw raw = saslStarted(i % 3 == 0 ? "nosuch_fuzz" : "fuzz")) {
                int stage = random.nextInt(3);
                if (stage > 0) {
                    raw.send('p', saslInitial("SCRAM-SHA-256", "n,,n=,r=random".getBytes(StandardCharsets.UTF_8)));
                    raw.read();
                }
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                if (stage == 2) {
                    raw.sendRaw(junk);
                } else {
                    raw.send('p', junk);
                }
                raw.socket.shutdownOutput();
                errors.add(awaitClosed(raw, "random case " + i));
            }
            if (i % 50 == 49) {
                assertServerServes();
            }
        }
        assertThat(errors).isNotEmpty();
        assertServerServes();
        assertThat(server.log()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
