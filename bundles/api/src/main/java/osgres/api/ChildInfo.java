package osgres.api;

import java.time.Instant;

/**
 * One row of the postmaster's child table, as {@code osgres:ps} and {@code pg_stat_activity} show it.
 *
 * @param pid        the pid the postmaster allocated (what clients see in BackendKeyData)
 * @param kind       what the child is
 * @param started    when it started
 * @param state      for backends {@code active}, {@code idle}, {@code idle in transaction}...; else {@code running}
 * @param user       session user, empty for auxiliary processes and before authentication
 * @param database   database name, empty likewise
 * @param client     client address ({@code 127.0.0.1:43210}, {@code [local]}), empty for auxiliary processes
 * @param query      the current or last query, empty if none
 * @param bundle     for an auxiliary process, the bundle running it ({@code osgres.bgwriter 0.1.2}); else empty
 */
public record ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                        String client, String query, String bundle) {

    /** A child without a bundle to show (a backend). */
    public ChildInfo(int pid, ChildKind kind, Instant started, String state, String user, String database,
                     String client, String query) {
        this(pid, kind, started, state, user, database, client, query, "");
    }
}
