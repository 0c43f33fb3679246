package osgres.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table, a sequence or a view as the catalog describes it (pg_class + pg_attribute, pg_sequence for a sequence,
 * pg_rewrite's query for a view).
 * Immutable: DDL produces a new TableDef.
 *
 * @param oid          pg_class oid
 * @param name         relation name (lower-case unless created quoted)
 * @param columns      columns in attnum order (attnum = index + 1); a sequence's are {@link SequenceDef#COLUMNS}
 * @param indexes      its indexes, primary key first if any
 * @param fillfactor   heap fillfactor (10..100)
 * @param options      the other storage parameters (pg_class.reloptions: {@code autovacuum_enabled},
 *                     {@code autovacuum_vacuum_threshold}...), name to value as given, in the order set
 * @param sequence     the sequence's parameters when this relation is a sequence (relkind 'S'), else null
 * @param view         the view's query when this relation is a view (relkind 'v', no storage), else null
 * @param inheritance  its parents, partition key and partition bound ({@link Inheritance#NONE} for none)
 * @param checks       its CHECK constraints, in creation order
 * @param foreignKeys  its FOREIGN KEY constraints (those it references with), in creation order
 * @param acl          its owner and privileges (relowner, relacl, attacl)
 */
public record TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                       Map<String, String> options, SequenceDef sequence, ViewDef view, Inheritance inheritance,
                       List<CheckConstraint> checks, List<ForeignKey> foreignKeys, ObjectAcl acl) {

    public TableDef {
        acl = acl == null ? ObjectAcl.BOOTSTRAP : acl;
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        inheritance = inheritance == null ? Inheritance.NONE : inheritance;
        checks = List.copyOf(checks);
        foreignKeys = List.copyOf(foreignKeys);
    }

    /** A relation the bootstrap superuser owns, with default privileges. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view, Inheritance inheritance,
                    List<CheckConstraint> checks, List<ForeignKey> foreignKeys) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, inheritance, checks, foreignKeys,
                ObjectAcl.BOOTSTRAP);
    }

    /** This definition with another owner or other privileges (ALTER ... OWNER TO, GRANT, REVOKE). */
    public TableDef withAcl(ObjectAcl newAcl) {
        return new TableDef(oid, name, columns, indexes, fillfactor, options, sequence, view, inheritance, checks,
                foreignKeys, newAcl);
    }

    /** A relation without constraints, in an inheritance tree. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view, Inheritance inheritance) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, inheritance, List.of(), List.of());
    }

    /** A relation outside any inheritance tree, without FOREIGN KEY constraints. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view, List<CheckConstraint> checks) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, Inheritance.NONE, checks, List.of());
    }

    /** A relation outside any inheritance tree, with its constraints. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view, List<CheckConstraint> checks,
                    List<ForeignKey> foreignKeys) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, Inheritance.NONE, checks,
                foreignKeys);
    }

    /** A relation outside any inheritance tree, without constraints. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, Inheritance.NONE, List.of(),
                List.of());
    }

    /** This definition with another place in an inheritance tree. */
    public TableDef withInheritance(Inheritance newInheritance) {
        return new TableDef(oid, name, columns, indexes, fillfactor, options, sequence, view, newInheritance, checks,
                foreignKeys, acl);
    }

    /** A partitioned table (relkind 'p'): its rows live in its partitions. */
    public boolean isPartitioned() {
        return inheritance.isPartitioned();
    }

    /** A table or a sequence. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, null);
    }

    /** A table (relkind 'r'). */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options) {
        this(oid, name, columns, indexes, fillfactor, options, null);
    }

    /** A table without storage parameters besides its fillfactor. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor) {
        this(oid, name, columns, indexes, fillfactor, Map.of());
    }

    /** pg_class.relkind: 'S' for a sequence, 'v' for a view, 'p' for a partitioned table, 'r' for a table. */
    public char relkind() {
        return sequence != null ? 'S' : view != null ? 'v' : isPartitioned() ? 'p' : 'r';
    }

    public boolean isView() {
        return view != null;
    }

    public boolean isSequence() {
        return sequence != null;
    }

    /** This definition with other columns (ALTER TABLE), everything else kept. */
    public TableDef withColumns(List<ColumnDef> newColumns) {
        return new TableDef(oid, name, List.copyOf(newColumns), indexes, fillfactor, options, sequence, view,
                inheritance, checks, foreignKeys, acl);
    }

    /** This definition with other indexes, everything else kept. */
    public TableDef withIndexes(List<IndexDef> newIndexes) {
        return new TableDef(oid, name, columns, List.copyOf(newIndexes), fillfactor, options, sequence, view,
                inheritance, checks, foreignKeys, acl);
    }

    /** This definition with other CHECK constraints, everything else kept. */
    public TableDef withChecks(List<CheckConstraint> newChecks) {
        return new TableDef(oid, name, columns, indexes, fillfactor, options, sequence, view, inheritance, newChecks,
                foreignKeys, acl);
    }

    /** This definition with other FOREIGN KEY constraints, everything else kept. */
    public TableDef withForeignKeys(List<ForeignKey> newForeignKeys) {
        return new TableDef(oid, name, columns, indexes, fillfactor, options, sequence, view, inheritance, checks,
                newForeignKeys, acl);
    }

    /** This definition under another name (ALTER TABLE ... RENAME TO). */
    public TableDef withName(String newName) {
        return new TableDef(oid, newName, columns, indexes, fillfactor, options, sequence, view, inheritance, checks,
                foreignKeys, acl);
    }

    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
