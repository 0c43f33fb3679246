package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

/**
 * The system information functions whose answer depends on the session, against the real distribution over
 * pgJDBC: set_config's value stays in its session (and, with is_local, in its transaction); each transaction gets
 * its own id from txid_current/pg_current_xact_id, assigned on first use only; inet_client_addr/port and
 * inet_server_port describe the TCP connection; pg_database_size reads another database's directory too.
 */
class SystemFunctionsIT {

    @Test
    void setConfigStaysInItsSessionAndLocalInItsTransaction() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            String initial = Jdbc.selectString(b, "show work_mem");
            assertThat(Jdbc.selectString(a, "select set_config('work_mem', '8MB', false)")).isEqualTo("8MB");
            assertThat(Jdbc.selectString(b, "show work_mem")).isEqualTo(initial);
            a.setAutoCommit(false);
            assertThat(Jdbc.selectString(a, "select set_config('work_mem', '16MB', true)")).isEqualTo("16MB");
            assertThat(Jdbc.selectString(a, "select current_setting('work_mem')")).isEqualTo("16MB");
            assertThat(Jdbc.selectString(b, "show work_mem")).isEqualTo(initial);
            a.commit();
            assertThat(Jdbc.selectString(a, "show work_mem")).isEqualTo("8MB");
        }
    }

    @Test
    void eachTransactionGetsItsOwnIdOnFirstUse() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection a = Jdbc.connect(server);
             Connection b = Jdbc.connect(server)) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertThat(Jdbc.selectString(a, "select pg_current_xact_id_if_assigned()")).isNull();
            long first = Jdbc.selectLong(a, "select txid_current()");
            assertThat(Jdbc.selectString(b, "select txid_current_if_assigned()")).isNull();
            long second = Jdbc.selectLong(b, "select pg_current_xact_id()::text::bigint");
            assertThat(second).isNotEqualTo(first);
            assertThat(Jdbc.selectLong(a, "select pg_current_xact_id()::text::bigint")).isEqualTo(first);
            a.commit();
            b.rollback();
            long later = Jdbc.selectLong(a, "select txid_current()");
            assertThat(later).isGreaterThan(Math.max(first, second));
            a.commit();
        }
    }

    @Test
    void connectionAddressesAreTheSessionsOwn() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection c = Jdbc.connect(server)) {
            assertThat(Jdbc.selectString(c, "select inet_client_addr()")).isEqualTo("127.0.0.1");
            assertThat(Jdbc.selectInt(c, "select inet_client_port()")).isPositive();
            assertThat(Jdbc.selectInt(c, "select inet_server_port()")).isEqualTo(server.port);
            assertThat(Jdbc.selectString(c, "select pg_is_in_recovery()::text")).isEqualTo("false");
        }
    }

    @Test
    void databaseSizeOfAnotherDatabase() throws Exception {
        try (TestServer server = TestServer.create().start();
             Connection c = Jdbc.connect(server)) {
            Jdbc.execute(c, "create database sizes_db");
            assertThat(Jdbc.selectLong(c, "select pg_database_size('sizes_db')")).isPositive();
            assertThat(Jdbc.selectLong(c, "select pg_database_size(current_database())")).isPositive();
            assertThat(Jdbc.error(c, "select pg_database_size('no_such_db')").getSQLState()).isEqualTo("3D000");
        }
    }
}
