package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rules (CREATE RULE) across sessions, restarts and crashes, against the real distribution over pgJDBC: a rule
 * made in one session rewrites the next execution of an INSERT another session prepared before it (the plan is
 * made again), and DROP RULE puts the INSERT back; the command tag's count is the INSTEAD action's; a committed
 * rule survives a clean restart and a kill -9, one not committed at the crash is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesIT {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.create().start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** prepareThreshold=-1: every statement is server-prepared (Parse once, Bind/Execute each time). */
    private static Connection prepared(TestServer s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("prepareThreshold", "-1");
        return Jdbc.connect(s.port, props);
    }

    @Test
    void aRuleMadeInAnotherSessionRewritesTheNextExecutionOfAPreparedInsert() throws Exception {
        try (Connection writer = prepared(server); Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create table pr_t (a int)");
            Jdbc.execute(admin, "create table pr_log (a int)");
            try (PreparedStatement insert = writer.prepareStatement("insert into pr_t values (?)")) {
                insert.setInt(1, 1);
                assertThat(insert.executeUpdate()).isEqualTo(1);

                Jdbc.execute(admin, "create rule pr_r as on insert to pr_t do instead "
                        + "insert into pr_log values (new.a * 10)");
                insert.setInt(1, 2);
                assertThat(insert.executeUpdate()).as("INSERT 0 1 from the INSTEAD action").isEqualTo(1);

                Jdbc.execute(admin, "create or replace rule pr_r as on insert to pr_t do instead nothing");
                insert.setInt(1, 3);
                assertThat(insert.executeUpdate()).as("INSERT 0 0: nothing ran").isZero();

                Jdbc.execute(admin, "drop rule pr_r on pr_t");
                insert.setInt(1, 4);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertThat(Jdbc.column(admin, "select a from pr_t order by a")).containsExactly("1", "4");
            assertThat(Jdbc.column(admin, "select a from pr_log order by a")).containsExactly("20");
        }
    }

    @Test
    void anAlsoRuleKeepsTheOriginalCountAndRunsAfterAnInsert() throws Exception {
        try (Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create table al_t (a int)");
            Jdbc.execute(c, "create table al_count (n int)");
            Jdbc.execute(c, "insert into al_count values (0)");
            // the action runs after the INSERT and sees its rows (CommandCounterIncrement between them)
            Jdbc.execute(c, "create rule al_r as on insert to al_t do also "
                    + "update al_count set n = (select count(*) from al_t)");
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("insert into al_t values (1), (2), (3)")).isEqualTo(3);
            }
            assertThat(Jdbc.column(c, "select n from al_count")).containsExactly("3");
        }
    }

    @Test
    void rulesSurviveARestartAndKillDashNine() throws Exception {
        try (TestServer crashing = TestServer.create().start()) {
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create table cr_t (a int)");
                Jdbc.execute(c, "create table cr_log (a int)");
                Jdbc.execute(c, "create rule cr_r as on insert to cr_t do also insert into cr_log values (new.a)");
                Jdbc.execute(c, "insert into cr_t values (1)");
            }
            crashing.signal("INT");
            assertThat(crashing.awaitExit(Duration.ofSeconds(60))).as("exit code of a fast shutdown").isZero();
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "insert into cr_t values (2)");
                assertThat(Jdbc.column(c, "select a from cr_log order by a")).containsExactly("1", "2");
                Jdbc.execute(c, "create rule cr_committed as on delete to cr_t do instead nothing");
                c.setAutoCommit(false);
                Jdbc.execute(c, "create rule cr_lost as on update to cr_t do instead nothing");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "insert into cr_t values (3)");
                assertThat(Jdbc.column(c, "select a from cr_log order by a")).containsExactly("1", "2", "3");
                try (Statement s = c.createStatement()) {
                    assertThat(s.executeUpdate("delete from cr_t")).as("DO INSTEAD NOTHING").isZero();
                    assertThat(s.executeUpdate("update cr_t set a = a + 10")).as("no rule: updated").isEqualTo(3);
                }
                assertThat(Jdbc.error(c, "drop rule cr_lost on cr_t").getSQLState()).isEqualTo("42704");
                assertThat(Jdbc.column(c, "select a from cr_t order by a")).containsExactly("11", "12", "13");
            }
        }
    }
}
