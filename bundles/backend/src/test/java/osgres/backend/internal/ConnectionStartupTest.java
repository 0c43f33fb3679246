package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import osgres.api.PgException;
import osgres.api.Severity;

/** Connection acceptance, byte by byte: SPEC 3.2 to 3.5. */
class ConnectionStartupTest {
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static byte[] errorResponse(String severity, String code, String message) throws IOException {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String f : new String[] {"S" + severity, "V" + severity, "C" + code, "M" + message}) {
            fields.writeBytes(f.getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(out);
        data.writeByte('E');
        data.writeInt(4 + fields.size());
        data.write(fields.toByteArray());
        return out.toByteArray();
    }

    @Test
    void greetingIsAuthenticationOkParametersKeyDataAndReadyForQuery() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres", "application_name", "raw");
            RawClient.Message auth = c.read();
            assertThat(auth.type()).isEqualTo('R');
            assertThat(auth.body()).containsExactly(0, 0, 0, 0);
            RawClient.Message first = c.read();
            assertThat(first.type()).isEqualTo('S');
            assertThat(first.text()).isEqualTo("application_name\0raw\0");
            RawClient.Message m = c.read();
            while (m.type() == 'S') {
                m = c.read();
            }
            assertThat(m.type()).isEqualTo('K');
            TestServer.Child child = server.awaitChild(1);
            assertThat(java.nio.ByteBuffer.wrap(m.body()).getInt()).isEqualTo(child.pid);
            assertThat(java.nio.ByteBuffer.wrap(m.body()).getInt(4)).isEqualTo(child.cancelKey);
            RawClient.Message ready = c.read();
            assertThat(ready.type()).isEqualTo('Z');
            assertThat(ready.text()).isEqualTo("I");
            assertThat(child.reportedUser).isEqualTo("alice");
            c.sendMessage('X', new byte[0]);
            assertThat(c.atEof()).isTrue();
            assertThat(server.awaitExit(child)).isEqualTo("0");
        }
    }

    @Test
    void connectionWithoutAnyDataIsClosedSilently() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.socket.shutdownOutput();
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
    }

    @Test
    void zeroLengthIsLoggedAndNothingIsSent() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0, 0, 0, 0});
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
        assertThat(CapturedLog.contains("LOG:  invalid length of startup packet")).isTrue();
    }

    @Test
    void hugeLengthIsRefusedWithoutReadingIt() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 3, 0, 0});
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
    }

    @Test
    void partialLengthWordIsAnIncompleteStartupPacket() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0, 0});
            c.socket.shutdownOutput();
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
        assertThat(CapturedLog.contains("LOG:  incomplete startup packet")).isTrue();
    }

    @Test
    void garbageBodyIsALayoutErrorSentAsFatal() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0, 0, 0, 12, 0, 3, 0, 0, 'a', 'b', 'c', 'd'});
            RawClient.Message m = c.read();
            assertThat(m.type()).isEqualTo('E');
            assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                    .containsEntry('M', "invalid startup packet layout: expected terminator as last byte");
            assertThat(c.atEof()).isTrue();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
    }

    @Test
    void protocolOneGetsTheVersionTwoErrorFormat() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(1 << 16, "user", "alice");
            byte[] answer = c.readToEnd();
            assertThat(new String(answer, StandardCharsets.UTF_8))
                    .isEqualTo("EFATAL:  unsupported frontend protocol 1.0: server supports 3.0 to 3.0\n\0");
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
    }

    @Test
    void protocolFourGetsAVersionThreeErrorResponse() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(4 << 16, "user", "alice");
            assertThat(c.readToEnd()).isEqualTo(errorResponse("FATAL", "0A000",
                    "unsupported frontend protocol 4.0: server supports 3.0 to 3.0"));
        }
    }

    @Test
    void missingUserIsFatal28000() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "database", "postgres");
            assertThat(c.readToEnd()).isEqualTo(errorResponse("FATAL", "28000",
                    "no PostgreSQL user name specified in startup packet"));
        }
    }

    @Test
    void sslAndGssRequestsAreAnsweredNThenTheStartupFollows() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f});
            assertThat(c.in.readByte()).isEqualTo((byte) 'N');
            c.sendRaw(new byte[] {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x30});
            assertThat(c.in.readByte()).isEqualTo((byte) 'N');
            c.connect();
            c.sendQuery("select 1");
            assertThat(c.readUntil('D').body()).containsExactly(0, 1, 0, 0, 0, 1, '1');
        }
    }

    @Test
    void cancelRequestGoesToThePostmasterAndNothingIsSent() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendRaw(new byte[] {0, 0, 0, 16, 4, (byte) 0xd2, 0x16, 0x2e, 0, 0, 0, 42, 0, 0, 0, 7});
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.postmaster.cancelRequests).containsExactly("42:7");
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
    }

    @Test
    void newerMinorVersionAndProtocolOptionsGetNegotiateProtocolVersion() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup((3 << 16) | 2, "user", "alice", "database", "postgres", "_pq_.compression", "on");
            RawClient.Message v = c.read();
            assertThat(v.type()).isEqualTo('v');
            assertThat(v.body()).isEqualTo(new byte[] {0, 3, 0, 0, 0, 0, 0, 1,
                    '_', 'p', 'q', '_', '.', 'c', 'o', 'm', 'p', 'r', 'e', 's', 's', 'i', 'o', 'n', 0});
            assertThat(c.read().type()).isEqualTo('R');
            c.readUntil('Z');
        }
    }

    @Test
    void refusalIsSentBeforeAuthentication() throws IOException {
        server.refusal = Optional.of(new PgException(Severity.FATAL, "57P03", "the database system is starting up",
                null, null, 0));
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice");
            assertThat(c.readToEnd()).isEqualTo(errorResponse("FATAL", "57P03", "the database system is starting up"));
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
        assertThat(CapturedLog.contains("FATAL:  the database system is starting up")).isTrue();
    }

    @Test
    void unknownDatabaseIsFatalAfterAuthenticationOk() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "nosuchdb");
            assertThat(c.read().type()).isEqualTo('R');
            RawClient.Message e = c.read();
            assertThat(e.fields()).containsEntry('C', "3D000")
                    .containsEntry('M', "database \"nosuchdb\" does not exist");
            assertThat(c.atEof()).isTrue();
        }
    }

    @Test
    void noHbaEntryAndRejectAreFatal28000() throws IOException {
        server.hbaMethod = "none";
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice");
            assertThat(c.read().fields()).containsEntry('C', "28000").containsEntry('M',
                    "no pg_hba.conf entry for host \"127.0.0.1\", user \"alice\", database \"alice\", no encryption");
        }
        server.hbaMethod = "reject";
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres");
            assertThat(c.read().fields()).containsEntry('C', "28000").containsEntry('M',
                    "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"alice\", database \"postgres\", "
                            + "no encryption");
        }
    }

    @Test
    void passwordMethodAsksForCleartextAndFailsForAUserWithoutPassword() throws IOException {
        server.hbaMethod = "password";
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres");
            RawClient.Message request = c.read();
            assertThat(request.type()).isEqualTo('R');
            assertThat(request.body()).containsExactly(0, 0, 0, 3);
            c.sendMessage('p', RawClient.cstring("secret"));
            RawClient.Message e = c.read();
            assertThat(e.fields()).containsEntry('C', "28P01")
                    .containsEntry('M', "password authentication failed for user \"alice\"")
                    .doesNotContainKey('D');
        }
        assertThat(CapturedLog.awaitLine("DETAIL:  User \"alice\" has no password assigned.", Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void passwordMethodAcceptsTheRightPasswordAgainstAScramSecret() throws IOException {
        server.hbaMethod = "password";
        server.engine.passwords.put("alice", osgres.api.PasswordSecrets.scramSecret("s3cret"));
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres");
            assertThat(c.read().body()).containsExactly(0, 0, 0, 3);
            c.sendMessage('p', RawClient.cstring("s3cret"));
            assertThat(c.read().body()).containsExactly(0, 0, 0, 0);
        }
    }

    @Test
    void scramExchangeSucceedsWithTheRightPasswordAndFailsAlikeForWrongPasswordAndUnknownUser() throws Exception {
        server.hbaMethod = "scram-sha-256";
        server.engine.passwords.put("alice", osgres.api.PasswordSecrets.scramSecret("s3cret"));
        assertThat(scramLogin("alice", "s3cret")).isNull();
        assertThat(scramLogin("alice", "wrong")).isEqualTo("password authentication failed for user \"alice\"");
        assertThat(scramLogin("bob", "s3cret")).isEqualTo("password authentication failed for user \"bob\"");
    }

    @Test
    void md5MethodUsesTheMd5ChallengeForAnMd5Secret() throws Exception {
        server.hbaMethod = "md5";
        server.engine.passwords.put("carol", osgres.api.PasswordSecrets.md5Secret("carol", "pw"));
        for (String attempt : new String[] {"pw", "nope"}) {
            try (RawClient c = new RawClient(server.port())) {
                c.sendStartup(3 << 16, "user", "carol", "database", "postgres");
                RawClient.Message request = c.read();
                assertThat(java.util.Arrays.copyOf(request.body(), 4)).containsExactly(0, 0, 0, 5);
                byte[] salt = java.util.Arrays.copyOfRange(request.body(), 4, 8);
                String inner = osgres.api.PasswordSecrets.md5Secret("carol", attempt).substring(3);
                byte[] salted = java.util.Arrays.copyOf(inner.getBytes(StandardCharsets.US_ASCII), 36);
                System.arraycopy(salt, 0, salted, 32, 4);
                c.sendMessage('p', RawClient.cstring("md5" + osgres.api.PasswordSecrets.md5Hex(salted)));
                RawClient.Message answer = c.read();
                if (attempt.equals("pw")) {
                    assertThat(answer.body()).containsExactly(0, 0, 0, 0);
                } else {
                    assertThat(answer.fields()).containsEntry('C', "28P01");
                }
            }
        }
    }

    @Test
    void malformedScramMessagesAreProtocolViolations() throws Exception {
        server.hbaMethod = "scram-sha-256";
        String[][] cases = {
            {"x,,n=,r=abc", "malformed SCRAM message"},
            {"n,a=me,n=,r=abc", "client uses authorization identity, but it is not supported"},
            {"n,,n=,q=abc", "malformed SCRAM message"},
            {"p=tls-server-end-point,,n=,r=abc", "malformed SCRAM message"},
        };
        for (String[] k : cases) {
            try (RawClient c = new RawClient(server.port())) {
                c.sendStartup(3 << 16, "user", "alice", "database", "postgres");
                c.read();
                c.sendMessage('p', saslInitial("SCRAM-SHA-256", k[0]));
                assertThat(c.read().fields()).containsEntry('S', "FATAL").containsEntry('M', k[1]);
                assertThat(c.atEof()).isTrue();
            }
        }
    }

    private static byte[] saslInitial(String mechanism, String data) {
        byte[] m = RawClient.cstring(mechanism);
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(m.length + 4 + d.length);
        return b.put(m).putInt(d.length).put(d).array();
    }

    /** A client's side of SCRAM-SHA-256 (RFC 5802): null on success, else the error message. */
    private String scramLogin(String user, String password) throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", user, "database", "postgres");
            assertThat(c.read().text()).isEqualTo("\0\0\0\nSCRAM-SHA-256\0\0");
            String clientFirstBare = "n=,r=clientnonce123";
            c.sendMessage('p', saslInitial("SCRAM-SHA-256", "n,," + clientFirstBare));
            RawClient.Message cont = c.read();
            String serverFirst = new String(cont.body(), 4, cont.body().length - 4, StandardCharsets.UTF_8);
            java.util.Map<String, String> attrs = new java.util.HashMap<>();
            for (String part : serverFirst.split(",")) {
                attrs.put(part.substring(0, 1), part.substring(2));
            }
            assertThat(attrs.get("r")).startsWith("clientnonce123");
            byte[] salt = java.util.Base64.getDecoder().decode(attrs.get("s"));
            byte[] salted = osgres.api.PasswordSecrets.saltedPassword(password, salt, Integer.parseInt(attrs.get("i")));
            byte[] clientKey = osgres.api.PasswordSecrets.hmac(salted, "Client Key");
            byte[] storedKey = osgres.api.PasswordSecrets.sha256(clientKey);
            String withoutProof = "c=biws,r=" + attrs.get("r");
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] signature = osgres.api.PasswordSecrets.hmac(storedKey, authMessage);
            byte[] proof = new byte[32];
            for (int i = 0; i < 32; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            c.sendMessage('p', (withoutProof + ",p=" + java.util.Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8));
            RawClient.Message answer = c.read();
            if (answer.type() == 'E') {
                assertThat(answer.fields()).containsEntry('C', "28P01").doesNotContainKey('D');
                return answer.fields().get('M');
            }
            byte[] serverKey = osgres.api.PasswordSecrets.hmac(salted, "Server Key");
            String expected = "v=" + java.util.Base64.getEncoder().encodeToString(
                    osgres.api.PasswordSecrets.hmac(serverKey, authMessage));
            assertThat(new String(answer.body(), 4, answer.body().length - 4, StandardCharsets.UTF_8))
                    .isEqualTo(expected);
            assertThat(c.read().body()).containsExactly(0, 0, 0, 0);
            return null;
        }
    }

    @Test
    void clientHangingUpAtThePasswordPromptExitsQuietly() throws IOException {
        server.hbaMethod = "scram-sha-256";
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres");
            RawClient.Message request = c.read();
            assertThat(request.text()).isEqualTo("\0\0\0\nSCRAM-SHA-256\0\0");
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
    }

    @Test
    void badStartupSettingIsFatalAfterAuthenticationOk() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres", "bogus_setting", "1");
            assertThat(c.read().type()).isEqualTo('R');
            assertThat(c.read().fields()).containsEntry('S', "FATAL").containsEntry('C', "42704");
            assertThat(c.atEof()).isTrue();
        }
    }

    @Test
    void startupOptionsReachTheSqlSessionBeforeOtherSettings() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "alice", "database", "postgres", "options", "-c work_mem=1MB --geqo=off",
                    "DateStyle", "ISO");
            c.readUntil('Z');
        }
        assertThat(server.engine.sessions.get(0).startupParameters).containsExactly(
                java.util.Map.entry("work_mem", "1MB"), java.util.Map.entry("geqo", "off"),
                java.util.Map.entry("DateStyle", "ISO"));
    }

    @Test
    void authenticationTimeoutDropsASilentClient() throws IOException {
        server.settings.values.put("authentication_timeout", "1");
        try (RawClient c = new RawClient(server.port())) {
            assertThat(c.readToEnd()).isEmpty();
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
    }

    @Test
    void connectionLogLinesFollowLogConnectionsAndLogDisconnections() throws IOException {
        server.settings.values.put("log_connections", "on");
        server.settings.values.put("log_disconnections", "on");
        try (RawClient c = new RawClient(server.port())) {
            c.sendStartup(3 << 16, "user", "carol", "database", "template1", "application_name", "logtest");
            c.readUntil('Z');
            c.sendMessage('X', new byte[0]);
            assertThat(c.atEof()).isTrue();
        }
        server.awaitExit(server.awaitChild(1));
        assertThat(CapturedLog.contains("LOG:  connection received: host=127.0.0.1 port=")).isTrue();
        assertThat(CapturedLog.contains(
                "LOG:  connection authorized: user=carol database=template1 application_name=logtest")).isTrue();
        assertThat(CapturedLog.lines()).anyMatch(line -> line.matches(
                ".*LOG:  disconnection: session time: 0:00:\\d\\d\\.\\d{3} user=carol database=template1 "
                        + "host=127\\.0\\.0\\.1 port=\\d+"));
    }
}
