/*
 * The utility commands osgres parses itself (JSqlParser rejects several of them): transaction control
 * (xact.c's BEGIN/COMMIT/ROLLBACK/SAVEPOINT), SET/RESET/SHOW (guc.c), DISCARD and DEALLOCATE. A closed
 * set, executed by the session.
 */
package osgres.sql.internal;

import java.util.List;

sealed interface UtilityCommand {

    /** BEGIN / START TRANSACTION; the transaction modes are accepted and not enforced yet. */
    record Begin() implements UtilityCommand {
    }

    /** COMMIT / END. */
    record Commit() implements UtilityCommand {
    }

    /** ROLLBACK / ABORT. */
    record Rollback() implements UtilityCommand {
    }

    record Savepoint(String name) implements UtilityCommand {
    }

    record ReleaseSavepoint(String name) implements UtilityCommand {
    }

    record RollbackToSavepoint(String name) implements UtilityCommand {
    }

    /** SET [LOCAL] name = values; {@code values} null means DEFAULT. */
    record Set(String name, List<String> values, boolean local) implements UtilityCommand {
    }

    /** SET TRANSACTION ..., SET SESSION CHARACTERISTICS ...: accepted, no effect yet. */
    record SetTransaction() implements UtilityCommand {
    }

    /** RESET name; {@code name} null is RESET ALL. */
    record Reset(String name) implements UtilityCommand {
    }

    /** SHOW name; {@code name} null is SHOW ALL. */
    record Show(String name) implements UtilityCommand {
    }

    /** DISCARD ALL / PLANS / SEQUENCES / TEMP; {@code what} upper-case. */
    record Discard(String what) implements UtilityCommand {
    }

    /** DEALLOCATE [PREPARE] name | ALL: the backend owns prepared statements; only the tag comes from here. */
    record Deallocate(boolean all) implements UtilityCommand {
    }

    /** Whether PostgreSQL lets this run in a failed transaction block (IsTransactionExitStmt). */
    default boolean allowedInFailedTransaction() {
        return this instanceof Commit || this instanceof Rollback || this instanceof RollbackToSavepoint;
    }
}
