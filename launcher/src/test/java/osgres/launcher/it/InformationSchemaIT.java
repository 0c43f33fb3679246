package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10: information_schema's views read the catalog as each session's transaction sees it, as pg_class does
 * (PgClassIT). A table created in an uncommitted transaction is in that session's information_schema.tables,
 * columns and table_constraints and in no other session's until the commit; a DROP in an open transaction hides it
 * from that transaction only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InformationSchemaIT {
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

    private static List<String> tables(Connection c) throws Exception {
        return Jdbc.column(c, "select table_name || ' ' || table_type from information_schema.tables"
                + " where table_schema = 'public' and table_name like 'isch_%' order by 1");
    }

    private static List<String> columns(Connection c) throws Exception {
        return Jdbc.column(c, "select column_name || ' ' || data_type || ' ' || is_nullable"
                + " from information_schema.columns where table_name = 'isch_new' order by ordinal_position");
    }

    @Test
    void aTableCreatedInAnOpenTransactionIsInThatSessionsInformationSchemaOnly() throws Exception {
        try (Connection creator = target.connect(); Connection other = target.connect()) {
            Jdbc.execute(creator, "drop table if exists isch_new");
            creator.setAutoCommit(false);
            Jdbc.execute(creator, "create table isch_new (id integer primary key, name varchar(20) not null)");

            assertThat(tables(creator)).containsExactly("isch_new BASE TABLE");
            assertThat(columns(creator)).containsExactly("id integer NO", "name character varying NO");
            assertThat(Jdbc.column(creator, "select constraint_name from information_schema.table_constraints"
                    + " where table_name = 'isch_new' and constraint_type = 'PRIMARY KEY'"))
                    .containsExactly("isch_new_pkey");
            assertThat(tables(other)).as("another session before the commit").isEmpty();
            assertThat(columns(other)).as("another session's columns before the commit").isEmpty();

            creator.commit();
            assertThat(tables(other)).as("after the commit").containsExactly("isch_new BASE TABLE");
            assertThat(columns(other)).containsExactly("id integer NO", "name character varying NO");

            Jdbc.execute(creator, "drop table isch_new");
            assertThat(tables(creator)).as("after DROP TABLE, in its transaction").isEmpty();
            assertThat(tables(other)).as("another session before the DROP commits")
                    .containsExactly("isch_new BASE TABLE");
            creator.commit();
            assertThat(tables(other)).as("after the DROP committed").isEmpty();
        }
    }
}
