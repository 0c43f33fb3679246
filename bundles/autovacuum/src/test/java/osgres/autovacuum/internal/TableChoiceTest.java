package osgres.autovacuum.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;

import osgres.storage.MaintenanceCandidate;
import osgres.storage.TableStatistics;

class TableChoiceTest {

    /** PostgreSQL 15's defaults, with the insert threshold as given. */
    private static AutovacuumConfig config(int insertThreshold) {
        return new AutovacuumConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AutovacuumConfig.class;
            }

            @Override
            public boolean autovacuum() {
                return true;
            }

            @Override
            public int autovacuum_naptime() {
                return 60;
            }

            @Override
            public int autovacuum_max_workers() {
                return 3;
            }

            @Override
            public int autovacuum_vacuum_threshold() {
                return 50;
            }

            @Override
            public double autovacuum_vacuum_scale_factor() {
                return 0.2;
            }

            @Override
            public int autovacuum_vacuum_insert_threshold() {
                return insertThreshold;
            }

            @Override
            public double autovacuum_vacuum_insert_scale_factor() {
                return 0.2;
            }

            @Override
            public int autovacuum_analyze_threshold() {
                return 50;
            }

            @Override
            public double autovacuum_analyze_scale_factor() {
                return 0.1;
            }

            @Override
            public double autovacuum_vacuum_cost_delay() {
                return 2;
            }

            @Override
            public int autovacuum_vacuum_cost_limit() {
                return -1;
            }

            @Override
            public double vacuum_cost_delay() {
                return 0;
            }

            @Override
            public int vacuum_cost_limit() {
                return 200;
            }

            @Override
            public int vacuum_cost_page_hit() {
                return 1;
            }

            @Override
            public int vacuum_cost_page_miss() {
                return 2;
            }

            @Override
            public int vacuum_cost_page_dirty() {
                return 20;
            }

            @Override
            public int log_autovacuum_min_duration() {
                return -1;
            }
        };
    }

    private static MaintenanceCandidate table(double reltuples, long dead, long modSinceAnalyze, long insSinceVacuum) {
        TableStatistics stats = new TableStatistics(16384, "public", "t", 0, 0, 0, 0, 0, 0, 0, 0, 0, dead,
                modSinceAnalyze, insSinceVacuum, null, null, null, null, 0, 0, 0, 0);
        return new MaintenanceCandidate(16384, "public", "t", reltuples, stats, Map.of());
    }

    private static MaintenanceCandidate withOptions(MaintenanceCandidate t, Map<String, String> options) {
        return new MaintenanceCandidate(t.relid(), t.schemaname(), t.relname(), t.reltuples(), t.statistics(),
                options);
    }

    @Test
    void aTablesOwnParametersOverrideTheGucsAndDisabledMeansNothing() {
        MaintenanceCandidate t = table(1000, 251, 0, 0);
        assertThat(TableChoice.of(withOptions(t, Map.of("autovacuum_enabled", "off")), config(1000)).any()).isFalse();
        assertThat(TableChoice.of(withOptions(t, Map.of("autovacuum_enabled", "f")), config(1000)).any()).isFalse();
        assertThat(TableChoice.of(withOptions(t, Map.of("autovacuum_enabled", "true")), config(1000)).vacuum())
                .isTrue();
        assertThat(TableChoice.of(withOptions(t, Map.of("autovacuum_vacuum_threshold", "300")), config(1000))
                .vacuum()).isFalse();
        assertThat(TableChoice.of(withOptions(t, Map.of("autovacuum_vacuum_scale_factor", "0")), config(1000))
                .vacuum()).isTrue();
        assertThat(TableChoice.of(withOptions(table(1000, 0, 0, 5), Map.of("autovacuum_vacuum_insert_threshold",
                "1", "autovacuum_vacuum_insert_scale_factor", "0")), config(1000)).vacuum()).isTrue();
    }

    @Test
    void deadTuplesPastThresholdPlusScaleFactorTimesReltuplesNeedVacuum() {
        // 50 + 0.2 * 1000 = 250
        assertThat(TableChoice.of(table(1000, 250, 0, 0), config(1000)).vacuum()).isFalse();
        assertThat(TableChoice.of(table(1000, 251, 0, 0), config(1000)).vacuum()).isTrue();
        assertThat(TableChoice.of(table(1000, 251, 0, 0), config(1000)).analyze()).isFalse();
    }

    @Test
    void aNeverCountedTableCountsAsEmpty() {
        assertThat(TableChoice.of(table(-1, 51, 0, 0), config(1000)).vacuum()).isTrue();
        assertThat(TableChoice.of(table(-1, 50, 51, 0), config(1000))).isEqualTo(new TableChoice(false, true));
    }

    @Test
    void insertsPastTheInsertThresholdNeedVacuumUnlessItIsMinusOne() {
        // 1000 + 0.2 * 10000 = 3000
        assertThat(TableChoice.of(table(10000, 0, 0, 3001), config(1000)).vacuum()).isTrue();
        assertThat(TableChoice.of(table(10000, 0, 0, 3000), config(1000)).any()).isFalse();
        assertThat(TableChoice.of(table(10000, 0, 0, 1_000_000), config(-1)).vacuum()).isFalse();
    }

    @Test
    void changesSinceAnalyzePastTheirThresholdNeedAnalyze() {
        // 50 + 0.1 * 10000 = 1050
        assertThat(TableChoice.of(table(10000, 0, 1051, 0), config(1000))).isEqualTo(new TableChoice(false, true));
        assertThat(TableChoice.of(table(10000, 0, 1050, 0), config(1000))).isEqualTo(TableChoice.NOTHING);
    }
}
