/*
 * The executor's iterator (PostgreSQL's ExecProcNode pull model): each call returns the next result row
 * as Java values, or null at the end. A portal keeps its RowSource between Execute messages, which is
 * what makes suspension (row limits) work. Today the only source is a table-free SELECT's single row;
 * scans, joins and sorts over storage plug in here.
 */
package osgres.sql.internal;

import java.util.Iterator;
import java.util.List;

@FunctionalInterface
interface RowSource {

    Object[] next();

    /** Releases scans still open (RowScan pins); safe to call more than once. */
    default void close() {
    }

    static RowSource of(List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }

    /** A table-free SELECT: at most one row, filtered by WHERE, LIMIT and OFFSET, evaluated when pulled. */
    static RowSource result(Analyzer.Query query, ExecContext ctx) {
        boolean[] done = {false};
        return () -> {
            if (done[0]) {
                return null;
            }
            done[0] = true;
            if (query.offset() > 0 || query.limit() == 0) {
                return null;
            }
            if (query.where() != null && !Boolean.TRUE.equals(query.where().eval(ctx))) {
                return null;
            }
            List<Expr> targets = query.targets();
            Object[] row = new Object[targets.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = targets.get(i).eval(ctx);
            }
            return row;
        };
    }
}
