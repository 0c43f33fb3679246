package osgres.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's command line, as {@code postgres} reads it (main.c / PostmasterMain's getopt):
 * {@code -D DIR}, {@code -p PORT}, {@code -c name=value}, {@code --name=value}, {@code -h addresses},
 * {@code -k socketdirs}, {@code -N max_connections}, {@code -B shared_buffers}. Options after the data
 * directory are GUC overrides that win over postgresql.conf, also after a reload.
 *
 * @param dataDirectory the {@code -D} argument or {@code $PGDATA}; null when neither is given
 * @param settings      GUC overrides in command-line order (later wins)
 * @param arguments     the arguments exactly as given, for postmaster.opts
 */
record ServerOptions(Path dataDirectory, Map<String, String> settings, List<String> arguments) {

    /** A usage error, reported as postgres does ({@code postgres: invalid option -- 'x'}). */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static ServerOptions parse(List<String> args) throws UsageException {
        String dataDirectory = null;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--") && arg.length() > 2) {
                addSetting(settings, arg.substring(2));
                continue;
            }
            if (!arg.startsWith("-") || arg.length() < 2) {
                throw new UsageException("invalid argument: \"" + arg + "\"");
            }
            char option = arg.charAt(1);
            String value;
            if (arg.length() > 2) {
                value = arg.substring(2);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option requires an argument -- '" + option + "'");
            }
            switch (option) {
                case 'D' -> dataDirectory = value;
                case 'p' -> settings.put("port", value);
                case 'c' -> addSetting(settings, value);
                case 'h' -> settings.put("listen_addresses", value);
                case 'k' -> settings.put("unix_socket_directories", value);
                case 'N' -> settings.put("max_connections", value);
                case 'B' -> settings.put("shared_buffers", value);
                default -> throw new UsageException("invalid option -- '" + option + "'");
            }
        }
        if (dataDirectory == null) {
            String env = System.getenv("PGDATA");
            if (env != null && !env.isEmpty()) {
                dataDirectory = env;
            }
        }
        return new ServerOptions(dataDirectory == null ? null : Path.of(dataDirectory).toAbsolutePath().normalize(),
                settings, new ArrayList<>(args));
    }

    private static void addSetting(Map<String, String> settings, String assignment) throws UsageException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--" + assignment + " requires a value");
        }
        String name = assignment.substring(0, eq).replace('-', '_');
        settings.put(name, assignment.substring(eq + 1));
    }

    /** The {@code osgres.options} framework property: one {@code name=value} per line. */
    String settingsProperty() {
        StringBuilder out = new StringBuilder();
        settings.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }
}
