package osgres.storage;

/** A visible row: where it lives and its values (in the table's column order). */
public record RowVersion(Tid tid, Object[] values) {
}
