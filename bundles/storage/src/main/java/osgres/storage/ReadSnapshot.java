package osgres.storage;

/**
 * A statement's MVCC snapshot kept by the SQL layer to read with later in the same transaction: a cursor's
 * query reads as of its DECLARE (PostgreSQL's registered snapshot of a portal), not as of each FETCH. Opaque;
 * only the transaction that gave it out can read with it.
 */
public interface ReadSnapshot {
}
