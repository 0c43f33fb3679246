package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 4: a Flyway migration through its Java API. Versioned SQL scripts create a table with a
 * serial primary key, a second one with a foreign key to it and load rows; Flyway keeps its history in
 * flyway_schema_history (which it creates, reading pg_namespace and information about the schema first), takes
 * PostgreSQL's advisory lock around the run and restores the session's role after it. A second run applies
 * nothing, validate() passes, and a later version applies alone; two Flyway runs started at once on a new schema
 * apply each script once (the advisory lock makes the second wait for the first). Runs against a real PostgreSQL
 * 15 too (-Dosgres.it.reference.port). Each test migrates a database of its own, made empty first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlywayIT {
    private SqlTarget target;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path scripts;

    @BeforeAll
    void start() {
        target = SqlTarget.start();
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (target != null) {
            target.close();
        }
    }

    private Flyway flyway(String database, Path location, String historyTable) {
        return Flyway.configure()
                .dataSource("jdbc:postgresql://127.0.0.1:" + target.port() + "/" + database, "postgres", null)
                .locations("filesystem:" + location)
                .table(historyTable)
                .connectRetries(0)
                .load();
    }

    private static Path write(Path dir, String name, String sql) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), sql);
    }

    /** A new empty database (Flyway refuses to start in a non-empty schema without a history table). */
    private void createDatabase(String name) throws SQLException {
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop database if exists " + name);
            Jdbc.execute(c, "create database " + name);
        }
    }

    private Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + target.port() + "/" + database, "postgres", null);
    }

    @Test
    void versionedScriptsMigrateOnceAndASecondRunIsANoOp() throws Exception {
        createDatabase("flyway_shop");
        Path dir = scripts.resolve("shop");
        write(dir, "V1__customers.sql", """
                create table fw_customers (
                    id serial primary key,
                    email text not null unique,
                    name varchar(100)
                );
                """);
        write(dir, "V2__orders.sql", """
                create table fw_orders (
                    id serial primary key,
                    customer_id int not null references fw_customers (id),
                    total numeric(10, 2) not null default 0,
                    placed_at timestamptz not null default now()
                );
                create index fw_orders_customer on fw_orders (customer_id);
                """);
        write(dir, "V3__seed.sql", """
                insert into fw_customers (email, name) values ('a@example.com', 'Ann'), ('b@example.com', 'Bob');
                insert into fw_orders (customer_id, total)
                select id, 10.50 from fw_customers order by id;
                """);

        MigrateResult first = flyway("flyway_shop", dir, "fw_history").migrate();
        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isEqualTo(3);
        assertThat(first.targetSchemaVersion).isEqualTo("3");

        try (Connection c = connect("flyway_shop")) {
            assertThat(Jdbc.column(c, "select version || ' ' || description || ' ' || success from fw_history "
                    + "where version is not null order by installed_rank"))
                    .containsExactly("1 customers true", "2 orders true", "3 seed true");
            assertThat(Jdbc.column(c, "select c.name || ' ' || o.total from fw_orders o "
                    + "join fw_customers c on c.id = o.customer_id order by o.id"))
                    .containsExactly("Ann 10.50", "Bob 10.50");
            // the serial keys and the foreign key are there
            Jdbc.execute(c, "insert into fw_customers (email) values ('c@example.com')");
            assertThat(Jdbc.selectInt(c, "select max(id) from fw_customers")).isEqualTo(3);
            assertThat(Jdbc.error(c, "insert into fw_orders (customer_id) values (99)").getSQLState())
                    .isEqualTo("23503");
        }

        MigrateResult second = flyway("flyway_shop", dir, "fw_history").migrate();
        assertThat(second.success).isTrue();
        assertThat(second.migrationsExecuted).isZero();
        flyway("flyway_shop", dir, "fw_history").validate();

        write(dir, "V4__note.sql", "alter table fw_customers add column note text;\n");
        MigrateResult third = flyway("flyway_shop", dir, "fw_history").migrate();
        assertThat(third.migrationsExecuted).isEqualTo(1);
        assertThat(third.targetSchemaVersion).isEqualTo("4");
        try (Connection c = connect("flyway_shop")) {
            assertThat(Jdbc.selectLong(c, "select count(*) from fw_history where success")).isEqualTo(4);
            assertThat(Jdbc.selectLong(c, "select count(note) from fw_customers")).isZero();
        }
    }

    @Test
    void twoFlywayRunsAtOnceApplyEachScriptOnce() throws Exception {
        createDatabase("flyway_race");
        Path dir = scripts.resolve("race");
        write(dir, "V1__a.sql", "create table fw_race_a (id serial primary key, v int);\n");
        write(dir, "V2__b.sql", """
                create table fw_race_b (id serial primary key, a int references fw_race_a (id));
                insert into fw_race_a (v) select g from generate_series(1, 200) g;
                insert into fw_race_b (a) select id from fw_race_a;
                """);
        List<Future<MigrateResult>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(threads.submit(() -> flyway("flyway_race", dir, "fw_race_history").migrate()));
        }
        int executed = 0;
        for (Future<MigrateResult> run : runs) {
            MigrateResult r = run.get(120, TimeUnit.SECONDS);
            assertThat(r.success).isTrue();
            executed += r.migrationsExecuted;
        }
        assertThat(executed).as("scripts applied by both runs together").isEqualTo(2);
        try (Connection c = connect("flyway_race")) {
            assertThat(Jdbc.selectLong(c, "select count(*) from fw_race_history where version is not null"))
                    .isEqualTo(2);
            assertThat(Jdbc.selectLong(c, "select count(*) from fw_race_b")).isEqualTo(200);
        }
    }
}
