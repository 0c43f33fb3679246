package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Issue 9: INSERT, UPDATE, DELETE and FOR UPDATE on PostgreSQL's pipeline (ModifyTable, LockRows), under concurrency,
 * driven with pgJDBC. Concurrent upserts (ON CONFLICT DO UPDATE) never lose an increment; an UPDATE ... FROM that
 * waits for a concurrent writer works on the newest version (EvalPlanQual) and skips a row that no longer
 * qualifies; SELECT ... FOR UPDATE waits, then returns the newest version or drops a row that no longer matches;
 * RETURNING and prepared statements with parameters work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModifyTableIT {
    private static final long DEADLINE_S = 60;

    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    @Test
    void concurrentUpsertsNeverLoseAnIncrement() throws Exception {
        int writers = 4;
        int each = 150;
        try (Connection setup = target.connect()) {
            JdbcCrudIT.createTable(setup, "upsert_counter", "k integer primary key, n integer not null");
        }
        List<Future<Void>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(threads.submit(() -> {
                try (Connection c = target.connect();
                     PreparedStatement upsert = c.prepareStatement("insert into upsert_counter values (?, 1) "
                             + "on conflict (k) do update set n = upsert_counter.n + excluded.n")) {
                    for (int i = 0; i < each; i++) {
                        upsert.setInt(1, i % 3);
                        upsert.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<Void> f : running) {
            f.get(DEADLINE_S, TimeUnit.SECONDS);
        }
        try (Connection c = target.connect()) {
            assertThat(JdbcCrudIT.rows(c, "select k, n from upsert_counter order by k"))
                    .containsExactly("0|200", "1|200", "2|200");
        }
    }

    @Test
    void updateFromWaitsThenWorksOnTheNewestVersion() throws Exception {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "epq_target", "id integer primary key, val integer not null");
            JdbcCrudIT.createTable(first, "epq_source", "id integer, factor integer");
            Jdbc.execute(first, "insert into epq_target values (1, 1), (2, 2)");
            Jdbc.execute(first, "insert into epq_source values (1, 10), (2, 10)");
            second.setAutoCommit(false);
            Jdbc.execute(second, "update epq_target set val = val + 1 where id = 1");
            Jdbc.execute(second, "update epq_target set val = 100 where id = 2");

            Future<List<String>> blocked = threads.submit(() -> JdbcCrudIT.rows(first,
                    "update epq_target t set val = t.val * s.factor from epq_source s "
                            + "where s.id = t.id and t.val < 50 returning t.id, t.val"));
            Waits.assertStillWaiting(blocked);
            second.commit();
            assertThat(blocked.get(DEADLINE_S, TimeUnit.SECONDS)).as("row 1 re-checked on (1, 2); row 2 no longer < 50")
                    .containsExactly("1|20");
            assertThat(JdbcCrudIT.rows(first, "select id, val from epq_target order by id"))
                    .containsExactly("1|20", "2|100");
        }
    }

    @Test
    void selectForUpdateWaitsThenSeesTheNewestVersionOrDropsTheRow() throws Exception {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "lock_newest", "id integer primary key, val integer not null");
            Jdbc.execute(first, "insert into lock_newest values (1, 0), (2, 0)");
            second.setAutoCommit(false);
            Jdbc.execute(second, "update lock_newest set val = 5 where id = 1");
            Jdbc.execute(second, "update lock_newest set val = 7 where id = 2");

            first.setAutoCommit(false);
            Future<List<String>> blocked = threads.submit(() -> JdbcCrudIT.rows(first,
                    "select id, val, val * 2 as twice from lock_newest where id = 1 or val = 0 order by id for update"));
            Waits.assertStillWaiting(blocked);
            second.commit();
            assertThat(blocked.get(DEADLINE_S, TimeUnit.SECONDS))
                    .as("row 1 still matches (id = 1) with its new value; row 2 no longer does")
                    .containsExactly("1|5|10");

            // the lock is held: a writer in another session waits for this transaction
            Future<Void> writer = threads.submit(Waits.call(
                    () -> Jdbc.execute(second, "update lock_newest set val = 9 where id = 1")));
            Waits.assertStillWaiting(writer);
            first.commit();
            writer.get(DEADLINE_S, TimeUnit.SECONDS);
            second.commit();
            assertThat(JdbcCrudIT.rows(first, "select val from lock_newest where id = 1")).containsExactly("9");
            first.commit();
        }
    }

    @Test
    void returningAndParametersThroughPgJdbc() throws Exception {
        try (Connection c = target.connect()) {
            JdbcCrudIT.createTable(c, "ret_rows", "id serial primary key, name text not null, qty integer default 1");
            try (PreparedStatement insert = c.prepareStatement("insert into ret_rows (name) values (?)",
                    new String[] {"id"})) {
                for (String name : List.of("a", "b", "c")) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        assertThat(keys.next()).isTrue();
                        assertThat(keys.getInt(1)).isPositive();
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement(
                    "update ret_rows set qty = qty + ? where name in (select name from ret_rows where name <> ?)"
                            + " returning name, qty")) {
                update.setInt(1, 5);
                update.setString(2, "b");
                List<String> out = new ArrayList<>();
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + "|" + rs.getInt(2));
                    }
                }
                assertThat(out).containsExactlyInAnyOrder("a|6", "c|6");
            }
            try (PreparedStatement delete = c.prepareStatement("delete from ret_rows where qty > ?")) {
                delete.setInt(1, 2);
                assertThat(delete.executeUpdate()).isEqualTo(2);
            }
            assertThat(JdbcCrudIT.rows(c, "select name, qty from ret_rows")).containsExactly("b|1");
        }
    }
}
