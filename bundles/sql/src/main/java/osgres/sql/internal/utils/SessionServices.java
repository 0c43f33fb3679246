/*
 * The part of a session that built-in functions use (PostgreSQL reaches these through globals:
 * MyProcPid, GetUserId(), GUC variables, GetCurrentTransactionStartTimestamp()). Kept as an interface so
 * functions and the evaluator do not depend on the session class.
 */
package osgres.sql.internal.utils;

import java.time.Instant;
import java.util.List;

import osgres.api.PgException;
import osgres.api.Settings;
import osgres.sql.SessionSetup;

public interface SessionServices {

    SessionSetup setup();

    Settings settings();

    SessionGucs gucs();

    /** now(): the start of the current transaction. */
    Instant transactionStart();

    /** statement_timestamp(). */
    Instant statementStart();

    boolean inTransactionBlock();

    void addNotice(PgException notice);

    TypeIo.OutputSettings outputSettings();

    /** This backend's temporary files (sort and hash spills), deleted at the latest when the transaction ends. */
    TemporaryFiles temporaryFiles();

    /** The current storage transaction, begun (and its statement started) on first use in a statement. */
    osgres.storage.Transaction transaction();

    /** The storage engine (the statistics views read its counters). */
    osgres.storage.Storage storage();

    /** The walsenders and replication slots (pg_stat_replication, pg_replication_slots, the slot functions). */
    /** The online backup this session started with pg_backup_start (null: none); one per session. */
    default java.util.concurrent.atomic.AtomicReference<OnlineBackup> onlineBackup() {
        return new java.util.concurrent.atomic.AtomicReference<>();
    }

    default ReplicationServices replication() {
        return ReplicationServices.NONE;
    }

    /** The session's sequence state: nextval's cached values, currval and lastval. */
    SessionSequences sequences();

    /** The database the session is connected to. */
    int databaseOid();

    /** The session's open SQL cursors as the pg_cursors view shows them. */
    List<Object[]> cursorRows();

    /** The session's SQL-level prepared statements as the pg_prepared_statements view shows them. */
    default List<Object[]> preparedStatementRows() {
        return List.of();
    }

    /**
     * Support function {@code number} of the user-defined operator class {@code opclass} of access method
     * {@code method} (a HASH partition key's extended hash function), or null for a built-in class or none.
     */
    default SqlFunction opclassSupport(String opclass, String method, int number) {
        return null;
    }

    /**
     * Whether osgres implements the built-in routine {@code name(argTypes)} of pg_proc kind {@code kind} ('f'
     * function, 'a' aggregate, 'w' window function): pg_proc shows only those of PostgreSQL's built-ins.
     */
    default boolean implementsBuiltin(String name, char kind, List<PgType> argTypes) {
        return false;
    }

    /**
     * relation_is_updatable's events (1 << CmdType: UPDATE 4, INSERT 8, DELETE 16) of a view that is automatically
     * updatable: DELETE, and INSERT and UPDATE when it has an updatable column; 0 for one that is not.
     */
    default int viewUpdatableEvents(osgres.storage.TableDef view) {
        return 0;
    }

    /** Whether column {@code column} (0-based) of an automatically updatable view is updatable. */
    default boolean viewColumnUpdatable(osgres.storage.TableDef view, int column) {
        return false;
    }

    /** pg_get_viewdef of a view: its query as ruleutils prints it; null where the session cannot deparse. */
    default String viewDefinition(osgres.storage.TableDef view, boolean pretty) {
        return null;
    }

    /** regproc's text for an oid: the routine's name, '-' for 0, the number for none. */
    default String regprocName(long oid) {
        return oid == 0 ? "-" : Long.toString(oid);
    }

    /** regproc's oid: the routine of that name (pg_proc's), 0 for '-' or none. */
    default long regprocOid(String function) {
        return 0;
    }

    /** The user-defined types (pg_type's user rows), or null in a session without a catalog. */
    default DomainLookup userTypes() {
        return null;
    }

    /** Deparses the catalog's stored expressions (null in a session without the analyser). */
    default StoredExpressions storedExpressions() {
        return null;
    }

    /** The triggers as pg_trigger shows them (null in a session without a catalog). */
    default TriggerDefinitions triggerDefinitions() {
        return null;
    }

    /** The user-defined functions (none in a session without a catalog). */
    default RoutineRunner routines() {
        return null;
    }

    /**
     * The triggers of {@code table} firing for {@code command} (INSERT, UPDATE or DELETE), or null when none
     * would fire.
     */
    default RowTriggers triggers(osgres.storage.TableDef table, String command) {
        return null;
    }

    /** The foreign key checks deferred to COMMIT in the current transaction, and SET CONSTRAINTS' settings. */
    DeferredConstraints deferredConstraints();
}
