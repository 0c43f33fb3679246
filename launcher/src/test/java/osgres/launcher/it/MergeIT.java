package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MERGE under READ COMMITTED, as PostgreSQL 15's ExecMergeMatched: a MERGE that waits for a concurrent writer of a
 * matched target row works on the row's newest version when it still joins (no lost update), and treats the source
 * row as NOT MATCHED when the target row was deleted or no longer satisfies the join condition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergeIT {
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
    void mergeWaitsThenReChecksTheNewestVersionOfEachMatchedRow() throws Exception {
        try (Connection first = target.connect(); Connection second = target.connect()) {
            JdbcCrudIT.createTable(first, "merge_target", "id integer primary key, val integer not null");
            JdbcCrudIT.createTable(first, "merge_source", "id integer, delta integer");
            Jdbc.execute(first, "insert into merge_target values (1, 1), (2, 2), (3, 3)");
            Jdbc.execute(first, "insert into merge_source values (1, 10), (2, 10), (3, 10)");
            second.setAutoCommit(false);
            Jdbc.execute(second, "update merge_target set val = val + 100 where id = 1"); // still joins
            Jdbc.execute(second, "update merge_target set id = 20 where id = 2"); // no longer joins
            Jdbc.execute(second, "delete from merge_target where id = 3"); // gone

            Future<Integer> blocked = threads.submit(() -> {
                try (PreparedStatement merge = first.prepareStatement("merge into merge_target t "
                        + "using merge_source s on t.id = s.id "
                        + "when matched then update set val = t.val + s.delta "
                        + "when not matched then insert values (s.id, s.delta)")) {
                    return merge.executeUpdate();
                }
            });
            Waits.assertStillWaiting(blocked);
            second.commit();
            assertThat(blocked.get(DEADLINE_S, TimeUnit.SECONDS)).as("MERGE 3").isEqualTo(3);
            assertThat(JdbcCrudIT.rows(first, "select id, val from merge_target order by id"))
                    .as("row 1 updated on its newest version; rows 2 and 3 NOT MATCHED, inserted")
                    .containsExactly("1|111", "2|10", "3|10", "20|2");
        }
    }

    @Test
    void concurrentMergesOfTheSameKeysNeverLoseAnIncrement() throws Exception {
        try (Connection setup = target.connect()) {
            JdbcCrudIT.createTable(setup, "merge_counter", "k integer primary key, n integer not null");
            Jdbc.execute(setup, "insert into merge_counter values (0, 0), (1, 0)");
        }
        int writers = 3;
        int each = 50;
        java.util.List<Future<Void>> running = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(threads.submit(() -> {
                try (Connection c = target.connect();
                     PreparedStatement merge = c.prepareStatement("merge into merge_counter c "
                             + "using (select ? as k) s on c.k = s.k "
                             + "when matched then update set n = c.n + 1")) {
                    for (int i = 0; i < each; i++) {
                        merge.setInt(1, i % 2);
                        assertThat(merge.executeUpdate()).isEqualTo(1);
                    }
                }
                return null;
            }));
        }
        for (Future<Void> f : running) {
            f.get(DEADLINE_S, TimeUnit.SECONDS);
        }
        try (Connection c = target.connect()) {
            assertThat(JdbcCrudIT.rows(c, "select k, n from merge_counter order by k"))
                    .containsExactly("0|75", "1|75");
        }
    }
}
