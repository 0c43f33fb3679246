/*
 * A planned SELECT (PostgreSQL's Query after the planner, much reduced): FROM items in join order, each
 * with its access path (sequential scan, B-tree index scan with bounds computed per execution, or
 * generate_series), the join kind and condition; then WHERE, grouping with aggregates, HAVING, the
 * target list (hidden sort keys after the visible columns), DISTINCT, ORDER BY, LIMIT and OFFSET.
 * Plans are immutable and hold no per-execution state; Executor runs them. No hash or merge joins, no
 * cost model beyond "use an index on the leading key column when a predicate allows it".
 */
package osgres.sql.internal;

import java.util.List;

import osgres.storage.IndexDef;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.TableDef;

record SelectPlan(List<FromNode> from, int width, Expr where, List<Expr> groupBy, List<Aggregate> aggregates,
                  boolean grouped, Expr having, List<Expr> targets, List<String> names, int visibleCount,
                  List<SortKey> orderBy, boolean distinct, Expr limit, Expr offset, RowMarks rowMarks) {

    /**
     * SELECT's locking clause (PlanRowMark + LockRows): every table row of an output row is locked with
     * {@code strength} after the sort and before LIMIT, re-checked against the quals when it moved (EvalPlanQual).
     */
    record RowMarks(RowLockStrength strength, LockWaitPolicy policy) {
    }

    enum JoinKind { INNER, LEFT }

    /** One FROM item, its columns at {@code offset} in the joined row. */
    record FromNode(Source source, JoinKind kind, Expr condition, int offset, int width) {
    }

    sealed interface Source {
    }

    /** A table read through {@code path}. */
    record TableSource(TableDef table, AccessPath path) implements Source {
    }

    /** generate_series(start, stop[, step]) over int4/int8/numeric. */
    record SeriesSource(Expr start, Expr stop, Expr step, PgType type) implements Source {
    }

    /** A system view's rows, produced when the scan opens. */
    record ViewSource(SystemViews.View view) implements Source {
    }

    /** A table-free FROM-less SELECT's single empty row. */
    record OneRow() implements Source {
    }

    sealed interface AccessPath {
    }

    record SeqScan() implements AccessPath {
    }

    /**
     * An index range scan; {@code lower}/{@code upper} hold one expression per leading key column (null arrays
     * mean unbounded), evaluated per execution (they may reference parameters or outer join columns).
     */
    record IndexScan(IndexDef index, Expr[] lower, boolean lowerInclusive, Expr[] upper, boolean upperInclusive)
            implements AccessPath {
    }

    enum AggKind { COUNT_STAR, COUNT, SUM, AVG, MIN, MAX }

    /** An aggregate call: {@code argType} is the input's type, {@code type} the result's (PostgreSQL's). */
    record Aggregate(AggKind kind, Expr argument, PgType argType, PgType type, boolean distinct) {
    }

    /** An ORDER BY key: a column of the projected row. */
    record SortKey(int column, PgType type, boolean descending, boolean nullsFirst) {
    }
}
