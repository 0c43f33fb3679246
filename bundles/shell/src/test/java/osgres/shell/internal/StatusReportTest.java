package osgres.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.api.PmState;
import osgres.api.ServerStatus;
import osgres.api.ShutdownMode;

class StatusReportTest {

    private final FakePostmaster postmaster = new FakePostmaster();

    @Test
    void psListsChildrenByPidWithBackendTypesBundlesAndAlignedColumns() {
        assertThat(StatusReport.children(postmaster.children())).isEqualTo("""
                 PID  TYPE            STATE    USER   DATABASE  CLIENT           STARTED                  \
                BUNDLE                     QUERY
                4001  checkpointer    running                                    2026-11-24 10:00:00 UTC  \
                osgres.checkpointer 0.1.2
                4003  client backend  active   alice  postgres  127.0.0.1:43210  2026-11-24 10:05:00 UTC  \
                                           SELECT abalance FROM pgbench_accounts WHERE aid = 1
                (2 rows)""");
    }

    @Test
    void statusShowsStateListenersGenerationThenTheChildTable() {
        String status = StatusReport.status(postmaster.status());
        assertThat(status).startsWith("""
                server state: PM_RUN
                postmaster PID: 4000
                data directory: /srv/pgdata
                started: 2026-11-24 10:00:00 UTC
                port: 5432
                listen addresses: 127.0.0.1, ::1
                Unix sockets: /tmp/.s.PGSQL.5432
                shared memory generation: 1

                 PID  TYPE""");
        assertThat(status).endsWith("(2 rows)").doesNotContain("shutdown requested");
    }

    @Test
    void statusNamesARequestedShutdownAndEmptyListeners() {
        ServerStatus stopping = new ServerStatus(PmState.WAIT_BACKENDS, ShutdownMode.IMMEDIATE, 1, Path.of("/d"),
                FakePostmaster.STARTED, 5432, List.of(), List.of(), 3, List.of());
        assertThat(StatusReport.status(stopping))
                .contains("server state: PM_WAIT_BACKENDS\nshutdown requested: immediate\n")
                .contains("listen addresses: (none)\n")
                .contains("shared memory generation: 3\n")
                .endsWith("(0 rows)");
    }

    @Test
    void longQueriesAreCutAt60Characters() {
        String query = "SELECT " + "x, ".repeat(40) + "y FROM t";
        String shown = StatusReport.abbreviate(query);
        assertThat(shown).hasSize(60).endsWith("...").startsWith("SELECT x, x,");
    }
}
