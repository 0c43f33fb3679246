package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1 and acceptance 5: the walsender through PostgreSQL's own clients. psql on a replication
 * connection sends the replication commands (IDENTIFY_SYSTEM, SHOW, slots, TIMELINE_HISTORY) and gets PostgreSQL's
 * answers and errors; roles without REPLICATION and a full max_wal_senders are refused as PostgreSQL refuses them;
 * pg_receivewal streams into 16 MB segments named as PostgreSQL names them, byte-identical to the primary's, through
 * a slot that survives a kill -9 and holds the WAL, and reconnects by itself after the primary's restart.
 */
class WalSenderIT {
    private static final Duration TOOL = Duration.ofSeconds(60);
    private static final Duration STREAM = Duration.ofSeconds(90);
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    private static final long SEGMENT_SIZE = 16L << 20;

    /** psql on a replication connection, verbose errors (SQLSTATE shown), each command its own -c. */
    private static Cli.Result replication(TestServer server, String user, String... commands) {
        List<String> command = new ArrayList<>(List.of(Cli.tool("psql"), "-X", "-A", "-t", "-v", "VERBOSITY=verbose",
                "host=127.0.0.1 port=" + server.port + " user=" + user + " replication=true dbname=replication"));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        return Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), command);
    }

    private static String sql(TestServer server, String sql) {
        Cli.Result r = Cli.psql(TOOL, "127.0.0.1", server.port, sql);
        assertThat(r.exitCode()).as(r.all()).isZero();
        return r.stdout().trim();
    }

    @Test
    void replicationCommandsAnswerAsPostgres() {
        try (TestServer server = TestServer.create()) {
            server.start();
            Cli.Result control = Cli.run(TOOL, Cli.tool("pg_controldata"), "-D", server.dataDir.toString());
            String systemId = control.stdout().lines().filter(l -> l.startsWith("Database system identifier"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();

            Cli.Result identify = replication(server, "postgres", "IDENTIFY_SYSTEM", "SHOW wal_segment_size",
                    "SHOW data_directory_mode", "CREATE_REPLICATION_SLOT s1 PHYSICAL (RESERVE_WAL)",
                    "READ_REPLICATION_SLOT s1", "READ_REPLICATION_SLOT nosuch");
            assertThat(identify.exitCode()).as(identify.all()).isZero();
            List<String> lines = identify.stdout().lines().toList();
            assertThat(lines.get(0)).matches(Pattern.quote(systemId) + "\\|1\\|[0-9A-F]+/[0-9A-F]+\\|");
            assertThat(lines.get(1)).isEqualTo("16MB");
            assertThat(lines.get(2)).isEqualTo("0700");
            assertThat(lines.get(3)).isEqualTo("s1|0/0||");
            assertThat(lines.get(4)).matches("physical\\|[0-9A-F]+/[0-9A-F]+\\|1");
            assertThat(lines.get(5)).isEqualTo("||");
            String restart = lines.get(4).split("\\|")[1];

            Cli.Result errors = replication(server, "postgres", "CREATE_REPLICATION_SLOT s1 PHYSICAL",
                    "DROP_REPLICATION_SLOT nosuch", "CREATE_REPLICATION_SLOT \"Bad-Name\" PHYSICAL", "select 1",
                    "IDENTIFY_SYSTEM now", "TIMELINE_HISTORY 0", "TIMELINE_HISTORY 1", "SHOW no_such_setting",
                    "CREATE_REPLICATION_SLOT l1 LOGICAL test_decoding");
            assertThat(errors.stderr()).contains(
                    "ERROR:  42710: replication slot \"s1\" already exists",
                    "ERROR:  42704: replication slot \"nosuch\" does not exist",
                    "ERROR:  42602: replication slot name \"Bad-Name\" contains invalid character",
                    "HINT:  Replication slot names may only contain lower case letters, numbers, and the underscore"
                            + " character.",
                    "ERROR:  0A000: cannot execute SQL commands in WAL sender for physical replication",
                    "ERROR:  42601: syntax error",
                    "ERROR:  42601: invalid timeline 0",
                    "ERROR:  58P01: could not open file \"pg_wal/00000001.history\": No such file or directory",
                    "ERROR:  42704: unrecognized configuration parameter \"no_such_setting\"",
                    "ERROR:  55000: logical decoding requires a database connection");
            assertThat(errors.all()).doesNotContain("Exception").doesNotContain("java.");

            // a temporary slot lives as long as its session; a persistent one survives a kill -9
            Cli.Result temporary = replication(server, "postgres", "CREATE_REPLICATION_SLOT t1 TEMPORARY PHYSICAL",
                    "READ_REPLICATION_SLOT t1");
            assertThat(temporary.stdout()).contains("t1|0/0||").contains("physical||");
            assertThat(replication(server, "postgres", "READ_REPLICATION_SLOT t1").stdout().trim()).isEqualTo("||");
            server.crash();
            server.restart();
            assertThat(replication(server, "postgres", "READ_REPLICATION_SLOT s1").stdout().trim())
                    .isEqualTo("physical|" + restart + "|1");
            Cli.Result drop = replication(server, "postgres", "DROP_REPLICATION_SLOT s1", "READ_REPLICATION_SLOT s1");
            assertThat(drop.exitCode()).as(drop.all()).isZero();
            assertThat(drop.stdout().lines().toList()).containsExactly("DROP_REPLICATION_SLOT", "||");
            assertThat(server.dataDir.resolve("pg_replslot/s1")).doesNotExist();
            assertThat(server.log()).doesNotContain("Exception");
        }
    }

    @Test
    void walsendersNeedTheReplicationAttributeAndAFreeSlot() throws Exception {
        try (TestServer server = TestServer.create("max_wal_senders = 1")) {
            server.start();
            sql(server, "create role norep login");
            Cli.Result refused = replication(server, "norep", "IDENTIFY_SYSTEM");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("FATAL:  must be superuser or replication role to start walsender");
            assertThat(replicationLoginState(server, "norep")).isEqualTo("42501");
            sql(server, "alter role norep replication");
            assertThat(replication(server, "norep", "IDENTIFY_SYSTEM").exitCode()).isZero();

            Path dir = Files.createDirectories(server.root.resolve("held"));
            Process holder = receiveWal(server, dir, "--no-loop");
            try {
                TestServer.await("pg_receivewal holding the only walsender slot", STREAM,
                        () -> partial(dir) != null);
                Cli.Result full = replication(server, "postgres", "IDENTIFY_SYSTEM");
                assertThat(full.exitCode()).isNotZero();
                assertThat(full.stderr()).contains("FATAL:  number of requested standby connections exceeds "
                        + "max_wal_senders (currently 1)");
                assertThat(replicationLoginState(server, "postgres")).isEqualTo("53300");
                assertThat(sql(server, "select 1")).as("client connections use other slots").isEqualTo("1");
            } finally {
                holder.destroy();
                holder.waitFor();
            }
            TestServer.await("the walsender slot freed", STREAM,
                    () -> replication(server, "postgres", "IDENTIFY_SYSTEM").exitCode() == 0);
        }
    }

    @Test
    void pgReceivewalStreamsSegmentsThroughASlotAndReconnectsAfterARestart() throws Exception {
        try (TestServer server = TestServer.create()) {
            server.start();
            Path dir = Files.createDirectories(server.root.resolve("received"));
            Cli.Result create = Cli.run(TOOL, Map.of(), List.of(Cli.tool("pg_receivewal"), "-h", "127.0.0.1", "-p",
                    Integer.toString(server.port), "-U", "postgres", "-D", dir.toString(), "--slot=recv",
                    "--create-slot"));
            assertThat(create.exitCode()).as(create.all()).isZero();

            Process receiver = receiveWal(server, dir, "--slot=recv", "--synchronous");
            try {
                Cli.Result init = Cli.pgbench(Duration.ofMinutes(3), server.port, "-i", "-s", "3", "-q");
                assertThat(init.exitCode()).as(init.all()).isZero();
                TestServer.await("two complete segments received", STREAM, () -> complete(dir).size() >= 2);

                int compared = 0;
                for (Path segment : complete(dir)) {
                    assertThat(Files.size(segment)).isEqualTo(SEGMENT_SIZE);
                    Path primary = server.dataDir.resolve("pg_wal").resolve(segment.getFileName());
                    if (Files.exists(primary)) {
                        assertThat(Files.mismatch(segment, primary)).as("%s as on the primary", segment).isEqualTo(-1);
                        compared++;
                    }
                }
                assertThat(compared).as("segments still on the primary, held by the slot").isPositive();
                String oldest = complete(dir).get(0).getFileName().toString();
                assertThat(oldest).startsWith("00000001");

                // the slot follows pg_receivewal's flush reports
                TestServer.await("the slot's restart_lsn past the second segment", STREAM, () -> {
                    String slot = replication(server, "postgres", "READ_REPLICATION_SLOT recv").stdout().trim();
                    assertThat(slot).startsWith("physical|");
                    return lsn(slot.split("\\|")[1]) >= 2 * SEGMENT_SIZE;
                });

                // a kill -9 of the primary: pg_receivewal retries until it is back, and streams on
                int before = complete(dir).size();
                server.crash();
                server.restart();
                Cli.Result more = Cli.pgbench(Duration.ofMinutes(3), server.port, "-i", "-s", "2", "-q");
                assertThat(more.exitCode()).as(more.all()).isZero();
                sql(server, "checkpoint");
                TestServer.await("segments received after the restart", STREAM, () -> complete(dir).size() > before);
                assertThat(receiver.isAlive()).isTrue();
            } finally {
                receiver.destroy();
                receiver.waitFor();
            }
            assertThat(server.log()).doesNotContain("Exception");
        }
    }

    /** The SQLSTATE of a refused replication login, through pgJDBC (psql prints a FATAL at login without it). */
    private static String replicationLoginState(TestServer server, String user) {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("replication", "true");
        props.setProperty("assumeMinServerVersion", "15");
        props.setProperty("preferQueryMode", "simple");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.port + "/replication", props)) {
            return "connected";
        } catch (java.sql.SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void aNewWalsenderBundleTakesOverAndPgReceivewalFollows() throws Exception {
        try (TestServer server = TestServer.create().withOwnDistribution().start()) {
            Path dir = Files.createDirectories(server.root.resolve("swap"));
            Process receiver = receiveWal(server, dir, "-v");
            try {
                TestServer.await("pg_receivewal streaming", STREAM, () -> partial(dir) != null);
                long logBefore = server.log().length();
                Path staging = Files.createDirectories(server.root.resolve("staging"));
                Path jar = LiveChangeIT.newVersionOf(server.deployDir().resolve("osgres.walsender.jar"), "0.9.0",
                        staging);
                Files.move(jar, server.deployDir().resolve(jar.getFileName()),
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                // the old walsender ends its session; pg_receivewal retries and streams from the new one
                TestServer.await("the old walsender retired", STREAM, () -> server.log().substring((int) logBefore)
                        .contains("FATAL:  terminating connection due to administrator command"));
                TestServer.await("pg_receivewal reconnected", STREAM, () -> {
                    String log = receiverLog(server);
                    int disconnected = log.indexOf("disconnected");
                    return disconnected >= 0 && log.indexOf("starting log streaming", disconnected) > 0;
                });
                int before = complete(dir).size();
                Cli.Result init = Cli.pgbench(Duration.ofMinutes(3), server.port, "-i", "-s", "2", "-q");
                assertThat(init.exitCode()).as(init.all()).isZero();
                TestServer.await("segments received from the new walsender", STREAM,
                        () -> complete(dir).size() > before);
            } finally {
                receiver.destroy();
                receiver.waitFor();
            }
            assertThat(server.log()).doesNotContain("TRAP:");
        }
    }

    /**
     * synchronous_standby_names = 'pg_receivewal': a commit waits, invisible to others, until pg_receivewal
     * --synchronous has flushed it; without it the commit waits until it comes back; a cancel ends the wait with
     * PostgreSQL's WARNING and the transaction stays committed; synchronous_commit = local does not wait.
     */
    @Test
    void synchronousCommitWaitsForTheSynchronousStandby() throws Exception {
        try (TestServer server = TestServer.create("synchronous_standby_names = 'pg_receivewal'")) {
            server.start();
            Path dir = Files.createDirectories(server.root.resolve("sync"));
            Process receiver = receiveWal(server, dir, "--synchronous");
            try (java.sql.Connection writer = Jdbc.connect(server.port);
                 java.sql.Connection reader = Jdbc.connect(server.port)) {
                TestServer.await("pg_receivewal streaming", STREAM, () -> partial(dir) != null);
                Jdbc.execute(writer, "create table ledger(a int)");
                Jdbc.execute(writer, "insert into ledger values (1)");
                int writerPid = (int) Jdbc.selectLong(writer, "select pg_backend_pid()");

                receiver.destroy();
                receiver.waitFor();
                java.util.concurrent.CompletableFuture<java.sql.SQLWarning> waiting =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try (java.sql.Statement st = writer.createStatement()) {
                                st.execute("insert into ledger values (2)");
                                return st.getWarnings();
                            } catch (java.sql.SQLException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
                TestServer.await("the insert running", STREAM, () -> querySelect(reader,
                        "select count(*) from pg_stat_activity where pid = " + writerPid
                                + " and state = 'active' and query like 'insert into ledger values (2)%'") == 1);
                assertThat(querySelect(reader, "select count(*) from ledger"))
                        .as("a commit waiting for its standby is not visible yet").isEqualTo(1);
                assertThat(waiting).isNotDone();

                receiver = receiveWal(server, dir, "--synchronous");
                java.sql.SQLWarning none = waiting.get(90, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(none == null).as("no warning: %s", none).isTrue();
                assertThat(querySelect(reader, "select count(*) from ledger")).isEqualTo(2);

                receiver.destroy();
                receiver.waitFor();
                java.util.concurrent.CompletableFuture<java.sql.SQLWarning> canceled =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try (java.sql.Statement st = writer.createStatement()) {
                                st.execute("insert into ledger values (3)");
                                return st.getWarnings();
                            } catch (java.sql.SQLException e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        });
                TestServer.await("the second insert running", STREAM, () -> querySelect(reader,
                        "select count(*) from pg_stat_activity where pid = " + writerPid
                                + " and state = 'active' and query like 'insert into ledger values (3)%'") == 1);
                Jdbc.execute(reader, "select pg_cancel_backend(" + writerPid + ")");
                java.sql.SQLWarning warning = canceled.get(90, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(warning != null).isTrue();
                assertThat(warning.getMessage()).contains("canceling wait for synchronous replication due to user "
                        + "request");
                assertThat(warning.getSQLState()).isEqualTo("01000");
                assertThat(querySelect(reader, "select count(*) from ledger"))
                        .as("committed locally all the same").isEqualTo(3);

                Jdbc.execute(writer, "set synchronous_commit = local");
                Jdbc.execute(writer, "insert into ledger values (4)");
                assertThat(querySelect(reader, "select count(*) from ledger")).isEqualTo(4);
            } finally {
                receiver.destroy();
                receiver.waitFor();
            }
        }
    }

    /**
     * Two walsenders on one slot: while pg_receivewal streams through slot s, a second START_REPLICATION SLOT s
     * (another pg_receivewal, psql on a replication connection) fails with 55006 "replication slot "s" is active
     * for PID N", N the first walsender's pid, and the first streams on; once it has gone the slot is free again.
     */
    @Test
    void aSecondWalsenderOnAnActiveSlotIsRefused() throws Exception {
        try (TestServer server = TestServer.create()) {
            server.start();
            Cli.Result create = replication(server, "postgres", "CREATE_REPLICATION_SLOT s PHYSICAL (RESERVE_WAL)");
            assertThat(create.exitCode()).as(create.all()).isZero();
            String activePid = "select coalesce(active_pid::text, '') from pg_replication_slots where slot_name = 's'";
            Path dir = Files.createDirectories(server.root.resolve("first"));
            Process first = receiveWal(server, dir, "--slot=s");
            try {
                TestServer.await("the first pg_receivewal streaming through slot s", STREAM,
                        () -> partial(dir) != null && !sql(server, activePid).isEmpty());
                String pid = sql(server, activePid);
                assertThat(sql(server, "select count(*) from pg_stat_replication where pid = " + pid)).isEqualTo("1");

                Path other = Files.createDirectories(server.root.resolve("second"));
                Cli.Result second = Cli.run(TOOL, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(
                        Cli.tool("pg_receivewal"), "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U",
                        "postgres", "-D", other.toString(), "--slot=s", "--no-loop"));
                assertThat(second.exitCode()).as(second.all()).isNotZero();
                assertThat(second.stderr()).contains("replication slot \"s\" is active for PID " + pid);
                Cli.Result psql = replication(server, "postgres", "START_REPLICATION SLOT s PHYSICAL 0/1000000");
                assertThat(psql.exitCode()).as(psql.all()).isNotZero();
                assertThat(psql.stderr()).contains("ERROR:  55006: replication slot \"s\" is active for PID " + pid);
                assertThat(psql.all()).doesNotContain("Exception").doesNotContain("java.");

                // the first walsender streams on: a switched segment reaches it complete
                assertThat(first.isAlive()).isTrue();
                assertThat(sql(server, activePid)).isEqualTo(pid);
                sql(server, "create table two_senders(a int); insert into two_senders values (1); "
                        + "select pg_switch_wal()");
                TestServer.await("a complete segment received by the first pg_receivewal", STREAM,
                        () -> !complete(dir).isEmpty());
            } finally {
                first.destroy();
                first.waitFor();
            }
            TestServer.await("slot s released", STREAM, () -> sql(server, activePid).isEmpty());
            Cli.Result read = replication(server, "postgres", "READ_REPLICATION_SLOT s");
            assertThat(read.stdout().trim()).startsWith("physical|");
            assertThat(server.log()).doesNotContain("Exception");
        }
    }

    /**
     * A commit waiting for a synchronous standby that is not there returns once a reload empties
     * synchronous_standby_names (SyncRepUpdateSyncStandbysDefined releases every waiter), without a warning, and
     * other sessions then see it committed; later commits do not wait.
     */
    @Test
    void aReloadEmptyingSynchronousStandbyNamesReleasesTheWaiters() throws Exception {
        try (TestServer server = TestServer.create("synchronous_standby_names = 'missing_standby'")) {
            server.start();
            try (java.sql.Connection writer = Jdbc.connect(server.port);
                 java.sql.Connection second = Jdbc.connect(server.port);
                 java.sql.Connection reader = Jdbc.connect(server.port)) {
                Jdbc.execute(reader, "set synchronous_commit = local");
                Jdbc.execute(reader, "create table released(a int)");
                java.util.List<java.util.concurrent.CompletableFuture<java.sql.SQLWarning>> waiting =
                        new java.util.ArrayList<>();
                java.util.List<Integer> pids = new java.util.ArrayList<>();
                int value = 1;
                for (java.sql.Connection c : List.of(writer, second)) {
                    pids.add((int) Jdbc.selectLong(c, "select pg_backend_pid()"));
                    String insert = "insert into released values (" + value++ + ")";
                    // a thread each: the common pool may have a single worker, which the first wait would hold
                    waiting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (java.sql.Statement st = c.createStatement()) {
                            st.execute(insert);
                            return st.getWarnings();
                        } catch (java.sql.SQLException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    }, r -> Thread.ofPlatform().daemon().name("sync-waiter-" + insert).start(r)));
                }
                for (int pid : pids) {
                    TestServer.await("commit of " + pid + " waiting for the standby", STREAM, () -> querySelect(
                            reader, "select count(*) from pg_stat_activity where pid = " + pid
                                    + " and state = 'active' and query like 'insert into released%'") == 1);
                }
                assertThat(querySelect(reader, "select count(*) from released"))
                        .as("commits waiting for their standby are not visible yet").isZero();
                assertThat(waiting).noneMatch(java.util.concurrent.CompletableFuture::isDone);

                server.appendConfig("synchronous_standby_names = ''");
                Cli.Result reload = Cli.runAsServerUser(TOOL, List.of(Cli.tool("pg_ctl"), "reload", "-D",
                        server.dataDir.toString()));
                assertThat(reload.exitCode()).as(reload.all()).isZero();
                for (java.util.concurrent.CompletableFuture<java.sql.SQLWarning> w : waiting) {
                    java.sql.SQLWarning none = w.get(90, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(none == null).as("no warning: %s", none).isTrue();
                }
                assertThat(querySelect(reader, "select count(*) from released")).isEqualTo(2);
                assertThat(Jdbc.selectString(reader, "show synchronous_standby_names")).isEmpty();
                Jdbc.execute(writer, "insert into released values (3)");
                assertThat(querySelect(reader, "select count(*) from released")).isEqualTo(3);
            }
            assertThat(server.log()).contains("LOG:  received SIGHUP, reloading configuration files")
                    .doesNotContain("Exception");
        }
    }

    private static long querySelect(java.sql.Connection c, String sql) {
        try {
            return Jdbc.selectLong(c, sql);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String receiverLog(TestServer server) {
        try {
            return Files.readString(server.root.resolve("pg_receivewal.log"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Process receiveWal(TestServer server, Path dir, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_receivewal"), "-h", "127.0.0.1", "-p",
                Integer.toString(server.port), "-U", "postgres", "-D", dir.toString(), "-s", "1"));
        command.addAll(Arrays.asList(options));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(server.root.resolve("pg_receivewal.log").toFile()))
                .start();
    }

    private static List<Path> complete(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path partial(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".partial")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long lsn(String text) {
        String[] parts = text.split("/");
        return Long.parseLong(parts[0], 16) << 32 | Long.parseLong(parts[1], 16);
    }
}
