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
 * transaction only, and after the commit it is gone for everyone; so are its row type and array type in pg_type. A
 * relation's oid in pg_class is the one regclass resolves, and stays the same (with its types') after a restart.
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

    /**
     * A table's row type and the array type PostgreSQL creates with it (_pgc_rowtype) are pg_type rows of the
     * creating transaction only until its COMMIT, and nobody's after a committed DROP TABLE.
     */
    @Test
    void aTablesRowTypeAndArrayTypeAreInThatSessionsPgTypeOnlyUntilCommit() throws Exception {
        try (Connection creator = target.connect(); Connection other = target.connect()) {
            Jdbc.execute(creator, "drop table if exists pgc_rowtype");
            creator.setAutoCommit(false);
            Jdbc.execute(creator, "create table pgc_rowtype (id integer, note text)");
            String types = "select t.typname || ':' || t.typtype || ':' || (a.typelem = t.oid) from pg_type t"
                    + " join pg_type a on a.oid = t.typarray join pg_class c on c.reltype = t.oid"
                    + " where c.relname = 'pgc_rowtype' and t.typrelid = c.oid"
                    + " union all select typname from pg_type where typname = '_pgc_rowtype'";
            assertThat(Jdbc.column(creator, types)).containsExactlyInAnyOrder("pgc_rowtype:c:true", "_pgc_rowtype");
            assertThat(Jdbc.column(other, types)).as("another session before the commit").isEmpty();

            creator.commit();
            assertThat(Jdbc.column(other, types)).as("after the commit")
                    .containsExactlyInAnyOrder("pgc_rowtype:c:true", "_pgc_rowtype");
            assertThat(Jdbc.selectString(other, "select '_pgc_rowtype'::regtype::text")).isEqualTo("pgc_rowtype[]");
            assertThat(Jdbc.selectLong(other, "select count(*) from pg_type"
                    + " where oid = 'pgc_rowtype'::regtype and typarray = '_pgc_rowtype'::regtype")).isEqualTo(1);

            Jdbc.execute(creator, "drop table pgc_rowtype");
            assertThat(Jdbc.column(creator, types)).as("after DROP TABLE, in its transaction").isEmpty();
            assertThat(Jdbc.column(other, types)).as("another session before the DROP commits").hasSize(2);
            creator.commit();
            assertThat(Jdbc.column(other, types)).as("after the DROP committed").isEmpty();
            assertThat(Jdbc.selectLong(other, "select count(*) from pg_type"
                    + " where typname in ('pgc_rowtype', '_pgc_rowtype')")).isZero();
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

    private static final String ROW_AND_ARRAY_TYPE = "select t.oid || ' ' || t.typname || ' ' || t.typarray"
            + " || ' ' || a.typname from pg_class c join pg_type t on t.oid = c.reltype"
            + " join pg_type a on a.oid = t.typarray where c.relname = 'pgc_kept'";

    /** A relation's oid, and so its row type's and array type's, is the same after a restart and after a crash. */
    @Test
    void aRelationKeepsItsOidAcrossARestart() throws Exception {
        long oid;
        List<String> types;
        try (Connection c = target.connect()) {
            Jdbc.execute(c, "drop table if exists pgc_kept");
            Jdbc.execute(c, "create table pgc_kept (x integer)");
            oid = Jdbc.selectLong(c, "select oid from pg_class where relname = 'pgc_kept'");
            types = Jdbc.column(c, ROW_AND_ARRAY_TYPE);
            assertThat(types).hasSize(1);
        }
        target.stopFast();
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(Jdbc.selectLong(c, "select oid from pg_class where relname = 'pgc_kept'")).isEqualTo(oid);
            assertThat(Jdbc.selectString(c, "select " + oid + "::regclass::text")).isEqualTo("pgc_kept");
            assertThat(Jdbc.column(c, ROW_AND_ARRAY_TYPE)).as("row and array type oids after a restart")
                    .isEqualTo(types);
        }
        target.crash();
        target.restart();
        try (Connection c = target.connect()) {
            assertThat(Jdbc.column(c, ROW_AND_ARRAY_TYPE)).as("row and array type oids after a crash")
                    .isEqualTo(types);
            Jdbc.execute(c, "drop table pgc_kept");
        }
    }
}
