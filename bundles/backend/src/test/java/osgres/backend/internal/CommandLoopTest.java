package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command loop with raw messages: what pgJDBC and psql never send, and the exact message sequences. */
class CommandLoopTest {
    private TestServer server;
    private RawClient client;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        client = new RawClient(server.port());
        client.connect();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    private List<Character> typesUntilReady() throws IOException {
        List<Character> types = new ArrayList<>();
        RawClient.Message m;
        do {
            m = client.read();
            types.add(m.type());
        } while (m.type() != 'Z');
        return types;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] int16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    private void parse(String name, String sql) throws IOException {
        client.sendMessage('P', concat(RawClient.cstring(name), RawClient.cstring(sql), int16(0)));
    }

    private void bind(String portal, String statement, String... textParameters) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RawClient.cstring(portal));
        body.writeBytes(RawClient.cstring(statement));
        body.writeBytes(int16(0));
        body.writeBytes(int16(textParameters.length));
        for (String p : textParameters) {
            byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
            body.writeBytes(int32(bytes.length));
            body.writeBytes(bytes);
        }
        body.writeBytes(int16(0));
        client.sendMessage('B', body.toByteArray());
    }

    private void execute(String portal, int maxRows) throws IOException {
        client.sendMessage('E', concat(RawClient.cstring(portal), int32(maxRows)));
    }

    private void sync() throws IOException {
        client.sendMessage('S', new byte[0]);
    }

    @Test
    void simpleQueryGivesRowDescriptionRowsAndCommandComplete() throws IOException {
        client.sendQuery("select 1; select generate_series(1, 2)");
        assertThat(typesUntilReady()).containsExactly('T', 'D', 'C', 'T', 'D', 'D', 'C', 'Z');
        client.sendQuery("");
        assertThat(typesUntilReady()).containsExactly('I', 'Z');
    }

    @Test
    void simpleQueryStopsAtTheFirstErrorAndTheSessionGoesOn() throws IOException {
        client.sendQuery("select error; select 1");
        RawClient.Message e = client.readUntil('E');
        assertThat(e.fields()).containsEntry('S', "ERROR").containsEntry('C', "42703").containsEntry('P', "8");
        assertThat(client.read().type()).isEqualTo('Z');
        client.sendQuery("select 1");
        assertThat(typesUntilReady()).containsExactly('T', 'D', 'C', 'Z');
    }

    @Test
    void errorInsideABlockShowsAsFailedTransactionUntilRollback() throws IOException {
        client.sendQuery("begin");
        assertThat(client.readUntil('Z').text()).isEqualTo("T");
        client.sendQuery("select error");
        assertThat(client.readUntil('Z').text()).isEqualTo("E");
        client.sendQuery("select 1");
        assertThat(client.readUntil('E').fields()).containsEntry('C', "25P02");
        assertThat(client.readUntil('Z').text()).isEqualTo("E");
        client.sendQuery("rollback");
        assertThat(client.readUntil('C').text()).isEqualTo("ROLLBACK\0");
        assertThat(client.readUntil('Z').text()).isEqualTo("I");
    }

    @Test
    void extendedQueryWithParameterAndPortalSuspension() throws IOException {
        parse("", "select $1::int + 1");
        bind("", "", "41");
        client.sendMessage('D', concat(new byte[] {'P'}, RawClient.cstring("")));
        execute("", 0);
        sync();
        assertThat(client.read().type()).isEqualTo('1');
        assertThat(client.read().type()).isEqualTo('2');
        assertThat(client.read().type()).isEqualTo('T');
        assertThat(client.read().body()).containsExactly(0, 1, 0, 0, 0, 2, '4', '2');
        assertThat(client.read().text()).isEqualTo("SELECT 1\0");
        assertThat(client.read().type()).isEqualTo('Z');

        client.sendQuery("begin");
        client.readUntil('Z');
        parse("series", "select generate_series(1, 5)");
        bind("cursor", "series");
        execute("cursor", 2);
        client.sendMessage('H', new byte[0]);
        assertThat(List.of(client.read().type(), client.read().type(), client.read().type(), client.read().type(),
                client.read().type())).containsExactly('1', '2', 'D', 'D', 's');
        execute("cursor", 0);
        sync();
        assertThat(typesUntilReady()).containsExactly('D', 'D', 'D', 'C', 'Z');
    }

    @Test
    void describeStatementSendsParameterAndRowDescriptions() throws IOException {
        parse("s1", "select $1::int + 1");
        client.sendMessage('D', concat(new byte[] {'S'}, RawClient.cstring("s1")));
        parse("s2", "begin");
        client.sendMessage('D', concat(new byte[] {'S'}, RawClient.cstring("s2")));
        sync();
        assertThat(client.read().type()).isEqualTo('1');
        RawClient.Message parameters = client.read();
        assertThat(parameters.type()).isEqualTo('t');
        assertThat(parameters.body()).containsExactly(0, 1, 0, 0, 0, 23);
        assertThat(client.read().type()).isEqualTo('T');
        assertThat(typesUntilReady()).containsExactly('1', 't', 'n', 'Z');
    }

    @Test
    void afterAnErrorMessagesAreSkippedUntilSync() throws IOException {
        bind("", "nosuch");
        execute("", 0);
        parse("", "select 1");
        sync();
        RawClient.Message e = client.read();
        assertThat(e.fields()).containsEntry('C', "26000")
                .containsEntry('M', "prepared statement \"nosuch\" does not exist");
        assertThat(client.read().type()).isEqualTo('Z');
        execute("gone", 0);
        sync();
        assertThat(client.read().fields()).containsEntry('C', "34000")
                .containsEntry('M', "portal \"gone\" does not exist");
        assertThat(client.read().type()).isEqualTo('Z');
        bind("", "");
        sync();
        assertThat(client.read().fields()).containsEntry('M', "unnamed prepared statement does not exist");
        client.readUntil('Z');
    }

    @Test
    void namedStatementsCannotBeRedefinedButUnnamedOnesAreReplaced() throws IOException {
        parse("", "select 1");
        parse("", "select 1");
        parse("dup", "select 1");
        parse("dup", "select 1");
        sync();
        assertThat(client.read().type()).isEqualTo('1');
        assertThat(client.read().type()).isEqualTo('1');
        assertThat(client.read().type()).isEqualTo('1');
        assertThat(client.read().fields()).containsEntry('C', "42P05")
                .containsEntry('M', "prepared statement \"dup\" already exists");
        client.readUntil('Z');
        client.sendMessage('C', concat(new byte[] {'S'}, RawClient.cstring("dup")));
        client.sendMessage('C', concat(new byte[] {'S'}, RawClient.cstring("never-existed")));
        parse("dup", "select 1");
        sync();
        assertThat(typesUntilReady()).containsExactly('3', '3', '1', 'Z');
    }

    @Test
    void unnamedPortalDoesNotOutliveItsTransaction() throws IOException {
        parse("", "select generate_series(1, 3)");
        bind("", "");
        execute("", 1);
        sync();
        assertThat(typesUntilReady()).containsExactly('1', '2', 'D', 's', 'Z');
        execute("", 1);
        sync();
        assertThat(client.read().fields()).containsEntry('C', "34000");
        client.readUntil('Z');
    }

    @Test
    void engineBugIsAnInternalErrorForThatStatementOnly() throws IOException {
        client.sendQuery("select crash");
        assertThat(client.readUntil('E').fields()).containsEntry('C', "XX000")
                .containsEntry('M', "internal error in the SQL engine (details are in the server log)");
        client.readUntil('Z');
        client.sendQuery("select 1");
        assertThat(typesUntilReady()).containsExactly('T', 'D', 'C', 'Z');
    }

    @Test
    void noticesComeBeforeCommandCompleteAndParameterChangesBeforeReady() throws IOException {
        client.sendQuery("commit");
        RawClient.Message notice = client.read();
        assertThat(notice.type()).isEqualTo('N');
        assertThat(notice.fields()).containsEntry('S', "WARNING").containsEntry('C', "25P01");
        assertThat(client.read().text()).isEqualTo("COMMIT\0");
        client.readUntil('Z');
        client.sendQuery("set application_name = 'changed'");
        assertThat(client.read().type()).isEqualTo('C');
        assertThat(client.read().text()).isEqualTo("application_name\0changed\0");
        assertThat(client.read().type()).isEqualTo('Z');
    }

    @Test
    void copyMessagesOutsideCopyAndFunctionCallsDoNotEndTheSession() throws IOException {
        client.sendMessage('d', new byte[] {1, 2, 3});
        client.sendMessage('c', new byte[0]);
        client.sendMessage('F', concat(int32(1234), int16(0), int16(0), int16(0)));
        assertThat(client.read().fields()).containsEntry('C', "0A000");
        assertThat(client.read().type()).isEqualTo('Z');
    }

    @Test
    void unknownMessageTypeIsFatalProtocolViolation() throws IOException {
        client.sendMessage('?', new byte[0]);
        RawClient.Message e = client.read();
        assertThat(e.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                .containsEntry('M', "invalid frontend message type 63");
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("1");
    }

    @Test
    void invalidMessageLengthIsLoggedAndTheConnectionClosed() throws IOException {
        client.sendRaw(new byte[] {'S', 0x7f, 0, 0, 0});
        assertThat(client.readToEnd()).isEmpty();
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
        assertThat(CapturedLog.contains("LOG:  invalid message length")).isTrue();
    }

    @Test
    void malformedBodyIsAnErrorNotTheEndOfTheSession() throws IOException {
        client.sendMessage('E', new byte[] {'x'});
        sync();
        assertThat(client.read().fields()).containsEntry('C', "08P01").containsEntry('M', "invalid string in message");
        client.readUntil('Z');
        client.sendQuery("select 1");
        assertThat(typesUntilReady()).containsExactly('T', 'D', 'C', 'Z');
    }

    @Test
    void terminateEndsWithExitZeroAndClosesTheSqlSession() throws IOException {
        client.sendMessage('X', new byte[0]);
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
        assertThat(server.engine.sessions.get(0).closed).isTrue();
    }

    @Test
    void activityIsReportedForEachTransition() throws IOException {
        TestServer.Child child = server.awaitChild(1);
        client.sendQuery("begin");
        client.readUntil('Z');
        TestServer.await(() -> child.state.equals("idle in transaction"), "idle in transaction");
        assertThat(child.query).isEqualTo("begin");
        client.sendQuery("select error");
        client.readUntil('Z');
        TestServer.await(() -> child.state.equals("idle in transaction (aborted)"), "aborted state");
        client.sendQuery("rollback");
        client.readUntil('Z');
        TestServer.await(() -> child.state.equals("idle"), "idle");
    }
}
