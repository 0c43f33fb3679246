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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The uuid type as pgJDBC uses it: {@code setObject(java.util.UUID)} sends the 16 bytes in binary (uuid_recv) once
 * a statement is server-prepared, and {@code getObject} reads a uuid column back as a UUID from text (uuid_out) and
 * from binary (uuid_send); an index on a uuid column answers a lookup by a bound UUID; a unique index on it makes a
 * second session's insert of the same value wait for the first session's open transaction, then fail with 23505
 * (or succeed when the first rolls back); and uuid rows and their index survive a crash (WAL redo).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UuidIT {
    private TestServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /**
     * prepareThreshold=1 and binary transfer: from the first execution on the statement is a named server-side one,
     * and pgJDBC binds UUID parameters and reads uuid results in binary; otherwise both travel as text.
     */
    private Connection connect(boolean binary) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "1");
        props.setProperty("binaryTransfer", Boolean.toString(binary));
        return Jdbc.connect(server.port, props);
    }

    @Test
    void uuidParametersAndResultsRoundTripInTextAndBinary() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table uuid_roundtrip (id uuid, binary_insert boolean, n int)");
        }
        UUID high = UUID.fromString("ffffffff-0000-4000-8000-00000000000f");
        for (boolean binary : new boolean[] {false, true}) {
            List<UUID> inserted = new ArrayList<>();
            try (Connection c = connect(binary)) {
                try (PreparedStatement insert = c.prepareStatement("insert into uuid_roundtrip values (?, ?, ?)")) {
                    for (int i = 0; i < 5; i++) {
                        UUID id = i == 0 ? high : UUID.randomUUID();
                        inserted.add(id);
                        insert.setObject(1, id);
                        insert.setBoolean(2, binary);
                        insert.setInt(3, i);
                        insert.executeUpdate();
                    }
                }
                try (PreparedStatement select = c.prepareStatement(
                        "select id, id::text, ? = id, array[id, null] from uuid_roundtrip "
                                + "where binary_insert = ? and id = ?")) {
                    // several executions: the later ones certainly use the server-prepared, described statement
                    for (int round = 0; round < 3; round++) {
                        for (UUID id : inserted) {
                            select.setObject(1, id);
                            select.setBoolean(2, binary);
                            select.setObject(3, id);
                            try (ResultSet rs = select.executeQuery()) {
                                assertThat(rs.next()).as("row for %s, binary=%s", id, binary).isTrue();
                                assertThat(rs.getObject(1)).isInstanceOf(UUID.class).isEqualTo(id);
                                assertThat(rs.getObject(1, UUID.class)).isEqualTo(id);
                                assertThat(rs.getString(2)).isEqualTo(id.toString());
                                assertThat(rs.getBoolean(3)).isTrue();
                                Array array = rs.getArray(4);
                                assertThat((Object[]) array.getArray()).containsExactly(id, null);
                                if (round > 0) {
                                    PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                                    assertThat(meta.getFormat(1)).as("uuid result format, binary=%s", binary)
                                            .isEqualTo(binary ? 1 : 0);
                                }
                                // pgJDBC maps pg_type oid 2950 to java.util.UUID (getColumnTypeName would ask
                                // pg_class whether the column is serial, which is another piece of issue 10)
                                assertThat(rs.getMetaData().getColumnType(1)).isEqualTo(java.sql.Types.OTHER);
                                assertThat(rs.getMetaData().getColumnClassName(1)).isEqualTo("java.util.UUID");
                                assertThat(rs.next()).isFalse();
                            }
                        }
                    }
                }
            }
        }
        try (Connection c = Jdbc.connect(server)) {
            // the rows of both connections compare equal as uuid, whichever format carried them in
            assertThat(Jdbc.selectLong(c, "select count(*) from uuid_roundtrip where id = '"
                    + high.toString().toUpperCase(java.util.Locale.ROOT) + "'")).isEqualTo(2);
            assertThat(Jdbc.column(c, "select id from uuid_roundtrip order by id desc limit 1"))
                    .containsExactly(high.toString());
        }
    }

    @Test
    void anIndexOnAUuidColumnFindsTheRowOfABoundUuid() throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect(true)) {
            Jdbc.execute(c, "create table uuid_lookup (id uuid primary key, n int)");
            try (PreparedStatement insert = c.prepareStatement("insert into uuid_lookup values (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    insert.setObject(1, id);
                    insert.setInt(2, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Jdbc.execute(c, "analyze uuid_lookup");
            String plan = String.join("\n", Jdbc.column(c, "explain (costs off) select n from uuid_lookup where id = '"
                    + ids.get(7) + "'"));
            assertThat(plan).contains("Index Scan using uuid_lookup_pkey on uuid_lookup");
            try (PreparedStatement lookup = c.prepareStatement("select n from uuid_lookup where id = ?")) {
                for (int i = 0; i < ids.size(); i += 97) {
                    lookup.setObject(1, ids.get(i));
                    try (ResultSet rs = lookup.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(i);
                        assertThat(rs.next()).isFalse();
                    }
                }
                lookup.setObject(1, new UUID(0, 0));
                try (ResultSet rs = lookup.executeQuery()) {
                    assertThat(rs.next()).isFalse();
                }
            }
            // the index's order is uuid_cmp's: unsigned bytes, as Java's UUID.compareTo is not
            List<String> sorted = ids.stream().map(UUID::toString).sorted().toList();
            assertThat(Jdbc.column(c, "select id from uuid_lookup order by id")).isEqualTo(sorted);
        }
    }

    @Test
    void aSecondSessionsDuplicateUuidWaitsForTheFirstThenFailsWith23505() throws Exception {
        UUID id = UUID.fromString("0e1d2c3b-4a59-4687-a5b4-c3d2e1f00112");
        try (Connection first = connect(true); Connection second = connect(true)) {
            Jdbc.execute(first, "create table uuid_unique (id uuid unique, who text)");
            first.setAutoCommit(false);
            insert(first, id, "first");
            Future<?> duplicate = threads.submit(Waits.call(() -> insert(second, id, "second")));
            Waits.assertStillWaiting(duplicate);
            first.commit();
            Throwable failure = Waits.failureOf(duplicate);
            assertThat(failure).isInstanceOf(PSQLException.class);
            ServerErrorMessage error = ((PSQLException) failure).getServerErrorMessage();
            assertThat(error.getSQLState()).isEqualTo("23505");
            assertThat(error.getMessage())
                    .isEqualTo("duplicate key value violates unique constraint \"uuid_unique_id_key\"");
            assertThat(error.getDetail()).isEqualTo("Key (id)=(" + id + ") already exists.");

            // when the first session rolls back instead, the waiting insert goes ahead
            UUID other = UUID.fromString("F0000000-0000-4000-8000-000000000001");
            insert(first, other, "first");
            Future<?> second2 = threads.submit(Waits.call(() -> insert(second, other, "second")));
            Waits.assertStillWaiting(second2);
            first.rollback();
            second2.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            first.setAutoCommit(true);
            assertThat(Jdbc.column(first, "select who || ' ' || id from uuid_unique order by id"))
                    .containsExactly("first " + id, "second " + other);
        }
    }

    @Test
    void uuidRowsAndTheirIndexSurviveACrash() throws SQLException {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table uuid_durable (id uuid primary key, ids uuid[])");
            Jdbc.execute(c, "insert into uuid_durable select md5(g::text)::uuid, array[md5(g::text)::uuid] "
                    + "from generate_series(1, 500) g");
        }
        server.crash();
        server.restart();
        try (Connection c = Jdbc.connect(server)) {
            assertThat(Jdbc.selectLong(c, "select count(*) from uuid_durable where id = ids[1]")).isEqualTo(500);
            Jdbc.execute(c, "set enable_seqscan = off");
            assertThat(Jdbc.selectString(c, "select ids[1]::text from uuid_durable where id = md5('42')::uuid"))
                    .as("md5('42') as PostgreSQL 15 prints it").isEqualTo("a1d0c6e8-3f02-7327-d846-1063f4ac58a6");
        }
    }

    private static void insert(Connection c, UUID id, String who) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into uuid_unique values (?, ?)")) {
            s.setObject(1, id);
            s.setString(2, who);
            s.executeUpdate();
        }
    }
}
