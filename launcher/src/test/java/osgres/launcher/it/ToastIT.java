package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Issue 7, acceptance 6 (TOAST): values far over a page (a 10 MB text, a 5 MB bytea) go in and come back exactly
 * through psql and through pgJDBC in the simple protocol, the extended protocol with text results and with binary
 * transfer; they survive kill -9 and recovery; UPDATE and DELETE of toasted rows work and VACUUM makes their old
 * chunks' space reusable; a table of 1,600 columns (PostgreSQL's maximum) is created, filled and read back, and
 * 1,601 columns are 54011.
 */
class ToastIT {
    private static final int TEXT_BYTES = 10 * 1024 * 1024;
    private static final int BYTEA_BYTES = 5 * 1024 * 1024;
    private static final Duration PSQL_TIMEOUT = Duration.ofMinutes(3);

    /** The pgJDBC protocol variants: simple query, extended with text results, extended with binary transfer. */
    private enum Protocol {
        SIMPLE(Map.of("preferQueryMode", "simple")),
        EXTENDED_TEXT(Map.of("prepareThreshold", "0", "binaryTransfer", "false")),
        EXTENDED_BINARY(Map.of("prepareThreshold", "-1", "binaryTransfer", "true"));

        final Map<String, String> properties;

        Protocol(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** Text of random words: it compresses somewhat, as real documents do, but not to nothing. */
    private static String words(int length, long seed) {
        Random random = new Random(seed);
        String[] vocabulary = {"toast", "chunk", "pointer", "page", "heap", "vacuum", "tuple", "ähnlich", "日本"};
        StringBuilder sb = new StringBuilder(length + 16);
        while (sb.length() < length) {
            sb.append(vocabulary[random.nextInt(vocabulary.length)]).append(random.nextInt(100_000)).append(' ');
        }
        return sb.substring(0, length);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Connection connect(SqlTarget target, Protocol protocol) throws SQLException {
        Properties props = new Properties();
        props.putAll(protocol.properties);
        return Jdbc.connect(target.port(), props);
    }

    /** Reads one row's text and bytea back and compares them exactly (length and md5 first, for a short message). */
    private static void assertRow(Connection c, int id, String text, byte[] blob) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select body, blob from toast_docs where id = ?")) {
            s.setInt(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("row %d", id).isTrue();
                String body = rs.getString(1);
                byte[] bytes = rs.getBytes(2);
                assertThat(body.length()).as("text length of row %d", id).isEqualTo(text.length());
                assertThat(md5(body.getBytes(StandardCharsets.UTF_8))).as("text md5 of row %d", id)
                        .isEqualTo(md5(text.getBytes(StandardCharsets.UTF_8)));
                assertThat(body.equals(text)).as("text of row %d equal", id).isTrue();
                assertThat(bytes.length).as("bytea length of row %d", id).isEqualTo(blob.length);
                assertThat(md5(bytes)).as("bytea md5 of row %d", id).isEqualTo(md5(blob));
            }
        }
    }

    private static void insertRow(Connection c, int id, String text, byte[] blob) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into toast_docs (id, body, blob) values (?, ?, ?)")) {
            s.setInt(1, id);
            s.setString(2, text);
            s.setBytes(3, blob);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void bigValuesRoundTripThroughPgJdbcAndPsqlAndSurviveKillDashNine() throws Exception {
        String text = words(TEXT_BYTES, 1);
        byte[] blob = randomBytes(BYTEA_BYTES, 2);
        try (SqlTarget target = SqlTarget.start()) {
            try (Connection c = target.connect()) {
                JdbcCrudIT.createTable(c, "toast_docs", "id integer primary key, body text, blob bytea");
            }
            for (Protocol p : Protocol.values()) {
                try (Connection c = connect(target, p)) {
                    int id = p.ordinal() + 1;
                    insertRow(c, id, text, blob);
                    for (Protocol reader : Protocol.values()) {
                        try (Connection r = connect(target, reader)) {
                            assertRow(r, id, text, blob);
                        }
                    }
                }
            }

            String psqlText = words(TEXT_BYTES, 3);
            byte[] psqlBlob = randomBytes(BYTEA_BYTES, 4);
            Path script = Files.createTempFile("toast-it", ".sql");
            try {
                Files.writeString(script, "insert into toast_docs (id, body, blob) values (10, '" + psqlText
                        + "', '\\x" + HexFormat.of().formatHex(psqlBlob) + "');\n", StandardCharsets.UTF_8);
                Cli.Result insert = psqlFile(target, script);
                assertThat(insert.exitCode()).as("psql -f: %s", insert.stderr()).isZero();
                assertThat(insert.stdout()).contains("INSERT 0 1");
            } finally {
                Files.deleteIfExists(script);
            }
            Cli.Result body = Cli.psql(PSQL_TIMEOUT, "127.0.0.1", target.port(),
                    "select body from toast_docs where id = 10");
            assertThat(body.exitCode()).as("psql: %s", body.stderr()).isZero();
            assertThat(body.stdout().stripTrailing().equals(psqlText)).as("text through psql").isTrue();
            Cli.Result bytes = Cli.psql(PSQL_TIMEOUT, "127.0.0.1", target.port(),
                    "select blob from toast_docs where id = 10");
            assertThat(bytes.exitCode()).as("psql: %s", bytes.stderr()).isZero();
            assertThat(bytes.stdout().strip().equals("\\x" + HexFormat.of().formatHex(psqlBlob)))
                    .as("bytea through psql, hex output").isTrue();
            try (Connection c = target.connect()) {
                assertRow(c, 10, psqlText, psqlBlob);
            }

            // a big row in flight when the server dies must vanish; every committed one must come back
            try (Connection open = target.connect()) {
                open.setAutoCommit(false);
                insertRow(open, 99, words(2 * 1024 * 1024, 5), randomBytes(1024 * 1024, 6));
                target.crash();
            } catch (SQLException expectedAfterCrash) {
                // the connection died with the server
            }
            target.restart();
            try (Connection c = target.connect()) {
                for (Protocol p : Protocol.values()) {
                    assertRow(c, p.ordinal() + 1, text, blob);
                }
                assertRow(c, 10, psqlText, psqlBlob);
                assertThat(Jdbc.selectInt(c, "select count(*) from toast_docs where id = 99")).isZero();
                assertThat(Jdbc.selectInt(c, "select count(*) from toast_docs")).isEqualTo(4);
            }
        }
    }

    private static Cli.Result psqlFile(SqlTarget target, Path script) {
        return Cli.run(PSQL_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"), "-X", "-A", "-t",
                "-h", "127.0.0.1", "-p", Integer.toString(target.port()), "-U", "postgres", "-d", "postgres", "-v",
                "ON_ERROR_STOP=1", "-f", script.toString()));
    }

    /** Bytes of the data directory's relation files of database postgres (oid 5): what VACUUM lets be reused. */
    private static long relationBytes(SqlTarget target) {
        try (Stream<Path> files = Files.list(target.dataDir().resolve("base").resolve("5"))) {
            return files.mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void updateAndDeleteOfToastedRowsWorkAndVacuumReclaimsTheirChunks() throws SQLException {
        int rows = 6;
        int size = 1024 * 1024;
        try (SqlTarget target = SqlTarget.start(); Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "toast_docs", "id integer primary key, body text, blob bytea, note text");
            for (int id = 1; id <= rows; id++) {
                insertRow(c, id, "row " + id, randomBytes(size, id));
            }
            // an update of another column keeps the toasted value; one of the toasted column replaces it
            Jdbc.execute(c, "update toast_docs set note = 'noted' where id = 1");
            try (PreparedStatement u = c.prepareStatement("update toast_docs set blob = ? where id = 2")) {
                u.setBytes(1, randomBytes(size, 102));
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            assertRow(c, 1, "row 1", randomBytes(size, 1));
            assertRow(c, 2, "row 2", randomBytes(size, 102));
            assertThat(Jdbc.selectInt(c, "select count(*) from toast_docs where note = 'noted'")).isOne();

            Jdbc.execute(c, "delete from toast_docs where id > 2");
            Jdbc.execute(c, "vacuum toast_docs");
            long afterVacuum = relationBytes(target);
            // the chunks of four deleted rows and of two replaced values are free: six new rows fit in that space
            for (int id = 11; id <= 16; id++) {
                insertRow(c, id, "row " + id, randomBytes(size, id));
            }
            long grown = relationBytes(target) - afterVacuum;
            assertThat(grown).as("bytes the relation files grew by after VACUUM freed 6 MB of chunks")
                    .isLessThan(size);
            assertRow(c, 1, "row 1", randomBytes(size, 1));
            assertRow(c, 2, "row 2", randomBytes(size, 102));
            assertRow(c, 16, "row 16", randomBytes(size, 16));
            assertThat(Jdbc.selectInt(c, "select count(*) from toast_docs")).isEqualTo(8);
        }
    }

    private static String columnList(int columns, String type) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            sb.append(i > 1 ? ", " : "").append("c").append(i).append(' ').append(type);
        }
        return sb.toString();
    }

    @Test
    void aTableOf1600ColumnsWorksAnd1601Is54011() throws SQLException {
        try (SqlTarget target = SqlTarget.start(); Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists wide_1600");
            Jdbc.execute(c, "create table wide_1600 (" + columnList(1600, "integer") + ")");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 1600; i++) {
                values.append(i > 1 ? ", " : "").append(i * 3);
            }
            Jdbc.execute(c, "insert into wide_1600 values (" + values + ")");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from wide_1600")) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1600);
                assertThat(rs.getMetaData().getColumnName(1600)).isEqualTo("c1600");
                assertThat(rs.next()).isTrue();
                for (int i = 1; i <= 1600; i++) {
                    assertThat(rs.getInt(i)).as("c%d", i).isEqualTo(i * 3);
                }
            }
            Cli.Result psql = Cli.psql(PSQL_TIMEOUT, "127.0.0.1", target.port(),
                    "select c1, c800, c1600 from wide_1600");
            assertThat(psql.stdout().strip()).isEqualTo("3|2400|4800");

            SQLException tooMany = catchThrowableOfType(SQLException.class,
                    () -> Jdbc.execute(c, "create table wide_1601 (" + columnList(1601, "integer") + ")"));
            assertThat(tooMany.getSQLState()).isEqualTo("54011");
            assertThat(tooMany.getMessage()).contains("tables can have at most 1600 columns");
            SQLException addOne = catchThrowableOfType(SQLException.class,
                    () -> Jdbc.execute(c, "alter table wide_1600 add column c1601 integer"));
            assertThat(addOne.getSQLState()).isEqualTo("54011");
        }
    }
}
