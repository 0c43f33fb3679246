package osgres.storage.internal.heap;

import java.util.List;

import osgres.storage.ColumnDef;

/**
 * How a relation's rows are laid out: the type of each column (a {@code TypeOids} value) and, for columns added
 * by ALTER TABLE ADD COLUMN after rows were stored, the value a shorter stored tuple reads as (PostgreSQL's
 * attmissingval).
 */
public record RowFormat(int[] types, Object[] missing) {

    public static RowFormat of(List<ColumnDef> columns, Object[] missing) {
        int[] types = new int[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = columns.get(i).typeOid();
        }
        return new RowFormat(types, missing == null ? new Object[types.length] : missing);
    }

    public static RowFormat of(int... types) {
        return new RowFormat(types, new Object[types.length]);
    }

    public int columnCount() {
        return types.length;
    }

    /** The format of an index key: the indexed columns' types in key order. */
    public RowFormat project(int[] columns) {
        int[] keyTypes = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            keyTypes[i] = types[columns[i]];
        }
        return new RowFormat(keyTypes, new Object[columns.length]);
    }
}
