package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/**
 * Roles are checked at connection start as InitPostgres does, before the database: a user name that is not a
 * role gets FATAL 28000 {@code role "x" does not exist}; a role made with CREATE ROLE ... LOGIN can connect, one
 * without LOGIN cannot, and roles survive a restart (pg_authid is a WAL-logged shared catalog).
 */
class RolesIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void psqlAsAnUnknownRoleGetsRoleDoesNotExist() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), Map.of(), "nosuchrole", "127.0.0.1", server.port, "select 1");
        assertThat(r.exitCode()).as(r.all()).isNotZero();
        assertThat(r.stderr()).contains("FATAL:  role \"nosuchrole\" does not exist");
    }

    @Test
    void theRoleIsCheckedBeforeTheDatabase() {
        Cli.Result r = Cli.run(Duration.ofSeconds(30), Map.of("PGCONNECT_TIMEOUT", "10"), java.util.List.of(
                Cli.tool("psql"), "-X", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "nosuchrole",
                "-d", "nosuchdb", "-c", "select 1"));
        assertThat(r.stderr()).contains("FATAL:  role \"nosuchrole\" does not exist");
    }

    @Test
    void pgJdbcAsAnUnknownRoleGets28000() {
        assertThatThrownBy(() -> connectAs("nosuchrole2"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("role \"nosuchrole2\" does not exist");
                });
        // the server logs the FATAL after sending it: the client may read it first
        server.awaitLog("FATAL:  role \"nosuchrole2\" does not exist", Duration.ofSeconds(30));
    }

    @Test
    void aCreatedLoginRoleConnectsAndIsNotASuperuser() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create user alice_roles");
            Jdbc.execute(c, "create role bob_nologin");
        }
        try (Connection c = connectAs("alice_roles")) {
            assertThat(Jdbc.selectString(c, "select current_user")).isEqualTo("alice_roles");
            assertThat(Jdbc.selectString(c, "show is_superuser")).isEqualTo("off");
            assertThatThrownBy(() -> Jdbc.execute(c, "create role carol_roles"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        assertThatThrownBy(() -> connectAs("bob_nologin"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("role \"bob_nologin\" is not permitted to log in");
                });
        try (Connection c = Jdbc.connect(server)) {
            assertThatThrownBy(() -> Jdbc.execute(c, "create role alice_roles"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42710"));
            Jdbc.execute(c, "drop role bob_nologin");
            assertThatThrownBy(() -> Jdbc.execute(c, "drop role bob_nologin"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42704"));
            assertThatThrownBy(() -> Jdbc.execute(c, "drop role postgres"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("55006"));
        }
    }

    @Test
    void onlyASuperuserCopiesToOrFromAServerFile() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create user erin_copy");
            Jdbc.execute(c, "create table roles_copy (a int)");
            Jdbc.execute(c, "insert into roles_copy values (1), (2)");
            Jdbc.execute(c, "copy roles_copy to '" + server.dataDir.resolve("roles_copy.txt") + "'");
        }
        try (Connection c = connectAs("erin_copy")) {
            String file = server.dataDir.resolve("roles_copy_erin.txt").toString();
            org.postgresql.util.ServerErrorMessage to = JdbcCrudIT.serverError("42501",
                    () -> Jdbc.execute(c, "copy roles_copy to '" + file + "'"));
            assertThat(to.getMessage()).isEqualTo("must be superuser or have privileges of the pg_write_server_files "
                    + "role to COPY to a file");
            assertThat(to.getHint()).isEqualTo("Anyone can COPY to stdout or from stdin. psql's \\copy command also "
                    + "works for anyone.");
            assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(file))).as("nothing written").isFalse();
            org.postgresql.util.ServerErrorMessage from = JdbcCrudIT.serverError("42501", () -> Jdbc.execute(c,
                    "copy roles_copy from '" + server.dataDir.resolve("roles_copy.txt") + "'"));
            assertThat(from.getMessage()).isEqualTo("must be superuser or have privileges of the "
                    + "pg_read_server_files role to COPY from a file");
        }
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "copy roles_copy from '" + server.dataDir.resolve("roles_copy.txt") + "'");
            assertThat(Jdbc.selectInt(c, "select count(*) from roles_copy")).as("read back by the superuser")
                    .isEqualTo(4);
        }
    }

    /**
     * A table's owner is kept: OWNER TO the bootstrap superuser is accepted (a dump restores), OWNER TO another role
     * gives it the table (which it may then write), and a role that does not own a table may not change its owner
     * (42501).
     */
    @Test
    void ownerToAnotherRoleMovesTheTableAndOnlyItsOwnerMayChangeIt() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table owned_t (id int)");
            Jdbc.execute(c, "create table kept_t (id int)");
            Jdbc.execute(c, "create user frank_owner");
            Jdbc.execute(c, "alter table owned_t owner to postgres");
            Jdbc.execute(c, "alter table owned_t owner to frank_owner");
            assertThat(Jdbc.selectString(c, "select pg_get_userbyid(relowner) from pg_class where relname = 'owned_t'"))
                    .isEqualTo("frank_owner");
        }
        try (Connection c = connectAs("frank_owner")) {
            ServerErrorMessage denied = Jdbc.error(c, "alter table kept_t owner to frank_owner");
            assertThat(denied.getSQLState()).isEqualTo("42501");
            assertThat(denied.getMessage()).isEqualTo("must be owner of table kept_t");
            Jdbc.execute(c, "insert into owned_t values (1)");
        }
    }

    @Test
    void rolesSurviveARestart() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create user dave_durable");
        }
        server.signal("INT");
        assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
        server.restart();
        try (Connection c = connectAs("dave_durable")) {
            assertThat(Jdbc.selectString(c, "select session_user")).isEqualTo("dave_durable");
        }
    }

    /**
     * Roles, their attributes and secrets, memberships and ALTER ROLE ... SET are WAL-logged shared catalogs: all
     * of them are back after kill -9 and crash recovery, as they were committed.
     */
    @Test
    void rolesMembershipsAndSettingsSurviveAKill() throws SQLException {
        String query = "select r.rolname, r.rolcreatedb, r.rolconnlimit, left(a.rolpassword, 14), r.rolconfig,"
                + " (select string_agg(g.rolname || ':' || m.admin_option, ',' order by g.rolname)"
                + "  from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid)"
                + " from pg_roles r join pg_authid a on a.oid = r.oid where r.rolname like 'kill\\_%' order by 1";
        java.util.List<String> before;
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create role kill_group");
            Jdbc.execute(c, "create role kill_user login createdb connection limit 4 password 'kept'");
            Jdbc.execute(c, "grant kill_group to kill_user with admin option");
            Jdbc.execute(c, "alter role kill_user set work_mem = '3MB'");
            before = rows(c, query);
        }
        assertThat(before).hasSize(2);
        assertThat(before.get(1)).contains("SCRAM-SHA-256$").contains("work_mem=3MB").contains("kill_group:true");
        server.crash();
        server.restart();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(rows(c, query)).containsExactlyElementsOf(before);
        }
        try (Connection c = connectAs("kill_user")) {
            assertThat(Jdbc.selectString(c, "show work_mem")).isEqualTo("3MB");
        }
    }

    /** Each row's columns joined by '|'. */
    private static java.util.List<String> rows(Connection c, String sql) throws SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                java.util.StringJoiner row = new java.util.StringJoiner("|");
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Connection connectAs(String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "20");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port + "/postgres", props);
    }
}
