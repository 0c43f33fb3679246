package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Database and schema privileges across sessions and a crash, against the real distribution over pgJDBC, as
 * PostgreSQL 15 has them: CONNECT is checked when a session starts (a REVOKE committed by another session refuses
 * the next login with FATAL 42501 and its DETAIL, and leaves an open session working); a plain role may create
 * nothing in public until it is granted CREATE there, which an open session sees at its next statement; without
 * TEMP on the database no temporary table; and all of it is kept through a kill -9.
 */
class DatabasePrivilegesIT extends OneServerPerClass {
    /** The FATAL a login is refused with. */
    private static ServerErrorMessage loginRefused(TestServer server, String user, String database) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> connectAs(server, user, database).close()).isInstanceOfSatisfying(
                PSQLException.class, e -> thrown[0] = e);
        return ((PSQLException) thrown[0]).getServerErrorMessage();
    }

    @Test
    void revokedConnectRefusesTheNextLoginButNotAnOpenSession() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_dbpriv_user login");
            Jdbc.execute(admin, "create database regress_dbpriv_db");
            try (Connection open = connectAs(server, "regress_dbpriv_user", "regress_dbpriv_db")) {
                Jdbc.execute(admin, "revoke connect on database regress_dbpriv_db from public");
                ServerErrorMessage refused = loginRefused(server, "regress_dbpriv_user", "regress_dbpriv_db");
                assertThat(refused.getSeverity()).isEqualTo("FATAL");
                assertThat(refused.getSQLState()).isEqualTo("42501");
                assertThat(refused.getMessage()).isEqualTo("permission denied for database \"regress_dbpriv_db\"");
                assertThat(refused.getDetail()).isEqualTo("User does not have CONNECT privilege.");
                // the session opened before the REVOKE keeps working
                assertThat(Jdbc.selectString(open, "select current_user")).isEqualTo("regress_dbpriv_user");
                // a superuser needs no CONNECT
                try (Connection superuser = Jdbc.connect(server.port)) {
                    assertThat(Jdbc.selectLong(superuser, "select 1")).isEqualTo(1);
                }
                Jdbc.execute(admin, "grant connect on database regress_dbpriv_db to regress_dbpriv_user");
                try (Connection again = connectAs(server, "regress_dbpriv_user", "regress_dbpriv_db")) {
                    assertThat(Jdbc.selectString(again, "select current_database()")).isEqualTo("regress_dbpriv_db");
                }
            }
            Jdbc.execute(admin, "drop database regress_dbpriv_db");
            Jdbc.execute(admin, "drop role regress_dbpriv_user");
        }
    }

    @Test
    void createInPublicNeedsAGrantThatAnOpenSessionSeesAtOnce() throws Exception {
        try (Connection admin = Jdbc.connect(server)) {
            Jdbc.execute(admin, "create role regress_dbpriv_creator login");
            try (Connection creator = connectAs(server, "regress_dbpriv_creator", "postgres")) {
                ServerErrorMessage denied = Jdbc.error(creator, "create table dbpriv_t (a int)");
                assertThat(denied.getSQLState()).isEqualTo("42501");
                assertThat(denied.getMessage()).isEqualTo("permission denied for schema public");
                Jdbc.execute(admin, "grant create on schema public to regress_dbpriv_creator");
                Jdbc.execute(creator, "create table dbpriv_t (a int)");
                Jdbc.execute(creator, "insert into dbpriv_t values (1)");
                assertThat(Jdbc.selectString(admin,
                        "select pg_get_userbyid(relowner) from pg_class where relname = 'dbpriv_t'"))
                        .isEqualTo("regress_dbpriv_creator");
                // TEMP on the database
                Jdbc.execute(admin, "revoke temp on database postgres from public");
                ServerErrorMessage noTemp = Jdbc.error(creator, "create temp table dbpriv_temp (a int)");
                assertThat(noTemp.getSQLState()).isEqualTo("42501");
                assertThat(noTemp.getMessage())
                        .isEqualTo("permission denied to create temporary tables in database \"postgres\"");
                Jdbc.execute(admin, "grant temp on database postgres to public");
                Jdbc.execute(creator, "create temp table dbpriv_temp (a int)");
                Jdbc.execute(creator, "drop table dbpriv_t");
            }
            Jdbc.execute(admin, "revoke create on schema public from regress_dbpriv_creator");
            Jdbc.execute(admin, "drop role regress_dbpriv_creator");
        }
    }

    @Test
    void databaseAndSchemaPrivilegesSurviveACrash() throws Exception {
        String datacl = "select pg_get_userbyid(datdba) || ' ' || datacl::text from pg_database"
                + " where datname = 'regress_dbpriv_kept'";
        String nspacl = "select pg_get_userbyid(nspowner) || ' ' || nspacl::text from pg_namespace"
                + " where nspname = 'public'";
        try (TestServer crashing = TestServer.create().start()) {
            String databaseBefore;
            String schemaBefore;
            try (Connection c = Jdbc.connect(crashing)) {
                Jdbc.execute(c, "create role regress_dbpriv_kept login");
                Jdbc.execute(c, "create role regress_dbpriv_owner login createdb");
                Jdbc.execute(c, "create role regress_dbpriv_other login");
                Jdbc.execute(c, "create database regress_dbpriv_kept");
                Jdbc.execute(c, "alter database regress_dbpriv_kept owner to regress_dbpriv_owner");
                Jdbc.execute(c, "revoke connect, temp on database regress_dbpriv_kept from public");
                Jdbc.execute(c, "grant connect on database regress_dbpriv_kept to regress_dbpriv_kept");
                Jdbc.execute(c, "grant create on schema public to regress_dbpriv_kept with grant option");
                databaseBefore = Jdbc.selectString(c, datacl);
                schemaBefore = Jdbc.selectString(c, nspacl);
                assertThat(databaseBefore).isEqualTo("regress_dbpriv_owner"
                        + " {regress_dbpriv_owner=CTc/regress_dbpriv_owner,regress_dbpriv_kept=c/regress_dbpriv_owner}");
                assertThat(schemaBefore).isEqualTo("pg_database_owner {pg_database_owner=UC/pg_database_owner,"
                        + "=U/pg_database_owner,regress_dbpriv_kept=C*/pg_database_owner}");
                crashing.crash();
            }
            crashing.restart();
            try (Connection c = Jdbc.connect(crashing)) {
                assertThat(Jdbc.selectString(c, datacl)).isEqualTo(databaseBefore);
                assertThat(Jdbc.selectString(c, nspacl)).isEqualTo(schemaBefore);
            }
            assertThat(loginRefused(crashing, "regress_dbpriv_other", "regress_dbpriv_kept").getSQLState())
                    .isEqualTo("42501");
            try (Connection owner = connectAs(crashing, "regress_dbpriv_owner", "regress_dbpriv_kept")) {
                // the owner holds CONNECT through its own entry, and CREATE on public through pg_database_owner
                Jdbc.execute(owner, "create table dbpriv_owned (a int)");
            }
            try (Connection kept = connectAs(crashing, "regress_dbpriv_kept", "regress_dbpriv_kept")) {
                // CREATE on public was granted in postgres, not in this database
                assertThat(Jdbc.error(kept, "create table dbpriv_elsewhere (a int)").getMessage())
                        .isEqualTo("permission denied for schema public");
                assertThat(Jdbc.error(kept, "create temp table dbpriv_temp (a int)").getMessage()).isEqualTo(
                        "permission denied to create temporary tables in database \"regress_dbpriv_kept\"");
            }
            try (Connection kept = connectAs(crashing, "regress_dbpriv_kept", "postgres")) {
                Jdbc.execute(kept, "create table dbpriv_kept (a int)");
            }
        }
    }
}
