package osgres.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL's check_root (main.c): the server does not run with an effective uid of 0, with postgres's four-line
 * message on stderr and exit code 1. The effective uid is the owner of {@code /proc/self} (Linux); where that
 * cannot be read, the JVM's {@code user.name}.
 *
 * <p>One escape hatch, for the integration tests only: CI runs them as root and they start the server directly,
 * so {@code OSGRES_TEST_ALLOW_ROOT=1} in the environment (set by the launcher's failsafe configuration, nowhere
 * else) lets the server start. An operator as root uses {@code launcher/dev-server}, which runs the server as an
 * unprivileged user, or pg_ctl as that user, as with PostgreSQL.
 */
final class RootCheck {
    static final String TEST_ESCAPE_HATCH = "OSGRES_TEST_ALLOW_ROOT";

    private RootCheck() {
    }

    /** True (after printing postgres's message) when the server must not start. */
    static boolean refuses() {
        if (!effectiveUserIsRoot() || "1".equals(System.getenv(TEST_ESCAPE_HATCH))) {
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
