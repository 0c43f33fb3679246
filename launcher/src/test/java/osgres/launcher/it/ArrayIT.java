package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
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
import org.postgresql.PGResultSetMetaData;

/**
 * Arrays as pgJDBC uses them: {@code setArray}/{@code createArrayOf} and {@code getArray} round trips for int4[],
 * int8[], text[] and float8[] in the text and the binary format (pgJDBC transfers int4[], int8[] and float8[] in
 * binary once a statement is server-prepared), {@code = ANY(?)} with an array parameter, and an array column
 * stored in the heap that reads back the same after a restart of the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArrayIT {
    private SqlTarget target;

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    /** prepareThreshold=-1: every statement is server-prepared, with pgJDBC's binary formats. */
    private Connection connect(boolean binary) throws SQLException {
        if (!binary) {
            return target.connect();
        }
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "-1");
        return Jdbc.connect(target.port(), props);
    }

    @Test
    void setArrayAndGetArrayRoundTripInTextAndBinary() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = connect(binary);
                 PreparedStatement s = c.prepareStatement("select ?::int4[], ?::int8[], ?::text[], ?::float8[], "
                         + "array_length(?::int4[], 1)")) {
                Integer[] ints = {1, null, -3, Integer.MAX_VALUE};
                Long[] longs = {Long.MIN_VALUE, 0L, null};
                String[] texts = {"a b", "", null, "NULL", "x\"y\\z", "{}"};
                Double[] doubles = {1.5, -0.25, null, 1e300};
                s.setArray(1, c.createArrayOf("int4", ints));
                s.setArray(2, c.createArrayOf("int8", longs));
                s.setArray(3, c.createArrayOf("text", texts));
                s.setArray(4, c.createArrayOf("float8", doubles));
                s.setArray(5, c.createArrayOf("int4", ints));
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat((Object[]) rs.getArray(1).getArray()).as("int4[], binary=%s", binary)
                            .containsExactly((Object[]) ints);
                    assertThat((Object[]) rs.getArray(2).getArray()).containsExactly((Object[]) longs);
                    assertThat((Object[]) rs.getArray(3).getArray()).containsExactly((Object[]) texts);
                    assertThat((Object[]) rs.getArray(4).getArray()).containsExactly((Object[]) doubles);
                    assertThat(rs.getInt(5)).isEqualTo(4);
                    if (!binary) {
                        // (pgJDBC formats a binary array's getString itself, quoting every element)
                        assertThat(rs.getString(1)).isEqualTo("{1,NULL,-3,2147483647}");
                    }
                    assertThat(rs.getString(3)).isEqualTo("{\"a b\",\"\",NULL,\"NULL\",\"x\\\"y\\\\z\",\"{}\"}");
                    PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                    assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(java.sql.Types.ARRAY);
                    assertThat(meta.getFormat(1)).as("int4[] result format, binary=%s", binary)
                            .isEqualTo(binary ? 1 : 0);
                }
            }
        }
    }

    @Test
    void moreElementTypesRoundTrip() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = connect(binary);
                 PreparedStatement s = c.prepareStatement("select ?::bool[], ?::int2[], ?::numeric[], "
                         + "?::varchar[], ?::float4[], pg_typeof(?::numeric[])::text")) {
                Boolean[] bools = {true, null, false};
                Short[] shorts = {(short) -1, Short.MAX_VALUE};
                java.math.BigDecimal[] numerics = {new java.math.BigDecimal("1.50"), null,
                    new java.math.BigDecimal("-12345678901234567890.5")};
                String[] varchars = {"x", "y z"};
                Float[] floats = {1.5f, null};
                s.setArray(1, c.createArrayOf("bool", bools));
                s.setArray(2, c.createArrayOf("int2", shorts));
                s.setArray(3, c.createArrayOf("numeric", numerics));
                s.setArray(4, c.createArrayOf("varchar", varchars));
                s.setArray(5, c.createArrayOf("float4", floats));
                s.setArray(6, c.createArrayOf("numeric", numerics));
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat((Object[]) rs.getArray(1).getArray()).as("binary=%s", binary)
                            .containsExactly((Object[]) bools);
                    assertThat((Object[]) rs.getArray(2).getArray()).containsExactly((Object[]) shorts);
                    assertThat((Object[]) rs.getArray(3).getArray()).containsExactly((Object[]) numerics);
                    assertThat((Object[]) rs.getArray(4).getArray()).containsExactly((Object[]) varchars);
                    assertThat((Object[]) rs.getArray(5).getArray()).containsExactly((Object[]) floats);
                    assertThat(rs.getString(6)).isEqualTo("numeric[]");
                }
            }
        }
    }

    @Test
    void multiDimensionalArraysAndBoundsReadBack() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = connect(binary);
                 PreparedStatement s = c.prepareStatement("select array[[1,2],[3,4]], '[0:1]={7,8}'::int[], "
                         + "'{}'::int8[]")) {
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    Integer[][] matrix = (Integer[][]) rs.getArray(1).getArray();
                    assertThat(matrix).as("binary=%s", binary).isDeepEqualTo(new Integer[][] {{1, 2}, {3, 4}});
                    if (!binary) {
                        // (pgJDBC formats a binary array's getString itself, without the bounds)
                        assertThat(rs.getString(1)).isEqualTo("{{1,2},{3,4}}");
                        assertThat(rs.getString(2)).isEqualTo("[0:1]={7,8}");
                    }
                    assertThat((Object[]) rs.getArray(2).getArray()).containsExactly(7, 8);
                    assertThat((Object[]) rs.getArray(3).getArray()).isEmpty();
                }
            }
        }
    }

    @Test
    void anyWithAnArrayParameter() throws SQLException {
        for (boolean binary : new boolean[] {false, true}) {
            try (Connection c = connect(binary)) {
                Jdbc.execute(c, "drop table if exists array_any");
                Jdbc.execute(c, "create table array_any (id int primary key, big bigint, name text)");
                Jdbc.execute(c, "insert into array_any select g, g * 10, 'n' || g from generate_series(1, 50) g");
                assertThat(ids(c, "select id from array_any where id = any(?) order by id",
                        c.createArrayOf("int4", new Integer[] {3, 7, 99, null})))
                        .as("binary=%s", binary).containsExactly(3, 7);
                assertThat(ids(c, "select id from array_any where big = any(?) order by id",
                        c.createArrayOf("int8", new Long[] {20L, 500L})))
                        .containsExactly(2, 50);
                assertThat(ids(c, "select id from array_any where name = any(?) order by id",
                        c.createArrayOf("text", new String[] {"n4", "n5", "x"})))
                        .containsExactly(4, 5);
                assertThat(ids(c, "select id from array_any where id <> all(?) and id < 4 order by id",
                        c.createArrayOf("int4", new Integer[] {2})))
                        .containsExactly(1, 3);
                assertThat(ids(c, "select id from array_any where id = any(?) order by id",
                        c.createArrayOf("int4", new Integer[0]))).isEmpty();
            }
        }
    }

    @Test
    void anyWithAnArrayParameterProbesAnIndex() throws SQLException {
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists array_any_ix");
            Jdbc.execute(c, "create table array_any_ix (id int primary key, pad text)");
            Jdbc.execute(c, "insert into array_any_ix select g, repeat('x', 50) from generate_series(1, 20000) g");
            Jdbc.execute(c, "analyze array_any_ix");
            Array keys = c.createArrayOf("int4", new Integer[] {17, 4242, 17, 99999});
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement s = c.prepareStatement("explain (costs off) select pad from array_any_ix "
                    + "where id = any(?)")) {
                s.setArray(1, keys);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            assertThat(plan.toString()).contains("Index").contains("array_any_ix_pkey").contains("= ANY");
            assertThat(ids(c, "select id from array_any_ix where id = any(?) order by id", keys))
                    .containsExactly(17, 4242);
        }
    }

    private static List<Integer> ids(Connection c, String sql, Array parameter) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    @Test
    void arrayColumnsAreStoredAndSurviveARestart() throws SQLException {
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists array_store");
            Jdbc.execute(c, "create table array_store (id int primary key, i int4[], b int8[], t text[], "
                    + "f float8[], n numeric[], d date[], m int[][])");
            try (PreparedStatement s = c.prepareStatement("insert into array_store (id, i, b, t, f) "
                    + "values (?, ?, ?, ?, ?)")) {
                s.setInt(1, 1);
                s.setArray(2, c.createArrayOf("int4", new Integer[] {1, null, 3}));
                s.setArray(3, c.createArrayOf("int8", new Long[] {1L << 40}));
                s.setArray(4, c.createArrayOf("text", new String[] {"x y", null}));
                s.setArray(5, c.createArrayOf("float8", new Double[] {2.5}));
                s.executeUpdate();
            }
            Jdbc.execute(c, "insert into array_store values (2, '{}', null, '{\"\"}', '{NaN}', '{1.50,-2}', "
                    + "'{2024-02-29,infinity}', '{{1,2},{3,4}}')");
            // a long array goes through TOAST
            Jdbc.execute(c, "insert into array_store (id, t) values (3, '{" + "abcdefgh,".repeat(2000) + "z}')");
        }
        String before = dump();
        target.stopFast();
        target.restart();
        assertThat(dump()).isEqualTo(before);
        assertThat(before).contains("1|{1,NULL,3}|{1099511627776}|{\"x y\",NULL}|{2.5}|null|null|null")
                .contains("2|{}|null|{\"\"}|{NaN}|{1.50,-2}|{2024-02-29,infinity}|{{1,2},{3,4}}");
        try (Connection c = target.connect()) {
            assertThat(Jdbc.selectInt(c, "select cardinality(t) from array_store where id = 3")).isEqualTo(2001);
            assertThat(Jdbc.selectInt(c, "select i[3] from array_store where id = 1")).isEqualTo(3);
            assertThat(Jdbc.selectLong(c, "select count(*) from array_store where i @> '{3}'")).isEqualTo(1);
        }
    }

    private String dump() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = target.connect();
             PreparedStatement s = c.prepareStatement("select id, i, b, t, f, n, d, m from array_store "
                     + "where id < 3 order by id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= 8; i++) {
                    out.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
