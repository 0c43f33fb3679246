/*
 * pg_settings (system_views.sql over guc.c's show_all_settings), with PostgreSQL 15's columns: one row per
 * parameter pg_settings shows, from the GUC table (osgres.config's definitions: context, type, unit, limits, enum
 * values, boot value, short description) and the session's values (SessionGucs: SET, SET LOCAL, the startup
 * packet's, the server's). setting, boot_val and reset_val are in the parameter's base unit, as guc.c shows them
 * ("4096" with unit "kB" for work_mem = 4MB); reals in printf's %g; category and extra_desc come from the data file
 * pg_settings.tsv next to this class, whose names are also the parameters shown (the hidden is_superuser, role...
 * are not).
 *
 * Approximations: the source of a server-level value that differs from the boot value is "configuration file"
 * (osgres does not tell a postgresql.conf line from a command-line option, so sourcefile and sourceline are NULL);
 * one equal to the boot value is "default" even where PostgreSQL's initdb wrote it into postgresql.conf;
 * pending_restart is always false.
 */
package osgres.sql.internal.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import osgres.api.GucDefinition;
import osgres.sql.internal.utils.PgArrays;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.SessionGucs;
import osgres.sql.internal.utils.SessionServices;

public final class SettingsCatalog {

    private static final PgType TEXT = PgType.TEXT;

    static final SystemViews.View PG_SETTINGS = new SystemViews.View("pg_settings", SystemViews.columns(
            "name", TEXT, "setting", TEXT, "unit", TEXT, "category", TEXT, "short_desc", TEXT, "extra_desc", TEXT,
            "context", TEXT, "vartype", TEXT, "source", TEXT, "min_val", TEXT, "max_val", TEXT,
            "enumvals", PgType.TEXT_ARRAY, "boot_val", TEXT, "reset_val", TEXT, "sourcefile", TEXT,
            "sourceline", PgType.INT4, "pending_restart", PgType.BOOL),
            SettingsCatalog::rows);

    /** The parameters whose value the server sets itself (PGC_S_OVERRIDE in guc.c). */
    private static final Set<String> OVERRIDDEN = Set.of("config_file", "data_directory", "hba_file", "ident_file",
            "transaction_deferrable", "transaction_isolation", "transaction_read_only");

    private record Described(String category, String extraDescription) {
    }

    private static volatile Map<String, Described> described;

    private SettingsCatalog() {
    }

    private static List<Object[]> rows(SessionServices session) {
        Map<String, Described> shown = described();
        SessionGucs gucs = session.gucs();
        List<Object[]> rows = new ArrayList<>();
        for (GucDefinition d : session.settings().definitions()) {
            Described about = shown.get(d.name().toLowerCase(Locale.ROOT));
            if (about == null) {
                continue;
            }
            String key = d.name().toLowerCase(Locale.ROOT);
            String source = OVERRIDDEN.contains(key) ? "override" : gucs.source(key);
            boolean number = d.type() == GucDefinition.Type.INTEGER || d.type() == GucDefinition.Type.REAL;
            rows.add(new Object[] {
                d.name(), inBaseUnit(d, gucs.showIfExists(key)), d.unit().isEmpty() ? null : d.unit(),
                about.category(), d.description(), about.extraDescription(), d.context().pgName(),
                d.type().name().toLowerCase(Locale.ROOT), source, number ? limit(d, d.min()) : null,
                number ? limit(d, d.max()) : null,
                d.type() == GucDefinition.Type.ENUM ? PgArrays.of(TEXT, d.enumValues()) : null,
                inBaseUnit(d, d.bootValue()), inBaseUnit(d, gucs.resetValueOf(key)), null, null, false});
        }
        rows.sort(java.util.Comparator.comparing(r -> (String) r[0], String.CASE_INSENSITIVE_ORDER));
        return rows;
    }

    private static Map<String, Described> described() {
        Map<String, Described> map = described;
        if (map == null) {
            described = map = read();
        }
        return map;
    }

    private static Map<String, Described> read() {
        Map<String, Described> out = new HashMap<>();
        try (InputStream in = SettingsCatalog.class.getResourceAsStream("pg_settings.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                out.put(f[0].toLowerCase(Locale.ROOT), new Described(f[1], f[2].equals("\\N") ? null : f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    /** A limit as guc.c prints it: %d for integers, %g for reals. */
    private static String limit(GucDefinition d, double value) {
        return d.type() == GucDefinition.Type.INTEGER ? Long.toString((long) value) : formatG(value);
    }

    /** A shown value ({@code 4MB}, {@code 1min}, {@code 0.1}) in the parameter's base unit, as guc.c shows it. */
    static String inBaseUnit(GucDefinition d, String shown) {
        if (shown == null || (d.type() != GucDefinition.Type.INTEGER && d.type() != GucDefinition.Type.REAL)) {
            return shown;
        }
        String text = shown.strip();
        int end = 0;
        while (end < text.length() && "+-0123456789.eE".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        double value;
        try {
            value = Double.parseDouble(text.substring(0, end));
        } catch (NumberFormatException e) {
            return shown;
        }
        String unit = text.substring(end).strip();
        if (!unit.isEmpty() && !d.unit().isEmpty()) {
            value = value * unitSize(unit) / unitSize(d.unit());
        }
        if (d.type() == GucDefinition.Type.INTEGER) {
            return Long.toString(Math.round(value));
        }
        return formatG(value);
    }

    /** A unit's size in bytes (memory) or microseconds (time); {@code 8kB} is a block. */
    private static double unitSize(String unit) {
        return switch (unit) {
            case "B" -> 1;
            case "kB" -> 1024;
            case "8kB" -> 8192;
            case "MB" -> 1024.0 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            case "TB" -> 1024.0 * 1024 * 1024 * 1024;
            case "us" -> 1;
            case "ms" -> 1000;
            case "s" -> 1000_000;
            case "min" -> 60_000_000.0;
            case "h" -> 3600_000_000.0;
            case "d" -> 86400_000_000.0;
            default -> 1;
        };
    }

    /** printf("%g"): six significant digits, trailing zeros dropped, e-notation below 1e-4 and from 1e6 on. */
    static String formatG(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(6));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.scale() <= 0 ? mantissa.toBigInteger().toString() : mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        BigDecimal plain = rounded.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }
}
