package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.util.ServerErrorMessage;

/**
 * Built-in functions through pgJDBC against the real distribution: the parameter's type picks the overload (and
 * so the result type and value) as PostgreSQL's func_select_candidate does, in text and, once pgJDBC prepares
 * the statement on the server, binary results; volatility as a client sees it (random() differs per row and
 * setseed repeats the sequence; now() stays fixed for the transaction while statement_timestamp() and
 * clock_timestamp() move); and 42883 / 42725 with PostgreSQL's hints, 22012 and 22003 from parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

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
    void theParameterTypeChoosesTheOverload() throws Exception {
        try (Connection c = target.connect();
             PreparedStatement sqrt = c.prepareStatement("select sqrt(?), pg_typeof(sqrt(?))::text");
             PreparedStatement gcd = c.prepareStatement("select gcd(?, ?), pg_typeof(gcd(?, ?))::text");
             PreparedStatement round = c.prepareStatement("select round(?, 2), trunc(?), log(?)")) {
            // pgJDBC switches to a server-side statement and binary results after 5 executions
            for (int i = 0; i < 7; i++) {
                sqrt.setDouble(1, 2.0);
                sqrt.setDouble(2, 2.0);
                assertThat(row(sqrt)).as("float8, execution %d", i).containsExactly("1.4142135623730951",
                        "double precision");
                sqrt.setBigDecimal(1, new BigDecimal("2"));
                sqrt.setBigDecimal(2, new BigDecimal("2"));
                assertThat(row(sqrt)).as("numeric, execution %d", i).containsExactly("1.414213562373095",
                        "numeric");
                gcd.setInt(1, 12);
                gcd.setInt(2, 18);
                gcd.setInt(3, 12);
                gcd.setInt(4, 18);
                assertThat(row(gcd)).as("int4, execution %d", i).containsExactly("6", "integer");
                gcd.setLong(1, 12);
                gcd.setLong(2, 18);
                gcd.setLong(3, 12);
                gcd.setLong(4, 18);
                assertThat(row(gcd)).as("int8, execution %d", i).containsExactly("6", "bigint");
                gcd.setBigDecimal(1, new BigDecimal("12.5"));
                gcd.setBigDecimal(2, new BigDecimal("2.50"));
                gcd.setBigDecimal(3, new BigDecimal("12.5"));
                gcd.setBigDecimal(4, new BigDecimal("2.50"));
                assertThat(row(gcd)).as("numeric, execution %d", i).containsExactly("2.50", "numeric");
                round.setBigDecimal(1, new BigDecimal("3.14159"));
                round.setBigDecimal(2, new BigDecimal("-2.7"));
                round.setBigDecimal(3, new BigDecimal("1000"));
                assertThat(row(round)).as("numeric, execution %d", i).containsExactly("3.14", "-2",
                        "3.0000000000000000");
            }
        }
    }

    @Test
    void randomDiffersPerRowAndSetseedRepeatsTheSequence() throws Exception {
        try (Connection c = target.connect()) {
            assertThat(Jdbc.selectInt(c, "select count(distinct random()) from generate_series(1, 100)"))
                    .isEqualTo(100);
            Jdbc.execute(c, "select setseed(0.42)");
            List<String> first = JdbcCrudIT.rows(c, "select random() from generate_series(1, 3)");
            Jdbc.execute(c, "select setseed(0.42)");
            List<String> again = JdbcCrudIT.rows(c, "select random() from generate_series(1, 3)");
            assertThat(again).hasSize(3).isEqualTo(first).doesNotHaveDuplicates();
            ServerErrorMessage range = JdbcCrudIT.serverError("22023", () -> Jdbc.execute(c, "select setseed(1.5)"));
            assertThat(range.getMessage()).isEqualTo("setseed parameter 1.5 is out of allowed range [-1,1]");
        }
    }

    @Test
    void nowIsFixedForTheTransactionWhileTheClockMoves() throws Exception {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            String now = Jdbc.selectString(c, "select now()::text");
            String statement = Jdbc.selectString(c, "select statement_timestamp()::text");
            // wait, with a deadline, until the clock has moved past the transaction's start
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (Jdbc.selectString(c, "select (clock_timestamp() > now())::text").equals("false")) {
                assertThat(System.nanoTime()).as("the clock moves").isLessThan(deadline);
            }
            assertThat(Jdbc.selectString(c, "select now()::text")).isEqualTo(now);
            assertThat(Jdbc.selectString(c, "select transaction_timestamp()::text")).isEqualTo(now);
            assertThat(Jdbc.selectString(c, "select statement_timestamp()::text")).isNotEqualTo(statement);
            c.commit();
            assertThat(Jdbc.selectString(c, "select now()::text")).as("a new transaction").isNotEqualTo(now);
            c.commit();
        }
    }

    @Test
    void missingAndAmbiguousFunctionsGivePostgresErrors() throws Exception {
        try (Connection c = target.connect(); PreparedStatement p = c.prepareStatement("select sinh(?, ?)")) {
            p.setInt(1, 1);
            p.setInt(2, 2);
            ServerErrorMessage missing = JdbcCrudIT.serverError("42883", p::executeQuery);
            assertThat(missing.getMessage()).isEqualTo("function sinh(integer, integer) does not exist");
            assertThat(missing.getHint()).isEqualTo("No function matches the given name and argument types. "
                    + "You might need to add explicit type casts.");
            assertThat(missing.getPosition()).isEqualTo(8);
            ServerErrorMessage ambiguous = JdbcCrudIT.serverError("42725",
                    () -> Jdbc.execute(c, "select to_hex('10')"));
            assertThat(ambiguous.getMessage()).isEqualTo("function to_hex(unknown) is not unique");
            assertThat(ambiguous.getHint()).isEqualTo("Could not choose a best candidate function. "
                    + "You might need to add explicit type casts.");
        }
    }

    @Test
    void arithmeticErrorsFromParameters() throws Exception {
        try (Connection c = target.connect();
             PreparedStatement add = c.prepareStatement("select ? + 1");
             PreparedStatement divide = c.prepareStatement("select 1.0 / ?, div(7.0, ?)")) {
            add.setInt(1, Integer.MAX_VALUE);
            assertThat(JdbcCrudIT.serverError("22003", add::executeQuery).getMessage())
                    .isEqualTo("integer out of range");
            add.setLong(1, Long.MAX_VALUE);
            assertThat(JdbcCrudIT.serverError("22003", add::executeQuery).getMessage())
                    .isEqualTo("bigint out of range");
            divide.setBigDecimal(1, BigDecimal.ZERO);
            divide.setBigDecimal(2, BigDecimal.ONE);
            assertThat(JdbcCrudIT.serverError("22012", divide::executeQuery).getMessage())
                    .isEqualTo("division by zero");
            divide.setBigDecimal(1, new BigDecimal("2.5"));
            divide.setBigDecimal(2, new BigDecimal("2.5"));
            assertThat(row(divide)).containsExactly("0.40000000000000000000", "2");
        }
    }

    private static List<String> row(PreparedStatement p) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            assertThat(rs.next()).isFalse();
        }
        return values;
    }
}
