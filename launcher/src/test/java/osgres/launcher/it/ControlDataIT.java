package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: global/pg_control is in PostgreSQL 15's layout, so PostgreSQL's own pg_controldata reads it
 * without a CRC warning and prints the state the server is in (pg_ctl promote waits on that same field): shut
 * down after initdb and after a clean stop, in production while running and after a kill -9, the settings the
 * server runs with, and a checkpoint location that moves with CHECKPOINT and is the redo point the next crash
 * recovery starts from.
 */
class ControlDataIT {
    private static final Duration TOOL = Duration.ofSeconds(30);

    private static Map<String, String> controlData(TestServer server) {
        Cli.Result r = Cli.run(TOOL, Cli.tool("pg_controldata"), "-D", server.dataDir.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).as("no CRC warning").doesNotContain("WARNING").doesNotContain("CRC");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    @Test
    void pgControlDataReadsEveryStateOfTheServer() {
        try (TestServer server = TestServer.create()) {
            Map<String, String> initial = controlData(server);
            assertThat(initial.get("pg_control version number")).isEqualTo("1300");
            assertThat(initial.get("Catalog version number")).isEqualTo("202209061");
            assertThat(initial.get("Database cluster state")).isEqualTo("shut down");
            assertThat(initial.get("Bytes per WAL segment")).isEqualTo("16777216");
            assertThat(initial.get("Database block size")).isEqualTo("8192");
            assertThat(initial.get("Mock authentication nonce")).matches("[0-9a-f]{64}")
                    .isNotEqualTo("0".repeat(64));
            String systemId = initial.get("Database system identifier");
            assertThat(systemId).matches("\\d+");

            server.start("-c", "max_connections=37", "-c", "max_wal_senders=4");
            Map<String, String> running = controlData(server);
            assertThat(running.get("Database cluster state")).isEqualTo("in production");
            assertThat(running.get("Database system identifier")).isEqualTo(systemId);
            assertThat(running.get("max_connections setting")).isEqualTo("37");
            assertThat(running.get("max_wal_senders setting")).isEqualTo("4");
            assertThat(running.get("wal_level setting")).isEqualTo("replica");
            assertThat(running.get("Latest checkpoint's TimeLineID")).isEqualTo("1");
            String firstCheckpoint = running.get("Latest checkpoint location");
            assertThat(firstCheckpoint).isNotEqualTo("0/0");

            Cli.Result work = Cli.psql(TOOL, "127.0.0.1", server.port,
                    "create table t(a int); insert into t select generate_series(1, 1000); checkpoint");
            assertThat(work.exitCode()).as(work.all()).isZero();
            Map<String, String> afterCheckpoint = controlData(server);
            String checkpoint = afterCheckpoint.get("Latest checkpoint location");
            String redo = afterCheckpoint.get("Latest checkpoint's REDO location");
            assertThat(lsn(checkpoint)).isGreaterThan(lsn(firstCheckpoint)).isGreaterThanOrEqualTo(lsn(redo));
            assertThat(afterCheckpoint.get("Latest checkpoint's REDO WAL file"))
                    .isEqualTo(String.format("00000001%08X%08X", 0, lsn(redo) / (16L << 20)));

            server.crash();
            assertThat(controlData(server).get("Database cluster state")).isEqualTo("in production");
            long logStart = server.log().length();
            server.restart();
            // replay starts at the redo point, or, when the checkpoint record is itself the redo point (nothing
            // was written while it ran), at the record after it (xlogrecovery.c's PerformWalRecovery)
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("LOG:  redo starts at (\\S+)")
                    .matcher(server.log().substring((int) logStart));
            assertThat(start.find()).as(server.log()).isTrue();
            if (redo.equals(checkpoint)) {
                assertThat(lsn(start.group(1))).isGreaterThan(lsn(checkpoint));
            } else {
                assertThat(start.group(1)).isEqualTo(redo);
            }
            Cli.Result rows = Cli.psql(TOOL, "127.0.0.1", server.port, "select count(*) from t");
            assertThat(rows.stdout()).contains("1000");

            server.signal("INT");
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            Map<String, String> stopped = controlData(server);
            assertThat(stopped.get("Database cluster state")).isEqualTo("shut down");
            assertThat(lsn(stopped.get("Latest checkpoint location"))).isGreaterThan(lsn(checkpoint));
            assertThat(stopped.get("Latest checkpoint location"))
                    .isEqualTo(stopped.get("Latest checkpoint's REDO location"));
        }
    }

    private static long lsn(String text) {
        String[] parts = text.split("/");
        return Long.parseLong(parts[0], 16) << 32 | Long.parseLong(parts[1], 16);
    }
}
