package osgres.storage.internal.heap;

import osgres.api.PgException;
import osgres.api.SqlState;

/**
 * Every error the upper half of the storage engine (heap, B-tree, catalog, transactions) raises, in one place so
 * the texts can be grepped and compared with PostgreSQL 15's (heapam.c, nbtinsert.c, tablecmds.c, dbcommands.c).
 */
public final class StorageMessages {
    private StorageMessages() {
    }

    public static PgException concurrentUpdate() {
        return PgException.error(SqlState.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
    }

    /** A READ COMMITTED writer found its row moved to another partition: {@code action} updated, deleted, locked. */
    public static PgException movedToAnotherPartition(String action) {
        return PgException.error(SqlState.SERIALIZATION_FAILURE, "tuple to be " + action
                + " was already moved to another partition due to concurrent update");
    }

    public static PgException concurrentDelete() {
        return PgException.error(SqlState.SERIALIZATION_FAILURE, "could not serialize access due to concurrent delete");
    }

    public static PgException duplicateKey(String index, String columns, String values) {
        return PgException.error(SqlState.UNIQUE_VIOLATION,
                        "duplicate key value violates unique constraint \"" + index + "\"")
                .withDetail("Key (" + columns + ")=(" + values + ") already exists.");
    }

    public static PgException cannotCreateUniqueIndex(String index, String columns, String values) {
        return PgException.error(SqlState.UNIQUE_VIOLATION, "could not create unique index \"" + index + "\"")
                .withDetail("Key (" + columns + ")=(" + values + ") is duplicated.");
    }

    public static PgException rowTooBig(int size, int maximum) {
        return PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "row is too big: size " + size + ", maximum size "
                + maximum);
    }

    public static PgException indexRowTooBig(int size, int maximum, String index) {
        return PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "index row size " + size
                + " exceeds btree version 4 maximum " + maximum + " for index \"" + index + "\"");
    }

    /** tablecmds.c MaxHeapAttributeNumber, for CREATE TABLE and ALTER TABLE ADD COLUMN. */
    public static PgException tooManyColumns(int maximum) {
        return PgException.error(SqlState.TOO_MANY_COLUMNS, "tables can have at most " + maximum + " columns");
    }

    /** A varlena over PostgreSQL's 1 GB limit (varlena.c's text of the same error). */
    public static PgException valueTooLarge(long size) {
        return PgException.error(SqlState.PROGRAM_LIMIT_EXCEEDED, "requested length too large")
                .withDetail("A value of " + size + " bytes exceeds the maximum of 1073741823 bytes.");
    }

    public static PgException badVarlenaHeader(int firstByte) {
        return PgException.error(SqlState.DATA_CORRUPTED, "invalid varlena header byte 0x"
                + Integer.toHexString(firstByte));
    }

    /** pg_lzcompress.c / detoast.c on a compressed value that does not decompress to its recorded size. */
    public static PgException compressedDataCorrupt() {
        return PgException.error(SqlState.DATA_CORRUPTED, "compressed pglz data is corrupt");
    }

    /** detoast.c / heaptoast.c heap_fetch_toast_slice, on chunks missing or out of order. */
    public static PgException missingChunk(int chunk, int valueId, String toastRelation) {
        return PgException.error(SqlState.DATA_CORRUPTED, "missing chunk number " + chunk + " for toast value "
                + Integer.toUnsignedString(valueId) + " in " + toastRelation);
    }

    public static PgException unexpectedChunkNumber(int chunk, int expected, int valueId, String toastRelation) {
        return PgException.error(SqlState.DATA_CORRUPTED, "unexpected chunk number " + chunk + " (expected "
                + expected + ") for toast value " + Integer.toUnsignedString(valueId) + " in " + toastRelation);
    }

    public static PgException unexpectedChunkSize(int size, int expected, int chunk, int chunks, int valueId,
                                                  String toastRelation) {
        return PgException.error(SqlState.DATA_CORRUPTED, "unexpected chunk size " + size + " (expected " + expected
                + ") in chunk " + chunk + " of " + chunks + " for toast value " + Integer.toUnsignedString(valueId)
                + " in " + toastRelation);
    }

    /** A toast pointer read where no toast relation was given (or a different one): a bug or corruption. */
    public static PgException wrongToastRelation(int pointerRelfilenode, String toastRelation) {
        return PgException.error(SqlState.DATA_CORRUPTED, "toast pointer to relfilenode " + pointerRelfilenode
                + " read in the context of " + toastRelation);
    }

    public static PgException relationExists(String name) {
        return PgException.error(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
    }

    public static PgException tableMissing(String name) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
    }

    public static PgException relationMissing(String name) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
    }

    public static PgException indexMissing(String name) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "index \"" + name + "\" does not exist");
    }

    public static PgException columnMissing(String column, String table) {
        return PgException.error(SqlState.UNDEFINED_COLUMN,
                "column \"" + column + "\" of relation \"" + table + "\" does not exist");
    }

    public static PgException columnExists(String column, String table) {
        return PgException.error("42701", "column \"" + column + "\" of relation \"" + table + "\" already exists");
    }

    public static PgException multiplePrimaryKeys(String table) {
        return PgException.error("42P16", "multiple primary keys for table \"" + table + "\" are not allowed");
    }

    public static PgException roleExists(String name) {
        return PgException.error("42710", "role \"" + name + "\" already exists");
    }

    public static PgException roleMissing(String name) {
        return PgException.error("42704", "role \"" + name + "\" does not exist");
    }

    public static PgException databaseExists(String name) {
        return PgException.error("42P04", "database \"" + name + "\" already exists");
    }

    public static PgException databaseMissing(String name) {
        return PgException.error(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
    }

    public static PgException databaseInUse(String name) {
        return PgException.error(SqlState.OBJECT_IN_USE, "database \"" + name + "\" is being accessed by other users")
                .withDetail("There is 1 other session using the database.");
    }

    public static PgException cannotDropTemplate() {
        return PgException.error(SqlState.OBJECT_IN_USE, "cannot drop a template database");
    }

    /** RangeVarAdjustRelationPersistence: CREATE TEMP TABLE in a permanent schema. */
    public static PgException temporaryInPermanentSchema() {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                "cannot create temporary relation in non-temporary schema");
    }

    /** bufmgr.c: reading or writing another backend's temporary table. */
    public static PgException otherSessionsTemporaryTable() {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot access temporary tables of other sessions");
    }

    /** RangeVarAdjustRelationPersistence: CREATE TABLE pg_temp_N.t where N is another backend's. */
    public static PgException otherSessionsTemporarySchema() {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                "cannot create relations in temporary schemas of other sessions");
    }

    public static PgException readOnlyTransaction(String command) {
        return PgException.error("25006", "cannot execute " + command + " in a read-only transaction");
    }

    public static PgException startingUp() {
        return PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the database system is starting up");
    }

    public static PgException interrupted() {
        return PgException.error(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    }

    /** postgres.c ProcessInterrupts: lock_timeout wins over a statement_timeout that fires at the same time. */
    public static PgException lockTimeout() {
        return PgException.error(SqlState.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout");
    }

    /** deadlock.c DeadLockReport: {@code logDetail} adds each process's query for the server log. */
    public static PgException deadlockDetected(String detail, String logDetail) {
        return PgException.error(SqlState.DEADLOCK_DETECTED, "deadlock detected").withDetail(detail)
                .withLogDetail(logDetail).withHint("See server log for query details.");
    }

    /** lockcmds.c / LOCK ... NOWAIT. */
    public static PgException relationLockNotAvailable(String relation) {
        return PgException.error(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on relation \"" + relation + "\"");
    }

    /** heapam.c heap_lock_tuple with NOWAIT. */
    public static PgException rowLockNotAvailable(String relation) {
        return PgException.error(SqlState.LOCK_NOT_AVAILABLE,
                "could not obtain lock on row in relation \"" + relation + "\"");
    }

    public static IllegalStateException engineClosed() {
        return new IllegalStateException("storage engine of this shared-memory generation is shut down");
    }

    // ---- sequences (sequence.c) ----

    public static PgException sequenceMaximum(String name, long max) {
        return PgException.error(SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                "nextval: reached maximum value of sequence \"" + name + "\" (" + max + ")");
    }

    public static PgException sequenceMinimum(String name, long min) {
        return PgException.error(SqlState.SEQUENCE_GENERATOR_LIMIT_EXCEEDED,
                "nextval: reached minimum value of sequence \"" + name + "\" (" + min + ")");
    }

    public static PgException setvalOutOfBounds(long value, String name, long min, long max) {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "setval: value " + value
                + " is out of bounds for sequence \"" + name + "\" (" + min + ".." + max + ")");
    }

    public static PgException notASequence(String name) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a sequence");
    }

    public static PgException notAView(String name) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a view");
    }

    /**
     * A view's rows were asked for as a table's (a write, or the scan of an UPDATE or DELETE): the SQL layer reads a
     * view through its query and must rewrite a write onto the view's base table, which it does not do yet.
     */
    public static PgException cannotChangeView(String name) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "changing view \"" + name + "\" is not supported");
    }

    public static PgException cannotChangeSequence(String name) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot change sequence \"" + name + "\"");
    }

    /** A relation oid that no longer names anything (relation_open's elog). */
    public static PgException relationOidMissing(int oid) {
        return PgException.error(SqlState.INTERNAL_ERROR, "could not open relation with OID "
                + Integer.toUnsignedString(oid));
    }

    public static PgException temporarySequence() {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "temporary sequences are not supported");
    }
}
