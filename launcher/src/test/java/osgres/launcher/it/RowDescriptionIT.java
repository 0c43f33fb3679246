package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10, section 4: RowDescription carries, for each column that comes straight from a table's column, the
 * table's OID and the column's number (pgJDBC's ResultSetMetaData.getTableName and isNullable start from them),
 * through subqueries, joins and WITH queries; a view's column is the view's; an expression, a set operation's output
 * or VALUES has 0 and 0. Read from the wire as a driver does. Runs against a reference PostgreSQL 15 with
 * -Dosgres.it.reference.port (see SqlTarget).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowDescriptionIT {
    private SqlTarget target;
    private long t;
    private long u;
    private long v;

    @BeforeAll
    void start() throws Exception {
        target = SqlTarget.start();
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop view if exists rd_v");
            JdbcCrudIT.createTable(c, "rd_t", "a integer primary key, b text not null");
            JdbcCrudIT.createTable(c, "rd_u", "a integer, c numeric");
            Jdbc.execute(c, "create view rd_v as select b, a from rd_t");
            t = Jdbc.selectLong(c, "select 'rd_t'::regclass::oid");
            u = Jdbc.selectLong(c, "select 'rd_u'::regclass::oid");
            v = Jdbc.selectLong(c, "select 'rd_v'::regclass::oid");
        }
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void tableColumnsCarryTheirTableAndNumber() throws Exception {
        assertThat(origins("select b, a, a + 1 as c, 1 as d, rd_t.* from rd_t"))
                .containsExactly(t + ".2", t + ".1", "0.0", "0.0", t + ".1", t + ".2");
        assertThat(origins("select x.b, y.c, a from rd_t x join rd_u y using (a)"))
                .containsExactly(t + ".2", u + ".2", t + ".1");
        assertThat(origins("select s.k from (select b as k from rd_t) s")).containsExactly(t + ".2");
        assertThat(origins("with w as (select c, a from rd_u) select a, c from w")).containsExactly(u + ".1", u + ".2");
        assertThat(origins("select a from rd_v")).as("a view's column is the view's").containsExactly(v + ".2");
    }

    @Test
    void computedColumnsHaveNone() throws Exception {
        assertThat(origins("select a from rd_t union select a from rd_u")).containsExactly("0.0");
        assertThat(origins("values (1, 'x')")).containsExactly("0.0", "0.0");
        assertThat(origins("select count(*), max(a) from rd_t")).containsExactly("0.0", "0.0");
        assertThat(origins("select g from generate_series(1, 2) g")).containsExactly("0.0");
    }

    @Test
    void returningColumnsCarryTheirTable() throws Exception {
        assertThat(origins("insert into rd_u values (1, 2.5) returning c, a, a * 2"))
                .containsExactly(u + ".2", u + ".1", "0.0");
    }

    /** The RowDescription of a simple query, each column as {@code tableOid.columnNumber}. */
    private List<String> origins(String sql) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", target.port()), 10_000);
            s.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] pairs = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.UTF_8);
            out.writeInt(8 + pairs.length);
            out.writeInt(196608);
            out.write(pairs);
            out.flush();
            untilReady(in);
            byte[] query = (sql + "\0").getBytes(StandardCharsets.UTF_8);
            out.writeByte('Q');
            out.writeInt(4 + query.length);
            out.write(query);
            out.flush();
            List<String> columns = untilReady(in);
            out.writeByte('X');
            out.writeInt(4);
            out.flush();
            return columns;
        }
    }

    /** Reads to ReadyForQuery; the last RowDescription's columns as {@code tableOid.columnNumber}. */
    private static List<String> untilReady(DataInputStream in) throws IOException {
        List<String> columns = new ArrayList<>();
        while (true) {
            int type = in.readUnsignedByte();
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            assertThat((char) type).as("no ErrorResponse: %s", new String(body, StandardCharsets.UTF_8))
                    .isNotEqualTo('E');
            if (type == 'T') {
                columns.clear();
                DataInputStream fields = new DataInputStream(new java.io.ByteArrayInputStream(body));
                int count = fields.readUnsignedShort();
                for (int i = 0; i < count; i++) {
                    while (fields.readByte() != 0) {
                        // the column's name
                    }
                    long tableOid = Integer.toUnsignedLong(fields.readInt());
                    int columnNumber = fields.readShort();
                    fields.skipBytes(12); // type oid, size, modifier, format
                    columns.add(tableOid + "." + columnNumber);
                }
            }
            if (type == 'Z') {
                return columns;
            }
        }
    }
}
