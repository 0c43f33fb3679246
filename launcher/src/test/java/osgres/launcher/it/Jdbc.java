package osgres.launcher.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgJDBC connections to a test server. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(TestServer server) throws SQLException {
        return connect(server.port);
    }

    static Connection connect(int port) throws SQLException {
        return connect(port, new Properties());
    }

    /** A connection with pgJDBC properties of the test's own (protocol mode, binary transfer...). */
    static Connection connect(int port, Properties extra) throws SQLException {
        Properties props = new Properties();
        props.putAll(extra);
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "20");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long selectLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String selectString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static int selectInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The first column of every row {@code sql} returns, as text. */
    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The server's error for {@code sql}, which must fail. */
    static ServerErrorMessage error(Connection c, String sql) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> execute(c, sql)).as(sql).isInstanceOfSatisfying(PSQLException.class,
                e -> thrown[0] = e);
        return ((PSQLException) thrown[0]).getServerErrorMessage();
    }
}
