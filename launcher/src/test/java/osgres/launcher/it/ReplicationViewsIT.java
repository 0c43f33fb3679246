package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 4 (SQL side): a physical slot made with pg_create_physical_replication_slot is what the walsender
 * sees (READ_REPLICATION_SLOT over a replication connection); PostgreSQL's pg_receivewal streaming through it shows
 * in pg_stat_replication (state streaming, sent_lsn moving past an INSERT's WAL), in pg_stat_activity as a
 * walsender running its START_REPLICATION, and in pg_replication_slots as the slot's active_pid (a role without
 * pg_read_all_stats sees only the walsender's pid); when pg_receivewal
 * is killed the slot goes inactive and can be dropped. A temporary slot goes with the session that made it.
 */
class ReplicationViewsIT {
    private static final Duration TOOL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String query(Connection c, String sql) {
        try {
            return Jdbc.selectString(c, sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    @Test
    void pgReceivewalThroughASlotShowsInTheReplicationViews() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            assertThat(query(c, "select slot_name || ' ' || coalesce(lsn::text, 'null')"
                    + " from pg_create_physical_replication_slot('rv_slot')")).isEqualTo("rv_slot null");
            assertThat(query(c, "select slot_type || ' ' || active from pg_replication_slots"
                    + " where slot_name = 'rv_slot'")).isEqualTo("physical false");
            Cli.Result read = Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"), "-X", "-A",
                    "-t", "host=127.0.0.1 port=" + server.port + " user=postgres replication=true", "-c",
                    "READ_REPLICATION_SLOT rv_slot"));
            assertThat(read.exitCode()).as(read.all()).isZero();
            assertThat(read.stdout().strip()).startsWith("physical|");

            Path target = Files.createTempDirectory("osgres-receivewal");
            Path log = Files.createTempFile("osgres-receivewal", ".log");
            Process receiver = new ProcessBuilder(Cli.tool("pg_receivewal"), "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port), "-U", "postgres", "-D", target.toString(), "--slot=rv_slot",
                    "--no-loop").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                TestServer.await("pg_receivewal streaming", WAIT, () -> "streaming".equals(query(c,
                        "select coalesce(max(state), '') from pg_stat_replication")));
                String pid = query(c, "select pid::text from pg_stat_replication");
                assertThat(query(c, "select application_name || ' ' || usename from pg_stat_replication"))
                        .isEqualTo("pg_receivewal postgres");
                assertThat(query(c, "select backend_type || ' ' || state || ' ' || (query like 'START_REPLICATION%')"
                        + " || ' ' || wait_event_type || ' ' || wait_event || ' ' || (datid is null)"
                        + " from pg_stat_activity where pid = " + pid))
                        .isEqualTo("walsender active true Activity WalSenderMain true");
                assertThat(query(c, "select active || ' ' || active_pid || ' ' || wal_status"
                        + " from pg_replication_slots where slot_name = 'rv_slot'"))
                        .isEqualTo("true " + pid + " reserved");
                // pg_stat_get_wal_senders shows a role without pg_read_all_stats the pid alone
                try (Connection watcher = Jdbc.connect(server)) {
                    Jdbc.execute(watcher, "create role rv_watcher");
                    Jdbc.execute(watcher, "set role rv_watcher");
                    assertThat(query(watcher, "select pid || ' ' || (state is null) || ' ' || (sent_lsn is null)"
                            + " || ' ' || (client_addr is null) from pg_stat_replication"))
                            .isEqualTo(pid + " true true true");
                    Jdbc.execute(watcher, "reset role");
                    Jdbc.execute(watcher, "grant pg_read_all_stats to rv_watcher");
                    Jdbc.execute(watcher, "set role rv_watcher");
                    assertThat(query(watcher, "select state from pg_stat_replication")).isEqualTo("streaming");
                }

                Jdbc.execute(c, "create table rv_t (a int)");
                Jdbc.execute(c, "insert into rv_t select generate_series(1, 1000)");
                String written = query(c, "select pg_current_wal_lsn()::text");
                TestServer.await("sent_lsn past " + written, WAIT, () -> "t".equals(query(c,
                        "select coalesce(bool_or(sent_lsn >= '" + written + "'), false) from pg_stat_replication")));
            } finally {
                receiver.destroy();
                assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            TestServer.await("the slot inactive", WAIT, () -> "false".equals(query(c,
                    "select active::text from pg_replication_slots where slot_name = 'rv_slot'")));
            assertThat(query(c, "select count(*) from pg_stat_replication")).isEqualTo("0");
            assertThat(query(c, "select active_pid is null and restart_lsn is not null from pg_replication_slots"
                    + " where slot_name = 'rv_slot'")).isEqualTo("t");
            Jdbc.execute(c, "select pg_drop_replication_slot('rv_slot')");
            assertThat(query(c, "select count(*) from pg_replication_slots")).isEqualTo("0");
            TestServer.deleteTree(target);
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aTemporarySlotEndsWithItsSession() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            try (Connection owner = Jdbc.connect(server)) {
                String pid = query(owner, "select pg_backend_pid()::text");
                Jdbc.execute(owner, "select pg_create_physical_replication_slot('rv_tmp', true, true)");
                assertThat(query(c, "select temporary || ' ' || active || ' ' || active_pid"
                        + " from pg_replication_slots where slot_name = 'rv_tmp'")).isEqualTo("true true " + pid);
                // another session cannot drop it while its session holds it
                assertThat(Jdbc.error(c, "select pg_drop_replication_slot('rv_tmp')").getSQLState())
                        .isEqualTo("55006");
            }
            TestServer.await("the temporary slot dropped", WAIT, () -> "0".equals(query(c,
                    "select count(*) from pg_replication_slots")));
        }
    }
}
