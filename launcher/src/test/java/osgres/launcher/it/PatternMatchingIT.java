package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Pattern matching through pgJDBC against the real distribution: text[] results (regexp_match) read by the driver
 * in text and, once a statement is prepared on the server, binary form; sessions matching at the same time
 * through the shared pattern cache; and a cancel or statement_timeout ending a regular expression that
 * java.util.regex would backtrack through for days (PostgreSQL's engine does not, so those two run on osgres only).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatternMatchingIT {
    private static final long DEADLINE_S = 60;
    /** A back reference defeats java.util.regex's loop memoisation: 2^40 paths before it can fail. */
    private static final String RUNAWAY = "select '" + "a".repeat(40) + "!' ~ '^(a+)+(b)\\2$'";

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void textArraysReachPgJdbcAsArraysInTextAndBinaryForm() throws Exception {
        try (Connection c = target.connect();
             PreparedStatement match = c.prepareStatement("select regexp_match(?, '(o+)(b)|(z)')")) {
            // pgJDBC prepares on the server after 5 executions and then asks for binary results
            for (int i = 0; i < 8; i++) {
                match.setString(1, "foobar" + i);
                try (ResultSet rs = match.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    Array array = rs.getArray(1);
                    assertThat((Object[]) array.getArray()).as("execution %d", i).containsExactly("oo", "b", null);
                }
            }
            assertThat(JdbcCrudIT.rows(c, "select regexp_split_to_array('a b  c', '\\s+'), "
                    + "string_to_array('x,,\"y\"', ',')")).containsExactly("{a,b,c}|{x,\"\",\"\\\"y\\\"\"}");
        }
    }

    @Test
    void sessionsMatchAtTheSameTime() throws Exception {
        List<Future<List<String>>> sessions = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int session = s;
            sessions.add(threads.submit(() -> {
                List<String> wrong = new ArrayList<>();
                try (Connection c = target.connect()) {
                    for (int i = 0; i < 150; i++) {
                        int n = (i * 7 + session * 50) % 300;
                        String sql = "select regexp_replace('x" + n + "y', '(\\d+)', '<\\1>'), 'k" + n
                                + "' ~ '^k0*" + n + "$', 'K" + n + "' ilike 'k%" + n + "'";
                        List<String> rows = JdbcCrudIT.rows(c, sql);
                        if (!rows.equals(List.of("x<" + n + ">y|t|t"))) {
                            wrong.add(sql + " -> " + rows);
                        }
                    }
                }
                return wrong;
            }));
        }
        for (Future<List<String>> session : sessions) {
            assertThat(session.get(DEADLINE_S, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void aCancelEndsARunawayRegularExpression() throws Exception {
        assumeFalse(target.isReference(), "PostgreSQL's regex engine answers this pattern at once");
        try (Connection session = target.connect(); Connection admin = target.connect()) {
            int pid = Jdbc.selectInt(session, "select pg_backend_pid()");
            Future<?> running = threads.submit(Waits.call(() -> Jdbc.execute(session, RUNAWAY)));
            Waits.assertStillWaiting(running);
            assertThat(JdbcCrudIT.rows(admin, "select pg_cancel_backend(" + pid + ")")).containsExactly("t");
            Throwable canceled = Waits.failureOf(running);
            assertThat(canceled).isInstanceOf(PSQLException.class);
            assertThat(((PSQLException) canceled).getSQLState()).isEqualTo("57014");
            assertThat(Jdbc.selectInt(session, "select 1")).as("a cancel keeps the session").isEqualTo(1);
        }
    }

    @Test
    void statementTimeoutEndsARunawayRegularExpression() throws Exception {
        assumeFalse(target.isReference(), "PostgreSQL's regex engine answers this pattern at once");
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "set statement_timeout = '1s'");
            long started = System.nanoTime();
            ServerErrorMessage timeout = JdbcCrudIT.serverError("57014", () -> Jdbc.execute(c, RUNAWAY));
            assertThat(timeout.getMessage()).isEqualTo("canceling statement due to statement timeout");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(DEADLINE_S);
            Jdbc.execute(c, "reset statement_timeout");
            assertThat(Jdbc.selectInt(c, "select 1")).isEqualTo(1);
        }
    }
}
