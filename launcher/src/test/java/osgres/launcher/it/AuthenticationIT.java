package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password and peer authentication per pg_hba.conf line, driven by psql and pgJDBC as a user would (issue 11,
 * acceptance 1): scram-sha-256 and md5 (which answers SCRAM for a SCRAM secret) accept the right password and fail
 * with 28P01 {@code password authentication failed for user "%s"} for a wrong one and for an unknown user alike,
 * the reason going to the server log only; {@code password} sends the password in clear; {@code reject} and a
 * missing line are 28000 with PostgreSQL's text; {@code peer} admits the socket's OS user only. Passwords are set
 * with CREATE ROLE, ALTER USER and psql's {@code \password} (which sends a SCRAM secret it computed).
 */
class AuthenticationIT {
    private static final String OS_USER = System.getProperty("user.name");
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.create("password_encryption = 'scram-sha-256'", "log_connections = on");
        Files.writeString(server.dataDir.resolve("pg_hba.conf"), String.join("\n",
                "local all postgres trust",
                "local all all peer",
                "host all postgres 127.0.0.1/32 trust",
                "host all scram_user,nosuch_user 127.0.0.1/32 scram-sha-256",
                "host all md5_user,scram_via_md5 127.0.0.1/32 md5",
                "host all plain_user 127.0.0.1/32 password",
                "host all banned_user 127.0.0.1/32 reject",
                "host samerole all 127.0.0.1/32 trust",
                "host all +hba_group 127.0.0.1/32 password",
                ""));
        server.start();
        psqlOk("postgres", null, "create role scram_user login password 'right pw'");
        psqlOk("postgres", null, "set password_encryption = 'md5'; create role md5_user login password 'md5 pw'");
        psqlOk("postgres", null, "create role scram_via_md5 login password 'via pw'");
        psqlOk("postgres", null, "create role plain_user login; alter user plain_user password 'plain pw'");
        psqlOk("postgres", null, "create role banned_user login password 'x'; create role nohba_user login");
        psqlOk("postgres", null, "create role \"" + OS_USER + "\" login");
        psqlOk("postgres", null, "create role hba_group; create role hba_member login password 'member pw' in role"
                + " hba_group; create role hba_outsider login password 'x'; create database hba_group");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Cli.Result psqlAs(String user, String password, String sql) {
        Map<String, String> env = password == null ? Map.of() : Map.of("PGPASSWORD", password);
        return Cli.psql(Duration.ofSeconds(60), env, user, "127.0.0.1", server.port, sql);
    }

    private static void psqlOk(String user, String password, String sql) {
        Cli.Result r = psqlAs(user, password, sql);
        assertThat(r.exitCode()).as(r.all()).isZero();
    }

    private static Connection jdbcAs(String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "20");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port + "/postgres", props);
    }

    private static void assertJdbcFails(String user, String password, String sqlState, String message) {
        assertThatThrownBy(() -> jdbcAs(user, password).close()).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void scramAcceptsTheRightPasswordAndRefusesWrongPasswordAndUnknownUserAlike() throws SQLException {
        Cli.Result ok = psqlAs("scram_user", "right pw", "select current_user");
        assertThat(ok.stdout().strip()).as(ok.all()).isEqualTo("scram_user");
        Cli.Result wrong = psqlAs("scram_user", "wrong pw", "select 1");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("FATAL:  password authentication failed for user \"scram_user\"")
                .doesNotContain("DETAIL");
        Cli.Result unknown = psqlAs("nosuch_user", "right pw", "select 1");
        assertThat(unknown.stderr()).contains("FATAL:  password authentication failed for user \"nosuch_user\"")
                .doesNotContain("DETAIL").doesNotContain("does not exist");
        server.awaitLog("DETAIL:  Role \"nosuch_user\" does not exist.", Duration.ofSeconds(30));

        try (Connection c = jdbcAs("scram_user", "right pw")) {
            assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("scram_user");
        }
        server.awaitLog("LOG:  connection authenticated: identity=\"scram_user\" method=scram-sha-256 ("
                + server.dataDir.resolve("pg_hba.conf") + ":4)", Duration.ofSeconds(30));
        assertJdbcFails("scram_user", "wrong pw", "28P01", "password authentication failed for user \"scram_user\"");
        assertJdbcFails("nosuch_user", "wrong pw", "28P01", "password authentication failed for user \"nosuch_user\"");
    }

    @Test
    void md5UsesTheMd5ChallengeForAnMd5SecretAndScramForAScramSecret() throws SQLException {
        Cli.Result secret = psqlAs("postgres", null,
                "select left(rolpassword, 3) from pg_authid where rolname = 'md5_user'");
        assertThat(secret.stdout().strip()).isEqualTo("md5");
        assertThat(psqlAs("md5_user", "md5 pw", "select current_user").stdout().strip()).isEqualTo("md5_user");
        assertThat(psqlAs("md5_user", "bad", "select 1").stderr())
                .contains("FATAL:  password authentication failed for user \"md5_user\"");
        assertThat(psqlAs("scram_via_md5", "via pw", "select current_user").stdout().strip())
                .isEqualTo("scram_via_md5");
        try (Connection c = jdbcAs("md5_user", "md5 pw")) {
            assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("md5_user");
        }
        try (Connection c = jdbcAs("scram_via_md5", "via pw")) {
            assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("scram_via_md5");
        }
        assertJdbcFails("md5_user", "bad", "28P01", "password authentication failed for user \"md5_user\"");
    }

    @Test
    void passwordMethodAndAlterUserPassword() {
        assertThat(psqlAs("plain_user", "plain pw", "select current_user").stdout().strip()).isEqualTo("plain_user");
        assertThat(psqlAs("plain_user", "nope", "select 1").stderr())
                .contains("FATAL:  password authentication failed for user \"plain_user\"");
        server.awaitLog("DETAIL:  Password does not match for user \"plain_user\".", Duration.ofSeconds(30));
    }

    @Test
    void psqlPasswordCommandStoresTheSecretItComputed() {
        psqlOk("postgres", null, "create role backslash_user login");
        // \password reads the new password from the terminal, or from stdin when there is none (setsid)
        Cli.Result set = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), List.of("sh", "-c",
                "printf 'typed pw\\ntyped pw\\n' | setsid " + Cli.tool("psql") + " -X -h 127.0.0.1 -p " + server.port
                        + " -U postgres -d postgres -c '\\password backslash_user'"));
        assertThat(set.exitCode()).as(set.all()).isZero();
        assertThat(psqlAs("postgres", null,
                "select left(rolpassword, 14) from pg_authid where rolname = 'backslash_user'").stdout().strip())
                .isEqualTo("SCRAM-SHA-256$");
        Path hba = server.dataDir.resolve("pg_hba.conf");
        // the role is reachable through a scram line once it is added; a reload picks it up
        appendHba(hba, "host all backslash_user 127.0.0.1/32 scram-sha-256");
        TestServer.await("typed password accepted", Duration.ofSeconds(30),
                () -> psqlAs("backslash_user", "typed pw", "select current_user").stdout().strip()
                        .equals("backslash_user"));
    }

    private static void appendHba(Path hba, String line) {
        try {
            Files.writeString(hba, line + "\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        psqlOk("postgres", null, "select pg_reload_conf()");
    }

    @Test
    void rejectAndMissingLinesAre28000WithPostgresText() {
        Cli.Result rejected = psqlAs("banned_user", "x", "select 1");
        assertThat(rejected.stderr()).contains("FATAL:  pg_hba.conf rejects connection for host \"127.0.0.1\", user "
                + "\"banned_user\", database \"postgres\", no encryption");
        Cli.Result missing = psqlAs("nohba_user", "x", "select 1");
        assertThat(missing.stderr()).contains("FATAL:  no pg_hba.conf entry for host \"127.0.0.1\", user "
                + "\"nohba_user\", database \"postgres\", no encryption");
        assertJdbcFails("banned_user", "x", "28000", "pg_hba.conf rejects connection");
        assertJdbcFails("nohba_user", "x", "28000", "no pg_hba.conf entry for host");
    }

    @Test
    void plusRoleAndSameroleMatchTheMembersOfTheRole() {
        assertThat(psqlAs("hba_member", "member pw", "select current_user").stdout().strip()).isEqualTo("hba_member");
        assertThat(psqlAs("hba_outsider", "x", "select 1").stderr()).contains("FATAL:  no pg_hba.conf entry for host "
                + "\"127.0.0.1\", user \"hba_outsider\", database \"postgres\", no encryption");
        // samerole: the database named like a role the user is a member of, without a password
        Cli.Result same = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"),
                "-X", "-A", "-t", "-w", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "hba_member",
                "-d", "hba_group", "-c", "select current_database()"));
        assertThat(same.stdout().strip()).as(same.all()).isEqualTo("hba_group");
        Cli.Result notMember = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), List.of(
                Cli.tool("psql"), "-X", "-w", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U",
                "hba_outsider", "-d", "hba_group", "-c", "select 1"));
        assertThat(notMember.stderr()).contains("no pg_hba.conf entry for host \"127.0.0.1\", user \"hba_outsider\","
                + " database \"hba_group\"");
    }

    @Test
    void peerAdmitsTheSocketsOsUserOnly() {
        List<String> base = List.of(Cli.tool("psql"), "-X", "-A", "-t", "-h", server.socketDir.toString(), "-p",
                Integer.toString(server.port), "-d", "postgres", "-c", "select current_user");
        List<String> asOsUser = new java.util.ArrayList<>(base);
        asOsUser.addAll(List.of("-U", OS_USER));
        Cli.Result own = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), asOsUser);
        assertThat(own.stdout().strip()).as(own.all()).isEqualTo(OS_USER);
        server.awaitLog("LOG:  connection authenticated: identity=\"" + OS_USER + "\" method=peer ("
                + server.dataDir.resolve("pg_hba.conf") + ":2)", Duration.ofSeconds(30));
        List<String> asOther = new java.util.ArrayList<>(base);
        asOther.addAll(List.of("-U", "scram_user"));
        Cli.Result other = Cli.run(Duration.ofSeconds(60), Map.of("PGCONNECT_TIMEOUT", "10"), asOther);
        assertThat(other.exitCode()).isNotZero();
        assertThat(other.stderr()).contains("FATAL:  Peer authentication failed for user \"scram_user\"");
        server.awaitLog("provided user name (scram_user) and authenticated user name (" + OS_USER + ") do not match",
                Duration.ofSeconds(30));
    }
}
