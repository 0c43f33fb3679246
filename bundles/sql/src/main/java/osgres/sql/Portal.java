package osgres.sql;

import java.util.List;

/** A statement bound to parameter values, ready to run (possibly in several Execute steps). */
public interface Portal {

    Statement statement();

    /** Result columns (empty for no rows); the backend sends them with {@link #resultFormats()}. */
    List<Column> columns();

    /** One format code per column (0 text, 1 binary), already expanded from the Bind message. */
    short[] resultFormats();

    /**
     * Runs the portal, handing each row to {@code sink} with values already encoded in the result
     * formats (null for SQL NULL). Stops after {@code maxRows} rows when {@code maxRows > 0}.
     *
     * @throws osgres.api.PgException on error (the session has then marked its transaction failed)
     */
    ExecutionResult execute(int maxRows, RowSink sink);

    /**
     * Non-null when the portal is a {@code COPY ... FROM STDIN}: the backend runs the copy-in sub-protocol
     * instead of {@link #execute}.
     */
    CopyIn copyIn();

    /** Non-null when the portal is a {@code COPY ... TO STDOUT}: the backend runs the copy-out sub-protocol. */
    CopyOut copyOut();

    /**
     * The bound parameters as the statement log shows them (BuildParamLogString): {@code $1 = '42', $2 = NULL},
     * each value in its text form with quotes doubled; empty when there are none.
     */
    String parameterLogText();

    /** Releases what the portal holds. */
    void close();
}
