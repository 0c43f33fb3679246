package osgres.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL's check_root (main.c): the server does not run with an effective uid of 0, with postgres's four-line
 * message on stderr and exit code 1. The effective uid is the owner of {@code /proc/self} (Linux); where that
 * cannot be read, the JVM's {@code user.name}.
 * No escape hatch: an operator as root uses {@code launcher/dev-server}, which runs the server as an
 * unprivileged user, or pg_ctl as that user, as with PostgreSQL; the integration tests, which CI runs as root,
 * start it as their test user (TestServer.asServerUser).
 */
final class RootCheck {
    private RootCheck() {
    }

    /** True (after printing postgres's message) when the server must not start. */
    static boolean refuses() {
        if (!effectiveUserIsRoot()) {
            return false;
        }
        System.err.print("\"root\" execution of the PostgreSQL server is not permitted.\n"
                + "The server must be started under an unprivileged user ID to prevent\n"
                + "possible system security compromise.  See the documentation for\n"
                + "more information on how to properly start the server.\n");
        return true;
    }

    static boolean effectiveUserIsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
