package osgres.shell.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * The owner-only shell channel's line protocol, over the Unix-domain socket {@code <data directory>/.osgres_shell}
 * (UTF-8, lines end with {@code \n}). {@code osgres.launcher.ShellClient} speaks the other side and repeats
 * these constants; keep the two in step.
 * <pre>
 *   client: one command line per request (Gogo syntax; {@code ;} separates several commands)
 *   server: zero or more reply lines, each tagged by its first character
 *             '|' text  what the command printed or returned (stdout)
 *             '!' text  an error message (stderr)
 *           then one end-of-reply line: U+0004 followed by the exit status, '0' (success) or '1' (error)
 * </pre>
 * Requests are answered one at a time, in order. The server never sends anything unasked.
 */
final class ShellProtocol {

    static final String SOCKET_NAME = ".osgres_shell";
    static final char OUTPUT = '|';
    static final char ERROR = '!';
    static final char END_OF_REPLY = '\u0004';

    /** Writes one reply: the output lines, the error lines, the end marker; does not flush. */
    static void writeReply(Writer out, String output, String errors, int status) throws IOException {
        writeTagged(out, OUTPUT, output);
        writeTagged(out, ERROR, errors);
        out.write(END_OF_REPLY);
        out.write(Integer.toString(status));
        out.write('\n');
    }

    private static void writeTagged(Writer out, char tag, String text) throws IOException {
        if (text == null || text.isEmpty()) {
            return;
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\r?\n", -1)) {
            out.write(tag);
            out.write(line);
            out.write('\n');
        }
    }

    private ShellProtocol() {
    }
}
