package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * Issue 7, acceptance 8 (bad bytes) and 5 (nesting): invalid UTF-8 and NUL bytes from a client, through psql,
 * COPY and the extended protocol, are ERROR 22021 with PostgreSQL's report_invalid_encoding text; only that
 * statement fails, nothing is stored and the session goes on. A statement nested 1,000 parentheses deep answers as
 * in PostgreSQL; far deeper is PostgreSQL's 42601 or 54001, never a crash.
 */
class BadBytesIT {
    private static final String INVALID_C3_28 = "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28";

    private static TestServer server;
    private static Connection session;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.create().start();
        session = Jdbc.connect(server);
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
        server.close();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        Jdbc.execute(session, "drop table if exists bad_bytes");
        Jdbc.execute(session, "create table bad_bytes (id integer, t text)");
    }

    private static long storedRows() throws SQLException {
        return Jdbc.selectLong(session, "select count(*) from bad_bytes");
    }

    private static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) part;
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static Cli.Result psqlFile(byte[] script) throws IOException {
        Path file = Files.createTempFile(server.root, "bad-bytes", ".sql");
        Files.write(file, script);
        return Cli.run(Duration.ofSeconds(30), Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"), "-X",
                "-A", "-t", "-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", "postgres", "-d",
                "postgres", "-f", file.toString()));
    }

    @Test
    void invalidUtf8InAPsqlScriptFailsOnlyThatStatement() throws Exception {
        Cli.Result psql = psqlFile(concat("insert into bad_bytes values (1, 'caf", new byte[] {(byte) 0xc3, 0x28},
                "');\nselect 'still here', count(*) from bad_bytes;\n"));
        assertThat(psql.stderr()).as(psql.all()).contains("ERROR:  " + INVALID_C3_28);
        assertThat(psql.stdout()).as(psql.all()).contains("still here|0");
        assertThat(storedRows()).isZero();
    }

    @Test
    void invalidUtf8InCopyDataFailsTheWholeCopy() throws Exception {
        Cli.Result psql = psqlFile(concat("copy bad_bytes from stdin;\n1\tgood\n2\tb", new byte[] {(byte) 0xff},
                "d\n\\.\nselect 'after copy', count(*) from bad_bytes;\n"));
        assertThat(psql.stderr()).as(psql.all()).contains("ERROR:  invalid byte sequence for encoding \"UTF8\": 0xff");
        assertThat(psql.stdout()).as(psql.all()).contains("after copy|0");
        assertThat(storedRows()).isZero();
    }

    @Test
    void aNulByteInCopyDataIsRefused() throws Exception {
        byte[] data = concat("1\tgood\n2\tnul", new byte[] {0}, "here\n");
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> session.unwrap(PGConnection.class)
                .getCopyAPI().copyIn("copy bad_bytes from stdin", new ByteArrayInputStream(data)));
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("22021");
        assertThat(e.getServerErrorMessage().getMessage())
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": 0x00");
        assertThat(storedRows()).isZero();
    }

    @Test
    void invalidUtf8InTheProtocolIsRefusedAndTheSessionGoesOn() throws Exception {
        try (RawSession raw = RawSession.open(server.port)) {
            // a simple query with a bad byte in its text
            assertThat(raw.simpleQuery(concat("select 'caf", new byte[] {(byte) 0xc3, 0x28}, "'")))
                    .containsEntry('C', "22021").containsEntry('M', INVALID_C3_28);
            // a text parameter (format 0) with a bad byte
            raw.parse("insert into bad_bytes values ($1, $2)", 23, 25);
            assertThat(raw.bindExecuteSync((short) 0, "1".getBytes(StandardCharsets.US_ASCII),
                    concat("caf", new byte[] {(byte) 0xc3, 0x28})))
                    .containsEntry('C', "22021").containsEntry('M', INVALID_C3_28);
            // a binary text parameter (format 1: textrecv verifies too) with a NUL
            raw.parse("insert into bad_bytes values (1, $1)", 25);
            assertThat(raw.bindExecuteSync((short) 1, concat("nul", new byte[] {0}, "here")))
                    .containsEntry('C', "22021")
                    .containsEntry('M', "invalid byte sequence for encoding \"UTF8\": 0x00");
            // the same session still works, and stores what is valid
            raw.parse("insert into bad_bytes values (7, $1)", 25);
            assertThat(raw.bindExecuteSync((short) 0, "café".getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
        assertThat(Jdbc.selectLong(session, "select count(*) from bad_bytes where t = 'café' and id = 7"))
                .isEqualTo(1);
        assertThat(storedRows()).isEqualTo(1);
    }

    @Test
    void thousandNestedParenthesesAnswerAsPostgresDoes() throws Exception {
        // PostgreSQL's own grammar (libpg_query) takes a thousand levels, as PostgreSQL does
        String sql = "select " + "(".repeat(1000) + "1" + ")".repeat(1000);
        assertThat(Jdbc.selectInt(session, sql)).isEqualTo(1);
        // far deeper overflows the grammar's own stack, PostgreSQL's 42601 "memory exhausted"; the session goes on
        String deep = "select " + "(".repeat(200_000) + "1" + ")".repeat(200_000);
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> Jdbc.selectInt(session, deep));
        assertThat((Throwable) e).isNotNull();
        assertThat(e.getSQLState()).isEqualTo("42601");
        assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("memory exhausted at or near \"(\"");
        // an operator chain nested past what a backend's stack takes is 54001 (check_stack_depth)
        String chain = "select " + "1+".repeat(50_000) + "1";
        PSQLException tooDeep = catchThrowableOfType(PSQLException.class, () -> Jdbc.selectInt(session, chain));
        assertThat(tooDeep.getSQLState()).isEqualTo("54001");
        assertThat(tooDeep.getServerErrorMessage().getMessage()).isEqualTo("stack depth limit exceeded");
        assertThat(Jdbc.selectInt(session, "select " + "1+".repeat(5_000) + "1")).isEqualTo(5001);
        StringBuilder sum = new StringBuilder("select 1");
        for (int i = 0; i < 30; i++) {
            sum.append(" + (1");
        }
        sum.append(")".repeat(30));
        assertThat(Jdbc.selectInt(session, sum.toString())).isEqualTo(31);
        assertThat(Jdbc.selectInt(session, "select ((((((((((2))))))))))")).isEqualTo(2);
        // INSERT, UPDATE and DELETE go through the same grammar and nest as deep
        Jdbc.execute(session, "delete from bad_bytes where id = " + "(".repeat(1000) + "-1" + ")".repeat(1000));
    }

    /** A protocol 3.0 session over a plain socket, for bytes no driver would send. */
    private static final class RawSession implements AutoCloseable {
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;

        private RawSession(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new DataOutputStream(socket.getOutputStream());
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawSession open(int port) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            RawSession session = new RawSession(s);
            byte[] pairs = concat("user\0postgres\0database\0postgres\0\0");
            session.out.writeInt(8 + pairs.length);
            session.out.writeInt(196608);
            session.out.write(pairs);
            session.out.flush();
            assertThat(session.untilReady()).as("startup").isEmpty();
            return session;
        }

        private void message(char type, byte[] body) throws IOException {
            out.writeByte(type);
            out.writeInt(4 + body.length);
            out.write(body);
        }

        Map<Character, String> simpleQuery(byte[] sql) throws IOException {
            message('Q', concat(sql, new byte[] {0}));
            out.flush();
            return untilReady();
        }

        void parse(String sql, int... types) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.write(concat("\0", sql, "\0"));
            b.writeShort(types.length);
            for (int type : types) {
                b.writeInt(type);
            }
            message('P', body.toByteArray());
        }

        /** Bind (all parameters in one format) to the unnamed statement, Execute, Sync: the error's fields. */
        Map<Character, String> bindExecuteSync(short format, byte[]... values) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream b = new DataOutputStream(body);
            b.write(new byte[] {0, 0});
            b.writeShort(1);
            b.writeShort(format);
            b.writeShort(values.length);
            for (byte[] value : values) {
                b.writeInt(value.length);
                b.write(value);
            }
            b.writeShort(0);
            message('B', body.toByteArray());
            message('E', new byte[] {0, 0, 0, 0, 0});
            message('S', new byte[0]);
            out.flush();
            return untilReady();
        }

        /** Reads to ReadyForQuery; returns the first ErrorResponse's fields (empty if none). */
        Map<Character, String> untilReady() throws IOException {
            Map<Character, String> error = new LinkedHashMap<>();
            while (true) {
                int type = in.readUnsignedByte();
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                if (type == 'E' && error.isEmpty()) {
                    int i = 0;
                    while (body[i] != 0) {
                        int end = i + 1;
                        while (body[end] != 0) {
                            end++;
                        }
                        error.put((char) body[i], new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8));
                        i = end + 1;
                    }
                }
                if (type == 'Z') {
                    return error;
                }
            }
        }

        @Override
        public void close() throws IOException {
            message('X', new byte[0]);
            out.flush();
            socket.close();
        }
    }
}
