package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: the WAL's SQL functions against the real distribution. pg_current_wal_lsn() moves forward with
 * an INSERT (and the flush position reaches it at commit), and pg_control_checkpoint() and pg_control_system() say
 * what PostgreSQL's own pg_controldata reads from global/pg_control: the same checkpoint and redo locations, the
 * redo point's WAL file (which exists in pg_wal), the system identifier; after CHECKPOINT the functions show the new
 * checkpoint.
 */
class WalFunctionsIT {
    @Test
    void currentWalLsnAdvancesWithAnInsertAndPgControlFunctionsMatchPgControlData() throws Exception {
        try (TestServer server = TestServer.create().start(); Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table wf_t (a int, b text)");
            String before = Jdbc.selectString(c, "select pg_current_wal_lsn()");
            Jdbc.execute(c, "insert into wf_t select i, repeat('x', 100) from generate_series(1, 100) i");
            String after = Jdbc.selectString(c, "select pg_current_wal_lsn()");
            assertThat(Jdbc.selectString(c, "select '" + after + "'::pg_lsn > '" + before + "'::pg_lsn"))
                    .isEqualTo("t");
            assertThat(Jdbc.selectLong(c, "select pg_wal_lsn_diff('" + after + "', '" + before + "')::bigint"))
                    .isGreaterThan(100L * 100);
            // the commit flushed the insert's WAL
            assertThat(Jdbc.selectString(c, "select pg_current_wal_flush_lsn() >= '" + after + "'::pg_lsn"))
                    .isEqualTo("t");

            Jdbc.execute(c, "checkpoint");
            Map<String, String> control = ControlDataIT.controlData(server);
            assertThat(Jdbc.selectString(c, "select checkpoint_lsn::text from pg_control_checkpoint()"))
                    .isEqualTo(control.get("Latest checkpoint location"));
            assertThat(Jdbc.selectString(c, "select redo_lsn::text from pg_control_checkpoint()"))
                    .isEqualTo(control.get("Latest checkpoint's REDO location"));
            String redoFile = Jdbc.selectString(c, "select redo_wal_file from pg_control_checkpoint()");
            assertThat(redoFile).isEqualTo(control.get("Latest checkpoint's REDO WAL file"));
            assertThat(Files.exists(server.dataDir.resolve("pg_wal").resolve(redoFile))).as(redoFile).isTrue();
            assertThat(Jdbc.selectString(c, "select timeline_id::text from pg_control_checkpoint()"))
                    .isEqualTo(control.get("Latest checkpoint's TimeLineID"));
            assertThat(Jdbc.selectString(c, "select next_xid from pg_control_checkpoint()"))
                    .isEqualTo(control.get("Latest checkpoint's NextXID"));
            assertThat(Jdbc.selectString(c, "select system_identifier::text from pg_control_system()"))
                    .isEqualTo(control.get("Database system identifier"));
            assertThat(Jdbc.selectString(c, "select bytes_per_wal_segment::text from pg_control_init()"))
                    .isEqualTo(control.get("Bytes per WAL segment"));
            // the checkpoint record is behind the insert position, in a file pg_walfile_name names
            assertThat(Jdbc.selectString(c,
                    "select pg_current_wal_lsn() > checkpoint_lsn from pg_control_checkpoint()")).isEqualTo("t");
            String current = Jdbc.selectString(c, "select pg_walfile_name(pg_current_wal_lsn())");
            assertThat(Files.exists(server.dataDir.resolve("pg_wal").resolve(current))).as(current).isTrue();
        }
    }
}
