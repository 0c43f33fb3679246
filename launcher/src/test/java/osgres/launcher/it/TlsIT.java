package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS as PostgreSQL 15 serves it (issue 11, acceptance 2 and the TLS half of 5): {@code ssl = on} with a test CA,
 * server and client certificates that {@code openssl} makes in a temp directory; psql and pgJDBC with
 * {@code sslmode=verify-full}; {@code pg_stat_ssl}; {@code hostssl ... cert} and {@code hostnossl}; SSLRequest
 * answered {@code N} with {@code ssl = off}; garbage after {@code S} closing that connection only; new files
 * picked up on reload and a broken one keeping the old context; a key file readable by others refusing to start.
 */
class TlsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int SSL_REQUEST_CODE = 80877103;
    private static Path certs;

    @BeforeAll
    static void makeCertificates() throws IOException {
        certs = Files.createTempDirectory(Path.of("/tmp"), "osgres-tls-");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days",
                "3650", "-subj", "/CN=osgres test CA");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        // the server's key as "BEGIN RSA PRIVATE KEY" (PKCS#1), the second server's as "BEGIN EC PRIVATE KEY"
        signed("server", "/CN=localhost", "rsa:2048", true);
        openssl("rsa", "-in", "server.key", "-out", "server-pkcs1.key", "-traditional");
        signed("server2", "/CN=localhost", "ec", true);
        openssl("ec", "-in", "server2.key", "-out", "server2-sec1.key");
        openssl("pkcs8", "-topk8", "-in", "server.key", "-out", "server-encrypted.key", "-passout", "pass:sekrit");
        openssl("rsa", "-in", "server.key", "-out", "server-encrypted-pkcs1.key", "-aes256", "-traditional",
                "-passout", "pass:sekrit");
        signed("postgres", "/CN=postgres", "rsa:2048", false);
        signed("mallory", "/CN=mallory", "rsa:2048", false);
        for (String key : List.of("postgres.key", "mallory.key")) {
            Files.setPosixFilePermissions(certs.resolve(key), PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(certs.resolve("server-pkcs1.key"))).startsWith("-----BEGIN RSA PRIVATE KEY");
        assertThat(Files.readString(certs.resolve("server2-sec1.key"))).startsWith("-----BEGIN EC PRIVATE KEY");
    }

    @AfterAll
    static void removeCertificates() {
        TestServer.deleteTree(certs);
    }

    @Test
    void psqlAndJdbcConnectWithVerifyFullAndPgStatSslShowsTheSession() throws Exception {
        try (TestServer server = tlsServer("server-pkcs1.key").start()) {
            Cli.Result psql = psql(server, "host=localhost sslmode=verify-full sslrootcert=" + certs.resolve("ca.crt"),
                    "select ssl, version, bits from pg_stat_ssl where pid = pg_backend_pid()");
            assertThat(psql.all()).isEqualTo("t|TLSv1.3|256\n");

            Properties props = new Properties();
            props.setProperty("user", "postgres");
            props.setProperty("ssl", "true");
            props.setProperty("sslmode", "verify-full");
            props.setProperty("sslrootcert", certs.resolve("ca.crt").toString());
            props.setProperty("sslcert", certs.resolve("none.crt").toString());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port
                    + "/postgres", props)) {
                assertThat(Jdbc.selectString(c, "select version from pg_stat_ssl where pid = pg_backend_pid()"))
                        .isEqualTo("TLSv1.3");
            }
            Cli.Result socket = Cli.psql(TIMEOUT, server.socketDir.toString(), server.port,
                    "select ssl from pg_stat_ssl where pid = pg_backend_pid()");
            assertThat(socket.all()).as("a Unix socket never uses TLS").isEqualTo("f\n");
        }
    }

    @Test
    void certMethodAdmitsTheMatchingCommonNameOnly() throws Exception {
        try (TestServer server = tlsServer("server.key")) {
            writeHba(server, "local all all trust", "hostssl all postgres 127.0.0.1/32 cert");
            server.start();
            String base = "host=127.0.0.1 sslmode=require ";
            Cli.Result right = psql(server, base + "sslcert=" + certs.resolve("postgres.crt") + " sslkey="
                    + certs.resolve("postgres.key"), "select client_dn from pg_stat_ssl where pid = pg_backend_pid()");
            assertThat(right.all()).isEqualTo("/CN=postgres\n");

            Cli.Result wrong = psql(server, base + "sslcert=" + certs.resolve("mallory.crt") + " sslkey="
                    + certs.resolve("mallory.key"), "select 1");
            assertThat(wrong.stderr()).contains("FATAL:  certificate authentication failed for user \"postgres\"");
            assertThat(server.log()).contains(
                    "LOG:  provided user name (postgres) and authenticated user name (mallory) do not match");

            Cli.Result none = psql(server, base + "sslcert=" + certs.resolve("none.crt"), "select 1");
            assertThat(none.stderr()).contains("FATAL:  connection requires a valid client certificate");

            Cli.Result plain = psql(server, "host=127.0.0.1 sslmode=disable", "select 1");
            assertThat(plain.stderr()).contains("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user "
                    + "\"postgres\", database \"postgres\", no encryption");
        }
    }

    @Test
    void scramWithChannelBindingOverTls() throws Exception {
        try (TestServer server = tlsServer("server.key")) {
            writeHba(server, "local all all trust", "hostssl all u 127.0.0.1/32 scram-sha-256",
                    "hostnossl all u 127.0.0.1/32 scram-sha-256");
            server.start();
            Cli.Result create = Cli.psql(TIMEOUT, server.socketDir.toString(), server.port,
                    "create role u login password 'secret'");
            assertThat(create.exitCode()).as(create.all()).isZero();
            String tls = "host=127.0.0.1 user=u sslmode=require channel_binding=require";
            Cli.Result bound = psqlAs(server, tls, "secret",
                    "select current_user, ssl from pg_stat_ssl where pid = pg_backend_pid()");
            assertThat(bound.all()).isEqualTo("u|t\n");
            Properties props = new Properties();
            props.setProperty("user", "u");
            props.setProperty("password", "secret");
            props.setProperty("sslmode", "require");
            props.setProperty("channelBinding", "require");
            props.setProperty("sslcert", certs.resolve("none.crt").toString());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port
                    + "/postgres", props)) {
                assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("u");
            }
            Cli.Result wrong = psqlAs(server, tls, "wrong", "select 1");
            assertThat(wrong.stderr()).contains("FATAL:  password authentication failed for user \"u\"");
            Cli.Result plain = psqlAs(server, "host=127.0.0.1 user=u sslmode=disable channel_binding=require",
                    "secret", "select 1");
            // libpq's own refusal (its wording depends on the libpq version)
            assertThat(plain.exitCode()).isEqualTo(2);
            assertThat(plain.stderr()).contains("channel binding required, but ");
            assertThat(psqlAs(server, "host=127.0.0.1 user=u sslmode=disable", "secret", "select 2").all())
                    .isEqualTo("2\n");
        }
    }

    @Test
    void hostnosslMatchesPlainConnectionsOnly() {
        try (TestServer server = tlsServer("server.key")) {
            writeHba(server, "local all all trust", "hostnossl all all 127.0.0.1/32 trust");
            server.start();
            assertThat(psql(server, "host=127.0.0.1 sslmode=disable", "select 1").all()).isEqualTo("1\n");
            Cli.Result ssl = psql(server, "host=127.0.0.1 sslmode=require", "select 1");
            assertThat(ssl.stderr()).contains("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user "
                    + "\"postgres\", database \"postgres\", SSL encryption");
        }
    }

    @Test
    void sslOffAnswersNAndRequireFails() {
        try (TestServer server = TestServer.create().start()) {
            Cli.Result require = psql(server, "host=127.0.0.1 sslmode=require", "select 1");
            assertThat(require.stderr()).contains("server does not support SSL, but SSL was required");
            assertThat(psql(server, "host=127.0.0.1 sslmode=prefer", "select 1").all()).isEqualTo("1\n");
        }
    }

    @Test
    void garbageAfterTheSslAnswerClosesThatConnectionOnly() throws Exception {
        try (TestServer server = tlsServer("server.key").start()) {
            byte[] startup = startupMessage();
            try (Socket socket = sslRequest(server)) {
                socket.getOutputStream().write(startup);
                assertClosed(socket);
            }
            server.awaitLog("LOG:  could not accept SSL connection: wrong version number", TIMEOUT);
            try (Socket socket = sslRequest(server)) {
                byte[] random = new byte[300];
                new SecureRandom().nextBytes(random);
                random[0] = (byte) 0x99; // no TLS record type: refused at once, as OpenSSL does
                socket.getOutputStream().write(random);
                assertClosed(socket);
            }
            try (Socket socket = sslRequest(server)) {
                socket.shutdownOutput();
                assertClosed(socket);
            }
            server.awaitLog("LOG:  could not accept SSL connection: EOF detected", TIMEOUT);
            assertThat(psql(server, "host=127.0.0.1 sslmode=require", "select 42").all()).isEqualTo("42\n");
            assertThat(server.log()).doesNotContain("Exception").doesNotContain("javax.net");
        }
    }

    @Test
    void protocolRangeRefusesAnOlderClient() {
        try (TestServer server = tlsServer("server.key", "ssl_min_protocol_version = 'TLSv1.3'").start()) {
            Cli.Result old = psql(server, "host=127.0.0.1 sslmode=require ssl_max_protocol_version=TLSv1.2",
                    "select 1");
            assertThat(old.exitCode()).isEqualTo(2);
            server.awaitLog("HINT:  This may indicate that the client does not support any SSL protocol version "
                    + "between TLSv1.3 and TLSv1.3.", TIMEOUT);
            assertThat(psql(server, "host=127.0.0.1 sslmode=require", "select 1").all()).isEqualTo("1\n");
        }
    }

    @Test
    void reloadPicksUpNewFilesAndKeepsTheOldContextWhenOneIsBroken() throws Exception {
        try (TestServer server = tlsServer("server.key").start()) {
            BigInteger first = serialOf("server.crt");
            assertThat(serverCertificate(server).getSerialNumber()).isEqualTo(first);

            Files.writeString(server.dataDir.resolve("server.crt"), "not a certificate\n");
            server.signal("HUP");
            server.awaitLog("LOG:  SSL configuration was not reloaded", TIMEOUT);
            assertThat(server.log()).contains(
                    "LOG:  could not load server certificate file \"server.crt\": no start line");
            assertThat(serverCertificate(server).getSerialNumber()).isEqualTo(first);

            copyKey("server2-sec1.key", server.dataDir.resolve("server.key"));
            Files.copy(certs.resolve("server2.crt"), server.dataDir.resolve("server.crt"),
                    StandardCopyOption.REPLACE_EXISTING);
            TestServer.handOver(server.root);
            server.signal("HUP");
            BigInteger second = serialOf("server2.crt");
            TestServer.await("the new certificate served", TIMEOUT, () -> {
                try {
                    return serverCertificate(server).getSerialNumber().equals(second);
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(psql(server, "host=localhost sslmode=verify-full sslrootcert=" + certs.resolve("ca.crt"),
                    "select 1").all()).isEqualTo("1\n");
        }
    }

    @Test
    void encryptedKeyTakesItsPassphraseFromTheCommand() throws Exception {
        try (TestServer server = tlsServer("server-encrypted.key", "ssl_passphrase_command = 'echo sekrit'").start()) {
            assertThat(psql(server, "host=localhost sslmode=verify-full sslrootcert=" + certs.resolve("ca.crt"),
                    "select ssl from pg_stat_ssl where pid = pg_backend_pid()").all()).isEqualTo("t\n");
            copyKey("server-encrypted-pkcs1.key", server.dataDir.resolve("server.key"));
            TestServer.handOver(server.root);
            server.signal("HUP");
            server.awaitLog("LOG:  private key file \"server.key\" cannot be reloaded because it requires a passphrase",
                    TIMEOUT);
            server.appendConfig("ssl_passphrase_command_supports_reload = on",
                    "ssl_passphrase_command = 'echo wrong; exit 3'");
            server.signal("HUP");
            server.awaitLog("LOG:  command \"echo wrong; exit 3\" failed", TIMEOUT);
            server.awaitLog("DETAIL:  child process exited with exit code 3", TIMEOUT);
            server.appendConfig("ssl_passphrase_command = 'echo sekrit'");
            server.signal("HUP");
            server.awaitLog("LOG:  parameter \"ssl_passphrase_command\" changed to \"echo sekrit\"", TIMEOUT);
            assertThat(psql(server, "host=127.0.0.1 sslmode=require", "select 1").all()).isEqualTo("1\n");
        }
    }

    @Test
    void keyFileReadableByOthersIsFatalAtStart() throws Exception {
        try (TestServer server = tlsServer("server.key")) {
            Files.setPosixFilePermissions(server.dataDir.resolve("server.key"),
                    PosixFilePermissions.fromString("rw-r--r--"));
            server.launch();
            TestServer.await("the server to exit", Duration.ofSeconds(60),
                    () -> server.log().contains("FATAL:  private key file \"server.key\" has group or world access"));
            assertThat(server.log()).contains("DETAIL:  File must have permissions u=rw (0600) or less if owned by "
                    + "the database user, or permissions u=rw,g=r (0640) or less if owned by root.");
            TestServer.await("the postmaster to be gone", Duration.ofSeconds(60),
                    () -> Cli.pgIsReady("127.0.0.1", server.port).exitCode() == 2);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A server with ssl = on, the test CA as ssl_ca_file and the given key file as server.key (mode 0600). */
    private static TestServer tlsServer(String keyFile, String... extraConfig) {
        List<String> config = new ArrayList<>(List.of("ssl = on", "ssl_ca_file = 'ca.crt'"));
        config.addAll(List.of(extraConfig));
        TestServer server = TestServer.create(config.toArray(String[]::new));
        try {
            Files.copy(certs.resolve("server.crt"), server.dataDir.resolve("server.crt"));
            Files.copy(certs.resolve("ca.crt"), server.dataDir.resolve("ca.crt"));
            copyKey(keyFile, server.dataDir.resolve("server.key"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return server;
    }

    private static void copyKey(String name, Path target) throws IOException {
        Files.copy(certs.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }

    private static void writeHba(TestServer server, String... lines) {
        try {
            Files.writeString(server.dataDir.resolve("pg_hba.conf"), String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** psql -X -A -t with a connection string (user postgres, database postgres, the server's port). */
    private static Cli.Result psql(TestServer server, String conninfo, String sql) {
        String full = conninfo + " port=" + server.port + " user=postgres dbname=postgres connect_timeout=10";
        return Cli.run(TIMEOUT, Map.of("PGSSLCERT", certs.resolve("none.crt").toString()),
                List.of(Cli.tool("psql"), "-X", "-A", "-t", "-d", full, "-c", sql));
    }

    /** psql with a connection string that names its user, and a password. */
    private static Cli.Result psqlAs(TestServer server, String conninfo, String password, String sql) {
        String full = conninfo + " port=" + server.port + " dbname=postgres connect_timeout=10";
        return Cli.run(TIMEOUT, Map.of("PGSSLCERT", certs.resolve("none.crt").toString(), "PGPASSWORD", password),
                List.of(Cli.tool("psql"), "-X", "-A", "-t", "-d", full, "-c", sql));
    }

    /** A TCP socket that sent SSLRequest and read the server's {@code S}. */
    private static Socket sslRequest(TestServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(ByteBuffer.allocate(8).putInt(8).putInt(SSL_REQUEST_CODE).array());
        out.flush();
        assertThat(socket.getInputStream().read()).isEqualTo('S');
        return socket;
    }

    /** The server closes the connection: end of input, or a reset, before the deadline. */
    private static void assertClosed(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // a TLS alert may come first
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).doesNotContain("timed out");
        }
    }

    private static byte[] startupMessage() {
        byte[] body = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(196608).put(body).array();
    }

    /** The certificate the server presents, read with a JSSE client after a hand-written SSLRequest. */
    private static X509Certificate serverCertificate(TestServer server) throws IOException {
        Socket plain = sslRequest(server);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", readCertificate("ca.crt"));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost",
                    server.port, true)) {
                tls.startHandshake();
                return (X509Certificate) tls.getSession().getPeerCertificates()[0];
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        } finally {
            plain.close();
        }
    }

    private static BigInteger serialOf(String file) throws IOException {
        return readCertificate(file).getSerialNumber();
    }

    private static X509Certificate readCertificate(String file) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(certs.resolve(file))));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }

    /** A key and a certificate signed by the test CA; server certificates name localhost and 127.0.0.1. */
    private static void signed(String name, String subject, String keyType, boolean server) {
        if (keyType.equals("ec")) {
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    name + ".key", "-out", name + ".csr", "-subj", subject);
        } else {
            openssl("req", "-newkey", keyType, "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                    subject);
        }
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey",
                "ca.key", "-CAcreateserial", "-out", name + ".crt", "-days", "3650"));
        if (server) {
            sign.addAll(List.of("-extfile", "san.ext"));
        }
        openssl(sign.toArray(String[]::new));
    }

    /** {@code openssl ARGS...} in the certificate directory. */
    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec openssl \"$@\"",
                certs.toString()));
        command.addAll(List.of(args));
        Cli.Result r = Cli.run(TIMEOUT, Map.of(), command);
        assertThat(r.exitCode()).as("openssl %s: %s", String.join(" ", args), r.all()).isZero();
    }
}
