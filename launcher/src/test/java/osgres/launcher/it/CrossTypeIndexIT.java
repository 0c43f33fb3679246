package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10, section 3: a driver that binds a Java long (int8) against an int4 key, as pgJDBC's setLong and
 * sysbench do, gets the key's index (integer_ops' cross-type operators) in a server-prepared statement, with the
 * right rows for values beyond int4's range; and a prepared statement comparing an int2 column with an int4
 * parameter starts using an index another session builds and commits meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossTypeIndexIT {
    private SqlTarget target;

    @BeforeAll
    void start() throws Exception {
        target = SqlTarget.start();
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "cti_k", "id integer primary key, s smallint, v text");
            Jdbc.execute(c, "insert into cti_k select g, (g % 30000)::smallint, 'v' || g from generate_series(1, 20000) g");
            Jdbc.execute(c, "analyze cti_k");
        }
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void longParametersUseTheInt4KeysIndex() throws Exception {
        try (Connection c = serverPrepared()) {
            try (PreparedStatement explain = c.prepareStatement("explain (costs off) select v from cti_k where id = ?")) {
                explain.setLong(1, 42L);
                assertThat(String.join("\n", lines(explain))).contains("Index Scan using cti_k_pkey on cti_k");
            }
            try (PreparedStatement lookup = c.prepareStatement("select v from cti_k where id = ?")) {
                for (long key : new long[] {42L, 7L, 19999L, 5_000_000_000L, -5_000_000_000L, 2_147_483_647L}) {
                    lookup.setLong(1, key);
                    assertThat(lines(lookup)).as("id = %d", key)
                            .isEqualTo(key >= 1 && key <= 20000 ? List.of("v" + key) : List.of());
                }
            }
            try (PreparedStatement range = c.prepareStatement("select count(*) from cti_k where id >= ? and id < ?")) {
                range.setLong(1, -5_000_000_000L);
                range.setLong(2, 11L);
                assertThat(lines(range)).containsExactly("10");
                range.setLong(1, 19990L);
                range.setLong(2, 5_000_000_000L);
                assertThat(lines(range)).containsExactly("11");
            }
        }
    }

    @Test
    void aPreparedStatementPicksUpAnIndexBuiltMeanwhile() throws Exception {
        try (Connection c = serverPrepared(); Connection builder = target.connect();
             PreparedStatement explain = c.prepareStatement("explain (costs off) select v from cti_k where s = ?");
             PreparedStatement lookup = c.prepareStatement("select v from cti_k where s = ?")) {
            explain.setInt(1, 123);
            assertThat(String.join("\n", lines(explain))).contains("Seq Scan on cti_k");
            lookup.setInt(1, 123);
            assertThat(lines(lookup)).containsExactly("v123");

            builder.setAutoCommit(false);
            Jdbc.execute(builder, "create index cti_k_s on cti_k (s)");
            assertThat(String.join("\n", lines(explain))).as("the index is not committed yet")
                    .contains("Seq Scan on cti_k");
            builder.commit();

            assertThat(String.join("\n", lines(explain))).contains("Index Scan using cti_k_s on cti_k");
            lookup.setInt(1, 40000);
            assertThat(lines(lookup)).as("beyond smallint's range").isEmpty();
            lookup.setInt(1, 124);
            assertThat(lines(lookup)).containsExactly("v124");
        }
    }

    /** A connection whose prepared statements are server-prepared from their first execution, with typed parameters. */
    private Connection serverPrepared() throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        return Jdbc.connect(target.port(), props);
    }

    private static List<String> lines(PreparedStatement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
