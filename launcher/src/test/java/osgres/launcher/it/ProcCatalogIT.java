package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 10: pg_proc's user rows as PostgreSQL's transactions see them. A function or procedure created in an open
 * transaction is in that transaction's pg_proc (and described by pg_get_function_arguments) but not in another
 * session's until COMMIT; a rolled-back one is in neither; a DROP in an open transaction still shows the row to
 * others; committed rows survive kill -9 with the same oid.
 */
class ProcCatalogIT {
    private static final String USER_ROUTINES = "select proname || ':' || prokind || ':' "
            + "|| pg_get_function_arguments(oid) from pg_proc where pronamespace = 'public'::regnamespace "
            + "order by proname";

    @Test
    void userRoutinesAppearAtCommitAndGoWithRollbackAndSurviveACrash() throws Exception {
        try (SqlTarget target = SqlTarget.start()) {
            long oid;
            try (Connection creator = target.connect(); Connection other = target.connect()) {
                creator.setAutoCommit(false);
                Jdbc.execute(creator, "create function tx_f(a int, b text default 'x') returns int language sql "
                        + "as 'select a'");
                Jdbc.execute(creator, "create procedure tx_p(inout n int) language plpgsql as $$begin n := n; end$$");
                assertThat(Jdbc.column(creator, USER_ROUTINES))
                        .containsExactly("tx_f:f:a integer, b text DEFAULT 'x'::text", "tx_p:p:INOUT n integer");
                assertThat(Jdbc.column(other, USER_ROUTINES)).isEmpty();
                creator.commit();
                assertThat(Jdbc.column(other, USER_ROUTINES))
                        .containsExactly("tx_f:f:a integer, b text DEFAULT 'x'::text", "tx_p:p:INOUT n integer");

                Jdbc.execute(creator, "create function tx_lost() returns int language sql as 'select 1'");
                Jdbc.execute(creator, "drop procedure tx_p");
                assertThat(Jdbc.column(creator, USER_ROUTINES))
                        .containsExactly("tx_f:f:a integer, b text DEFAULT 'x'::text", "tx_lost:f:");
                assertThat(Jdbc.column(other, USER_ROUTINES))
                        .containsExactly("tx_f:f:a integer, b text DEFAULT 'x'::text", "tx_p:p:INOUT n integer");
                creator.rollback();
                List<String> afterRollback = List.of("tx_f:f:a integer, b text DEFAULT 'x'::text",
                        "tx_p:p:INOUT n integer");
                assertThat(Jdbc.column(creator, USER_ROUTINES)).isEqualTo(afterRollback);
                assertThat(Jdbc.column(other, USER_ROUTINES)).isEqualTo(afterRollback);
                oid = Jdbc.selectLong(other, "select oid from pg_proc where proname = 'tx_f'");
            }
            target.crash();
            target.restart();
            try (Connection c = target.connect()) {
                assertThat(Jdbc.column(c, USER_ROUTINES))
                        .containsExactly("tx_f:f:a integer, b text DEFAULT 'x'::text", "tx_p:p:INOUT n integer");
                assertThat(Jdbc.selectLong(c, "select oid from pg_proc where proname = 'tx_f'")).isEqualTo(oid);
            }
        }
    }
}
