package osgres.config.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import osgres.api.GucContext;
import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

/**
 * The server-level values of every GUC and the rules for changing them from files, mirroring guc-file.l's
 * ProcessConfigFileInternal and guc.c's set_config_option for the postmaster:
 * <ol>
 * <li>boot values, then the command line ({@code -c}, source ARGV: it wins over the file, also on reload),
 *     then postgresql.conf with its includes and postgresql.auto.conf (source FILE, later lines win);</li>
 * <li>at start-up any problem is fatal ({@code configuration file "%s" contains errors});</li>
 * <li>on reload a syntax error or an unknown name applies nothing; a bad value or a changed
 *     postmaster-context value is logged and skipped while the rest is applied; a parameter that left the
 *     file goes back to its boot value.</li>
 * </ol>
 * Loading and reloading return the log lines instead of writing them, so this class stays pure and testable.
 * It is not thread-safe for writers (the component serialises load and reload); readers see an immutable
 * snapshot.
 */
final class ServerConfiguration {

    /** Where a value came from, weakest first (GucSource). */
    enum Source { DEFAULT, FILE, COMMAND_LINE, OVERRIDE }

    private record Setting(GucValues.Value value, Source source) {
    }

    /** Result of the start-up load: the lines to log and, when it failed, the FATAL one (or a stderr line). */
    record StartResult(List<LogEntry> messages, PgException fatal, String stderr) {
        boolean ok() {
            return fatal == null && stderr == null;
        }
    }

    /** Result of a reload: the lines to log and whether any value changed. */
    record ReloadResult(List<LogEntry> messages, boolean changed) {
    }

    private final GucTable table;
    private final Path dataDirectory;
    private final Map<String, String> commandLine;
    private final Map<String, Setting> settings = new HashMap<>();
    private final Map<String, String> placeholders = new LinkedHashMap<>();
    private volatile Map<String, GucValues.Value> snapshot = Map.of();
    private volatile Map<String, String> placeholderSnapshot = Map.of();

    /**
     * @param commandLine {@code name -> value} from {@code -c} and {@code -p}, in command-line order
     */
    ServerConfiguration(GucTable table, Path dataDirectory, Map<String, String> commandLine) {
        this.table = table;
        this.dataDirectory = dataDirectory;
        this.commandLine = new LinkedHashMap<>(commandLine);
    }

    /** Parses {@code osgres.options}: one {@code name=value} per line. */
    static Map<String, String> parseOptions(String options) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (options == null) {
            return parsed;
        }
        for (String line : options.split("\n")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (eq > 0) {
                parsed.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1));
            }
        }
        return parsed;
    }

    Path configFile() {
        return dataDirectory.resolve("postgresql.conf");
    }

    /** The postmaster's start-up: boot values, command line, files, then the postmaster's own checks. */
    StartResult loadAtStart() {
        for (GucTable.Guc guc : table.all()) {
            settings.put(guc.key(), new Setting(GucValues.parse(guc, guc.name(), guc.bootInput(), null),
                    Source.DEFAULT));
        }
        for (Map.Entry<String, String> option : commandLine.entrySet()) {
            try {
                applyCommandLine(option.getKey(), option.getValue());
            } catch (PgException e) {
                return new StartResult(List.of(), e.withSeverity(Severity.FATAL), null);
            }
        }
        List<LogEntry> messages = new ArrayList<>();
        Path errorFile = applyFiles(messages, false);
        if (errorFile != null) {
            PgException fatal = PgException.fatal("F0000", Messages.CONTAINS_ERRORS.formatted(errorFile));
            return new StartResult(messages, fatal, null);
        }
        computeOverrides();
        publish();
        long reserved = intValue("superuser_reserved_connections");
        long maxConnections = intValue("max_connections");
        if (reserved >= maxConnections) {
            return new StartResult(messages, null, Messages.RESERVED_CONNECTIONS.formatted(reserved, maxConnections));
        }
        return new StartResult(messages, null, null);
    }

    private void applyCommandLine(String name, String value) {
        Optional<GucTable.Guc> found = table.find(name);
        if (found.isEmpty()) {
            if (!isCustomName(name)) {
                throw PgException.error(SqlState.UNDEFINED_OBJECT, Messages.UNRECOGNIZED.formatted(name));
            }
            placeholders.put(name.toLowerCase(Locale.ROOT), value);
            return;
        }
        GucTable.Guc guc = found.get();
        if (guc.context() == GucContext.INTERNAL) {
            throw PgException.error(SqlState.CANT_CHANGE_RUNTIME_PARAM, Messages.CANNOT_BE_CHANGED.formatted(name));
        }
        settings.put(guc.key(), new Setting(GucValues.parse(guc, name, value, display(guc.key())),
                Source.COMMAND_LINE));
    }

    /** SIGHUP: re-reads the files, logging as the postmaster does. */
    ReloadResult reload() {
        List<LogEntry> messages = new ArrayList<>();
        Map<String, String> before = displays();
        applyFiles(messages, true);
        publish();
        return new ReloadResult(messages, !before.equals(displays()));
    }

    /**
     * ProcessConfigFileInternal. Returns the file to name in "contains errors", or null when all went well.
     * At start-up ({@code reload == false}) nothing is "changed" or "removed" and postmaster values may be set.
     */
    private Path applyFiles(List<LogEntry> messages, boolean reload) {
        ConfigFileParser.Result parsed = ConfigFileParser.parseServerConfig(configFile(), dataDirectory);
        messages.addAll(parsed.messages());
        if (!parsed.ok()) {
            return bail(messages, reload, false, parsed.errorFile());
        }
        Path errorFile = configFile();
        boolean error = false;
        // Names first: one unknown name and nothing is applied. Later duplicates win.
        Map<String, Integer> lastIndex = new HashMap<>();
        List<ConfigFileParser.Item> items = parsed.items();
        for (int i = 0; i < items.size(); i++) {
            ConfigFileParser.Item item = items.get(i);
            if (table.find(item.name()).isPresent()) {
                lastIndex.put(item.name().toLowerCase(Locale.ROOT), i);
            } else if (!isCustomName(item.name())) {
                messages.add(LogEntry.log(Messages.UNRECOGNIZED_IN_FILE.formatted(item.name(), item.file(),
                        item.line())));
                error = true;
                errorFile = item.file();
            }
        }
        if (error) {
            return bail(messages, reload, false, errorFile);
        }
        if (reload) {
            error |= resetRemoved(messages, lastIndex);
        }
        for (int i = 0; i < items.size(); i++) {
            ConfigFileParser.Item item = items.get(i);
            Optional<GucTable.Guc> found = table.find(item.name());
            if (found.isEmpty()) {
                placeholders.put(item.name().toLowerCase(Locale.ROOT), item.value());
                continue;
            }
            GucTable.Guc guc = found.get();
            if (lastIndex.get(guc.key()) != i) {
                continue;
            }
            if (!applyItem(guc, item, reload, messages)) {
                error = true;
                errorFile = item.file();
            }
        }
        return error ? bail(messages, reload, true, errorFile) : null;
    }

    /** Parameters set from the file before but absent now go back to their boot values. */
    private boolean resetRemoved(List<LogEntry> messages, Map<String, Integer> inFile) {
        boolean error = false;
        for (GucTable.Guc guc : table.all()) {
            Setting setting = settings.get(guc.key());
            if (setting.source() != Source.FILE || inFile.containsKey(guc.key())) {
                continue;
            }
            if (guc.context() == GucContext.INTERNAL || guc.context() == GucContext.POSTMASTER) {
                messages.add(LogEntry.log(Messages.NEEDS_RESTART.formatted(guc.name())));
                error = true;
                continue;
            }
            settings.put(guc.key(), new Setting(GucValues.parse(guc, guc.name(), guc.bootInput(), null),
                    Source.DEFAULT));
            messages.add(LogEntry.log(Messages.REMOVED_RESET.formatted(guc.name())));
        }
        return error;
    }

    /** set_config_option for one file line; false when it was an error. */
    private boolean applyItem(GucTable.Guc guc, ConfigFileParser.Item item, boolean reload, List<LogEntry> messages) {
        if (guc.context() == GucContext.INTERNAL) {
            messages.add(LogEntry.log(Messages.CANNOT_BE_CHANGED.formatted(item.name())));
            return false;
        }
        Setting current = settings.get(guc.key());
        if (current.source().compareTo(Source.FILE) > 0) {
            return true; // the command line wins, silently
        }
        GucValues.Value value;
        try {
            value = GucValues.parse(guc, item.name(), item.value(), current.value().display());
        } catch (PgException e) {
            messages.add(LogEntry.log(e));
            return false;
        }
        boolean changed = !value.display().equals(current.value().display());
        if (reload && guc.context() == GucContext.POSTMASTER) {
            if (changed) {
                messages.add(LogEntry.log(Messages.NEEDS_RESTART.formatted(item.name())));
                return false;
            }
            return true;
        }
        settings.put(guc.key(), new Setting(value, Source.FILE));
        if (reload && changed) {
            messages.add(LogEntry.log(Messages.CHANGED_TO.formatted(item.name(), item.value())));
        }
        return true;
    }

    private Path bail(List<LogEntry> messages, boolean reload, boolean applying, Path errorFile) {
        if (reload) {
            messages.add(LogEntry.log((applying ? Messages.CONTAINS_ERRORS_SOME_APPLIED
                    : Messages.CONTAINS_ERRORS_NONE_APPLIED).formatted(errorFile)));
        }
        return errorFile;
    }

    /** Values PostgreSQL computes at start: file locations and the automatic wal_buffers. */
    private void computeOverrides() {
        override("data_directory", dataDirectory.toString());
        override("config_file", configFile().toString());
        if (display("hba_file").isEmpty()) {
            override("hba_file", dataDirectory.resolve("pg_hba.conf").toString());
        }
        if (display("ident_file").isEmpty()) {
            override("ident_file", dataDirectory.resolve("pg_ident.conf").toString());
        }
        if (intValue("wal_buffers") == -1) {
            // XLOGChooseNumBuffers: 1/32 of shared_buffers, at least 64kB, at most one 16MB WAL segment
            long pages = Math.max(8, Math.min(2048, intValue("shared_buffers") / 32));
            override("wal_buffers", Long.toString(pages));
        }
    }

    private void override(String key, String input) {
        GucTable.Guc guc = table.find(key).orElseThrow();
        settings.put(key, new Setting(GucValues.parse(guc, guc.name(), input, null), Source.OVERRIDE));
    }

    private void publish() {
        Map<String, GucValues.Value> values = new LinkedHashMap<>();
        for (GucTable.Guc guc : table.all()) {
            values.put(guc.key(), settings.get(guc.key()).value());
        }
        snapshot = Collections.unmodifiableMap(values);
        placeholderSnapshot = Map.copyOf(placeholders);
    }

    private Map<String, String> displays() {
        Map<String, String> displays = new HashMap<>();
        settings.forEach((key, setting) -> displays.put(key, setting.value().display()));
        displays.putAll(placeholders);
        return displays;
    }

    /** The working value while loading (only on the loading thread). */
    private String display(String key) {
        Setting setting = settings.get(key);
        return setting == null ? null : setting.value().display();
    }

    Optional<String> value(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        GucValues.Value value = snapshot.get(key);
        return value != null ? Optional.of(value.display()) : Optional.ofNullable(placeholderSnapshot.get(key));
    }

    /** Typed value (Boolean, Integer, Double, String) of a known parameter. */
    Object typed(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        GucValues.Value value;
        if (snapshot.isEmpty()) {
            Setting setting = settings.get(key); // still loading, on the loading thread
            value = setting == null ? null : setting.value();
        } else {
            value = snapshot.get(key);
        }
        if (value == null) {
            throw new IllegalArgumentException(Messages.UNRECOGNIZED.formatted(name));
        }
        return value.typed();
    }

    long intValue(String name) {
        Object typed = typed(name);
        if (typed instanceof Integer i) {
            return i;
        }
        if (typed instanceof Double d) {
            return (long) d.doubleValue();
        }
        throw new IllegalArgumentException("parameter \"" + name + "\" is not numeric");
    }

    boolean boolValue(String name) {
        if (typed(name) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("parameter \"" + name + "\" is not a Boolean");
    }

    Map<String, GucValues.Value> snapshot() {
        return snapshot;
    }

    Map<String, String> displayValues() {
        Map<String, String> values = new LinkedHashMap<>();
        snapshot.forEach((key, value) -> values.put(key, value.display()));
        values.putAll(placeholderSnapshot);
        return Collections.unmodifiableMap(values);
    }

    /** Settings.normalize: the checks of SET and the startup packet (no context check: the caller does it). */
    String normalize(String name, String value) {
        Optional<GucTable.Guc> found = table.find(name);
        if (found.isEmpty()) {
            if (isCustomName(name)) {
                return value;
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, Messages.UNRECOGNIZED.formatted(name));
        }
        GucTable.Guc guc = found.get();
        return GucValues.parse(guc, name, value, value(guc.key()).orElse(null)).display();
    }

    /** valid_custom_variable_name: two or more identifiers joined by dots ({@code plpgsql.extra_warnings}). */
    static boolean isCustomName(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length < 2) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || Character.isDigit(part.charAt(0)) && part.charAt(0) < 128) {
                return false;
            }
            for (char c : part.toCharArray()) {
                if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || c >= 0x80)) {
                    return false;
                }
            }
        }
        return true;
    }
}
