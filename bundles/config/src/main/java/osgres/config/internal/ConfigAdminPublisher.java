package osgres.config.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Pushes the server-level GUC values into ConfigAdmin so that DS components read them as configuration
 * properties and see reloads as {@code @Modified}. One configuration per component PID in {@link #GUCS_BY_PID},
 * holding exactly the GUCs that component reads (DESIGN.md: each GUC mapped to the component that uses it).
 * Pushing every GUC everywhere would reconfigure components on unrelated changes, and a GUC named
 * {@code <x>_target} would become SCR's target filter of a reference named {@code <x>}.
 * Key = lower-case name with {@code _} written as {@code .} (a component property type
 * method {@code int max_connections()} reads {@code max.connections}); value = Integer for integers (in
 * the base unit: shared_buffers in 8kB pages, checkpoint_timeout in seconds), Double for reals, Boolean for
 * booleans, String for strings and enums. {@code updateIfDifferent} keeps an unchanged reload from
 * reconfiguring anything.
 */
final class ConfigAdminPublisher {

    /** Component PID -> the GUCs its configuration property type reads. Add a line when a component needs one. */
    static final Map<String, List<String>> GUCS_BY_PID = Map.of(
            "osgres.backend", List.of("authentication_timeout", "log_connections", "log_disconnections"),
            "osgres.checkpointer", List.of("checkpoint_timeout", "checkpoint_warning", "archive_timeout"),
            "osgres.archiver", List.of("archive_command"),
            "osgres.walwriter", List.of("wal_writer_delay"),
            "osgres.walreceiver", List.of("primary_conninfo", "primary_slot_name", "wal_receiver_status_interval",
                    "wal_receiver_timeout", "hot_standby_feedback", "cluster_name", "wal_receiver_create_temp_slot"),
            "osgres.bgwriter", List.of("bgwriter_delay", "bgwriter_lru_maxpages"),
            "osgres.autovacuum", List.of("autovacuum", "autovacuum_naptime", "autovacuum_max_workers",
                    "autovacuum_vacuum_threshold", "autovacuum_vacuum_scale_factor",
                    "autovacuum_vacuum_insert_threshold", "autovacuum_vacuum_insert_scale_factor",
                    "autovacuum_analyze_threshold", "autovacuum_analyze_scale_factor", "autovacuum_vacuum_cost_delay",
                    "autovacuum_vacuum_cost_limit", "vacuum_cost_delay", "vacuum_cost_limit", "vacuum_cost_page_hit",
                    "vacuum_cost_page_miss", "vacuum_cost_page_dirty", "log_autovacuum_min_duration"));

    private final ConfigurationAdmin configAdmin;

    ConfigAdminPublisher(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The configuration properties of the named GUCs (key mapping described in the class comment). */
    static Dictionary<String, Object> properties(Map<String, GucValues.Value> values, List<String> names) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (String name : names) {
            GucValues.Value value = values.get(name);
            if (value != null) {
                properties.put(propertyKey(name), value.typed());
            }
        }
        return properties;
    }

    static String propertyKey(String gucName) {
        return gucName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Synchronous, on the caller's thread (start-up or the postmaster's reload). */
    void publish(Map<String, GucValues.Value> values) {
        for (Map.Entry<String, List<String>> entry : GUCS_BY_PID.entrySet()) {
            String pid = entry.getKey();
            try {
                Configuration configuration = configAdmin.getConfiguration(pid, "?");
                configuration.updateIfDifferent(properties(values, entry.getValue()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not update configuration " + pid, e);
            }
        }
    }
}
