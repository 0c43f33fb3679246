package osgres.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sessions as pgJDBC sees them. */
class JdbcSessionTest {
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void connectAndRunASimpleQuery() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.next()).isFalse();
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("15.0");
        }
        assertThat(server.awaitExit(server.awaitChild(1))).isEqualTo("0");
    }

    @Test
    void preparedStatementWithParameterSurvivesTheSwitchToNamedStatements() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url());
             PreparedStatement ps = c.prepareStatement("select $1::int + 1".replace("$1", "?"))) {
            for (int i = 0; i < 8; i++) {
                ps.setInt(1, i * 10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(i * 10 + 1);
                }
            }
        }
    }

    @Test
    void fetchSizeInATransactionUsesPortalSuspension() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setFetchSize(3);
                List<Integer> values = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select generate_series(1, 10)")) {
                    while (rs.next()) {
                        values.add(rs.getInt(1));
                    }
                }
                assertThat(values).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            }
            c.commit();
        }
    }

    @Test
    void errorThenTheNextQueryWorks() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url());
             Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("select error"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("column \"error\" does not exist")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42703");
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
            c.setAutoCommit(false);
            assertThatThrownBy(() -> st.executeQuery("select error")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> st.executeQuery("select 1"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P02");
            c.rollback();
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void cancelStopsARunningStatementAndTheSessionGoesOn() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url());
             Statement st = c.createStatement()) {
            TestServer.Child child = server.awaitChild(1);
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    st.executeQuery("select pg_sleep(60)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            TestServer.await(() -> child.state.equals("active"), "the sleep to start");
            st.cancel();
            Throwable error = running.get();
            assertThat(error).isInstanceOf(SQLException.class)
                    .hasMessageContaining("canceling statement due to user request");
            assertThat(((SQLException) error).getSQLState()).isEqualTo("57014");
            try (ResultSet rs = st.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
