package osgres.shell.internal;

/**
 * One connection's command session: runs command lines one after the other, keeping state (Gogo variables)
 * between them. Not thread-safe; the channel uses one per connection.
 */
interface ShellSession extends AutoCloseable {

    /** What one command line produced. */
    record Result(String output, String errors, int status) {
    }

    Result run(String commandLine);

    @Override
    void close();
}
