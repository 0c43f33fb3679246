package osgres.api;

import java.util.Optional;

/**
 * What the postmaster gives a backend child: its identity, the state-based refusal decided at accept
 * time (canAcceptConnections), and the connection slots (PGPROC array). Implemented by osgres.postmaster.
 */
public interface BackendEnvironment {

    int pid();

    /** Random 32-bit secret for BackendKeyData / CancelRequest. */
    int cancelKey();

    /**
     * The refusal to send right after the startup packet (57P03 "the database system is starting up",
     * "... is shutting down", "... is in recovery mode", or the coarse 53300 guard), or empty. Special
     * requests (SSL, GSS, cancel) are still served before it.
     */
    Optional<PgException> refusal();

    /**
     * InitProcess: takes one of the {@code max_connections} slots, or throws FATAL 53300
     * {@code sorry, too many clients already}. Called before authentication; the slot is released when
     * the child exits.
     */
    void acquireConnectionSlot();

    /**
     * InitProcess for a walsender: takes one of the {@code max_wal_senders} slots instead of a client one (the
     * slot {@link #acquireConnectionSlot()} took is given back), or throws FATAL 53300 {@code number of requested
     * standby connections exceeds max_wal_senders (currently %d)}; from then on the child shows as a walsender.
     */
    default void becomeWalSender() {
        throw PgException.fatal(SqlState.TOO_MANY_CONNECTIONS,
                "number of requested standby connections exceeds max_wal_senders (currently 0)");
    }

    /**
     * After authentication: throws FATAL 53300 {@code remaining connection slots are reserved for
     * non-replication superuser connections} when a non-superuser would use one of the
     * {@code superuser_reserved_connections}.
     */
    void checkReservedConnections(boolean superuser);

    /** Why SIGQUIT was sent, read by the backend's quickdie. */
    QuitReason quitReason();

    /** The session's identity once authenticated (for {@code osgres:ps} and log lines). */
    void reportSession(String user, String database, String applicationName);

    /** After the TLS handshake: what {@code pg_stat_ssl} shows for this backend. */
    default void reportSsl(SslStatus ssl) {
    }

    /** The session's state ({@code idle}, {@code active}, {@code idle in transaction}...) and current query. */
    void reportActivity(String state, String query);

    PostmasterControl postmaster();
}
