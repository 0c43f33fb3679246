package osgres.backend.internal;

import java.time.Duration;

/**
 * The parameters the backend itself reads at connection start, as they arrive from ConfigAdmin (PID
 * {@code osgres.backend}, pushed by osgres.config on start and on every reload).
 */
record ConnectionSettings(Duration authenticationTimeout, boolean logConnections, boolean logDisconnections) {

    static final ConnectionSettings DEFAULTS = new ConnectionSettings(Duration.ofSeconds(60), false, false);

    /** Component property type: {@code authentication_timeout()} reads property {@code authentication.timeout}. */
    @interface Config {
        /** Seconds, the GUC's base unit. */
        int authentication_timeout() default 60;

        boolean log_connections() default false;

        boolean log_disconnections() default false;
    }

    static ConnectionSettings from(Config config) {
        int seconds = config.authentication_timeout();
        return new ConnectionSettings(Duration.ofSeconds(seconds > 0 ? seconds : 60), config.log_connections(),
                config.log_disconnections());
    }
}
