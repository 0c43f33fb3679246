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
 * properties and see reloads as {@code @Modified}. One configuration per component PID in {@link #PIDS}, each
 * holding every GUC: key = lower-case name with {@code _} written as {@code .} (a component property type
 * method {@code int max_connections()} reads {@code max.connections}); value = Integer for integers (in
 * the base unit: shared_buffers in 8kB pages, checkpoint_timeout in seconds), Double for reals, Boolean for
 * booleans, String for strings and enums. {@code updateIfDifferent} keeps an unchanged reload from
 * reconfiguring anything.
 */
final class ConfigAdminPublisher {

    static final List<String> PIDS = List.of("osgres.postmaster", "osgres.listener", "osgres.backend", "osgres.sql",
            "osgres.shmem", "osgres.signals", "osgres.shell", "osgres.startup", "osgres.checkpointer",
            "osgres.bgwriter", "osgres.walwriter", "osgres.autovacuum", "osgres.storage");

    private final ConfigurationAdmin configAdmin;

    ConfigAdminPublisher(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The configuration properties for a set of values (key mapping described in the class comment). */
    static Dictionary<String, Object> properties(Map<String, GucValues.Value> values) {
        Hashtable<String, Object> properties = new Hashtable<>();
        values.forEach((name, value) -> properties.put(propertyKey(name), value.typed()));
        return properties;
    }

    static String propertyKey(String gucName) {
        return gucName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Synchronous, on the caller's thread (start-up or the postmaster's reload). */
    void publish(Map<String, GucValues.Value> values) {
        Dictionary<String, Object> properties = properties(values);
        for (String pid : PIDS) {
            try {
                Configuration configuration = configAdmin.getConfiguration(pid, "?");
                configuration.updateIfDifferent(properties);
            } catch (IOException e) {
                throw new UncheckedIOException("could not update configuration " + pid, e);
            }
        }
    }
}
