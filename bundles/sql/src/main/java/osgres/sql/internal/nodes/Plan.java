/*
 * The plan tree, PostgreSQL's plannodes.h: how to compute a query, made by the Planner from a Query and run by
 * PlanExecutor. Every node produces rows (Object[]) of {@code width} columns; its expressions are already
 * resolved against its input rows (ColumnRef indexes; for a join, the outer row's columns then the inner's), and
 * values from outside the node (correlation, nested-loop parameters) are ExecParams. {@code rows} and {@code cost}
 * are the planner's estimates, shown by EXPLAIN. Plans are immutable and shared by executions.
 */
package osgres.sql.internal.nodes;

import java.util.List;

import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.utils.PgType;
import osgres.storage.BufferUsage;
import osgres.storage.IndexDef;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.TableDef;

public sealed interface Plan {

    int width();

    /**
     * Does a plan (or any node, expression or subplan below it) read an ExecParam: a value set from outside it, by
     * an enclosing query level or a nested loop, that can differ between its executions?
     */
    static boolean readsParams(Object node) {
        return readsParams(node, cte -> false);
    }

    /** As above, where a scan of a WITH query that {@code correlatedCte} names reads parameters too. */
    static boolean readsParams(Object node, java.util.function.IntPredicate correlatedCte) {
        return any(node, n -> n instanceof Expr.ExecParam || n instanceof CteScan s && correlatedCte.test(s.cte()));
    }

    /** Does {@code node} or any node, expression or subplan below it satisfy {@code test}? */
    static boolean any(Object node, java.util.function.Predicate<Object> test) {
        return switch (node) {
            case null -> false;
            case Object n when test.test(n) -> true;
            case List<?> list -> {
                for (Object o : list) {
                    if (any(o, test)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Object[] array -> any(java.util.Arrays.asList(array), test);
            case Record r when r.getClass().getName().startsWith("osgres.sql.internal.") -> {
                for (java.lang.reflect.RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        java.lang.reflect.Method m = c.getAccessor();
                        m.setAccessible(true);
                        if (any(m.invoke(r), test)) {
                            yield true;
                        }
                    } catch (ReflectiveOperationException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    /** Estimated rows out. */
    double rows();

    /** Estimated total cost, in PostgreSQL's units (a sequential page read is 1.0). */
    double cost();

    /**
     * A sequential scan of {@code table}; {@code filter} over the table's row. {@code columns} (null for a plain
     * scan, whose row is the table's, followed by its ctid when one column wider) says how a member of an
     * inheritance tree, or a scan that reads tableoid, builds its row.
     */
    /**
     * {@code decoded}: the table's columns the plan reads (null: all); the scan leaves the others null. Not used
     * with {@code columns} (an inheritance member's row).
     */
    record SeqScan(TableDef table, String alias, Expr filter, int width, double rows, double cost,
                   ScanColumns columns, boolean[] decoded) implements Plan {
        public SeqScan(TableDef table, String alias, Expr filter, int width, double rows, double cost) {
            this(table, alias, filter, width, rows, cost, null, null);
        }

        public SeqScan(TableDef table, String alias, Expr filter, int width, double rows, double cost,
                       ScanColumns columns) {
            this(table, alias, filter, width, rows, cost, columns, null);
        }
    }

    /**
     * The row of a scan of an inheritance member: for each column of the parent its position in the member's row
     * ({@code map}), then the ctid if {@code tid} (a {@link MemberTid} naming the member table when {@code member}),
     * then the other system columns the query reads ({@code system}: xmin, cmin, xmax, cmax, tableoid), in order.
     */
    record ScanColumns(int[] map, boolean tid, boolean member, List<Query.SystemColumn> system) {
    }

    /** The ctid of a row read through an inheritance parent: the member table it is in, and where. */
    record MemberTid(TableDef table, osgres.storage.Tid tid) {
        /** As the ctid it is (tid output prints a value's text: RETURNING ctid of a partitioned UPDATE). */
        @Override
        public String toString() {
            return tid.toString();
        }
    }

    /**
     * A B-tree index range scan: {@code lower}/{@code upper} bounds on the leading key columns (null: unbounded),
     * evaluated per (re)scan; {@code indexCond} is what they came from (for EXPLAIN), {@code filter} the rest.
     * {@code indexOnly}: the query needs no column outside the index (PostgreSQL's Index Only Scan); with no
     * visibility map here every entry is still checked against its heap row (each one a heap fetch).
     */
    record IndexScan(TableDef table, IndexDef index, String alias, Expr[] lower, boolean lowerInclusive, Expr[] upper,
                     boolean upperInclusive, Expr indexCond, Expr filter, int width, double rows, double cost,
                     boolean indexOnly) implements Plan {
        IndexScan(TableDef table, IndexDef index, String alias, Expr[] lower, boolean lowerInclusive, Expr[] upper,
                  boolean upperInclusive, Expr indexCond, Expr filter, int width, double rows, double cost) {
            this(table, index, alias, lower, lowerInclusive, upper, upperInclusive, indexCond, filter, width, rows,
                    cost, false);
        }
    }

    record ValuesScan(List<List<Expr>> values, Expr filter, int width, double rows, double cost) implements Plan {
    }

    /** A set-returning function's rows, plus a row number when {@code ordinality}. */
    record FunctionScan(Expr.SetFunction function, String alias, boolean ordinality, Expr filter, int width,
                        double rows, double cost) implements Plan {
    }

    /** A system view's rows. */
    record ViewScan(SystemViews.View view, String alias, Expr filter, int width, double rows, double cost)
            implements Plan {
    }

    /** A subquery in FROM: its plan's rows, filtered. */
    record SubqueryScan(Plan subplan, String alias, Expr filter, int width, double rows, double cost)
            implements Plan {
    }

    /** Reads WITH query {@code cte}'s rows (computed once per execution). */
    record CteScan(int cte, String name, String alias, Expr filter, int width, double rows, double cost)
            implements Plan {
    }

    /** Reads the working table of recursive WITH query {@code cte}. */
    record WorkTableScan(int cte, String alias, Expr filter, int width, double rows, double cost) implements Plan {
    }

    /** One row of {@code targets} (a SELECT without FROM), if {@code filter} holds. */
    record Result(List<Expr> targets, Expr filter, int width, double rows, double cost) implements Plan {
    }

    /**
     * A gating Result (PostgreSQL's Result node with a one-time filter over an input): {@code oneTimeFilter} reads no
     * column (a pseudo-constant qual, such as an uncorrelated EXISTS, an InitPlan), checked once per scan; the input
     * runs only when it holds, and its rows pass unchanged.
     */
    record Gate(Plan input, Expr oneTimeFilter, int width, double rows, double cost) implements Plan {
    }

    /** Computes {@code targets} over each input row (a node's target list; EXPLAIN shows no node for it). */
    record Project(Plan input, List<Expr> targets, int width, double rows, double cost) implements Plan {
    }

    /**
     * Set-returning functions of the target list (ProjectSet): for each input row, the functions' rows side by side
     * (the shorter ones padded with nulls), each appended to the input row.
     */
    record ProjectSet(Plan input, List<Expr.SetFunction> functions, int width, double rows, double cost)
            implements Plan {
    }

    /** Rows of {@code input} passing {@code filter} (quals applied above a join or an aggregate). */
    record Filter(Plan input, Expr filter, int width, double rows, double cost) implements Plan {
    }

    /** Sets ExecParam {@code slot} from the outer row before the inner side is (re)scanned. */
    record NestParam(int slot, Expr value) {
    }

    /**
     * Nested loop: the inner side is scanned again for every outer row (after {@code params} are set), rows joined
     * when {@code joinQual} holds; {@code filter} applies to joined rows (an outer join's WHERE part).
     */
    record NestLoop(Query.JoinKind kind, Plan outer, Plan inner, Expr joinQual, Expr filter, List<NestParam> params,
                    int width, double rows, double cost) implements Plan {
    }

    /**
     * Hash join: the inner side is read into a hash table on {@code innerKeys}; each outer row probes it with
     * {@code outerKeys} (SQL equality of each pair), then {@code joinQual} checks the rest.
     */
    record HashJoin(Query.JoinKind kind, Plan outer, Plan inner, List<Expr> outerKeys, List<Expr> innerKeys,
                    List<PgType> keyTypes, Expr hashCond, Expr joinQual, Expr filter, int width, double rows,
                    double cost) implements Plan {
    }

    /**
     * Material: the input's rows kept as they are first read, handed out again on each rescan (the inner side of a
     * nested loop that is not parameterized). Kept in memory (PostgreSQL's tuplestore spills beyond work_mem).
     */
    record Material(Plan input, int width, double rows, double cost) implements Plan {
    }

    enum AggStrategy { PLAIN, SORTED, HASHED }

    /** One aggregate to compute: arguments, FILTER and ORDER BY over the Agg's input row. */
    record AggCall(Aggregate aggregate, List<Expr> args, boolean star, boolean distinct, Expr filter,
                   List<Expr.OrderKey> order) {
    }

    /** Grouping: output rows are the group key values then the aggregate results. */
    record Agg(AggStrategy strategy, Plan input, List<Expr> groupKeys, List<AggCall> aggregates, int width,
               double rows, double cost) implements Plan {
    }

    /** One window function: its arguments over the input row. */
    record WindowCall(WindowFunctions.Function function, List<Expr> args, Expr filter) {
    }

    /**
     * Window functions over one window: output rows are the input row followed by one value per call. Rows are
     * sorted by the partition and order keys inside the node.
     */
    record WindowAgg(Plan input, List<Expr> partitionBy, List<Expr.OrderKey> orderBy, Query.Frame frame,
                     List<WindowCall> calls, int width, double rows, double cost) implements Plan {
    }

    /** A sort key: column {@code column} of the input row. */
    record SortKey(int column, PgType type, boolean descending, boolean nullsFirst) {
    }

    record Sort(Plan input, List<SortKey> keys, int width, double rows, double cost) implements Plan {
    }

    /** Keeps the first row of each run of rows equal on the first {@code keys} sort keys (input sorted on them). */
    record Unique(Plan input, List<SortKey> keys, int width, double rows, double cost) implements Plan {
    }

    /** Keeps the first row of each distinct value of {@code columns} (hashed). */
    record HashDistinct(Plan input, List<Integer> columns, List<PgType> types, int width, double rows, double cost)
            implements Plan {
    }

    /** LIMIT/OFFSET; with {@code ties} (FETCH ... WITH TIES) rows equal to the last one on those keys come too. */
    record Limit(Plan input, Expr count, Expr offset, List<SortKey> ties, int width, double rows, double cost)
            implements Plan {
        Limit(Plan input, Expr count, Expr offset, int width, double rows, double cost) {
            this(input, count, offset, null, width, rows, cost);
        }
    }

    record Append(List<Plan> inputs, int width, double rows, double cost) implements Plan {
    }

    /** INTERSECT / EXCEPT [ALL], hashed on all columns. */
    record SetOp(Query.SetOpKind kind, boolean all, Plan left, Plan right, List<PgType> types, int width, double rows,
                 double cost) implements Plan {
    }

    /** WITH RECURSIVE: the non-recursive term, then the recursive term over the working table until it is empty. */
    record RecursiveUnion(int cte, Plan nonRecursive, Plan recursive, boolean all, List<PgType> types, int width,
                          double rows, double cost) implements Plan {
    }

    /** One table's row lock: its ctid is at {@code tidColumn}, its values at {@code firstColumn}. */
    record RowMark(TableDef table, int tidColumn, int firstColumn) {
    }

    /**
     * FOR UPDATE/SHARE: locks each input row's table rows. Input rows carry, after the query's target list, every FROM
     * table's columns (and a locked table's ctid). When a row moved, its newest version replaces the table's columns,
     * {@code recheck} (the query's quals) decides whether the row still qualifies, and {@code targets} compute the
     * target list again from them (EvalPlanQual).
     */
    record LockRows(Plan input, List<RowMark> marks, RowLockStrength strength, LockWaitPolicy policy, Expr recheck,
                    List<Expr> targets, int width, double rows, double cost) implements Plan {
    }

    /**
     * INSERT, UPDATE or DELETE of {@code table} (ModifyTable), once per row of {@code input}. For INSERT the input
     * rows are the new rows. For UPDATE and DELETE they are the scan's joined rows: the target's ctid at
     * {@code tidColumn}, its columns at {@code targetColumns}; {@code newValues} (UPDATE) compute the new row. When a
     * concurrent update moved the row (EvalPlanQual), its newest version replaces the target's columns,
     * {@code recheck} (the statement's quals) decides whether it still qualifies, and the new row is computed again.
     * {@code returning} reads the input row with the target's columns replaced by the new (DELETE: old) row; for
     * INSERT, the new row. MERGE's input is the join of source and target (the ctid null when no target row
     * matched), {@code recheck} its join condition, and {@code mergeActions} its WHEN clauses over the joined row.
     */
    record ModifyTable(Query.Command command, TableDef table, String alias, Plan input, int tidColumn,
                       int[] targetColumns, List<Expr> newValues, Expr recheck, List<Expr> returning,
                       ConflictAction onConflict, CheckOption checkOption, int width, double rows, double cost,
                       List<MergeAction> mergeActions) implements Plan {
        public ModifyTable(Query.Command command, TableDef table, String alias, Plan input, int tidColumn,
                           int[] targetColumns, List<Expr> newValues, Expr recheck, List<Expr> returning,
                           ConflictAction onConflict, CheckOption checkOption, int width, double rows, double cost) {
            this(command, table, alias, input, tidColumn, targetColumns, newValues, recheck, returning, onConflict,
                    checkOption, width, rows, cost, null);
        }
    }

    /** A MERGE WHEN clause planned: as Query.MergeAction, its expressions over the joined input row. */
    record MergeAction(boolean matched, Query.Command command, Expr condition, List<Expr> row) {
    }

    /** WITH CHECK OPTION of view {@code view}: {@code check} must hold on every new row (over the row alone). */
    record CheckOption(Expr check, String view) {
    }

    /**
     * ON CONFLICT: DO NOTHING, or DO UPDATE with {@code set} (per column, null to keep) and {@code where} over the
     * existing row followed by the proposed (EXCLUDED) one.
     */
    record ConflictAction(boolean doUpdate, List<Expr> set, Expr where) {
    }

    /**
     * A planned statement: the plan, its WITH queries, the ExecParam slots it needs; {@code explain} set for
     * EXPLAIN (the rows are then the plan's description), with the time planning took and the buffers it used;
     * {@code pulledUp} counts the FROM subqueries (views among them) pulled up into their
     * parent, range-table entries PostgreSQL keeps (EXPLAIN qualifies column names when there are several);
     * {@code cteParams} per WITH query the ExecParam slots of the outer columns it reads (empty: uncorrelated).
     */
    public record Statement(Plan plan, List<Plan> ctes, List<List<Integer>> cteParams, int paramSlots,
                            int visibleCount, int pulledUp, ExplainOptions explain, double planningMillis,
                            BufferUsage.Snapshot planningBuffers) {
        public Statement(Plan plan, List<Plan> ctes, List<List<Integer>> cteParams, int paramSlots, int visibleCount,
                         int pulledUp) {
            this(plan, ctes, cteParams, paramSlots, visibleCount, pulledUp, null, 0, BufferUsage.Snapshot.ZERO);
        }

        public Statement explained(ExplainOptions options, double planningMillis, BufferUsage.Snapshot planningBuffers) {
            return new Statement(plan, ctes, cteParams, paramSlots, visibleCount, pulledUp, options, planningMillis,
                    planningBuffers);
        }
    }
}
