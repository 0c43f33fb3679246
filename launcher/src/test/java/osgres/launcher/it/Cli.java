package osgres.launcher.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real PostgreSQL client tools (psql, pg_isready, pg_ctl, pgbench) with a deadline and captures what
 * they print. Commands that PostgreSQL refuses to run as root (pg_ctl) go through {@code runuser} to an
 * unprivileged test user when the tests run as root, as they do in CI.
 */
final class Cli {
    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String TEST_USER = "osgrestest";

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    private Cli() {
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), List.of(command));
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("osgres-it-out", ".txt");
            Path err = Files.createTempFile("osgres-it-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                            "/dev/null")));
            builder.environment().putAll(env);
            builder.environment().remove("PGDATA");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("command did not finish within " + timeout + ": " + command
                        + "\nstdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** A PostgreSQL tool from /usr/lib/postgresql/15/bin (psql, pg_isready, pgbench...). */
    static String tool(String name) {
        Path p = PG_BIN.resolve(name);
        return Files.isExecutable(p) ? p.toString() : name;
    }

    /** Runs a command as the unprivileged test user when we are root (pg_ctl refuses root). */
    static Result runAsServerUser(Duration timeout, List<String> command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            ensureTestUser();
            full.addAll(List.of("runuser", "-u", TEST_USER, "--"));
        }
        full.addAll(command);
        return run(timeout, Map.of(), full);
    }

    static synchronized void ensureTestUser() {
        Result id = run(Duration.ofSeconds(10), "id", "-u", TEST_USER);
        if (id.exitCode() != 0) {
            Result add = run(Duration.ofSeconds(30), "useradd", "-m", TEST_USER);
            if (add.exitCode() != 0 && !add.stderr().contains("already exists")) {
                throw new AssertionError("could not create test user: " + add.all());
            }
        }
    }

    static void chownToTestUser(Path... paths) {
        if (!runningAsRoot()) {
            return;
        }
        ensureTestUser();
        for (Path p : paths) {
            Result r = run(Duration.ofSeconds(30), "chown", "-R", TEST_USER + ":" + TEST_USER, p.toString());
            if (r.exitCode() != 0) {
                throw new AssertionError("chown failed: " + r.all());
            }
        }
    }

    static Result psql(Duration timeout, String host, int port, String sql) {
        return psql(timeout, Map.of(), "postgres", host, port, sql);
    }

    /** psql as {@code user}, with extra environment ({@code PGOPTIONS} for session settings). */
    static Result psql(Duration timeout, Map<String, String> env, String user, String host, int port, String sql) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("PGCONNECT_TIMEOUT", "10");
        return run(timeout, all, List.of(tool("psql"), "-X", "-A", "-t", "-h", host, "-p", Integer.toString(port),
                "-U", user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql));
    }

    /** {@code pgbench -h 127.0.0.1 -p PORT -U postgres ARGS... postgres} (as root: pgbench does not mind). */
    static Result pgbench(Duration timeout, int port, String... args) {
        List<String> command = new ArrayList<>(List.of(tool("pgbench"), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "postgres"));
        command.addAll(List.of(args));
        command.add("postgres");
        return run(timeout, Map.of("PGCONNECT_TIMEOUT", "10"), command);
    }

    static Result pgIsReady(String host, int port) {
        return run(Duration.ofSeconds(30), tool("pg_isready"), "-h", host, "-p", Integer.toString(port), "-t", "5");
    }
}
