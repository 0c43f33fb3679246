package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import osgres.api.ProcSignal;

/** COPY FROM STDIN and COPY TO STDOUT, byte by byte and through pgJDBC's CopyManager. */
class CopyProtocolTest {
    private static final byte[] TEXT_ONE_COLUMN = {0, 0, 1, 0, 0};

    private TestServer server;
    private RawClient client;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private RawClient connect() throws IOException {
        client = new RawClient(server.port());
        client.connect();
        return client;
    }

    // ---- simple protocol, raw ----

    @Test
    void copyFromStdinAnswersCopyInResponseAndCountsTheRows() throws IOException {
        connect().sendQuery("copy numbers from stdin");

        RawClient.Message response = client.read();
        assertThat(response.type()).isEqualTo('G');
        assertThat(response.body()).isEqualTo(TEXT_ONE_COLUMN);
        copyData("1\n2\n");
        copyData("3\n");
        client.sendMessage('c', new byte[0]);

        assertThat(client.read().text()).isEqualTo("COPY 3\0");
        assertThat(client.read().type()).isEqualTo('Z');
        assertThat(server.engine.numbers).containsExactly(1, 2, 3);
    }

    @Test
    void rowsMaySpanCopyDataMessagesAndFlushAndSyncAreIgnored() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        copyData("4");
        client.sendMessage('H', new byte[0]);
        copyData("2\n7");
        client.sendMessage('S', new byte[0]);
        client.sendMessage('c', new byte[0]);

        assertThat(client.read().text()).isEqualTo("COPY 2\0");
        assertThat(client.read().type()).isEqualTo('Z');
        assertThat(server.engine.numbers).containsExactly(42, 7);
    }

    @Test
    void copyFailEndsTheCopyWithError57014AndTheSessionGoesOn() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        copyData("1\n");
        client.sendMessage('f', RawClient.cstring("aborted by user"));

        RawClient.Message error = client.read();
        assertThat(error.type()).isEqualTo('E');
        assertThat(error.fields()).containsEntry('C', "57014")
                .containsEntry('M', "COPY from stdin failed: aborted by user");
        assertThat(client.read().type()).isEqualTo('Z');
        assertThat(server.engine.numbers).isEmpty();
        assertSessionStillAnswers();
    }

    @Test
    void anErrorInsideTheDataEndsTheCopyAndLaterCopyDataIsDropped() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        copyData("1\nbad\n");

        RawClient.Message error = client.read();
        assertThat(error.fields()).containsEntry('S', "ERROR").containsEntry('C', "22P02")
                .containsEntry('M', "invalid input syntax for type integer: \"bad\"");
        assertThat(client.read().type()).isEqualTo('Z');
        // a client that has not noticed yet keeps sending: PostgreSQL drops it silently
        copyData("2\n");
        client.sendMessage('c', new byte[0]);
        assertSessionStillAnswers();
        assertThat(server.engine.numbers).isEmpty();
    }

    @Test
    void aForeignMessageDuringCopyInIsAnErrorThenFatal() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        copyData("1\n");
        client.sendQuery("select 1");

        RawClient.Message error = client.read();
        assertThat(error.fields()).containsEntry('S', "ERROR").containsEntry('C', "08P01")
                .containsEntry('M', "unexpected message type 0x51 during COPY from stdin");
        RawClient.Message fatal = client.read();
        assertThat(fatal.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                .containsEntry('M', "terminating connection because protocol synchronization was lost");
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
        assertThat(server.engine.copyFailures).hasSize(1);
        assertThat(server.engine.numbers).isEmpty();
    }

    @Test
    void aLargeCopyDataMessageReachesTheEngineWhole() throws IOException {
        StringBuilder rows = new StringBuilder();
        int count = 0;
        while (rows.length() < 200_000) {
            rows.append(count++).append('\n');
        }
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        byte[] payload = rows.toString().getBytes(StandardCharsets.UTF_8);
        client.sendMessage('d', payload);
        client.sendMessage('c', new byte[0]);

        assertThat(client.read().text()).isEqualTo("COPY " + count + "\0");
        assertThat(server.engine.copyPayloads).containsExactly(payload.length);
        assertThat(server.engine.numbers).hasSize(count);
    }

    @Test
    void manySmallCopyDataMessagesInOneStream() throws IOException {
        int rows = 20_000;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < rows; i++) {
            byte[] line = (i + "\n").getBytes(StandardCharsets.UTF_8);
            stream.write('d');
            stream.writeBytes(int32(4 + line.length));
            stream.writeBytes(line);
        }
        stream.write('c');
        stream.writeBytes(int32(4));
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        client.sendRaw(stream.toByteArray());

        assertThat(client.read().text()).isEqualTo("COPY " + rows + "\0");
        assertThat(server.engine.numbers).hasSize(rows);
        assertThat(server.engine.numbers.get(rows - 1)).isEqualTo(rows - 1);
    }

    @Test
    void copyToStdoutSendsOneCopyDataPerRowThenCopyDone() throws IOException {
        server.engine.numbers.addAll(List.of(5, 6));
        connect().sendQuery("copy numbers to stdout");

        RawClient.Message response = client.read();
        assertThat(response.type()).isEqualTo('H');
        assertThat(response.body()).isEqualTo(TEXT_ONE_COLUMN);
        assertThat(client.read().text()).isEqualTo("5\n");
        assertThat(client.read().text()).isEqualTo("6\n");
        assertThat(client.read().type()).isEqualTo('c');
        assertThat(client.read().text()).isEqualTo("COPY 2\0");
        assertThat(client.read().type()).isEqualTo('Z');
    }

    @Test
    void sigtermWhileWaitingForCopyDataEndsTheSessionAtOnce() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        copyData("1\n");
        TestServer.Child child = server.awaitChild(1);
        TestServer.await(() -> server.engine.copyPayloads.size() == 1, "the first CopyData");

        child.session.signal(ProcSignal.TERM);

        RawClient.Message fatal = client.read();
        assertThat(fatal.fields()).containsEntry('S', "FATAL").containsEntry('C', "57P01");
        assertThat(server.awaitExit(child)).isEqualTo("1");
        assertThat(server.engine.numbers).isEmpty();
    }

    @Test
    void aCancelDuringCopyInIsNoticedAtTheNextCopyData() throws IOException {
        connect().sendQuery("copy numbers from stdin");
        client.readUntil('G');
        TestServer.Child child = server.awaitChild(1);
        TestServer.await(() -> child.state.equals("active"), "the copy to start");

        child.session.signal(ProcSignal.INT);
        copyData("1\n");

        RawClient.Message error = client.read();
        assertThat(error.fields()).containsEntry('C', "57014")
                .containsEntry('M', "canceling statement due to user request");
        assertThat(client.read().type()).isEqualTo('Z');
        assertThat(server.engine.copyFailures).hasSize(1);
        assertThat(server.engine.numbers).isEmpty();
    }

    // ---- extended protocol, raw ----

    @Test
    void copyFromStdinThroughExecuteEndsWithTheClientsSecondSync() throws IOException {
        connect();
        parseBindExecuteSync("copy numbers from stdin");
        assertThat(types(client.read(), client.read(), client.read())).containsExactly('1', '2', 'G');
        copyData("8\n9\n");
        client.sendMessage('c', new byte[0]);
        client.sendMessage('S', new byte[0]);

        assertThat(client.read().text()).isEqualTo("COPY 2\0");
        assertThat(client.read().type()).isEqualTo('Z');
        assertThat(server.engine.numbers).containsExactly(8, 9);
    }

    @Test
    void anErrorInAnExtendedCopySkipsToTheNextSync() throws IOException {
        connect();
        parseBindExecuteSync("copy numbers from stdin");
        client.readUntil('G');
        copyData("x\n");
        copyData("9\n");
        client.sendMessage('c', new byte[0]);
        client.sendMessage('S', new byte[0]);

        RawClient.Message error = client.read();
        assertThat(error.fields()).containsEntry('C', "22P02");
        assertThat(client.read().type()).isEqualTo('Z');
        assertSessionStillAnswers();
        assertThat(server.engine.numbers).isEmpty();
    }

    @Test
    void copyToStdoutThroughExecute() throws IOException {
        server.engine.numbers.add(3);
        connect();
        parseBindExecuteSync("copy numbers to stdout");

        List<Character> types = new ArrayList<>();
        RawClient.Message m;
        do {
            m = client.read();
            types.add(m.type());
        } while (m.type() != 'Z');
        assertThat(types).containsExactly('1', '2', 'H', 'd', 'c', 'C', 'Z');
    }

    // ---- pgJDBC ----

    @Test
    void copyManagerLoadsAndDumpsATable() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url())) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();

            long loaded = copy.copyIn("COPY numbers FROM STDIN", new StringReader("10\n20\n30\n"));
            StringWriter dumped = new StringWriter();
            long dumpedRows = copy.copyOut("COPY numbers TO STDOUT", dumped);

            assertThat(loaded).isEqualTo(3);
            assertThat(dumpedRows).isEqualTo(3);
            assertThat(dumped.toString()).isEqualTo("10\n20\n30\n");
        }
    }

    @Test
    void copyManagerCancelCopySendsCopyFail() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url())) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            org.postgresql.copy.CopyIn in = copy.copyIn("COPY numbers FROM STDIN");
            byte[] row = "1\n".getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(row, 0, row.length);
            in.cancelCopy();

            assertThat(server.engine.copyFailures).hasSize(1);
            assertThat(server.engine.numbers).isEmpty();
            try (ResultSet rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void copyManagerReportsAnErrorInsideTheCopy() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url())) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();

            assertThatThrownBy(() -> copy.copyIn("COPY numbers FROM STDIN", new StringReader("1\noops\n2\n")))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
            assertThat(server.engine.numbers).isEmpty();
            try (ResultSet rs = c.createStatement().executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    // ---- helpers ----

    private void copyData(String text) throws IOException {
        client.sendMessage('d', text.getBytes(StandardCharsets.UTF_8));
    }

    private void assertSessionStillAnswers() throws IOException {
        client.sendQuery("select 1");
        RawClient.Message m = client.readUntil('D');
        assertThat(Arrays.copyOfRange(m.body(), 6, 7)).isEqualTo(new byte[] {'1'});
        client.readUntil('Z');
    }

    private void parseBindExecuteSync(String sql) throws IOException {
        ByteArrayOutputStream parse = new ByteArrayOutputStream();
        parse.writeBytes(RawClient.cstring(""));
        parse.writeBytes(RawClient.cstring(sql));
        parse.writeBytes(new byte[] {0, 0});
        client.sendMessage('P', parse.toByteArray());
        client.sendMessage('B', new byte[] {0, 0, 0, 0, 0, 0, 0, 0});
        ByteArrayOutputStream execute = new ByteArrayOutputStream();
        execute.writeBytes(RawClient.cstring(""));
        execute.writeBytes(int32(0));
        client.sendMessage('E', execute.toByteArray());
        client.sendMessage('S', new byte[0]);
    }

    private static List<Character> types(RawClient.Message... messages) {
        List<Character> out = new ArrayList<>();
        for (RawClient.Message m : messages) {
            out.add(m.type());
        }
        return out;
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }
}
