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
 */
public record TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                       Map<String, String> options, SequenceDef sequence, ViewDef view, Inheritance inheritance) {

    public TableDef {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        inheritance = inheritance == null ? Inheritance.NONE : inheritance;
    }

    /** A relation outside any inheritance tree. */
    public TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                    Map<String, String> options, SequenceDef sequence, ViewDef view) {
        this(oid, name, columns, indexes, fillfactor, options, sequence, view, Inheritance.NONE);
    }

    /** This definition with another place in an inheritance tree. */
    public TableDef withInheritance(Inheritance newInheritance) {
        return new TableDef(oid, name, columns, indexes, fillfactor, options, sequence, view, newInheritance);
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

    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
