package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ALTER TABLE on a partitioned table across sessions and crashes, against the real distribution over pgJDBC: ADD
 * COLUMN on the parent waits for a transaction that inserted into a partition (the parent's AccessExclusive lock),
 * then every partition has the column with its default, the committed row included; DROP COLUMN and ADD COLUMN that
 * leave the parent's and a partition's columns in different orders keep routing and reading right, and the table
 * stays partitioned (with an inherited CHECK) after a kill -9 and recovery.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionAlterIT {
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

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join(",", row));
            }
        }
        return out;
    }

    @Test
    void addColumnOnTheParentWaitsForAnInserterThenReachesEveryPartition() throws Exception {
        try (Connection writer = Jdbc.connect(server); Connection ddl = Jdbc.connect(server)) {
            Jdbc.execute(writer, "create table pa (k int, v text) partition by range (k)");
            Jdbc.execute(writer, "create table pa1 partition of pa for values from (0) to (100)");
            Jdbc.execute(writer, "create table pa2 partition of pa for values from (100) to (200)");
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into pa values (1, 'one'), (150, 'hundred fifty')");
            Future<?> alter = threads.submit(Waits.call(() -> Jdbc.execute(ddl,
                    "alter table pa add column w int default 7")));
            Waits.assertStillWaiting(alter);
            writer.commit();
            alter.get(Waits.DEADLINE_S, TimeUnit.SECONDS);
            writer.setAutoCommit(true);
            assertThat(rows(writer, "select tableoid::regclass, k, v, w from pa order by k"))
                    .containsExactly("pa1,1,one,7", "pa2,150,hundred fifty,7");
            assertThat(rows(writer, "select k, w from pa2")).containsExactly("150,7");
            Jdbc.execute(writer, "insert into pa values (2, 'two', 8), (151, 'x', 9)");
            assertThat(rows(writer, "select k, w from pa where w > 7 order by k")).containsExactly("2,8", "151,9");
        }
    }

    @Test
    void aPartitionedTableWithMovedColumnsSurvivesKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table pm (a int, b text, c int) partition by list (a)");
                Jdbc.execute(c, "alter table pm drop column b");
                Jdbc.execute(c, "alter table pm add column b text");
                Jdbc.execute(c, "create table pm1 (b text, c int, a int)");
                Jdbc.execute(c, "alter table pm attach partition pm1 for values in (1)");
                Jdbc.execute(c, "create table pm2 partition of pm for values in (2)");
                Jdbc.execute(c, "alter table pm add constraint c_pos check (c > 0)");
                Jdbc.execute(c, "insert into pm (a, b, c) values (1, 'x', 10), (2, 'y', 20)");
                c.setAutoCommit(false);
                Jdbc.execute(c, "insert into pm (a, b, c) values (1, 'lost', 30)");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(rows(c, "select tableoid::regclass, a, b, c from pm order by a"))
                        .containsExactly("pm1,1,x,10", "pm2,2,y,20");
                assertThat(rows(c, "select b, c, a from pm1")).containsExactly("x,10,1");
                Jdbc.execute(c, "insert into pm (a, b, c) values (2, 'z', 21)");
                assertThat(rows(c, "select count(*) from pm2")).containsExactly("2");
                try (Statement s = c.createStatement()) {
                    s.execute("insert into pm (a, b, c) values (1, 'bad', -1)");
                    throw new AssertionError("the inherited CHECK did not hold");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("23514");
                    assertThat(e.getMessage()).contains("relation \"pm1\" violates check constraint \"c_pos\"");
                }
            }
        }
    }
}
