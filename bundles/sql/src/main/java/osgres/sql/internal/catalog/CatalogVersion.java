/*
 * An engine-wide counter bumped by every DDL statement, commit or abort that changed the catalog, and
 * by a storage rebind. A cached plan whose version is current is used without looking at the catalog; a
 * stale one re-reads its tables' TableDefs and is re-planned only if one of them differs (PostgreSQL's
 * plancache.c invalidation, reduced to one counter).
 */
package osgres.sql.internal.catalog;

import java.util.concurrent.atomic.AtomicLong;

public final class CatalogVersion {
    private static final AtomicLong VERSION = new AtomicLong();

    private CatalogVersion() {
    }

    public static long current() {
        return VERSION.get();
    }

    public static void bump() {
        VERSION.incrementAndGet();
    }
}
