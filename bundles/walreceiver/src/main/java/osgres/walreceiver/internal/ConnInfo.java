package osgres.walreceiver.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed libpq connection string (conninfo_parse / conninfo_uri_parse in fe-connect.c): the options the string
 * set, in the order it set them, a later setting of the same keyword replacing an earlier one. Only PostgreSQL 15's
 * libpq keywords are accepted; which of them the walreceiver acts on is {@link ReplicationConnection}'s business.
 */
record ConnInfo(Map<String, String> options) {
    /** PostgreSQL 15 libpq's connection options (PQconninfoOptions). */
    static final Set<String> KEYWORDS = Set.of("service", "user", "password", "passfile", "channel_binding",
            "connect_timeout", "dbname", "host", "hostaddr", "port", "client_encoding", "options", "tty",
            "application_name", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "sslmode", "sslcompression", "sslcert", "sslkey", "sslpassword",
            "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "gssencmode", "krbsrvname", "gsslib", "replication", "target_session_attrs");

    ConnInfo {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The option's value, or null when the string did not set it. */
    String get(String keyword) {
        return options.get(keyword);
    }

    /** The option's value, or {@code fallback} when the string did not set it or set it empty. */
    String get(String keyword, String fallback) {
        String value = options.get(keyword);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** These options with {@code keyword} set to {@code value}. */
    ConnInfo with(String keyword, String value) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(keyword, value);
        return new ConnInfo(copy);
    }
}
