package osgres.launcher;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/osgres}: the command line of osgres, shaped like PostgreSQL's {@code postgres} (main.c).
 * <ul>
 * <li>{@code osgres -D DIR [-p PORT] [-c name=value ...]}: checks the data directory, then runs the server
 *     (the Felix framework with every osgres bundle) in the foreground until it shuts down; the JVM's pid is
 *     the server's pid, so {@code pg_ctl -p bin/osgres start|stop|restart|reload|status} works unchanged;</li>
 * <li>{@code osgres initdb -D DIR}: creates a data directory;</li>
 * <li>{@code osgres shell -D DIR [-c COMMAND]}: an operator's Gogo shell on a running server, over a channel
 *     only the data directory's owner can open;</li>
 * <li>{@code osgres --version}.</li>
 * </ul>
 * It does not daemonize or fork: pg_ctl does that, as for postgres. Like postgres, the server refuses to run as
 * root ({@link RootCheck}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        int code;
        try {
            code = run(Arrays.asList(argv));
        } catch (Exception e) {
            StartupLog.fatal("could not start server: " + e, null, null);
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    static int run(List<String> args) throws Exception {
        Path home = Path.of(System.getProperty("osgres.home", ".")).toAbsolutePath().normalize();
        if (args.isEmpty()) {
            usage();
            return 1;
        }
        String first = args.get(0);
        switch (first) {
            case "--version", "-V" -> {
                System.out.println(Version.VERSION_LINE);
                return 0;
            }
            case "--help", "-?" -> {
                usage();
                return 0;
            }
            case "initdb" -> {
                return InitDb.run(home, args.subList(1, args.size()));
            }
            case "shell" -> {
                return shell(args.subList(1, args.size()));
            }
            default -> {
                return server(home, args);
            }
        }
    }

    private static int server(Path home, List<String> args) throws Exception {
        if (RootCheck.refuses()) {
            return 1;
        }
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (ServerOptions.UsageException e) {
            System.err.println("postgres: " + e.getMessage());
            System.err.println("Try \"postgres --help\" for more information.");
            return 1;
        }
        if (options.dataDirectory() == null) {
            System.err.println("postgres does not know where to find the server configuration file.");
            System.err.println("You must specify the --config-file or -D invocation option or set the PGDATA "
                    + "environment variable.");
            return 2;
        }
        try {
            DataDirectoryCheck.check(options.dataDirectory());
        } catch (DataDirectoryCheck.Failure failure) {
            return failure.exitCode;
        }
        boolean terminal = System.console() != null && System.console().isTerminal();
        return new FrameworkLauncher(home).run(options, terminal);
    }

    private static int shell(List<String> args) {
        String dir = System.getenv("PGDATA");
        String command = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-D") && i + 1 < args.size()) {
                dir = args.get(++i);
            } else if (arg.equals("-c") && i + 1 < args.size()) {
                command = args.get(++i);
            } else {
                System.err.println("osgres shell: invalid argument \"" + arg + "\"");
                return 1;
            }
        }
        if (dir == null) {
            System.err.println("osgres shell: no data directory specified (-D or PGDATA)");
            return 1;
        }
        return ShellClient.run(Path.of(dir).toAbsolutePath().normalize(), command);
    }

    private static void usage() {
        System.out.println("""
                osgres is PostgreSQL's postmaster as an OSGi runtime.

                Usage:
                  osgres -D DATADIR [-p PORT] [-c NAME=VALUE]...   run the server in the foreground
                  osgres initdb -D DATADIR [-U SUPERUSER]          create a new data directory
                  osgres shell -D DATADIR [-c COMMAND]            operator shell on a running server
                  osgres --version                                 show the version

                Options for the server:
                  -D DATADIR        database directory (default: $PGDATA)
                  -p PORT           port number to listen on
                  -c NAME=VALUE     set run-time parameter (also --NAME=VALUE)
                  -h HOSTNAME       host name or IP address to listen on
                  -k DIRECTORY      Unix-domain socket location
                  -N MAX-CONNECT    maximum number of allowed connections
                  -B NBUFFERS       number of shared buffers""");
    }
}
