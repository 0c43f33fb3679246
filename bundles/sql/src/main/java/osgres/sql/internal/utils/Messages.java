/*
 * Every error and notice text osgres.sql raises, in one place so they can be grepped. The wording and
 * SQLSTATEs are PostgreSQL 15's (parser/, utils/adt/, utils/misc/guc.c, access/transam/xact.c,
 * storage/ipc/signalfuncs.c). Positions are attached by the callers that know them.
 */
package osgres.sql.internal.utils;

import java.util.List;

import osgres.api.PgException;
import osgres.api.Severity;
import osgres.api.SqlState;

public final class Messages {
    /** SQLSTATEs missing from osgres.api.SqlState. */
    public static final String CANNOT_COERCE = "42846";
    /** invalid_name: an enum label longer than NAMEDATALEN - 1 bytes. */
    public static final String INVALID_NAME = "42602";
    static final String INVALID_BINARY_REPRESENTATION = "22P03";
    public static final String AMBIGUOUS_COLUMN = "42702";
    static final String PROTOCOL_VIOLATION = SqlState.PROTOCOL_VIOLATION;
    static final String INVALID_REGULAR_EXPRESSION = "2201B";
    static final String INVALID_ESCAPE_SEQUENCE = "22025";
    static final String INVALID_USE_OF_ESCAPE_CHARACTER = "2200C";

    public static final String FUNCTION_HINT =
            "No function matches the given name and argument types. You might need to add explicit type casts.";
    public static final String OPERATOR_HINT =
            "No operator matches the given name and argument types. You might need to add explicit type casts.";

    private Messages() {
    }

    public static PgException syntaxErrorAt(String token, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + token + "\"")
                .withPosition(position);
    }

    /** check_stack_depth's error (postgres.c), for statements nested too deeply to parse (ParserLimits). */
    public static PgException stackDepthExceeded() {
        return PgException.error(SqlState.STATEMENT_TOO_COMPLEX, "stack depth limit exceeded")
                .withHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after "
                        + "ensuring the platform's stack depth limit is adequate.");
    }

    public static PgException syntaxErrorAtEnd(int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "syntax error at end of input").withPosition(position);
    }

    public static PgException unterminated(String what, String rest, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "unterminated " + what + " at or near \"" + rest + "\"")
                .withPosition(position);
    }

    /** pg_stat_reset_shared with an unknown target (pgstat.c). */
    public static PgException unrecognizedResetTarget(String target) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unrecognized reset target: \"" + target + "\"")
                .withHint("Target must be \"archiver\", \"bgwriter\", \"recovery_prefetch\", or \"wal\".");
    }

    public static PgException invalidInput(String typeName, String text) {
        return PgException.error(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    // ---- pg_lsn (utils/adt/pg_lsn.c, numeric_pg_lsn)

    /** pg_lsn_pli / pg_lsn_mii given NaN bytes. */
    static PgException lsnNaNArithmetic(boolean subtract) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                subtract ? "cannot subtract NaN from pg_lsn" : "cannot add NaN to pg_lsn");
    }

    /** numeric_pg_lsn of NaN or an infinity ({@code what} is "NaN" or "infinity"). */
    static PgException cannotConvertToLsn(String what) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot convert " + what + " to pg_lsn");
    }

    // ---- WAL and replication slots (xlogfuncs.c, pg_controldata.c, slotfuncs.c)

    /** get_controlfile failing to read global/pg_control (the storage could not give it). */
    public static PgException controlFileUnreadable() {
        return PgException.error(SqlState.INTERNAL_ERROR, "could not read file \"global/pg_control\"");
    }

    /** CheckSlotPermissions: neither a superuser nor a role with REPLICATION. */
    public static PgException mustBeReplicationRoleForSlots() {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE,
                "must be superuser or replication role to use replication slots");
    }

    /** The slot functions while the storage (which keeps the slots) is being replaced. */
    public static PgException replicationSlotsUnavailable() {
        return PgException.error(SqlState.CANNOT_CONNECT_NOW, "the database system is not accepting connections")
                .withDetail("Storage is not available (startup, recovery or crash reset in progress).");
    }

    // ---- json and jsonb (utils/adt/json.c, jsonb.c, jsonfuncs.c, jsonb_op.c)

    /** json_ereport_error: the DETAIL is json_errdetail's, the CONTEXT report_json_context's line. */
    static PgException invalidJson(String detail, String context) {
        return PgException.error(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json")
                .withDetail(detail).withContext(context);
    }

    /** json_ereport_error for \\u0000 (and code points the encoding lacks): 22P05. */
    static PgException unsupportedUnicodeEscape(String detail, String context) {
        return PgException.error("22P05", "unsupported Unicode escape sequence").withDetail(detail)
                .withContext(context);
    }

    /** jsonb_recv of a version other than 1. */
    static PgException unsupportedJsonbVersion(int version) {
        return PgException.error("XX000", "unsupported jsonb version number " + version);
    }

    /** A jsonb function given a value of the wrong shape (jsonb_array_length of an object, and so on). */
    public static PgException jsonInvalidParameter(String message) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, message);
    }

    /** jsonb_build_object / json_build_object and friends: 22023 or 22004 as PostgreSQL raises them. */
    public static PgException jsonError(String sqlState, String message) {
        return PgException.error(sqlState, message);
    }

    static PgException valueOutOfRange(String text, String typeName) {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + text + "\" is out of range for type " + typeName);
    }

    static PgException floatOutOfRange(String text, String typeName) {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                "\"" + text + "\" is out of range for type " + typeName);
    }

    public static PgException outOfRange(String typeName) {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, typeName + " out of range");
    }

    public static PgException floatOverflow() {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
    }

    public static PgException floatUnderflow() {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
    }

    /** float.c and numeric.c: a trigonometric or hyperbolic function's argument outside its domain. */
    public static PgException inputOutOfRange() {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range");
    }

    static PgException numericOverflow() {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
    }

    public static PgException logOfZero() {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of zero");
    }

    public static PgException logOfNegative() {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_LOG, "cannot take logarithm of a negative number");
    }

    public static PgException sqrtOfNegative() {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                "cannot take square root of a negative number");
    }

    public static PgException zeroToNegativePower() {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                "zero raised to a negative power is undefined");
    }

    public static PgException complexPower() {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                "a negative number raised to a non-integer power yields a complex result");
    }

    static PgException negativeFactorial() {
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "factorial of a negative number is undefined");
    }

    /** width_bucket's argument errors (2201G): the message says which. */
    public static PgException widthBucket(String message) {
        return PgException.error(SqlState.INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION, message);
    }

    public static PgException setseedOutOfRange(String value) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "setseed parameter " + value + " is out of allowed range [-1,1]");
    }

    /** Named notation in a function call (parse_func.c). */
    public static PgException argumentNameUsedTwice(String name, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "argument name \"" + name + "\" used more than once")
                .withPosition(position);
    }

    public static PgException positionalAfterNamed(int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "positional argument cannot follow named argument")
                .withPosition(position);
    }

    /** unistr's errors (varlena.c). */
    public static PgException invalidUnicodeEscape() {
        return PgException.error(SqlState.SYNTAX_ERROR, "invalid Unicode escape")
                .withHint("Unicode escapes must be \\XXXX, \\+XXXXXX, \\uXXXX, or \\UXXXXXXXX.");
    }

    public static PgException invalidSurrogatePair() {
        return PgException.error(SqlState.SYNTAX_ERROR, "invalid Unicode surrogate pair");
    }

    public static PgException invalidCodePoint(long code) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, String.format("invalid Unicode code point: %04X", code));
    }

    static PgException numericFieldOverflow(int precision, int scale) {
        int digits = precision - scale;
        String detail = digits > 0
                ? "A field with precision " + precision + ", scale " + scale
                        + " must round to an absolute value less than 10^" + digits + "."
                : "A field with precision " + precision + ", scale " + scale
                        + " must round to an absolute value less than 1.";
        return PgException.error(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow").withDetail(detail);
    }

    public static PgException divisionByZero() {
        return PgException.error(SqlState.DIVISION_BY_ZERO, "division by zero");
    }

    // ---- date/time (datetime.c DateTimeParseError, timestamp.c, date.c)

    static PgException invalidDatetimeInput(String typeName, String text) {
        return PgException.error(SqlState.INVALID_DATETIME_FORMAT,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    static PgException datetimeFieldOverflow(String text) {
        return PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text
                + "\"");
    }

    static PgException intervalFieldOverflow(String text) {
        return PgException.error(SqlState.INTERVAL_FIELD_OVERFLOW, "interval field value out of range: \"" + text
                + "\"");
    }

    /** ERRCODE_DATETIME_VALUE_OUT_OF_RANGE (22008): "interval out of range", "timestamp out of range", ... */
    public static PgException datetimeOutOfRange(String what) {
        return PgException.error(SqlState.DATETIME_FIELD_OVERFLOW, what + " out of range");
    }

    static PgException unitNotRecognized(String unit, String typeName) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unit \"" + unit + "\" not recognized for type "
                + typeName);
    }

    static PgException unitNotSupported(String unit, String typeName) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "unit \"" + unit + "\" not supported for type "
                + typeName);
    }

    public static PgException timeZoneNotRecognized(String zone) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "time zone \"" + zone + "\" not recognized");
    }

    static PgException datetimeError(String sqlState, String message) {
        return PgException.error(sqlState, message);
    }

    static PgException valueTooLong(String typeName) {
        return PgException.error(SqlState.STRING_DATA_RIGHT_TRUNCATION, "value too long for type " + typeName);
    }

    /** LookupFuncWithArgs' 42883 (COMMENT ON FUNCTION f(types)): no hint, the argument types were named. */
    public static PgException namedFunctionDoesNotExist(String signature) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "function " + signature + " does not exist");
    }

    /** LookupFuncName's 42883 for a name without an argument list. */
    public static PgException noFunctionNamed(String name) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "could not find a function named \"" + name + "\"");
    }

    /** LookupFuncName's 42725 for a name without an argument list that several functions have. */
    public static PgException functionNameNotUnique(String name) {
        return PgException.error(SqlState.AMBIGUOUS_FUNCTION, "function name \"" + name + "\" is not unique")
                .withHint("Specify the argument list to select the function unambiguously.");
    }

    /** 42703 for a column of a named relation (COMMENT ON COLUMN, ALTER TABLE). */
    public static PgException columnOfRelationDoesNotExist(String column, String relation) {
        return PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \"" + relation
                + "\" does not exist");
    }

    public static PgException functionDoesNotExist(String signature, int position) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "function " + signature + " does not exist")
                .withHint(FUNCTION_HINT).withPosition(position);
    }

    /** A prefix operator's 42883, whose HINT speaks of one argument (op_error for a left-unary operator). */
    public static PgException prefixOperatorDoesNotExist(String signature, int position) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + signature)
                .withHint("No operator matches the given name and argument type. You might need to add an explicit"
                        + " type cast.").withPosition(position);
    }

    public static PgException operatorDoesNotExist(String signature, int position) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + signature)
                .withHint(OPERATOR_HINT).withPosition(position);
    }

    public static PgException operatorNotUnique(String signature, int position) {
        return PgException.error(SqlState.AMBIGUOUS_FUNCTION, "operator is not unique: " + signature)
                .withHint("Could not choose a best candidate operator. You might need to add explicit type casts.")
                .withPosition(position);
    }

    public static PgException cannotCast(String from, String to, int position) {
        return PgException.error(CANNOT_COERCE, "cannot cast type " + from + " to " + to).withPosition(position);
    }

    public static PgException argumentMustBe(String construct, String expected, String actual, int position) {
        return PgException.error(SqlState.DATATYPE_MISMATCH,
                "argument of " + construct + " must be type " + expected + ", not type " + actual)
                .withPosition(position);
    }

    static PgException typesCannotBeMatched(String construct, String left, String right, int position) {
        return PgException.error(SqlState.DATATYPE_MISMATCH,
                construct + " types " + left + " and " + right + " cannot be matched").withPosition(position);
    }

    /** domains.c domain_check_input / ExecEvalConstraintNotNull. */
    public static PgException domainNotNull(String domain) {
        return PgException.error(SqlState.NOT_NULL_VIOLATION, "domain " + domain + " does not allow null values");
    }

    /** ExecEvalConstraintCheck. */
    public static PgException domainCheckViolation(String domain, String constraint) {
        return PgException.error(SqlState.CHECK_VIOLATION, "value for domain " + domain
                + " violates check constraint \"" + constraint + "\"");
    }

    public static PgException typeAlreadyExists(String name) {
        return PgException.error(SqlState.DUPLICATE_OBJECT, "type \"" + name + "\" already exists");
    }

    public static PgException typeDoesNotExist(String name, int position) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist")
                .withPosition(position);
    }

    public static PgException relationDoesNotExist(String name, int position) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist")
                .withPosition(position);
    }

    public static PgException columnDoesNotExist(String name, int position) {
        return PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" does not exist")
                .withPosition(position);
    }

    public static PgException noParameter(int number, int position) {
        return PgException.error(SqlState.UNDEFINED_PARAMETER, "there is no parameter $" + number)
                .withPosition(position);
    }

    public static PgException indeterminateParameter(int number) {
        return PgException.error(SqlState.INDETERMINATE_DATATYPE,
                "could not determine data type of parameter $" + number);
    }

    /** parse_agg.c / analyze.c CheckSelectLocking: {@code FOR UPDATE is not allowed with GROUP BY clause}. */
    static PgException lockingClauseNotAllowed(String clause, String with) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, clause + " is not allowed with " + with);
    }

    /** LOCK TABLE outside a transaction block (RequireTransactionBlock). */
    public static PgException lockTableOutsideBlock() {
        return PgException.error(SqlState.NO_ACTIVE_SQL_TRANSACTION, "LOCK TABLE can only be used in transaction blocks");
    }

    public static PgException notSupported(String what, int position) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported").withPosition(position);
    }

    public static PgException insufficientParameters(int expected, int got) {
        return PgException.error(SqlState.PROTOCOL_VIOLATION,
                "bind message supplies " + got + " parameters, but prepared statement \"\" requires " + expected);
    }

    static PgException binaryFormat(int parameterNumber) {
        return PgException.error(INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format in bind parameter " + parameterNumber);
    }

    public static PgException unsupportedFormat(int code) {
        return PgException.error(SqlState.PROTOCOL_VIOLATION, "unsupported format code: " + code);
    }

    // --- transactions (xact.c) ---

    public static PgException alreadyInTransaction() {
        return warning(SqlState.ACTIVE_SQL_TRANSACTION, "there is already a transaction in progress");
    }

    /** EndTransactionBlock / UserAbortTransactionBlock: AND CHAIN needs a transaction block. */
    public static PgException chainOutsideBlock(String command) {
        return PgException.error(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                command + " can only be used in transaction blocks");
    }

    public static PgException deferrableInSubtransaction() {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction");
    }

    /** check_transaction_deferrable. */
    public static PgException deferrableAfterQuery() {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                "SET TRANSACTION [NOT] DEFERRABLE must be called before any query");
    }

    public static PgException noTransaction() {
        return warning(SqlState.NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress");
    }

    public static PgException setLocalOutsideBlock(String command) {
        return warning(SqlState.NO_ACTIVE_SQL_TRANSACTION, command + " can only be used in transaction blocks");
    }

    public static PgException inFailedTransaction() {
        return PgException.error(SqlState.IN_FAILED_SQL_TRANSACTION,
                "current transaction is aborted, commands ignored until end of transaction block");
    }

    public static PgException noSuchSavepoint(String name) {
        return PgException.error(SqlState.INVALID_SAVEPOINT_SPECIFICATION,
                "savepoint \"" + name + "\" does not exist");
    }

    public static PgException isolationInSubtransaction() {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction");
    }

    public static PgException readWriteInsideReadOnly() {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                "cannot set transaction read-write mode inside a read-only transaction");
    }

    public static PgException readWriteAfterQuery() {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION,
                "transaction read-write mode must be set before any query");
    }

    public static PgException savepointOutsideBlock(String command) {
        return PgException.error(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                command + " can only be used in transaction blocks");
    }

    // --- GUC (guc.c) ---

    static PgException unrecognizedParameter(String name) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }

    static PgException cannotChange(String name) {
        return PgException.error(SqlState.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + name + "\" cannot be changed");
    }

    static PgException cannotChangeWithoutRestart(String name) {
        return PgException.error(SqlState.CANT_CHANGE_RUNTIME_PARAM,
                "parameter \"" + name + "\" cannot be changed without restarting the server");
    }

    static PgException cannotChangeNow(String name) {
        return PgException.error(SqlState.CANT_CHANGE_RUNTIME_PARAM,
                "parameter \"" + name + "\" cannot be changed now");
    }

    static PgException cannotSetAfterStart(String name) {
        return PgException.error(SqlState.CANT_CHANGE_RUNTIME_PARAM,
                "parameter \"" + name + "\" cannot be set after connection start");
    }

    static PgException permissionToSet(String name) {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE,
                "permission denied to set parameter \"" + name + "\"");
    }

    public static PgException invalidParameterValue(String name, String value) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"");
    }

    static PgException setTakesOneArgument(String name) {
        return PgException.error(SqlState.SYNTAX_ERROR, "SET " + name + " takes only one argument");
    }

    // --- functions ---

    /** lockfuncs.c: pg_advisory_unlock of a lock the session does not hold at session level. */
    public static PgException advisoryLockNotOwned(boolean shared) {
        return warning(SqlState.WARNING, "you don't own a lock of type " + (shared ? "ShareLock" : "ExclusiveLock"));
    }

    public static PgException notABackend(int pid) {
        return warning(SqlState.WARNING, "PID " + pid + " is not a PostgreSQL backend process");
    }

    public static PgException terminateTimeout(int pid, long millis) {
        return warning(SqlState.WARNING,
                "backend with PID " + pid + " did not terminate within " + millis + " milliseconds");
    }

    public static PgException negativeTimeout() {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "\"timeout\" must not be negative");
    }

    static PgException warning(String sqlState, String message) {
        return new PgException(Severity.WARNING, sqlState, message, null, null, 0);
    }

    // --- executor ---

    public static PgException subqueryMoreThanOneRow() {
        return PgException.error("21000", "more than one row returned by a subquery used as an expression");
    }

    public static PgException mustNotBeNegative(String clause) {
        return PgException.error("2201W", clause + " must not be negative");
    }

    public static PgException stepSizeZero() {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
    }

    public static PgException foreignKeyNotPresent(String table, String constraint, String key, String referenced) {
        return PgException.error(SqlState.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + table
                + "\" violates foreign key constraint \"" + constraint + "\"")
                .withDetail("Key " + key + " is not present in table \"" + referenced + "\".");
    }

    public static PgException foreignKeyMatchFull(String table, String constraint) {
        return PgException.error(SqlState.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + table
                + "\" violates foreign key constraint \"" + constraint + "\"")
                .withDetail("MATCH FULL does not allow mixing of null and nonnull key values.");
    }

    public static PgException foreignKeyStillReferenced(String table, String constraint, String referencing, String key) {
        return PgException.error(SqlState.FOREIGN_KEY_VIOLATION, "update or delete on table \"" + table
                + "\" violates foreign key constraint \"" + constraint + "\" on table \"" + referencing + "\"")
                .withDetail("Key " + key + " is still referenced from table \"" + referencing + "\".");
    }

    public static PgException checkViolation(String table, String constraint, String row) {
        return PgException.error(SqlState.CHECK_VIOLATION, "new row for relation \"" + table
                + "\" violates check constraint \"" + constraint + "\"")
                .withDetail("Failing row contains " + row + ".");
    }

    public static PgException checkViolatedBySomeRow(String constraint, String table) {
        return PgException.error(SqlState.CHECK_VIOLATION, "check constraint \"" + constraint + "\" of relation \""
                + table + "\" is violated by some row");
    }

    public static PgException columnContainsNulls(String column, String table) {
        return PgException.error(SqlState.NOT_NULL_VIOLATION, "column \"" + column + "\" of relation \"" + table
                + "\" contains null values");
    }

    /** ALTER TABLE on one member of an inheritance tree that would put it out of step (tablecmds.c). */
    public static PgException inheritedColumn(String verb, String column) {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, "cannot " + verb + " inherited column \""
                + column + "\"");
    }

    /** ALTER TABLE ONLY on a parent whose children would be put out of step (tablecmds.c). */
    public static PgException mustRecurse(String message) {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, message);
    }

    public static PgException cannotAddColumnToPartition() {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot add column to a partition");
    }

    public static PgException childHasDifferentType(String child, String column) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "child table \"" + child
                + "\" has different type for column \"" + column + "\"");
    }

    public static PgException mergingChildColumn(String column, String child) {
        return PgException.error("00000", "merging definition of column \"" + column + "\" for child \"" + child
                + "\"").withSeverity(Severity.NOTICE);
    }

    public static PgException mergingConstraint(String name) {
        return PgException.error("00000", "merging constraint \"" + name + "\" with inherited definition")
                .withSeverity(Severity.NOTICE);
    }

    public static PgException notNullInParent(String column) {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, "column \"" + column
                + "\" is marked NOT NULL in parent table");
    }

    public static PgException columnOfRelationMissing(String column, String table) {
        return PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \"" + table
                + "\" does not exist");
    }

    public static PgException columnOfRelationExists(String column, String table) {
        return PgException.error(SqlState.DUPLICATE_COLUMN, "column \"" + column + "\" of relation \"" + table
                + "\" already exists");
    }

    public static PgException columnMissingSkipping(String column, String table) {
        return PgException.error("00000", "column \"" + column + "\" of relation \"" + table
                + "\" does not exist, skipping").withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException constraintMissing(String constraint, String table) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \"" + constraint + "\" of relation \""
                + table + "\" does not exist");
    }

    public static PgException constraintMissingSkipping(String constraint, String table) {
        return PgException.error("00000", "constraint \"" + constraint + "\" of relation \"" + table
                + "\" does not exist, skipping").withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException checkConstraintExists(String constraint) {
        return PgException.error(SqlState.DUPLICATE_OBJECT, "check constraint \"" + constraint + "\" already exists");
    }

    public static PgException constraintExists(String constraint, String table) {
        return PgException.error(SqlState.DUPLICATE_OBJECT, "constraint \"" + constraint + "\" for relation \""
                + table + "\" already exists");
    }

    public static PgException cannotDropSystemColumn(String column) {
        return PgException.error("0A000", "cannot drop system column \"" + column + "\"");
    }

    public static PgException cannotDropPrimaryKeyNotNull(String column) {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, "column \"" + column
                + "\" is in a primary key");
    }

    public static PgException usingCannotBeCast(String column, String type) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "result of USING clause for column \"" + column
                + "\" cannot be cast automatically to type " + type)
                .withHint("You might need to add an explicit cast.");
    }

    public static PgException defaultCannotBeCast(String column, String type) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "default for column \"" + column
                + "\" cannot be cast automatically to type " + type);
    }

    public static PgException relationDoesNotExistSkipping(String name) {
        return relationMissingSkipping(name);
    }

    public static PgException columnCannotBeCast(String column, String type) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + column
                + "\" cannot be cast automatically to type " + type)
                .withHint("You might need to specify \"USING " + column + "::" + type + "\".");
    }

    public static PgException notNullViolation(String column, String table, String row) {
        return PgException.error(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + column
                + "\" of relation \"" + table + "\" violates not-null constraint")
                .withDetail("Failing row contains " + row + ".");
    }

    /** DefineRelation: ON COMMIT on a permanent table. */
    public static PgException onCommitOnlyOnTemporaryTables() {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION, "ON COMMIT can only be used on temporary tables");
    }

    /** RangeVarAdjustRelationPersistence: CREATE TEMP TABLE public.t. */
    public static PgException temporaryRelationInPermanentSchema() {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                "cannot create temporary relation in non-temporary schema");
    }

    /** RangeVarAdjustRelationPersistence: CREATE UNLOGGED TABLE pg_temp.t. */
    public static PgException onlyTemporaryRelationsInTemporarySchemas() {
        return PgException.error(SqlState.INVALID_TABLE_DEFINITION,
                "only temporary relations may be created in temporary schemas");
    }

    /** get_namespace_oid: a schema osgres does not have. */
    public static PgException schemaDoesNotExist(String schema) {
        return PgException.error(SqlState.INVALID_SCHEMA_NAME, "schema \"" + schema + "\" does not exist");
    }

    public static PgException tableDoesNotExist(String name) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
    }

    public static PgException tableSkipping(String name) {
        return PgException.error("00000", "table \"" + name + "\" does not exist, skipping")
                .withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException indexSkipping(String name) {
        return PgException.error("00000", "index \"" + name + "\" does not exist, skipping")
                .withSeverity(osgres.api.Severity.NOTICE);
    }

    // Roles (commands/user.c CreateRole, DropRole; catalog/pg_shdepend.c checkSharedDependencies).
    public static PgException mustBeSuperuserToCreateSuperusers() {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be superuser to create superusers");
    }

    public static PgException permissionDeniedToCreateRole() {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to create role");
    }

    public static PgException permissionDeniedToDropRole() {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to drop role");
    }

    /** aclcheck_error(ACLCHECK_NO_PRIV): {@code kind} is "table", "view", "sequence", "function", "schema"... */
    public static PgException permissionDenied(String kind, String name) {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for " + kind + " " + name);
    }

    /** aclcheck_error_col(ACLCHECK_NO_PRIV). */
    public static PgException permissionDeniedForColumn(String column, String relation) {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for column \"" + column
                + "\" of relation \"" + relation + "\"");
    }

    /** aclcheck_error(ACLCHECK_NOT_OWNER): {@code kind} is "table", "view", "sequence", "index"... */
    public static PgException mustBeOwner(String kind, String name) {
        return PgException.error(SqlState.INSUFFICIENT_PRIVILEGE, "must be owner of " + kind + " " + name);
    }

    public static PgException roleDoesNotExist(String name) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
    }

    public static PgException roleSkipping(String name) {
        return PgException.error("00000", "role \"" + name + "\" does not exist, skipping")
                .withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException currentUserCannotBeDropped() {
        return PgException.error(SqlState.OBJECT_IN_USE, "current user cannot be dropped");
    }

    public static PgException sessionUserCannotBeDropped() {
        return PgException.error(SqlState.OBJECT_IN_USE, "session user cannot be dropped");
    }

    public static PgException roleRequiredBySystem(String name) {
        return PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop role " + name + " because it is required by the database system");
    }

    /** InitializeSessionUserId (miscinit.c): FATAL at connection start. */
    public static PgException roleMissingAtLogin(String name) {
        return PgException.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                "role \"" + name + "\" does not exist");
    }

    public static PgException roleCannotLogin(String name) {
        return PgException.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                "role \"" + name + "\" is not permitted to log in");
    }

    public static PgException databaseSkipping(String name) {
        return PgException.error("00000", "database \"" + name + "\" does not exist, skipping")
                .withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException relationSkipping(String name) {
        return PgException.error("42P07", "relation \"" + name + "\" already exists, skipping")
                .withSeverity(osgres.api.Severity.NOTICE);
    }

    public static PgException cannotRunInBlock(String command) {
        return PgException.error(SqlState.ACTIVE_SQL_TRANSACTION, command + " cannot run inside a transaction block");
    }

    public static PgException notAcceptingConnections() {
        return PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the database system is not accepting connections")
                .withDetail("Storage is not available (startup, recovery or crash reset in progress).");
    }

    /** CheckMyDatabase: the login role lacks CONNECT on the database. */
    public static PgException noConnectPrivilege(String database) {
        return PgException.fatal(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied for database \"" + database + "\"")
                .withDetail("User does not have CONNECT privilege.");
    }

    public static PgException databaseDoesNotExist(String name) {
        return PgException.fatal(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
    }

    public static PgException storageReset() {
        return PgException.fatal(SqlState.CRASH_SHUTDOWN,
                "terminating connection because of crash of another server process")
                .withDetail("The postmaster has commanded this server process to roll back the current transaction "
                        + "and exit, because another server process exited abnormally and possibly corrupted shared "
                        + "memory.")
                .withHint("In a moment you should be able to reconnect to the database and repeat your command.");
    }

    // ---------------------------------------------------------------- temporary files (storage/file/fd.c, buffile.c)

    static PgException couldNotCreateTemporaryFile(String path, java.io.IOException cause) {
        return fileAccess("could not create temporary file \"" + path + "\": ", cause);
    }

    static PgException couldNotOpenTemporaryFile(String path, java.io.IOException cause) {
        return fileAccess("could not open temporary file \"" + path + "\": ", cause);
    }

    public static PgException couldNotWriteCopyFile(java.io.IOException cause) {
        return fileAccess("could not write to COPY file: ", cause);
    }

    public static PgException couldNotWriteFile(String path, java.io.IOException cause) {
        return fileAccess("could not write to file \"" + path + "\": ", cause);
    }

    public static PgException couldNotReadFile(String path, java.io.IOException cause) {
        return fileAccess("could not read file \"" + path + "\": ", cause);
    }

    /** COPY FROM 'file': could not open file "%s" for reading: %m. */
    public static PgException couldNotOpenForReading(String path, java.io.IOException cause) {
        return fileAccess("could not open file \"" + path + "\" for reading: ", cause);
    }

    public static PgException couldNotOpenForWriting(String path, java.io.IOException cause) {
        return fileAccess("could not open file \"" + path + "\" for writing: ", cause);
    }

    static PgException tempFileLimitExceeded(long limitKb) {
        return PgException.error(SqlState.CONFIGURATION_LIMIT_EXCEEDED,
                "temporary file size exceeds temp_file_limit (" + limitKb + "kB)");
    }

    /** errcode_for_file_access: the SQLSTATE says what kind of failure it was; %m is the system's reason. */
    private static PgException fileAccess(String message, java.io.IOException cause) {
        // %m: the system's words, never Java's (a NoSuchFileException's message is the path, not the reason)
        String reason = switch (cause) {
            case java.nio.file.NoSuchFileException e -> "No such file or directory";
            case java.nio.file.AccessDeniedException e -> "Permission denied";
            case java.nio.file.FileSystemException e when e.getReason() != null -> e.getReason();
            default -> cause.getMessage() != null && cause.getMessage().contains("No space left on device")
                    ? "No space left on device" : "Input/output error";
        };
        String state = switch (cause) {
            case java.nio.file.NoSuchFileException e -> SqlState.UNDEFINED_FILE;
            case java.nio.file.AccessDeniedException e -> SqlState.INSUFFICIENT_PRIVILEGE;
            default -> reason.equals("No space left on device") ? SqlState.DISK_FULL : SqlState.IO_ERROR;
        };
        return PgException.error(state, message + reason);
    }

    // ---- cursors (portalcmds.c, portalmem.c, pquery.c, analyze.c) -------------------------------------------

    public static PgException cursorDoesNotExist(String name) {
        return PgException.error(SqlState.INVALID_CURSOR_NAME, "cursor \"" + name + "\" does not exist");
    }

    /** A table column named like a system column (CheckAttributeNamesTypes, check_for_column_name_collision). */
    public static PgException conflictsWithSystemColumn(String name) {
        return PgException.error(SqlState.DUPLICATE_COLUMN, "column name \"" + name
                + "\" conflicts with a system column name");
    }

    /** CheckPredicate: a partial index's predicate may only call IMMUTABLE functions. */
    public static PgException indexPredicateNotImmutable() {
        return PgException.error("42P17", "functions in index predicate must be marked IMMUTABLE");
    }

    /** REINDEX TABLE of a table without indexes (reindex_relation's NOTICE). */
    public static PgException noIndexesToReindex(String table) {
        return PgException.error("00000", "table \"" + table + "\" has no indexes to reindex")
                .withSeverity(Severity.NOTICE);
    }

    /** PREPARE of a name in use (prepare.c StorePreparedStatement). */
    public static PgException preparedStatementExists(String name) {
        return PgException.error(SqlState.DUPLICATE_PREPARED_STATEMENT,
                "prepared statement \"" + name + "\" already exists");
    }

    /** EXECUTE or DEALLOCATE of an unknown name (FetchPreparedStatement). */
    public static PgException preparedStatementMissing(String name) {
        return PgException.error(SqlState.INVALID_SQL_STATEMENT_NAME,
                "prepared statement \"" + name + "\" does not exist");
    }

    /** CREATE TABLE AS EXECUTE of a prepared INSERT, UPDATE or DELETE (ExecuteQuery). */
    public static PgException preparedStatementNotSelect() {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "prepared statement is not a SELECT");
    }

    /** A prepared statement's result row changed shape after DDL (plancache.c RevalidateCachedQuery). */
    public static PgException cachedPlanChangedResultType() {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cached plan must not change result type");
    }

    /** EXECUTE with too many or too few arguments (EvaluateParams). */
    public static PgException wrongParameterCount(String name, int expected, int given) {
        return PgException.error(SqlState.SYNTAX_ERROR, "wrong number of parameters for prepared statement \""
                + name + "\"").withDetail("Expected " + expected + " parameters but got " + given + ".");
    }

    /** An EXECUTE argument with no assignment cast to its parameter's type (EvaluateParams). */
    public static PgException parameterCannotBeCoerced(int number, PgType given, PgType expected) {
        return PgException.error(SqlState.DATATYPE_MISMATCH, "parameter $" + number + " of type " + given.sqlName()
                + " cannot be coerced to the expected type " + expected.sqlName())
                .withHint("You will need to rewrite or cast the expression.");
    }

    public static PgException cursorAlreadyExists(String name) {
        return PgException.error(SqlState.DUPLICATE_CURSOR, "cursor \"" + name + "\" already exists");
    }

    /** CheckTableNotInUse: a cursor of this session still reads the table. */
    public static PgException tableInUseByCursor(String command, String table) {
        return PgException.error(SqlState.OBJECT_IN_USE, "cannot " + command + " \"" + table
                + "\" because it is being used by active queries in this session");
    }

    /** MarkPortalActive on a portal an error left failed. */
    public static PgException portalCannotBeRun(String name) {
        return PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "portal \"" + name + "\" cannot be run");
    }

    public static PgException selectIntoNotAllowed(int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "SELECT ... INTO is not allowed here").withPosition(position);
    }

    public static PgException cursorCanOnlyScanForward() {
        return PgException.error(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, "cursor can only scan forward")
                .withHint("Declare it with SCROLL option to enable backward scan.");
    }

    /** RequireTransactionBlock's error. */
    public static PgException onlyInTransactionBlock(String command) {
        return PgException.error(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                command + " can only be used in transaction blocks");
    }

    public static PgException cursorOptionsConflict(String first, String second) {
        return PgException.error(SqlState.INVALID_CURSOR_DEFINITION,
                "cannot specify both " + first + " and " + second);
    }

    /** transformDeclareCursorStmt: a locking clause with WITH HOLD or SCROLL (0A000), or INSENSITIVE (42P11). */
    public static PgException cursorMustBeReadOnly(String kind, String lockingClause) {
        return switch (kind) {
            case "WITH HOLD" -> PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "DECLARE CURSOR WITH HOLD ... " + lockingClause + " is not supported")
                    .withDetail("Holdable cursors must be READ ONLY.");
            case "SCROLL" -> PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "DECLARE SCROLL CURSOR ... " + lockingClause + " is not supported")
                    .withDetail("Scrollable cursors must be READ ONLY.");
            default -> PgException.error(SqlState.INVALID_CURSOR_DEFINITION,
                    "DECLARE INSENSITIVE CURSOR ... " + lockingClause + " is not valid")
                    .withDetail("Insensitive cursors must be READ ONLY.");
        };
    }

    // ---- sequences, SERIAL and identity columns (sequence.c, parse_utilcmd.c, rewriteHandler.c) ----

    public static PgException multipleDefaults(String column, String table, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "multiple default values specified for column \"" + column
                + "\" of table \"" + table + "\"").withPosition(position);
    }

    public static PgException defaultAndIdentity(String column, String table, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "both default and identity specified for column \"" + column
                + "\" of table \"" + table + "\"").withPosition(position);
    }

    public static PgException multipleIdentities(String column, String table, int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "multiple identity specifications for column \"" + column
                + "\" of table \"" + table + "\"").withPosition(position);
    }

    public static PgException identityType(boolean identity) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, identity
                ? "identity column type must be smallint, integer, or bigint"
                : "sequence type must be smallint, integer, or bigint");
    }

    public static PgException sequenceOption(String message) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, message);
    }

    public static PgException conflictingOptions(int position) {
        return PgException.error(SqlState.SYNTAX_ERROR, "conflicting or redundant options").withPosition(position);
    }

    public static PgException notASequence(String name, String hint) {
        PgException e = PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a sequence");
        return hint == null ? e : e.withHint(hint);
    }

    public static PgException notATable(String name, String hint) {
        PgException e = PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a table");
        return hint == null ? e : e.withHint(hint);
    }

    public static PgException sequenceSkipping(String name) {
        return PgException.error(SqlState.SUCCESSFUL_COMPLETION, "sequence \"" + name + "\" does not exist, skipping")
                .withSeverity(Severity.NOTICE);
    }

    public static PgException sequenceMissing(String name) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "sequence \"" + name + "\" does not exist");
    }

    public static PgException relationMissingSkipping(String name) {
        return PgException.error(SqlState.SUCCESSFUL_COMPLETION, "relation \"" + name + "\" does not exist, skipping")
                .withSeverity(Severity.NOTICE);
    }

    public static PgException generatedAlways(String column) {
        return PgException.error(SqlState.GENERATED_ALWAYS, "cannot insert a non-DEFAULT value into column \""
                + column + "\"").withDetail("Column \"" + column + "\" is an identity column defined as GENERATED ALWAYS.")
                .withHint("Use OVERRIDING SYSTEM VALUE to override.");
    }

    public static PgException updateGeneratedAlways(String column) {
        return PgException.error(SqlState.GENERATED_ALWAYS, "column \"" + column
                + "\" can only be updated to DEFAULT").withDetail("Column \"" + column
                + "\" is an identity column defined as GENERATED ALWAYS.");
    }

    static PgException readOnlyTransaction(String command) {
        return PgException.error(SqlState.READ_ONLY_SQL_TRANSACTION, "cannot execute " + command
                + " in a read-only transaction");
    }

    /** reportDependentObjects with CASCADE: one NOTICE naming what goes too. */
    public static PgException dropCascades(List<String> objects) {
        PgException notice = objects.size() == 1
                ? PgException.error(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + objects.getFirst())
                : PgException.error(SqlState.SUCCESSFUL_COMPLETION, "drop cascades to " + objects.size()
                        + " other objects").withDetail("drop cascades to " + String.join("\ndrop cascades to ",
                        objects));
        return notice.withSeverity(Severity.NOTICE);
    }

    // Views (commands/view.c, tablecmds.c's DropErrorMsgNonExistent / DropErrorMsgWrongType for views).
    public static PgException relationExists(String name) {
        return PgException.error(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
    }

    public static PgException notAView(String name, String hint) {
        PgException e = PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a view");
        return hint == null ? e : e.withHint(hint);
    }

    public static PgException notAnIndex(String name, String hint) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not an index").withHint(hint);
    }

    public static PgException viewDoesNotExist(String name) {
        return PgException.error(SqlState.UNDEFINED_TABLE, "view \"" + name + "\" does not exist");
    }

    public static PgException viewSkipping(String name) {
        return PgException.error(SqlState.SUCCESSFUL_COMPLETION, "view \"" + name + "\" does not exist, skipping")
                .withSeverity(Severity.NOTICE);
    }

    public static PgException viewWillBeTemporary(String name) {
        return PgException.error(SqlState.SUCCESSFUL_COMPLETION, "view \"" + name + "\" will be a temporary view")
                .withSeverity(Severity.NOTICE);
    }


    /** COPY view TO / FROM (copyto.c, copyfrom.c). */
    public static PgException copyView(boolean from, String name) {
        return from ? PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot copy to view \"" + name + "\"")
                .withHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
                : PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot copy from view \"" + name + "\"")
                .withHint("Try the COPY (SELECT ...) TO variant.");
    }

    /** reportDependentObjects without CASCADE: {@code dependents} are "X depends on Y" lines. */
    public static PgException dependentObjects(String object, List<String> dependents) {
        return PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop " + object
                + " because other objects depend on it").withDetail(String.join("\n", dependents))
                .withHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }

    /** An object an internal dependency ties to its owner (an identity column's sequence). */
    public static PgException requiredBy(String object, String owner) {
        return PgException.error(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop " + object + " because "
                + owner + " requires it").withHint("You can drop " + owner + " instead.");
    }

    /** ALTER COLUMN SET / DROP DEFAULT of an identity column (ATExecColumnDefault). */
    public static PgException identityColumn(String column, String table, boolean dropping) {
        PgException e = PgException.error(SqlState.SYNTAX_ERROR, "column \"" + column + "\" of relation \"" + table
                + "\" is an identity column");
        return dropping ? e.withHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.") : e;
    }

    /** COPY of a sequence (copyto.c / copyfrom.c): {@code what} is "cannot copy from sequence" or "... to ...". */
    public static PgException copySequence(String what, String name) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, what + " \"" + name + "\"");
    }

    public static PgException alterActionOnSequence(String action, osgres.storage.TableDef relation) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "ALTER action " + action
                + " cannot be performed on relation \"" + relation.name() + "\"")
                .withDetail(notSupportedFor(relation));
    }

    public static PgException cannotIndex(osgres.storage.TableDef relation) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot create index on relation \"" + relation.name()
                + "\"").withDetail(notSupportedFor(relation));
    }

    /** errdetail_relkind_not_supported for a sequence or a view. */
    private static String notSupportedFor(osgres.storage.TableDef relation) {
        return "This operation is not supported for " + (relation.isView() ? "views." : "sequences.");
    }

    /** VACUUM / ANALYZE of a sequence: {@code verb} is vacuum or analyze. */
    public static PgException skippingNonTable(String verb, String name) {
        return warning(SqlState.WARNING, "skipping \"" + name + "\" --- cannot " + verb
                + " non-tables or special system tables");
    }

    // ---- pattern matching and string functions (regexp.c, like.c, varlena.c, formatting.c, encode.c)

    public static PgException invalidRegex(String detail) {
        return PgException.error(INVALID_REGULAR_EXPRESSION, "invalid regular expression: " + detail);
    }

    public static PgException regexFailed(String detail) {
        return PgException.error(INVALID_REGULAR_EXPRESSION, "regular expression failed: " + detail);
    }

    public static PgException invalidRegexOption(String option) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "invalid regular expression option: \"" + option + "\"");
    }

    public static PgException regexpReplaceStartHint(String option) {
        return invalidRegexOption(option).withHint("If you meant to use regexp_replace() with a start parameter, "
                + "cast the fourth argument to integer explicitly.");
    }

    public static PgException regexGlobalNotSupported(String function, boolean hintMatches) {
        PgException e = PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                function + " does not support the \"global\" option");
        return hintMatches ? e.withHint("Use the regexp_matches function instead.") : e;
    }

    public static PgException invalidParameterValue(String parameter, int value) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + parameter + "\": " + value);
    }

    public static PgException likeEndsWithEscape() {
        return PgException.error(INVALID_ESCAPE_SEQUENCE, "LIKE pattern must not end with escape character");
    }

    public static PgException invalidEscapeString() {
        return PgException.error(INVALID_ESCAPE_SEQUENCE, "invalid escape string")
                .withHint("Escape string must be empty or one character.");
    }

    public static PgException tooManyEscapeQuotes() {
        return PgException.error(INVALID_USE_OF_ESCAPE_CHARACTER,
                "SQL regular expression may not contain more than two escape-double-quote separators");
    }

    // ---- functions and procedures (pg_proc.c, functioncmds.c, parse_func.c) ----------------------------------

    public static final String PROCEDURE_HINT =
            "No procedure matches the given name and argument types. You might need to add explicit type casts.";

    public static PgException functionExists(String name) {
        return PgException.error(SqlState.DUPLICATE_FUNCTION,
                "function \"" + name + "\" already exists with same argument types");
    }

    public static PgException functionExistsInSchema(String signature) {
        return PgException.error(SqlState.DUPLICATE_FUNCTION,
                "function " + signature + " already exists in schema \"public\"");
    }

    public static PgException cannotChangeReturnType(String dropCommand, String signature) {
        return PgException.error(SqlState.INVALID_FUNCTION_DEFINITION, "cannot change return type of existing function")
                .withHint("Use " + dropCommand + " " + signature + " first.");
    }

    public static PgException cannotChangeParameterName(String name, String dropCommand, String signature) {
        return PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                "cannot change name of input parameter \"" + name + "\"")
                .withHint("Use " + dropCommand + " " + signature + " first.");
    }

    public static PgException cannotRemoveDefaults(String dropCommand, String signature) {
        return PgException.error(SqlState.INVALID_FUNCTION_DEFINITION,
                "cannot remove parameter defaults from existing function")
                .withHint("Use " + dropCommand + " " + signature + " first.");
    }

    /** DefineAggregate's WARNING for a definition element it does not know. */
    public static PgException aggregateAttributeNotRecognized(String name) {
        return warning(SqlState.SYNTAX_ERROR, "aggregate attribute \"" + name + "\" not recognized");
    }

    public static PgException aggregateDoesNotExist(String signature) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "aggregate " + signature + " does not exist");
    }

    public static PgException aggregateSkipping(String signature) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "aggregate " + signature
                + " does not exist, skipping").withSeverity(Severity.NOTICE);
    }

    /** DROP AGGREGATE naming a plain function (LookupFuncWithArgs for OBJECT_AGGREGATE). */
    public static PgException notAnAggregate(String signature) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "function " + signature + " is not an aggregate");
    }

    /** DROP FUNCTION naming an aggregate (RemoveObjects). */
    public static PgException isAnAggregate(String name) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is an aggregate function")
                .withHint("Use DROP AGGREGATE to drop aggregate functions.");
    }

    /** CREATE OR REPLACE of an aggregate over a plain function, or the other way round (ProcedureCreate). */
    public static PgException cannotChangeRoutineKindToAggregate(String name, boolean wasAggregate) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot change routine kind")
                .withDetail("\"" + name + "\" is " + (wasAggregate ? "an aggregate function." : "a function."));
    }

    public static PgException cannotChangeRoutineKind(String name, boolean procedure) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot change routine kind")
                .withDetail("\"" + name + "\" is a " + (procedure ? "procedure." : "function."));
    }

    public static PgException routineDoesNotExist(boolean procedure, String signature) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION,
                (procedure ? "procedure " : "function ") + signature + " does not exist");
    }

    public static PgException routineSkipping(boolean procedure, String signature) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION,
                (procedure ? "procedure " : "function ") + signature + " does not exist, skipping")
                .withSeverity(Severity.NOTICE);
    }

    public static PgException noFunctionNamed(boolean procedure, String name) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION,
                "could not find a " + (procedure ? "procedure" : "function") + " named \"" + name + "\"");
    }

    public static PgException functionNameNotUnique(boolean procedure, String name) {
        return PgException.error(SqlState.AMBIGUOUS_FUNCTION,
                (procedure ? "procedure" : "function") + " name \"" + name + "\" is not unique")
                .withHint("Specify the argument list to select the " + (procedure ? "procedure" : "function")
                        + " unambiguously.");
    }

    public static PgException notAProcedure(String signature, int position) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, signature + " is not a procedure")
                .withHint("To call a function, use SELECT.").withPosition(position);
    }

    public static PgException isAProcedure(String signature, int position) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE, signature + " is a procedure")
                .withHint("To call a procedure, use CALL.").withPosition(position);
    }

    public static PgException procedureDoesNotExist(String signature, int position) {
        return PgException.error(SqlState.UNDEFINED_FUNCTION, "procedure " + signature + " does not exist")
                .withHint(PROCEDURE_HINT).withPosition(position);
    }

    public static PgException notAFunctionOfKind(String signature, boolean wantedProcedure) {
        return PgException.error(SqlState.WRONG_OBJECT_TYPE,
                signature + (wantedProcedure ? " is not a procedure" : " is not a function"));
    }

    public static String signature(String name, List<PgType> types) {
        StringBuilder sig = new StringBuilder(name).append('(');
        for (int i = 0; i < types.size(); i++) {
            sig.append(i == 0 ? "" : ", ").append(types.get(i).sqlName());
        }
        return sig.append(')').toString();
    }

    // System information functions (utils/adt/dbsize.c pg_size_bytes, acl.c convert_any_priv_string).
    public static PgException invalidSize(String text) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid size: \"" + text + "\"");
    }

    public static PgException invalidSizeUnit(String text, String unit) {
        return invalidSize(text).withDetail("Invalid size unit: \"" + unit + "\".")
                .withHint("Valid units are \"bytes\", \"kB\", \"MB\", \"GB\", \"TB\", and \"PB\".");
    }

    public static PgException unrecognizedPrivilege(String privilege) {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "unrecognized privilege type: \"" + privilege
                + "\"");
    }

    /** get_database_oid's error in a statement (not the FATAL of a connection to a missing database). */
    public static PgException unknownDatabase(String name) {
        return PgException.error(SqlState.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
    }

    public static PgException invalidForkName() {
        return PgException.error(SqlState.INVALID_PARAMETER_VALUE, "invalid fork name")
                .withHint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".");
    }

    public static PgException unknownTablespace(String name) {
        return PgException.error(SqlState.UNDEFINED_OBJECT, "tablespace \"" + name + "\" does not exist");
    }

    /** pg_tablespace_location of an oid no tablespace has: there is no pg_tblspc entry to stat. */
    public static PgException tablespaceEntryMissing(long oid) {
        return PgException.error(SqlState.UNDEFINED_FILE, "could not stat file \"pg_tblspc/" + oid
                + "\": No such file or directory");
    }
}
