package osgres.launcher.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture of ITs whose tests share one real distribution: started in a temp data directory before the class's
 * first test and stopped after its last, with pgJDBC sessions opened as any role (privileges, comments). Tests that
 * crash a server start their own and pass it to {@link #connectAs(TestServer, String)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneServerPerClass {
    protected TestServer server;

    @BeforeAll
    void startServer() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A session of {@code user} in database postgres. */
    static Connection connectAs(TestServer server, String user) throws SQLException {
        return connectAs(server, user, "postgres");
    }

    /** A session of {@code user} in {@code database}, with the tests' usual timeouts. */
    static Connection connectAs(TestServer server, String user, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("connectTimeout", "20");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port + "/" + database, props);
    }
}
