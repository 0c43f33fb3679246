package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One osgres server of the real distribution ({@code launcher/target/osgres}) in a temp data directory on a
 * free loopback port, with its Unix socket in a temp directory. Started in the foreground as {@code postgres}
 * would be ({@code bin/osgres -D DIR}), its log captured to a file. Waits are on conditions with deadlines.
 */
final class TestServer implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Path DIST = Path.of(System.getProperty("osgres.dist", "target/osgres")).toAbsolutePath();

    final Path root;
    final Path dataDir;
    final Path socketDir;
    final Path logFile;
    final int port;
    private Process process;
    /** bin/osgres of this server's own distribution ({@link #withOwnDistribution}), or null for the shared one. */
    private String launcher;

    private TestServer(Path root, int port) {
        this.root = root;
        this.dataDir = root.resolve("data");
        this.socketDir = root.resolve("sock");
        this.logFile = root.resolve("server.log");
        this.port = port;
    }

    /** initdb into a new temp directory and set port, sockets and listen address in postgresql.conf. */
    static TestServer create(String... extraConfigLines) {
        try {
            return createIn(Files.createTempDirectory(Path.of("/tmp"), "osgres-it-"), extraConfigLines);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Like {@link #create(String...)} in a directory the test prepared: the data directory is {@code root/data},
     * which may already exist if it is empty (a mount point).
     */
    static TestServer createIn(Path root, String... extraConfigLines) {
        try {
            TestServer server = new TestServer(root, freePort());
            Files.createDirectories(server.socketDir);
            handOver(root);
            Cli.Result initdb = Cli.run(Duration.ofSeconds(60), java.util.Map.of(), asServerUser(osgresForServerUser(),
                    "initdb", "-D", server.dataDir.toString(), "-U", "postgres"));
            assertThat(initdb.exitCode()).as("initdb: %s", initdb.all()).isZero();
            List<String> conf = new ArrayList<>(List.of("", "# test settings",
                    "port = " + server.port, "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + server.socketDir + "'"));
            conf.addAll(List.of(extraConfigLines));
            server.appendConfig(conf.toArray(String[]::new));
            return server;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A server over a data directory something else made (pg_basebackup into {@code root/data}): a free port, its
     * sockets under {@code root/sock}, both appended to its postgresql.auto.conf; the directory's mode set to 0700.
     */
    static TestServer adopt(Path root) {
        try {
            TestServer server = new TestServer(root, freePort());
            Files.createDirectories(server.socketDir);
            Files.createDirectories(server.dataDir);
            Files.setPosixFilePermissions(server.dataDir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            // in postgresql.auto.conf, which pg_verifybackup leaves out of its checks (pg_basebackup -R writes there)
            Files.writeString(server.dataDir.resolve("postgresql.auto.conf"), String.join("\n", "",
                    "port = " + server.port, "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + server.socketDir + "'") + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            handOver(root);
            return server;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String osgres() {
        return DIST.resolve("bin/osgres").toString();
    }

    private static String distributionForServerUser;

    /**
     * {@code command} as the unprivileged test user when the tests run as root (CI does): the server refuses root,
     * as postgres does. setpriv execs rather than forks (runuser forks), so a started server's pid is the
     * Process's pid, which the tests signal.
     */
    static List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (Cli.runningAsRoot()) {
            Cli.ensureTestUser();
            full.addAll(List.of("setpriv", "--reuid=" + Cli.TEST_USER, "--regid=" + Cli.TEST_USER, "--init-groups",
                    "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /**
     * Gives the test user everything under {@code root} (data directory, sockets, whatever the test put there
     * as root), so the server running as that user can use it; nothing to do when not root.
     */
    static void handOver(Path root) {
        Cli.chownToTestUser(root);
    }

    /**
     * bin/osgres as the unprivileged server user can run it. When the tests run as root, the checkout may sit where
     * that user cannot read (a clone under /root), so the distribution is copied once to a world-readable temp
     * directory.
     */
    static synchronized String osgresForServerUser() {
        if (!Cli.runningAsRoot()) {
            return osgres();
        }
        if (distributionForServerUser == null) {
            try {
                Path copy = Files.createTempDirectory(Path.of("/tmp"), "osgres-it-dist-");
                Cli.Result cp = Cli.run(Duration.ofSeconds(60), "cp", "-a", DIST.toString() + "/.", copy.toString());
                assertThat(cp.exitCode()).as("copy distribution: %s", cp.all()).isZero();
                Cli.Result chmod = Cli.run(Duration.ofSeconds(60), "chmod", "-R", "a+rX", copy.toString());
                assertThat(chmod.exitCode()).as("chmod distribution: %s", chmod.all()).isZero();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copy)));
                distributionForServerUser = copy.resolve("bin/osgres").toString();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return distributionForServerUser;
    }

    /**
     * Runs this server from a private copy of the distribution under its root ({@code root/dist}), so a test may
     * add and remove jars in {@link #deployDir()} without touching the distribution other tests use.
     */
    TestServer withOwnDistribution() {
        Path copy = root.resolve("dist");
        Cli.Result cp = Cli.run(Duration.ofSeconds(60), "cp", "-a", DIST.toString(), copy.toString());
        assertThat(cp.exitCode()).as("copy distribution: %s", cp.all()).isZero();
        launcher = copy.resolve("bin/osgres").toString();
        return this;
    }

    /** The deploy/ directory FileInstall watches for this server. */
    Path deployDir() {
        return Path.of(launcher != null ? launcher : osgres()).getParent().getParent().resolve("deploy");
    }

    static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getByName("127.0.0.1"))) {
                return candidate;
            } catch (IOException busy) {
                // try another port
            }
        }
        throw new AssertionError("no free port found");
    }

    void appendConfig(String... lines) {
        try {
            Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n", lines) + "\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Starts {@code bin/osgres -D DIR extraArgs...} in the foreground and waits until it is ready. */
    TestServer start(String... extraArgs) {
        process = launch(extraArgs);
        waitReady();
        return this;
    }

    /** Starts without waiting (for tests that expect the start to fail). */
    Process launch(String... extraArgs) {
        handOver(root);
        String bin = launcher != null ? launcher : osgresForServerUser();
        List<String> command = new ArrayList<>(asServerUser(bin, "-D", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    void waitReady() {
        await("server ready (postmaster.pid status \"ready   \")", START_TIMEOUT, () -> {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ":\n" + log());
            }
            return "ready   ".equals(pidFileLine(8));
        });
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9} of the server JVM (a crash of the whole server, not of one child) and wait for it. */
    void crash() {
        signal("KILL");
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * Starts the server again on the same data directory after it exited (cleanly or by {@link #crash()}) and
     * waits until the new process is ready: a crashed server leaves a stale postmaster.pid saying "ready", so
     * readiness counts only once that file names the new pid.
     */
    TestServer restart(String... extraArgs) {
        process = launch(extraArgs);
        String newPid = Long.toString(process.pid());
        await("restarted server ready (postmaster.pid of pid " + newPid + ")", START_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ":\n" + log());
            }
            return newPid.equals(pidFileLine(1)) && "ready   ".equals(pidFileLine(8));
        });
        return this;
    }

    Process process() {
        return process;
    }

    String pidFileLine(int number) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.size() >= number ? lines.get(number - 1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    void awaitLog(String text, Duration timeout) {
        await("log line containing \"" + text + "\"", timeout, () -> log().contains(text));
    }

    void signal(String signal) {
        Cli.Result r = Cli.run(Duration.ofSeconds(10), "kill", "-" + signal, Long.toString(process.pid()));
        assertThat(r.exitCode()).as("kill -%s: %s", signal, r.all()).isZero();
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("server did not exit within " + timeout + "\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            Cli.run(Duration.ofSeconds(10), "kill", "-QUIT", Long.toString(process.pid()));
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(root);
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort for temp directories
        }
    }
}
