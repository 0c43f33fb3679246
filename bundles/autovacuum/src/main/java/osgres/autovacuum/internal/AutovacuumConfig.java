package osgres.autovacuum.internal;

/**
 * The GUCs autovacuum reads, as osgres.config publishes them under the PID {@code osgres.autovacuum} (a property
 * {@code autovacuum.naptime} for the method {@code autovacuum_naptime()}), in PostgreSQL's base units: seconds for
 * the naptime, milliseconds for delays and durations. Defaults are PostgreSQL 15's.
 */
@interface AutovacuumConfig {
    boolean autovacuum() default true;

    int autovacuum_naptime() default 60;

    int autovacuum_max_workers() default 3;

    int autovacuum_vacuum_threshold() default 50;

    double autovacuum_vacuum_scale_factor() default 0.2;

    int autovacuum_vacuum_insert_threshold() default 1000;

    double autovacuum_vacuum_insert_scale_factor() default 0.2;

    int autovacuum_analyze_threshold() default 50;

    double autovacuum_analyze_scale_factor() default 0.1;

    double autovacuum_vacuum_cost_delay() default 2;

    int autovacuum_vacuum_cost_limit() default -1;

    double vacuum_cost_delay() default 0;

    int vacuum_cost_limit() default 200;

    int vacuum_cost_page_hit() default 1;

    int vacuum_cost_page_miss() default 2;

    int vacuum_cost_page_dirty() default 20;

    int log_autovacuum_min_duration() default 600000;
}
