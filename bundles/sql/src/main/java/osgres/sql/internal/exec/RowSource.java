/*
 * The executor's iterator (PostgreSQL's ExecProcNode pull model): each call returns the next result row
 * as Java values, or null at the end. A portal keeps its RowSource between Execute messages, which is
 * what makes suspension (row limits) work. Plan nodes (PlanExecutor) are RowSources; so are the lists of rows
 * utility commands and RETURNING produce.
 */
package osgres.sql.internal.exec;

import java.util.Iterator;
import java.util.List;

@FunctionalInterface
public interface RowSource {

    Object[] next();

    /** Releases scans still open (RowScan pins); safe to call more than once. */
    default void close() {
    }

    static RowSource of(List<Object[]> rows) {
        Iterator<Object[]> it = rows.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }
}
