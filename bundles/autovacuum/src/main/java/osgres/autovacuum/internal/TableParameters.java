package osgres.autovacuum.internal;

import java.util.Locale;
import java.util.Map;

/**
 * A table's autovacuum storage parameters (reloptions.c's autovacuum options, as {@code CREATE TABLE ... WITH} or
 * {@code ALTER TABLE ... SET} stored them, already validated): each one set overrides the GUC of the same name for
 * this table; a number below zero (PostgreSQL's "use the GUC") and an absent one fall back to the GUC.
 */
record TableParameters(Map<String, String> options) {

    /** {@code autovacuum_enabled}, parsed as PostgreSQL's parse_bool (true/false, on/off, yes/no, 1/0, prefixes). */
    boolean enabled() {
        String value = options.get("autovacuum_enabled");
        if (value == null) {
            return true;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return !(v.equals("0") || v.equals("off") || (!v.isEmpty() && ("false".startsWith(v) || "no".startsWith(v))));
    }

    int integer(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            return v < 0 && !name.equals("autovacuum_vacuum_insert_threshold") ? fallback : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    double real(String name, double fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(value.trim());
            return v < 0 ? fallback : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
