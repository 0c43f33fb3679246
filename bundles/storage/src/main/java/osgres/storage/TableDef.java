package osgres.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table or a sequence as the catalog describes it (pg_class + pg_attribute, and pg_sequence for a sequence).
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
 */
public record TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor,
                       Map<String, String> options, SequenceDef sequence) {

    public TableDef {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
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

    /** pg_class.relkind: 'S' for a sequence, 'r' for a table. */
    public char relkind() {
        return sequence != null ? 'S' : 'r';
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
