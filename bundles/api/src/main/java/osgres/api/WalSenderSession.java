package osgres.api;

/** One walsender: the replication commands of one connection, and what it holds (slots, a backup). */
public interface WalSenderSession extends AutoCloseable {

    /**
     * Whether {@code query}'s first token is one of the replication command keywords (repl_scanner.l); anything
     * else is SQL, which a physical walsender refuses (0A000).
     */
    boolean isReplicationCommand(String query);

    /**
     * exec_replication_command: runs one command, its results (and any COPY) sent through the connection, ended
     * by its CommandComplete; errors as PgException (the backend reports them and sends ReadyForQuery).
     */
    void execute(String command);

    /** The session ends: temporary slots are dropped, the others released (ReplicationSlotCleanup). */
    @Override
    void close();
}
