/*
 * Parse analysis of INSERT, UPDATE and DELETE, PostgreSQL's transformInsertStmt, transformUpdateStmt and
 * transformDeleteStmt (analyze.c) with what the rewriter adds (rewriteTargetListIU: defaults for the columns an
 * INSERT leaves out or sets to DEFAULT, identity columns). The result is a Query with {@code modify} set: the target
 * table is a range-table entry opened RowExclusive; its target list is the new row, one entry per table column,
 * each coerced to the column's type as an assignment (42804 when no assignment cast exists); UPDATE ... FROM and
 * DELETE ... USING join the other items with the target in the join tree; INSERT reads a single VALUES row
 * directly, several rows through a VALUES entry and a SELECT through a subquery entry. RETURNING is analysed over
 * the target (and the FROM/USING items); ON CONFLICT DO UPDATE sees the proposed row as EXCLUDED.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.PgParser;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.func.ArrayFunctions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.QueryTrees;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.CompositeType;
import osgres.sql.internal.utils.EnumType;
import osgres.sql.internal.utils.Domain;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.ColumnDef;
import osgres.storage.IndexDef;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public final class ModifyAnalyzer {
    private final ParseAnalyzer analyzer;
    private final ExprAnalyzer exprs;
    private final AssignmentIndirection indirection;
    private final ParseState.Statement statement;
    /** Set when the statement's target is an auto-updatable view, rewritten onto its base table. */
    private ViewTarget view;
    /** Set while analysing a rule action: its top level starts with the triggering query's entries, OLD and NEW. */
    RuleRewriter.Scope scope;
    /** Set to analyse a view's change onto its base table even though the view has rules for it. */
    boolean ignoreRules;
    /** The relation the statement changes: the table, a view with rules, or an updatable view's base table. */
    private TableDef target;
    /** The relation the statement names as its target (a view, or a table) and a view's base table: privileges. */
    private TableDef permissionTarget;
    private TableDef permissionBase;
    /** The check of the target relation (its entry's: the columns read, inserted and updated are marked in it). */
    private ParseState.RelationPermission targetPermission;
    /** MERGE's privileges on its target: SELECT and those of its actions. */
    private int targetPrivileges;
    /** Set when the target is a view with rules: it is read as in FROM (OLD's rows), never changed itself. */
    private boolean ruleView;

    /**
     * rewriteTargetView: a view the statement names, changed through its base table (range-table entry
     * {@code result}). The statement sees the view's columns through a join-like entry {@code namespaceIndex} whose
     * columns are expressions over the base table; {@code baseColumns} maps each view column to its base column (-1
     * when not updatable, with PostgreSQL's reason), and {@code qual} is the view's WHERE over the base table.
     */
    private record ViewTarget(TableDef viewDef, List<String> names, int[] baseColumns, List<String> reasons,
                              int namespaceIndex, Expr qual) {
    }

    ModifyAnalyzer(ParseAnalyzer analyzer, ParseState.Statement statement) {
        this.analyzer = analyzer;
        this.exprs = analyzer.exprs;
        this.indirection = new AssignmentIndirection(analyzer.exprs);
        this.statement = statement;
    }

    /** The relation whose rules fire: the target table, a view with rules, an updatable view's base table. */
    TableDef target() {
        return target;
    }

    /** A query level of the statement; a rule action's top level starts with its rule scope. */
    private ParseState newState(ParseState parent) {
        ParseState ps = new ParseState(statement, parent);
        if (parent == null && scope != null) {
            scope.install(ps);
        }
        return ps;
    }

    /** Analyses an INSERT, UPDATE or DELETE one level inside {@code parent} (null at the top). */
    Query analyze(ParseState parent, Node node) {
        if (node.hasInsertStmt()) {
            return insert(parent, node.getInsertStmt());
        }
        if (node.hasUpdateStmt()) {
            return update(parent, node.getUpdateStmt());
        }
        if (node.hasMergeStmt()) {
            return merge(parent, node.getMergeStmt());
        }
        return delete(parent, node.getDeleteStmt());
    }

    // ---------------------------------------------------------------- INSERT

    private Query insert(ParseState parent, PgQuery.InsertStmt s) {
        // a rule's INSERT ... SELECT: OLD and NEW are the SELECT's (getInsertSelectQuery), not the INSERT's
        boolean scopeInSelect = scope != null && s.hasSelectStmt()
                && !isPlainValues(s.getSelectStmt().getSelectStmt());
        ParseState ps = scopeInSelect ? new ParseState(statement, parent) : newState(parent);
        if (s.hasWithClause()) {
            analyzer.withClause(ps, s.getWithClause());
        }
        int result = targetTable(ps, s.getRelation(), "INSERT");
        if (readsColumns(s.getReturningListList())) {
            requireTarget(Privileges.SELECT);
        }
        if (s.hasOnConflictClause() && s.getOnConflictClause().getAction() == PgQuery.OnConflictAction.ONCONFLICT_UPDATE) {
            requireTarget(Privileges.UPDATE | Privileges.SELECT);
        }
        TableDef def = table(ps, result);
        int columnCount = def.columns().size();
        boolean explicit = s.getColsCount() > 0;
        int[] targetColumns = explicit ? new int[s.getColsCount()]
                : new int[view == null ? columnCount : view.names().size()];
        List<List<Node>> paths = new ArrayList<>();
        for (int i = 0; i < targetColumns.length; i++) {
            if (!explicit) {
                targetColumns[i] = view == null ? i : view.baseColumns()[i];
                paths.add(List.of());
                continue;
            }
            PgQuery.ResTarget col = s.getCols(i).getResTarget();
            if (col.getIndirectionCount() > 0 && view != null) {
                throw Unsupported.of("INSERT into subscripts or fields of a view");
            }
            targetColumns[i] = targetColumn(def, col.getName(), col.getLocation(), "insert into");
            paths.add(col.getIndirectionList());
            for (int j = 0; j < i; j++) {
                // checkInsertTargets: parts of one column may be set several times, a whole column only once
                if (targetColumns[j] == targetColumns[i] && (paths.get(j).isEmpty() || paths.get(i).isEmpty())) {
                    throw PgException.error("42701", "column \"" + col.getName() + "\" specified more than once")
                            .withPosition(statement.position(col.getLocation()));
                }
            }
        }
        if (permissionBase == null && targetPermission != null) {
            for (int c : targetColumns) {
                targetPermission.mark(Privileges.INSERT, c + 1); // insertedCols
            }
        }
        boolean overrideSystem = s.getOverride() == PgQuery.OverridingKind.OVERRIDING_SYSTEM_VALUE;
        boolean overrideUser = s.getOverride() == PgQuery.OverridingKind.OVERRIDING_USER_VALUE;
        Expr[] row = new Expr[columnCount];
        List<Query.JoinNode> from = new ArrayList<>();
        PgQuery.SelectStmt select = s.hasSelectStmt() ? s.getSelectStmt().getSelectStmt() : null;
        if (paths.stream().anyMatch(x -> !x.isEmpty())) {
            indirectRow(ps, s, def, result, targetColumns, paths, row, from);
        } else if (select != null && isPlainValues(select) && select.getValuesListsCount() == 1) {
            // one VALUES row: its expressions are the new row's (DEFAULT allowed)
            List<Node> items = expandStars(ps, select.getValuesLists(0).getList().getItemsList());
            checkCounts(items.size(), targetColumns, explicit, i -> exprs.location(ps, items.get(i)),
                    i -> s.getCols(i).getResTarget().getLocation());
            String saved = ps.exprKind;
            ps.exprKind = "VALUES";
            try {
                for (int i = 0; i < items.size(); i++) {
                    int column = targetColumns[i];
                    row[column] = insertValue(ps, def, result, column, items.get(i), overrideSystem, overrideUser);
                }
            } finally {
                ps.exprKind = saved;
            }
        } else if (select != null && isPlainValues(select)) {
            // several rows: a VALUES entry, each item coerced to its column (DEFAULT becomes the column's default);
            // without a column list, the first columns as many as the rows have
            int width = select.getValuesLists(0).getList().getItemsCount();
            int[] columns = explicit || width >= targetColumns.length ? targetColumns
                    : java.util.Arrays.copyOf(targetColumns, width);
            List<List<Expr>> rows = new ArrayList<>();
            String saved = ps.exprKind;
            ps.exprKind = "VALUES";
            try {
                for (Node list : select.getValuesListsList()) {
                    List<Node> items = list.getList().getItemsList();
                    checkCounts(items.size(), columns, explicit, i -> exprs.location(ps, items.get(i)),
                            i -> s.getCols(i).getResTarget().getLocation());
                    if (items.size() != width) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "VALUES lists must all be the same length")
                                .withPosition(exprs.location(ps, items.isEmpty() ? list : items.getFirst()));
                    }
                    List<Expr> values = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        values.add(insertValue(ps, def, result, columns[i], items.get(i), overrideSystem,
                                overrideUser));
                    }
                    for (int i = items.size(); i < columns.length; i++) {
                        values.add(columnDefault(def, columns[i]));
                    }
                    rows.add(values);
                }
            } finally {
                ps.exprKind = saved;
            }
            int index = valuesEntry(ps, rows, def, columns);
            from.add(new Query.RangeRef(index));
            for (int i = 0; i < columns.length; i++) {
                row[columns[i]] = ps.column(index, i, 0);
            }
        } else if (select != null) {
            statement.keepUnknownTargets = select;
            if (scopeInSelect) {
                analyzer.ruleScopeForNextLevel(scope);
            }
            Query sub = analyzer.subquery(ps, s.getSelectStmt());
            statement.keepUnknownTargets = null;
            sub = typedLiterals(ps, sub, def, targetColumns);
            Query.Columns columns = Query.Columns.of(sub.targetList());
            List<String> names = columns.names();
            Query analysed = sub;
            checkCounts(names.size(), targetColumns, explicit, i -> targetLocation(analysed, i),
                    i -> s.getCols(i).getResTarget().getLocation());
            int index = ps.addEntry(new Query.SubqueryEntry(sub, "*SELECT*", names, columns.types(),
                    columns.typmods(), false));
            from.add(new Query.RangeRef(index));
            for (int i = 0; i < names.size(); i++) {
                int column = targetColumns[i];
                if (column < 0) {
                    throw notUpdatableColumn("insert into", -1 - column);
                }
                checkIdentityInsert(def, column, overrideSystem, overrideUser);
                Expr value = identityOverridden(def, column, overrideUser) ? columnDefault(def, column)
                        : assign(ps, ps.column(index, i, 0), def, column, targetLocation(sub, i));
                row[column] = value;
            }
        }
        for (int c = 0; c < columnCount; c++) {
            if (row[c] == null) {
                row[c] = columnDefault(def, c);
            }
        }
        if (s.hasOnConflictClause() && view != null) {
            throw Unsupported.of("INSERT ... ON CONFLICT on a view");
        }
        Query.OnConflict onConflict = s.hasOnConflictClause()
                ? onConflict(ps, s.getOnConflictClause(), result, def) : null;
        addTargetToNamespace(ps, result);
        List<Query.TargetEntry> returning = returning(ps, s.getReturningListList());
        return query(ps, from, null, row, def, new Query.Modify(Query.Command.INSERT, result, returning, onConflict,
                checkOption(), checkView()));
    }

    /**
     * transformInsertStmt with targets into parts of columns ({@code INSERT INTO t (c.f, a[1]) VALUES ... | SELECT
     * ...}): each value coerced to its target's leaf type (a VALUES list with several rows, or a SELECT, becomes a
     * range-table entry of those values), then each column's targets applied in order to a null value.
     */
    private void indirectRow(ParseState ps, PgQuery.InsertStmt s, TableDef def, int result, int[] targetColumns,
                             List<List<Node>> paths, Expr[] row, List<Query.JoinNode> from) {
        int n = targetColumns.length;
        AssignmentIndirection.Slot[] slots = new AssignmentIndirection.Slot[n];
        AssignmentIndirection.Slot[] leaves = new AssignmentIndirection.Slot[n];
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
            if (targetColumns[i] < 0) {
                throw notUpdatableColumn("insert into", -1 - targetColumns[i]);
            }
            ColumnDef c = def.columns().get(targetColumns[i]);
            at[i] = statement.position(s.getCols(i).getResTarget().getLocation());
            slots[i] = slot(c);
            leaves[i] = AssignmentIndirection.leaf(slots[i], c.name(), paths.get(i), at[i]);
        }
        PgQuery.SelectStmt select = s.hasSelectStmt() ? s.getSelectStmt().getSelectStmt() : null;
        if (select == null) {
            throw Unsupported.of("INSERT ... DEFAULT VALUES with target columns");
        }
        Expr[] values = new Expr[n];
        if (isPlainValues(select)) {
            List<List<Expr>> rows = new ArrayList<>();
            String saved = ps.exprKind;
            ps.exprKind = "VALUES";
            try {
                for (Node list : select.getValuesListsList()) {
                    List<Node> items = expandStars(ps, list.getList().getItemsList());
                    checkCounts(items.size(), targetColumns, true, i -> exprs.location(ps, items.get(i)),
                            i -> s.getCols(i).getResTarget().getLocation());
                    List<Expr> typed = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        Node item = items.get(i);
                        if (paths.get(i).isEmpty()) {
                            typed.add(insertValue(ps, def, result, targetColumns[i], item, false, false));
                            continue;
                        }
                        if (item.hasSetToDefault()) {
                            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, paths.get(i).getLast()
                                    .hasString() ? "cannot set a subfield to DEFAULT"
                                    : "cannot set an array element to DEFAULT").withPosition(at[i]);
                        }
                        typed.add(indirection.coerceToLeaf(ps, exprs.expr(ps, item), leaves[i],
                                def.columns().get(targetColumns[i]).name(), paths.get(i), at[i],
                                exprs.leftmost(ps, item)));
                    }
                    rows.add(typed);
                }
            } finally {
                ps.exprKind = saved;
            }
            if (rows.size() == 1) {
                rows.getFirst().toArray(values);
            } else {
                List<String> names = new ArrayList<>();
                List<PgType> types = new ArrayList<>();
                List<Integer> typmods = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    names.add("column" + (i + 1));
                    types.add(rows.getFirst().get(i).type());
                    typmods.add(rows.getFirst().get(i).typmod());
                }
                int index = ps.addEntry(new Query.ValuesEntry(rows, "*VALUES*", names, types, typmods));
                from.add(new Query.RangeRef(index));
                for (int i = 0; i < n; i++) {
                    values[i] = ps.column(index, i, 0);
                }
            }
        } else {
            statement.keepUnknownTargets = select;
            if (scope != null) {
                // a rule's INSERT ... SELECT: OLD and NEW are the SELECT's (see insert)
                analyzer.ruleScopeForNextLevel(scope);
            }
            Query sub = analyzer.subquery(ps, s.getSelectStmt());
            statement.keepUnknownTargets = null;
            List<Query.TargetEntry> targets = new ArrayList<>(sub.targetList());
            for (int i = 0, visible = 0; i < targets.size(); i++) {
                Query.TargetEntry t = targets.get(i);
                if (t.junk()) {
                    continue;
                }
                int k = visible++;
                if (k < n && t.expr() instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
                    Expr typed = paths.get(k).isEmpty() ? assign(ps, c, def, targetColumns[k], c.location())
                            : indirection.coerceToLeaf(ps, c, leaves[k], def.columns().get(targetColumns[k]).name(),
                                    paths.get(k), at[k], c.location());
                    targets.set(i, new Query.TargetEntry(typed, t.name(), false));
                }
            }
            sub = new Query(sub.rangeTable(), sub.jointree(), List.copyOf(targets), sub.groupBy(), sub.having(),
                    sub.hasAggs(), sub.aggregates(), sub.windowFuncs(), sub.windows(), sub.sortClause(),
                    sub.distinct(), sub.limitCount(), sub.limitOffset(), sub.setOperations(), sub.ctes(),
                    sub.rowMarks(), sub.targetSetFunctions(), sub.modify());
            Query.Columns columns = Query.Columns.of(sub.targetList());
            Query analysed = sub;
            checkCounts(columns.names().size(), targetColumns, true, i -> targetLocation(analysed, i),
                    i -> s.getCols(i).getResTarget().getLocation());
            int index = ps.addEntry(new Query.SubqueryEntry(sub, "*SELECT*", columns.names(), columns.types(),
                    columns.typmods(), false));
            from.add(new Query.RangeRef(index));
            for (int i = 0; i < n; i++) {
                Expr var = ps.column(index, i, 0);
                values[i] = paths.get(i).isEmpty() ? assign(ps, var, def, targetColumns[i], targetLocation(sub, i))
                        : indirection.coerceToLeaf(ps, var, leaves[i], def.columns().get(targetColumns[i]).name(),
                                paths.get(i), at[i], targetLocation(sub, i));
            }
        }
        for (int i = 0; i < n; i++) {
            int column = targetColumns[i];
            if (paths.get(i).isEmpty()) {
                row[column] = values[i];
                continue;
            }
            Expr current = row[column];
            if (current != null && slots[i].composite() != null) {
                current = CompositeValues.column(current, slots[i].composite());
            }
            row[column] = finish(ps, indirection.apply(ps, current, slots[i], paths.get(i), values[i], at[i]), def,
                    column, at[i]);
        }
    }

    /** What a column holds, as assignment paths start from it. */
    private AssignmentIndirection.Slot slot(ColumnDef c) {
        CompositeType composite = composite(c);
        return composite != null ? AssignmentIndirection.Slot.of(composite)
                : new AssignmentIndirection.Slot(PgType.byOid(c.typeOid()), c.typeModifier(), null,
                        compositeArray(c));
    }

    /** A column's new value made by assignment paths, as the column stores it (checked against its domain). */
    private Expr finish(ParseState ps, Expr value, TableDef def, int column, int p) {
        ColumnDef c = def.columns().get(column);
        CompositeType composite = composite(c);
        return composite != null ? exprs.composites.store(ps, value, composite, c.name(), p)
                : toDomain(c, value, p);
    }

    /**
     * The SELECT's untyped literals made constants of their target columns' types now (with the literal's position
     * on bad input), as PostgreSQL's analysis of INSERT ... SELECT '5' does.
     */
    private Query typedLiterals(ParseState ps, Query sub, TableDef def, int[] targetColumns) {
        List<Query.TargetEntry> targets = new ArrayList<>(sub.targetList());
        boolean changed = false;
        for (int i = 0, visible = 0; i < targets.size(); i++) {
            Query.TargetEntry t = targets.get(i);
            if (t.junk()) {
                continue;
            }
            int column = visible < targetColumns.length ? targetColumns[visible] : -1;
            visible++;
            if (column >= 0 && t.expr() instanceof Expr.Const c && c.type() == PgType.UNKNOWN) {
                targets.set(i, new Query.TargetEntry(assign(ps, c, def, column, c.location()), t.name(), false));
                changed = true;
            }
        }
        if (!changed) {
            return sub;
        }
        return new Query(sub.rangeTable(), sub.jointree(), List.copyOf(targets), sub.groupBy(), sub.having(),
                sub.hasAggs(), sub.aggregates(), sub.windowFuncs(), sub.windows(), sub.sortClause(), sub.distinct(),
                sub.limitCount(), sub.limitOffset(), sub.setOperations(), sub.ctes(), sub.rowMarks(),
                sub.targetSetFunctions(), sub.modify());
    }

    /**
     * transformExpressionList's star expansion: {@code x.*} among VALUES items becomes x's columns (a FROM item's,
     * or a PL/pgSQL record variable's fields, as {@code INSERT ... VALUES (NEW.*)} in a trigger).
     */
    private List<Node> expandStars(ParseState ps, List<Node> items) {
        List<Node> out = new ArrayList<>();
        for (Node item : items) {
            if (!item.hasColumnRef() || item.getColumnRef().getFieldsCount() != 2
                    || !item.getColumnRef().getFields(1).hasAStar()) {
                out.add(item);
                continue;
            }
            PgQuery.ColumnRef ref = item.getColumnRef();
            String name = ref.getFields(0).getString().getSval();
            ParseState.Item found = ps.findItem(name, statement.position(ref.getLocation()), new int[1]);
            List<String> columns = found != null ? ps.entry(found.index()).columnNames()
                    : statement.parameterNames == null ? List.of() : statement.parameterNames.recordFields(name);
            if (columns.isEmpty()) {
                out.add(item);
                continue;
            }
            for (String column : columns) {
                out.add(Node.newBuilder().setColumnRef(PgQuery.ColumnRef.newBuilder()
                        .addFields(ref.getFields(0))
                        .addFields(Node.newBuilder().setString(PgQuery.String.newBuilder().setSval(column)))
                        .setLocation(ref.getLocation())).build());
            }
        }
        return out;
    }

    static boolean isPlainValues(PgQuery.SelectStmt s) {
        return s.getValuesListsCount() > 0 && s.getSortClauseCount() == 0 && !s.hasLimitCount()
                && !s.hasLimitOffset() && !s.hasWithClause() && s.getLockingClauseCount() == 0
                && s.getOp() == PgQuery.SetOperation.SETOP_NONE;
    }

    /** transformInsertRow's counts: more values than columns, or (with a column list) fewer. */
    private void checkCounts(int values, int[] columns, boolean explicit, java.util.function.IntUnaryOperator valueAt,
                             java.util.function.IntUnaryOperator columnAt) {
        if (values > columns.length) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns")
                    .withPosition(valueAt.applyAsInt(columns.length));
        }
        if (explicit && values < columns.length) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions")
                    .withPosition(statement.position(columnAt.applyAsInt(values)));
        }
    }

    /** One INSERT value for {@code column}: DEFAULT, or the expression as an assignment. */
    private Expr insertValue(ParseState ps, TableDef def, int result, int column, Node item, boolean overrideSystem,
                             boolean overrideUser) {
        if (column < 0) {
            throw notUpdatableColumn("insert into", -1 - column);
        }
        if (item.hasSetToDefault()) {
            return columnDefault(def, column);
        }
        checkIdentityInsert(def, column, overrideSystem, overrideUser);
        Expr e = exprs.expr(ps, item);
        if (identityOverridden(def, column, overrideUser)) {
            return columnDefault(def, column);
        }
        return assign(ps, e, def, column, exprs.leftmost(ps, item));
    }

    private static void checkIdentityInsert(TableDef def, int column, boolean overrideSystem, boolean overrideUser) {
        ColumnDef c = def.columns().get(column);
        if (c.identity() == ColumnDef.IDENTITY_ALWAYS && !overrideSystem && !overrideUser) {
            throw Messages.generatedAlways(c.name());
        }
    }

    /** OVERRIDING USER VALUE: an identity column's given value is replaced by its default. */
    private static boolean identityOverridden(TableDef def, int column, boolean overrideUser) {
        return overrideUser && def.columns().get(column).identity() != 0
                && def.columns().get(column).identity() != ' ';
    }

    private int valuesEntry(ParseState ps, List<List<Expr>> rows, TableDef def, int[] targetColumns) {
        List<String> names = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (int i = 0; i < targetColumns.length; i++) {
            ColumnDef c = def.columns().get(targetColumns[i]);
            names.add("column" + (i + 1));
            types.add(PgType.byOid(c.typeOid()));
            typmods.add(c.typeModifier());
        }
        return ps.addEntry(new Query.ValuesEntry(rows, "*VALUES*", names, types, typmods));
    }

    // ---------------------------------------------------------------- ON CONFLICT

    private Query.OnConflict onConflict(ParseState ps, PgQuery.OnConflictClause oc, int result, TableDef def) {
        boolean doUpdate = oc.getAction() == PgQuery.OnConflictAction.ONCONFLICT_UPDATE;
        if (oc.hasInfer()) {
            arbiter(ps, oc.getInfer(), def, result);
        } else if (doUpdate) {
            throw PgException.error(SqlState.SYNTAX_ERROR,
                    "ON CONFLICT DO UPDATE requires inference specification or constraint name")
                    .withHint("For example, ON CONFLICT (column_name).")
                    .withPosition(statement.position(oc.getLocation()));
        }
        if (!doUpdate) {
            return new Query.OnConflict(false, 0, null, null);
        }
        Query.RelationEntry target = (Query.RelationEntry) ps.entry(result);
        int excluded = ps.addEntry(new Query.RelationEntry(def, "excluded", target.columnNames(),
                target.columnTypes(), target.columnTypmods(), LockMode.ROW_EXCLUSIVE));
        addTargetToNamespace(ps, result);
        ps.namespace.add(new ParseState.Item("excluded", excluded, true, true, false));
        Expr[] set = assignments(ps, oc.getTargetListList(), def, result);
        Expr where = null;
        if (oc.hasWhereClause()) {
            String saved = ps.exprKind;
            ps.exprKind = "WHERE";
            try {
                where = exprs.condition(ps, oc.getWhereClause(), "WHERE");
            } finally {
                ps.exprKind = saved;
            }
        }
        ps.namespace.removeIf(item -> item.index() == excluded || item.index() == result);
        return new Query.OnConflict(true, excluded, java.util.Arrays.asList(set), where);
    }

    /** infer_arbiter_indexes: the unique index ON CONFLICT names (by columns or constraint name). */
    private IndexDef arbiter(ParseState ps, PgQuery.InferClause infer, TableDef def, int result) {
        if (!infer.getConname().isEmpty()) {
            for (IndexDef ix : def.indexes()) {
                if (ix.name().equals(infer.getConname()) && ix.unique() && !ix.partial()) {
                    return ix;
                }
            }
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "constraint \"" + infer.getConname()
                    + "\" for table \"" + def.name() + "\" does not exist");
        }
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        for (Node n : infer.getIndexElemsList()) {
            PgQuery.IndexElem e = n.getIndexElem();
            if (e.getName().isEmpty()) {
                throw Unsupported.of("ON CONFLICT on expressions");
            }
            columns.add(targetColumn(def, e.getName(), infer.getLocation(), null));
        }
        // a partial unique index is inferred only when the clause's WHERE implies its predicate
        List<Expr> where = infer.hasWhereClause() ? inferenceWhere(ps, infer.getWhereClause(), result) : List.of();
        for (IndexDef ix : def.indexes()) {
            if (ix.unique() && new java.util.HashSet<>(ix.columns()).equals(columns) && (!ix.partial()
                    || IndexPredicates.impliedBy(IndexPredicates.clauses(def, ix, result), where))) {
                return ix;
            }
        }
        throw PgException.error("42P10",
                "there is no unique or exclusion constraint matching the ON CONFLICT specification");
    }

    /** The AND-ed conditions of ON CONFLICT (columns) WHERE ..., analysed over the target table. */
    private List<Expr> inferenceWhere(ParseState ps, Node where, int result) {
        int before = ps.namespace.size();
        addTargetToNamespace(ps, result);
        String saved = ps.exprKind;
        ps.exprKind = "index predicates";
        try {
            List<Expr> out = new ArrayList<>();
            conjuncts(exprs.condition(ps, where, "WHERE"), out);
            return out;
        } finally {
            ps.exprKind = saved;
            while (ps.namespace.size() > before) {
                ps.namespace.removeLast();
            }
        }
    }

    private static void conjuncts(Expr e, List<Expr> out) {
        if (e instanceof Expr.BoolOp b && b.isAnd()) {
            for (Expr a : b.args()) {
                conjuncts(a, out);
            }
        } else {
            out.add(e);
        }
    }

    // ---------------------------------------------------------------- UPDATE and DELETE

    private Query update(ParseState parent, PgQuery.UpdateStmt s) {
        ParseState ps = newState(parent);
        if (s.hasWithClause()) {
            analyzer.withClause(ps, s.getWithClause());
        }
        int result = targetTable(ps, s.getRelation(), "UPDATE");
        if (readsColumns(s.getWhereClause()) || readsColumns(s.getReturningListList())
                || readsColumns(s.getTargetListList())) {
            requireTarget(Privileges.SELECT);
        }
        TableDef def = table(ps, result);
        List<Query.JoinNode> from = fromItems(ps, result, s.getFromClauseList());
        Expr where = withViewQual(where(ps, s.hasWhereClause() ? s.getWhereClause() : null));
        Expr[] set = assignments(ps, s.getTargetListList(), def, result);
        if (permissionBase == null && targetPermission != null) {
            for (int c = 0; c < set.length; c++) {
                if (set[c] != null) {
                    targetPermission.mark(Privileges.UPDATE, c + 1); // updatedCols
                }
            }
        }
        Expr[] row = new Expr[def.columns().size()];
        for (int c = 0; c < row.length; c++) {
            row[c] = set[c] != null ? set[c] : ps.column(result, c, 0);
        }
        List<Query.TargetEntry> returning = returning(ps, s.getReturningListList());
        return query(ps, from, where, row, def, new Query.Modify(Query.Command.UPDATE, result, returning, null,
                checkOption(), checkView()));
    }

    private Query delete(ParseState parent, PgQuery.DeleteStmt s) {
        ParseState ps = newState(parent);
        if (s.hasWithClause()) {
            analyzer.withClause(ps, s.getWithClause());
        }
        int result = targetTable(ps, s.getRelation(), "DELETE");
        if (readsColumns(s.getWhereClause()) || readsColumns(s.getReturningListList())) {
            requireTarget(Privileges.SELECT);
        }
        List<Query.JoinNode> from = fromItems(ps, result, s.getUsingClauseList());
        Expr where = withViewQual(where(ps, s.hasWhereClause() ? s.getWhereClause() : null));
        List<Query.TargetEntry> returning = returning(ps, s.getReturningListList());
        return query(ps, from, where, new Expr[0], table(ps, result),
                new Query.Modify(Query.Command.DELETE, result, returning, null, null, null));
    }

    // ---------------------------------------------------------------- MERGE

    /**
     * transformMergeStmt: the source joined to the target on the join condition (LEFT when a clause inserts, so
     * that unmatched source rows reach the NOT MATCHED clauses, else INNER); each WHEN clause analysed with both
     * visible (the target hidden from NOT MATCHED clauses), its INSERT row or UPDATE row complete per column.
     */
    private Query merge(ParseState parent, PgQuery.MergeStmt s) {
        ParseState ps = newState(parent);
        if (s.hasWithClause()) {
            if (s.getWithClause().getRecursive()) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "WITH RECURSIVE is not supported for MERGE statement");
            }
            analyzer.withClause(ps, s.getWithClause());
        }
        boolean[] terminal = new boolean[2];
        boolean inserts = false;
        for (Node n : s.getMergeWhenClausesList()) {
            PgQuery.MergeWhenClause w = n.getMergeWhenClause();
            int kind = w.getMatched() ? 0 : 1;
            if (terminal[kind]) {
                throw PgException.error(SqlState.SYNTAX_ERROR,
                        "unreachable WHEN clause specified after unconditional WHEN clause");
            }
            terminal[kind] |= !w.hasCondition();
            inserts |= w.getCommandType() == PgQuery.CmdType.CMD_INSERT;
        }
        targetPrivileges = Privileges.SELECT;
        for (Node n : s.getMergeWhenClausesList()) {
            targetPrivileges |= switch (n.getMergeWhenClause().getCommandType()) {
                case CMD_INSERT -> Privileges.INSERT;
                case CMD_UPDATE -> Privileges.UPDATE;
                case CMD_DELETE -> Privileges.DELETE;
                default -> 0;
            };
        }
        int result = targetTable(ps, s.getRelation(), "MERGE");
        TableDef def = table(ps, result);
        Query.JoinNode source = analyzer.fromItem(ps, s.getSourceRelation(), ps.namespace);
        List<ParseState.Item> afterFrom = new ArrayList<>();
        for (ParseState.Item item : ps.namespace) {
            afterFrom.add(new ParseState.Item(item.alias(), item.index(), item.relVisible(), item.colsVisible(), false));
        }
        ps.namespace = afterFrom;
        String targetAlias = ps.entry(result).alias();
        if (source instanceof Query.RangeRef ref && targetAlias.equals(ps.entry(ref.index()).alias())) {
            throw PgException.error(SqlState.DUPLICATE_ALIAS, "name \"" + targetAlias + "\" specified more than once")
                    .withDetail("The name is used both as MERGE target table and data source.");
        }
        addTargetToNamespace(ps, result);
        String saved = ps.exprKind;
        ps.exprKind = "JOIN conditions";
        Expr joinCondition;
        try {
            joinCondition = exprs.condition(ps, s.getJoinCondition(), "JOIN/ON");
        } finally {
            ps.exprKind = saved;
        }
        List<Query.MergeAction> actions = new ArrayList<>();
        List<ParseState.Item> all = ps.namespace;
        for (Node n : s.getMergeWhenClausesList()) {
            PgQuery.MergeWhenClause w = n.getMergeWhenClause();
            // setNamespaceForMergeWhen: NOT MATCHED has no target row to read
            List<ParseState.Item> visible = new ArrayList<>();
            for (ParseState.Item item : all) {
                visible.add(!w.getMatched() && item.index() == result ? item.withVisibility(false, false) : item);
            }
            ps.namespace = visible;
            try {
                actions.add(mergeAction(ps, w, def, result));
            } finally {
                ps.namespace = all;
            }
        }
        Query.JoinExpr join = new Query.JoinExpr(inserts ? Query.JoinKind.LEFT : Query.JoinKind.INNER, source,
                new Query.RangeRef(result), joinCondition, 0);
        return query(ps, List.of(join), null, new Expr[0], def, new Query.Modify(Query.Command.MERGE, result,
                List.of(), null, null, null, new Query.Merge(joinCondition, List.copyOf(actions))));
    }

    private Query.MergeAction mergeAction(ParseState ps, PgQuery.MergeWhenClause w, TableDef def, int result) {
        Expr condition = null;
        if (w.hasCondition()) {
            String saved = ps.exprKind;
            ps.exprKind = "MERGE WHEN";
            try {
                condition = exprs.condition(ps, w.getCondition(), "WHEN");
            } finally {
                ps.exprKind = saved;
            }
        }
        return switch (w.getCommandType()) {
            case CMD_INSERT -> new Query.MergeAction(w.getMatched(), Query.Command.INSERT, condition,
                    java.util.Arrays.asList(mergeInsertRow(ps, w, def, result)));
            case CMD_UPDATE -> {
                Expr[] set = assignments(ps, w.getTargetListList(), def, result);
                Expr[] row = new Expr[def.columns().size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = set[c] != null ? set[c] : ps.column(result, c, 0);
                }
                yield new Query.MergeAction(true, Query.Command.UPDATE, condition, java.util.Arrays.asList(row));
            }
            case CMD_DELETE -> new Query.MergeAction(true, Query.Command.DELETE, condition, List.of());
            default -> new Query.MergeAction(w.getMatched(), null, condition, List.of());
        };
    }

    /** A NOT MATCHED clause's INSERT [(columns)] VALUES (...) | DEFAULT VALUES, as the complete new row. */
    private Expr[] mergeInsertRow(ParseState ps, PgQuery.MergeWhenClause w, TableDef def, int result) {
        int columnCount = def.columns().size();
        boolean explicit = w.getTargetListCount() > 0;
        int[] targetColumns = new int[explicit ? w.getTargetListCount() : columnCount];
        for (int i = 0; i < targetColumns.length; i++) {
            if (!explicit) {
                targetColumns[i] = i;
                continue;
            }
            PgQuery.ResTarget col = w.getTargetList(i).getResTarget();
            if (col.getIndirectionCount() > 0) {
                throw Unsupported.of("INSERT into subscripts or fields");
            }
            targetColumns[i] = targetColumn(def, col.getName(), col.getLocation(), "insert into");
            for (int j = 0; j < i; j++) {
                if (targetColumns[j] == targetColumns[i]) {
                    throw PgException.error("42701", "column \"" + col.getName() + "\" specified more than once")
                            .withPosition(statement.position(col.getLocation()));
                }
            }
        }
        boolean overrideSystem = w.getOverride() == PgQuery.OverridingKind.OVERRIDING_SYSTEM_VALUE;
        boolean overrideUser = w.getOverride() == PgQuery.OverridingKind.OVERRIDING_USER_VALUE;
        Expr[] row = new Expr[columnCount];
        List<Node> items = expandStars(ps, w.getValuesList());
        if (!items.isEmpty()) {
            checkCounts(items.size(), targetColumns, explicit, i -> exprs.location(ps, items.get(i)),
                    i -> w.getTargetList(i).getResTarget().getLocation());
            String saved = ps.exprKind;
            ps.exprKind = "VALUES";
            try {
                for (int i = 0; i < items.size(); i++) {
                    int column = targetColumns[i];
                    row[column] = insertValue(ps, def, result, column, items.get(i), overrideSystem, overrideUser);
                }
            } finally {
                ps.exprKind = saved;
            }
        }
        for (int c = 0; c < columnCount; c++) {
            if (row[c] == null) {
                row[c] = columnDefault(def, c);
            }
        }
        return row;
    }

    /** The target first (visible by its alias), then the FROM/USING items, as one join list. */
    private List<Query.JoinNode> fromItems(ParseState ps, int result, List<Node> items) {
        addTargetToNamespace(ps, result);
        List<Query.JoinNode> from = new ArrayList<>();
        from.add(new Query.RangeRef(result));
        for (Node item : items) {
            from.add(analyzer.fromItem(ps, item, ps.namespace));
        }
        List<ParseState.Item> visible = new ArrayList<>();
        for (ParseState.Item item : ps.namespace) {
            visible.add(new ParseState.Item(item.alias(), item.index(), item.relVisible(), item.colsVisible(), false));
        }
        ps.namespace = visible;
        return from;
    }

    private Expr where(ParseState ps, Node node) {
        if (node == null) {
            return null;
        }
        String saved = ps.exprKind;
        ps.exprKind = "WHERE";
        try {
            return exprs.condition(ps, node, "WHERE");
        } finally {
            ps.exprKind = saved;
        }
    }

    /** UPDATE's SET list (and ON CONFLICT DO UPDATE's): per column its new value, null where not set. */
    private Expr[] assignments(ParseState ps, List<Node> targets, TableDef def, int result) {
        Expr[] set = new Expr[def.columns().size()];
        Expr.SubQuery multi = null;
        String saved = ps.exprKind;
        ps.exprKind = "UPDATE";
        try {
            for (Node n : targets) {
                PgQuery.ResTarget rt = n.getResTarget();
                int column = targetColumn(def, rt.getName(), rt.getLocation(), "update");
                if (column < 0) {
                    throw notUpdatableColumn("update", -1 - column);
                }
                if (rt.getIndirectionCount() > 0 && (rt.getIndirection(0).hasString()
                        || compositeArray(def.columns().get(column)) != null)) {
                    // SET c.f = v: the composite from the column's value (or an earlier assignment), f replaced
                    set[column] = pathAssignment(ps, rt, set[column], def, result, column);
                    continue;
                }
                if (rt.getIndirectionCount() > 0) {
                    // SET a[i] = v / a[l:u] = w: the new array from the column's value (or an earlier assignment)
                    Expr current = set[column] != null ? set[column] : ps.column(result, column, 0);
                    set[column] = subscriptedAssignment(ps, rt, current, def, column);
                    continue;
                }
                if (set[column] != null) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "multiple assignments to same column \""
                            + rt.getName() + "\"");
                }
                Node val = rt.getVal();
                if (val.hasMultiAssignRef() && val.getMultiAssignRef().getSource().hasSubLink()) {
                    // SET (a, b) = (SELECT x, y ...): one subquery row, a column of it per target
                    PgQuery.MultiAssignRef m = val.getMultiAssignRef();
                    if (m.getColno() == 1) {
                        multi = multiAssignSubquery(ps, m);
                    }
                    PgType type = multi.query().targetList().get(m.getColno() - 1).expr().type();
                    Expr field = new Expr.RowField(multi, m.getColno() - 1, type);
                    set[column] = assign(ps, field, def, column, multi.location());
                    continue;
                }
                if (val.hasMultiAssignRef()) {
                    PgQuery.MultiAssignRef m = val.getMultiAssignRef();
                    if (!m.getSource().hasRowExpr()) {
                        throw Unsupported.of("multiple-column UPDATE with this source");
                    }
                    List<Node> args = m.getSource().getRowExpr().getArgsList();
                    if (args.size() != m.getNcolumns()) {
                        throw PgException.error(SqlState.SYNTAX_ERROR, "number of columns does not match number"
                                + " of values").withPosition(exprs.location(ps, m.getSource()));
                    }
                    val = args.get(m.getColno() - 1);
                }
                ColumnDef c = def.columns().get(column);
                if (val.hasSetToDefault()) {
                    set[column] = columnDefault(def, column);
                    continue;
                }
                if (c.identity() == ColumnDef.IDENTITY_ALWAYS) {
                    throw Messages.updateGeneratedAlways(c.name());
                }
                set[column] = assign(ps, exprs.expr(ps, val), def, column, exprs.leftmost(ps, val));
            }
        } finally {
            ps.exprKind = saved;
        }
        return set;
    }

    /**
     * transformAssignmentIndirection from a field ({@code SET c.f = v}, {@code SET c.f[2] = v}): the column's value
     * (or an earlier assignment to it in the same SET list) with that part replaced.
     */
    private Expr pathAssignment(ParseState ps, PgQuery.ResTarget rt, Expr assigned, TableDef def, int result,
                                int column) {
        ColumnDef c = def.columns().get(column);
        int p = statement.position(rt.getLocation());
        AssignmentIndirection.Slot slot = slot(c);
        List<Node> path = rt.getIndirectionList();
        AssignmentIndirection.Slot leaf = AssignmentIndirection.leaf(slot, c.name(), path, p);
        Node val = rt.getVal();
        if (val.hasSetToDefault()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot set a subfield to DEFAULT")
                    .withPosition(p);
        }
        Expr value = indirection.coerceToLeaf(ps, exprs.expr(ps, val), leaf, c.name(), path, p,
                exprs.leftmost(ps, val));
        Expr current = assigned != null ? assigned : ps.column(result, column, 0);
        if (slot.composite() != null) {
            current = CompositeValues.column(current, slot.composite());
        }
        return finish(ps, indirection.apply(ps, current, slot, path, value, p), def, column, p);
    }

    /** {@code j[s1][s2] = v} of a jsonb column (jsonb_subscript_transform with isAssignment, then the assign step). */
    private Expr jsonbSubscriptedAssignment(ParseState ps, PgQuery.ResTarget rt, Expr current, String column) {
        List<Expr> subscripts = new ArrayList<>();
        for (Node n : rt.getIndirectionList()) {
            if (!n.hasAIndices()) {
                throw Unsupported.of("UPDATE of fields");
            }
            PgQuery.A_Indices i = n.getAIndices();
            if (i.getIsSlice()) {
                Node at = i.hasUidx() ? i.getUidx() : i.getLidx();
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "jsonb subscript does not support slices")
                        .withPosition(exprs.location(ps, at));
            }
            subscripts.add(exprs.arrays.jsonbSubscriptValue(ps, i.getUidx()));
        }
        Node val = rt.getVal();
        Expr value = exprs.expr(ps, val);
        try {
            value = exprs.coerce(ps, value, PgType.JSONB, -1, Casts.Context.ASSIGNMENT, exprs.leftmost(ps, val));
        } catch (PgException e) {
            if (e.sqlState().equals(Messages.CANNOT_COERCE)) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "subscripted assignment to \"" + column
                        + "\" requires type jsonb but expression is of type " + value.type().sqlName())
                        .withHint("You will need to rewrite or cast the expression.")
                        .withPosition(exprs.leftmost(ps, val));
            }
            throw e;
        }
        return osgres.sql.internal.func.JsonFunctions.assignSubscript(current, subscripts, value);
    }

    /**
     * transformAssignmentIndirection for subscripts: {@code a[i][j] = v} sets one element (array_set_element),
     * {@code a[l:u] = w} a slice (array_set_slice), with PostgreSQL's rules for growing and for nulls.
     */
    private Expr subscriptedAssignment(ParseState ps, PgQuery.ResTarget rt, Expr current, TableDef def, int column) {
        ColumnDef c = def.columns().get(column);
        PgType arrayType = PgType.byOid(c.typeOid());
        int p = statement.position(rt.getLocation());
        if (arrayType == PgType.JSONB) {
            return jsonbSubscriptedAssignment(ps, rt, current, c.name());
        }
        if (!arrayType.isArray()) {
            throw PgException.error(SqlState.DATATYPE_MISMATCH, "cannot subscript type " + arrayType.sqlName()
                    + " because it does not support subscripting").withPosition(p);
        }
        List<PgQuery.A_Indices> indices = new ArrayList<>();
        for (Node n : rt.getIndirectionList()) {
            if (!n.hasAIndices()) {
                throw Unsupported.of("UPDATE of fields");
            }
            indices.add(n.getAIndices());
        }
        boolean slice = indices.stream().anyMatch(PgQuery.A_Indices::getIsSlice);
        int k = indices.size();
        List<Expr> args = new ArrayList<>();
        args.add(current);
        for (PgQuery.A_Indices i : indices) {
            if (slice) {
                args.add(i.getIsSlice() ? (i.hasLidx() ? exprs.arrays.subscript(ps, i.getLidx())
                        : new Expr.Const(PgType.INT4, null, p)) : new Expr.Const(PgType.INT4, 1, p));
            }
            args.add(i.hasUidx() ? exprs.arrays.subscript(ps, i.getUidx()) : new Expr.Const(PgType.INT4, null, p));
        }
        Node val = rt.getVal();
        PgType valueType = slice ? arrayType : arrayType.elementType();
        Expr value = exprs.expr(ps, val);
        try {
            value = exprs.coerce(ps, value, valueType, -1, Casts.Context.ASSIGNMENT, exprs.leftmost(ps, val));
        } catch (PgException e) {
            if (e.sqlState().equals(Messages.CANNOT_COERCE)) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "subscripted assignment to \"" + c.name()
                        + "\" requires type " + valueType.sqlName() + " but expression is of type "
                        + value.type().sqlName()).withHint("You will need to rewrite or cast the expression.")
                        .withPosition(exprs.leftmost(ps, val));
            }
            throw e;
        }
        args.add(value);
        int elementOid = arrayType.elementType().oid();
        boolean isSlice = slice;
        return new Expr.Call("array_assign", arrayType, args, false, (ctx, v) -> {
            osgres.storage.ArrayValue array = (osgres.storage.ArrayValue) v[0];
            Object assigned = v[v.length - 1];
            if (isSlice) {
                Integer[] lower = new Integer[k];
                Integer[] upper = new Integer[k];
                for (int d = 0; d < k; d++) {
                    lower[d] = (Integer) v[1 + 2 * d];
                    upper[d] = (Integer) v[2 + 2 * d];
                }
                return ArrayFunctions.assignSlice(array, elementOid, lower, upper,
                        (osgres.storage.ArrayValue) assigned);
            }
            Integer[] subscripts = new Integer[k];
            for (int d = 0; d < k; d++) {
                subscripts[d] = (Integer) v[1 + d];
            }
            return ArrayFunctions.assignElement(array, elementOid, subscripts, assigned);
        });
    }

    /** The subquery of {@code SET (a, b, ...) = (SELECT ...)}: as many columns as targets (42601 otherwise). */
    private Expr.SubQuery multiAssignSubquery(ParseState ps, PgQuery.MultiAssignRef m) {
        PgQuery.SubLink link = m.getSource().getSubLink();
        int p = statement.position(link.getLocation());
        Query sub = analyzer.subquery(ps, link.getSubselect());
        int columns = sub.visibleCount();
        if (columns != m.getNcolumns()) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "number of columns does not match number of values")
                    .withPosition(p);
        }
        return new Expr.SubQuery(Expr.SubQueryKind.MULTIEXPR, sub, List.of(), null, PgType.UNKNOWN, p);
    }

    // ---------------------------------------------------------------- shared parts

    /**
     * The privileges the target relation needs (the view's for the current user, its base table's for the view's
     * owner): those a statement that only writes needs; {@link #requireTarget} adds those its reading needs.
     */
    private void requireTarget(int privileges) {
        if (targetPermission != null) {
            targetPermission.add(privileges);
        } else if (permissionTarget != null) {
            targetPermission = statement.require(permissionTarget, privileges);
        }
        if (permissionBase != null) {
            statement.require(permissionBase, privileges, permissionTarget.acl().owner());
        }
    }

    /** Does this part of the statement's raw tree name a column (markVarForSelectPriv would mark one)? */
    private static boolean readsColumns(Object tree) {
        return switch (tree) {
            case PgQuery.ColumnRef c -> true;
            case List<?> list -> list.stream().anyMatch(ModifyAnalyzer::readsColumns);
            case com.google.protobuf.Message message -> message.getAllFields().values().stream()
                    .anyMatch(ModifyAnalyzer::readsColumns);
            default -> false;
        };
    }

    /** setTargetTable: opens the table to change RowExclusive and adds its entry (not yet visible). */
    private int targetTable(ParseState ps, PgQuery.RangeVar rv, String command) {
        int p = statement.position(rv.getLocation());
        String name = rv.getRelname();
        String schema = rv.getSchemaname().isEmpty() ? null : rv.getSchemaname();
        if (!rv.getCatalogname().isEmpty()) {
            throw Unsupported.of("cross-database references");
        }
        boolean known = schema == null || schema.equals("public") || schema.startsWith("pg_temp");
        TableDef def = known ? statement.open(schema == null ? name : schema + "." + name, LockMode.ROW_EXCLUSIVE)
                : null;
        if (def == null) {
            if (!known && !schema.equals("pg_catalog")) {
                throw PgException.error("3F000", "schema \"" + schema + "\" does not exist").withPosition(p);
            }
            if (SystemViews.find(schema, name) != null) {
                throw Unsupported.of("changing a system view");
            }
            throw Messages.relationDoesNotExist(schema == null ? name : schema + "." + name, p);
        }
        statement.checkSchemaUsage(def, schema, name, p);
        if (def.isSequence()) {
            throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "cannot change sequence \"" + def.name() + "\"");
        }
        permissionTarget = def;
        permissionBase = null;
        targetPermission = null;
        requireTarget(switch (command) {
            case "INSERT" -> Privileges.INSERT;
            case "UPDATE" -> Privileges.UPDATE;
            case "DELETE" -> Privileges.DELETE;
            default -> targetPrivileges;
        });
        String alias = rv.hasAlias() ? rv.getAlias().getAliasname() : name;
        target = def;
        if (command.equals("MERGE") && !RuleRewriter.rulesFor(statement, def, Query.Command.MERGE).isEmpty()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot execute MERGE on relation \""
                    + def.name() + "\"").withDetail("MERGE is not supported for relations with rules.");
        }
        if (def.isView() && !ignoreRules && !command.equals("MERGE")
                && !RuleRewriter.rulesFor(statement, def, Query.Command.valueOf(command)).isEmpty()) {
            // the rules decide what happens; the statement itself only reads the view (OLD's rows)
            ruleView = true;
            return analyzer.viewReference(ps, def, alias, rv).index();
        }
        if (command.equals("MERGE") && def.isView()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot execute MERGE on relation \""
                    + def.name() + "\"").withDetail("This operation is not supported for views.");
        }
        if (def.isView()) {
            return viewTarget(ps, def, alias, command);
        }
        if (!command.equals("INSERT") && rv.getInh()) {
            return ps.addEntry(relationEntry(def, alias).withMembers(statement.members(def, LockMode.ROW_EXCLUSIVE)));
        }
        return ps.addEntry(relationEntry(def, alias));
    }

    private static Query.RelationEntry relationEntry(TableDef def, String alias) {
        Query.Columns c = Query.Columns.of(def);
        return new Query.RelationEntry(def, alias, c.names(), c.types(), c.typmods(), LockMode.ROW_EXCLUSIVE);
    }

    /**
     * rewriteTargetView: an auto-updatable view becomes its base table (opened RowExclusive); its columns stay
     * visible under the view's name as expressions over the base table, and its WHERE joins the statement's.
     */
    private int viewTarget(ParseState ps, TableDef viewDef, String alias, String command) {
        ViewUpdatability.Verdict verdict = ViewUpdatability.simpleTarget(viewDef, statement,
                !command.equals("DELETE"));
        if (verdict instanceof ViewUpdatability.NotUpdatable no) {
            throw ViewUpdatability.notUpdatable(command, viewDef.name(), no.reason());
        }
        ViewUpdatability.Updatable u = (ViewUpdatability.Updatable) verdict;
        if (u.base() == null || u.base().isView()) {
            throw Unsupported.of("changing a view over a view");
        }
        TableDef base = statement.open(u.base().name(), LockMode.ROW_EXCLUSIVE);
        if (base == null) {
            throw Messages.relationDoesNotExist(u.base().name(), 0);
        }
        // rewriteTargetView: the base relation is changed with the view owner's privileges
        statement.require(base, command.equals("INSERT") ? Privileges.INSERT
                : command.equals("UPDATE") ? Privileges.UPDATE : Privileges.DELETE, viewDef.acl().owner());
        permissionBase = base;
        int result = ps.addEntry(relationEntry(base, base.name()));
        target = base; // rewriteTargetView's query changes the base table: its rules fire
        Query viewQuery = u.query();
        int viewBase = ((Query.RangeRef) viewQuery.jointree().items().getFirst()).index();
        List<String> names = new ArrayList<>();
        List<Expr> columns = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (Query.TargetEntry t : viewQuery.targetList()) {
            if (t.junk()) {
                continue;
            }
            Expr e = onto(t.expr(), viewBase, result);
            names.add(t.name());
            columns.add(e);
            types.add(e.type());
            typmods.add(e.typmod());
        }
        int index = ps.addEntry(new Query.JoinEntry(Query.JoinKind.INNER, alias, names, columns, types, typmods));
        view = new ViewTarget(viewDef, names, u.baseColumns(), u.columnReasons(), index,
                onto(viewQuery.jointree().quals(), viewBase, result));
        return result;
    }

    /** An expression of the view's query, over its one relation, made to read the statement's base entry. */
    private static Expr onto(Expr e, int viewBase, int result) {
        if (e == null) {
            return null;
        }
        if (e instanceof Expr.Var v) {
            if (v.levelsUp() != 0 || v.varno() != viewBase) {
                throw Unsupported.of("views whose columns read other relations");
            }
            return new Expr.Var(result, v.attno(), 0, v.type(), v.typmod(), v.name(), v.location());
        }
        if (e instanceof Expr.SubQuery sq) {
            // a sublink of the view's WHERE: its references to the view's relation read the base entry instead
            Query moved = (Query) QueryTrees.rewrite(sq.query(), 1, (node, depth) -> {
                if (node instanceof Expr.Var v && v.levelsUp() == depth) {
                    if (v.varno() != viewBase) {
                        throw Unsupported.of("views whose columns read other relations");
                    }
                    return new Expr.Var(result, v.attno(), v.levelsUp(), v.type(), v.typmod(), v.name(),
                            v.location());
                }
                return null;
            });
            List<Expr> left = new ArrayList<>();
            for (Expr l : sq.left()) {
                left.add(onto(l, viewBase, result));
            }
            return new Expr.SubQuery(sq.kind(), moved, left, onto(sq.test(), viewBase, result), sq.type(),
                    sq.location());
        }
        return ExprTrees.map(e, c -> onto(c, viewBase, result));
    }

    /** The view's WHERE added to an UPDATE's or DELETE's (rewriteTargetView's AddQual). */
    private Expr withViewQual(Expr where) {
        if (view == null || view.qual() == null) {
            return where;
        }
        return where == null ? view.qual() : new Expr.BoolOp(true, List.of(view.qual(), where));
    }

    /** WITH CHECK OPTION: the view's WHERE, which each new row must satisfy (null: none to check). */
    private Expr checkOption() {
        return view == null || view.viewDef().view().checkOption() == null ? null : view.qual();
    }

    private String checkView() {
        return checkOption() == null ? null : view.viewDef().name();
    }

    /** 0A000 for a view column that is not a plain column of the base table. */
    private PgException notUpdatableColumn(String verb, int viewColumn) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot " + verb + " column \""
                + view.names().get(viewColumn) + "\" of view \"" + view.viewDef().name() + "\"")
                .withDetail(view.reasons().get(viewColumn));
    }

    private TableDef table(ParseState ps, int index) {
        return ruleView ? target : ((Query.RelationEntry) ps.entry(index)).table();
    }

    /** Makes the target visible by its name (a view's by the view's columns). */
    private void addTargetToNamespace(ParseState ps, int result) {
        int index = view != null ? view.namespaceIndex() : result;
        for (ParseState.Item item : ps.namespace) {
            if (item.index() == index) {
                return;
            }
        }
        ps.namespace.add(new ParseState.Item(ps.entry(index).alias(), index, true, true, false));
    }

    /**
     * The table column a target column name means; through a view, {@code -1 - viewColumn} for a view column that
     * is not updatable ({@code verb} null: it must be a table's column).
     */
    private int targetColumn(TableDef def, String name, int location, String verb) {
        int i = view == null ? def.columnIndex(name) : view.names().indexOf(name);
        if (i < 0) {
            String relation = view == null ? def.name() : view.viewDef().name();
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \""
                    + relation + "\" does not exist").withPosition(statement.position(location));
        }
        if (view == null) {
            return i;
        }
        int base = view.baseColumns()[i];
        if (base < 0 && verb == null) {
            throw notUpdatableColumn("insert into", i);
        }
        return base < 0 ? -1 - i : base;
    }

    /** transformAssignedExpr: the value coerced to the column's type as an assignment. */
    private Expr assign(ParseState ps, Expr value, TableDef def, int column, int position) {
        ColumnDef c = def.columns().get(column);
        PgType type = PgType.byOid(c.typeOid());
        CompositeType composite = composite(c);
        if (composite != null) {
            return exprs.composites.store(ps, value, composite, c.name(), position);
        }
        EnumType enumType = enumType(c);
        if (enumType != null) {
            return EnumValues.store(exprs, ps, value, enumType, c.name(), position);
        }
        try {
            return toDomain(c, exprs.coerce(ps, value, type, c.typeModifier(), Casts.Context.ASSIGNMENT, position),
                    position);
        } catch (PgException e) {
            if (e.sqlState().equals(Messages.CANNOT_COERCE)) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "column \"" + c.name() + "\" is of type "
                        + type.sqlName() + " but expression is of type " + value.type().sqlName())
                        .withHint("You will need to rewrite or cast the expression.").withPosition(position);
            }
            throw e;
        }
    }

    /** build_column_default: the column's DEFAULT (analysed here, coerced to the column), or a typed NULL. */
    private Expr columnDefault(TableDef def, int column) {
        ColumnDef c = def.columns().get(column);
        PgType type = PgType.byOid(c.typeOid());
        Domain domain = domain(c);
        String defaultSql = c.defaultSql() != null || domain == null ? c.defaultSql() : domain.defaultSql();
        if (defaultSql == null) {
            return toDomain(c, new Expr.Const(type, null, -1), -1);
        }
        return toDomain(c, defaultExpression(exprs, defaultSql, type, c.typeModifier(), statement.zone,
                "DEFAULT expressions", statement), -1);
    }

    /** The column's composite type (it stores the value's text), null for a column of another type. */
    private CompositeType composite(ColumnDef c) {
        if (c.domain() == 0 || statement.domains == null || c.typeOid() != PgType.TEXT.oid()) {
            return null;
        }
        CompositeType t = statement.domains.compositeByOid(c.domain());
        if (t != null) {
            statement.callsUserFunctions = true; // a later DROP TYPE changes the plan
        }
        return t;
    }

    /** The column's enum type (it stores the label), null for a column of another type. */
    private EnumType enumType(ColumnDef c) {
        if (c.domain() == 0 || statement.domains == null) {
            return null;
        }
        EnumType t = statement.domains.enumByOid(c.domain());
        if (t != null) {
            statement.callsUserFunctions = true; // a later ALTER or DROP TYPE changes the plan
        }
        return t;
    }

    /** The element type of a column of an array of a composite type (a text[] of record texts), else null. */
    private CompositeType compositeArray(ColumnDef c) {
        if (c.domain() == 0 || statement.domains == null || c.typeOid() != PgType.TEXT_ARRAY.oid()) {
            return null;
        }
        CompositeType t = statement.domains.compositeByOid(c.domain());
        if (t != null) {
            statement.callsUserFunctions = true;
        }
        return t;
    }

    /** The column's domain, null for a column of a base type (or of a composite or enum type, or an array of one). */
    private Domain domain(ColumnDef c) {
        if (c.domain() == 0 || statement.domains == null || composite(c) != null || enumType(c) != null
                || compositeArray(c) != null) {
            return null;
        }
        Domain d = statement.domains.byOid(c.domain());
        statement.callsUserFunctions = true; // the domain's checks are part of the plan
        if (d == null) {
            throw PgException.error("XX000", "cache lookup failed for type " + c.domain());
        }
        return d;
    }

    /** A value stored into a column of a domain is checked against it (the rewriter's coerce_to_domain). */
    private Expr toDomain(ColumnDef c, Expr value, int position) {
        Domain d = domain(c);
        return d == null ? value : new Expr.CoerceToDomain(value, d, position);
    }

    /**
     * cookDefault: a column DEFAULT's text analysed and coerced to the column's type as an assignment (what CREATE
     * TABLE and ALTER TABLE check, and what INSERT and UPDATE evaluate).
     */
    public static Expr columnDefault(String defaultSql, PgType type, int typmod, java.time.ZoneId zone) {
        return standaloneExpression(defaultSql, type, typmod, zone, "DEFAULT expressions");
    }

    /** A column's DEFAULT that may name the user types {@code domains} knows (enums: {@code 'x'::mood}). */
    public static Expr columnDefault(String defaultSql, PgType type, int typmod, java.time.ZoneId zone,
                                     osgres.sql.internal.utils.DomainLookup domains) {
        ParseState.Statement outer = new ParseState.Statement("", 0, 0, zone, false, new int[0],
                (name, mode) -> null);
        outer.domains = domains;
        try {
            return defaultExpression(ParseAnalyzer.expressionAnalyzer(outer), defaultSql, type, typmod, zone,
                    "DEFAULT expressions", outer);
        } catch (Unsupported e) {
            throw Messages.notSupported(e.getMessage(), 0);
        }
    }

    /**
     * An expression that reads no table (a DEFAULT, a partition bound value), coerced by assignment to
     * {@code type}; {@code exprKind} names it in "aggregate functions are not allowed in ..." errors.
     */
    public static Expr standaloneExpression(String sql, PgType type, int typmod, java.time.ZoneId zone,
                                            String exprKind) {
        ParseState.Statement none = new ParseState.Statement("", 0, 0, zone, false, new int[0], (name, mode) -> null);
        try {
            return defaultExpression(ParseAnalyzer.expressionAnalyzer(none), sql, type, typmod, zone, exprKind);
        } catch (Unsupported e) {
            throw Messages.notSupported(e.getMessage(), 0);
        }
    }

    private static Expr defaultExpression(ExprAnalyzer exprs, String defaultSql, PgType type, int typmod,
                                          java.time.ZoneId zone) {
        return defaultExpression(exprs, defaultSql, type, typmod, zone, "DEFAULT expressions");
    }

    private static Expr defaultExpression(ExprAnalyzer exprs, String defaultSql, PgType type, int typmod,
                                          java.time.ZoneId zone, String exprKind) {
        return defaultExpression(exprs, defaultSql, type, typmod, zone, exprKind, null);
    }

    /** {@code outer}: the statement the default is used in, whose user types and functions it may name. */
    private static Expr defaultExpression(ExprAnalyzer exprs, String defaultSql, PgType type, int typmod,
                                          java.time.ZoneId zone, String exprKind, ParseState.Statement outer) {
        String text = "SELECT " + defaultSql;
        Node val = PgParser.parse(text).getStmts(0).getStmt().getSelectStmt().getTargetList(0).getResTarget()
                .getVal();
        ParseState.Statement own = new ParseState.Statement(text, 0, text.length(), zone, false, new int[0],
                (name, mode) -> null);
        if (outer != null) {
            own.domains = outer.domains;
            own.functions = outer.functions;
        }
        ParseState ps = new ParseState(own, null);
        ps.exprKind = exprKind;
        return exprs.coerce(ps, exprs.expr(ps, val), type, typmod, Casts.Context.ASSIGNMENT, 0);
    }

    private List<Query.TargetEntry> returning(ParseState ps, List<Node> list) {
        List<Query.TargetEntry> out = new ArrayList<>();
        String saved = ps.exprKind;
        ps.exprKind = "RETURNING";
        try {
            for (Node n : list) {
                analyzer.targetEntry(ps, n.getResTarget(), out, false);
            }
        } finally {
            ps.exprKind = saved;
        }
        return List.copyOf(out);
    }

    /** Where a query's {@code i}-th output column was written: a set operation's come from its leftmost leaf. */
    private static int targetLocation(Query q, int i) {
        Query.SetOperation op = q.setOperations();
        while (op instanceof Query.SetOp setOp) {
            op = setOp.left();
        }
        if (op instanceof Query.SetLeaf leaf
                && q.rangeTable().get(leaf.rangeIndex() - 1) instanceof Query.SubqueryEntry entry) {
            return targetLocation(entry.subquery(), i);
        }
        List<Query.TargetEntry> visible = q.targetList().stream().filter(t -> !t.junk()).toList();
        return i < visible.size() ? location(visible.get(i).expr()) : 0;
    }

    /** exprLocation for an error position: a column's or a constant's own location, else none (0). */
    private static int location(Expr e) {
        return switch (e) {
            case Expr.Var v -> Math.max(0, v.location());
            case Expr.Const c -> Math.max(0, c.location());
            default -> 0;
        };
    }

    private static Query query(ParseState ps, List<Query.JoinNode> from, Expr where, Expr[] row, TableDef def,
                               Query.Modify modify) {
        List<Query.TargetEntry> targets = new ArrayList<>();
        for (int c = 0; c < row.length; c++) {
            targets.add(new Query.TargetEntry(row[c], def.columns().get(c).name(), false));
        }
        return new Query(List.copyOf(ps.rangeTable), new Query.FromExpr(from, where), List.copyOf(targets),
                List.of(), null, false, List.of(), List.of(), List.of(), List.of(), null, null, null, null,
                ParseAnalyzer.ctes(ps), null, List.of(), modify);
    }
}
