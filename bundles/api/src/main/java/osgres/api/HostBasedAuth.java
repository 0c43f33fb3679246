package osgres.api;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * pg_hba.conf (osgres.config): the first record matching the connection type, database, user and
 * address decides the authentication method. Reloaded with the configuration on SIGHUP; a broken file on
 * reload logs {@code pg_hba.conf was not reloaded} and keeps the old rules.
 */
public interface HostBasedAuth {

    /**
     * A matched record: method ({@code trust}, {@code reject}, {@code password}, {@code md5}...), its line, and
     * its options ({@code clientcert=verify-full}, {@code map=...}) as written.
     */
    record Match(String method, int lineNumber, String rawLine, Map<String, String> options) {

        public Match(String method, int lineNumber, String rawLine) {
            this(method, lineNumber, rawLine, Map.of());
        }

        /**
         * hba.c's clientcert: {@code verify-ca} or {@code verify-full} as given, {@code verify-full} for the
         * {@code cert} method, else {@code off}.
         */
        public String clientCert() {
            if (method.equals("cert")) {
                return "verify-full";
            }
            return options.getOrDefault("clientcert", "off");
        }
    }

    /**
     * @param local   true for a Unix-domain socket connection
     * @param ssl     the connection is encrypted with TLS: {@code hostssl} records match only then,
     *                {@code hostnossl} only otherwise
     * @param address client address for TCP, null for local
     * @return the first matching record, or empty when none matches (the caller reports 28000
     *         {@code no pg_hba.conf entry for host ...})
     */
    Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database, String user,
                          Membership membership);

    /**
     * Role membership by name, as {@code +role} in the user field and {@code samerole} in the database field ask it
     * (hba.c is_member: a member directly or through other roles, superuser or not).
     */
    @FunctionalInterface
    interface Membership {
        /** Without a role catalog: a role is a member of itself only. */
        Membership SELF = String::equals;

        boolean isMember(String user, String role);
    }

    /** Without a role catalog to ask about {@code +role} and {@code samerole}. */
    default Optional<Match> match(boolean local, boolean ssl, InetAddress address, String database, String user) {
        return match(local, ssl, address, database, user, Membership.SELF);
    }

    /** A connection without TLS. */
    default Optional<Match> match(boolean local, InetAddress address, String database, String user) {
        return match(local, false, address, database, user);
    }
}
