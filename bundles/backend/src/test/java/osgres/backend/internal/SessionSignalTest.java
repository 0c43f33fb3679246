package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import osgres.api.ProcSignal;
import osgres.api.QuitReason;

/** Signals to a backend (SPEC 3.6): pg_terminate_backend, quickdie, cancel, reload. */
class SessionSignalTest {
    private TestServer server;
    private RawClient client;
    private TestServer.Child child;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        client = new RawClient(server.port());
        client.connect();
        child = server.awaitChild(1);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void terminateWhileIdleSendsFatal57P01AndExitsOne() throws IOException {
        child.session.signal(ProcSignal.TERM);
        RawClient.Message e = client.read();
        assertThat(e.type()).isEqualTo('E');
        assertThat(e.fields()).containsEntry('S', "FATAL").containsEntry('C', "57P01")
                .containsEntry('M', "terminating connection due to administrator command");
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(child)).isEqualTo("1");
        assertThat(server.engine.sessions.get(0).closed).isTrue();
        assertThat(CapturedLog.contains("[" + child.pid + "] FATAL:  terminating connection due to administrator "
                + "command")).isTrue();
    }

    @Test
    void terminateWhileBusyEndsTheStatementWithFatal() throws IOException {
        client.sendQuery("select pg_sleep(60)");
        TestServer.await(() -> child.state.equals("active"), "the sleep to start");
        child.session.signal(ProcSignal.TERM);
        RawClient.Message e = client.readUntil('E');
        assertThat(e.fields()).containsEntry('S', "FATAL").containsEntry('C', "57P01");
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(child)).isEqualTo("1");
    }

    @Test
    void quitAfterACrashWarnsWith57P02AndCloses() throws IOException {
        server.quitReason = QuitReason.FOR_CRASH;
        child.session.signal(ProcSignal.QUIT);
        RawClient.Message n = client.read();
        assertThat(n.type()).isEqualTo('N');
        assertThat(n.fields()).containsEntry('S', "WARNING").containsEntry('C', "57P02")
                .containsEntry('M', "terminating connection because of crash of another server process")
                .containsEntry('D', "The postmaster has commanded this server process to roll back the current "
                        + "transaction and exit, because another server process exited abnormally and possibly "
                        + "corrupted shared memory.")
                .containsEntry('H', "In a moment you should be able to reconnect to the database and repeat your "
                        + "command.");
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(child)).isEqualTo("0");
    }

    @Test
    void quitInTheMiddleOfAStatementStillReturnsPromptly() throws IOException {
        server.quitReason = QuitReason.FOR_STOP;
        client.sendQuery("select pg_sleep(60)");
        TestServer.await(() -> child.state.equals("active"), "the sleep to start");
        child.session.signal(ProcSignal.QUIT);
        RawClient.Message n = client.readUntil('N');
        assertThat(n.fields()).containsEntry('C', "57P01")
                .containsEntry('M', "terminating connection due to immediate shutdown command");
        assertThat(client.atEof()).isTrue();
        assertThat(server.awaitExit(child)).isEqualTo("0");
    }

    @Test
    void cancelWhileIdleDoesNothing() throws IOException {
        child.session.signal(ProcSignal.INT);
        client.sendQuery("select 1");
        RawClient.Message first = client.read();
        assertThat(first.type()).isEqualTo('T');
        client.readUntil('Z');
    }

    @Test
    void reloadIsAppliedWhenTheNextCommandArrives() throws IOException {
        child.session.signal(ProcSignal.HUP);
        assertThat(server.engine.sessions.get(0).reloads).isZero();
        client.sendQuery("select 1");
        client.readUntil('Z');
        assertThat(server.engine.sessions.get(0).reloads).isEqualTo(1);
    }
}
