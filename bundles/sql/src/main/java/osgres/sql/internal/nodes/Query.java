/*
 * The Query tree, PostgreSQL's parsenodes.h Query after parse analysis: what a SELECT asks for, with every name
 * resolved and every expression typed, and nothing yet about how to compute it (that is the Planner's Plan).
 * A query reads its range table (FROM items, each an entry; joins are entries too), combined by its join tree;
 * expressions point at entries' columns with Vars (range-table index, column, query levels up). A set operation
 * (UNION/INTERSECT/EXCEPT) keeps its leaves as subquery entries and the operation tree in {@code setOperations}.
 * ORDER BY and GROUP BY refer to target-list entries (hidden "resjunk" entries for expressions not selected),
 * as PostgreSQL's SortGroupClause does. INSERT, UPDATE and DELETE are Queries too ({@code modify} set): the target
 * table is range-table entry {@code resultRelation}; the target list is the new row, one entry per table column
 * (UPDATE's unchanged columns are Vars of the old row; DELETE has none); RETURNING is {@code modify.returning}.
 * Immutable once built.
 */
package osgres.sql.internal.nodes;

import java.util.List;

import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.utils.PgType;
import osgres.storage.LockMode;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.TableDef;

public record Query(List<RangeEntry> rangeTable, FromExpr jointree, List<TargetEntry> targetList, List<Integer> groupBy,
             Expr having, boolean hasAggs, List<Expr.Aggref> aggregates, List<Expr.WindowFunc> windowFuncs,
             List<WindowSpec> windows, List<SortClause> sortClause, Distinct distinct, Expr limitCount,
             Expr limitOffset, SetOperation setOperations, List<CommonTable> ctes, RowMarks rowMarks,
             List<Expr.SetFunction> targetSetFunctions, Modify modify, boolean limitWithTies) {

    public Query(List<RangeEntry> rangeTable, FromExpr jointree, List<TargetEntry> targetList, List<Integer> groupBy,
          Expr having, boolean hasAggs, List<Expr.Aggref> aggregates, List<Expr.WindowFunc> windowFuncs,
          List<WindowSpec> windows, List<SortClause> sortClause, Distinct distinct, Expr limitCount,
          Expr limitOffset, SetOperation setOperations, List<CommonTable> ctes, RowMarks rowMarks,
          List<Expr.SetFunction> targetSetFunctions, Modify modify) {
        this(rangeTable, jointree, targetList, groupBy, having, hasAggs, aggregates, windowFuncs, windows, sortClause,
                distinct, limitCount, limitOffset, setOperations, ctes, rowMarks, targetSetFunctions, modify, false);
    }

    public Query(List<RangeEntry> rangeTable, FromExpr jointree, List<TargetEntry> targetList, List<Integer> groupBy,
          Expr having, boolean hasAggs, List<Expr.Aggref> aggregates, List<Expr.WindowFunc> windowFuncs,
          List<WindowSpec> windows, List<SortClause> sortClause, Distinct distinct, Expr limitCount,
          Expr limitOffset, SetOperation setOperations, List<CommonTable> ctes, RowMarks rowMarks,
          List<Expr.SetFunction> targetSetFunctions) {
        this(rangeTable, jointree, targetList, groupBy, having, hasAggs, aggregates, windowFuncs, windows, sortClause,
                distinct, limitCount, limitOffset, setOperations, ctes, rowMarks, targetSetFunctions, null);
    }

    public Query(List<RangeEntry> rangeTable, FromExpr jointree, List<TargetEntry> targetList, List<Integer> groupBy,
          Expr having, boolean hasAggs, List<Expr.Aggref> aggregates, List<Expr.WindowFunc> windowFuncs,
          List<WindowSpec> windows, List<SortClause> sortClause, Distinct distinct, Expr limitCount,
          Expr limitOffset, SetOperation setOperations, List<CommonTable> ctes, RowMarks rowMarks) {
        this(rangeTable, jointree, targetList, groupBy, having, hasAggs, aggregates, windowFuncs, windows, sortClause,
                distinct, limitCount, limitOffset, setOperations, ctes, rowMarks, List.of());
    }

    /** This query with another target list. */
    public Query withTargetList(List<TargetEntry> targets) {
        return new Query(rangeTable, jointree, targets, groupBy, having, hasAggs, aggregates, windowFuncs, windows,
                sortClause, distinct, limitCount, limitOffset, setOperations, ctes, rowMarks, targetSetFunctions,
                modify, limitWithTies);
    }

    /** Output columns the client sees (not resjunk; RETURNING's for INSERT/UPDATE/DELETE). */
    public int visibleCount() {
        if (modify != null) {
            return modify.returning().size();
        }
        int n = 0;
        for (TargetEntry t : targetList) {
            if (!t.junk()) {
                n++;
            }
        }
        return n;
    }

    /** One FROM item (RangeTblEntry): its alias and the names and types of the columns it offers. */
    public sealed interface RangeEntry {
        String alias();

        List<String> columnNames();

        List<PgType> columnTypes();

        List<Integer> columnTypmods();
    }

    /** The names, types and typmods of the columns an entry offers (a table's, or a query's visible outputs). */
    public record Columns(List<String> names, List<PgType> types, List<Integer> typmods) {
        public static Columns of(List<TargetEntry> targets) {
            List<String> names = new java.util.ArrayList<>();
            List<PgType> types = new java.util.ArrayList<>();
            List<Integer> typmods = new java.util.ArrayList<>();
            for (TargetEntry t : targets) {
                if (!t.junk()) {
                    names.add(t.name());
                    types.add(t.expr().type());
                    typmods.add(t.expr().typmod());
                }
            }
            return new Columns(names, types, typmods);
        }

        public static Columns of(TableDef table) {
            List<String> names = new java.util.ArrayList<>();
            List<PgType> types = new java.util.ArrayList<>();
            List<Integer> typmods = new java.util.ArrayList<>();
            for (osgres.storage.ColumnDef c : table.columns()) {
                names.add(c.name());
                types.add(PgType.byOid(c.typeOid()));
                typmods.add(c.typeModifier());
            }
            return new Columns(names, types, typmods);
        }
    }

    /**
     * A table, opened (and locked) at analysis. {@code members} are the tables a reference without ONLY reads when
     * the table has children (expand_inherited_rtentry: the table itself unless partitioned, then its descendants,
     * each locked); empty when the table is read alone.
     */
    /** The attno of a table row's tableoid system column (TableOidAttributeNumber). */
    public static final int TABLEOID_ATTNO = -6;

    /** A table's system columns (sysattr.h), with their attnos and types; none is part of {@code *}. */
    public enum SystemColumn {
        CTID(-1, PgType.TID), XMIN(-2, PgType.XID), CMIN(-3, PgType.CID), XMAX(-4, PgType.XID),
        CMAX(-5, PgType.CID), TABLEOID(TABLEOID_ATTNO, PgType.OID);

        private final int attno;
        private final PgType type;

        SystemColumn(int attno, PgType type) {
            this.attno = attno;
            this.type = type;
        }

        public int attno() {
            return attno;
        }

        public PgType type() {
            return type;
        }

        public String columnName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The system column called {@code name}, or null. */
        public static SystemColumn of(String name) {
            return switch (name) {
                case "ctid" -> CTID;
                case "xmin" -> XMIN;
                case "cmin" -> CMIN;
                case "xmax" -> XMAX;
                case "cmax" -> CMAX;
                case "tableoid" -> TABLEOID;
                default -> null;
            };
        }

        /** The system column with attno {@code attno}, or null. */
        public static SystemColumn ofAttno(int attno) {
            for (SystemColumn c : values()) {
                if (c.attno == attno) {
                    return c;
                }
            }
            return null;
        }
    }

    public record RelationEntry(TableDef table, String alias, List<String> columnNames, List<PgType> columnTypes,
                                List<Integer> columnTypmods, LockMode lockMode, List<TableDef> members)
            implements RangeEntry {
        public RelationEntry(TableDef table, String alias, List<String> columnNames, List<PgType> columnTypes,
                             List<Integer> columnTypmods, LockMode lockMode) {
            this(table, alias, columnNames, columnTypes, columnTypmods, lockMode, List.of());
        }

        public RelationEntry withMembers(List<TableDef> newMembers) {
            return new RelationEntry(table, alias, columnNames, columnTypes, columnTypmods, lockMode, newMembers);
        }
    }

    /** A subquery in FROM (also each leaf of a set operation, and a view's expansion). */
    public record SubqueryEntry(Query subquery, String alias, List<String> columnNames, List<PgType> columnTypes,
                         List<Integer> columnTypmods, boolean lateral) implements RangeEntry {
    }

    /** VALUES (...), (...) in FROM, or a bare VALUES statement's rows. */
    public record ValuesEntry(List<List<Expr>> rows, String alias, List<String> columnNames, List<PgType> columnTypes,
                       List<Integer> columnTypmods) implements RangeEntry {
    }

    /** A set-returning function in FROM: one column per result column ({@code ordinality} adds a bigint). */
    public record FunctionEntry(Expr.SetFunction function, String alias, List<String> columnNames,
                         List<PgType> columnTypes, List<Integer> columnTypmods, boolean ordinality, boolean lateral)
            implements RangeEntry {
    }

    /** A reference to a WITH query {@code levelsUp} query levels out; {@code selfReference} in its own recursion. */
    public record CteEntry(String cteName, int levelsUp, boolean selfReference, String alias, List<String> columnNames,
                    List<PgType> columnTypes, List<Integer> columnTypmods) implements RangeEntry {
    }

    /** One of the system views (pg_stat_activity and friends), produced when scanned. */
    public record ViewEntry(SystemViews.View view, String alias, List<String> columnNames, List<PgType> columnTypes,
                     List<Integer> columnTypmods) implements RangeEntry {
    }

    /**
     * A JOIN's own entry: its output columns are {@code columns}, expressions over the two sides (a USING
     * column is COALESCE(left, right) in a FULL join, else the left or right one).
     */
    public record JoinEntry(JoinKind kind, String alias, List<String> columnNames, List<Expr> columns,
                     List<PgType> columnTypes, List<Integer> columnTypmods) implements RangeEntry {
    }

    public enum JoinKind { INNER, LEFT, FULL, RIGHT, SEMI, ANTI }

    /** The join tree (FromExpr/JoinExpr/RangeTblRef). */
    public sealed interface JoinNode {
    }

    /** Range-table entry {@code index} (1-based). */
    public record RangeRef(int index) implements JoinNode {
    }

    /** An explicit JOIN; {@code index} is its JoinEntry. */
    public record JoinExpr(JoinKind kind, JoinNode left, JoinNode right, Expr quals, int index) implements JoinNode {
    }

    /** FROM's items, implicitly cross-joined, and WHERE. */
    public record FromExpr(List<JoinNode> items, Expr quals) implements JoinNode {
    }

    /** A target-list entry; {@code junk} ones are computed for ORDER BY/GROUP BY only and not returned. */
    public record TargetEntry(Expr expr, String name, boolean junk) {
    }

    /** ORDER BY (or DISTINCT ON) key: target-list entry {@code target} (0-based). */
    public record SortClause(int target, boolean descending, boolean nullsFirst) {
    }

    /** DISTINCT (all visible columns) or DISTINCT ON (the given target-list entries). */
    public record Distinct(List<Integer> on) {
        public boolean all() {
            return on == null;
        }
    }

    /** UNION / INTERSECT / EXCEPT over leaves that are SubqueryEntry indexes; types are the output columns'. */
    public sealed interface SetOperation {
    }

    public record SetLeaf(int rangeIndex) implements SetOperation {
    }

    public enum SetOpKind { UNION, INTERSECT, EXCEPT }

    public record SetOp(SetOpKind kind, boolean all, SetOperation left, SetOperation right, List<PgType> types)
            implements SetOperation {
    }

    /** A WITH query; {@code recursive} ones are a non-recursive term UNION [ALL] a recursive term. */
    public record CommonTable(String name, Query query, List<String> columnNames, List<PgType> columnTypes,
                       List<Integer> columnTypmods, boolean recursive, Query recursiveTerm, boolean unionAll,
                       boolean modifying) {
    }

    /** A window (WINDOW w AS (...) or an inline OVER): its partition and order keys over the query's rows. */
    public record WindowSpec(List<Expr> partitionBy, List<Expr.OrderKey> orderBy, Frame frame) {
    }

    /** The frame of a window, as frame_options: ROWS/RANGE/GROUPS with start and end bounds and offsets. */
    public record Frame(FrameUnit unit, Bound start, Expr startOffset, Bound end, Expr endOffset, Exclusion exclusion) {
        public static final Frame DEFAULT = new Frame(FrameUnit.RANGE, Bound.UNBOUNDED_PRECEDING, null, Bound.CURRENT_ROW,
                null, Exclusion.NO_OTHERS);
    }

    public enum FrameUnit { ROWS, RANGE, GROUPS }

    public enum Bound { UNBOUNDED_PRECEDING, OFFSET_PRECEDING, CURRENT_ROW, OFFSET_FOLLOWING, UNBOUNDED_FOLLOWING }

    public enum Exclusion { NO_OTHERS, CURRENT_ROW, GROUP, TIES }

    /** FOR UPDATE/SHARE: the range-table entries to lock (empty: all tables). */
    public record RowMarks(RowLockStrength strength, LockWaitPolicy policy, List<Integer> rangeIndexes) {
    }

    public enum Command { INSERT, UPDATE, DELETE, MERGE }

    /**
     * What an INSERT/UPDATE/DELETE/MERGE changes: table entry {@code resultRelation}; RETURNING over the new row (the
     * old one for DELETE) and the other FROM/USING items; {@code checkOption} (over the new row) is the WITH CHECK
     * OPTION of view {@code checkView} the statement changes the table through, or null; {@code merge} MERGE's join
     * condition and WHEN clauses (null for the other commands).
     */
    public record Modify(Command command, int resultRelation, List<TargetEntry> returning, OnConflict onConflict,
                  Expr checkOption, String checkView, Merge merge) {
        public Modify(Command command, int resultRelation, List<TargetEntry> returning, OnConflict onConflict,
                      Expr checkOption, String checkView) {
            this(command, resultRelation, returning, onConflict, checkOption, checkView, null);
        }

        public TableDef table(Query q) {
            return ((RelationEntry) q.rangeTable().get(resultRelation - 1)).table();
        }
    }

    /**
     * INSERT ... ON CONFLICT: DO NOTHING, or DO UPDATE with {@code set} (per table column, null to keep) and
     * {@code where} over the existing row (entry {@code resultRelation}) and the proposed one (entry
     * {@code excludedRelation}, EXCLUDED).
     */
    public record OnConflict(boolean doUpdate, int excludedRelation, List<Expr> set, Expr where) {
    }

    /**
     * MERGE (transformMergeStmt): the join tree is the source joined to the target (LEFT when an action inserts) on
     * {@code joinCondition}; each joined row runs the first of its kind's {@code actions} whose condition holds.
     */
    public record Merge(Expr joinCondition, List<MergeAction> actions) {
    }

    /**
     * One WHEN clause: {@code matched} or NOT MATCHED, its AND {@code condition} (null: always), {@code command}
     * INSERT, UPDATE or DELETE (null: DO NOTHING) and for INSERT and UPDATE the new row, one expression per column.
     */
    public record MergeAction(boolean matched, Command command, Expr condition, List<Expr> row) {
    }
}
