/*
 * An engine-wide counter bumped by every DDL statement, commit or abort that changed the catalog, and
 * by a storage rebind. A cached plan whose version is current is used without looking at the catalog; a
 * stale one re-reads its tables' TableDefs and is re-planned only if one of them differs (PostgreSQL's
 * plancache.c invalidation, reduced to one counter).
 */
package osgres.sql.internal;

import java.util.concurrent.atomic.AtomicLong;

final class CatalogVersion {
    private static final AtomicLong VERSION = new AtomicLong();

    private CatalogVersion() {
    }

    static long current() {
        return VERSION.get();
    }

    static void bump() {
        VERSION.incrementAndGet();
    }
}
