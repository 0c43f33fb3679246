package osgres.storage;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import osgres.api.PgException;

/**
 * The storage engine as the SQL layer sees it (one per shared-memory generation). Databases live here;
 * everything else goes through a {@link Transaction}.
 */
public interface Storage {

    /** pg_database lookup; {@code postgres}, {@code template1} and {@code template0} exist after initdb. */
    OptionalInt databaseOid(String name);

    List<String> databaseNames();

    /** pg_authid lookup by name (InitializeSessionUserId); empty when no role has that name. */
    Optional<Role> role(String name);

    /** Every row of pg_authid (pg_get_userbyid looks a role up by oid), in no particular order. */
    List<Role> roles();

    /**
     * CREATE ROLE / CREATE USER with {@code role}'s attributes (its oid is assigned here), committed at once like
     * CREATE DATABASE: not rolled back with the transaction around it. 42710 {@code role "%s" already exists}.
     */
    Role createRole(Role role);

    /**
     * ALTER ROLE: replaces the row of role {@code name} with {@code changed} (same oid; a new name renames it),
     * committed at once. 42704 if there is no such role, 42710 if the new name is taken.
     */
    void alterRole(String name, Role changed);

    /** DROP ROLE, with every pg_auth_members row naming it: 42704 {@code role "%s" does not exist}. */
    void dropRole(String name);

    /** Every row of pg_auth_members; the same list object until a membership changes. */
    List<RoleMembership> roleMemberships();

    /**
     * A random secret of the cluster, made once and kept in the data directory (PostgreSQL keeps its
     * mock_authentication_nonce in pg_control): authentication derives the salts it shows for unknown users from it.
     */
    byte[] mockAuthenticationNonce();

    /** Every row of pg_db_role_setting; the same list object until a setting changes. */
    List<RoleSetting> roleSettings();

    /**
     * ALTER ROLE / DATABASE ... SET and RESET: replaces the settings of ({@code databaseOid}, {@code roleOid}), an
     * empty list removing the row; committed at once.
     */
    void putRoleSetting(int databaseOid, int roleOid, List<String> config);

    /** GRANT role TO role: adds the row, or sets its admin option when it exists (never clears it). */
    void grantRoleMembership(RoleMembership membership);

    /**
     * REVOKE role FROM role: removes the row, or only its admin option when {@code adminOptionOnly}; false when
     * there was no such row.
     */
    boolean revokeRoleMembership(int roleId, int member, boolean adminOptionOnly);

    /**
     * CREATE DATABASE (not transactional, as in PostgreSQL), owned by {@code owner} with the default ACL: 42P04
     * {@code database "%s" already exists}.
     */
    void createDatabase(String name, int owner);

    /** pg_database's owner and ACLs of a database (and of its schemas), empty if there is no such database. */
    java.util.Optional<DatabaseDef> databaseDef(int oid);

    /**
     * GRANT/REVOKE ON DATABASE or SCHEMA, ALTER DATABASE/SCHEMA ... OWNER TO: the database's row becomes
     * {@code change} applied to it, committed before this returns (not rolled back with the transaction around
     * it, like CREATE DATABASE and role changes); 3D000 if the database is gone.
     */
    void changeDatabase(int oid, java.util.function.UnaryOperator<DatabaseDef> change);

    /** DROP DATABASE: 3D000 if missing, 55006 if in use ({@code database "%s" is being accessed by other users}). */
    void dropDatabase(String name);

    /**
     * Starts a transaction of backend {@code proc} in a database; the first {@link Transaction#startStatement()}
     * takes the snapshot. Its lock waits answer {@code proc}'s interrupts and timeouts.
     */
    Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly, BackendProc proc);

    /** A transaction of no backend (tests, internal work). */
    default Transaction begin(int databaseOid, IsolationLevel isolation, boolean readOnly) {
        return begin(databaseOid, isolation, readOnly, BackendProc.INTERNAL);
    }

    /** The backend of {@code proc} ended: the engine forgets its per-backend state (its lock owner). */
    void backendExited(BackendProc proc);

    /**
     * Changes whenever committed DDL changed a table definition, before the DDL's locks are released: a plan made
     * under an older version must look at its tables again once it holds their locks.
     */
    long catalogVersion();

    /**
     * Changes whenever ANALYZE (the command or autovacuum's) stored new statistics for a table: a cached plan made
     * under an older version is planned again with them, as PostgreSQL's relcache invalidation after ANALYZE does.
     */
    long statisticsVersion();

    /**
     * The CHECKPOINT command: asks the checkpointer for an immediate checkpoint and waits until one has
     * completed (RequestCheckpoint with CHECKPOINT_WAIT). Fails if no checkpointer runs within a bounded time.
     */
    void requestCheckpoint();

    /**
     * The WARNING a CHECKPOINT should give at once when no checkpointer process runs (its bundle is not installed
     * or not active), or empty when one runs. {@link #requestCheckpoint()} then fails after a short bound.
     */
    Optional<PgException> checkpointerMissing();

    /**
     * VACUUM (outside a transaction block): removes dead tuples no snapshot can see any more from every table
     * of the database (or one, when {@code table} is not null), and their index entries; updates row counts.
     * Takes ShareUpdateExclusive on each table while it works on it (waits for DDL, not for DML).
     */
    default void vacuum(int databaseOid, String table, BackendProc proc) {
        vacuum(databaseOid, table, proc, MaintenanceOrigin.COMMAND);
    }

    /**
     * VACUUM run by {@code origin}: an autovacuum worker passes {@link MaintenanceOrigin#AUTOVACUUM}, so that
     * {@code last_autovacuum} and {@code autovacuum_count} move instead of {@code last_vacuum}/{@code vacuum_count}.
     */
    void vacuum(int databaseOid, String table, BackendProc proc, MaintenanceOrigin origin);

    default void vacuum(int databaseOid, String table) {
        vacuum(databaseOid, table, BackendProc.INTERNAL);
    }

    /**
     * One table's lazy VACUUM as {@code params} say (autovacuum's vacuum_rel): takes ShareUpdateExclusive on the
     * table (or, with {@code skipLocked}, returns a {@link VacuumResult#skipped} result when it is not free at once),
     * checks {@code proc}'s interrupts on every page (a cancel ends it with the backend's error), sleeps per the
     * cost-based delay. Returns null when the table no longer exists.
     */
    VacuumResult vacuumTable(int databaseOid, int relid, BackendProc proc, VacuumParams params);

    /**
     * One table's ANALYZE in a transaction of its own (autovacuum's analyze_rel): ShareUpdateExclusive on the table,
     * or with {@code skipLocked} a skipped result when it is not free at once. Null when the table no longer exists.
     */
    AnalyzeResult analyzeTable(int databaseOid, int relid, BackendProc proc, MaintenanceOrigin origin,
                               boolean skipLocked);

    /** Every table of the database with its reltuples and statistics, for autovacuum's choice (oid order). */
    List<MaintenanceCandidate> maintenanceCandidates(int databaseOid);

    // ---- cumulative statistics (pgstat), read by the pg_stat_* views ----

    /** One row per table of the database, as {@code pg_stat_all_tables} shows them, in oid order. */
    default List<TableStatistics> tableStatistics(int databaseOid) {
        return List.of();
    }

    /** Every VACUUM running now, by a command or an autovacuum worker ({@code pg_stat_progress_vacuum}). */
    default List<VacuumProgress> vacuumProgress() {
        return List.of();
    }

    /** One row per database (pg_database order). */
    default List<DatabaseStatistics> databaseStatistics() {
        return List.of();
    }

    default BgWriterStatistics bgWriterStatistics() {
        return new BgWriterStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** pg_stat_reset(): zeroes the counters of one database and of its tables. */
    default void resetStatistics(int databaseOid) {
    }

    /** pg_stat_reset_shared('bgwriter'): zeroes the bgwriter and checkpointer counters. */
    default void resetBgWriterStatistics() {
    }

    /** pg_stat_wal's one row. */
    default WalStatistics walStatistics() {
        return new WalStatistics(0, 0, BigInteger.ZERO, 0, 0, 0, 0, 0, null);
    }

    /** pg_stat_archiver's counters. */
    default ArchiverStatistics archiverStatistics() {
        return new ArchiverStatistics(0, null, null, 0, null, null, null);
    }

    /** pg_stat_reset_shared('archiver'): zeroes the archiver's counters. */
    default void resetArchiverStatistics() {
    }

    /**
     * pg_switch_wal (RequestXLogSwitch): ends the current WAL segment with a switch record, so the next record starts
     * the next segment and the finished one can be archived. Returns the end of the switch record, or the insert
     * position when it already is a segment's start (nothing was written since the last switch: nothing done).
     */
    default long switchWal() {
        throw new UnsupportedOperationException("pg_switch_wal");
    }

    /** pg_stat_reset_shared('wal'): zeroes the WAL counters. */
    default void resetWalStatistics() {
    }

    /** Number of the shared-memory generation this engine lives in. */
    long generation();

    /**
     * The SQL engine's compiler of partial index predicates (see {@link IndexPredicateCompiler}); the default
     * ignores it (a storage without partial indexes).
     */
    default void setIndexPredicateCompiler(IndexPredicateCompiler compiler) {
    }

    /** GetXLogInsertRecPtr: the end of the WAL inserted so far (pg_current_wal_insert_lsn); 0 without a WAL. */
    default long walInsertLsn() {
        return 0;
    }

    /** GetFlushRecPtr: WAL up to here is on disk (pg_current_wal_flush_lsn); 0 without a WAL. */
    default long walFlushLsn() {
        return 0;
    }

    /** global/pg_control as it is on disk (pg_control_checkpoint() and the others); empty without one. */
    default java.util.Optional<ControlData> controlData() {
        return java.util.Optional.empty();
    }

    /** pg_is_in_recovery and the standby's positions (a primary: {@link RecoveryStatus#PRIMARY}). */
    default RecoveryStatus recoveryStatus() {
        return RecoveryStatus.PRIMARY;
    }
}
