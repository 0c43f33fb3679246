package osgres.api;

import java.util.List;

/**
 * The walsender (osgres.walsender; PostgreSQL's walsender.c and backup/): what a backend becomes when its client
 * asked for {@code replication=true}. The backend keeps the connection, authentication, the message loop, signals
 * and ReadyForQuery (PostgresMain); each simple Query goes to {@link WalSenderSession#execute}, which answers the
 * replication command grammar (IDENTIFY_SYSTEM, SHOW, slots, START_REPLICATION, BASE_BACKUP...) through the
 * {@link ReplicationConnection}. The backend holds this service dynamically: without it a replication connection
 * is refused, and a session opened on one instance ends when that instance goes away (restart, hot swap, crash
 * reset), so its client reconnects.
 */
public interface WalSender {

    /** A new walsender for one authenticated replication connection. */
    WalSenderSession open(ReplicationConnection connection);

    /** Every walsender running now, for pg_stat_replication (pg_stat_get_wal_senders). */
    List<WalSenderStatus> senders();
}
