package osgres.config.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import osgres.api.GucContext;
import osgres.api.GucDefinition;

/**
 * The GUC table (guc.c's ConfigureNames arrays), read from the data file {@code guc-table.tsv} next to this
 * class: every PostgreSQL 15 parameter with its context, type, base unit, boot value, limits and enum values,
 * plus a few hidden ones PostgreSQL keeps out of pg_settings (is_superuser, session_authorization, role, seed).
 * Lookups are case-insensitive; {@link GucDefinition#name()} keeps PostgreSQL's spelling ({@code DateStyle},
 * {@code IntervalStyle}, {@code TimeZone}) because that is what ParameterStatus and SHOW's column label show.
 *
 * <p>Boot values are osgres's defaults, which are those of a fresh PostgreSQL cluster where initdb writes
 * something into postgresql.conf (128MB shared buffers, C.UTF-8 locales); {@code TimeZone} and
 * {@code log_timezone} default to the JVM's zone. It holds no values: {@link ServerConfiguration} does.
 */
final class GucTable {

    /**
     * One parameter: the public definition plus what parsing needs.
     *
     * @param bootInput  boot value in input syntax (base units for numbers), parsed like any other value
     * @param octal      shown as {@code %04o} (unix_socket_permissions, log_file_mode)
     * @param aliases    hidden enum spellings mapped to the value they stand for ({@code true} -> {@code on})
     */
    record Guc(GucDefinition definition, String bootInput, boolean octal, Map<String, String> aliases) {

        String name() {
            return definition.name();
        }

        String key() {
            return definition.name().toLowerCase(Locale.ROOT);
        }

        GucDefinition.Type type() {
            return definition.type();
        }

        GucContext context() {
            return definition.context();
        }

        String unit() {
            return definition.unit();
        }

        boolean isMemoryUnit() {
            return unit().endsWith("B");
        }

        boolean hasUnit() {
            return !unit().isEmpty();
        }
    }

    private static final String RESOURCE = "guc-table.tsv";

    private final Map<String, Guc> byKey;

    private GucTable(Map<String, Guc> byKey) {
        this.byKey = byKey;
    }

    /** The standard table, with the zone defaults taken from the JVM. */
    static GucTable standard() {
        return load(Map.of("timezone", jvmZoneName(), "log_timezone", jvmZoneName()));
    }

    /** The standard table with some boot values replaced (tests pin the time zone this way). */
    static GucTable load(Map<String, String> bootOverrides) {
        try (InputStream in = GucTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, Guc> table = new LinkedHashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Guc guc = parseLine(line, bootOverrides);
                table.put(guc.key(), guc);
            }
            return new GucTable(table).withDisplayBootValues(
                    guc -> GucValues.parse(guc, guc.name(), guc.bootInput(), null).display());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Guc parseLine(String line, Map<String, String> bootOverrides) {
        String[] f = line.split("\t", -1);
        String name = f[0];
        GucContext context = parseContext(f[1]);
        GucDefinition.Type type = GucDefinition.Type.valueOf(f[2].equals("integer") ? "INTEGER"
                : f[2].toUpperCase(Locale.ROOT));
        String unit = f[3];
        String boot = bootOverrides.getOrDefault(name.toLowerCase(Locale.ROOT), f[4]);
        double min = f[5].isEmpty() ? 0 : Double.parseDouble(f[5]);
        double max = f[6].isEmpty() ? 0 : Double.parseDouble(f[6]);
        List<String> enumValues = type == GucDefinition.Type.ENUM ? List.of(f[7].split("\\|", -1)) : List.of();
        List<String> flags = f[8].isEmpty() ? List.of() : Arrays.asList(f[8].split(","));
        Map<String, String> aliases = new LinkedHashMap<>();
        if (!f[9].isEmpty()) {
            for (String alias : f[9].split(",")) {
                int eq = alias.indexOf('=');
                aliases.put(alias.substring(0, eq), alias.substring(eq + 1));
            }
        }
        // The boot value is replaced by its display form once the whole table is read (see load).
        GucDefinition definition = new GucDefinition(name, context, type, unit, boot, min, max, enumValues,
                flags.contains("report"), f[10]);
        return new Guc(definition, boot, flags.contains("octal"), Map.copyOf(aliases));
    }

    private static GucContext parseContext(String pgName) {
        for (GucContext context : GucContext.values()) {
            if (context.pgName().equals(pgName)) {
                return context;
            }
        }
        throw new IllegalArgumentException("unknown GUC context " + pgName);
    }

    /** The JVM's zone as PostgreSQL would name the system zone ({@code UTC} is shown as {@code Etc/UTC}). */
    static String jvmZoneName() {
        String id = ZoneId.systemDefault().normalized().getId();
        return switch (id) {
            case "Z", "UTC", "GMT", "UCT", "Etc/UCT", "Universal", "Zulu", "Etc/Universal", "Etc/Zulu" -> "Etc/UTC";
            default -> id.startsWith("+") || id.startsWith("-") ? "Etc/UTC" : id;
        };
    }

    Optional<Guc> find(String name) {
        return Optional.ofNullable(byKey.get(name.toLowerCase(Locale.ROOT)));
    }

    Collection<Guc> all() {
        return byKey.values();
    }

    /** The same table with each definition's boot value in display form ({@code 128MB}, not 16384). */
    private GucTable withDisplayBootValues(Function<Guc, String> display) {
        Map<String, Guc> copy = new LinkedHashMap<>();
        for (Guc guc : byKey.values()) {
            GucDefinition d = guc.definition();
            GucDefinition shown = new GucDefinition(d.name(), d.context(), d.type(), d.unit(), display.apply(guc),
                    d.min(), d.max(), d.enumValues(), d.report(), d.description());
            copy.put(guc.key(), new Guc(shown, guc.bootInput(), guc.octal(), guc.aliases()));
        }
        return new GucTable(copy);
    }

    List<GucDefinition> definitions() {
        List<GucDefinition> list = new ArrayList<>(byKey.size());
        byKey.values().forEach(g -> list.add(g.definition()));
        return List.copyOf(list);
    }
}
