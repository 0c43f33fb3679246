package osgres.sql.internal.parser;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import osgres.api.PgException;
import osgres.sql.internal.utils.TypeIo;

/**
 * The storage parameters of a table ({@code CREATE TABLE ... WITH (...)}, {@code ALTER TABLE ... SET (...) /
 * RESET (...)}), validated as reloptions.c's heap options are: the name must be one PostgreSQL 15 knows for a table,
 * the value of its type and within its bounds, with PostgreSQL's messages (all 22023). A parameter given without a
 * value means {@code true}, as transformRelOptions has it. {@code fillfactor} is kept apart (the heap reads it);
 * the autovacuum ones are read by autovacuum; the others are accepted and kept, as PostgreSQL stores them.
 */
final class StorageParameters {

    private enum Kind { BOOL, INT, REAL, ENUM }

    private record Spec(Kind kind, double min, double max) {
    }

    private static final Map<String, Spec> HEAP = Map.ofEntries(
            Map.entry("fillfactor", new Spec(Kind.INT, 10, 100)),
            Map.entry("autovacuum_enabled", new Spec(Kind.BOOL, 0, 0)),
            Map.entry("autovacuum_vacuum_threshold", new Spec(Kind.INT, 0, Integer.MAX_VALUE)),
            Map.entry("autovacuum_vacuum_insert_threshold", new Spec(Kind.INT, -1, Integer.MAX_VALUE)),
            Map.entry("autovacuum_analyze_threshold", new Spec(Kind.INT, 0, Integer.MAX_VALUE)),
            Map.entry("autovacuum_vacuum_cost_limit", new Spec(Kind.INT, 1, 10000)),
            Map.entry("autovacuum_freeze_min_age", new Spec(Kind.INT, 0, 1_000_000_000)),
            Map.entry("autovacuum_freeze_max_age", new Spec(Kind.INT, 100_000, 2_000_000_000)),
            Map.entry("autovacuum_freeze_table_age", new Spec(Kind.INT, 0, 2_000_000_000)),
            Map.entry("autovacuum_multixact_freeze_min_age", new Spec(Kind.INT, 0, 1_000_000_000)),
            Map.entry("autovacuum_multixact_freeze_max_age", new Spec(Kind.INT, 10_000, 2_000_000_000)),
            Map.entry("autovacuum_multixact_freeze_table_age", new Spec(Kind.INT, 0, 2_000_000_000)),
            Map.entry("log_autovacuum_min_duration", new Spec(Kind.INT, -1, Integer.MAX_VALUE)),
            Map.entry("toast_tuple_target", new Spec(Kind.INT, 128, 8160)),
            Map.entry("parallel_workers", new Spec(Kind.INT, 0, 1024)),
            Map.entry("autovacuum_vacuum_cost_delay", new Spec(Kind.REAL, 0, 100)),
            Map.entry("autovacuum_vacuum_scale_factor", new Spec(Kind.REAL, 0, 100)),
            Map.entry("autovacuum_vacuum_insert_scale_factor", new Spec(Kind.REAL, 0, 100)),
            Map.entry("autovacuum_analyze_scale_factor", new Spec(Kind.REAL, 0, 100)),
            Map.entry("user_catalog_table", new Spec(Kind.BOOL, 0, 0)),
            Map.entry("vacuum_truncate", new Spec(Kind.BOOL, 0, 0)),
            Map.entry("vacuum_index_cleanup", new Spec(Kind.ENUM, 0, 0)));

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Adds {@code name = value} ({@code value} null: given without one), checking it. */
    void add(String name, String value) {
        String v = value == null ? "true" : value;
        Spec spec = HEAP.get(name);
        if (spec == null) {
            throw PgException.error("22023", "unrecognized parameter \"" + name + "\"");
        }
        if (values.containsKey(name)) {
            throw PgException.error("22023", "parameter \"" + name + "\" specified more than once");
        }
        switch (spec.kind) {
            case BOOL -> {
                if (!isBool(v)) {
                    throw PgException.error("22023", "invalid value for boolean option \"" + name + "\": " + v);
                }
            }
            case INT -> {
                long n;
                try {
                    n = Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    throw PgException.error("22023", "invalid value for integer option \"" + name + "\": " + v);
                }
                if (n < spec.min || n > spec.max) {
                    throw PgException.error("22023", "value " + v + " out of bounds for option \"" + name + "\"")
                            .withDetail("Valid values are between \"" + (long) spec.min + "\" and \""
                                    + (long) spec.max + "\".");
                }
            }
            case REAL -> {
                double d;
                try {
                    // strtod's syntax: digits, point, exponent; not Java's NaN, Infinity or 1f
                    if (!v.trim().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                        throw new NumberFormatException();
                    }
                    d = Double.parseDouble(v.trim());
                } catch (NumberFormatException e) {
                    throw PgException.error("22023", "invalid value for floating point option \"" + name + "\": "
                            + v);
                }
                if (d < spec.min || d > spec.max) {
                    throw PgException.error("22023", "value " + v + " out of bounds for option \"" + name + "\"")
                            .withDetail(String.format(Locale.ROOT, "Valid values are between \"%f\" and \"%f\".",
                                    spec.min, spec.max));
                }
            }
            case ENUM -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (!lower.equals("auto") && !isBool(v)) {
                    throw PgException.error("22023", "invalid value for enum option \"" + name + "\": " + v)
                            .withDetail("Valid values are \"on\", \"off\", and \"auto\".");
                }
            }
        }
        values.put(name, v);
    }

    private static boolean isBool(String v) {
        try {
            TypeIo.parseBool(v);
            return true;
        } catch (PgException e) {
            return false;
        }
    }

    /** fillfactor if given, else null. */
    Integer fillfactor() {
        String v = values.get("fillfactor");
        return v == null ? null : Integer.parseInt(v.trim());
    }

    /** Every parameter but fillfactor, in the order given. */
    Map<String, String> others() {
        Map<String, String> others = new LinkedHashMap<>(values);
        others.remove("fillfactor");
        return others;
    }
}
