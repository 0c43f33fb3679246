package osgres.storage.internal.core;

/**
 * A relation's file: {@code base/<databaseOid>/<relfilenode>} (extended page by page, 8 KB each), or
 * {@code global/<relfilenode>} when {@code databaseOid} is 0 (shared catalogs such as pg_database).
 */
public record RelFile(int databaseOid, int relfilenode) {
}
