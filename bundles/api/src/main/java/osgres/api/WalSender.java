package osgres.api;

import java.util.List;

/**
 * The walsender (osgres.walsender; PostgreSQL's walsender.c and backup/): what a backend becomes when its client
 * asked for {@code replication=true}. The backend keeps the connection, authentication, the message loop, signals
 * and ReadyForQuery (PostgresMain); each simple Query goes to {@link WalSenderSession#execute}, which answers the
 * replication command grammar (IDENTIFY_SYSTEM, SHOW, slots, START_REPLICATION, BASE_BACKUP...) through the
 * {@link ReplicationConnection}. The backend holds these services dynamically and uses the one of the highest
 * bundle version: without any a replication connection is refused; a session opened on one instance ends when that
 * instance goes away (restart, crash reset) or is retired by a newer version (hot swap), so its client reconnects.
 */
public interface WalSender {

    /** A new walsender for one authenticated replication connection. */
    WalSenderSession open(ReplicationConnection connection);

    /** Every walsender running now, for pg_stat_replication (pg_stat_get_wal_senders). */
    List<WalSenderStatus> senders();

    /**
     * A newer version of the walsender bundle took over (hot swap): this one opens no more sessions, and each of
     * its sessions ends at its next command or wake-up with FATAL 57P01, so its client reconnects to the new one.
     */
    void retire();
}
