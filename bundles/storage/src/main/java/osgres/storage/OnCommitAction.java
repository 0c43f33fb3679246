package osgres.storage;

/**
 * What a temporary table does at the end of each transaction that commits (CREATE TEMP TABLE ... ON COMMIT,
 * PostgreSQL's OnCommitAction): keep its rows (the default), lose them (every commit empties it), or be dropped
 * by the commit of the transaction that created it.
 */
public enum OnCommitAction {
    PRESERVE_ROWS,
    DELETE_ROWS,
    DROP
}
