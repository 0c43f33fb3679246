package osgres.api;

import java.io.IOException;
import java.util.Optional;

/**
 * What a backend gives its walsender: the client's identity, the protocol messages a replication command
 * answers with, and, while streaming (CopyBoth), the client's messages. Output is buffered until {@link #flush()}.
 * Implemented by osgres.backend.
 */
public interface ReplicationConnection {

    /** A message from the client: its type byte and body. */
    record Message(char type, byte[] body) {
    }

    /** A column of a result set: text (25), int4 (23), int8 (20), oid (26), with PostgreSQL's typlen. */
    record ResultColumn(String name, int typeOid, short typeSize, int typeModifier) {
    }

    int pid();

    String user();

    String applicationName();

    /** The client's IP address, null on a Unix socket. */
    String clientAddress();

    /** The client's TCP port, -1 on a Unix socket. */
    int clientPort();

    /** A server-level setting in SHOW's display form, empty for an unknown name. */
    Optional<String> setting(String name);

    void rowDescription(java.util.List<ResultColumn> columns);

    /** A DataRow of text values, null for NULL. */
    void dataRow(String... values);

    void commandComplete(String tag);

    /** CopyOutResponse ({@code H}) or CopyBothResponse ({@code W}), overall format text, no columns. */
    void copyResponse(char type);

    void copyData(byte[] data);

    void copyDone();

    void notice(PgException notice);

    /** Sends what is buffered; an IOException when the client is gone. */
    void flush() throws IOException;

    /**
     * The next message from the client (length-checked, at most 1 MB of body), or null at end of input. Blocks;
     * while streaming it is called from a reader thread of the walsender's own.
     */
    Message readMessage() throws IOException;

    /**
     * proc_exit(0) without a word to the client (its EOF or Terminate while streaming): throws an unchecked
     * exception the backend unwinds with; never returns.
     */
    RuntimeException endSession();

    /** CHECK_FOR_INTERRUPTS: throws the FATAL of a pending terminate, or 57014 for a cancel. */
    void checkForInterrupts();

    /** pg_stat_activity's state and query for this walsender. */
    void reportActivity(String state, String query);
}
