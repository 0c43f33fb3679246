package osgres.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server-configured shell command such as {@code archive_command} or {@code restore_command}: the
 * {@code %}-placeholder expansion of PostgreSQL's shell_archive.c and common/archive.c (BuildRestoreCommand), and
 * its run through {@code /bin/sh -c} in a given directory, as {@code system()} runs it there. The outcome is
 * described the way PostgreSQL's wait_result_to_str and the callers' messages describe it.
 *
 * <p>Only what PostgreSQL does: no timeout of its own (an archive_command may take as long as it likes), but the
 * wait is interruptible: an interrupt destroys the shell and its process tree, so a QUIT of the calling process
 * never leaves it waiting on a hung command.
 */
public final class ShellCommand {

    private ShellCommand() {
    }

    /**
     * Expands {@code %x} for each {@code x} in {@code values}, and {@code %%} to {@code %}; any other {@code %}
     * stays as it is (shell_archive_file / BuildRestoreCommand).
     */
    public static String expand(String template, Map<Character, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '%' && i + 1 < template.length()) {
                char next = template.charAt(i + 1);
                String value = values.get(next);
                if (value != null) {
                    out.append(value);
                    i++;
                    continue;
                }
                if (next == '%') {
                    out.append('%');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * How a command ended. The JVM reports a shell killed by signal n as exit code 128 + n, which is also what
     * a shell returns when the command it ran was killed, so both read as that exit code, as PostgreSQL reads the
     * second case.
     */
    public record Outcome(int exitCode, String startFailure) {
        public boolean succeeded() {
            return startFailure == null && exitCode == 0;
        }

        /**
         * wait_result_is_any_signal(rc, true): the command died on a signal, or the shell could not run it (exit
         * code 126 or 127, "command not found"): the caller should give up rather than retry.
         */
        public boolean isSignalOrNotFound() {
            return startFailure != null || exitCode > 125;
        }

        /** wait_result_to_str: {@code child process exited with exit code 1} and the like. */
        public String describe() {
            if (startFailure != null) {
                return startFailure;
            }
            return switch (exitCode) {
                case 126 -> "command not executable";
                case 127 -> "command not found";
                default -> "child process exited with exit code " + exitCode;
            };
        }
    }

    /**
     * Runs {@code command} with {@code /bin/sh -c} in {@code directory}, its output going where the server's does
     * (inherited), and waits for it. Throws InterruptedException, after destroying the shell and what it started,
     * when the calling thread is interrupted.
     */
    public static Outcome run(String command, Path directory) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, "could not execute /bin/sh: " + e.getMessage());
        }
        try {
            return new Outcome(process.waitFor(), null);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                // already giving up
            }
            throw e;
        }
    }
}
