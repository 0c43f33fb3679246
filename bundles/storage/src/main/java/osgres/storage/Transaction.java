package osgres.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One transaction of one backend, with PostgreSQL's MVCC semantics: READ COMMITTED takes a new snapshot at each
 * {@link #startStatement()}, REPEATABLE READ keeps the first one; a statement never sees its own changes made
 * after it started (command ids). Catalog methods see this transaction's own uncommitted DDL; DDL becomes
 * visible to others at commit and is undone by abort. Errors are {@code PgException}s with PostgreSQL's
 * SQLSTATEs (42P01, 42P07, 23505 with {@code Key (aid)=(1) already exists.}, 40001...). Savepoints are nested
 * subtransactions ({@link #beginSubtransaction}), each undone or merged as a whole. Used by one thread.
 */
public interface Transaction {

    int databaseOid();

    IsolationLevel isolation();

    boolean readOnly();

    /**
     * SET TRANSACTION READ ONLY / READ WRITE once the transaction runs (XactReadOnly, which a savepoint's end also
     * restores): later writes are refused (25006) or allowed. The caller checks when PostgreSQL allows the change.
     */
    void setReadOnly(boolean readOnly);

    /** The transaction id, 0 until the transaction first writes (xid assignment is lazy, as in PG). */
    long xid();

    /**
     * GetTopTransactionId, as txid_current() calls it: the top-level transaction's xid, assigned now if it has
     * none yet (also in a read-only transaction and inside a savepoint, which keeps no xid of its own by this).
     */
    long assignXid();

    /** CommandCounterIncrement + (READ COMMITTED) a fresh snapshot. Call before each statement. */
    void startStatement();

    /**
     * CommandCounterIncrement alone: later writes get a new command id and the current snapshot sees what this
     * transaction wrote so far, without a fresh snapshot (a statement inside a function the outer statement is
     * running, as functions.c's postquel_start does for a volatile function's statements).
     */
    default void commandCounterIncrement() {
        startStatement();
    }

    /** A new object id from the cluster's OID counter (GetNewObjectId), for catalog rows the SQL layer keeps. */
    default int newOid() {
        throw new UnsupportedOperationException("object ids");
    }

    /**
     * The current statement's snapshot, kept to read with later in this transaction ({@link #readWith}): a cursor's
     * query reads as of its DECLARE. Vacuum keeps what it sees until the transaction ends.
     */
    default ReadSnapshot keepSnapshot() {
        return null;
    }

    /**
     * Makes scans and index scans read with {@code snapshot} (one {@link #keepSnapshot} gave out; null: each
     * statement's own again) until the next call; returns the one in use before, to put back.
     */
    default ReadSnapshot readWith(ReadSnapshot snapshot) {
        return null;
    }

    // ---- catalog -------------------------------------------------------------------------------------

    /*
     * Relation names: {@code t} looks in this backend's temporary tables first, then in the permanent ones (the
     * search path pg_temp_N, public); {@code public.t} only among the permanent, {@code pg_temp.t} (or this
     * backend's {@code pg_temp_N.t}) only among the temporary tables; another backend's temporary tables are never
     * found.
     */

    /** Looks a table up without locking it (catalog lookups, name checks). */
    Optional<TableDef> table(String name);

    /**
     * Opens a table the way a statement does (RangeVarGetRelidExtended): takes {@code mode} on it, waiting for
     * conflicting holders (interruptible; 40P01, 55P03 on lock_timeout), then returns the definition as it is
     * once the lock is held (a DROP or ALTER that committed meanwhile is seen). Empty if there is no such table.
     */
    Optional<TableDef> openTable(String name, LockMode mode);

    /** LOCK TABLE: takes {@code mode}; with {@code nowait}, 55P03 {@code could not obtain lock on relation "%s"}. */
    void lockTable(TableDef table, LockMode mode, boolean nowait);

    /**
     * An advisory lock (lockfuncs.c's pg_advisory_lock family) on {@code key} in this transaction's database: a
     * bigint key, or with {@code twoKeys} two integer keys (the first in the high 32 bits); Share mode when
     * {@code shared}, else Exclusive. A session-level lock is held past this transaction until
     * {@link #advisoryUnlock} or the end of the session; a transaction-level one until this transaction (or the
     * subtransaction that took it) ends. With {@code wait} false, returns false instead of waiting; a wait ends like
     * a lock wait on a table (cancel, lock_timeout 55P03, deadlock 40P01).
     */
    boolean advisoryLock(long key, boolean twoKeys, boolean shared, boolean sessionLevel, boolean wait);

    /** Releases one session-level acquisition of the advisory lock; false when the session holds none such. */
    boolean advisoryUnlock(long key, boolean twoKeys, boolean shared);

    /** pg_advisory_unlock_all: every session-level advisory lock of the session. */
    void advisoryUnlockAll();

    Optional<IndexDef> index(String name);

    List<TableDef> tables();

    /** 42P07 {@code relation "%s" already exists}. */
    default TableDef createTable(String name, List<ColumnDef> columns, int fillfactor) {
        return createTable(name, columns, fillfactor, Map.of());
    }

    /** CREATE TABLE ... WITH (options): the storage parameters besides fillfactor, already validated. */
    TableDef createTable(String name, List<ColumnDef> columns, int fillfactor, Map<String, String> options);

    /**
     * CREATE TEMPORARY TABLE: a table only this transaction's backend sees, in its {@code pg_temp_N} schema, not
     * WAL-logged, dropped when the backend exits (and never found again after a crash or restart). {@code name} is
     * {@code t}, {@code pg_temp.t} or {@code pg_temp_N.t}; {@code public.t} is 42P16 {@code cannot create temporary
     * relation in non-temporary schema}. {@code onCommit} runs at each commit: DELETE_ROWS empties the table, DROP
     * drops it. A temporary table shadows a permanent one of the same name for every unqualified name lookup
     * ({@code table}, {@code openTable}, {@code index}, DDL), {@code public.t} names the permanent one. Its rows
     * may be written in a read-only transaction.
     */
    default TableDef createTemporaryTable(String name, List<ColumnDef> columns, int fillfactor,
                                          Map<String, String> options, OnCommitAction onCommit) {
        throw new UnsupportedOperationException("temporary tables");
    }

    /** True if {@code table} is one of this backend's temporary tables (relpersistence 't'). */
    default boolean isTemporary(TableDef table) {
        return false;
    }

    /** This backend's temporary schema ({@code pg_temp_N}), or empty while it has made no temporary table. */
    default Optional<String> temporarySchema() {
        return Optional.empty();
    }

    /**
     * ALTER TABLE ... SET (options) / RESET (names): ShareUpdateExclusive on the table, as PostgreSQL takes for the
     * autovacuum parameters; {@code fillfactor} null keeps it. 42P01 if the table does not exist.
     */
    TableDef setStorageParameters(String tableName, Integer fillfactor, Map<String, String> set, Set<String> reset);

    /** Drops the table and its indexes; 42P01 {@code table "%s" does not exist}. */
    void dropTable(String name);

    /**
     * CREATE [UNIQUE] INDEX / ADD PRIMARY KEY: builds the B-tree from the visible rows; 42P07 if the name is
     * taken; 23505 {@code could not create unique index "%s"} with DETAIL {@code Key (aid)=(1) is duplicated.}.
     */
    IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                         boolean primary);

    /**
     * CREATE [UNIQUE] INDEX ... WHERE predicate: a partial index holding the rows {@code predicate} (SQL text,
     * reading {@code predicateColumns}) holds for; uniqueness is among those rows only.
     */
    default IndexDef createIndex(String tableName, String indexName, List<String> columnNames, boolean unique,
                                 String predicate, List<Integer> predicateColumns) {
        if (predicate == null) {
            return createIndex(tableName, indexName, columnNames, unique, false);
        }
        throw new UnsupportedOperationException("partial indexes");
    }

    /** 42704 {@code index "%s" does not exist}. */
    void dropIndex(String name);

    /** REINDEX INDEX: the index rebuilt from the table's rows into a new file (its definition stays). */
    default void reindex(String indexName) {
        throw new UnsupportedOperationException("REINDEX");
    }

    /** TRUNCATE: a new, empty relation file at commit (the old one stays if the transaction aborts). */
    void truncate(String tableName);

    /** ALTER TABLE ADD COLUMN: existing rows get {@code defaultValue}. */
    TableDef addColumn(String tableName, ColumnDef column, Object defaultValue);

    /**
     * ALTER TABLE ... ALTER COLUMN ... SET / DROP DEFAULT ({@code defaultSql} null drops it), also what DROP SEQUENCE
     * ... CASCADE does to the defaults that call nextval on the sequence. AccessExclusive on the table.
     */
    /**
     * Sets a table's parents, partition key and partition bound (pg_inherits, pg_partitioned_table, relpartbound),
     * under an ACCESS EXCLUSIVE lock on it; the SQL layer has checked them.
     */
    default TableDef setInheritance(String tableName, Inheritance inheritance) {
        throw new UnsupportedOperationException("setInheritance");
    }

    default TableDef setColumnDefault(String tableName, int column, String defaultSql) {
        throw new UnsupportedOperationException("column defaults");
    }

    /**
     * ALTER TABLE that changes a table's definition without touching its rows (RENAME COLUMN, SET / DROP NOT NULL,
     * ADD / DROP CHECK constraints, ...): AccessExclusive on the table, then {@code newDef} as its catalog row.
     * {@code newDef} keeps the table's oid, name, column types and indexes; the SQL layer validates existing rows.
     */
    default TableDef alterTable(String tableName, TableDef newDef) {
        throw new UnsupportedOperationException("ALTER TABLE");
    }

    /** The role relations created from now on in this transaction belong to (GetUserId() of the DDL). */
    default void setCreatingRole(int role) {
    }

    /**
     * As {@link #setCreatingRole(int)}, and the ACL each relation created from now on starts with: {@code initialAcl}
     * answers it for the new relation's definition and whether it is temporary (null: the default ACL, a NULL relacl),
     * as heap_create_with_catalog asks get_user_default_acl (ALTER DEFAULT PRIVILEGES).
     */
    default void setCreatingRole(int role, InitialAcl initialAcl) {
        setCreatingRole(role);
    }

    /** The ACL a new relation starts with (pg_default_acl's entries for its owner), null for the default one. */
    @FunctionalInterface
    interface InitialAcl {
        java.util.List<AclItem> of(TableDef relation, boolean temporary);
    }

    /**
     * GRANT, REVOKE and ALTER ... OWNER TO of a table, view or sequence: {@code change} applied to its owner and
     * privileges as last committed, under the lock of its catalog row (two changes queue, neither is lost). Takes
     * only AccessShare on the relation, so readers and writers of it neither wait nor are waited for.
     */
    default TableDef changeAcl(String tableName, UnaryOperator<ObjectAcl> change) {
        throw new UnsupportedOperationException("GRANT");
    }

    /**
     * ALTER INDEX ... RENAME TO (and RENAME CONSTRAINT of a PRIMARY KEY / UNIQUE): AccessExclusive on its table,
     * then the index's new name in the same schema (42P07 if a relation or index has it, 42P01 if there is no
     * such index).
     */
    default IndexDef renameIndex(String name, String newName) {
        throw new UnsupportedOperationException("ALTER INDEX");
    }

    /**
     * ALTER TABLE that rewrites a table (DROP COLUMN, ALTER COLUMN TYPE): AccessExclusive on the table, then a new
     * heap, new indexes and a new TOAST relation holding each visible row passed through {@code convert} (old row
     * to a row of {@code newDef}'s columns); the old files go at commit, the new ones at abort. {@code newDef}'s
     * indexes name the new column positions and keep their oids. The rows are held in memory during the rewrite.
     */
    default TableDef rewriteTable(String tableName, TableDef newDef, UnaryOperator<Object[]> convert) {
        throw new UnsupportedOperationException("ALTER TABLE");
    }

    // ---- sequences (sequence.c) ------------------------------------------------------------------------

    /**
     * CREATE SEQUENCE: a relation of relkind 'S' whose one row starts as {@code initial}; 42P07 if the name is
     * taken. Its creation is rolled back with the transaction; its values are not.
     */
    default TableDef createSequence(String name, SequenceDef sequence, SequenceState initial) {
        throw new UnsupportedOperationException("sequences");
    }

    /**
     * ALTER SEQUENCE: ShareRowExclusive on it, new parameters; with {@code newState} not null the sequence gets a new
     * file holding that state (RESTART, or any option that changes future values), so that the change is
     * transactional. 42809 if {@code name} is not a sequence.
     */
    default TableDef alterSequence(String name, SequenceDef sequence, SequenceState newState) {
        throw new UnsupportedOperationException("sequences");
    }

    /** DROP SEQUENCE (the SQL layer checks the relkind first); 42P01 if there is no such relation. */
    default void dropSequence(String name) {
        throw new UnsupportedOperationException("sequences");
    }

    /** The sequence's current row (as {@code SELECT * FROM s} shows it), AccessShare on it. */
    default SequenceState sequenceState(TableDef sequence) {
        throw new UnsupportedOperationException("sequences");
    }

    /**
     * Opens a sequence by oid (init_sequence): takes {@code mode}, then 42809 {@code "%s" is not a sequence} for
     * another relation, XX000 {@code could not open relation with OID %u} for an oid that names nothing.
     */
    default TableDef openSequence(int oid, LockMode mode) {
        throw new UnsupportedOperationException("sequences");
    }

    /**
     * nextval: RowExclusive on the sequence, then the next value and, with CACHE n, up to n - 1 more for the
     * session to hand out (never rolled back; durable before it returns). 2200H at the end of a cycle-less range,
     * 25006 in a read-only transaction.
     */
    default SequenceFetch nextval(int oid) {
        throw new UnsupportedOperationException("sequences");
    }

    /** setval: 22003 outside MINVALUE..MAXVALUE; never rolled back. */
    default void setval(int oid, long value, boolean isCalled) {
        throw new UnsupportedOperationException("sequences");
    }

    // ---- views (view.c) ----------------------------------------------------------------------------------

    /**
     * CREATE VIEW: a relation of relkind 'v' without storage, whose columns are {@code columns} and whose query is
     * {@code view}; 42P07 if the name is taken. With {@code temporary} (or a {@code pg_temp} name) it lives in this
     * backend's {@code pg_temp_N} like a temporary table and goes with the backend. Rolled back with the
     * transaction; others see it once it commits.
     */
    default TableDef createView(String name, List<ColumnDef> columns, ViewDef view, boolean temporary) {
        throw new UnsupportedOperationException("views");
    }

    /**
     * CREATE OR REPLACE VIEW of an existing view: AccessExclusive on it, then its new columns and query (the SQL
     * layer has checked that the old columns are kept). 42809 {@code "%s" is not a view} for another relation.
     */
    default TableDef replaceView(String name, List<ColumnDef> columns, ViewDef view) {
        throw new UnsupportedOperationException("views");
    }

    /**
     * ALTER VIEW ... RENAME TO: AccessExclusive on the relation, then its new name in the same schema (42P07 if
     * taken). The SQL layer checks what may be renamed.
     */
    default TableDef renameRelation(String name, String newName) {
        throw new UnsupportedOperationException("rename");
    }

    /**
     * DROP VIEW (the SQL layer checks the relkind and the dependent views first): AccessExclusive on the view, then
     * its catalog row goes; 42P01 if there is no such relation.
     */
    default void dropView(String name) {
        throw new UnsupportedOperationException("views");
    }

    // ---- data ----------------------------------------------------------------------------------------

    /**
     * Inserts a row (values in column order, already cast to the column types) and its index entries. A unique
     * index conflict with a live row is 23505 {@code duplicate key value violates unique constraint "%s"} with
     * DETAIL {@code Key (%s)=(%s) already exists.}; with an in-progress inserter it waits for that transaction.
     */
    Tid insert(TableDef table, Object[] values);

    /**
     * INSERT ... ON CONFLICT DO NOTHING: as {@link #insert}, but returns empty instead of raising 23505.
     */
    Optional<Tid> insertIfNoConflict(TableDef table, Object[] values);

    /**
     * INSERT ... ON CONFLICT DO UPDATE: as {@link #insertIfNoConflict}, but on a unique conflict with a live row the
     * outcome names that row's version (to lock, then update) instead of the inserted one.
     */
    default InsertOutcome insertOrConflict(TableDef table, Object[] values) {
        throw new UnsupportedOperationException("ON CONFLICT DO UPDATE");
    }

    /** An insert's outcome: the new row's tid, or the tid of the live row it conflicts with. */
    record InsertOutcome(Tid inserted, Tid conflict) {
    }

    /**
     * The values of the row version at {@code tid} as stored, whatever the snapshot (a version this transaction has
     * just locked); null if there is none.
     */
    default Object[] fetch(TableDef table, Tid tid) {
        throw new UnsupportedOperationException("fetch");
    }

    /** Updates the row version at {@code tid} (which the current snapshot sees); waits for a concurrent writer. */
    WriteResult update(TableDef table, Tid tid, Object[] newValues);

    WriteResult delete(TableDef table, Tid tid);

    /**
     * The DELETE half of an UPDATE that moves a row to another partition (heap_delete with changingPart): a
     * transaction that waited to change the row then gets 40001 "tuple to be ... was already moved to another
     * partition due to concurrent update" instead of skipping it.
     */
    default WriteResult deleteMovingPartition(TableDef table, Tid tid) {
        return delete(table, tid);
    }

    /**
     * SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE of the version at {@code tid} (which the current
     * snapshot sees): held to transaction end. Waits for a conflicting locker or writer unless {@code policy}
     * says skip ({@link WriteResult.Skipped}) or fail (55P03 {@code could not obtain lock on row in relation
     * "%s"}); {@link WriteResult.Moved} and {@link WriteResult.Gone} as for {@link #update}.
     */
    WriteResult lockRow(TableDef table, Tid tid, RowLockStrength strength, LockWaitPolicy policy);

    /** Sequential scan: the rows visible to the current snapshot. */
    RowScan scan(TableDef table);

    /**
     * Sequential scan decoding only the columns marked in {@code columns} (null: all); the others are null in the
     * rows it returns (heap_deform_tuple stops at the last column a plan reads).
     */
    default RowScan scan(TableDef table, boolean[] columns) {
        return scan(table);
    }

    /**
     * B-tree range scan: rows whose key is between the bounds (either may be null = unbounded; a bound may be a
     * prefix of the key columns), visible to the current snapshot, in key order.
     */
    RowScan indexScan(IndexDef index, Object[] lower, boolean lowerInclusive, Object[] upper,
                      boolean upperInclusive);

    /**
     * pg_relation_size: the size in bytes of the main fork of the table or index {@code name} (its block count
     * times 8192, as the file on disk is), taking AccessShareLock on the table; empty if there is no such relation.
     */
    OptionalLong relationSize(String name);

    /** Row count estimate (pg_class.reltuples after VACUUM/ANALYZE, else pages-based). */
    long estimatedRows(TableDef table);

    /**
     * The column statistics the table's last ANALYZE (a command or autovacuum's) gathered, one per column that
     * had any (by column position); empty when it was never analysed.
     */
    default java.util.List<ColumnStatistics> columnStatistics(TableDef table) {
        return java.util.List.of();
    }

    /** ANALYZE: records the row count and the columns' statistics (null fraction, distinct values, MCVs). */
    void analyze(TableDef table);

    /** ANALYZE run by {@code origin} (an autovacuum worker moves {@code last_autoanalyze}). */
    default void analyze(TableDef table, MaintenanceOrigin origin) {
        analyze(table);
    }

    // ---- savepoints (subtransactions) -------------------------------------------------------------------

    /**
     * SAVEPOINT: opens a subtransaction inside the current one and returns the new depth (1 for the first). It gets
     * its own xid only when it first writes; its writes, row and table locks and DDL belong to it until it is
     * released or rolled back.
     */
    int beginSubtransaction();

    /** The number of open subtransactions. */
    int subtransactionDepth();

    /**
     * RELEASE SAVEPOINT: the subtransactions deeper than {@code depth} end and merge into their parent; their work
     * commits or aborts with it.
     */
    void releaseSubtransactions(int depth);

    /**
     * ROLLBACK TO SAVEPOINT, or an error inside a subtransaction: every subtransaction deeper than {@code depth} is
     * aborted: its row versions become invisible to everyone, its DDL is undone, the row and table locks it took are
     * released (waiters wake). Safe after an error; does nothing when the depth is already at most {@code depth}.
     */
    void rollbackSubtransactions(int depth);

    // ---- end -----------------------------------------------------------------------------------------

    /**
     * Commits. With {@code synchronousCommit} the commit record is flushed before this returns (group commit:
     * concurrent committers share one fsync); without it the walwriter flushes it within wal_writer_delay.
     */
    void commit(boolean synchronousCommit);

    /** Rolls back; safe to call after an error and more than once. */
    void abort();
}
