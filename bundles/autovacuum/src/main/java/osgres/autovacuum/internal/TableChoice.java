package osgres.autovacuum.internal;

import osgres.storage.MaintenanceCandidate;
import osgres.storage.TableStatistics;

/**
 * autovacuum.c relation_needs_vacanalyze: a table needs VACUUM when its dead tuples pass
 * {@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples}, or its tuples inserted since the
 * last vacuum pass {@code autovacuum_vacuum_insert_threshold + autovacuum_vacuum_insert_scale_factor * reltuples}
 * (an insert threshold of -1 disables that test); it needs ANALYZE when its tuples changed since the last analyze
 * pass {@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor * reltuples}. A never-counted table
 * (reltuples -1) counts as empty. The table's own storage parameters override the GUCs, and
 * {@code autovacuum_enabled = false} leaves it alone.
 *
 * @param vacuum  run VACUUM
 * @param analyze run ANALYZE
 */
record TableChoice(boolean vacuum, boolean analyze) {

    static final TableChoice NOTHING = new TableChoice(false, false);

    boolean any() {
        return vacuum || analyze;
    }

    static TableChoice of(MaintenanceCandidate table, AutovacuumConfig config) {
        TableParameters p = new TableParameters(table.options());
        if (!p.enabled()) {
            return NOTHING;
        }
        double reltuples = Math.max(0, table.reltuples());
        TableStatistics stats = table.statistics();
        int insertBase = p.integer("autovacuum_vacuum_insert_threshold", config.autovacuum_vacuum_insert_threshold());
        double vacuumThreshold = p.integer("autovacuum_vacuum_threshold", config.autovacuum_vacuum_threshold())
                + p.real("autovacuum_vacuum_scale_factor", config.autovacuum_vacuum_scale_factor()) * reltuples;
        double insertThreshold = insertBase + p.real("autovacuum_vacuum_insert_scale_factor",
                config.autovacuum_vacuum_insert_scale_factor()) * reltuples;
        double analyzeThreshold = p.integer("autovacuum_analyze_threshold", config.autovacuum_analyze_threshold())
                + p.real("autovacuum_analyze_scale_factor", config.autovacuum_analyze_scale_factor()) * reltuples;
        boolean vacuum = stats.nDeadTup() > vacuumThreshold
                || (insertBase >= 0 && stats.nInsSinceVacuum() > insertThreshold);
        boolean analyze = stats.nModSinceAnalyze() > analyzeThreshold;
        return vacuum || analyze ? new TableChoice(vacuum, analyze) : NOTHING;
    }
}
