/*
 * A session's view of one catalog relation's rows (the syscache of PostgreSQL, for a relation the SQL layer keeps):
 * built from the rows visible to the session's transaction, and built again whenever the catalog version moved
 * (every DDL commit or abort bumps it) or the transaction changed. What the rows become (maps by name, by types) is
 * the owner's; this class only decides when to read them again.
 */
package osgres.sql.internal.session;

import java.util.List;
import java.util.function.Function;

import osgres.storage.RowVersion;
import osgres.storage.Transaction;

final class CatalogCache<T> {
    private final SqlSessionImpl session;
    private final CatalogRelation relation;
    private final Function<List<RowVersion>, T> build;
    private long loadedVersion = -1;
    private Transaction loadedIn;
    private T value;

    CatalogCache(SqlSessionImpl session, CatalogRelation relation, Function<List<RowVersion>, T> build) {
        this.session = session;
        this.relation = relation;
        this.build = build;
    }

    /** The rows as the owner keeps them, current for the session's transaction and catalog version. */
    T get() {
        long version = session.catalogVersion();
        Transaction tx = session.transaction();
        if (value == null || version != loadedVersion || tx != loadedIn) {
            value = build.apply(relation.rows(tx));
            // a version that moved while we read is read again next time
            loadedVersion = Math.min(version, session.snapshotCatalogVersion());
            loadedIn = tx;
        }
        return value;
    }
}
