package osgres.api;

import java.time.Instant;

/**
 * One row of the postmaster's child table, as {@code osgres:ps} and {@code pg_stat_activity} show it.
 *
 * @param pid             the pid the postmaster allocated (what clients see in BackendKeyData)
 * @param kind            what the child is
 * @param started         when it started ({@code backend_start})
 * @param state           for backends {@code active}, {@code idle}, {@code idle in transaction}...; else
 *                        {@code running}
 * @param user            session user, empty for auxiliary processes and before authentication
 * @param database        database name, empty likewise
 * @param client          client address ({@code 127.0.0.1:43210}, {@code [local]}), empty for auxiliary processes
 * @param query           the current or last query, empty if none
 * @param bundle          for an auxiliary process, the bundle running it ({@code osgres.bgwriter 0.1.2}); else empty
 * @param applicationName the session's {@code application_name}, empty if none
 * @param clientAddress   the client's IP address, null on a Unix socket and for auxiliary processes
 * @param clientPort      the client's TCP port, -1 on a Unix socket, null for auxiliary processes
 * @param xactStart       when the backend's current transaction started, null outside a transaction
 * @param queryStart      when the current (or last) query started, null before the first
 * @param stateChange     when {@code state} last changed, null before the first report
 * @param ssl             the backend's TLS connection ({@code pg_stat_ssl}), null when it does not use TLS
 */
public record ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                        String client, String query, String bundle, String applicationName, String clientAddress,
                        Integer clientPort, Instant xactStart, Instant queryStart, Instant stateChange,
                        SslStatus ssl) {

    /** A child without TLS. */
    public ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                     String client, String query, String bundle, String applicationName, String clientAddress,
                     Integer clientPort, Instant xactStart, Instant queryStart, Instant stateChange) {
        this(pid, kind, started, state, user, database, client, query, bundle, applicationName, clientAddress,
                clientPort, xactStart, queryStart, stateChange, null);
    }

    /** A child without activity details to show (tests, and an auxiliary process with its bundle). */
    public ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                     String client, String query, String bundle) {
        this(pid, kind, started, state, user, database, client, query, bundle, "", null, null, null, null, null);
    }

    /** A child without a bundle or activity details to show. */
    public ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                     String client, String query) {
        this(pid, kind, started, state, user, database, client, query, "");
    }
}
