/*
 * What depends on a table through foreign keys, for the commands that would take it away (PostgreSQL's
 * dependency.c findDependentObjects over pg_constraint's references): DROP TABLE of a referenced table, DROP
 * CONSTRAINT of the unique index a foreign key uses, DROP COLUMN of a referenced column, TRUNCATE of a referenced
 * table. Without CASCADE each is refused with PostgreSQL's 2BP01 (0A000 for TRUNCATE) naming the constraints;
 * with it the referencing constraints are dropped (TRUNCATE ... CASCADE empties the referencing tables too) and a
 * NOTICE says so. Keys of the objects being dropped themselves go with them.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import osgres.sql.internal.catalog.TemporaryTables;
import osgres.sql.internal.exec.ForeignKeys;
import osgres.sql.internal.utils.Messages;
import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ForeignKey;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.TableDef;
import osgres.storage.Transaction;

final class ForeignKeyDependencies {

    private ForeignKeyDependencies() {
    }

    /** DROP TABLE: the keys of other tables that reference the tables dropped. */
    static void dropReferencing(SqlSessionImpl session, Transaction tx, List<TableDef> dropped, boolean cascade) {
        Set<Integer> oids = new HashSet<>();
        dropped.forEach(t -> oids.add(t.oid()));
        for (TableDef target : dropped) {
            dropKeys(session, tx, "table " + target.name(), cascade,
                    (child, fk) -> fk.referencedTable() == target.oid() && !oids.contains(child.oid()),
                    "table " + target.name());
        }
    }

    /** DROP CONSTRAINT of a PRIMARY KEY / UNIQUE: the keys that use its index. */
    static void dropIndexReferences(SqlSessionImpl session, Transaction tx, TableDef table, IndexDef index,
                                    boolean cascade, String object) {
        Set<Integer> columns = new HashSet<>(index.columns());
        dropKeys(session, tx, object, cascade, (child, fk) -> fk.referencedTable() == table.oid()
                && fk.referencedColumns().size() == columns.size()
                && columns.equals(new HashSet<>(fk.referencedColumns()))
                && ForeignKeys.uniqueIndex(table, fk.referencedColumns()) == index, "index " + index.name());
    }

    /** DROP COLUMN of a referenced column: the keys of other tables that reference it. */
    static void dropColumnReferences(SqlSessionImpl session, Transaction tx, TableDef table, int column,
                                     boolean cascade) {
        String name = table.columns().get(column).name();
        dropKeys(session, tx, "column " + name + " of table " + table.name(), cascade,
                (child, fk) -> fk.referencedTable() == table.oid() && child.oid() != table.oid()
                        && fk.referencedColumns().contains(column), "column " + name + " of table " + table.name());
    }

    /** The constraints {@code depends} picks: refused (2BP01) without CASCADE, else dropped with a NOTICE. */
    private static void dropKeys(SqlSessionImpl session, Transaction tx, String object, boolean cascade,
                                 java.util.function.BiPredicate<TableDef, ForeignKey> depends, String dependedOn) {
        List<String> lines = new ArrayList<>();
        List<String> described = new ArrayList<>();
        Set<TableDef> children = new LinkedHashSet<>();
        for (TableDef t : tx.tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (depends.test(t, fk)) {
                    lines.add("constraint " + fk.name() + " on table " + t.name() + " depends on " + dependedOn);
                    described.add("constraint " + fk.name() + " on table " + t.name());
                    children.add(t);
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        if (!cascade) {
            throw Messages.dependentObjects(object, lines);
        }
        session.addNotice(Messages.dropCascades(described));
        for (TableDef child : children) {
            String q = TemporaryTables.qualified(tx, child);
            TableDef locked = tx.openTable(q, LockMode.ACCESS_EXCLUSIVE).orElse(null);
            if (locked == null) {
                continue;
            }
            List<ForeignKey> kept = new ArrayList<>();
            for (ForeignKey fk : locked.foreignKeys()) {
                if (!depends.test(locked, fk)) {
                    kept.add(fk);
                }
            }
            tx.alterTable(q, locked.withForeignKeys(kept));
        }
    }

    /**
     * TRUNCATE (heap_truncate_check_FKs): {@code names} plus, with CASCADE, every table referencing them (a NOTICE
     * for each); without it, 0A000 for a table referenced by one not truncated.
     */
    static List<String> truncated(SqlSessionImpl session, Transaction tx, List<String> names, boolean cascade) {
        List<TableDef> tables = new ArrayList<>();
        for (String name : names) {
            tx.table(name).ifPresent(tables::add);
        }
        Set<Integer> oids = new HashSet<>();
        tables.forEach(t -> oids.add(t.oid()));
        List<String> all = new ArrayList<>(names);
        boolean added = true;
        while (added) {
            added = false;
            for (TableDef t : tx.tables()) {
                if (oids.contains(t.oid())) {
                    continue;
                }
                Predicate<ForeignKey> referencesTruncated = fk -> oids.contains(fk.referencedTable());
                ForeignKey fk = t.foreignKeys().stream().filter(referencesTruncated).findFirst().orElse(null);
                if (fk == null) {
                    continue;
                }
                if (!cascade) {
                    String parent = tables.stream().filter(p -> p.oid() == fk.referencedTable()).findFirst()
                            .map(TableDef::name).orElse("?");
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "cannot truncate a table referenced in a foreign key constraint")
                            .withDetail("Table \"" + t.name() + "\" references \"" + parent + "\".")
                            .withHint("Truncate table \"" + t.name()
                                    + "\" at the same time, or use TRUNCATE ... CASCADE.");
                }
                session.addNotice(PgException.error(SqlState.SUCCESSFUL_COMPLETION, "truncate cascades to table \""
                        + t.name() + "\"").withSeverity(osgres.api.Severity.NOTICE));
                oids.add(t.oid());
                tables.add(t);
                all.add(TemporaryTables.qualified(tx, t));
                added = true;
            }
        }
        return all;
    }
}
