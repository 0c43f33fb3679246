package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 8, item 4 and acceptance 3-4: auxiliary processes change while clients work. Under pgbench, each
 * auxiliary kind is restarted twice from the shell, then a new version of each auxiliary bundle is moved into
 * {@code deploy/}, removed and put back: no transaction fails, the balances stay consistent, exactly one child of
 * each kind runs at the end, from the new version, and the log says so. Without the checkpointer bundle CHECKPOINT
 * warns and fails within its bound; without the walwriter bundle asynchronous commits survive kill -9. Each server
 * runs from its own copy of the distribution, so its deploy/ can change.
 */
class LiveChangeIT {
    private static final Duration PGBENCH_RUN = Duration.ofSeconds(60);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final String NEW_VERSION = "0.9.0";

    /** Auxiliary kinds that can be restarted and swapped: backend_type as osgres:ps shows it, and the bundle. */
    private enum Kind {
        CHECKPOINTER("checkpointer", "checkpointer process", "osgres.checkpointer", "checkpointer"),
        WALWRITER("walwriter", "WAL writer process", "osgres.walwriter", "walwriter"),
        BGWRITER("background writer", "background writer process", "osgres.bgwriter", "bgwriter"),
        /** Its bundle also provides the workers, which come and go; the launcher is the one child that stays. */
        AUTOVACUUM_LAUNCHER("autovacuum launcher", "autovacuum launcher process", "osgres.autovacuum",
                "autovacuum-launcher");

        final String backendType;
        final String processName;
        final String bundle;
        private final String shellName;

        Kind(String backendType, String processName, String bundle, String shellName) {
            this.backendType = backendType;
            this.processName = processName;
            this.bundle = bundle;
            this.shellName = shellName;
        }

        String shellName() {
            return shellName;
        }
    }

    /** One row of osgres:ps for an auxiliary child: its pid and the bundle it runs from. */
    private record AuxChild(int pid, String bundle) {
    }

    @Test
    void restartsAndNewBundleVersionsUnderPgbenchLoseNoTransaction() throws Exception {
        try (TestServer server = TestServer.create("log_checkpoints = on").withOwnDistribution().start()) {
            Cli.Result init = Cli.pgbench(Duration.ofMinutes(3), server.port, "-i", "-s", "1", "-I", "dtGvp");
            assertThat(init.exitCode()).as("pgbench -i: %s", init.all()).isZero();
            long accountsBefore = sum(server, "abalance", "pgbench_accounts");
            long tellersBefore = sum(server, "tbalance", "pgbench_tellers");
            long branchesBefore = sum(server, "bbalance", "pgbench_branches");

            CompletableFuture<Cli.Result> pgbench = CompletableFuture.supplyAsync(() -> Cli.pgbench(
                    PGBENCH_RUN.plus(Duration.ofMinutes(2)), server.port, "-c", "8", "-j", "2",
                    "-T", Long.toString(PGBENCH_RUN.toSeconds())));
            TestServer.await("pgbench clients connected", CHANGE_TIMEOUT,
                    () -> ps(server).lines().filter(l -> l.contains("client backend")).count() >= 8);

            for (int round = 0; round < 2; round++) {
                for (Kind kind : Kind.values()) {
                    restartAndAwaitNewChild(server, kind);
                }
            }
            Path staging = Files.createDirectories(server.root.resolve("staging"));
            for (Kind kind : Kind.values()) {
                Path jar = newVersionOf(server.deployDir().resolve(kind.bundle + ".jar"), NEW_VERSION, staging);
                Path deployed = server.deployDir().resolve(kind.bundle + "-" + NEW_VERSION + ".jar");
                Files.move(jar, deployed, StandardCopyOption.ATOMIC_MOVE);
                awaitOnlyChildFrom(server, kind, kind.bundle + " " + NEW_VERSION);

                // the older jar is still there: removing the new one brings the old version back, never nothing
                Files.move(deployed, staging.resolve(deployed.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                awaitOnlyChildFrom(server, kind, kind.bundle + " 0.1.0");
                Files.move(staging.resolve(deployed.getFileName()), deployed, StandardCopyOption.ATOMIC_MOVE);
                awaitOnlyChildFrom(server, kind, kind.bundle + " " + NEW_VERSION);
            }

            assertThat(pgbench).as("every restart and swap happened while pgbench ran").isNotDone();
            Cli.Result run = pgbench.get();
            assertThat(run.exitCode()).as("pgbench: %s", run.all()).isZero();
            assertThat(run.stdout()).as(run.all()).contains("number of failed transactions: 0 (0.000%)");
            assertThat(run.stderr()).as(run.all()).doesNotContain("aborted").doesNotContain("ERROR");
            long processed = processed(run);
            assertThat(processed).isPositive();

            long deltas = sum(server, "delta", "pgbench_history");
            assertThat(count(server, "pgbench_history")).as("one history row per transaction").isEqualTo(processed);
            assertThat(sum(server, "abalance", "pgbench_accounts") - accountsBefore).isEqualTo(deltas);
            assertThat(sum(server, "tbalance", "pgbench_tellers") - tellersBefore).isEqualTo(deltas);
            assertThat(sum(server, "bbalance", "pgbench_branches") - branchesBefore).isEqualTo(deltas);

            String ps = ps(server);
            for (Kind kind : Kind.values()) {
                List<AuxChild> children = children(ps, kind);
                assertThat(children).as("%s children in\n%s", kind.backendType, ps).hasSize(1);
                assertThat(children.getFirst().bundle()).isEqualTo(kind.bundle + " " + NEW_VERSION);
                assertThat(server.log())
                        .contains("LOG:  restarting " + kind.processName + " (PID ")
                        .contains("LOG:  auxiliary process bundle \"" + kind.bundle + "\" version " + NEW_VERSION
                                + " installed")
                        .contains("LOG:  auxiliary process bundle \"" + kind.bundle + "\" version " + NEW_VERSION
                                + " uninstalled")
                        .contains("started from bundle " + kind.bundle + " " + NEW_VERSION);
            }
            assertThat(server.log()).doesNotContain("TRAP:").doesNotContain("terminated by signal");
            System.out.println("pgbench under live change: " + processed + " transactions, 0 failed; the log said:");
            server.log().lines().filter(l -> l.contains("bundle") || l.contains("restarting "))
                    .forEach(System.out::println);
        }
    }

    @Test
    void withoutCheckpointerCheckpointFailsInTimeAndWithoutWalwriterAsyncCommitsSurviveKill9() throws Exception {
        try (TestServer server = TestServer.create().withOwnDistribution().start()) {
            // two jars of one bundle and version: removing either keeps the bundle and its child; the last one goes
            Path original = server.deployDir().resolve("osgres.checkpointer.jar");
            Path copy = server.deployDir().resolve("osgres.checkpointer-copy.jar");
            Path staging = Files.createDirectories(server.root.resolve("staging"));
            Path staged = Files.copy(original, staging.resolve(copy.getFileName()));
            Files.setLastModifiedTime(staged, Files.getLastModifiedTime(original)); // cp -p: the original stays chosen
            List<AuxChild> before = children(ps(server), Kind.CHECKPOINTER);
            assertThat(before).hasSize(1);
            Files.move(staged, copy, StandardCopyOption.ATOMIC_MOVE);
            server.awaitLog("LOG:  deploy/ holds 2 jars of bundle \"osgres.checkpointer\" version 0.1.0",
                    CHANGE_TIMEOUT);
            Files.move(original, server.root.resolve("checkpointer.jar"), StandardCopyOption.ATOMIC_MOVE);
            server.awaitLog("LOG:  bundle \"osgres.checkpointer\" version 0.1.0 is now deployed from "
                    + "\"osgres.checkpointer-copy.jar\"", CHANGE_TIMEOUT);
            assertThat(children(ps(server), Kind.CHECKPOINTER)).as("the same checkpointer runs on").isEqualTo(before);
            assertThat(server.log()).doesNotContain("osgres.checkpointer\" version 0.1.0 uninstalled")
                    .doesNotContain("no bundle provides the checkpointer process");

            Files.move(copy, staging.resolve(copy.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            Files.move(server.deployDir().resolve("osgres.walwriter.jar"), server.root.resolve("walwriter.jar"));
            TestServer.await("no checkpointer and no walwriter in osgres:ps", CHANGE_TIMEOUT, () -> {
                String ps = ps(server);
                return children(ps, Kind.CHECKPOINTER).isEmpty() && children(ps, Kind.WALWRITER).isEmpty();
            });
            server.awaitLog("LOG:  auxiliary process bundle \"osgres.checkpointer\" version 0.1.0 uninstalled",
                    CHANGE_TIMEOUT);
            server.awaitLog("WARNING:  no bundle provides the checkpointer process any more", CHANGE_TIMEOUT);
            server.awaitLog("LOG:  no bundle provides the WAL writer process any more", CHANGE_TIMEOUT);

            checkpointWarnsAtOnceAndFailsInTime(server);

            int commits = 200;
            try (Connection c = Jdbc.connect(server)) {
                Jdbc.execute(c, "create table async_commits (id integer primary key)");
                Jdbc.execute(c, "set synchronous_commit = off");
                for (int i = 1; i <= commits; i++) {
                    Jdbc.execute(c, "insert into async_commits values (" + i + ")");
                }
            }
            server.crash();
            server.restart();
            assertThat(Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port,
                    "select count(*) from async_commits").stdout().trim())
                    .as("acknowledged asynchronous commits after kill -9").isEqualTo(Integer.toString(commits));
        }
    }

    /**
     * CHECKPOINT without a checkpointer, from pgJDBC: the WARNING reaches the client while the statement still
     * waits (the backend flushes each notice as it is raised), then the statement fails within its bound.
     */
    private static void checkpointWarnsAtOnceAndFailsInTime(TestServer server) throws Exception {
        try (Connection c = Jdbc.connect(server); Statement statement = c.createStatement()) {
            long started = System.nanoTime();
            Future<Void> checkpoint = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.execute("checkpoint");
                    return null;
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            TestServer.await("the WARNING at the client", CHANGE_TIMEOUT, () -> warnings(statement) != null);
            assertThat(checkpoint).as("CHECKPOINT still waits when its WARNING arrives").isNotDone();
            Duration warnedAfter = Duration.ofNanos(System.nanoTime() - started);
            SQLWarning warning = warnings(statement);
            assertThat(warning.getMessage()).isEqualTo("no checkpointer process is running");
            assertThat(warning.getSQLState()).isEqualTo("01000");

            Throwable failure = Waits.failureOf(checkpoint);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("CHECKPOINT without a checkpointer: WARNING at the client after "
                    + warnedAfter.toMillis() + " ms, failed after " + took.toMillis() + " ms");
            assertThat(failure).isInstanceOf(PSQLException.class);
            ServerErrorMessage message = ((PSQLException) failure).getServerErrorMessage();
            assertThat(message.getSeverity()).isEqualTo("ERROR");
            assertThat(message.getMessage()).isEqualTo("checkpoint request failed");
            assertThat(message.getHint()).isEqualTo("Consult recent messages in the server log for details.");
            assertThat(took).as("CHECKPOINT's bound without a checkpointer").isLessThan(Duration.ofSeconds(25));
        }
        server.awaitLog("WARNING:  no checkpointer process is running", CHANGE_TIMEOUT);
    }

    /** The statement's warnings as pgJDBC has received them so far (read from another thread than the one waiting). */
    private static SQLWarning warnings(Statement statement) {
        try {
            return statement.getWarnings();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void restartAndAwaitNewChild(TestServer server, Kind kind) {
        List<AuxChild> before = children(ps(server), kind);
        assertThat(before).as("%s before restart, log:\n%s", kind.backendType, server.log()).hasSize(1);
        Cli.Result restart = shell(server, "osgres:restart " + kind.shellName());
        assertThat(restart.exitCode()).as(restart.all()).isZero();
        int oldPid = before.getFirst().pid();
        TestServer.await(kind.backendType + " restarted", CHANGE_TIMEOUT, () -> {
            List<AuxChild> now = children(ps(server), kind);
            assertThat(now).as("never two %s children", kind.backendType).hasSizeLessThanOrEqualTo(1);
            return now.size() == 1 && now.getFirst().pid() != oldPid;
        });
        server.awaitLog("LOG:  restarting " + kind.processName + " (PID " + oldPid + ") on operator request",
                CHANGE_TIMEOUT);
    }

    /** Waits until the kind's one child runs from {@code bundle}; at no sample are there two of the kind. */
    private static void awaitOnlyChildFrom(TestServer server, Kind kind, String bundle) {
        TestServer.await(kind.backendType + " from " + bundle, CHANGE_TIMEOUT, () -> {
            List<AuxChild> now = children(ps(server), kind);
            assertThat(now).as("never two %s children", kind.backendType).hasSizeLessThanOrEqualTo(1);
            return now.size() == 1 && now.getFirst().bundle().equals(bundle);
        });
    }

    /**
     * A copy of an auxiliary bundle's jar with Bundle-Version replaced, written into {@code staging} (the caller
     * moves it into deploy/ atomically, so FileInstall never sees a half-written jar).
     */
    static Path newVersionOf(Path jar, String version, Path staging) throws IOException {
        Path out = staging.resolve(jar.getFileName().toString().replace(".jar", "-" + version + ".jar"));
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream file = Files.newOutputStream(out);
                 JarOutputStream target = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    target.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(target);
                    }
                    target.closeEntry();
                }
            }
        }
        return out;
    }

    private static final Pattern AUX_ROW = Pattern.compile(
            "^\\s*(\\d+)\\s{2}(checkpointer|walwriter|background writer|autovacuum launcher)\\s+running\\s.*\\s(osgres\\.\\S+ \\S+)\\s*$");

    /** The kind's rows of osgres:ps. */
    private static List<AuxChild> children(String ps, Kind kind) {
        List<AuxChild> out = new ArrayList<>();
        for (String line : ps.split("\n")) {
            Matcher m = AUX_ROW.matcher(line);
            if (m.matches() && m.group(2).equals(kind.backendType)) {
                out.add(new AuxChild(Integer.parseInt(m.group(1)), m.group(3)));
            }
        }
        return out;
    }

    private static String ps(TestServer server) {
        Cli.Result ps = shell(server, "osgres:ps");
        assertThat(ps.exitCode()).as(ps.all()).isZero();
        return ps.stdout();
    }

    private static Cli.Result shell(TestServer server, String command) {
        return Cli.run(Duration.ofSeconds(60), TestServer.osgres(), "shell", "-D", server.dataDir.toString(), "-c",
                command);
    }

    private static long count(TestServer server, String table) {
        return Long.parseLong(psql(server, "select count(*) from " + table));
    }

    private static long sum(TestServer server, String column, String table) {
        String value = psql(server, "select sum(" + column + ") from " + table);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static String psql(TestServer server, String sql) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(120), "127.0.0.1", server.port, sql);
        assertThat(r.exitCode()).as("psql %s: %s", sql, r.all()).isZero();
        return r.stdout().trim();
    }

    private static long processed(Cli.Result run) {
        Matcher m = PROCESSED.matcher(run.stdout());
        assertThat(m.find()).as("processed line in %s", run.stdout()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
