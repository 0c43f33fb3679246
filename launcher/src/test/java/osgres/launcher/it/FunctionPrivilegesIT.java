package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/**
 * EXECUTE on functions and procedures across sessions and a crash, against the real distribution over pgJDBC: a
 * REVOKE EXECUTE ... FROM PUBLIC another session commits refuses the same open session's next call (42501
 * "permission denied for function f"), even of a statement it prepared before; a GRANT back lets it call again; a
 * rolled-back GRANT changes nothing; a role's ALTER DEFAULT PRIVILEGES gives the tables and functions it creates
 * afterwards their privileges, which another role's session sees; CREATE FUNCTION and DO need USAGE on the
 * language (superuser for c); a function's owner and ACL and a default-privileges
 * entry survive a kill -9.
 */
class FunctionPrivilegesIT extends OneServerPerClass {

    @Test
    void aRevokeCommittedElsewhereRefusesTheNextCall() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_fpriv_caller login");
            Jdbc.execute(admin, "create function fpriv_double(int) returns int language sql as 'select 2 * $1'");
            Jdbc.execute(admin, "create procedure fpriv_proc(int) language sql as 'select $1'");
            try (Connection caller = connectAs(server, "regress_fpriv_caller")) {
                // acldefault: PUBLIC may execute
                assertThat(Jdbc.selectLong(caller, "select fpriv_double(21)")).isEqualTo(42);
                Jdbc.execute(caller, "call fpriv_proc(1)");

                Jdbc.execute(admin, "revoke execute on function fpriv_double(int) from public");
                Jdbc.execute(admin, "revoke all on procedure fpriv_proc(int) from public");
                ServerErrorMessage denied = Jdbc.error(caller, "select fpriv_double(21)");
                assertThat(denied.getSQLState()).isEqualTo("42501");
                assertThat(denied.getMessage()).isEqualTo("permission denied for function fpriv_double");
                assertThat(Jdbc.error(caller, "call fpriv_proc(1)").getMessage())
                        .isEqualTo("permission denied for procedure fpriv_proc");

                // a GRANT that is rolled back changes nothing
                admin.setAutoCommit(false);
                Jdbc.execute(admin, "grant execute on function fpriv_double(int) to regress_fpriv_caller");
                admin.rollback();
                admin.setAutoCommit(true);
                assertThat(Jdbc.error(caller, "select fpriv_double(21)").getSQLState()).isEqualTo("42501");

                Jdbc.execute(admin, "grant execute on function fpriv_double(int) to regress_fpriv_caller");
                Jdbc.execute(admin, "grant execute on routine fpriv_proc(int) to public");
                assertThat(Jdbc.selectLong(caller, "select fpriv_double(21)")).isEqualTo(42);
                Jdbc.execute(caller, "call fpriv_proc(1)");
                assertThat(Jdbc.selectString(admin, "select proacl::text from pg_proc where proname = 'fpriv_double'"))
                        .isEqualTo("{postgres=X/postgres,regress_fpriv_caller=X/postgres}");

                // a statement the caller prepared while allowed is checked again at each execution
                try (var prepared = caller.prepareStatement("select fpriv_double(?)")) {
                    prepared.setInt(1, 5);
                    for (int i = 0; i < 6; i++) {
                        prepared.executeQuery().close(); // past pgJDBC's prepareThreshold: a server-side statement
                    }
                    Jdbc.execute(admin, "revoke execute on function fpriv_double(int) from regress_fpriv_caller");
                    SQLException e = null;
                    try {
                        prepared.executeQuery().close();
                    } catch (SQLException thrown) {
                        e = thrown;
                    }
                    assertThat(e != null ? e.getSQLState() : null).isEqualTo("42501");
                }
                assertThat(Jdbc.error(caller, "drop function fpriv_double(int)").getMessage())
                        .isEqualTo("must be owner of function fpriv_double");
            }
        }
    }

    @Test
    void aRolesDefaultPrivilegesApplyToWhatItCreatesAfterwards() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_fpriv_creator login");
            Jdbc.execute(admin, "create role regress_fpriv_reader login");
            // PostgreSQL 15: a role that does not own the database may create in public only when granted to
            Jdbc.execute(admin, "grant create on schema public to regress_fpriv_creator");
            try (Connection creator = connectAs(server, "regress_fpriv_creator");
                 Connection reader = connectAs(server, "regress_fpriv_reader")) {
                Jdbc.execute(creator, "create table fpriv_before (a int)");
                Jdbc.execute(creator, "alter default privileges grant select on tables to regress_fpriv_reader");
                Jdbc.execute(creator, "alter default privileges revoke execute on functions from public");
                Jdbc.execute(creator, "create table fpriv_after (a int)");
                Jdbc.execute(creator, "insert into fpriv_after values (1), (2)");
                Jdbc.execute(creator, "create function fpriv_private() returns int language sql as 'select 1'");

                assertThat(Jdbc.selectLong(reader, "select count(*) from fpriv_after")).isEqualTo(2);
                assertThat(Jdbc.error(reader, "insert into fpriv_after values (3)").getSQLState()).isEqualTo("42501");
                assertThat(Jdbc.error(reader, "select count(*) from fpriv_before").getMessage())
                        .isEqualTo("permission denied for table fpriv_before");
                assertThat(Jdbc.error(reader, "select fpriv_private()").getMessage())
                        .isEqualTo("permission denied for function fpriv_private");
                assertThat(Jdbc.selectLong(creator, "select fpriv_private()")).isEqualTo(1);
                assertThat(Jdbc.selectString(admin, "select relacl::text from pg_class where relname = 'fpriv_after'"))
                        .isEqualTo("{regress_fpriv_creator=arwdDxt/regress_fpriv_creator,"
                                + "regress_fpriv_reader=r/regress_fpriv_creator}");
            }
        }
    }

    @Test
    void createFunctionNeedsUsageOnItsLanguage() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_fpriv_lang login");
            Jdbc.execute(admin, "grant create on schema public to regress_fpriv_lang");
            try (Connection lang = connectAs(server, "regress_fpriv_lang")) {
                Jdbc.execute(admin, "revoke usage on language plpgsql from public");
                String create = "create function fpriv_lang_f() returns int language plpgsql as 'begin return 1; end'";
                ServerErrorMessage denied = Jdbc.error(lang, create);
                assertThat(denied.getSQLState()).isEqualTo("42501");
                assertThat(denied.getMessage()).isEqualTo("permission denied for language plpgsql");
                assertThat(Jdbc.error(lang, "do $$ begin end $$").getMessage())
                        .isEqualTo("permission denied for language plpgsql");
                // an untrusted language is for superusers only, whatever its ACL
                assertThat(Jdbc.error(lang, "create function fpriv_lang_c() returns int language c as 'x'")
                        .getMessage()).isEqualTo("permission denied for language c");
                Jdbc.execute(admin, "grant usage on language plpgsql to regress_fpriv_lang");
                Jdbc.execute(lang, create);
                assertThat(Jdbc.selectLong(lang, "select fpriv_lang_f()")).isEqualTo(1);
            } finally {
                Jdbc.execute(admin, "grant usage on language plpgsql to public");
            }
        }
    }

    @Test
    void functionOwnersAndPrivilegesSurviveACrash() throws Exception {
        String acl = "select pg_get_userbyid(proowner) || ' ' || proacl::text from pg_proc where proname = 'fpriv_kept'";
        try (TestServer crashing = TestServer.create().start()) {
            String before;
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create role regress_fpriv_owner login");
                Jdbc.execute(c, "create role regress_fpriv_other login");
                Jdbc.execute(c, "create function fpriv_kept() returns int language sql as 'select 7'");
                Jdbc.execute(c, "alter function fpriv_kept() owner to regress_fpriv_owner");
                try (Connection owner = connectAs(crashing, "regress_fpriv_owner")) {
                    Jdbc.execute(owner, "revoke execute on function fpriv_kept() from public");
                    Jdbc.execute(owner, "grant execute on function fpriv_kept() to regress_fpriv_other"
                            + " with grant option");
                }
                Jdbc.execute(c, "alter default privileges for role regress_fpriv_owner"
                        + " grant select on tables to regress_fpriv_other");
                before = Jdbc.selectString(c, acl);
                assertThat(before).isEqualTo("regress_fpriv_owner {regress_fpriv_owner=X/regress_fpriv_owner,"
                        + "regress_fpriv_other=X*/regress_fpriv_owner}");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.selectString(c, acl)).isEqualTo(before);
                assertThat(Jdbc.selectString(c, "select defaclacl::text from pg_default_acl"
                        + " where pg_get_userbyid(defaclrole) = 'regress_fpriv_owner'"))
                        .isEqualTo("{regress_fpriv_owner=arwdDxt/regress_fpriv_owner,"
                                + "regress_fpriv_other=r/regress_fpriv_owner}");
            }
            try (Connection other = connectAs(crashing, "regress_fpriv_other")) {
                assertThat(Jdbc.selectLong(other, "select fpriv_kept()")).isEqualTo(7);
            }
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create role regress_fpriv_none login");
            }
            try (Connection none = connectAs(crashing, "regress_fpriv_none")) {
                assertThat(Jdbc.error(none, "select fpriv_kept()").getMessage())
                        .isEqualTo("permission denied for function fpriv_kept");
            }
        }
    }
}
