package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.PSQLException;

/**
 * Issue 7, acceptance 3: CREATE UNIQUE INDEX while three sessions insert, ten rounds. The build takes a Share lock,
 * so it waits for the writers' open transactions and holds new ones off: afterwards every committed key is found
 * through the index, and inserting a duplicate of any of them fails with 23505.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexBuildRaceIT {
    private static final int ROUNDS = 10;
    private static final int WRITERS = 3;
    private static final long DEADLINE_S = 120;

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
    void everyCommittedKeyIsInTheNewUniqueIndex() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String table = "race_" + round;
            try (Connection ddl = target.connect()) {
                JdbcCrudIT.createTable(ddl, table, "k integer not null, v integer");
                Set<Integer> committed = ConcurrentHashMap.newKeySet();
                AtomicBoolean indexBuilt = new AtomicBoolean();
                AtomicInteger inserted = new AtomicInteger();
                List<Future<Void>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(threads.submit(() -> insertKeys(table, writer, committed, indexBuilt, inserted)));
                }
                TestServer.await("writers inserting into " + table, java.time.Duration.ofSeconds(DEADLINE_S),
                        () -> inserted.get() >= 60);
                Jdbc.execute(ddl, "create unique index " + table + "_k on " + table + " (k)");
                indexBuilt.set(true);
                for (Future<Void> writer : writers) {
                    writer.get(DEADLINE_S, TimeUnit.SECONDS);
                }
                assertThat(committed).hasSizeGreaterThan(60);
                try (PreparedStatement byKey = ddl.prepareStatement("select count(*) from " + table
                        + " where k = ?")) {
                    for (int key : committed) {
                        byKey.setInt(1, key);
                        try (ResultSet rs = byKey.executeQuery()) {
                            rs.next();
                            assertThat(rs.getInt(1)).as("round %d: key %d through the index", round, key)
                                    .isEqualTo(1);
                        }
                    }
                }
                assertThat(Jdbc.selectInt(ddl, "select count(*) from " + table)).isEqualTo(committed.size());
                try (PreparedStatement duplicate = ddl.prepareStatement("insert into " + table
                        + " values (?, -1)")) {
                    for (int key : committed) {
                        duplicate.setInt(1, key);
                        try {
                            duplicate.executeUpdate();
                            throw new AssertionError("round " + round + ": duplicate of key " + key + " accepted");
                        } catch (PSQLException e) {
                            assertThat(e.getSQLState()).as("duplicate of key %d", key).isEqualTo("23505");
                        }
                    }
                }
            }
        }
    }

    /** Inserts keys writer, writer + 3, ... each in its own transaction until 30 more after the index exists. */
    private Void insertKeys(String table, int writer, Set<Integer> committed, AtomicBoolean indexBuilt,
                            AtomicInteger inserted) throws SQLException {
        try (Connection c = target.connect();
             PreparedStatement insert = c.prepareStatement("insert into " + table + " values (?, ?)")) {
            int after = 0;
            for (int key = writer; after < 30; key += WRITERS) {
                insert.setInt(1, key);
                insert.setInt(2, writer);
                insert.executeUpdate();
                committed.add(key);
                inserted.incrementAndGet();
                if (indexBuilt.get()) {
                    after++;
                }
            }
        }
        return null;
    }
}
