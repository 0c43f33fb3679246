package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a role that is not a superuser may not do at run time, and what the predefined roles give back (issue 11,
 * acceptance 3): pg_stat_activity shows another role's session without its query or state ({@code <insufficient
 * privilege>}) and pg_stat_ssl leaves it out, unless the viewer has pg_read_all_stats; pg_terminate_backend and pg_cancel_backend of a superuser's
 * session are refused (42501), another role's need pg_signal_backend, one's own role's are allowed; COPY to and from
 * server files needs pg_write_server_files / pg_read_server_files; CONNECTION LIMIT and
 * superuser_reserved_connections turn away the extra session with 53300. Each check runs with two or more sessions
 * at once.
 */
class RoleLimitsIT {
    private static final int MAX_CONNECTIONS = 12;
    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        // room for the sessions of one test while the last test's are still exiting
        server = TestServer.create("max_connections = " + MAX_CONNECTIONS, "superuser_reserved_connections = 3")
                .start();
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create role watcher login");
            Jdbc.execute(c, "create role stats_reader login in role pg_read_all_stats");
            Jdbc.execute(c, "create role worker login");
            Jdbc.execute(c, "create role killer login in role pg_signal_backend");
            Jdbc.execute(c, "create role writer login in role pg_write_server_files, pg_read_server_files");
            Jdbc.execute(c, "create role limited login connection limit 1");
            Jdbc.execute(c, "create table limits_t (a int); insert into limits_t values (1), (2)");
            Jdbc.execute(c, "grant select on limits_t to writer"); // COPY (SELECT ...) reads it as writer
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection as(String user) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "20");
        props.setProperty("ApplicationName", "limits-" + user);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port + "/postgres", props);
    }

    private static int pid(Connection c) throws SQLException {
        return Jdbc.selectInt(c, "select pg_backend_pid()");
    }

    /** The row pg_stat_activity shows {@code viewer} for {@code pid}: query, state, backend_type, usename. */
    private static List<String> activityRow(Connection viewer, int pid) throws SQLException {
        try (Statement s = viewer.createStatement();
             var rs = s.executeQuery("select query, state, backend_type, usename, backend_start is null"
                     + " from pg_stat_activity where pid = " + pid)) {
            assertThat(rs.next()).as("row for pid %d", pid).isTrue();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    @Test
    void pgStatActivityHidesOtherRolesQueriesUnlessPgReadAllStats() throws SQLException {
        try (Connection admin = Jdbc.connect(server); Connection watcher = as("watcher");
             Connection reader = as("stats_reader")) {
            int adminPid = pid(admin);
            Jdbc.execute(admin, "select 'the secret query text'");
            assertThat(activityRow(watcher, adminPid))
                    .containsExactly("<insufficient privilege>", null, null, "postgres", "t");
            assertThat(activityRow(reader, adminPid).getFirst()).isEqualTo("select 'the secret query text'");
            assertThat(activityRow(reader, adminPid).get(2)).isEqualTo("client backend");
            // pg_stat_ssl lists the sessions whose client it may see
            assertThat(Jdbc.selectInt(watcher, "select count(*) from pg_stat_ssl where pid = " + adminPid)).isZero();
            assertThat(Jdbc.selectInt(reader, "select count(*) from pg_stat_ssl where pid = " + adminPid)).isOne();
            assertThat(Jdbc.selectString(watcher, "select ssl from pg_stat_ssl where pid = pg_backend_pid()"))
                    .isEqualTo("f");
            // its own session it sees whole
            assertThat(activityRow(watcher, pid(watcher)).get(0)).contains("from pg_stat_activity");
            assertThat(activityRow(watcher, pid(watcher)).get(1)).isEqualTo("active");
            // background processes belong to no role: hidden too
            assertThat(Jdbc.selectInt(watcher, "select count(*) from pg_stat_activity where backend_type is null"
                    + " and query = '<insufficient privilege>' and usename is null")).isPositive();
        }
    }

    @Test
    void aNormalRoleCannotSignalASuperuserOrAnotherRoleWithoutPgSignalBackend() throws Exception {
        try (Connection admin = Jdbc.connect(server); Connection worker = as("worker");
             Connection worker2 = as("worker"); Connection watcher = as("watcher"); Connection killer = as("killer")) {
            int adminPid = pid(admin);
            serverError(watcher, "select pg_terminate_backend(" + adminPid + ")",
                    "must be a superuser to terminate superuser process");
            serverError(watcher, "select pg_cancel_backend(" + adminPid + ")",
                    "must be a superuser to cancel superuser query");
            serverError(killer, "select pg_terminate_backend(" + adminPid + ")",
                    "must be a superuser to terminate superuser process");
            serverError(watcher, "select pg_terminate_backend(" + pid(worker) + ")",
                    "must be a member of the role whose process is being terminated or member of pg_signal_backend");
            serverError(watcher, "select pg_cancel_backend(" + pid(worker) + ")",
                    "must be a member of the role whose query is being canceled or member of pg_signal_backend");
            assertThat(Jdbc.selectInt(admin, "select 1")).as("the superuser's session lives on").isEqualTo(1);
            // a role may signal its own sessions, pg_signal_backend any non-superuser's
            assertThat(Jdbc.selectString(worker2, "select pg_cancel_backend(" + pid(worker) + ")")).isEqualTo("t");
            int workerPid = pid(worker);
            assertThat(Jdbc.selectString(killer, "select pg_terminate_backend(" + workerPid + ", 20000)"))
                    .isEqualTo("t");
            assertThatThrownBy(() -> Jdbc.selectInt(worker, "select 1")).isInstanceOf(SQLException.class);
        }
    }

    private static void serverError(Connection c, String sql, String message) {
        org.postgresql.util.ServerErrorMessage e = JdbcCrudIT.serverError("42501", () -> Jdbc.execute(c, sql));
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void serverFileCopyNeedsThePredefinedRoles() throws SQLException {
        String file = server.root.resolve("limits_copy.txt").toString();
        try (Connection writer = as("writer"); Connection watcher = as("watcher")) {
            Jdbc.execute(writer, "copy (select a from limits_t order by a) to '" + file + "'");
            Jdbc.execute(writer, "create temp table back (a int)");
            Jdbc.execute(writer, "copy back from '" + file + "'");
            assertThat(Jdbc.selectInt(writer, "select sum(a) from back")).isEqualTo(3);
            org.postgresql.util.ServerErrorMessage e = JdbcCrudIT.serverError("42501",
                    () -> Jdbc.execute(watcher, "copy (select 1) to '" + file + "'"));
            assertThat(e.getMessage()).isEqualTo("must be superuser or have privileges of the pg_write_server_files "
                    + "role to COPY to a file");
        }
    }

    @Test
    void connectionLimitAndReservedSlotsTurnAwayTheExtraSession() throws SQLException {
        try (Connection first = as("limited")) {
            assertThatThrownBy(() -> as("limited").close()).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("53300");
                assertThat(e.getMessage()).contains("too many connections for role \"limited\"");
            });
            assertThat(Jdbc.selectInt(first, "select 1")).isEqualTo(1);
        }
        TestServer.await("the limited role's session gone", Duration.ofSeconds(30), () -> {
            try (Connection again = as("limited")) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        });
        // max_connections 12 with 3 reserved: nine sessions in all, then only superusers get in
        List<Connection> open = new ArrayList<>();
        try (Connection admin = Jdbc.connect(server)) {
            TestServer.await("no other client session", Duration.ofSeconds(30), () -> {
                try {
                    return Jdbc.selectInt(admin, "select count(*) from pg_stat_activity"
                            + " where backend_type = 'client backend'") == 1;
                } catch (SQLException e) {
                    throw new AssertionError(e);
                }
            });
            for (int i = 0; i < MAX_CONNECTIONS - 3 - 1; i++) {
                open.add(as("worker"));
            }
            assertThatThrownBy(() -> as("watcher").close()).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("53300");
                assertThat(e.getMessage()).contains(
                        "remaining connection slots are reserved for non-replication superuser connections");
            });
            try (Connection second = Jdbc.connect(server)) {
                assertThat(Jdbc.selectInt(second, "select 1")).as("a superuser still gets in").isEqualTo(1);
            }
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }
}
