package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 7, acceptance 7: VACUUM makes space reusable. After {@code pgbench -i -s 2}, five rounds of
 * {@code update pgbench_accounts set abalance = abalance + 1; vacuum pgbench_accounts;}: the first round moves
 * every row to new pages (pgbench_accounts has fillfactor 100, so no update fits on its page), VACUUM frees the
 * old ones, and the later rounds fill those instead of extending the table: pg_relation_size after round 5 is at
 * most 10 % above its size after round 1 (PostgreSQL: equal). The balances stay right throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpaceReuseIT {
    private static final int SCALE = 2;
    private static final long ROWS = 100_000L * SCALE;
    private static final int ROUNDS = 5;

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

    @Test
    void fullTableUpdatesWithVacuumDoNotGrowTheTableAfterTheFirstRound() throws Exception {
        Cli.Result init = Cli.pgbench(Duration.ofMinutes(5), target.port(), "-i", "-s", Integer.toString(SCALE));
        assertThat(init.exitCode()).as("pgbench -i: %s", init.all()).isZero();

        List<Long> sizes = new ArrayList<>();
        try (Connection c = target.connect()) {
            sizes.add(relationSize(c));
            for (int round = 1; round <= ROUNDS; round++) {
                Jdbc.execute(c, "update pgbench_accounts set abalance = abalance + 1");
                Jdbc.execute(c, "vacuum pgbench_accounts");
                sizes.add(relationSize(c));
                assertThat(Jdbc.selectLong(c, "select sum(abalance) from pgbench_accounts"))
                        .as("sum(abalance) after round %d", round).isEqualTo(round * ROWS);
            }
            assertThat(Jdbc.selectLong(c, "select count(*) from pgbench_accounts")).isEqualTo(ROWS);
            assertThat(Jdbc.selectLong(c, "select count(*) from pgbench_accounts where abalance <> " + ROUNDS))
                    .as("every row updated exactly once per round").isZero();
            assertThat(Jdbc.selectLong(c, "select abalance from pgbench_accounts where aid = 123456"))
                    .as("an index scan finds the newest version").isEqualTo(ROUNDS);
        }

        long afterFirst = sizes.get(1);
        long afterLast = sizes.get(ROUNDS);
        assertThat(afterFirst).as("round 1 moves every row to new pages: sizes %s", sizes)
                .isGreaterThan(sizes.get(0));
        assertThat(afterLast).as("pg_relation_size('pgbench_accounts') after init and each round: %s", sizes)
                .isLessThanOrEqualTo(afterFirst + afterFirst / 10);
        if (!target.isReference()) {
            assertThat(mainForkSizesOnDisk()).as("a file under base/ is the table's main fork, %d bytes", afterLast)
                    .contains(afterLast);
        }
    }

    private static long relationSize(Connection c) throws Exception {
        return Jdbc.selectLong(c, "select pg_relation_size('pgbench_accounts')");
    }

    /** The sizes of the relation files (base/DBOID/RELFILENODE) in the data directory. */
    private List<Long> mainForkSizesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(target.dataDir().resolve("base"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        }
    }
}
