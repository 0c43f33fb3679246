package osgres.sql.internal.session;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import osgres.api.GucContext;
import osgres.api.GucDefinition;
import osgres.api.PgException;
import osgres.api.Settings;
import osgres.api.SqlState;

/** A tiny GUC table standing in for osgres.config's Settings. */
final class FakeSettings implements Settings {
    final Map<String, GucDefinition> definitions = new LinkedHashMap<>();
    final Map<String, String> values = new HashMap<>();
    /** Where sessions put their temporary files (base/pgsql_tmp); tests that spill set their own. */
    Path dataDirectory = Path.of("/tmp");

    FakeSettings() {
        define("work_mem", GucContext.USERSET, GucDefinition.Type.INTEGER, "4MB");
        define("port", GucContext.POSTMASTER, GucDefinition.Type.INTEGER, "5432");
        define("max_wal_size", GucContext.SIGHUP, GucDefinition.Type.INTEGER, "1GB");
        define("server_version", GucContext.INTERNAL, GucDefinition.Type.STRING, "15.18");
        define("log_connections", GucContext.SUPERUSER_BACKEND, GucDefinition.Type.BOOL, "off");
        define("DateStyle", GucContext.USERSET, GucDefinition.Type.STRING, "ISO, MDY");
        define("TimeZone", GucContext.USERSET, GucDefinition.Type.STRING, "Etc/UTC");
        define("application_name", GucContext.USERSET, GucDefinition.Type.STRING, "");
        define("extra_float_digits", GucContext.USERSET, GucDefinition.Type.INTEGER, "1");
        define("search_path", GucContext.USERSET, GucDefinition.Type.STRING, "\"$user\", public");
        define("enable_seqscan", GucContext.USERSET, GucDefinition.Type.BOOL, "on");
        define("log_min_duration_statement", GucContext.SUSET, GucDefinition.Type.INTEGER, "-1");
        // the rest of what osgres.config's GUC table gives every session
        define("client_encoding", GucContext.USERSET, GucDefinition.Type.STRING, "UTF8");
        define("default_transaction_read_only", GucContext.USERSET, GucDefinition.Type.BOOL, "off");
        define("in_hot_standby", GucContext.INTERNAL, GucDefinition.Type.BOOL, "off");
        define("integer_datetimes", GucContext.INTERNAL, GucDefinition.Type.BOOL, "on");
        define("IntervalStyle", GucContext.USERSET, GucDefinition.Type.ENUM, "postgres");
        define("is_superuser", GucContext.INTERNAL, GucDefinition.Type.BOOL, "off");
        define("server_encoding", GucContext.INTERNAL, GucDefinition.Type.STRING, "UTF8");
        define("server_version_num", GucContext.INTERNAL, GucDefinition.Type.INTEGER, "150018");
        define("session_authorization", GucContext.SUSET, GucDefinition.Type.STRING, "");
        define("standard_conforming_strings", GucContext.USERSET, GucDefinition.Type.BOOL, "on");
        define("transaction_isolation", GucContext.USERSET, GucDefinition.Type.ENUM, "read committed");
        define("transaction_read_only", GucContext.USERSET, GucDefinition.Type.BOOL, "off");
        define("transaction_deferrable", GucContext.USERSET, GucDefinition.Type.BOOL, "off");
        define("default_transaction_isolation", GucContext.USERSET, GucDefinition.Type.ENUM, "read committed");
        define("statement_timeout", GucContext.USERSET, GucDefinition.Type.INTEGER, "0");
        define("client_min_messages", GucContext.USERSET, GucDefinition.Type.ENUM, "notice");
    }

    private void define(String name, GucContext context, GucDefinition.Type type, String value) {
        definitions.put(name.toLowerCase(Locale.ROOT), new GucDefinition(name, context, type, "", value, 0, 0,
                List.of(), false, "Description of " + name + "."));
        values.put(name.toLowerCase(Locale.ROOT), value);
    }

    @Override
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public long intValue(String name) {
        return Long.parseLong(values.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public boolean boolValue(String name) {
        return "on".equals(values.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<GucDefinition> definition(String name) {
        return Optional.ofNullable(definitions.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Collection<GucDefinition> definitions() {
        return definitions.values();
    }

    @Override
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    @Override
    public String normalize(String name, String value) {
        GucDefinition d = definitions.get(name.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT,
                    "unrecognized configuration parameter \"" + name + "\"");
        }
        switch (d.type()) {
            case BOOL -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.equals("on") || v.equals("true") || v.equals("1")) {
                    return "on";
                }
                if (v.equals("off") || v.equals("false") || v.equals("0")) {
                    return "off";
                }
                throw invalid(d, value);
            }
            case INTEGER -> {
                if (!value.matches("-?\\d+(kB|MB|GB)?")) {
                    throw invalid(d, value);
                }
                return value;
            }
            default -> {
                if (d.name().equals("DateStyle")) {
                    return value.toUpperCase(Locale.ROOT).startsWith("ISO") ? "ISO, MDY" : value;
                }
                return value;
            }
        }
    }

    private static PgException invalid(GucDefinition d, String value) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + d.name() + "\": \"" + value + "\"");
    }

    @Override
    public void reload() {
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public long generation() {
        return 0;
    }
}
