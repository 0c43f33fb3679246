package osgres.backend.internal;

import java.util.Set;

/**
 * The databases a client may connect to (postinit.c's lookup in pg_database). There is no catalog yet:
 * this fixed list stands in for it, and is the one place a storage catalog lookup replaces.
 */
final class KnownDatabases {
    private static final Set<String> NAMES = Set.of("postgres", "template1");

    private KnownDatabases() {
    }

    static boolean exists(String database) {
        return NAMES.contains(database);
    }
}
