package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2 and acceptance 1 (the base backup part): PostgreSQL 15's pg_basebackup copies a running osgres
 * primary while pgbench -c 4 writes to it, and pg_verifybackup checks the copy against its manifest. The copy
 * starts: recovery from its backup_label replays the WAL the backup streamed up to the backup's end, and the copy is
 * consistent (pgbench's balances agree in every table, rows committed before the backup are there); made with -R
 * it is a standby that streams what the primary commits after the backup (StandbyIT goes on from there).
 * BASE_BACKUP's option errors are PostgreSQL's.
 */
class BaseBackupIT {
    private static final Duration TOOL = Duration.ofMinutes(3);

    private static String sql(TestServer server, String sql) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port, sql);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout().trim();
    }

    private static Cli.Result basebackup(TestServer server, Path dir, String... options) {
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_basebackup"), "-h", "127.0.0.1", "-p",
                Integer.toString(server.port), "-U", "postgres", "-D", dir.toString()));
        command.addAll(List.of(options));
        return Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), command);
    }

    private static void assertConsistent(TestServer restored) {
        String sums = sql(restored, "select (select sum(abalance) from pgbench_accounts) = "
                + "(select sum(bbalance) from pgbench_branches) and (select sum(bbalance) from pgbench_branches) = "
                + "(select sum(tbalance) from pgbench_tellers) and (select sum(tbalance) from pgbench_tellers) = "
                + "(select coalesce(sum(delta), 0) from pgbench_history), (select count(*) from pgbench_accounts)");
        assertThat(sums).isEqualTo("t|200000");
    }

    @Test
    void pgBasebackupUnderPgbenchIsVerifiedAndStartsConsistent() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            Cli.Result init = Cli.pgbench(TOOL, primary.port, "-i", "-s", "2", "-q");
            assertThat(init.exitCode()).as(init.all()).isZero();
            sql(primary, "create table marker(a int); insert into marker values (1)");

            Path pgbenchLog = primary.root.resolve("pgbench.log");
            Process load = new ProcessBuilder(Cli.tool("pgbench"), "-h", "127.0.0.1", "-p",
                    Integer.toString(primary.port), "-U", "postgres", "-n", "-c", "4", "-T", "12", "postgres")
                    .redirectErrorStream(true).redirectOutput(pgbenchLog.toFile()).start();
            TestServer.await("pgbench writing", Duration.ofSeconds(60),
                    () -> sql(primary, "select count(*) > 0 from pgbench_history").equals("t"));
            Path restoredRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-backup-");
            Cli.Result backup = basebackup(primary, restoredRoot.resolve("data"), "-X", "stream", "-R", "-c", "fast",
                    "-P");
            try (TestServer restored = TestServer.adopt(restoredRoot)) {
                assertThat(backup.exitCode()).as(backup.all()).isZero();
                assertThat(backup.stderr()).contains("100%").doesNotContain("WARNING");
                assertThat(load.waitFor()).isZero();
                assertThat(Files.readString(pgbenchLog)).contains("number of failed transactions: 0 (0.000%)");
                sql(primary, "insert into marker values (2)");

                Cli.Result verify = Cli.run(TOOL, Cli.tool("pg_verifybackup"), "--no-parse-wal",
                        restored.dataDir.toString());
                assertThat(verify.exitCode()).as(verify.all()).isZero();
                assertThat(verify.stdout()).contains("backup successfully verified");
                assertThat(restored.dataDir.resolve("standby.signal")).exists();
                assertThat(Files.readString(restored.dataDir.resolve("postgresql.auto.conf")))
                        .contains("primary_conninfo = '").contains("port=" + primary.port);
                assertThat(restored.dataDir.resolve("backup_label")).exists();
                try (var wal = Files.list(restored.dataDir.resolve("pg_wal"))) {
                    assertThat(wal.map(p -> p.getFileName().toString()))
                            .anyMatch(n -> n.matches("[0-9A-F]{24}"));
                }

                // -R made it a standby: it recovers from its backup_label, is consistent, and streams on
                restored.start();
                assertThat(restored.log()).contains("LOG:  starting backup recovery with redo LSN ",
                        "LOG:  entering standby mode", "LOG:  consistent recovery state reached at ");
                assertThat(restored.dataDir.resolve("backup_label.old")).exists();
                TestServer.await("the row committed after the backup streamed", Duration.ofSeconds(60),
                        () -> sql(restored, "select string_agg(a::text, ',' order by a) from marker").equals("1,2"));
                assertConsistent(restored);
                assertThat(sql(restored, "select count(*) > 0 from pgbench_history")).isEqualTo("t");
                assertThat(restored.log()).doesNotContain("Exception");
            }
            assertThat(primary.log()).doesNotContain("Exception");
        }
    }

    /**
     * pg_basebackup -X stream (no -R) while another session runs DDL in a loop: each iteration creates a table and
     * fills it in one transaction, then drops the table made three iterations before. The backup verifies, and the
     * copy, started without standby.signal, opens at one commit point of that loop: three or four consecutive
     * tables, each with all its rows.
     */
    @Test
    void pgBasebackupWhileAnotherSessionRunsDdlStartsConsistent() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CompletableFuture<Void> ddl = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.sql.Connection c = Jdbc.connect(primary.port)) {
                    for (int n = 0; !stop.get(); n++) {
                        c.setAutoCommit(false);
                        Jdbc.execute(c, "create table ddl_" + n + " (a int primary key, b text)");
                        Jdbc.execute(c, "insert into ddl_" + n + " select i, repeat('x', 100) from "
                                + "generate_series(1, 100) i");
                        c.commit();
                        c.setAutoCommit(true);
                        if (n >= 3) {
                            Jdbc.execute(c, "drop table ddl_" + (n - 3));
                        }
                        made.set(n + 1);
                    }
                } catch (java.sql.SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, r -> Thread.ofPlatform().daemon().name("ddl-loop").start(r));
            Path restoredRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-backup-");
            int before;
            Cli.Result backup;
            try {
                TestServer.await("the DDL loop past its first drops", Duration.ofSeconds(60),
                        () -> made.get() >= 5 || ddl.isDone());
                before = made.get();
                backup = basebackup(primary, restoredRoot.resolve("data"), "-X", "stream", "-c", "fast");
                assertThat(ddl).as("the DDL loop still running").isNotDone();
                assertThat(made.get()).as("DDL ran during the backup").isGreaterThan(before);
            } finally {
                stop.set(true);
            }
            ddl.get(60, java.util.concurrent.TimeUnit.SECONDS);
            try (TestServer restored = TestServer.adopt(restoredRoot)) {
                assertThat(backup.exitCode()).as(backup.all()).isZero();
                assertThat(backup.stderr()).doesNotContain("WARNING");
                Cli.Result verify = Cli.run(TOOL, Cli.tool("pg_verifybackup"), "--no-parse-wal",
                        restored.dataDir.toString());
                assertThat(verify.exitCode()).as(verify.all()).isZero();
                assertThat(verify.stdout()).contains("backup successfully verified");
                assertThat(restored.dataDir.resolve("standby.signal")).doesNotExist();

                restored.start();
                assertThat(restored.log()).contains("LOG:  starting backup recovery with redo LSN ",
                        "LOG:  consistent recovery state reached at ");
                List<Integer> tables = sql(restored, "select string_agg(substr(relname, 5), ',' order by "
                        + "substr(relname, 5)::int) from pg_class where relname ~ '^ddl_[0-9]+$' and relkind = 'r'")
                        .lines().flatMap(l -> java.util.Arrays.stream(l.split(","))).map(Integer::parseInt).toList();
                assertThat(tables).as("the tables at one commit point of the loop").hasSizeBetween(3, 4);
                assertThat(tables.get(tables.size() - 1) - tables.get(0)).isEqualTo(tables.size() - 1);
                assertThat(tables.get(tables.size() - 1)).as("the last table made before the backup began")
                        .isGreaterThanOrEqualTo(before - 1);
                for (int n : tables) {
                    assertThat(sql(restored, "select count(*) || ' ' || sum(a) || ' ' || count(distinct b) from ddl_"
                            + n)).as("ddl_%d", n).isEqualTo("100 5050 1");
                    assertThat(sql(restored, "select count(*) from ddl_" + n + " where a = 50")).isEqualTo("1");
                }
                sql(restored, "create table after_backup(a int); insert into after_backup values (1)");
                assertThat(restored.log()).doesNotContain("Exception");
            }
            assertThat(primary.log()).doesNotContain("Exception");
        }
    }

    @Test
    void fetchedWalAndShaManifestsAndOptionErrors() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            Cli.Result init = Cli.pgbench(TOOL, primary.port, "-i", "-s", "2", "-q");
            assertThat(init.exitCode()).as(init.all()).isZero();
            Path restoredRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-backup-");
            // --max-rate: MAX_RATE throttles the tar stream (100 MB/s here: the copy still takes well under a minute)
            Cli.Result backup = basebackup(primary, restoredRoot.resolve("data"), "-X", "fetch", "-c", "fast",
                    "--manifest-checksums=SHA256", "--max-rate=100M");
            try (TestServer restored = TestServer.adopt(restoredRoot)) {
                assertThat(backup.exitCode()).as(backup.all()).isZero();
                assertThat(Files.readString(restored.dataDir.resolve("backup_manifest")))
                        .contains("\"Checksum-Algorithm\": \"SHA256\"");
                Cli.Result verify = Cli.run(TOOL, Cli.tool("pg_verifybackup"), "--no-parse-wal",
                        restored.dataDir.toString());
                assertThat(verify.exitCode()).as(verify.all()).isZero();
                restored.start();
                assertConsistent(restored);
            }

            List<String> command = new ArrayList<>(List.of(Cli.tool("psql"), "-X", "-v", "VERBOSITY=verbose",
                    "host=127.0.0.1 port=" + primary.port + " user=postgres replication=true dbname=replication"));
            for (String c : List.of("BASE_BACKUP (LABEL 'a', LABEL 'b')", "BASE_BACKUP (NOSUCH)",
                    "BASE_BACKUP (CHECKPOINT 'slow')", "BASE_BACKUP (MANIFEST_CHECKSUMS 'SHA256')",
                    "BASE_BACKUP (MANIFEST 'yes', MANIFEST_CHECKSUMS 'MD5')", "IDENTIFY_SYSTEM")) {
                command.add("-c");
                command.add(c);
            }
            Cli.Result errors = Cli.run(Duration.ofSeconds(60), Map.of(), command);
            assertThat(errors.stderr()).contains(
                    "ERROR:  42601: duplicate option \"label\"",
                    "ERROR:  42601: unrecognized base backup option: \"nosuch\"",
                    "ERROR:  42601: unrecognized checkpoint type: \"slow\"",
                    "ERROR:  42601: manifest checksums require a backup manifest",
                    "ERROR:  42601: unrecognized checksum algorithm: \"MD5\"");
            assertThat(errors.stdout()).as("the session goes on after each error").contains("systemid");
        }
    }

    /**
     * The low-level API (non-exclusive): pg_backup_start in one session, the data directory copied with cp while
     * another session writes, pg_backup_stop returning the backup_label text, the WAL copied after it: the copy
     * starts and has the rows committed before the stop, consistent.
     */
    @Test
    void lowLevelBackupWithPgBackupStartAndStop() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            Cli.Result init = Cli.pgbench(TOOL, primary.port, "-i", "-s", "1", "-q");
            assertThat(init.exitCode()).as(init.all()).isZero();
            sql(primary, "create table marker(a int); insert into marker values (1)");
            Path restoredRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-backup-");
            Path copy = restoredRoot.resolve("data");
            try (java.sql.Connection backup = Jdbc.connect(primary.port);
                 java.sql.Connection writer = Jdbc.connect(primary.port)) {
                assertThat(Jdbc.selectString(backup, "select pg_backup_start('low level', true)"))
                        .matches("[0-9A-F]+/[0-9A-F]+");
                assertThat(Jdbc.error(backup, "select pg_backup_start('again')").getMessage())
                        .isEqualTo("a backup is already in progress in this session");
                Jdbc.execute(writer, "insert into marker values (2)");
                Cli.Result cp = Cli.run(TOOL, "cp", "-a", primary.dataDir.toString(), copy.toString());
                assertThat(cp.exitCode()).as(cp.all()).isZero();
                Jdbc.execute(writer, "insert into marker values (3); update pgbench_accounts set abalance = 5 "
                        + "where aid = 1; update pgbench_branches set bbalance = 5; update pgbench_tellers set "
                        + "tbalance = 5 where tid = 1; insert into pgbench_history(tid, bid, aid, delta, mtime) "
                        + "values (1, 1, 1, 5, now())");
                String label;
                try (java.sql.Statement st = backup.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("select lsn, labelfile from pg_backup_stop(false)")) {
                    assertThat(rs.next()).isTrue();
                    label = rs.getString(2);
                }
                assertThat(label).contains("BACKUP METHOD: streamed").contains("LABEL: low level");
                assertThat(Jdbc.error(backup, "select pg_backup_stop()").getMessage())
                        .isEqualTo("backup is not in progress");
                Files.writeString(copy.resolve("backup_label"), label);
            }
            // the WAL up to the stop, copied after it; the running server's own files stay behind
            Cli.Result wal = Cli.run(TOOL, "sh", "-c", "cp -a " + primary.dataDir.resolve("pg_wal") + "/. "
                    + copy.resolve("pg_wal"));
            assertThat(wal.exitCode()).as(wal.all()).isZero();
            for (String runtime : List.of("postmaster.pid", "postmaster.opts", ".osgres_shell")) {
                Files.deleteIfExists(copy.resolve(runtime));
            }
            try (TestServer restored = TestServer.adopt(restoredRoot)) {
                restored.start();
                assertThat(restored.log()).contains("LOG:  starting backup recovery with redo LSN ");
                assertThat(sql(restored, "select string_agg(a::text, ',' order by a) from marker")).isEqualTo("1,2,3");
                assertThat(sql(restored, "select abalance from pgbench_accounts where aid = 1")).isEqualTo("5");
            }
        }
    }
}
