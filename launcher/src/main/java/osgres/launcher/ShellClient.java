package osgres.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code osgres shell -D DIR [-c COMMAND]}: the client side of the owner-only shell channel, a Unix-domain
 * socket the shell bundle (osgres.shell) opens at {@code <data directory>/.osgres_shell}. It sends Gogo
 * command lines and prints the replies: with a command, one round trip (exit status 0 or 1, as the command
 * went); without, an interactive loop with the prompt {@code osgres> } until end of input. It has no
 * counterpart in PostgreSQL (closest: pg_ctl talking to the postmaster through signals and files) and no
 * line editing or completion.
 *
 * <p>The line protocol (kept in step with {@code osgres.shell.internal.ShellProtocol}): the client writes one
 * command per line (UTF-8); the server answers with lines tagged {@code '|'} (output) or {@code '!'} (error),
 * then a line of U+0004 followed by the status digit.
 */
public final class ShellClient {

    static final String SOCKET_NAME = ".osgres_shell";
    static final String PROMPT = "osgres> ";
    private static final char OUTPUT = '|';
    private static final char ERROR = '!';
    private static final char END_OF_REPLY = '\u0004';

    /** Exit status when the server shell cannot be reached or the connection breaks. */
    static final int CONNECTION_FAILED = 2;

    private ShellClient() {
    }

    /**
     * Runs {@code commandOrNull} (or, if null, an interactive session on stdin) against the server whose data
     * directory is {@code dataDirectory}. Returns 0 on success, 1 if the (last) command failed, 2 if the
     * server could not be reached.
     */
    public static int run(Path dataDirectory, String commandOrNull) {
        Path socket = dataDirectory.toAbsolutePath().resolve(SOCKET_NAME);
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("osgres: could not connect to server shell at \"" + socket + "\": " + reason(e));
            System.err.println("Is the server running?");
            return CONNECTION_FAILED;
        }
        try (channel;
             BufferedReader replies = new BufferedReader(
                     new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
             Writer requests = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8)) {
            if (commandOrNull != null) {
                // Gogo reads a newline as a statement separator; the protocol needs one line per request.
                return ask(requests, replies, commandOrNull.replace("\r", "").replace('\n', ';'));
            }
            return interactive(requests, replies);
        } catch (IOException e) {
            System.err.println("osgres: lost connection to server shell: " + reason(e));
            return CONNECTION_FAILED;
        }
    }

    private static int interactive(Writer requests, BufferedReader replies) throws IOException {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int status = 0;
        while (true) {
            System.out.print(PROMPT);
            System.out.flush();
            String line = stdin.readLine();
            if (line == null) {
                System.out.println();
                return status;
            }
            String command = line.strip();
            if (command.isEmpty()) {
                continue;
            }
            if (command.equals("exit") || command.equals("quit") || command.equals("\\q")) {
                return status;
            }
            status = ask(requests, replies, command);
        }
    }

    /** One round trip: sends the command, prints the reply, returns the server's status for it. */
    private static int ask(Writer requests, BufferedReader replies, String command) throws IOException {
        requests.write(command);
        requests.write('\n');
        requests.flush();
        for (String line = replies.readLine(); line != null; line = replies.readLine()) {
            if (line.isEmpty()) {
                continue;
            }
            char tag = line.charAt(0);
            String text = line.substring(1);
            if (tag == END_OF_REPLY) {
                System.out.flush();
                return text.equals("0") ? 0 : 1;
            }
            PrintStream target = tag == ERROR ? System.err : System.out;
            target.println(tag == OUTPUT || tag == ERROR ? text : line);
        }
        throw new IOException("server closed the connection");
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
