package osgres.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10: pg_class, pg_attribute and pg_index show the catalog as each session's transaction sees it. A table
 * created in an uncommitted transaction is in that session's pg_class (with its columns and its primary key's
 * index) and in no other session's until the commit; a DROP TABLE in an open transaction hides it from that
 * transaction only, and after the commit it is gone for everyone. A relation's oid in pg_class is the one
 * regclass resolves, and stays the same after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgClassIT {
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

    private static List<String> relations(Connection c, String prefix) throws Exception {
        return Jdbc.column(c, "select relname from pg_class where relname like '" + prefix + "%' order by 1");
    }

    @Test
    void aTableCreatedInAnOpenTransactionIsInThatSessionsPgClassOnly() throws Exception {
        try (Connection creator = target.connect(); Connection other = target.connect()) {
            Jdbc.execute(creator, "drop table if exists pgc_new");
            creator.setAutoCommit(false);
            Jdbc.execute(creator, "create table pgc_new (id integer primary key, name text not null)");

            assertThat(relations(creator, "pgc_new")).containsExactly("pgc_new", "pgc_new_pkey");
            assertThat(Jdbc.column(creator, "select attname from pg_attribute"
                    + " where attrelid = 'pgc_new'::regclass and attnum > 0 order by attnum"))
                    .containsExactly("id", "name");
            assertThat(Jdbc.selectLong(creator, "select count(*) from pg_index i join pg_class c"
                    + " on c.oid = i.indrelid where c.relname = 'pgc_new' and i.indisprimary")).isEqualTo(1);
            assertThat(relations(other, "pgc_new")).as("another session before the commit").isEmpty();
            assertThat(Jdbc.selectLong(other, "select count(*) from pg_tables where tablename = 'pgc_new'"))
                    .isZero();

            creator.commit();
            assertThat(relations(other, "pgc_new")).as("after the commit")
                    .containsExactly("pgc_new", "pgc_new_pkey");
            assertThat(Jdbc.selectLong(other, "select oid from pg_class where relname = 'pgc_new'"))
                    .isEqualTo(Jdbc.selectLong(other, "select 'pgc_new'::regclass::oid"));

            Jdbc.execute(creator, "drop table pgc_new");
            assertThat(relations(creator, "pgc_new")).as("after DROP TABLE, in its transaction").isEmpty();
            assertThat(relations(other, "pgc_new")).as("another session before the DROP commits")
                    .containsExactly("pgc_new", "pgc_new_pkey");
            creator.commit();
            assertThat(relations(other, "pgc_new")).as("after the DROP committed").isEmpty();
            assertThat(Jdbc.selectLong(other, "select count(*) from pg_attribute a left join pg_class c"
                    + " on c.oid = a.attrelid where c.oid is null")).as("attributes of no relation").isZero();
        }
    }

    /** pg_type and pg_enum follow the same rule: another session sees a new type, and the labels, at COMMIT. */
    @Test
    void aTypeCreatedInAnOpenTransactionIsInThatSessionsPgTypeOnly() throws Exception {
        try (Connection creator = target.connect(); Connection other = target.connect()) {
            creator.setAutoCommit(false);
            Jdbc.execute(creator, "create type pgclass_mood as enum ('low', 'high')");
            Jdbc.execute(creator, "create table pgclass_typed (m pgclass_mood)");
            String types = "select count(*) from pg_type where typname in ('pgclass_mood', 'pgclass_typed')";
            String labels = "select count(*) from pg_enum e join pg_type t on t.oid = e.enumtypid "
                    + "where t.typname = 'pgclass_mood'";
            assertThat(Jdbc.selectLong(creator, types)).isEqualTo(2);
            assertThat(Jdbc.selectLong(creator, labels)).isEqualTo(2);
            assertThat(Jdbc.selectLong(other, types)).isZero();
            assertThat(Jdbc.selectLong(other, labels)).isZero();
            creator.commit();
            assertThat(Jdbc.selectLong(other, types)).isEqualTo(2);
            assertThat(Jdbc.selectString(other, "select 'pgclass_mood'::regtype::text")).isEqualTo("pgclass_mood");
            creator.setAutoCommit(true);
            Jdbc.execute(creator, "drop table pgclass_typed");
            Jdbc.execute(creator, "drop type pgclass_mood");
            assertThat(Jdbc.selectLong(other, types)).isZero();
        }
    }

    @Test
    void aRolledBackCreateTableLeavesNoRow() throws Exception {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            Jdbc.execute(c, "create table pgc_rolled_back (x integer)");
            assertThat(relations(c, "pgc_rolled_back")).containsExactly("pgc_rolled_back");
            c.rollback();
            assertThat(relations(c, "pgc_rolled_back")).isEmpty();
        }
    }

    @Test
    void aRelationKeepsItsOidAcrossARestart() throws Exception {
        long oid;
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists pgc_kept");
            Jdbc.execute(c, "create table pgc_kept (x integer)");
            oid = Jdbc.selectLong(c, "select oid from pg_class where relname = 'pgc_kept'");
        }
        target.stopFast();
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(Jdbc.selectLong(c, "select oid from pg_class where relname = 'pgc_kept'")).isEqualTo(oid);
            assertThat(Jdbc.selectString(c, "select " + oid + "::regclass::text")).isEqualTo("pgc_kept");
            Jdbc.execute(c, "drop table pgc_kept");
        }
    }
}
