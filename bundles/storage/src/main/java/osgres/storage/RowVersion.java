package osgres.storage;

/**
 * A visible row: where it lives, its values (in the table's column order) and its header's transaction fields, as
 * the system columns xmin, xmax, cmin and cmax show them (0 where a source has none: a row made up in memory).
 */
public record RowVersion(Tid tid, Object[] values, long xmin, long xmax, int cmin, int cmax) {
    public RowVersion(Tid tid, Object[] values) {
        this(tid, values, 0, 0, 0, 0);
    }
}
