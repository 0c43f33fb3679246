package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Issue 4, acceptance 4: what an ordinary pgJDBC application does. CRUD in transactions (autocommit off),
 * rollback, batch insert, RETURNING through getGeneratedKeys, a fetch-size cursor (a named portal read in
 * portions), the common types in text and binary transfer, and each SQLSTATE with PostgreSQL's message on its
 * bad input. After every error the session goes on: an error ends the statement, never the session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcCrudIT {
    private SqlTarget target;

    @BeforeAll
    void start() throws SQLException {
        target = SqlTarget.start();
        try (Connection c = target.connect()) {
            createTable(c, "crud_errors", "id integer primary key, name text not null, qty integer");
            Jdbc.execute(c, "insert into crud_errors (id, name, qty) values (1, 'one', 10)");
        }
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void crudInATransactionBecomesVisibleToOthersAtCommit() throws SQLException {
        try (Connection writer = target.connect(); Connection reader = target.connect()) {
            createTable(writer, "crud_items", "id integer primary key, name text not null, qty integer, "
                    + "price numeric(10,2)");
            writer.setAutoCommit(false);
            try (PreparedStatement insert = writer.prepareStatement(
                    "insert into crud_items (id, name, qty, price) values (?, ?, ?, ?)")) {
                for (int id = 1; id <= 3; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "item " + id);
                    insert.setInt(3, id * 10);
                    insert.setBigDecimal(4, new BigDecimal(id + ".50"));
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement update = writer.prepareStatement(
                    "update crud_items set qty = qty + ? where id = ?")) {
                update.setInt(1, 5);
                update.setInt(2, 2);
                assertThat(update.executeUpdate()).isEqualTo(1);
                update.setInt(2, 99);
                assertThat(update.executeUpdate()).as("no row 99").isZero();
            }
            try (PreparedStatement delete = writer.prepareStatement("delete from crud_items where id = ?")) {
                delete.setInt(1, 3);
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
            String select = "select id, name, qty, price from crud_items order by id";
            assertThat(rows(writer, select)).as("the writer sees its own changes")
                    .containsExactly("1|item 1|10|1.50", "2|item 2|25|2.50");
            assertThat(rows(reader, select)).as("nothing is visible before commit").isEmpty();

            writer.commit();
            assertThat(rows(reader, select)).containsExactly("1|item 1|10|1.50", "2|item 2|25|2.50");
            assertThat(rows(reader, "select name from crud_items where qty > 10 and price < 3")).containsExactly(
                    "item 2");
        }
    }

    @Test
    void rollbackLeavesNothing() throws SQLException {
        try (Connection c = target.connect(); Connection other = target.connect()) {
            createTable(c, "crud_rollback", "id integer primary key, name text");
            Jdbc.execute(c, "insert into crud_rollback (id, name) values (100, 'kept')");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into crud_rollback (id, name) values (?, ?)")) {
                for (int id = 1; id <= 10; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "gone " + id);
                    insert.executeUpdate();
                }
            }
            Jdbc.execute(c, "update crud_rollback set name = 'changed' where id = 100");
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_rollback")).isEqualTo(11);

            c.rollback();
            assertThat(rows(c, "select id, name from crud_rollback")).containsExactly("100|kept");
            assertThat(rows(other, "select id, name from crud_rollback")).containsExactly("100|kept");
            // the rolled-back keys were never there: inserting them again is no duplicate
            Jdbc.execute(c, "insert into crud_rollback (id, name) values (1, 'again')");
            c.commit();
            assertThat(rows(other, "select id, name from crud_rollback order by id"))
                    .containsExactly("1|again", "100|kept");
        }
    }

    @Test
    void batchInsertCountsEachRow() throws SQLException {
        try (Connection c = target.connect()) {
            createTable(c, "crud_batch", "id integer primary key, name text");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into crud_batch (id, name) values (?, ?)")) {
                for (int id = 1; id <= 500; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "batch " + id);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                assertThat(counts).hasSize(500).containsOnly(1);
            }
            try (Statement mixed = c.createStatement()) {
                mixed.addBatch("insert into crud_batch (id, name) values (501, 'plain')");
                mixed.addBatch("update crud_batch set name = 'even' where id % 2 = 0");
                mixed.addBatch("delete from crud_batch where id > 495");
                assertThat(mixed.executeBatch()).containsExactly(1, 250, 6);
            }
            c.commit();
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_batch")).isEqualTo(495);
            assertThat(Jdbc.selectLong(c, "select sum(id) from crud_batch")).isEqualTo(495L * 496 / 2);
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_batch where name = 'even'")).isEqualTo(247);
        }
    }

    @Test
    void returningComesBackThroughGeneratedKeys() throws SQLException {
        try (Connection c = target.connect()) {
            createTable(c, "crud_returning", "id integer primary key, name text not null, qty integer default 7");
            String insert = "insert into crud_returning (id, name) values (?, ?)";
            try (PreparedStatement byName = c.prepareStatement(insert, new String[] {"id"})) {
                byName.setInt(1, 1);
                byName.setString(2, "one");
                assertThat(byName.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = byName.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(1);
                    assertThat(keys.next()).isFalse();
                }
            }
            try (PreparedStatement allColumns = c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS)) {
                allColumns.setInt(1, 2);
                allColumns.setString(2, "two");
                assertThat(allColumns.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = allColumns.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getInt("id")).isEqualTo(2);
                    assertThat(keys.getString("name")).isEqualTo("two");
                    assertThat(keys.getInt("qty")).as("the default, filled in by the server").isEqualTo(7);
                }
            }
            assertThat(rows(c, "insert into crud_returning (id, name) values (3, 'three'), (4, 'four') returning *"))
                    .containsExactly("3|three|7", "4|four|7");
            assertThat(rows(c, "update crud_returning set qty = qty + id where id <= 2 returning id, qty"))
                    .containsExactlyInAnyOrder("1|8", "2|9");
            assertThat(rows(c, "delete from crud_returning where id = 4 returning name")).containsExactly("four");
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_returning")).isEqualTo(3);
        }
    }

    @Test
    void fetchSizeReadsAThousandRowsInPortions() throws SQLException {
        try (Connection c = target.connect()) {
            createTable(c, "crud_cursor", "id integer primary key, payload text");
            Jdbc.execute(c, "insert into crud_cursor (id, payload) select g, 'row ' || g from generate_series(1, 1000)"
                    + " as g");
            c.setAutoCommit(false);
            try (PreparedStatement select = c.prepareStatement("select id, payload from crud_cursor order by id")) {
                select.setFetchSize(100);
                try (ResultSet rs = select.executeQuery()) {
                    int read = 0;
                    while (rs.next()) {
                        read++;
                        assertThat(rs.getInt(1)).isEqualTo(read);
                        assertThat(rs.getString(2)).isEqualTo("row " + read);
                        if (read == 250) {
                            // another statement while the cursor's portal is suspended half-way
                            assertThat(Jdbc.selectInt(c, "select count(*) from crud_cursor where id > 900"))
                                    .isEqualTo(100);
                        }
                    }
                    assertThat(read).isEqualTo(1000);
                }
            }
            c.commit();
        }
    }

    @Test
    void commonTypesRoundTripInTextAndBinaryTransfer() throws SQLException {
        try (Connection c = target.connect()) {
            createTable(c, "crud_types", "id integer primary key, s smallint, b bigint, n numeric(12,3), r real, "
                    + "d double precision, flag boolean, t text, v varchar(10), ch char(4), day date, ts timestamp, "
                    + "tstz timestamptz, bin bytea");
            OffsetDateTime instant = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.UTC);
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into crud_types values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setShort(2, (short) -12);
                insert.setLong(3, 9_000_000_000L);
                insert.setBigDecimal(4, new BigDecimal("-12345.678"));
                insert.setFloat(5, 1.5f);
                insert.setDouble(6, 2.25);
                insert.setBoolean(7, true);
                insert.setString(8, "text é");
                insert.setString(9, "varchar");
                insert.setString(10, "ab");
                insert.setDate(11, Date.valueOf("2024-02-29"));
                insert.setTimestamp(12, Timestamp.valueOf("2024-02-29 23:59:58.123456"));
                insert.setObject(13, instant);
                insert.setBytes(14, new byte[] {0, 1, (byte) 0xff});
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            // pgJDBC switches a statement to a named server-side one, with binary results, after 5 executions
            try (PreparedStatement select = c.prepareStatement("select * from crud_types where id = ?")) {
                for (int execution = 1; execution <= 7; execution++) {
                    select.setInt(1, 1);
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getShort("s")).isEqualTo((short) -12);
                        assertThat(rs.getLong("b")).isEqualTo(9_000_000_000L);
                        assertThat(rs.getBigDecimal("n")).isEqualTo(new BigDecimal("-12345.678"));
                        assertThat(rs.getFloat("r")).isEqualTo(1.5f);
                        assertThat(rs.getDouble("d")).isEqualTo(2.25);
                        assertThat(rs.getBoolean("flag")).isTrue();
                        assertThat(rs.getString("t")).isEqualTo("text é");
                        assertThat(rs.getString("v")).isEqualTo("varchar");
                        assertThat(rs.getString("ch")).isEqualTo("ab  ");
                        assertThat(rs.getDate("day")).isEqualTo(Date.valueOf("2024-02-29"));
                        assertThat(rs.getTimestamp("ts")).isEqualTo(Timestamp.valueOf("2024-02-29 23:59:58.123456"));
                        assertThat(rs.getObject("tstz", OffsetDateTime.class).toInstant())
                                .isEqualTo(instant.toInstant());
                        assertThat(rs.getBytes("bin")).containsExactly(0, 1, 0xff);
                        // java.sql.Types follow from the type OIDs of RowDescription (getColumnTypeName would
                        // send a catalog query: isAutoIncrement looks for nextval defaults)
                        assertThat(columnTypes(rs.getMetaData())).containsExactly(Types.INTEGER, Types.SMALLINT,
                                Types.BIGINT, Types.NUMERIC, Types.REAL, Types.DOUBLE, Types.BIT, Types.VARCHAR,
                                Types.VARCHAR, Types.CHAR, Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP,
                                Types.BINARY);
                        if (execution == 1 || execution == 7) {
                            PGResultSetMetaData pgMeta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                            assertThat(pgMeta.getFormat(1)).as("int4 result format (1 = binary), execution %d",
                                    execution).isEqualTo(execution == 1 ? 0 : 1);
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> badStatements() {
        return Stream.of(
                arguments("42P01", "select * from no_such_table", "relation \"no_such_table\" does not exist"),
                arguments("42703", "select no_such_column from crud_errors",
                        "column \"no_such_column\" does not exist"),
                arguments("42601", "selec 1", "syntax error at or near \"selec\""),
                arguments("23502", "insert into crud_errors (id, name) values (2, null)",
                        "null value in column \"name\" of relation \"crud_errors\" violates not-null constraint"),
                arguments("22P02", "select 'abc'::integer", "invalid input syntax for type integer: \"abc\""),
                arguments("22P02", "insert into crud_errors (id, name, qty) values (3, 'three', 'many')",
                        "invalid input syntax for type integer: \"many\""),
                arguments("22012", "select 1 / 0", "division by zero"),
                arguments("22012", "select qty / (qty - 10) from crud_errors where id = 1", "division by zero"),
                arguments("42P07", "create table crud_errors (id integer)", "relation \"crud_errors\" already exists"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badStatements")
    void badInputFailsWithPostgresSqlstateAndMessage(String sqlState, String sql, String message) throws SQLException {
        try (Connection c = target.connect()) {
            ServerErrorMessage error = serverError(sqlState, () -> Jdbc.execute(c, sql));
            assertThat(error.getSeverity()).isEqualTo("ERROR");
            assertThat(error.getMessage()).isEqualTo(message);
            assertThat(Jdbc.selectInt(c, "select 41 + 1")).as("the session goes on").isEqualTo(42);
            assertThat(rows(c, "select id, name, qty from crud_errors")).containsExactly("1|one|10");
        }
    }

    @Test
    void duplicateKeyFailsWith23505AndNamesTheKey() throws SQLException {
        try (Connection c = target.connect()) {
            ServerErrorMessage literal = serverError("23505",
                    () -> Jdbc.execute(c, "insert into crud_errors (id, name) values (1, 'again')"));
            assertThat(literal.getMessage())
                    .isEqualTo("duplicate key value violates unique constraint \"crud_errors_pkey\"");
            assertThat(literal.getDetail()).isEqualTo("Key (id)=(1) already exists.");

            try (PreparedStatement insert = c.prepareStatement("insert into crud_errors (id, name) values (?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "again");
                ServerErrorMessage bound = serverError("23505", insert::executeUpdate);
                assertThat(bound.getDetail()).isEqualTo("Key (id)=(1) already exists.");
            }

            createTable(c, "crud_unique", "id integer primary key, code text unique");
            Jdbc.execute(c, "insert into crud_unique (id, code) values (1, 'a')");
            ServerErrorMessage unique = serverError("23505",
                    () -> Jdbc.execute(c, "insert into crud_unique (id, code) values (2, 'a')"));
            assertThat(unique.getMessage())
                    .isEqualTo("duplicate key value violates unique constraint \"crud_unique_code_key\"");
            assertThat(unique.getDetail()).isEqualTo("Key (code)=(a) already exists.");
        }
    }

    @Test
    void aFailedStatementLeavesNoneOfItsRows() throws SQLException {
        try (Connection c = target.connect()) {
            serverError("23505", () -> Jdbc.execute(c,
                    "insert into crud_errors (id, name) values (10, 'ten'), (11, 'eleven'), (1, 'duplicate')"));
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_errors where id in (10, 11)")).isZero();
            serverError("22012", () -> Jdbc.execute(c, "update crud_errors set qty = qty / (id - 1)"));
            assertThat(rows(c, "select id, name, qty from crud_errors")).containsExactly("1|one|10");
        }
    }

    @Test
    void concurrentUpdateUnderRepeatableReadFailsWith40001() throws SQLException {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            createTable(first, "crud_serial", "id integer primary key, qty integer not null");
            Jdbc.execute(first, "insert into crud_serial (id, qty) values (1, 0)");
            first.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            first.setAutoCommit(false);
            assertThat(Jdbc.selectInt(first, "select qty from crud_serial where id = 1")).isZero();

            Jdbc.execute(second, "update crud_serial set qty = qty + 1 where id = 1");
            ServerErrorMessage error = serverError("40001",
                    () -> Jdbc.execute(first, "update crud_serial set qty = qty + 10 where id = 1"));
            assertThat(error.getMessage()).isEqualTo("could not serialize access due to concurrent update");
            first.rollback();
            assertThat(Jdbc.selectInt(first, "select qty from crud_serial where id = 1")).isEqualTo(1);
            first.commit();
        }
    }

    @Test
    void statementsAfterAnErrorInATransactionFailWith25P02UntilRollback() throws SQLException {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "insert into crud_errors (id, name) values (5, 'five')");
            serverError("42P01", () -> Jdbc.execute(c, "select * from no_such_table"));
            ServerErrorMessage aborted = serverError("25P02", () -> Jdbc.selectInt(c, "select 1"));
            assertThat(aborted.getMessage())
                    .isEqualTo("current transaction is aborted, commands ignored until end of transaction block");
            serverError("25P02", () -> Jdbc.execute(c, "insert into crud_errors (id, name) values (6, 'six')"));
            c.rollback();
            assertThat(Jdbc.selectInt(c, "select count(*) from crud_errors where id in (5, 6)")).isZero();
            c.commit();
        }
    }

    /** The server's error for a call that must fail with the given SQLSTATE. */
    static ServerErrorMessage serverError(String sqlState, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected SQLSTATE %s", sqlState).isInstanceOf(PSQLException.class);
        PSQLException e = (PSQLException) thrown;
        assertThat(e.getSQLState()).as("SQLSTATE of: %s", e.getMessage()).isEqualTo(sqlState);
        assertThat(e.getServerErrorMessage()).as("a server error, not a driver error: %s", e).isNotNull();
        return e.getServerErrorMessage();
    }

    static void createTable(Connection c, String name, String columns) throws SQLException {
        Jdbc.execute(c, "drop table if exists " + name);
        Jdbc.execute(c, "create table " + name + " (" + columns + ")");
    }

    /** Each row as its columns' text joined with '|' (null as "null"). */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static List<Integer> columnTypes(ResultSetMetaData meta) throws SQLException {
        List<Integer> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            types.add(meta.getColumnType(i));
        }
        return types;
    }
}
