package osgres.storage.internal.catalog;

import java.util.List;

import osgres.storage.IndexDef;
import osgres.storage.OnCommitAction;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.internal.core.RelFile;
import osgres.storage.internal.heap.RowFormat;

/**
 * One table as the catalog holds it (a pg_class row with its pg_attribute and pg_index rows folded in): the
 * definition the SQL layer sees, the relation files of the table, of each index and of its TOAST relation and
 * chunk index (PostgreSQL's reltoastrelid; 0 when the table has none), ADD COLUMN's missing values, and where the
 * catalog row lives. Immutable: DDL makes a new entry.
 *
 * <p>A temporary table's entry ({@link #isTemporary}) lives only in its backend's {@link TemporaryNamespace}, never
 * in pg_class (so no crash or restart can leave it behind): it has no catalog row, its files are the backend's
 * temporary files ({@link RelFile#tempBackend}), and it remembers its ON COMMIT action (PostgreSQL keeps that in
 * memory too, in tablecmds.c's on_commits list).
 */
public final class RelationEntry {
    private final int databaseOid;
    private final TableDef def;
    private final int relfilenode;
    private final int[] indexRelfilenodes;
    private final Object[] missing;
    private final Tid catalogTid;
    private final long reltuples;
    private final RowFormat format;
    private final int[][] indexColumns;
    private final int[] indexedColumns;
    private final RelFile file;
    private final int toastRelfilenode;
    private final int toastIndexRelfilenode;
    private final int tempBackend;
    private final OnCommitAction onCommit;

    public RelationEntry(int databaseOid, TableDef def, int relfilenode, int[] indexRelfilenodes, int toastRelfilenode,
                         int toastIndexRelfilenode, Object[] missing, Tid catalogTid, long reltuples) {
        this(databaseOid, def, relfilenode, indexRelfilenodes, toastRelfilenode, toastIndexRelfilenode, missing,
                catalogTid, reltuples, RelFile.PERMANENT, OnCommitAction.PRESERVE_ROWS);
    }

    /**
     * @param tempBackend the pid of the backend owning a temporary table, or {@link RelFile#PERMANENT}
     * @param onCommit    a temporary table's ON COMMIT action ({@link OnCommitAction#PRESERVE_ROWS} otherwise)
     */
    public RelationEntry(int databaseOid, TableDef def, int relfilenode, int[] indexRelfilenodes, int toastRelfilenode,
                         int toastIndexRelfilenode, Object[] missing, Tid catalogTid, long reltuples,
                         int tempBackend, OnCommitAction onCommit) {
        this.tempBackend = tempBackend;
        this.onCommit = onCommit;
        this.databaseOid = databaseOid;
        this.toastRelfilenode = toastRelfilenode;
        this.toastIndexRelfilenode = toastIndexRelfilenode;
        this.def = def;
        this.relfilenode = relfilenode;
        this.indexRelfilenodes = indexRelfilenodes;
        this.missing = missing;
        this.catalogTid = catalogTid;
        this.reltuples = reltuples;
        this.format = RowFormat.of(def.columns(), missing);
        this.file = new RelFile(databaseOid, relfilenode, tempBackend);
        List<IndexDef> indexes = def.indexes();
        this.indexColumns = new int[indexes.size()][];
        boolean[] used = new boolean[def.columns().size()];
        int distinct = 0;
        for (int i = 0; i < indexes.size(); i++) {
            List<Integer> cols = indexes.get(i).columns();
            indexColumns[i] = new int[cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                int c = cols.get(k);
                indexColumns[i][k] = c;
                if (!used[c]) {
                    used[c] = true;
                    distinct++;
                }
            }
            // a change to a column a partial index's predicate reads may move the row in or out: not HOT
            for (int c : indexes.get(i).predicateColumns()) {
                if (!used[c]) {
                    used[c] = true;
                    distinct++;
                }
            }
        }
        this.indexedColumns = new int[distinct];
        for (int c = 0, k = 0; c < used.length; c++) {
            if (used[c]) {
                indexedColumns[k++] = c;
            }
        }
    }

    public int databaseOid() {
        return databaseOid;
    }

    public TableDef def() {
        return def;
    }

    public int oid() {
        return def.oid();
    }

    public String name() {
        return def.name();
    }

    public int relfilenode() {
        return relfilenode;
    }

    public RelFile file() {
        return file;
    }

    public int[] indexRelfilenodes() {
        return indexRelfilenodes;
    }

    public RelFile indexFile(int i) {
        return new RelFile(databaseOid, indexRelfilenodes[i], tempBackend);
    }

    /** True if the table has a TOAST relation (created with it when its rows can exceed the toast threshold). */
    public boolean hasToast() {
        return toastRelfilenode != 0;
    }

    public int toastRelfilenode() {
        return toastRelfilenode;
    }

    public int toastIndexRelfilenode() {
        return toastIndexRelfilenode;
    }

    public RelFile toastFile() {
        return new RelFile(databaseOid, toastRelfilenode, tempBackend);
    }

    public RelFile toastIndexFile() {
        return new RelFile(databaseOid, toastIndexRelfilenode, tempBackend);
    }

    /** The toast relation's name as PostgreSQL spells it in messages. */
    public String toastName() {
        return "pg_toast_" + Integer.toUnsignedString(oid());
    }

    /** A temporary table (pg_class.relpersistence 't'), private to the backend {@link #tempBackend()}. */
    public boolean isTemporary() {
        return tempBackend != RelFile.PERMANENT;
    }

    public int tempBackend() {
        return tempBackend;
    }

    public OnCommitAction onCommit() {
        return onCommit;
    }

    public Object[] missing() {
        return missing;
    }

    public Tid catalogTid() {
        return catalogTid;
    }

    public long reltuples() {
        return reltuples;
    }

    public RowFormat format() {
        return format;
    }

    /** Table column positions of index {@code i}'s key, in key order. */
    public int[] indexColumns(int i) {
        return indexColumns[i];
    }

    /** Every column some index uses (an update that changes none of them may be HOT). */
    public int[] indexedColumns() {
        return indexedColumns;
    }

    public int indexPosition(int indexOid) {
        List<IndexDef> indexes = def.indexes();
        for (int i = 0; i < indexes.size(); i++) {
            if (indexes.get(i).oid() == indexOid) {
                return i;
            }
        }
        return -1;
    }

    public RelationEntry with(TableDef newDef, int newRelfilenode, int[] newIndexRelfilenodes, Object[] newMissing,
                              Tid newCatalogTid, long newReltuples) {
        return new RelationEntry(databaseOid, newDef, newRelfilenode, newIndexRelfilenodes, toastRelfilenode,
                toastIndexRelfilenode, newMissing, newCatalogTid, newReltuples, tempBackend, onCommit);
    }

    public RelationEntry withToast(int newToastRelfilenode, int newToastIndexRelfilenode) {
        return new RelationEntry(databaseOid, def, relfilenode, indexRelfilenodes, newToastRelfilenode,
                newToastIndexRelfilenode, missing, catalogTid, reltuples, tempBackend, onCommit);
    }

    public RelationEntry withCatalogTid(Tid tid) {
        return new RelationEntry(databaseOid, def, relfilenode, indexRelfilenodes, toastRelfilenode,
                toastIndexRelfilenode, missing, tid, reltuples, tempBackend, onCommit);
    }
}
