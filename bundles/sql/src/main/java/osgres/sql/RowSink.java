package osgres.sql;

/** Receives result rows: each value encoded in its column's format, null for SQL NULL. */
@FunctionalInterface
public interface RowSink {
    void row(byte[][] values);
}
