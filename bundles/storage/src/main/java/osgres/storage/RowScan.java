package osgres.storage;

import java.util.Iterator;

/** Visible rows of a scan, in physical or index order; close it to release pins. */
public interface RowScan extends Iterator<RowVersion>, AutoCloseable {
    @Override
    void close();
}
