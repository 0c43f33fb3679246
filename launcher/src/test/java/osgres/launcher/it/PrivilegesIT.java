package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/**
 * Object privileges across sessions and restarts, against the real distribution over pgJDBC: a role without a
 * GRANT is refused (42501 "permission denied for table t"), a GRANT another session commits lets the same open
 * session read at its next statement, a REVOKE neither waits for nor is waited for by a reader's open
 * transaction and takes effect at the reader's next transaction, an owner change moves the owner's rights, and
 * owners and ACLs survive a restart and a kill -9.
 */
class PrivilegesIT extends OneServerPerClass {

    @Test
    void aGrantCommittedElsewhereLetsAnOpenSessionRead() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_priv_reader login");
            Jdbc.execute(admin, "create table pv_t (a int)");
            Jdbc.execute(admin, "insert into pv_t values (1), (2)");
            try (Connection reader = connectAs(server, "regress_priv_reader")) {
                ServerErrorMessage denied = Jdbc.error(reader, "select count(*) from pv_t");
                assertThat(denied.getSQLState()).isEqualTo("42501");
                assertThat(denied.getMessage()).isEqualTo("permission denied for table pv_t");

                admin.setAutoCommit(false);
                Jdbc.execute(admin, "grant select on pv_t to regress_priv_reader");
                // not committed yet: the reader is still refused
                assertThat(Jdbc.error(reader, "select count(*) from pv_t").getSQLState()).isEqualTo("42501");
                admin.commit();
                assertThat(Jdbc.selectLong(reader, "select count(*) from pv_t")).isEqualTo(2);
                assertThat(Jdbc.error(reader, "insert into pv_t values (3)").getMessage())
                        .isEqualTo("permission denied for table pv_t");

                // a REVOKE while the reader's transaction is open: neither waits, the next transaction is refused
                reader.setAutoCommit(false);
                assertThat(Jdbc.selectLong(reader, "select count(*) from pv_t")).isEqualTo(2);
                Jdbc.execute(admin, "revoke select on pv_t from regress_priv_reader");
                admin.commit();
                reader.commit();
                reader.setAutoCommit(true);
                assertThat(Jdbc.error(reader, "select count(*) from pv_t").getSQLState()).isEqualTo("42501");
            } finally {
                admin.setAutoCommit(true);
            }
        }
    }

    /**
     * A role's membership (GRANT r TO u) another session commits reaches u's already open session at its next
     * statement (the privileges r holds are u's then), and so does the REVOKE.
     */
    @Test
    void aMembershipGrantedElsewhereReachesAnOpenSessionAtItsNextStatement() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_priv_group nologin");
            Jdbc.execute(admin, "create role regress_priv_member login");
            Jdbc.execute(admin, "create table pv_group_t (a int)");
            Jdbc.execute(admin, "insert into pv_group_t values (1), (2), (3)");
            Jdbc.execute(admin, "grant select on pv_group_t to regress_priv_group");
            try (Connection member = connectAs(server, "regress_priv_member")) {
                assertThat(Jdbc.error(member, "select count(*) from pv_group_t").getMessage())
                        .isEqualTo("permission denied for table pv_group_t");
                // role changes commit at once in osgres (README), so there is no uncommitted GRANT to test here
                Jdbc.execute(admin, "grant regress_priv_group to regress_priv_member");
                assertThat(Jdbc.selectLong(member, "select count(*) from pv_group_t")).isEqualTo(3);
                assertThat(Jdbc.selectString(member, "select pg_has_role('regress_priv_group', 'member')"))
                        .isEqualTo("t");

                Jdbc.execute(admin, "revoke regress_priv_group from regress_priv_member");
                assertThat(Jdbc.error(member, "select count(*) from pv_group_t").getMessage())
                        .isEqualTo("permission denied for table pv_group_t");
                assertThat(Jdbc.selectString(member, "select pg_has_role('regress_priv_group', 'member')"))
                        .isEqualTo("f");
            }
        }
    }

    @Test
    void theOwnerMayDoEverythingAndChangingItMovesTheRights() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_priv_owner login");
            Jdbc.execute(admin, "create table pv_owned (a int)");
            try (Connection owner = connectAs(server, "regress_priv_owner")) {
                assertThat(Jdbc.error(owner, "drop table pv_owned").getMessage())
                        .isEqualTo("must be owner of table pv_owned");
                Jdbc.execute(admin, "alter table pv_owned owner to regress_priv_owner");
                assertThat(Jdbc.selectString(admin,
                        "select pg_get_userbyid(relowner) from pg_class where relname = 'pv_owned'"))
                        .isEqualTo("regress_priv_owner");
                Jdbc.execute(owner, "insert into pv_owned values (1)");
                Jdbc.execute(owner, "grant select on pv_owned to public");
                assertThat(Jdbc.selectString(admin, "select relacl::text from pg_class where relname = 'pv_owned'"))
                        .isEqualTo("{regress_priv_owner=arwdDxt/regress_priv_owner,=r/regress_priv_owner}");
                Jdbc.execute(owner, "drop table pv_owned");
            }
        }
    }

    @Test
    void ownersAndPrivilegesSurviveRestartAndCrash() throws Exception {
        String acl = "select pg_get_userbyid(relowner) || ' ' || relacl::text from pg_class where relname = 'pv_kept'";
        try (TestServer crashing = TestServer.create().start()) {
            String before;
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create role regress_priv_kept login");
                Jdbc.execute(c, "create table pv_kept (a int, b int)");
                Jdbc.execute(c, "grant select, insert on pv_kept to regress_priv_kept with grant option");
                Jdbc.execute(c, "grant update (b) on pv_kept to regress_priv_kept");
                before = Jdbc.selectString(c, acl);
                assertThat(before).isEqualTo("postgres {postgres=arwdDxt/postgres,regress_priv_kept=a*r*/postgres}");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.selectString(c, acl)).isEqualTo(before);
                assertThat(Jdbc.selectString(c, "select attacl::text from pg_attribute"
                        + " where attrelid = 'pv_kept'::regclass and attname = 'b'"))
                        .isEqualTo("{regress_priv_kept=w/postgres}");
            }
            try (Connection kept = connectAs(crashing, "regress_priv_kept")) {
                Jdbc.execute(kept, "insert into pv_kept values (1, 2)");
                assertThat(Jdbc.selectLong(kept, "select count(*) from pv_kept")).isEqualTo(1);
                assertThat(Jdbc.error(kept, "delete from pv_kept").getSQLState()).isEqualTo("42501");
            }
        }
    }
}
