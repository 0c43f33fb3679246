package osgres.storage.internal.core;

/**
 * A relation's file: {@code base/<databaseOid>/<relfilenode>} (extended page by page, 8 KB each), or
 * {@code global/<relfilenode>} when {@code databaseOid} is 0 (shared catalogs such as pg_database). A temporary
 * table's files (PostgreSQL's RelFileNodeBackend with a backend id) carry the owning backend's pid in
 * {@code tempBackend} and are named {@code base/<databaseOid>/t<pid>_<relfilenode>}: they are never WAL-logged, and
 * every such file left on disk is removed at startup (RemovePgTempRelationFiles). {@code tempBackend} is
 * {@link #PERMANENT} for every other relation.
 */
public record RelFile(int databaseOid, int relfilenode, int tempBackend) {

    /** The {@code tempBackend} of a permanent relation (InvalidBackendId). */
    public static final int PERMANENT = -1;

    /** A permanent relation's file. */
    public RelFile(int databaseOid, int relfilenode) {
        this(databaseOid, relfilenode, PERMANENT);
    }

    /** A temporary table's (or its index's or TOAST relation's) file: not WAL-logged, gone after a restart. */
    public boolean isTemporary() {
        return tempBackend != PERMANENT;
    }

    // equals and hashCode written out: every buffer lookup compares tags, and the record's generated ones go
    // through method handles that showed in profiles of index scans

    @Override
    public boolean equals(Object o) {
        return o instanceof RelFile r && r.relfilenode == relfilenode && r.databaseOid == databaseOid
                && r.tempBackend == tempBackend;
    }

    @Override
    public int hashCode() {
        return (databaseOid * 31 + relfilenode) * 31 + tempBackend;
    }
}
