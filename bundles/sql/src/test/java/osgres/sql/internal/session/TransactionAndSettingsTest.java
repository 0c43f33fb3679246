package osgres.sql.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

class TransactionAndSettingsTest {
    private final FakeBackend backend = new FakeBackend(true);

    private FakeBackend.Result ok(String sql) {
        FakeBackend.Result r = backend.query(sql);
        if (r.error() != null) {
            throw new AssertionError(sql + " failed: " + r.error().getMessage(), r.error());
        }
        return r;
    }

    private String show(String name) {
        return ok("show " + name).value();
    }

    @Test
    void transactionBlockStates() {
        FakeBackend.Result begin = ok("begin");
        assertThat(begin.tags()).containsExactly("BEGIN");
        assertThat(begin.status()).isEqualTo('T');
        FakeBackend.Result again = ok("begin isolation level serializable read only");
        assertThat(again.notices()).extracting(PgException::sqlState).containsExactly("25001");
        assertThat(again.notices().getFirst().getMessage()).isEqualTo("there is already a transaction in progress");
        assertThat(ok("select 1").status()).isEqualTo('T');
        FakeBackend.Result failed = backend.query("select 1/0");
        assertThat(failed.status()).isEqualTo('E');
        FakeBackend.Result ignored = backend.query("select 1");
        assertThat(ignored.error().sqlState()).isEqualTo("25P02");
        assertThat(ignored.error().getMessage())
                .isEqualTo("current transaction is aborted, commands ignored until end of transaction block");
        assertThat(ignored.status()).isEqualTo('E');
        FakeBackend.Result commit = ok("commit");
        assertThat(commit.tags()).containsExactly("ROLLBACK");
        assertThat(commit.status()).isEqualTo('I');
        FakeBackend.Result outside = ok("commit");
        assertThat(outside.tags()).containsExactly("COMMIT");
        assertThat(outside.notices()).extracting(PgException::getMessage)
                .containsExactly("there is no transaction in progress");
        assertThat(outside.notices().getFirst().sqlState()).isEqualTo("25P01");
        assertThat(ok("rollback").notices()).hasSize(1);
        assertThat(ok("start transaction; end").tags()).containsExactly("BEGIN", "COMMIT");
        assertThat(ok("begin; abort").status()).isEqualTo('I');
    }

    @Test
    void errorInsideMultiStatementBlockLeavesItFailed() {
        FakeBackend.Result r = backend.query("begin; select nosuch(); select 2");
        assertThat(r.tags()).containsExactly("BEGIN");
        assertThat(r.error().sqlState()).isEqualTo("42883");
        assertThat(r.status()).isEqualTo('E');
        assertThat(ok("rollback").status()).isEqualTo('I');
    }

    @Test
    void savepointsRecoverAFailedBlock() {
        ok("begin; set work_mem = '8MB'; savepoint a; set work_mem = '16MB'");
        backend.query("select 1/0");
        FakeBackend.Result back = ok("rollback to savepoint a");
        assertThat(back.status()).isEqualTo('T');
        assertThat(show("work_mem")).isEqualTo("8MB");
        ok("release a; commit");
        assertThat(show("work_mem")).isEqualTo("8MB");
        assertThat(backend.query("savepoint b").error().getMessage())
                .isEqualTo("SAVEPOINT can only be used in transaction blocks");
    }

    @Test
    void savepointsAreStorageSubtransactionsOpenedLazilyAndAnErrorAbortsOnlyTheInnermost() {
        ok("create table sp (id int4 primary key)");
        ok("begin; savepoint a; savepoint b");
        assertThat(backend.storage.calls).as("no storage transaction yet").doesNotContain("savepoint");
        ok("insert into sp values (1)");
        assertThat(backend.storage.calls.stream().filter("savepoint"::equals)).as("levels of a and b").hasSize(2);
        backend.storage.calls.clear();
        assertThat(backend.query("insert into sp values (1)").error().sqlState()).isEqualTo("23505");
        assertThat(backend.storage.calls).as("only b's level is aborted").contains("rollback to 1")
                .doesNotContain("abort");
        ok("rollback to a");
        assertThat(backend.storage.calls).containsSubsequence("rollback to 0", "savepoint");
        assertThat(ok("select count(*) from sp").value()).isEqualTo("0");
        ok("insert into sp values (2); savepoint c; insert into sp values (3); release a");
        assertThat(backend.storage.calls).contains("release 0");
        assertThat(backend.query("rollback to c").error().getMessage()).isEqualTo("savepoint \"c\" does not exist");
        ok("rollback");
    }

    @Test
    void setShowResetAndTransactionalUndo() {
        assertThat(ok("set work_mem = '64MB'").tags()).containsExactly("SET");
        assertThat(show("work_mem")).isEqualTo("64MB");
        assertThat(ok("show work_mem").columnNames()).containsExactly("work_mem");
        assertThat(ok("show datestyle").columnNames()).containsExactly("DateStyle");
        assertThat(ok("show time zone").value()).isEqualTo("Etc/UTC");
        ok("begin; set work_mem to '128MB'; rollback");
        assertThat(show("work_mem")).isEqualTo("64MB");
        ok("begin; set local work_mem = '1MB'");
        assertThat(show("work_mem")).isEqualTo("1MB");
        ok("commit");
        assertThat(show("work_mem")).isEqualTo("64MB");
        FakeBackend.Result local = ok("set local work_mem = '2MB'");
        assertThat(local.notices()).extracting(PgException::getMessage)
                .containsExactly("SET LOCAL can only be used in transaction blocks");
        assertThat(show("work_mem")).isEqualTo("64MB");
        assertThat(backend.query("set work_mem = '1MB'; select 1/0").error()).isNotNull();
        assertThat(show("work_mem")).isEqualTo("64MB");
        assertThat(ok("reset work_mem").tags()).containsExactly("RESET");
        assertThat(show("work_mem")).isEqualTo("4MB");
        ok("set work_mem = '9MB'; set enable_seqscan = off; reset all");
        assertThat(show("work_mem")).isEqualTo("4MB");
        assertThat(show("enable_seqscan")).isEqualTo("on");
        ok("set work_mem = '9MB'; set work_mem to default");
        assertThat(show("work_mem")).isEqualTo("4MB");
        ok("set my.option = 'x'");
        assertThat(ok("select current_setting('my.option')").value()).isEqualTo("x");
        assertThat(ok("select set_config('work_mem', '32MB', false)").value()).isEqualTo("32MB");
        assertThat(show("work_mem")).isEqualTo("32MB");
        ok("set search_path = a, \"B\", 'c'");
        assertThat(show("search_path")).isEqualTo("a, B, c");
        assertThat(ok("discard all").tags()).containsExactly("DISCARD ALL");
        assertThat(show("work_mem")).isEqualTo("4MB");
    }

    @Test
    void setErrorsFollowParameterContexts() {
        assertError("set port = 1", "55P02", "parameter \"port\" cannot be changed without restarting the server");
        assertError("set max_wal_size = '2GB'", "55P02", "parameter \"max_wal_size\" cannot be changed now");
        assertError("set server_version = '1'", "55P02", "parameter \"server_version\" cannot be changed");
        assertError("set log_connections = on", "55P02",
                "parameter \"log_connections\" cannot be set after connection start");
        assertError("set foo = 1", "42704", "unrecognized configuration parameter \"foo\"");
        assertError("show foo", "42704", "unrecognized configuration parameter \"foo\"");
        assertError("set work_mem = 'x'", "22023", "invalid value for parameter \"work_mem\": \"x\"");
        assertError("set work_mem to 128MB", "42601", "trailing junk after numeric literal at or near \"128MB\"");
        assertError("reset port", "55P02", "parameter \"port\" cannot be changed without restarting the server");
        FakeBackend user = new FakeBackend(false);
        PgException e = user.query("set log_min_duration_statement = 5").error();
        assertThat(e.sqlState()).isEqualTo("42501");
        assertThat(e.getMessage()).isEqualTo("permission denied to set parameter \"log_min_duration_statement\"");
    }

    private void assertError(String sql, String state, String message) {
        PgException e = backend.query(sql).error();
        assertThat(e).as(sql).isNotNull();
        assertThat(e.sqlState()).as(sql).isEqualTo(state);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void reportedParametersAndChanges() {
        backend.session.setStartupParameter("application_name", "psql");
        backend.session.setStartupParameter("DateStyle", "ISO");
        Map<String, String> reported = backend.session.reportedParameters();
        assertThat(reported.keySet()).containsExactly("application_name", "client_encoding", "DateStyle",
                "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle",
                "is_superuser",
                "server_encoding", "server_version", "session_authorization", "standard_conforming_strings",
                "TimeZone");
        assertThat(reported).containsEntry("application_name", "psql").containsEntry("DateStyle", "ISO, MDY")
                .containsEntry("is_superuser", "on").containsEntry("session_authorization", "alice")
                .containsEntry("server_version", "15.18").containsEntry("client_encoding", "UTF8");
        assertThat(backend.session.takeChangedParameters()).isEmpty();
        ok("set application_name = 'app'");
        assertThat(backend.session.takeChangedParameters()).containsExactly(Map.entry("application_name", "app"));
        ok("begin; set timezone = 'Europe/Paris'; rollback");
        assertThat(backend.session.takeChangedParameters()).isEmpty();
        ok("reset application_name");
        assertThat(backend.session.takeChangedParameters()).containsExactly(Map.entry("application_name", "psql"));
    }

    @Test
    void startupParametersFollowContexts() {
        assertThatThrownBy(() -> backend.session.setStartupParameter("port", "1"))
                .hasMessage("parameter \"port\" cannot be changed without restarting the server");
        assertThatThrownBy(() -> backend.session.setStartupParameter("max_wal_size", "1"))
                .hasMessage("parameter \"max_wal_size\" cannot be changed now");
        assertThatThrownBy(() -> backend.session.setStartupParameter("nosuch", "1"))
                .hasMessage("unrecognized configuration parameter \"nosuch\"");
        backend.session.setStartupParameter("log_connections", "on");
        backend.session.setStartupParameter("extra_float_digits", "3");
        assertThat(show("extra_float_digits")).isEqualTo("3");
    }

    @Test
    void reloadPicksUpServerValuesNotOverriddenBySession() {
        ok("set work_mem = '1MB'");
        backend.settings.values.put("work_mem", "99MB");
        backend.settings.values.put("enable_seqscan", "off");
        backend.session.reloadSettings();
        assertThat(show("work_mem")).isEqualTo("1MB");
        assertThat(show("enable_seqscan")).isEqualTo("off");
        ok("reset work_mem");
        assertThat(show("work_mem")).isEqualTo("99MB");
    }
}
