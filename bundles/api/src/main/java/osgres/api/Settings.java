package osgres.api;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The server-wide configuration (osgres.config): postgresql.conf (with includes and
 * postgresql.auto.conf), then the command line's {@code -c} options, over the GUC table's defaults.
 * Session-level values (SET, startup packet) are kept by each session on top of these.
 *
 * <p>The same values reach DS components through ConfigAdmin: configuration PID {@code osgres.<bundle>}
 * with one property per GUC that component reads (osgres.config keeps that map), the name's {@code _} written
 * as {@code .} so that a component property type
 * {@code @interface Config { int max_connections(); }} reads {@code max_connections}.
 */
public interface Settings {

    /** Server-level value in display form ({@code SHOW}'s output), e.g. {@code 128MB}; empty for unknown. */
    Optional<String> value(String name);

    /** Integer value in the parameter's base unit (e.g. shared_buffers in 8kB pages). */
    long intValue(String name);

    boolean boolValue(String name);

    Optional<GucDefinition> definition(String name);

    Collection<GucDefinition> definitions();

    /** Every server-level value, keyed by lower-case name. */
    Map<String, String> values();

    /**
     * Checks a value for a parameter and returns it in display form; throws 42704
     * {@code unrecognized configuration parameter "%s"} or 22023 {@code invalid value for parameter "%s": "%s"}
     * (with PostgreSQL's HINT for units and enums).
     */
    String normalize(String name, String value);

    /**
     * Re-reads the configuration files (SIGHUP). Logs each changed parameter as PostgreSQL does, refuses
     * postmaster-context changes with the "cannot be changed without restarting the server" line, keeps
     * the old values on errors, and pushes the new values to ConfigAdmin. Called on the postmaster's thread.
     */
    void reload();

    /** The data directory (absolute). */
    Path dataDirectory();

    /** The generation of the loaded configuration: increments on each reload that changed something. */
    long generation();
}
