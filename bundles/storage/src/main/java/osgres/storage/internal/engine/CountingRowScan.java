package osgres.storage.internal.engine;

import java.util.concurrent.atomic.LongAdder;

import osgres.storage.RowScan;
import osgres.storage.RowVersion;

/**
 * A scan that counts the rows it returns into a table's {@code seq_tup_read} or {@code idx_tup_fetch}, once, when
 * it is closed (pgstat_count_heap_getnext / pgstat_count_heap_fetch, added in one go to keep the adder off the
 * per-row path).
 */
final class CountingRowScan implements RowScan {
    private final RowScan scan;
    private final LongAdder rows;
    private long returned;

    CountingRowScan(RowScan scan, LongAdder rows) {
        this.scan = scan;
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        return scan.hasNext();
    }

    @Override
    public RowVersion next() {
        RowVersion row = scan.next();
        returned++;
        return row;
    }

    @Override
    public void close() {
        if (returned > 0) {
            rows.add(returned);
            returned = 0;
        }
        scan.close();
    }
}
