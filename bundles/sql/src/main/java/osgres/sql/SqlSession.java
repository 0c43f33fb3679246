package osgres.sql;

import java.util.List;
import java.util.Map;

import osgres.api.PgException;

/**
 * One backend's SQL state: session GUCs (SET, startup-packet options), the transaction block, and the
 * parse cache. Used by one thread at a time (the backend's); a cancel reaches it through {@link Interrupts}.
 *
 * <p>Transactions: statements run in an implicit transaction until {@link #sync()} (end of a simple Query
 * message, or a Sync), unless BEGIN opened a block. An error inside a block leaves it failed: every
 * statement but COMMIT/ROLLBACK then gets 25P02 until the block ends.
 */
public interface SqlSession extends AutoCloseable {

    /**
     * Applies a parameter from the startup packet (after authentication). Throws FATAL-worthy errors as
     * {@link PgException} (42704 unknown, 22023 bad value, 55P02 wrong context); the backend sends them as FATAL.
     */
    void setStartupParameter(String name, String value);

    /** Current values of the GUC_REPORT parameters, in ParameterStatus order. */
    Map<String, String> reportedParameters();

    /** GUC_REPORT parameters whose value changed since the last call (SET, RESET, rollback, reload). */
    Map<String, String> takeChangedParameters();

    /** Simple Query: splits the string into statements (an empty string gives an empty list). */
    List<Statement> parseSimple(String sql);

    /** Parse message: exactly one statement (or an empty one); {@code parameterTypes} may hold zeros. */
    Statement prepare(String sql, int[] parameterTypes);

    /**
     * Bind: decodes parameters (22P02 on bad text), expands format codes (0 or 1 or one per column).
     */
    Portal bind(Statement statement, List<byte[]> parameters, short[] parameterFormats, short[] resultFormats);

    /**
     * The result columns of the SQL cursor {@code name} (made by DECLARE), which a Describe of that portal
     * answers as PostgreSQL's (one portal namespace there); null when the session has no such cursor.
     */
    default List<Column> cursorColumns(String name) {
        return null;
    }

    /** True when the SQL cursor {@code name} is BINARY (its columns are sent in binary). */
    default boolean cursorBinary(String name) {
        return false;
    }

    /** Ends the implicit transaction (Sync or end of a simple Query). */
    void sync();

    /** ReadyForQuery status: {@code 'I'} idle, {@code 'T'} in a block, {@code 'E'} in a failed block. */
    char transactionStatus();

    /**
     * Notices raised by the last statements (e.g. WARNING there is no transaction in progress), when the session
     * has no {@link SessionSetup#notices() sink} that sends them at once.
     */
    List<PgException> takeNotices();

    /** The current {@code log_statement}, {@code log_min_duration_statement}, {@code log_duration} settings. */
    StatementLogging statementLogging();

    /** Re-reads server-level settings after a reload, keeping session overrides. */
    void reloadSettings();

    /** Rolls back whatever is open and frees the session. */
    @Override
    void close();

    /**
     * quickdie: frees the session without touching storage. The open transaction and its locks die with the
     * shared-memory generation (crash reset, immediate shutdown); rolling back here would release locks that
     * other backends, not yet told to quit, could then take and commit behind.
     */
    default void abandon() {
        close();
    }
}
