package osgres.walreceiver.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 primary for the walreceiver's tests: initdb with {@code --auth-host=scram-sha-256}
 * ({@code local} stays trust), {@code wal_level=replica}, a {@code host replication} md5 line for the role
 * {@code md5rep} ahead of the default scram lines, TLS with a self-signed certificate, listening on 127.0.0.1 and
 * a socket in its own temp directory on a free port of 56100-56199. Commands run as the unprivileged
 * {@code osgrestest} user when the tests run as root (PostgreSQL refuses root), as the launcher's ITs do.
 */
final class ReferencePrimary implements AutoCloseable {
    static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String TEST_USER = "osgrestest";

    final Path root;
    final Path data;
    final int port;

    private ReferencePrimary(Path root, int port) {
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(PG_BIN.resolve("postgres"));
    }

    static ReferencePrimary start() throws IOException {
        Path root = Files.createTempDirectory("osgres-walreceiver-primary");
        ReferencePrimary pg = new ReferencePrimary(root, freePort());
        if (runningAsRoot()) {
            run(List.of("id", "-u", TEST_USER), 10);
            run(List.of("chown", "-R", TEST_USER + ":" + TEST_USER, root.toString()), 30);
        }
        pg.asServerUser(List.of(PG_BIN.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), 120);
        // a self-signed certificate: sslmode prefer (libpq's default) and require then encrypt
        pg.asServerUser(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                pg.data.resolve("server.key").toString(), "-out", pg.data.resolve("server.crt").toString(), "-days",
                "2", "-subj", "/CN=localhost"), 60);
        Path hba = pg.data.resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        Files.writeString(hba, "host replication md5rep 127.0.0.1/32 md5\n" + rules);
        Files.writeString(pg.data.resolve("postgresql.conf"), String.join("\n", "port = " + pg.port,
                "listen_addresses = '127.0.0.1'", "unix_socket_directories = '" + root + "'", "wal_level = replica",
                "max_wal_senders = 10", "fsync = off", "ssl = on", "") , StandardOpenOption.APPEND);
        pg.startServer();
        pg.psql("CREATE ROLE rep LOGIN REPLICATION PASSWORD 'secret'; SET password_encryption = 'md5'; "
                + "CREATE ROLE md5rep LOGIN REPLICATION PASSWORD 'md5secret'");
        return pg;
    }

    void startServer() {
        asServerUser(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                root.resolve("log").toString(), "-w", "-t", "60", "start"), 90);
    }

    void stopServer(String mode) {
        asServerUser(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t",
                "60", "stop"), 90);
    }

    /** psql -X -A -t as postgres over the Unix socket; returns stdout trimmed. */
    String psql(String sql) {
        return asServerUser(List.of(PG_BIN.resolve("psql").toString(), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", root.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres", "-c", sql),
                60).trim();
    }

    @Override
    public void close() throws IOException {
        try {
            asServerUser(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                    "-w", "stop"), 60);
        } catch (AssertionError alreadyStopped) {
            // stopped by the test
        }
        run(List.of("rm", "-rf", root.toString()), 60);
    }

    private String asServerUser(List<String> command, int seconds) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("runuser", "-u", TEST_USER, "--"));
        }
        full.addAll(command);
        return run(full, seconds);
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String run(List<String> command, int seconds) {
        try {
            Path out = Files.createTempFile("walreceiver-test", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int freePort() {
        for (int candidate = 56100; candidate < 56200; candidate++) {
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getByName("127.0.0.1"))) {
                return candidate;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new AssertionError("no free port in 56100-56199");
    }
}
