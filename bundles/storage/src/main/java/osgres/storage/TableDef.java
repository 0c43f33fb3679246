package osgres.storage;

import java.util.List;

/**
 * A table as the catalog describes it (pg_class + pg_attribute). Immutable: DDL produces a new TableDef.
 *
 * @param oid          pg_class oid
 * @param name         relation name (lower-case unless created quoted)
 * @param columns      columns in attnum order (attnum = index + 1)
 * @param indexes      its indexes, primary key first if any
 * @param fillfactor   heap fillfactor (10..100)
 */
public record TableDef(int oid, String name, List<ColumnDef> columns, List<IndexDef> indexes, int fillfactor) {

    public int columnIndex(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        return -1;
    }
}
