package osgres.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * A {@link ShellSession} backed by a Gogo {@link CommandSession}: the command's value is formatted as the Gogo
 * console formats it ({@link Converter#INSPECT}), anything it printed is captured, and an exception becomes
 * its message and status 1. The session has no keyboard: a command that reads stdin sees end of file.
 */
final class GogoShellSession implements ShellSession {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
    private final CommandSession session;

    GogoShellSession(CommandProcessor processor) {
        this.session = processor.createSession(InputStream.nullInputStream(), out, err);
    }

    @Override
    public Result run(String commandLine) {
        output.reset();
        errors.reset();
        int status = 0;
        try {
            Object value = session.execute(commandLine);
            if (value != null) {
                out.println(session.format(value, Converter.INSPECT));
            }
        } catch (Exception e) {
            err.println(e.getMessage() != null ? e.getMessage() : e.toString());
            status = 1;
        }
        out.flush();
        err.flush();
        return new Result(output.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8), status);
    }

    @Override
    public void close() {
        session.close();
    }
}
