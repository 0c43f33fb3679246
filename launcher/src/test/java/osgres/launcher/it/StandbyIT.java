package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, acceptance 1–4 and 6: a standby made by PostgreSQL 15's pg_basebackup from a running osgres primary
 * is a hot standby (read-only sessions, 25006 for writes) whose walreceiver streams the primary's WAL, visible
 * within a second; pg_stat_replication on the primary shows it streaming; with a synchronous standby no
 * acknowledged commit is lost when the primary is killed and the standby promoted (the ledger test);
 * {@code pg_ctl promote} makes it a primary on timeline 2 that runs pgbench, and a fresh base backup of it follows
 * it on that timeline; the walreceiver restarted alone or replaced by a new bundle version catches up to the same
 * table contents, and the standby reconnects by itself when the primary restarts.
 */
class StandbyIT {
    private static final Duration TOOL = Duration.ofMinutes(3);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private static String sql(TestServer server, String sql) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port, sql);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout().trim();
    }

    private static Cli.Result psqlVerbose(TestServer server, String sql) {
        return Cli.run(Duration.ofSeconds(60), Cli.tool("psql"), "-X", "-v", "VERBOSITY=verbose", "-h", "127.0.0.1",
                "-p", Integer.toString(server.port), "-U", "postgres", "-d", "postgres", "-c", sql);
    }

    /** pg_basebackup -X stream -R -c fast into {@code root/data}, checked with pg_verifybackup, adopted. */
    private static TestServer standbyOf(TestServer primary, String... extra) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-standby-");
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_basebackup"), "-h", "127.0.0.1", "-p",
                Integer.toString(primary.port), "-U", "postgres", "-D", root.resolve("data").toString(), "-X",
                "stream", "-R", "-c", "fast"));
        command.addAll(List.of(extra));
        Cli.Result backup = Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), command);
        assertThat(backup.exitCode()).as(backup.all()).isZero();
        Cli.Result verify = Cli.run(TOOL, Cli.tool("pg_verifybackup"), "--no-parse-wal", root.resolve("data")
                .toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        return TestServer.adopt(root);
    }

    private static void awaitCaughtUp(TestServer primary, TestServer standby) {
        String target = sql(primary, "select pg_current_wal_flush_lsn()");
        TestServer.await("standby replayed up to " + target, CATCH_UP, () -> "t".equals(sql(standby,
                "select coalesce(pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn, false)")));
    }

    /** A checksum of every pgbench table's rows, the same on two servers with the same contents. */
    private static String contents(TestServer server) {
        return sql(server, "select md5(string_agg(x, '|')) from ("
                + "select (select md5(string_agg(a::text, ',' order by aid)) from pgbench_accounts a) "
                + "union all select (select md5(string_agg(b::text, ',' order by bid)) from pgbench_branches b) "
                + "union all select (select md5(string_agg(t::text, ',' order by tid)) from pgbench_tellers t) "
                + "union all select (select md5(string_agg(h::text, ',' order by h::text)) from pgbench_history h)"
                + ") s(x)");
    }

    private static void assertBalancesAgree(TestServer server) {
        assertThat(sql(server, "select (select sum(abalance) from pgbench_accounts) = "
                + "(select sum(bbalance) from pgbench_branches) and (select sum(bbalance) from pgbench_branches) = "
                + "(select sum(tbalance) from pgbench_tellers) and (select sum(tbalance) from pgbench_tellers) = "
                + "(select coalesce(sum(delta), 0) from pgbench_history)")).isEqualTo("t");
    }

    private static Cli.Result pgCtl(TestServer server, String... args) {
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_ctl"), "-D", server.dataDir.toString()));
        command.addAll(List.of(args));
        return Cli.runAsServerUser(TOOL, command);
    }

    private static Cli.Result shell(TestServer server, String command) {
        return Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                command);
    }

    /** Acceptance 1, 2 and 4, and issue item 5's fresh base backup following the promoted server. */
    @Test
    void pgBasebackupMakesAHotStandbyThatStreamsAndPromotes() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            Cli.Result init = Cli.pgbench(TOOL, primary.port, "-i", "-s", "2", "-q");
            assertThat(init.exitCode()).as(init.all()).isZero();
            sql(primary, "create table marker(a int primary key)");
            Path pgbenchLog = primary.root.resolve("pgbench.log");
            Process load = new ProcessBuilder(Cli.tool("pgbench"), "-h", "127.0.0.1", "-p",
                    Integer.toString(primary.port), "-U", "postgres", "-c", "4", "-T", "8", "postgres")
                    .redirectErrorStream(true).redirectOutput(pgbenchLog.toFile()).start();
            TestServer.await("pgbench writing", Duration.ofSeconds(60),
                    () -> sql(primary, "select count(*) > 0 from pgbench_history").equals("t"));
            try (TestServer standby = standbyOf(primary, "-P")) {
                standby.start();
                assertThat(load.waitFor()).isZero();
                assertThat(Files.readString(pgbenchLog)).contains("number of failed transactions: 0 (0.000%)");
                assertThat(standby.log()).contains("LOG:  entering standby mode",
                        "LOG:  database system is ready to accept read-only connections");
                standby.awaitLog("LOG:  started streaming WAL from primary at ", CATCH_UP);

                // acceptance 2: rows committed on the primary are visible on the standby within a second
                assertThat(sql(standby, "select pg_is_in_recovery()")).isEqualTo("t");
                for (int i = 1; i <= 3; i++) {
                    sql(primary, "insert into marker values (" + i + ")");
                    int marker = i;
                    TestServer.await("marker " + i + " on the standby", Duration.ofSeconds(1),
                            () -> sql(standby, "select count(*) from marker where a = " + marker).equals("1"));
                }
                awaitCaughtUp(primary, standby);
                assertBalancesAgree(standby);
                assertThat(contents(standby)).isEqualTo(contents(primary));

                String before = sql(primary, "select sent_lsn || ' ' || replay_lsn from pg_stat_replication "
                        + "where state = 'streaming'");
                assertThat(before).as("pg_stat_replication on the primary").isNotEmpty();
                sql(primary, "insert into marker values (10)");
                TestServer.await("sent_lsn and replay_lsn advance", CATCH_UP, () -> {
                    String now = sql(primary, "select sent_lsn > '" + before.split(" ")[0] + "'::pg_lsn and "
                            + "replay_lsn > '" + before.split(" ")[1] + "'::pg_lsn and replay_lag is not null "
                            + "from pg_stat_replication");
                    return now.equals("t");
                });
                assertThat(sql(standby, "select status, sender_port from pg_stat_wal_receiver"))
                        .isEqualTo("streaming|" + primary.port);

                // writes on the standby fail with 25006, reads go on
                Cli.Result write = psqlVerbose(standby, "insert into marker values (99)");
                assertThat(write.stderr()).contains("ERROR:  25006: cannot execute INSERT in a read-only transaction");
                assertThat(psqlVerbose(standby, "create table t(a int)").stderr()).contains("ERROR:  25006: ");
                assertThat(psqlVerbose(standby, "begin; set transaction read write; commit").stderr())
                        .contains("ERROR:  0A000: cannot set transaction read-write mode during recovery");
                assertThat(sql(standby, "show transaction_read_only")).isEqualTo("on");

                // DDL on the primary reaches the standby's catalog
                sql(primary, "create table after_backup(a int); insert into after_backup values (7)");
                TestServer.await("new table on the standby", CATCH_UP, () -> {
                    Cli.Result r = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", standby.port,
                            "select a from after_backup");
                    return r.exitCode() == 0 && r.stdout().trim().equals("7");
                });

                // acceptance 4: pg_ctl promote: a primary on timeline 2 that accepts writes and runs pgbench
                Cli.Result promote = pgCtl(standby, "promote", "-w", "-t", "60");
                assertThat(promote.exitCode()).as(promote.all()).isZero();
                // pg_ctl returns once pg_control says "in production"; the postmaster's line follows the startup
                // process's exit
                standby.awaitLog("LOG:  database system is ready to accept connections", CATCH_UP);
                assertThat(standby.log()).contains("LOG:  received promote request",
                        "LOG:  selected new timeline ID: 2", "LOG:  archive recovery complete",
                        "LOG:  database system is ready to accept connections");
                assertThat(sql(standby, "select pg_is_in_recovery(), timeline_id from pg_control_checkpoint()"))
                        .isEqualTo("f|2");
                assertThat(standby.dataDir.resolve("pg_wal/00000002.history")).exists();
                assertThat(standby.dataDir.resolve("standby.signal")).doesNotExist();
                sql(standby, "insert into marker values (100)");
                // -n: pgbench's default vacuum-and-truncate of pgbench_history would break the balance check below
                Cli.Result bench = Cli.pgbench(TOOL, standby.port, "-n", "-c", "4", "-T", "5");
                assertThat(bench.exitCode()).as(bench.all()).isZero();
                assertThat(bench.stdout()).contains("number of failed transactions: 0 (0.000%)");
                assertBalancesAgree(standby);
                assertThat(sql(primary, "select count(*) from marker where a = 100")).isEqualTo("0");
                // once a checkpoint's redo point is past them, the old timeline's segments go
                sql(standby, "select pg_switch_wal()");
                sql(standby, "insert into marker values (102)");
                sql(standby, "select pg_switch_wal()");
                sql(standby, "checkpoint");
                try (var wal = Files.list(standby.dataDir.resolve("pg_wal"))) {
                    assertThat(wal.map(f -> f.getFileName().toString()))
                            .noneMatch(n -> n.length() == 24 && n.startsWith("00000001"));
                }

                // a fresh base backup of the promoted server follows it on timeline 2
                try (TestServer follower = standbyOf(standby)) {
                    follower.start();
                    follower.awaitLog("on timeline 2", CATCH_UP);
                    sql(standby, "insert into marker values (101)");
                    TestServer.await("marker 101 on the follower", CATCH_UP,
                            () -> sql(follower, "select count(*) from marker where a = 101").equals("1"));
                    assertThat(follower.log()).doesNotContain("Exception");
                }
                assertThat(standby.log()).doesNotContain("Exception", "TRAP:");
            }
            assertThat(primary.log()).doesNotContain("Exception", "TRAP:");
        }
    }

    /**
     * Acceptance 3 (the ledger test): with synchronous_standby_names = '*' and synchronous_commit = on, four
     * sessions insert rows and note each one the primary acknowledged; the primary is killed with -9 while they
     * write; the promoted standby has every acknowledged row.
     */
    @Test
    void synchronousStandbyKeepsEveryAcknowledgedCommitThroughAPromotion() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            sql(primary, "create table ledger(id int primary key, writer int)");
            try (TestServer standby = standbyOf(primary)) {
                standby.start();
                standby.awaitLog("LOG:  started streaming WAL from primary at ", CATCH_UP);
                primary.appendConfig("synchronous_standby_names = '*'", "synchronous_commit = on");
                primary.signal("HUP");
                TestServer.await("the standby is synchronous", CATCH_UP, () -> sql(primary,
                        "select sync_state from pg_stat_replication").equals("sync"));

                Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger nextId = new AtomicInteger();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().start(() -> {
                        try (java.sql.Connection c = Jdbc.connect(primary.port)) {
                            while (!stop.get()) {
                                int id = nextId.incrementAndGet();
                                Jdbc.execute(c, "insert into ledger values (" + id + ", " + writer + ")");
                                acknowledged.add(id);
                            }
                        } catch (java.sql.SQLException e) {
                            // the primary went away mid-commit: that row was not acknowledged
                        }
                    }));
                }
                TestServer.await("acknowledged commits", CATCH_UP, () -> acknowledged.size() >= 200);
                primary.crash();
                stop.set(true);
                for (Thread t : writers) {
                    t.join(Duration.ofSeconds(60));
                }
                Cli.Result promote = pgCtl(standby, "promote", "-w", "-t", "60");
                assertThat(promote.exitCode()).as(promote.all()).isZero();
                List<Integer> missing = new ArrayList<>();
                try (java.sql.Connection c = Jdbc.connect(standby.port)) {
                    Set<Integer> present = new java.util.HashSet<>();
                    for (String id : Jdbc.column(c, "select id::text from ledger")) {
                        present.add(Integer.parseInt(id));
                    }
                    for (int id : acknowledged) {
                        if (!present.contains(id)) {
                            missing.add(id);
                        }
                    }
                }
                assertThat(missing).as("acknowledged commits missing on the promoted standby (of %d)",
                        acknowledged.size()).isEmpty();
                assertThat(standby.log()).doesNotContain("Exception", "TRAP:");
            }
        }
    }

    /**
     * Acceptance 6 and item 6: while the primary runs pgbench, {@code osgres:restart walreceiver} and a new
     * walreceiver bundle version dropped into the standby's deploy folder each take over the stream; a kill -9 and
     * restart of the primary makes the standby reconnect by itself; in the end both have the same table contents.
     */
    @Test
    void walreceiverRestartHotSwapAndPrimaryRestart() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            Cli.Result init = Cli.pgbench(TOOL, primary.port, "-i", "-s", "2", "-q");
            assertThat(init.exitCode()).as(init.all()).isZero();
            try (TestServer standby = standbyOf(primary).withOwnDistribution()) {
                standby.start();
                standby.awaitLog("LOG:  started streaming WAL from primary at ", CATCH_UP);
                Process load = new ProcessBuilder(Cli.tool("pgbench"), "-h", "127.0.0.1", "-p",
                        Integer.toString(primary.port), "-U", "postgres", "-c", "2", "-T", "20", "postgres")
                        .redirectErrorStream(true).redirectOutput(primary.root.resolve("pgbench.log").toFile())
                        .start();

                int before = count(standby.log(), "started streaming WAL from primary at ");
                Cli.Result restart = shell(standby, "osgres:restart walreceiver");
                assertThat(restart.exitCode()).as(restart.all()).isZero();
                TestServer.await("a new walreceiver streams", CATCH_UP,
                        () -> count(standby.log(), "started streaming WAL from primary at ") > before);

                int beforeSwap = count(standby.log(), "started streaming WAL from primary at ");
                Path staging = Files.createDirectories(standby.root.resolve("staging"));
                Path jar = LiveChangeIT.newVersionOf(standby.deployDir().resolve("osgres.walreceiver.jar"), "0.9.0",
                        staging);
                Files.move(jar, standby.deployDir().resolve(jar.getFileName()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                TestServer.await("the new bundle's walreceiver streams", CATCH_UP,
                        () -> count(standby.log(), "started streaming WAL from primary at ") > beforeSwap);
                assertThat(load.waitFor()).isZero();
                awaitCaughtUp(primary, standby);
                assertThat(contents(standby)).isEqualTo(contents(primary));

                // a crash reset of the standby (a backend killed): it comes back in standby mode and streams again
                int beforeReset = count(standby.log(), "started streaming WAL from primary at ");
                try (java.sql.Connection victim = Jdbc.connect(standby.port)) {
                    int victimPid = Jdbc.selectInt(victim, "select pg_backend_pid()");
                    Cli.Result kill = shell(standby, "osgres:kill KILL " + victimPid);
                    assertThat(kill.exitCode()).as(kill.all()).isZero();
                }
                standby.awaitLog("LOG:  all server processes terminated; reinitializing", CATCH_UP);
                TestServer.await("the standby streams again after its crash reset", CATCH_UP,
                        () -> count(standby.log(), "started streaming WAL from primary at ") > beforeReset);
                TestServer.await("read-only connections again", CATCH_UP, () -> Cli.psql(Duration.ofSeconds(30),
                        "127.0.0.1", standby.port, "select pg_is_in_recovery()").stdout().trim().equals("t"));

                int beforeCrash = count(standby.log(), "started streaming WAL from primary at ");
                primary.crash();
                primary.restart();
                TestServer.await("the standby reconnects by itself", CATCH_UP,
                        () -> count(standby.log(), "started streaming WAL from primary at ") > beforeCrash);
                Cli.Result more = Cli.pgbench(TOOL, primary.port, "-c", "2", "-t", "200");
                assertThat(more.exitCode()).as(more.all()).isZero();
                awaitCaughtUp(primary, standby);
                assertThat(contents(standby)).isEqualTo(contents(primary));
                assertThat(standby.log()).doesNotContain("Exception", "TRAP:");
            }
        }
    }

    /**
     * Replay conflicts (item 4): a VACUUM on the primary removes row versions that a standby session's snapshot may
     * still need; after max_standby_streaming_delay the standby cancels a running statement with 40001 and ends a
     * session idle in a REPEATABLE READ transaction with FATAL 40001, and replay goes on.
     */
    @Test
    void replayConflictsCancelQueriesAfterMaxStandbyStreamingDelay() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            sql(primary, "create table t(a int); insert into t select generate_series(1, 1000)");
            try (TestServer standby = standbyOf(primary)) {
                standby.appendConfig("max_standby_streaming_delay = 1s");
                standby.start();
                standby.awaitLog("LOG:  started streaming WAL from primary at ", CATCH_UP);
                awaitCaughtUp(primary, standby);
                try (java.sql.Connection idle = Jdbc.connect(standby.port);
                     java.sql.Connection busy = Jdbc.connect(standby.port)) {
                    Jdbc.execute(idle, "begin isolation level repeatable read");
                    assertThat(Jdbc.selectLong(idle, "select count(*) from t")).isEqualTo(1000);
                    java.util.concurrent.CompletableFuture<String> running =
                            java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                                try {
                                    Jdbc.execute(busy, "select count(*), pg_sleep(60) from t");
                                    return "completed";
                                } catch (java.sql.SQLException e) {
                                    return e.getSQLState() + " " + e.getMessage();
                                }
                            });
                    TestServer.await("the long query runs", CATCH_UP, () -> sql(standby,
                            "select count(*) from pg_stat_activity where query like '%pg_sleep(60)%' "
                                    + "and state = 'active' and pid <> pg_backend_pid()").equals("1"));
                    sql(primary, "update t set a = a + 1");
                    sql(primary, "vacuum t");
                    sql(primary, "insert into t values (0)");
                    assertThat(running.get(60, java.util.concurrent.TimeUnit.SECONDS))
                            .startsWith("40001 ERROR: canceling statement due to conflict with recovery");
                    awaitCaughtUp(primary, standby);
                    assertThat(sql(standby, "select count(*), sum(a) from t")).isEqualTo("1001|501500");
                    org.postgresql.util.ServerErrorMessage ended = Jdbc.error(idle, "select count(*) from t");
                    assertThat(ended).isNotNull();
                    assertThat(ended.getSQLState()).isEqualTo("40001");
                    assertThat(ended.getMessage()).isEqualTo("terminating connection due to conflict with recovery");
                }
                assertThat(standby.log()).doesNotContain("Exception", "TRAP:");
            }
        }
    }

    /**
     * hot_standby_feedback: the walreceiver sends the oldest xmin of the standby's sessions and the primary shows it
     * as pg_stat_replication.backend_xmin (ProcessStandbyHSFeedbackMessage sets the walsender's xmin) and keeps its
     * pruning and VACUUM from removing row versions that xmin may see, so the standby query is not canceled.
     */
    @Test
    void hotStandbyFeedbackShowsAsBackendXminAndHoldsVacuumOnThePrimary() throws Exception {
        try (TestServer primary = TestServer.create()) {
            primary.start();
            sql(primary, "create table t(a int); insert into t select generate_series(1, 1000)");
            try (TestServer standby = standbyOf(primary)) {
                standby.appendConfig("hot_standby_feedback = on", "wal_receiver_status_interval = 1",
                        "max_standby_streaming_delay = 1s");
                standby.start();
                standby.awaitLog("LOG:  started streaming WAL from primary at ", CATCH_UP);
                awaitCaughtUp(primary, standby);
                try (java.sql.Connection reader = Jdbc.connect(standby.port)) {
                    Jdbc.execute(reader, "begin isolation level repeatable read");
                    assertThat(Jdbc.selectLong(reader, "select count(*) from t")).isEqualTo(1000);
                    TestServer.await("backend_xmin on the primary", CATCH_UP, () -> sql(primary,
                            "select backend_xmin is not null from pg_stat_replication").equals("t"));
                    // once a status update sent after the snapshot has arrived, the primary's vacuum keeps what it sees
                    String snapshotTaken = sql(primary, "select now()");
                    TestServer.await("a standby reply after the snapshot", CATCH_UP, () -> sql(primary,
                            "select reply_time > '" + snapshotTaken + "'::timestamptz + interval '1.5 s' "
                                    + "from pg_stat_replication").equals("t"));
                    sql(primary, "update t set a = a + 1");
                    sql(primary, "vacuum t");
                    sql(primary, "insert into t values (0)");
                    awaitCaughtUp(primary, standby);
                    assertThat(Jdbc.selectString(reader, "select count(*) || '|' || sum(a) from t"))
                            .as("the standby's snapshot, not canceled: vacuum kept its row versions")
                            .isEqualTo("1000|500500");
                    Jdbc.execute(reader, "commit");
                    assertThat(Jdbc.selectString(reader, "select count(*) || '|' || sum(a) from t"))
                            .isEqualTo("1001|501500");
                }
                assertThat(standby.log()).doesNotContain("Exception", "TRAP:");
            }
        }
    }

    /**
     * restore_command: a copy made with pg_basebackup -X fetch plus recovery.signal replays the WAL archived since
     * (archive recovery), ends it on a new timeline and opens for writes; a copy with standby.signal and only
     * restore_command (no primary_conninfo) is a log-shipping hot standby that follows the archive.
     */
    @Test
    void archiveRecoveryAndALogShippingStandbyUseRestoreCommand() throws Exception {
        Path archiveRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-archive-");
        Path archive = Files.createDirectories(archiveRoot.resolve("wal"));
        TestServer.handOver(archiveRoot);
        try (TestServer primary = TestServer.create("archive_mode = on",
                "archive_command = 'cp %p " + archive + "/%f'")) {
            primary.start();
            sql(primary, "create table shipped(a int)");
            Path root = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-archived-");
            Path logShippingRoot = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-logship-");
            for (Path dir : List.of(root, logShippingRoot)) {
                Cli.Result backup = Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("pg_basebackup"),
                        "-h", "127.0.0.1", "-p", Integer.toString(primary.port), "-U", "postgres", "-D",
                        dir.resolve("data").toString(), "-X", "fetch", "-c", "fast"));
                assertThat(backup.exitCode()).as(backup.all()).isZero();
            }
            sql(primary, "insert into shipped select generate_series(1, 100)");
            String segment = sql(primary, "select pg_walfile_name(pg_switch_wal())");
            TestServer.await(segment + " archived", CATCH_UP, () -> Files.exists(archive.resolve(segment)));

            // pg_backup_stop(wait_for_archive => true) waits until the backup's last segment is archived
            Cli.Result lowLevel = Cli.run(Duration.ofSeconds(120), Cli.tool("psql"), "-X", "-At", "-h", "127.0.0.1",
                    "-p", Integer.toString(primary.port), "-U", "postgres", "-d", "postgres", "-c",
                    "select pg_backup_start('low', true); select pg_walfile_name(lsn) from pg_backup_stop(true)");
            assertThat(lowLevel.exitCode()).as(lowLevel.all()).isZero();
            assertThat(lowLevel.stderr()).contains("NOTICE:  all required WAL segments have been archived");
            String last = lowLevel.stdout().trim().lines().reduce((a, b) -> b).orElseThrow();
            assertThat(archive.resolve(last)).exists();

            try (TestServer restored = TestServer.adopt(root)) {
                restored.appendConfig("restore_command = 'cp " + archive + "/%f %p'");
                Files.writeString(restored.dataDir.resolve("recovery.signal"), "");
                restored.start(); // ready once consistent (hot standby), while archive recovery goes on
                restored.awaitLog("LOG:  database system is ready to accept connections", CATCH_UP);
                assertThat(restored.log()).contains("LOG:  starting archive recovery",
                        "LOG:  restored log file \"" + segment + "\" from archive", "LOG:  selected new timeline ID: 2",
                        "LOG:  archive recovery complete");
                assertThat(sql(restored, "select count(*), pg_is_in_recovery() from shipped")).isEqualTo("100|f");
                assertThat(restored.dataDir.resolve("recovery.signal")).doesNotExist();
                sql(restored, "insert into shipped values (0)");
            }

            try (TestServer standby = TestServer.adopt(logShippingRoot)) {
                standby.appendConfig("restore_command = 'cp " + archive + "/%f %p'",
                        "wal_retrieve_retry_interval = 200ms");
                Files.writeString(standby.dataDir.resolve("standby.signal"), "");
                standby.start();
                TestServer.await("the archived rows on the log-shipping standby", CATCH_UP,
                        () -> sql(standby, "select count(*) from shipped").equals("100"));
                sql(primary, "insert into shipped values (101)");
                String next = sql(primary, "select pg_walfile_name(pg_switch_wal())");
                TestServer.await(next + " archived and replayed", CATCH_UP,
                        () -> sql(standby, "select count(*) from shipped where a = 101").equals("1"));
                assertThat(sql(standby, "select pg_is_in_recovery()")).isEqualTo("t");
                assertThat(standby.log()).doesNotContain("started streaming WAL", "Exception");
                // pg_promote(): errors as PostgreSQL's, then a promotion that waits for its end
                assertThat(psqlVerbose(standby, "select pg_promote(true, 0)").stderr())
                        .contains("ERROR:  22023: \"wait_seconds\" must not be negative or zero");
                assertThat(sql(standby, "select pg_promote()")).isEqualTo("t");
                assertThat(sql(standby, "select pg_is_in_recovery()")).isEqualTo("f");
                assertThat(psqlVerbose(standby, "select pg_promote()").stderr())
                        .contains("ERROR:  55000: recovery is not in progress");
                sql(standby, "insert into shipped values (102)");
            }
        } finally {
            TestServer.deleteTree(archiveRoot);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
