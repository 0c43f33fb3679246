package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server log as PostgreSQL 15 writes it for statements (postgres.c, elog.c): {@code log_statement = all} logs
 * simple queries ({@code statement: ...}) and Execute messages ({@code execute <unnamed>: ...} with the parameters
 * in a DETAIL line), an error is followed by its {@code STATEMENT:} line, {@code log_min_duration_statement = 0}
 * logs each duration with the text.
 */
class StatementLogIT {
    private static final Duration LOG_WAIT = Duration.ofSeconds(20);
    private static final String TIMESTAMP_PID = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ \\[\\d+\\] ";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.create("log_statement = 'all'").start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void logStatementAllLogsASimpleQuery() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 4242 as simple_logged");
        assertThat(r.exitCode()).as(r.all()).isZero();
        awaitLogMatching(TIMESTAMP_PID + "LOG:  statement: select 4242 as simple_logged\n");
    }

    @Test
    void logStatementAllLogsEachExecuteWithItsParameters() throws SQLException {
        try (Connection c = Jdbc.connect(server);
             PreparedStatement ps = c.prepareStatement("select ?::int + 17 as extended_logged")) {
            ps.setInt(1, 25);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        awaitLogMatching(TIMESTAMP_PID + "LOG:  execute <unnamed>: select \\$1::int \\+ 17 as extended_logged\n"
                + TIMESTAMP_PID + "DETAIL:  parameters: \\$1 = '25'\n");
    }

    @Test
    void anErrorIsFollowedByItsStatementLine() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1/0 as boom_4711");
        assertThat(r.exitCode()).as(r.all()).isNotZero();
        assertThat(r.stderr()).contains("ERROR:  division by zero");
        awaitLogMatching(TIMESTAMP_PID + "ERROR:  division by zero\n"
                + TIMESTAMP_PID + "STATEMENT:  select 1/0 as boom_4711\n");
    }

    @Test
    void anExtendedProtocolErrorIsFollowedByItsStatementLine() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            assertThatThrownBy(() -> Jdbc.execute(c, "select 1/0 as jdbc_boom"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));
        }
        awaitLogMatching(TIMESTAMP_PID + "ERROR:  division by zero\n" + TIMESTAMP_PID
                + "STATEMENT:  select 1/0 as jdbc_boom\n");
    }

    @Test
    void logMinDurationStatementZeroLogsEachDurationWithTheText() throws SQLException {
        Map<String, String> options = Map.of("PGOPTIONS", "-c log_statement=none -c log_min_duration_statement=0");
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), options, "postgres", "127.0.0.1", server.port,
                "select 31337 as timed_simple");
        assertThat(r.exitCode()).as(r.all()).isZero();
        awaitLogMatching(TIMESTAMP_PID + "LOG:  duration: \\d+\\.\\d{3} ms  statement: select 31337 as timed_simple\n");

        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "set log_statement = 'none'");
            Jdbc.execute(c, "set log_min_duration_statement = 0");
            assertThat(Jdbc.selectInt(c, "select 31338 as timed_extended")).isEqualTo(31338);
        }
        for (String message : new String[] {"parse", "bind", "execute"}) {
            awaitLogMatching(TIMESTAMP_PID + "LOG:  duration: \\d+\\.\\d{3} ms  " + message
                    + " <unnamed>: select 31338 as timed_extended\n");
        }
    }

    @Test
    void withLogStatementAllTheDurationLineHasNoText() {
        Map<String, String> options = Map.of("PGOPTIONS", "-c log_min_duration_statement=0");
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), options, "postgres", "127.0.0.1", server.port,
                "select 5151 as logged_then_timed");
        assertThat(r.exitCode()).as(r.all()).isZero();
        awaitLogMatching(TIMESTAMP_PID + "LOG:  statement: select 5151 as logged_then_timed\n"
                + TIMESTAMP_PID + "LOG:  duration: \\d+\\.\\d{3} ms\n");
    }

    @Test
    void noJavaTextOrNullInTheLog() {
        Cli.Result r = Cli.psql(Duration.ofSeconds(30), "127.0.0.1", server.port, "select 1");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(server.log()).doesNotContain(": null").doesNotContain("Exception");
    }

    /**
     * A client that resets the connection in the middle of a large result: PostgreSQL's two lines, each with its
     * STATEMENT, and the system's reason where the issue saw {@code could not send data to client: null}.
     */
    @Test
    void aClientResetDuringAResultIsLoggedWithTheSystemsReason() throws Exception {
        String query = "select g, g * 2, 'reset_mid_result_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' from generate_series(1, "
                + "3000000) g";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port)) {
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            java.io.InputStream in = socket.getInputStream();
            byte[] params = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.UTF_8);
            out.writeInt(8 + params.length);
            out.writeInt(196608);
            out.write(params);
            out.flush();
            readUntilReadyForQuery(in);
            byte[] text = (query + "\0").getBytes(StandardCharsets.UTF_8);
            out.writeByte('Q');
            out.writeInt(4 + text.length);
            out.write(text);
            out.flush();
            byte[] chunk = new byte[65536];
            for (long read = 0; read < 200_000; ) {
                int n = in.read(chunk);
                assertThat(n).as("result rows").isPositive();
                read += n;
            }
            socket.setSoLinger(true, 0); // close with RST, as a killed client's kernel does
        }
        String statement = Pattern.quote(query);
        awaitLogMatching(TIMESTAMP_PID + "LOG:  could not send data to client: (Connection reset by peer|Broken pipe)\n"
                + TIMESTAMP_PID + "STATEMENT:  " + statement + "\n"
                + TIMESTAMP_PID + "FATAL:  connection to client lost\n"
                + TIMESTAMP_PID + "STATEMENT:  " + statement + "\n");
    }

    private static void readUntilReadyForQuery(java.io.InputStream in) throws java.io.IOException {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        while (true) {
            int type = data.readUnsignedByte();
            byte[] body = new byte[data.readInt() - 4];
            data.readFully(body);
            if (type == 'Z') {
                return;
            }
            assertThat((char) type).as("startup answer").isNotEqualTo('E');
        }
    }

    private static void awaitLogMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        try {
            TestServer.await("server log matching " + regex, LOG_WAIT, () -> pattern.matcher(server.log()).find());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + server.log(), e);
        }
    }
}
