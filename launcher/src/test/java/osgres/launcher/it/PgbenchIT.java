package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 4, acceptance 1-3: stock pgbench initialises (client-side COPY and server-side generate_series) and runs
 * its standard workloads (TPC-B in the simple and extended protocols, select-only prepared) with zero failed
 * transactions, and TPC-B leaves the four tables consistent: every delta in pgbench_history went into exactly
 * one account, one teller and one branch. One server for the class; a workload test initialises first when
 * it runs alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgbenchIT {
    private static final int SCALE = 2;
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");

    private TestServer server;
    private boolean initialised;

    @BeforeAll
    void startServer() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void initWithClientSideCopyCreatesTheStandardTables() {
        Cli.Result init = Cli.pgbench(INIT_TIMEOUT, server.port, "-i", "-s", Integer.toString(SCALE));
        assertThat(init.exitCode()).as("pgbench -i: %s", init.all()).isZero();
        assertThat(init.stderr()).contains("generating data (client-side)...").contains("done in");
        assertStandardTablesFilled();
        initialised = true;
    }

    @Test
    @Order(2)
    void initWithServerSideGenerateSeriesCreatesTheStandardTables() {
        Cli.Result init = Cli.pgbench(INIT_TIMEOUT, server.port, "-i", "-s", Integer.toString(SCALE), "-I", "dtGvp");
        assertThat(init.exitCode()).as("pgbench -i -I dtGvp: %s", init.all()).isZero();
        assertThat(init.stderr()).contains("generating data (server-side)...").contains("done in");
        assertStandardTablesFilled();
        initialised = true;
    }

    @Test
    @Order(3)
    void tpcbWithEightClientsHasNoFailuresAndKeepsBalancesConsistent() {
        runTpcbAndCheckBalances(Duration.ofSeconds(20), "-c", "8", "-j", "2");
    }

    @Test
    @Order(4)
    void selectOnlyPreparedHasNoFailures() {
        ensureInitialised();
        Cli.Result run = runWorkload(Duration.ofSeconds(10), "-S", "-M", "prepared", "-c", "8");
        assertThat(run.stdout()).contains("transaction type: <builtin: select only>")
                .contains("query mode: prepared");
        assertThat(processed(run)).isPositive();
    }

    @Test
    @Order(5)
    void tpcbInTheExtendedProtocolHasNoFailures() {
        Cli.Result run = runTpcbAndCheckBalances(Duration.ofSeconds(10), "-M", "extended", "-c", "4");
        assertThat(run.stdout()).contains("query mode: extended");
    }

    /**
     * Eight clients update their own rows while an open snapshot keeps every old version: each update moves its row
     * to a new page, and whenever the current target page fills up all of them look for one at once, the first
     * extending the table while the others wait for the page it adds. Buffer locks out of block order deadlocked
     * here (the extender held the new page and waited for the old one another updater held while it waited for the
     * new page): pgbench then never finished.
     */
    @Test
    @Order(6)
    void updatersMovingVersionsToNewPagesAtOnceDoNotDeadlock() throws Exception {
        Path script = server.dataDir.resolve("move_versions.sql");
        Files.writeString(script, "update pgb_moves set pad = pad where id = :client_id + 1;\n");
        try (Connection admin = Jdbc.connect(server.port);
             Connection snapshot = Jdbc.connect(server.port)) {
            JdbcCrudIT.createTable(admin, "pgb_moves", "id integer primary key, pad text");
            Jdbc.execute(admin, "insert into pgb_moves select g, repeat('x', 1500) from generate_series(1, 8) g");
            snapshot.setAutoCommit(false);
            Jdbc.execute(snapshot, "set transaction isolation level repeatable read");
            assertThat(Jdbc.selectInt(snapshot, "select count(*) from pgb_moves")).isEqualTo(8);

            Cli.Result run = Cli.pgbench(Duration.ofSeconds(90), server.port, "-n", "-c", "8", "-j", "2", "-T", "10",
                    "-f", script.toString());
            assertThat(run.exitCode()).as("pgbench within its deadline: %s", run.all()).isZero();
            assertThat(run.stdout()).contains("number of failed transactions: 0 (0.000%)");
            assertThat(Jdbc.selectInt(snapshot, "select count(*) from pgb_moves")).as("the snapshot's rows")
                    .isEqualTo(8);
            snapshot.commit();
            assertThat(Jdbc.selectInt(admin, "select count(*) from pgb_moves where length(pad) = 1500"))
                    .isEqualTo(8);
        }
    }

    /**
     * Runs TPC-B and checks what it must leave behind. pgbench truncates pgbench_history before a run, so the
     * balances are compared as growth over the run: each of the three grew by exactly sum(delta), and there is
     * one history row per processed transaction.
     */
    private Cli.Result runTpcbAndCheckBalances(Duration duration, String... options) {
        ensureInitialised();
        long accountsBefore = sum("abalance", "pgbench_accounts");
        long tellersBefore = sum("tbalance", "pgbench_tellers");
        long branchesBefore = sum("bbalance", "pgbench_branches");

        Cli.Result run = runWorkload(duration, options);
        assertThat(run.stdout()).contains("transaction type: <builtin: TPC-B (sort of)>");
        long processed = processed(run);
        assertThat(processed).as("transactions processed").isPositive();

        long deltas = sum("delta", "pgbench_history");
        assertThat(count("pgbench_history")).as("one history row per transaction").isEqualTo(processed);
        assertThat(sum("abalance", "pgbench_accounts") - accountsBefore).as("sum(abalance) growth")
                .isEqualTo(deltas);
        assertThat(sum("tbalance", "pgbench_tellers") - tellersBefore).as("sum(tbalance) growth").isEqualTo(deltas);
        assertThat(sum("bbalance", "pgbench_branches") - branchesBefore).as("sum(bbalance) growth")
                .isEqualTo(deltas);
        assertStandardRowCounts();
        return run;
    }

    private Cli.Result runWorkload(Duration duration, String... options) {
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "-T";
        args[options.length + 1] = Long.toString(duration.toSeconds());
        Cli.Result run = Cli.pgbench(duration.plus(Duration.ofMinutes(3)), server.port, args);
        assertThat(run.exitCode()).as("pgbench %s: %s", String.join(" ", args), run.all()).isZero();
        assertThat(run.stdout()).as(run.all()).contains("number of failed transactions: 0 (0.000%)")
                .contains("tps = ");
        assertThat(run.stderr()).as(run.all()).doesNotContain("ERROR").doesNotContain("aborted");
        return run;
    }

    private void ensureInitialised() {
        if (!initialised) {
            initWithServerSideGenerateSeriesCreatesTheStandardTables();
        }
    }

    private void assertStandardTablesFilled() {
        assertStandardRowCounts();
        assertThat(count("pgbench_history")).isZero();
        assertThat(sum("abalance", "pgbench_accounts")).isZero();
        assertThat(psql("select count(*) from pgbench_accounts where bid = 2")).isEqualTo("100000");
        assertThat(psql("select bid, abalance from pgbench_accounts where aid = 150000")).isEqualTo("2|0");
        assertThat(psql("select tid, bid from pgbench_tellers where tid = 11")).isEqualTo("11|2");
        // the p step made the primary keys: a duplicate branch is refused by pgbench_branches_pkey
        Cli.Result duplicate = Cli.psql(Duration.ofSeconds(60), "127.0.0.1", server.port,
                "insert into pgbench_branches (bid, bbalance) values (1, 0)");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.stderr())
                .contains("ERROR:  duplicate key value violates unique constraint \"pgbench_branches_pkey\"")
                .contains("DETAIL:  Key (bid)=(1) already exists.");
    }

    private void assertStandardRowCounts() {
        assertThat(count("pgbench_accounts")).isEqualTo(100_000L * SCALE);
        assertThat(count("pgbench_branches")).isEqualTo(SCALE);
        assertThat(count("pgbench_tellers")).isEqualTo(10L * SCALE);
    }

    private long count(String table) {
        return Long.parseLong(psql("select count(*) from " + table));
    }

    /** sum(column), 0 for an empty table (where SQL's sum is null). */
    private long sum(String column, String table) {
        String value = psql("select sum(" + column + ") from " + table);
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private String psql(String sql) {
        Cli.Result r = Cli.psql(Duration.ofSeconds(120), "127.0.0.1", server.port, sql);
        assertThat(r.exitCode()).as("psql %s: %s", sql, r.all()).isZero();
        return r.stdout().trim();
    }

    private static long processed(Cli.Result run) {
        Matcher m = PROCESSED.matcher(run.stdout());
        assertThat(m.find()).as("processed line in %s", run.stdout()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
