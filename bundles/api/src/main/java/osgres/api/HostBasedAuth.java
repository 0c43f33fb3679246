package osgres.api;

import java.net.InetAddress;
import java.util.Optional;

/**
 * pg_hba.conf (osgres.config): the first record matching the connection type, database, user and
 * address decides the authentication method. Reloaded with the configuration on SIGHUP; a broken file on
 * reload logs {@code pg_hba.conf was not reloaded} and keeps the old rules.
 */
public interface HostBasedAuth {

    /** A matched record: method ({@code trust}, {@code reject}, {@code password}, {@code md5}...) and its line. */
    record Match(String method, int lineNumber, String rawLine) {
    }

    /**
     * @param local   true for a Unix-domain socket connection
     * @param address client address for TCP, null for local
     * @return the first matching record, or empty when none matches (the caller reports 28000
     *         {@code no pg_hba.conf entry for host ...})
     */
    Optional<Match> match(boolean local, InetAddress address, String database, String user);
}
