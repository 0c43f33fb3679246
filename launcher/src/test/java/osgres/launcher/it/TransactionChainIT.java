package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * COMMIT AND CHAIN / ROLLBACK AND CHAIN seen from a second session: the chained transaction is a new
 * transaction (a new snapshot, the first one's changes committed or gone for everyone) with the first one's
 * characteristics, so a REPEATABLE READ chain keeps one snapshot per link and fails with 40001 on a row another
 * session changed after it began, and a READ ONLY chain stays read-only after an error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionChainIT {
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
    void commitAndChainStartsAnotherRepeatableReadSnapshot() throws SQLException {
        try (Connection chain = target.connect(); Connection writer = target.connect()) {
            JdbcCrudIT.createTable(writer, "chain_rr", "id integer primary key, val integer not null");
            Jdbc.execute(writer, "insert into chain_rr values (1, 0)");
            String count = "select count(*) from chain_rr";
            Jdbc.execute(chain, "begin isolation level repeatable read");
            assertThat(Jdbc.selectLong(chain, count)).isEqualTo(1);
            Jdbc.execute(chain, "insert into chain_rr values (2, 0)");
            Jdbc.execute(writer, "insert into chain_rr values (3, 0)");
            assertThat(Jdbc.selectLong(chain, count)).as("the first link's snapshot").isEqualTo(2);
            assertThat(Jdbc.selectLong(writer, count)).as("the first link is not committed yet").isEqualTo(2);

            Jdbc.execute(chain, "commit and chain");
            assertThat(Jdbc.selectLong(writer, count)).as("the first link committed").isEqualTo(3);
            assertThat(Jdbc.selectString(chain, "show transaction_isolation")).isEqualTo("repeatable read");
            assertThat(Jdbc.selectLong(chain, count)).as("a new snapshot for the second link").isEqualTo(3);
            Jdbc.execute(writer, "insert into chain_rr values (4, 0)");
            assertThat(Jdbc.selectLong(chain, count)).as("and it is repeatable read again").isEqualTo(3);

            Jdbc.execute(writer, "update chain_rr set val = 1 where id = 1");
            assertThatThrownBy(() -> Jdbc.execute(chain, "update chain_rr set val = 2 where id = 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
            Jdbc.execute(chain, "rollback and chain");
            assertThat(Jdbc.selectString(chain, "show transaction_isolation")).isEqualTo("repeatable read");
            Jdbc.execute(chain, "update chain_rr set val = 2 where id = 1");
            Jdbc.execute(chain, "commit");
            assertThat(Jdbc.selectString(writer, "select val from chain_rr where id = 1")).isEqualTo("2");
            assertThat(Jdbc.selectString(chain, "show transaction_isolation")).isEqualTo("read committed");
        }
    }

    @Test
    void rollbackAndChainDiscardsTheFirstLinkAndKeepsReadOnly() throws SQLException {
        try (Connection chain = target.connect(); Connection other = target.connect()) {
            JdbcCrudIT.createTable(other, "chain_ro", "id integer primary key");
            Jdbc.execute(chain, "begin read write");
            Jdbc.execute(chain, "insert into chain_ro values (1)");
            Jdbc.execute(chain, "rollback and chain");
            assertThat(Jdbc.selectLong(other, "select count(*) from chain_ro")).isZero();
            Jdbc.execute(chain, "insert into chain_ro values (2)");
            Jdbc.execute(chain, "commit");
            assertThat(Jdbc.selectLong(other, "select count(*) from chain_ro")).isEqualTo(1);

            Jdbc.execute(chain, "begin read only");
            assertThatThrownBy(() -> Jdbc.execute(chain, "select 1/0")).isInstanceOf(SQLException.class);
            Jdbc.execute(chain, "commit and chain");
            assertThat(Jdbc.selectString(chain, "show transaction_read_only")).isEqualTo("on");
            assertThatThrownBy(() -> Jdbc.execute(chain, "insert into chain_ro values (3)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            Jdbc.execute(chain, "rollback");
            assertThatThrownBy(() -> Jdbc.execute(chain, "commit and chain"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P01"));
            assertThat(Jdbc.selectLong(other, "select count(*) from chain_ro")).isEqualTo(1);
        }
    }
}
