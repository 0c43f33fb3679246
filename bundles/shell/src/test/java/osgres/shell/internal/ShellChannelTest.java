package osgres.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell channel end to end: a client on the Unix socket, the real Gogo runtime, the osgres commands. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShellChannelTest {

    @TempDir
    Path dataDirectory;

    private final FakePostmaster postmaster = new FakePostmaster();
    private ThreadIOImpl threadIO;
    private CommandProcessorImpl gogo;
    private ShellChannel channel;

    @BeforeEach
    void startChannel() throws IOException {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        gogo = new CommandProcessorImpl(threadIO);
        OsgresCommands commands = new OsgresCommands(postmaster);
        for (String function : List.of("status", "ps", "reload", "stop", "kill", "restart")) {
            gogo.addCommand("osgres", commands, function);
        }
        channel = new ShellChannel(dataDirectory.resolve(".osgres_shell"), () -> new GogoShellSession(gogo));
        channel.start();
    }

    @AfterEach
    void stopChannel() {
        channel.close();
        gogo.stop();
        threadIO.stop();
    }

    /** A minimal client: sends one line, collects the reply up to the end marker. */
    private record Client(SocketChannel socket, BufferedReader in, Writer out) implements AutoCloseable {
        static Client connect(Path path) throws IOException {
            SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
            socket.connect(UnixDomainSocketAddress.of(path));
            return new Client(socket,
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(socket), StandardCharsets.UTF_8)),
                    new OutputStreamWriter(Channels.newOutputStream(socket), StandardCharsets.UTF_8));
        }

        List<String> ask(String command) throws IOException {
            out.write(command + "\n");
            out.flush();
            List<String> reply = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reply.add(line);
                if (line.startsWith("\u0004")) {
                    return reply;
                }
            }
            reply.add("<eof>");
            return reply;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void socketIsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDirectory.resolve(".osgres_shell")))).isEqualTo("rw-------");
    }

    @Test
    void commandsRunInGogoAndRepliesEndWithTheStatusMarker() throws IOException {
        try (Client client = Client.connect(channel.socketPath())) {
            assertThat(client.ask("osgres:reload")).containsExactly("|server signaled", "\u00040");
            assertThat(client.ask("osgres:kill -9 4003")).containsExactly("\u00040");
            assertThat(client.ask("osgres:kill TERM 77"))
                    .containsExactly("!could not send signal 15 (PID: 77): No such process", "\u00041");
            assertThat(client.ask("")).containsExactly("\u00040");
            List<String> ps = client.ask("osgres:ps");
            assertThat(ps.getFirst()).startsWith("| PID  TYPE");
            assertThat(ps).contains("|(2 rows)").last().isEqualTo("\u00040");
            assertThat(client.ask("osgres:stop")).containsExactly("|fast shutdown requested", "\u00040");
        }
        assertThat(postmaster.requests).containsExactly("reload", "signal KILL 4003", "shutdown FAST");
    }

    @Test
    void unknownCommandsFailWithStatusOne() throws IOException {
        try (Client client = Client.connect(channel.socketPath())) {
            List<String> reply = client.ask("osgres:frobnicate");
            assertThat(reply.getLast()).isEqualTo("\u00041");
            assertThat(reply.getFirst()).startsWith("!").contains("frobnicate");
        }
    }

    @Test
    void sessionKeepsVariablesBetweenCommands() throws IOException {
        try (Client client = Client.connect(channel.socketPath())) {
            client.ask("mode = smart");
            assertThat(client.ask("osgres:stop $mode")).containsExactly("|smart shutdown requested", "\u00040");
        }
    }

    @Test
    void closingRemovesTheSocketAndDropsClients() throws IOException {
        Path socket = channel.socketPath();
        try (Client client = Client.connect(socket)) {
            channel.close();
            assertThat(socket).doesNotExist();
            assertThat(client.in().readLine()).isNull();
        }
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneIsNot() throws IOException {
        Path socket = channel.socketPath();
        ShellChannel second = new ShellChannel(socket, () -> new GogoShellSession(gogo));
        assertThatThrownBy(second::start).hasMessage("another server is listening on it");
        channel.close();
        Files.createFile(socket);
        channel = new ShellChannel(socket, () -> new GogoShellSession(gogo));
        channel.start();
        try (Client client = Client.connect(socket)) {
            assertThat(client.ask("osgres:reload")).containsExactly("|server signaled", "\u00040");
        }
    }
}
