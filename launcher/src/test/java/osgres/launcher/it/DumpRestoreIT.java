package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10, acceptance 2: pg_dump 15 ({@code -Fp} and {@code -Fc}), pg_restore and pg_dumpall --globals-only against
 * osgres, for a schema with tables, serial columns, a view, an index, a foreign key, a CHECK and comments: a dump
 * restores into a fresh osgres database with identical data (psql -f and pg_restore), the plain dump also loads into
 * a real PostgreSQL 15 started by the test and one made by PostgreSQL 15 loads into osgres; osgres's schema dump is
 * PostgreSQL's, line for line. A dump taken while another session holds uncommitted rows neither waits for it nor
 * contains them. Database and schema privileges come back as they were (pg_dump --create).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpRestoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String SCHEMA = """
            create table customers (id serial primary key, email text not null unique,
                name varchar(100) default 'x', born date);
            create table orders (id serial primary key, customer_id int references customers (id) on delete cascade,
                total numeric(10, 2) check (total >= 0), placed timestamptz default now(), note text);
            create index orders_cust on orders (customer_id);
            create view big_orders as select o.id, c.email, o.total from orders o join customers c
                on c.id = o.customer_id where o.total > 100;
            comment on table customers is 'the customers';
            comment on column customers.email is 'login, unique';
            grant select on big_orders to public;
            revoke truncate on orders from postgres;
            insert into customers (email, name, born) values ('a@example.com', 'Ann', '1990-02-03'),
                ('b@example.com', null, null), ('c@example.com', 'Zoë ''quoted'' tab	here', '2001-12-31');
            insert into orders (customer_id, total, placed, note) values
                (1, 5, '2026-01-02 03:04:05+00', 'small'), (2, 500.25, '2026-02-03 04:05:06+00', null),
                (3, 1234.5, '2026-03-04 05:06:07+00', E'multi\\nline'), (null, 0, '2026-04-05 06:07:08+00', '\\\\N');
            """;
    /** More of what pg_dump writes: an enum, identity, partitions, inheritance, a trigger, a view WITH CHECK OPTION. */
    private static final String RICH_SCHEMA = """
            create type mood as enum ('sad', 'ok', 'happy');
            create table people (id int generated always as identity primary key, name text not null,
                feeling mood default 'ok', tags text[], data jsonb, created timestamp(3) default '2026-01-01');
            create table events (id bigserial, at date not null, kind text, primary key (id, at))
                partition by range (at);
            create table events_2026 partition of events for values from ('2026-01-01') to ('2027-01-01');
            create function add_one(i int) returns int language sql immutable as 'select i + 1';
            create function touch() returns trigger language plpgsql as
                $$ begin new.created := '2026-02-02'; return new; end $$;
            create trigger people_touch before update on people for each row execute function touch();
            comment on function add_one(int) is 'adds one';
            create sequence standalone start 100 increment 5;
            create table child (extra int) inherits (people);
            create view happy as select id, name from people where feeling = 'happy' with local check option;
            alter table people add constraint name_len check (length(name) < 100) not valid;
            insert into people (name, feeling, tags, data) values ('ann', 'happy', '{a,b}', '{"k": [1, 2]}'),
                ('bob', default, null, 'null');
            insert into child (id, name, extra) values (100, 'kid', 7);
            insert into events (at, kind) values ('2026-05-05', 'x');
            select nextval('standalone');
            grant select, insert on people to pg_read_all_data;
            grant update (name) on people to pg_monitor with grant option;
            grant usage on sequence standalone to public;
            """;
    private static final List<String> RICH_CONTENTS = List.of("select * from people order by id, name",
            "select * from only people order by id", "select * from child order by name",
            "select * from events order by id", "select * from happy order by id",
            "select last_value from standalone", "select add_one(41)",
            "select d.description from pg_description d join pg_proc p on p.oid = d.objoid where p.proname = 'add_one'",
            "select relname, relacl from pg_class where relname in ('people', 'standalone', 'events') order by 1",
            "select attname, attacl from pg_attribute where attrelid = 'people'::regclass and attacl is not null");
    private static final List<String> CONTENTS = List.of("select * from customers order by id",
            "select * from orders order by id", "select * from big_orders order by id",
            "select last_value, is_called from customers_id_seq", "select last_value, is_called from orders_id_seq",
            "select obj_description('customers'::regclass, 'pg_class'), col_description('customers'::regclass, 2)",
            "select relname, relacl from pg_class where relname in ('big_orders', 'orders') order by 1");

    private TestServer osgres;
    private ReferencePostgres postgres;
    private Path dir;

    @BeforeAll
    void start() throws IOException {
        osgres = TestServer.create().start();
        postgres = ReferencePostgres.start();
        dir = Files.createTempDirectory("osgres-dump-it");
        for (int port : new int[] {osgres.port, postgres.port}) {
            ok(psql(port, "postgres", "create database src"));
            ok(psql(port, "src", SCHEMA));
            ok(psql(port, "postgres", "create database rich"));
            ok(psql(port, "rich", RICH_SCHEMA));
        }
    }

    @AfterAll
    void stop() {
        if (osgres != null) {
            osgres.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (dir != null) {
            TestServer.deleteTree(dir);
        }
    }

    @Test
    void plainDumpRestoresIntoAFreshOsgresDatabaseWithPsql() {
        plainCopy(osgres.port, osgres.port, "from_plain");
        assertSameContents(osgres.port, osgres.port, "from_plain");
        assertRestoredSchemaWorks(osgres.port, "from_plain");
    }

    @Test
    void customDumpRestoresIntoAFreshOsgresDatabaseWithPgRestore() {
        Path dump = dir.resolve("custom.dump");
        ok(pgDump(osgres.port, "src", "-Fc", "-f", dump.toString()));
        ok(psql(osgres.port, "postgres", "create database from_custom"));
        ok(Cli.run(TIMEOUT, Map.of(), List.of(Cli.tool("pg_restore"), "-h", "127.0.0.1", "-p",
                Integer.toString(osgres.port), "-U", "postgres", "-d", "from_custom", "--exit-on-error",
                dump.toString())));
        assertSameContents(osgres.port, osgres.port, "from_custom");
        assertRestoredSchemaWorks(osgres.port, "from_custom");
    }

    @Test
    void plainDumpOfOsgresLoadsIntoPostgres() {
        plainCopy(osgres.port, postgres.port, "from_osgres");
        assertSameContents(osgres.port, postgres.port, "from_osgres");
        assertRestoredSchemaWorks(postgres.port, "from_osgres");
    }

    @Test
    void dumpOfPostgresLoadsIntoOsgres() {
        plainCopy(postgres.port, osgres.port, "from_postgres");
        assertSameContents(postgres.port, osgres.port, "from_postgres");
        assertRestoredSchemaWorks(osgres.port, "from_postgres");
    }

    @Test
    void schemaDumpIsPostgresLineForLine() {
        Path mine = dir.resolve("schema-osgres.sql");
        Path theirs = dir.resolve("schema-postgres.sql");
        ok(pgDump(osgres.port, "src", "--schema-only", "-f", mine.toString()));
        ok(pgDump(postgres.port, "src", "--schema-only", "-f", theirs.toString()));
        assertThat(significantLines(mine)).containsExactlyElementsOf(significantLines(theirs));
    }

    @Test
    void richSchemaRoundTripsBetweenOsgresAndPostgres() {
        Path mine = dir.resolve("rich-osgres.sql");
        Path theirs = dir.resolve("rich-postgres.sql");
        ok(pgDump(osgres.port, "rich", "-Fp", "-f", mine.toString()));
        ok(pgDump(postgres.port, "rich", "-Fp", "-f", theirs.toString()));
        ok(psql(osgres.port, "postgres", "create database rich_again"));
        ok(psqlFile(osgres.port, "rich_again", mine));
        ok(psql(postgres.port, "postgres", "create database rich_from_osgres"));
        ok(psqlFile(postgres.port, "rich_from_osgres", mine));
        ok(psql(osgres.port, "postgres", "create database rich_from_postgres"));
        ok(psqlFile(osgres.port, "rich_from_postgres", theirs));
        for (String query : RICH_CONTENTS) {
            List<String> expected = rows(postgres.port, "rich", query);
            assertThat(rows(osgres.port, "rich", query)).as(query).isEqualTo(expected);
            assertThat(rows(osgres.port, "rich_again", query)).as(query).isEqualTo(expected);
            assertThat(rows(postgres.port, "rich_from_osgres", query)).as(query).isEqualTo(expected);
            assertThat(rows(osgres.port, "rich_from_postgres", query)).as(query).isEqualTo(expected);
        }
        for (String database : List.of("rich_again", "rich_from_postgres")) {
            // identity, enum default, trigger, check option and partition routing work after the restore
            assertThat(rows(osgres.port, database, "insert into people (name) values ('new') returning id, feeling"))
                    .containsExactly("3|ok");
            assertThat(rows(osgres.port, database, "update people set name = 'ann2' where id = 1 returning created"))
                    .containsExactly("2026-02-02 00:00:00");
            Cli.Result check = psql(osgres.port, database, "insert into happy (name) values ('sad one')");
            assertThat(check.stderr()).contains("new row violates check option for view \"happy\"");
            assertThat(rows(osgres.port, database, "insert into events (at) values ('2026-07-07') returning id"))
                    .containsExactly("2");
        }
    }

    @Test
    void dumpallGlobalsOnlyListsTheRoles() {
        Cli.Result r = Cli.run(TIMEOUT, Map.of(), List.of(Cli.tool("pg_dumpall"), "-h", "127.0.0.1", "-p",
                Integer.toString(osgres.port), "-U", "postgres", "--globals-only"));
        ok(r);
        assertThat(r.stdout()).contains("CREATE ROLE postgres;").contains(
                "ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;");
    }

    /**
     * Issue 11, acceptance 4: roles with their attributes, passwords (SCRAM and MD5 secrets, kept as they are) and
     * memberships go through pg_dumpall --globals-only into a fresh osgres and into PostgreSQL 15 unchanged.
     */
    @Test
    void rolesAndMembershipsRoundTripThroughDumpallGlobals() {
        ok(psql(osgres.port, "postgres", """
                create role dump_a login password 'pa' createdb connection limit 7
                    valid until '2099-01-01 00:00:00+00';
                create role dump_grp nologin noinherit;
                set password_encryption = 'md5';
                create role dump_b login password 'pb' replication;
                create role dump_c createrole bypassrls in role dump_grp;
                grant dump_grp to dump_a with admin option;
                grant dump_grp to dump_b;
                grant pg_monitor to dump_c;
                """));
        Path globals = dir.resolve("globals.sql");
        ok(Cli.run(TIMEOUT, Map.of(), List.of(Cli.tool("pg_dumpall"), "-h", "127.0.0.1", "-p",
                Integer.toString(osgres.port), "-U", "postgres", "--globals-only", "-f", globals.toString())));
        String roles = "select rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,"
                + " rolbypassrls, rolconnlimit, rolpassword, rolvaliduntil from pg_authid where rolname like 'dump%'"
                + " order by 1";
        String members = "select r.rolname, m.rolname, g.rolname, admin_option from pg_auth_members a"
                + " join pg_roles r on r.oid = a.roleid join pg_roles m on m.oid = a.member"
                + " join pg_roles g on g.oid = a.grantor where m.rolname like 'dump%' order by 1, 2";
        List<String> expectedRoles = rows(osgres.port, "postgres", roles);
        List<String> expectedMembers = rows(osgres.port, "postgres", members);
        assertThat(expectedRoles).hasSize(4);
        assertThat(expectedMembers).hasSize(4);
        try (TestServer fresh = TestServer.create().start()) {
            for (int port : new int[] {fresh.port, postgres.port}) {
                // the bootstrap superuser exists already: that CREATE ROLE fails, as it does on PostgreSQL
                Cli.Result restore = Cli.run(TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"),
                        "-X", "-q", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d",
                        "postgres", "-f", globals.toString()));
                assertThat(restore.exitCode()).as(restore.all()).isZero();
                assertThat(restore.stderr().lines().filter(l -> l.contains("ERROR")).toList()).as(restore.all())
                        .singleElement().asString().endsWith("ERROR:  role \"postgres\" already exists");
                assertThat(rows(port, "postgres", roles)).as("pg_authid on port %d", port)
                        .containsExactlyElementsOf(expectedRoles);
                assertThat(rows(port, "postgres", members)).as("pg_auth_members on port %d", port)
                        .containsExactlyElementsOf(expectedMembers);
            }
        }
    }

    /**
     * Issue 11: a database's and its public schema's privileges go through {@code pg_dump --create} (what
     * pg_dumpall writes for each database): restored into a fresh osgres and into PostgreSQL 15, they come out the
     * same (the GRANT/REVOKE lines may reorder an ACL's entries: PostgreSQL's restore does it too).
     */
    @Test
    void databaseAndSchemaPrivilegesRoundTripThroughPgDumpCreate() {
        List<String> acls = List.of("select datacl from pg_database where datname = current_database()",
                "select pg_get_userbyid(nspowner), nspacl from pg_namespace where nspname = 'public'");
        ok(psql(osgres.port, "postgres", "create role acl_dump_user"));
        ok(psql(osgres.port, "postgres", "create database acl_src"));
        ok(psql(osgres.port, "postgres", """
                revoke connect on database acl_src from public;
                grant connect, temp on database acl_src to acl_dump_user with grant option;
                """));
        ok(psql(osgres.port, "acl_src", """
                grant create on schema public to acl_dump_user;
                revoke usage on schema public from public;
                create table acl_t (a int);
                """));
        assertThat(rows(osgres.port, "acl_src", acls.get(0)))
                .containsExactly("{=T/postgres,postgres=CTc/postgres,acl_dump_user=T*c*/postgres}");
        Path dump = dir.resolve("acl_src.sql");
        ok(pgDump(osgres.port, "acl_src", "--create", "-Fp", "-f", dump.toString()));
        try (TestServer fresh = TestServer.create().start()) {
            for (int port : new int[] {fresh.port, postgres.port}) {
                ok(psql(port, "postgres", "create role acl_dump_user"));
                ok(psqlFile(port, "postgres", dump));
            }
            for (String query : acls) {
                List<String> expected = rows(postgres.port, "acl_src", query);
                assertThat(rows(fresh.port, "acl_src", query)).as(query).isEqualTo(expected);
            }
            assertThat(rows(fresh.port, "acl_src", acls.get(1))).containsExactly(
                    "pg_database_owner|{pg_database_owner=UC/pg_database_owner,acl_dump_user=C/pg_database_owner}");
        } finally {
            // the other tests' pg_dumpall and restores should not meet them
            for (int port : new int[] {osgres.port, postgres.port}) {
                psql(port, "postgres", "drop database if exists acl_src");
                psql(port, "postgres", "drop owned by acl_dump_user");
                psql(port, "postgres", "drop role if exists acl_dump_user");
            }
        }
    }

    @Test
    void dumpNeitherWaitsForNorContainsAnotherSessionsUncommittedRows() throws SQLException {
        ok(psql(osgres.port, "postgres", "create database busy"));
        ok(psql(osgres.port, "busy", "create table t (id int primary key, v text); insert into t values (1, 'kept')"));
        Path dump = dir.resolve("busy.sql");
        try (Connection writer = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + osgres.port
                + "/busy", "postgres", "")) {
            writer.setAutoCommit(false);
            Jdbc.execute(writer, "insert into t values (2, 'uncommitted')");
            Jdbc.execute(writer, "update t set v = 'changed' where id = 1");
            ok(pgDump(osgres.port, "busy", "-Fp", "-f", dump.toString()));
            writer.commit();
        }
        ok(psql(osgres.port, "postgres", "create database busy_copy"));
        ok(psqlFile(osgres.port, "busy_copy", dump));
        assertThat(rows(osgres.port, "busy_copy", "select * from t order by id")).containsExactly("1|kept");
        assertThat(rows(osgres.port, "busy", "select * from t order by id")).containsExactly("1|changed",
                "2|uncommitted");
    }

    // ---- checks ----

    /** {@code pg_dump -Fp} of database src on one server, then {@code psql -f} into a new database on another. */
    private void plainCopy(int fromPort, int toPort, String database) {
        Path dump = dir.resolve(database + ".sql");
        ok(pgDump(fromPort, "src", "-Fp", "-f", dump.toString()));
        ok(psql(toPort, "postgres", "create database " + database));
        ok(psqlFile(toPort, database, dump));
    }

    private static void assertSameContents(int sourcePort, int port, String database) {
        for (String query : CONTENTS) {
            assertThat(rows(port, database, query)).as(query).isEqualTo(rows(sourcePort, "src", query));
        }
    }

    /** The restored sequences go on where the source's stopped, and the foreign key and CHECK are enforced. */
    private static void assertRestoredSchemaWorks(int port, String database) {
        assertThat(rows(port, database, "insert into customers (email) values ('new@example.com') returning id"))
                .containsExactly("4");
        Cli.Result fk = psql(port, database, "insert into orders (customer_id, total) values (99, 1)");
        assertThat(fk.exitCode()).isNotZero();
        assertThat(fk.stderr()).contains("violates foreign key constraint \"orders_customer_id_fkey\"");
        Cli.Result check = psql(port, database, "insert into orders (customer_id, total) values (1, -1)");
        assertThat(check.stderr()).contains("violates check constraint \"orders_total_check\"");
        assertThat(rows(port, database, "select count(*) from orders where customer_id = 1")).containsExactly("1");
        ok(psql(port, database, "delete from customers where id = 1"));
        assertThat(rows(port, database, "select count(*) from orders where customer_id = 1")).containsExactly("0");
    }

    /** A dump's lines without comments, blank lines and psql's per-dump \restrict keys. */
    private static List<String> significantLines(Path dump) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(dump)) {
                if (!line.isBlank() && !line.startsWith("--") && !line.startsWith("\\restrict")
                        && !line.startsWith("\\unrestrict")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- clients ----

    private static void ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).as("stderr").doesNotContain("ERROR");
    }

    private static Cli.Result pgDump(int port, String database, String... args) {
        List<String> command = new ArrayList<>(List.of(Cli.tool("pg_dump"), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "postgres", "-d", database));
        command.addAll(List.of(args));
        return Cli.run(TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), command);
    }

    private static Cli.Result psql(int port, String database, String sql) {
        return Cli.run(TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"), "-X", "-A", "-t", "-q",
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-v",
                "ON_ERROR_STOP=1", "-c", sql));
    }

    private static Cli.Result psqlFile(int port, String database, Path file) {
        return Cli.run(TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), List.of(Cli.tool("psql"), "-X", "-q", "-h",
                "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
                "-f", file.toString()));
    }

    private static List<String> rows(int port, String database, String query) {
        Cli.Result r = psql(port, database, query);
        ok(r);
        return r.stdout().isEmpty() ? List.of() : List.of(r.stdout().strip().split("\n"));
    }
}
