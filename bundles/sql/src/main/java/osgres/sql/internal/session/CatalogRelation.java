/*
 * A system catalog the SQL layer keeps as an ordinary heap relation of the storage (pg_catalog.pg_proc,
 * pg_catalog.pg_trigger): made by the database's first row, then read, inserted into, updated and deleted from in
 * the session's transaction like any table, so its rows are WAL-logged, MVCC-versioned and transactional. The SQL
 * layer cannot name these relations (it resolves pg_catalog only to its system views). The relation itself is made
 * in a transaction of its own (see createAlone). Every change is followed by
 * CommandCounterIncrement, so the rest of the statement (a function's body check) sees it, and bumps the catalog
 * version, so every session re-reads its caches.
 */
package osgres.sql.internal.session;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.storage.ColumnDef;
import osgres.storage.IsolationLevel;
import osgres.storage.LockMode;
import osgres.storage.RowScan;
import osgres.storage.RowVersion;
import osgres.storage.TableDef;
import osgres.storage.Tid;
import osgres.storage.Transaction;

public record CatalogRelation(String name, List<ColumnDef> columns) {

    /** The rows visible to the transaction (none before the relation exists). */
    public List<RowVersion> rows(Transaction tx) {
        TableDef table = tx.table(name).orElse(null);
        List<RowVersion> out = new ArrayList<>();
        if (table != null) {
            try (RowScan scan = tx.scan(table)) {
                while (scan.hasNext()) {
                    out.add(scan.next());
                }
            }
        }
        return out;
    }

    public void insert(SqlSessionImpl session, Object[] row) {
        Transaction tx = session.transaction();
        TableDef table = tx.openTable(name, LockMode.ROW_EXCLUSIVE).orElse(null);
        if (table == null) {
            createAlone(session);
            table = tx.openTable(name, LockMode.ROW_EXCLUSIVE).orElseThrow();
        }
        tx.insert(table, fitted(table, row));
        changed(session, tx);
    }

    public void update(SqlSessionImpl session, Tid tid, Object[] row) {
        Transaction tx = session.transaction();
        TableDef table = tx.openTable(name, LockMode.ROW_EXCLUSIVE).orElseThrow();
        check(tx.update(table, tid, fitted(table, row)));
        changed(session, tx);
    }

    /**
     * The row cut to the columns the relation has: a relation made by an older osgres lacks the columns added
     * since (pg_proc's proowner and proacl), which readers take as their defaults.
     */
    private static Object[] fitted(TableDef table, Object[] row) {
        return row.length <= table.columns().size() ? row : java.util.Arrays.copyOf(row, table.columns().size());
    }

    public void delete(SqlSessionImpl session, Tid tid) {
        Transaction tx = session.transaction();
        TableDef table = tx.openTable(name, LockMode.ROW_EXCLUSIVE).orElseThrow();
        check(tx.delete(table, tid));
        changed(session, tx);
    }

    /**
     * Makes the relation in a transaction of its own, committed at once: two sessions making their database's
     * first function at the same time both find it (the second waits on the name, then gets 42P07 and uses the
     * first's), and a rolled-back CREATE FUNCTION keeps the (empty) relation.
     */
    private void createAlone(SqlSessionImpl session) {
        Transaction own = session.storage().begin(session.databaseOid(), IsolationLevel.READ_COMMITTED, false);
        try {
            own.createTable(name, columns, 100);
            own.commit(true);
        } catch (PgException e) {
            own.abort();
            if (!SqlState.DUPLICATE_TABLE.equals(e.sqlState())) {
                throw e;
            }
        }
    }

    private static void changed(SqlSessionImpl session, Transaction tx) {
        tx.commandCounterIncrement();
        session.catalogChanged();
    }

    /** A concurrent change of the same row: PostgreSQL's "tuple concurrently updated". */
    private static void check(osgres.storage.WriteResult result) {
        if (!(result instanceof osgres.storage.WriteResult.Done)) {
            throw PgException.error("XX000", "tuple concurrently updated");
        }
    }
}
