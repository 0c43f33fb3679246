/*
 * Parse analysis of queries, PostgreSQL's analyze.c transformSelectStmt with parse_clause.c (FROM, WHERE,
 * GROUP BY, ORDER BY, DISTINCT, LIMIT, WINDOW), parse_cte.c (WITH) and transformSetOperationStmt: turns a raw
 * SelectStmt of PostgreSQL's own grammar into a Query tree. The order is PostgreSQL's: WITH, FROM (tables are opened
 * and locked here, AccessShare or RowShare under FOR UPDATE/SHARE), the target list, WHERE, HAVING, ORDER BY,
 * GROUP BY, DISTINCT, LIMIT/OFFSET and the locking clause; then the grouping check (a column outside an aggregate
 * must be grouped, 42803). A view named in FROM becomes its stored query, analysed again, as a subquery entry
 * (the rewriter's work in PostgreSQL; ViewExpansion). Expressions go to ExprAnalyzer. What the Planner cannot run
 * yet throws Unsupported.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.pgquery.tree.PgQuery;
import osgres.sql.internal.catalog.Privileges;
import osgres.sql.internal.catalog.InformationSchema;
import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.func.JsonFunctions;
import osgres.sql.internal.func.Operators;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.parser.RawParser;
import osgres.sql.internal.utils.Casts;
import osgres.sql.internal.utils.Messages;
import osgres.sql.internal.utils.PgType;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.ColumnDef;
import osgres.storage.LockMode;
import osgres.storage.LockWaitPolicy;
import osgres.storage.RowLockStrength;
import osgres.storage.TableDef;
import osgres.sql.internal.nodes.FunctionParameters;
import osgres.sql.internal.utils.SqlFunction;

public final class ParseAnalyzer {
    final ExprAnalyzer exprs = new ExprAnalyzer(this);
    private final ParseState.Statement statement;
    /** Set while a rule's SELECT action is analysed, until its top level is made. */
    private RuleRewriter.Scope ruleScope;

    private ParseAnalyzer(ParseState.Statement statement) {
        this.statement = statement;
    }

    /** The analyzer of {@code statement} (a rule's actions, analysed inside the statement that fires them). */
    static ParseAnalyzer of(ParseState.Statement statement) {
        return new ParseAnalyzer(statement);
    }

    /** An expression analyzer for expressions outside a query (column defaults). */
    static ExprAnalyzer expressionAnalyzer(ParseState.Statement statement) {
        return new ParseAnalyzer(statement).exprs;
    }

    /**
     * The analysis of a top-level statement: its Query and the parameter types it settled; {@code rewritten} the
     * queries an INSERT, UPDATE or DELETE became through rules (null when no rule fired).
     */
    public record Result(Query query, PgType[] parameterTypes, List<TableDef> tables, List<LockMode> lockModes,
                         RuleRewriter.Rewritten rewritten) {
        public Result(Query query, PgType[] parameterTypes, List<TableDef> tables, List<LockMode> lockModes) {
            this(query, parameterTypes, tables, lockModes, null);
        }
    }

    /** Analyses {@code node}, one SelectStmt of {@code sql} parsed from offset {@code base} to {@code end}. */
    public static Result analyzeSelect(Node node, ParseState.Statement statement) {
        ParseAnalyzer a = new ParseAnalyzer(statement);
        return result(a.selectStatement(null, node.getSelectStmt()), statement);
    }

    /** Analyses an INSERT, UPDATE or DELETE (ModifyAnalyzer). */
    public static Result analyzeModify(Node node, ParseState.Statement statement) {
        ParseAnalyzer a = new ParseAnalyzer(statement);
        ModifyAnalyzer m = new ModifyAnalyzer(a, statement);
        Query q = m.analyze(null, node);
        RuleRewriter.Rewritten rewritten = m.target() == null ? null
                : RuleRewriter.rewrite(statement, q, m.target(), () -> {
                    ModifyAnalyzer onto = new ModifyAnalyzer(a, statement);
                    onto.ignoreRules = true;
                    return onto.analyze(null, node);
                });
        Result r = result(q, statement);
        return new Result(q, r.parameterTypes(), r.tables(), r.lockModes(), rewritten);
    }

    private static Result result(Query q, ParseState.Statement statement) {
        PgType[] types = statement.parameterTypes.toArray(new PgType[0]);
        for (int i = 0; i < types.length; i++) {
            if (types[i] == PgType.UNKNOWN) {
                throw Messages.indeterminateParameter(i + 1);
            }
        }
        return new Result(q, types, List.copyOf(statement.tables), List.copyOf(statement.lockModes));
    }

    /** A subquery one level inside {@code ps}. */
    Query subquery(ParseState ps, Node node) {
        if (!node.hasSelectStmt()) {
            throw Unsupported.of("data-modifying subqueries");
        }
        return selectStatement(ps, node.getSelectStmt());
    }

    /** The next query level made (a rule's INSERT ... SELECT's SELECT) starts with {@code scope}. */
    void ruleScopeForNextLevel(RuleRewriter.Scope scope) {
        ruleScope = scope;
    }

    /** A rule's SELECT action: its top level starts with the triggering query's entries, OLD and NEW. */
    Query ruleSelect(RuleRewriter.Scope scope, PgQuery.SelectStmt s) {
        if (s.getOp() != PgQuery.SetOperation.SETOP_NONE) {
            throw Unsupported.of("UNION/INTERSECT/EXCEPT rule actions");
        }
        ruleScope = scope;
        try {
            return selectStatement(null, s);
        } finally {
            ruleScope = null;
        }
    }

    private Query selectStatement(ParseState parent, PgQuery.SelectStmt s) {
        if (s.hasIntoClause()) {
            throw Unsupported.of("SELECT INTO");
        }
        if (s.getOp() != PgQuery.SetOperation.SETOP_NONE) {
            return setOperation(parent, s);
        }
        ParseState ps = new ParseState(statement, parent);
        if (ruleScope != null) {
            ruleScope.install(ps);
            ruleScope = null;
        }
        if (s.hasWithClause()) {
            withClause(ps, s.getWithClause());
        }
        if (s.getValuesListsCount() > 0) {
            return values(ps, s);
        }
        return select(ps, s);
    }

    // ---------------------------------------------------------------- plain SELECT

    private Query select(ParseState ps, PgQuery.SelectStmt s) {
        boolean locking = s.getLockingClauseCount() > 0;
        LockMode savedMode = statement.fromMode;
        if (locking) {
            statement.fromMode = LockMode.ROW_SHARE;
        }
        List<Query.JoinNode> from = new ArrayList<>();
        try {
            for (Node item : s.getFromClauseList()) {
                from.add(fromItem(ps, item, ps.namespace));
            }
        } finally {
            statement.fromMode = savedMode;
        }
        List<ParseState.Item> visible = new ArrayList<>();
        for (ParseState.Item item : ps.namespace) {
            visible.add(new ParseState.Item(item.alias(), item.index(), item.relVisible(), item.colsVisible(), false));
        }
        ps.namespace = visible;
        windowClause(ps, s.getWindowClauseList());
        List<Query.TargetEntry> targets = new ArrayList<>();
        ps.targets = targets;
        ps.targetListActive = true;
        boolean keepUnknowns = statement.keepUnknownTargets == s;
        for (Node n : s.getTargetListList()) {
            targetEntry(ps, n.getResTarget(), targets, s.getFromClauseCount() == 0, keepUnknowns);
        }
        ps.targetListActive = false;
        int visibleCount = targets.size();
        Expr where = null;
        if (s.hasWhereClause()) {
            ps.exprKind = "WHERE";
            where = exprs.condition(ps, s.getWhereClause(), "WHERE");
            ps.exprKind = null;
        }
        Expr having = s.hasHavingClause() ? exprs.condition(ps, s.getHavingClause(), "HAVING") : null;
        List<Query.SortClause> sort = sortClause(ps, s.getSortClauseList(), targets, false);
        List<Integer> groupBy = groupClause(ps, s.getGroupClauseList(), targets);
        Query.Distinct distinct = distinctClause(ps, s, targets, sort, visibleCount);
        boolean withTies = s.getLimitOption() == PgQuery.LimitOption.LIMIT_OPTION_WITH_TIES;
        if (withTies && s.hasLimitCount() && s.getLimitCount().hasAConst() && s.getLimitCount().getAConst().getIsnull()) {
            throw PgException.error("2201W", "row count cannot be null in FETCH FIRST ... WITH TIES clause");
        }
        Expr limit = limitClause(ps, s.hasLimitCount() ? s.getLimitCount() : null, "LIMIT");
        Expr offset = limitClause(ps, s.hasLimitOffset() ? s.getLimitOffset() : null, "OFFSET");
        if (withTies && s.getSortClauseCount() == 0) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "WITH TIES cannot be specified without ORDER BY clause");
        }
        for (Node w : s.getWindowClauseList()) {
            // an unused named window is still checked
            define(ps, w.getWindowDef().toBuilder().setName("").build(), 0);
        }
        // CheckSelectLocking's order of complaints
        String notWith = distinct != null ? "DISTINCT clause" : !groupBy.isEmpty() ? "GROUP BY clause"
                : having != null ? "HAVING clause" : !ps.aggregates.isEmpty() ? "aggregate functions"
                : !ps.windowFuncs.isEmpty() ? "window functions"
                : !ps.targetSetFunctions.isEmpty() ? "set-returning functions in the target list" : null;
        Query.RowMarks marks = locking ? rowMarks(ps, s.getLockingClauseList(), notWith) : null;
        boolean hasAggs = !ps.aggregates.isEmpty() || !groupBy.isEmpty() || having != null;
        if (hasAggs) {
            checkGrouping(ps, targets, groupBy, having, sort);
        }
        // set-returning functions with grouping or windows run above them (the planner's ProjectSet over Agg and
        // WindowAgg), so their arguments see group keys and aggregate results
        return new Query(List.copyOf(ps.rangeTable), new Query.FromExpr(from, where), List.copyOf(targets), groupBy,
                having, hasAggs, List.copyOf(ps.aggregates), List.copyOf(ps.windowFuncs), List.copyOf(ps.windows),
                sort, distinct, limit, offset, null, ctes(ps), marks, List.copyOf(ps.targetSetFunctions), null,
                withTies);
    }

    static List<Query.CommonTable> ctes(ParseState ps) {
        List<Query.CommonTable> out = new ArrayList<>();
        for (ParseState.CteScope c : ps.ctes) {
            out.add(c.table);
        }
        return out;
    }

    void targetEntry(ParseState ps, PgQuery.ResTarget rt, List<Query.TargetEntry> targets, boolean noFrom) {
        targetEntry(ps, rt, targets, noFrom, false);
    }

    /** One target-list entry; {@code keepUnknowns}: an untyped literal stays unknown (INSERT ... SELECT). */
    private void targetEntry(ParseState ps, PgQuery.ResTarget rt, List<Query.TargetEntry> targets, boolean noFrom,
                             boolean keepUnknowns) {
        Node val = rt.getVal();
        if (rt.getIndirectionCount() > 0) {
            throw Unsupported.of("indirection in the target list");
        }
        if (val.hasColumnRef() && val.getColumnRef().getFieldsList().getLast().hasAStar()) {
            expandStar(ps, val.getColumnRef(), targets, noFrom);
            return;
        }
        if (val.hasAIndirection() && val.getAIndirection().getIndirectionList().getLast().hasAStar()) {
            expandFields(ps, val.getAIndirection(), targets);
            return;
        }
        Expr e = keepUnknowns ? exprs.expr(ps, val) : exprs.resolved(ps, val);
        String name = rt.getName().isEmpty() ? ExprAnalyzer.figureName(val) : rt.getName();
        targets.add(new Query.TargetEntry(e, name, false));
    }

    /** {@code (x).*} in a target list: one column per field of composite {@code x} (ExpandRowReference). */
    private void expandFields(ParseState ps, PgQuery.A_Indirection ind, List<Query.TargetEntry> targets) {
        List<Node> path = ind.getIndirectionList();
        Node inner = path.size() == 1 ? ind.getArg() : Node.newBuilder().setAIndirection(ind.toBuilder()
                .clearIndirection().addAllIndirection(path.subList(0, path.size() - 1))).build();
        Expr value = exprs.expr(ps, inner);
        osgres.sql.internal.utils.CompositeType type = CompositeValues.typeOf(value);
        if (type != null) {
            for (osgres.sql.internal.utils.CompositeType.Field f : type.fields()) {
                targets.add(new Query.TargetEntry(CompositeValues.field(value, type, f.name(), -1), f.name(),
                        false));
            }
            return;
        }
        if (RowAnalyzer.isRow(value)) {
            List<Expr> fields = ((Expr.Call) value).args();
            for (int i = 0; i < fields.size(); i++) {
                targets.add(new Query.TargetEntry(fields.get(i), "f" + (i + 1), false));
            }
            return;
        }
        throw Unsupported.of("field selection from a record that is not of a named composite type");
    }

    private void expandStar(ParseState ps, PgQuery.ColumnRef ref, List<Query.TargetEntry> targets, boolean noFrom) {
        int p = statement.position(ref.getLocation());
        List<Node> fields = ref.getFieldsList();
        if (fields.size() == 1) {
            if (noFrom) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "SELECT * with no tables specified is not valid")
                        .withPosition(p);
            }
            for (ParseState.Item item : ps.namespace) {
                if (item.colsVisible()) {
                    addColumns(ps, item.index(), targets);
                }
            }
            return;
        }
        String alias = fields.get(fields.size() - 2).getString().getSval();
        int[] levels = new int[1];
        ParseState.Item item = ps.findItem(alias, p, levels);
        if (item == null) {
            throw ParseState.missingFromEntry(alias, p);
        }
        addColumns(ps.level(levels[0]), item.index(), levels[0], targets);
    }

    private static void addColumns(ParseState ps, int index, List<Query.TargetEntry> targets) {
        addColumns(ps, index, 0, targets);
    }

    /** The columns of entry {@code index} of {@code owner}, seen from {@code levelsUp} levels in. */
    private static void addColumns(ParseState owner, int index, int levelsUp, List<Query.TargetEntry> targets) {
        List<String> names = owner.entry(index).columnNames();
        for (int i = 0; i < names.size(); i++) {
            Expr column = owner.column(index, i, levelsUp);
            owner.markSelected(column, levelsUp);
            // columns of composite and enum types read as their types' values (sorting and comparing as such)
            targets.add(new Query.TargetEntry(column instanceof Expr.Var v ? ExprAnalyzer.typedColumn(owner, v)
                    : column, names.get(i), false));
        }
    }

    // ---------------------------------------------------------------- FROM (parse_clause.c)

    /** Adds one FROM item's entries to the range table and its namespace items to {@code namespace}. */
    Query.JoinNode fromItem(ParseState ps, Node n, List<ParseState.Item> namespace) {
        return switch (n.getNodeCase()) {
            case RANGE_VAR -> {
                ParseState.Item item = rangeVar(ps, n.getRangeVar());
                addItem(ps, namespace, item, n.getRangeVar().getLocation());
                yield new Query.RangeRef(item.index());
            }
            case RANGE_SUBSELECT -> {
                PgQuery.RangeSubselect r = n.getRangeSubselect();
                if (!r.hasAlias()) {
                    throw PgException.error(SqlState.SYNTAX_ERROR, "subquery in FROM must have an alias")
                            .withHint("For example, FROM (SELECT ...) [AS] foo.");
                }
                boolean saved = ps.lateralActive;
                ps.lateralActive = r.getLateral();
                Query sub;
                try {
                    sub = subquery(ps, r.getSubquery());
                } finally {
                    ps.lateralActive = saved;
                }
                String alias = r.getAlias().getAliasname();
                Query.Columns columns = Query.Columns.of(sub.targetList());
                List<String> names = columns.names();
                List<PgType> types = columns.types();
                List<Integer> typmods = columns.typmods();
                applyColumnAliases(r.getAlias(), names, alias);
                int index = ps.addEntry(new Query.SubqueryEntry(sub, alias, names, types, typmods, r.getLateral()));
                addItem(ps, namespace, new ParseState.Item(alias, index, true, true, true), -1);
                yield new Query.RangeRef(index);
            }
            case RANGE_FUNCTION -> {
                ParseState.Item item = rangeFunction(ps, n.getRangeFunction());
                addItem(ps, namespace, item, -1);
                yield new Query.RangeRef(item.index());
            }
            case JOIN_EXPR -> join(ps, n.getJoinExpr(), namespace);
            default -> throw Unsupported.of("FROM item " + n.getNodeCase());
        };
    }

    private static void applyColumnAliases(PgQuery.Alias alias, List<String> names, String aliasName) {
        if (alias.getColnamesCount() > names.size()) {
            throw PgException.error("42P10", "table \"" + aliasName + "\" has " + names.size()
                    + " columns available but " + alias.getColnamesCount() + " columns specified");
        }
        for (int i = 0; i < alias.getColnamesCount(); i++) {
            names.set(i, alias.getColnames(i).getString().getSval());
        }
    }

    /** checkNameSpaceConflicts: two FROM items of one level cannot share an alias (42712). */
    private void addItem(ParseState ps, List<ParseState.Item> namespace, ParseState.Item item, int location) {
        if (item.alias() != null && item.relVisible()) {
            for (ParseState.Item other : namespace) {
                if (other.relVisible() && item.alias().equals(other.alias())) {
                    throw PgException.error(SqlState.DUPLICATE_ALIAS, "table name \"" + item.alias()
                            + "\" specified more than once").withPosition(statement.position(location));
                }
            }
        }
        namespace.add(item);
    }

    private ParseState.Item rangeVar(ParseState ps, PgQuery.RangeVar rv) {
        int p = statement.position(rv.getLocation());
        String name = rv.getRelname();
        String schema = rv.getSchemaname().isEmpty() ? null : rv.getSchemaname();
        String alias = rv.hasAlias() ? rv.getAlias().getAliasname() : name;
        if (!rv.getCatalogname().isEmpty()) {
            throw Unsupported.of("cross-database references");
        }
        if (schema == null) {
            int[] levels = new int[1];
            ParseState.CteScope cte = ps.findCte(name, levels);
            if (cte != null) {
                return cteReference(ps, cte, levels[0], alias, rv.getAlias(), p);
            }
        }
        if (InformationSchema.SCHEMA.equals(schema)) {
            return informationSchemaView(ps, name, alias, rv, p);
        }
        SystemViews.View view = SystemViews.find(schema, name);
        if (view != null) {
            List<String> names = new ArrayList<>(view.names());
            if (rv.hasAlias()) {
                applyColumnAliases(rv.getAlias(), names, alias);
            }
            List<Integer> typmods = view.columns().stream().map(c -> -1).toList();
            int index = ps.addEntry(new Query.ViewEntry(view, alias, names, view.types(), typmods));
            return new ParseState.Item(alias, index, true, true, true);
        }
        // the storage resolves names: t (pg_temp first, then public), public.t, pg_temp.t and pg_temp_N.t
        boolean known = schema == null || schema.equals("public") || schema.startsWith("pg_temp");
        TableDef def = known ? statement.open(schema == null ? name : schema + "." + name, statement.fromMode) : null;
        if (def == null) {
            if (!known && !schema.equals("pg_catalog")) {
                throw PgException.error("3F000", "schema \"" + schema + "\" does not exist").withPosition(p);
            }
            PgException missing = Messages.relationDoesNotExist(schema == null ? name : schema + "." + name, p);
            if (schema == null && ps.findInvisibleCte(name)) {
                throw missing.withDetail("There is a WITH item named \"" + name
                        + "\", but it cannot be referenced from this part of the query.")
                        .withHint("Use WITH RECURSIVE, or re-order the WITH items to remove forward references.");
            }
            throw missing;
        }
        statement.checkSchemaUsage(def, schema, name, p);
        // setTargetTable / addRangeTableEntry: ACL_SELECT, and ACL_SELECT_FOR_UPDATE (UPDATE) under FOR UPDATE/SHARE
        statement.require(def, statement.fromMode == LockMode.ACCESS_SHARE ? Privileges.SELECT
                : Privileges.SELECT | Privileges.UPDATE);
        if (def.isView()) {
            return viewReference(ps, def, alias, rv);
        }
        Query.Columns columns = Query.Columns.of(def);
        List<String> names = columns.names();
        List<PgType> types = columns.types();
        List<Integer> typmods = columns.typmods();
        int visible = ViewExpansion.visibleColumns(statement, def);
        // without ONLY, a parent is read with its children (expand_inherited_rtentry)
        List<TableDef> members = rv.getInh() ? statement.members(def, statement.fromMode) : List.of();
        if (visible < names.size()) {
            // inside a view made when the table was narrower: the columns added since are not there
            return addNarrowed(ps, new Query.RelationEntry(def, alias, names, types, typmods, statement.fromMode,
                    members), visible, rv);
        }
        if (rv.hasAlias()) {
            applyColumnAliases(rv.getAlias(), names, alias);
        }
        int index = ps.addEntry(new Query.RelationEntry(def, alias, names, types, typmods, statement.fromMode,
                members));
        return new ParseState.Item(alias, index, true, true, true);
    }

    /** Adds {@code full} as a subquery entry showing only its first {@code visible} columns (ViewExpansion). */
    private ParseState.Item addNarrowed(ParseState ps, Query.RangeEntry full, int visible, PgQuery.RangeVar rv) {
        List<String> shown = new ArrayList<>(full.columnNames().subList(0, visible));
        if (rv.hasAlias()) {
            applyColumnAliases(rv.getAlias(), shown, full.alias());
        }
        int index = ps.addEntry(ViewExpansion.narrow(full, shown));
        return new ParseState.Item(full.alias(), index, true, true, true);
    }

    /**
     * A view in FROM (the rewriter's ApplyRetrieveRule): its stored query, analysed again on its own (no outer
     * references, none of this query's WITH names) becomes a subquery entry under the view's name, with the columns
     * and types fixed when the view was made.
     */
    ParseState.Item viewReference(ParseState ps, TableDef view, String alias, PgQuery.RangeVar rv) {
        ParseState.Statement inner = ViewExpansion.statement(statement, view);
        Query sub;
        try {
            sub = new ParseAnalyzer(inner).selectStatement(null, ViewExpansion.parse(view));
        } catch (PgException e) {
            throw e.withPosition(0); // a position in the view's text means nothing in the client's
        }
        List<String> names = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (ColumnDef c : view.columns()) {
            names.add(c.name());
            types.add(PgType.byOid(c.typeOid()));
            typmods.add(c.typeModifier());
        }
        ViewExpansion.checkShape(view, sub);
        statement.expandedViews.put(sub, view);
        int visible = ViewExpansion.visibleColumns(statement, view);
        if (visible < names.size()) {
            // inside a view made before OR REPLACE appended columns to this one
            return addNarrowed(ps, new Query.SubqueryEntry(sub, alias, names, types, typmods, false), visible, rv);
        }
        if (rv.hasAlias()) {
            applyColumnAliases(rv.getAlias(), names, alias);
        }
        int index = ps.addEntry(new Query.SubqueryEntry(sub, alias, names, types, typmods, false));
        return new ParseState.Item(alias, index, true, true, true);
    }

    /**
     * A view of information_schema in FROM: its query (InformationSchema) analysed on its own, as a view's stored
     * query is, becomes a subquery entry under the view's name; 42P01 for a name it has no view of.
     */
    private ParseState.Item informationSchemaView(ParseState ps, String name, String alias, PgQuery.RangeVar rv,
                                                  int p) {
        String text = InformationSchema.viewQuery(name);
        if (text == null) {
            throw Messages.relationDoesNotExist(InformationSchema.SCHEMA + "." + name, p);
        }
        ParseState.Statement inner = new ParseState.Statement(statement, text, null);
        Query sub;
        try {
            sub = new ParseAnalyzer(inner).selectStatement(null, ViewExpansion.parse(text));
        } catch (PgException e) {
            throw e.withPosition(0); // a position in the view's text means nothing in the client's
        }
        Query.Columns columns = Query.Columns.of(sub.targetList());
        List<String> names = columns.names();
        if (rv.hasAlias()) {
            applyColumnAliases(rv.getAlias(), names, alias);
        }
        int index = ps.addEntry(new Query.SubqueryEntry(sub, alias, names, columns.types(), columns.typmods(), false));
        return new ParseState.Item(alias, index, true, true, true);
    }

    /** Analyses a view's stored query for CREATE VIEW: the same analysis as a query in FROM gets. */
    public static Query analyzeViewQuery(PgQuery.SelectStmt select, ParseState.Statement statement) {
        return new ParseAnalyzer(statement).selectStatement(null, select);
    }

    /** A stored view's query, its raw tree and the analysed query, as pg_get_viewdef deparses it. */
    public record StoredView(PgQuery.SelectStmt raw, Query query) {
    }

    /**
     * Analyses {@code view}'s stored query as reading the view would ({@link ViewExpansion}) inside {@code outer}
     * (whose catalog opens the relations): for pg_get_viewdef.
     */
    public static StoredView analyzeStoredView(TableDef view, ParseState.Statement outer) {
        ParseState.Statement statement = ViewExpansion.statement(outer, view);
        PgQuery.SelectStmt raw = ViewExpansion.parse(view);
        return new StoredView(raw, analyzeViewQuery(raw, statement));
    }

    private ParseState.Item cteReference(ParseState ps, ParseState.CteScope cte, int levelsUp, String alias,
                                         PgQuery.Alias given, int p) {
        List<String> names = new ArrayList<>(cte.table != null ? cte.table.columnNames() : cte.names);
        List<PgType> types = cte.table != null ? cte.table.columnTypes() : cte.types;
        List<Integer> typmods = cte.table != null ? cte.table.columnTypmods() : cte.typmods;
        if (given != null && given.getColnamesCount() > 0) {
            applyColumnAliases(given, names, alias);
        }
        boolean self = cte.table == null;
        if (!self && cte.table.modifying() && cte.table.query().modify().returning().isEmpty()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "WITH query \"" + cte.name
                    + "\" does not have a RETURNING clause").withPosition(p);
        }
        if (self && types == null) {
            throw PgException.error("42P19", "recursive reference to query \"" + cte.name
                    + "\" must not appear within its non-recursive term").withPosition(p);
        }
        int index = ps.addEntry(new Query.CteEntry(cte.name, levelsUp, self, alias, names, types, typmods));
        return new ParseState.Item(alias, index, true, true, true);
    }

    private ParseState.Item rangeFunction(ParseState ps, PgQuery.RangeFunction rf) {
        if (rf.getIsRowsfrom() || rf.getFunctionsCount() != 1) {
            throw Unsupported.of("ROWS FROM");
        }
        Node call = rf.getFunctions(0).getList().getItems(0);
        if (!call.hasFuncCall()) {
            throw Unsupported.of("this function in FROM");
        }
        PgQuery.FuncCall f = call.getFuncCall();
        int p = statement.position(f.getLocation());
        String name = exprs.functionName(ps, f.getFuncnameList(), p);
        boolean saved = ps.lateralActive;
        ps.lateralActive = true; // function arguments may always refer to earlier FROM items (implicitly LATERAL)
        List<Expr> args = new ArrayList<>();
        List<FunctionParameters.Argument> written = new ArrayList<>();
        try {
            String savedKind = ps.exprKind;
            ps.exprKind = "functions in FROM";
            for (Node a : f.getArgsList()) {
                if (a.hasNamedArgExpr()) {
                    Expr value = exprs.expr(ps, a.getNamedArgExpr().getArg());
                    written.add(new FunctionParameters.Argument(a.getNamedArgExpr().getName(), value,
                            statement.position(a.getNamedArgExpr().getLocation())));
                    args.add(value);
                } else {
                    Expr value = exprs.expr(ps, a);
                    written.add(new FunctionParameters.Argument(null, value, p));
                    args.add(value);
                }
            }
            ps.exprKind = savedKind;
        } finally {
            ps.lateralActive = saved;
        }
        UserFunctionCalls.Resolved user = UserFunctionCalls.resolve(exprs, ps, name, written, f.getFuncVariadic(), p,
                false);
        if (user != null) {
            return userFunctionInFrom(ps, rf, user, name, p);
        }
        if (rf.getColdeflistCount() > 0) {
            throw Unsupported.of("column definition lists");
        }
        if (FunctionParameters.anyNamed(written)) {
            args = FunctionParameters.positional(name, written, p);
        }
        Expr.SetFunction fn;
        List<String> names = new ArrayList<>();
        if (SetFunctions.isSetFunction(name)) {
            fn = SetFunctions.resolve(exprs, ps, name, args, p);
        } else {
            // a plain function in FROM is a one-row set
            Expr scalar = exprs.call(ps, name, args, p);
            fn = SetFunctions.single(scalar, p);
        }
        String alias = rf.hasAlias() ? rf.getAlias().getAliasname() : name;
        if (JsonFunctions.outColumn(name) != null) {
            // an OUT parameter's name (json[b]_array_elements' value)
            names.add(JsonFunctions.outColumn(name));
        } else if (fn.columnTypes().size() == 1) {
            names.add(rf.hasAlias() && rf.getAlias().getColnamesCount() == 0 ? alias : name);
        } else {
            names.addAll(SetFunctions.columnNames(name, fn.columnTypes().size()));
        }
        List<PgType> types = new ArrayList<>(fn.columnTypes());
        if (rf.getOrdinality()) {
            names.add("ordinality");
            types.add(PgType.INT8);
        }
        if (rf.hasAlias()) {
            applyColumnAliases(rf.getAlias(), names, alias);
        }
        List<Integer> typmods = types.stream().map(t -> -1).toList();
        int index = ps.addEntry(new Query.FunctionEntry(fn, alias, names, types, typmods, rf.getOrdinality(),
                rf.getLateral()));
        return new ParseState.Item(alias, index, true, true, true);
    }

    /**
     * A user function in FROM: its rows (one for a function not returning a set), one column per OUT or TABLE
     * column, or as the column definition list says for RETURNS record (addRangeTableEntryForFunction).
     */
    private ParseState.Item userFunctionInFrom(ParseState ps, PgQuery.RangeFunction rf,
                                               UserFunctionCalls.Resolved user, String name, int p) {
        SqlFunction fn = user.function();
        boolean record = fn.returnType() == PgType.RECORD && fn.outTypes().isEmpty();
        if (record && rf.getColdeflistCount() == 0) {
            throw PgException.error(SqlState.SYNTAX_ERROR,
                    "a column definition list is required for functions returning \"record\"").withPosition(p);
        }
        if (!record && rf.getColdeflistCount() > 0) {
            throw PgException.error(SqlState.SYNTAX_ERROR,
                    "a column definition list is only allowed for functions returning \"record\"").withPosition(p);
        }
        List<String> names = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        if (record) {
            for (Node n : rf.getColdeflistList()) {
                names.add(n.getColumnDef().getColname());
                types.add(SqlFunction.type(n.getColumnDef().getTypeName()));
            }
        } else if (fn.outTypes().size() > 1 || fn.composite()) {
            // several OUT columns, or a composite's fields (a composite of one field too)
            names.addAll(fn.outNames());
            types.addAll(fn.outTypes());
        } else {
            String alias = rf.hasAlias() ? rf.getAlias().getAliasname() : name;
            names.add(rf.hasAlias() && rf.getAlias().getColnamesCount() == 0 ? alias
                    : fn.outNames().isEmpty() || fn.parameters().stream().noneMatch(SqlFunction.Parameter::isOutput)
                    ? name : fn.outNames().getFirst());
            types.add(fn.returnType());
        }
        Expr.SetFunction set = UserFunctionCalls.setCall(user, types, p);
        String alias = rf.hasAlias() ? rf.getAlias().getAliasname() : name;
        if (rf.getOrdinality()) {
            names.add("ordinality");
            types.add(PgType.INT8);
        }
        if (rf.hasAlias()) {
            applyColumnAliases(rf.getAlias(), names, alias);
        }
        List<Integer> typmods = types.stream().map(t -> -1).toList();
        int index = ps.addEntry(new Query.FunctionEntry(set, alias, names, types, typmods, rf.getOrdinality(),
                rf.getLateral()));
        return new ParseState.Item(alias, index, true, true, true);
    }

    /** transformFromClauseItem for a JoinExpr: both sides, then ON/USING seeing only them. */
    private Query.JoinNode join(ParseState ps, PgQuery.JoinExpr j, List<ParseState.Item> namespace) {
        List<ParseState.Item> leftItems = new ArrayList<>();
        List<ParseState.Item> rightItems = new ArrayList<>();
        List<ParseState.Item> saved = ps.namespace;
        int leftStart = ps.rangeTable.size() + 1;
        Query.JoinNode left = fromItem(ps, j.getLarg(), leftItems);
        int rightStart = ps.rangeTable.size() + 1;
        // the right side may see the left (LATERAL) and what came before
        List<ParseState.Item> forRight = new ArrayList<>(saved);
        forRight.addAll(leftItems);
        ps.namespace = forRight;
        Query.JoinNode right;
        try {
            right = fromItem(ps, j.getRarg(), rightItems);
        } finally {
            ps.namespace = saved;
        }
        Query.JoinKind kind = switch (j.getJointype()) {
            case JOIN_INNER -> Query.JoinKind.INNER;
            case JOIN_LEFT -> Query.JoinKind.LEFT;
            case JOIN_FULL -> Query.JoinKind.FULL;
            case JOIN_RIGHT -> Query.JoinKind.RIGHT;
            default -> throw Unsupported.of("join type " + j.getJointype());
        };
        int rightEnd = ps.rangeTable.size() + 1;
        if (kind == Query.JoinKind.RIGHT || kind == Query.JoinKind.FULL) {
            ps.nullable.set(leftStart, rightStart);
        }
        if (kind == Query.JoinKind.LEFT || kind == Query.JoinKind.FULL) {
            ps.nullable.set(rightStart, rightEnd);
        }
        for (ParseState.Item r : rightItems) {
            for (ParseState.Item l : leftItems) {
                if (r.relVisible() && l.relVisible() && r.alias() != null && r.alias().equals(l.alias())) {
                    throw PgException.error(SqlState.DUPLICATE_ALIAS, "table name \"" + r.alias()
                            + "\" specified more than once");
                }
            }
        }
        List<String> leftNames = new ArrayList<>();
        List<Expr> leftCols = new ArrayList<>();
        visibleColumns(ps, leftItems, leftNames, leftCols);
        List<String> rightNames = new ArrayList<>();
        List<Expr> rightCols = new ArrayList<>();
        visibleColumns(ps, rightItems, rightNames, rightCols);
        List<String> usingNames = new ArrayList<>();
        if (j.getIsNatural()) {
            for (String n : leftNames) {
                if (rightNames.contains(n) && !usingNames.contains(n)) {
                    usingNames.add(n);
                }
            }
        } else {
            for (Node u : j.getUsingClauseList()) {
                usingNames.add(u.getString().getSval());
            }
        }
        List<String> names = new ArrayList<>();
        List<Expr> columns = new ArrayList<>();
        Expr quals = null;
        List<ParseState.Item> both = new ArrayList<>(leftItems);
        both.addAll(rightItems);
        if (j.getIsNatural() || j.getUsingClauseCount() > 0) {
            List<Expr> equalities = new ArrayList<>();
            Set<Integer> usedLeft = new HashSet<>();
            Set<Integer> usedRight = new HashSet<>();
            for (String u : usingNames) {
                int li = uniqueIndex(leftNames, u, "left");
                int ri = uniqueIndex(rightNames, u, "right");
                usedLeft.add(li);
                usedRight.add(ri);
                Expr l = leftCols.get(li);
                Expr r = rightCols.get(ri);
                ps.namespace = both;
                Expr eq = exprs.operator(ps, "=", l, r, 0);
                ps.namespace = saved;
                equalities.add(eq);
                PgType common = ExprAnalyzer.commonType("JOIN/USING", List.of(l, r));
                Expr lc = exprs.coerce(ps, l, common, -1, Casts.Context.IMPLICIT, 0);
                Expr rc = exprs.coerce(ps, r, common, -1, Casts.Context.IMPLICIT, 0);
                names.add(u);
                columns.add(switch (kind) {
                    case RIGHT -> rc;
                    case FULL -> new Expr.Coalesce(common, List.of(lc, rc));
                    default -> lc;
                });
            }
            for (int i = 0; i < leftNames.size(); i++) {
                if (!usedLeft.contains(i)) {
                    names.add(leftNames.get(i));
                    columns.add(leftCols.get(i));
                }
            }
            for (int i = 0; i < rightNames.size(); i++) {
                if (!usedRight.contains(i)) {
                    names.add(rightNames.get(i));
                    columns.add(rightCols.get(i));
                }
            }
            quals = equalities.isEmpty() ? null : equalities.size() == 1 ? equalities.getFirst()
                    : new Expr.BoolOp(true, equalities);
        } else {
            names.addAll(leftNames);
            names.addAll(rightNames);
            columns.addAll(leftCols);
            columns.addAll(rightCols);
            if (j.hasQuals()) {
                List<ParseState.Item> onScope = new ArrayList<>(saved);
                for (ParseState.Item i : both) {
                    onScope.add(i.withVisibility(i.relVisible(), i.colsVisible()));
                }
                ps.namespace = onScope;
                boolean savedLateral = ps.lateralActive;
                ps.lateralActive = false;
                String savedKind = ps.exprKind;
                ps.exprKind = "JOIN conditions";
                try {
                    quals = onCondition(ps, j.getQuals(), both);
                } finally {
                    ps.namespace = saved;
                    ps.lateralActive = savedLateral;
                    ps.exprKind = savedKind;
                }
            }
        }
        String alias = j.hasAlias() ? j.getAlias().getAliasname() : null;
        if (j.hasAlias()) {
            applyColumnAliases(j.getAlias(), names, alias);
        }
        List<PgType> types = columns.stream().map(Expr::type).toList();
        List<Integer> typmods = columns.stream().map(Expr::typmod).toList();
        int index = ps.addEntry(new Query.JoinEntry(kind, alias, names, columns, types, typmods));
        // the join's namespace: its sides' items (columns only through the join) and a USING alias; an alias on
        // the join itself hides them all (transformFromClauseItem's my_namespace)
        List<ParseState.Item> mine = new ArrayList<>();
        for (ParseState.Item i : leftItems) {
            mine.add(i.withVisibility(i.relVisible(), false));
        }
        for (ParseState.Item i : rightItems) {
            mine.add(i.withVisibility(i.relVisible(), false));
        }
        if (j.hasJoinUsingAlias()) {
            // USING (...) AS x: x qualifies the merged USING columns only (an entry outside the join tree whose
            // columns are the join's merged-column expressions)
            int n = usingNames.size();
            List<Expr> merged = columns.subList(0, n);
            String usingAlias = j.getJoinUsingAlias().getAliasname();
            int usingIndex = ps.addEntry(new Query.JoinEntry(kind, usingAlias, List.copyOf(usingNames),
                    List.copyOf(merged), types.subList(0, n), typmods.subList(0, n)));
            addItem(ps, mine, new ParseState.Item(usingAlias, usingIndex, true, false, true), -1);
        }
        if (alias == null) {
            namespace.addAll(mine);
        }
        addItem(ps, namespace, new ParseState.Item(alias, index, alias != null, true, true), -1);
        return new Query.JoinExpr(kind, left, right, quals, index);
    }

    /** ON sees the join's two sides only (and outer levels); items of the same FROM before it are invisible. */
    private Expr onCondition(ParseState ps, Node quals, List<ParseState.Item> both) {
        List<ParseState.Item> onScope = new ArrayList<>();
        for (ParseState.Item i : both) {
            onScope.add(new ParseState.Item(i.alias(), i.index(), i.relVisible(), i.colsVisible(), false));
        }
        List<ParseState.Item> saved = ps.namespace;
        ps.namespace = onScope;
        try {
            return exprs.condition(ps, quals, "JOIN/ON");
        } finally {
            ps.namespace = saved;
        }
    }

    private static int uniqueIndex(List<String> names, String name, String side) {
        int first = names.indexOf(name);
        if (first < 0) {
            throw PgException.error(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" specified in USING clause "
                    + "does not exist in " + side + " table");
        }
        if (names.lastIndexOf(name) != first) {
            throw PgException.error(Messages.AMBIGUOUS_COLUMN, "common column name \"" + name
                    + "\" appears more than once in " + side + " table");
        }
        return first;
    }

    private static void visibleColumns(ParseState ps, List<ParseState.Item> items, List<String> names,
                                       List<Expr> columns) {
        for (ParseState.Item item : items) {
            if (!item.colsVisible()) {
                continue;
            }
            List<String> n = ps.entry(item.index()).columnNames();
            for (int i = 0; i < n.size(); i++) {
                names.add(n.get(i));
                columns.add(ps.column(item.index(), i, 0));
            }
        }
    }

    // ---------------------------------------------------------------- VALUES

    private Query values(ParseState ps, PgQuery.SelectStmt s) {
        List<List<Expr>> rows = new ArrayList<>();
        int width = -1;
        for (Node list : s.getValuesListsList()) {
            List<Expr> row = new ArrayList<>();
            for (Node item : list.getList().getItemsList()) {
                if (item.hasSetToDefault()) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                            "DEFAULT is not allowed in this context").withPosition(
                            statement.position(item.getSetToDefault().getLocation()));
                }
                row.addAll(exprs.exprsExpandingStars(ps, List.of(item)));
            }
            if (width >= 0 && row.size() != width) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "VALUES lists must all be the same length")
                        .withPosition(exprs.location(ps, list.getList().getItems(0)));
            }
            width = row.size();
            rows.add(row);
        }
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            List<Expr> column = new ArrayList<>();
            for (List<Expr> row : rows) {
                column.add(row.get(c));
            }
            PgType t = ExprAnalyzer.commonType("VALUES", column);
            types.add(t);
            typmods.add(-1);
            for (List<Expr> row : rows) {
                row.set(c, exprs.coerce(ps, row.get(c), t, -1, Casts.Context.IMPLICIT, 0));
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            names.add("column" + (c + 1));
        }
        int index = ps.addEntry(new Query.ValuesEntry(rows, "*VALUES*", names, types, typmods));
        ps.namespace.add(new ParseState.Item("*VALUES*", index, false, true, false));
        List<Query.TargetEntry> targets = new ArrayList<>();
        ps.targets = targets;
        addColumns(ps, index, targets);
        List<Query.SortClause> sort = sortClause(ps, s.getSortClauseList(), targets, false);
        Expr limit = limitClause(ps, s.hasLimitCount() ? s.getLimitCount() : null, "LIMIT");
        Expr offset = limitClause(ps, s.hasLimitOffset() ? s.getLimitOffset() : null, "OFFSET");
        if (s.getLockingClauseCount() > 0) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "FOR UPDATE cannot be applied to VALUES");
        }
        return new Query(List.copyOf(ps.rangeTable), new Query.FromExpr(List.of(new Query.RangeRef(index)), null),
                targets, List.of(), null, false, List.of(), List.of(), List.of(), sort, null, limit, offset, null,
                ctes(ps), null);
    }

    // ---------------------------------------------------------------- set operations

    private Query setOperation(ParseState parent, PgQuery.SelectStmt s) {
        ParseState ps = new ParseState(statement, parent);
        if (s.hasWithClause()) {
            withClause(ps, s.getWithClause());
        }
        Query.SetOperation tree = setTree(ps, s, true);
        // the output columns: the leftmost leaf's names, the common types
        Query.SetOperation leftmost = tree;
        while (leftmost instanceof Query.SetOp op) {
            leftmost = op.left();
        }
        Query.SubqueryEntry first = (Query.SubqueryEntry) ps.entry(((Query.SetLeaf) leftmost).rangeIndex());
        List<PgType> types = ((Query.SetOp) tree).types();
        List<Query.TargetEntry> targets = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            targets.add(new Query.TargetEntry(new Expr.Var(((Query.SetLeaf) leftmost).rangeIndex(), i, 0,
                    types.get(i), -1, first.columnNames().get(i)), first.columnNames().get(i), false));
        }
        ps.targets = targets;
        // ORDER BY sees only the output columns, by name or number
        int index = ps.addEntry(new Query.SubqueryEntry(null, null, first.columnNames(), types,
                types.stream().map(t -> -1).toList(), false));
        ps.namespace.add(new ParseState.Item(null, index, false, true, false));
        List<Query.SortClause> sort = sortClause(ps, s.getSortClauseList(), targets, true);
        Expr limit = limitClause(ps, s.hasLimitCount() ? s.getLimitCount() : null, "LIMIT");
        Expr offset = limitClause(ps, s.hasLimitOffset() ? s.getLimitOffset() : null, "OFFSET");
        if (s.getLockingClauseCount() > 0) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT");
        }
        return new Query(List.copyOf(ps.rangeTable), new Query.FromExpr(List.of(), null), targets, List.of(), null,
                false, List.of(), List.of(), List.of(), sort, null, limit, offset, tree, ctes(ps), null);
    }

    private Query.SetOperation setTree(ParseState ps, PgQuery.SelectStmt s, boolean top) {
        // below the top, a set operation with its own WITH, ORDER BY, LIMIT or locking is a leaf (a subquery)
        boolean isLeaf = s.getOp() == PgQuery.SetOperation.SETOP_NONE || !top && (s.hasWithClause()
                || s.getSortClauseCount() > 0 || s.hasLimitCount() || s.hasLimitOffset()
                || s.getLockingClauseCount() > 0);
        if (isLeaf) {
            // a leaf (parenthesised, it may have its own ORDER BY/LIMIT) is a subquery of its own; its untyped
            // literals stay unknown so that the other side's type decides (select '42' union select 43)
            Object saved = statement.keepUnknownTargets;
            statement.keepUnknownTargets = s;
            Query leaf;
            try {
                leaf = selectStatement(ps, s);
            } finally {
                statement.keepUnknownTargets = saved;
            }
            List<String> names = new ArrayList<>();
            List<PgType> types = new ArrayList<>();
            List<Integer> typmods = new ArrayList<>();
            for (Query.TargetEntry t : leaf.targetList()) {
                if (!t.junk()) {
                    names.add(t.name());
                    types.add(t.expr().type());
                    typmods.add(t.expr().typmod());
                }
            }
            int index = ps.addEntry(new Query.SubqueryEntry(leaf, "*SELECT* " + (ps.rangeTable.size() + 1), names,
                    types, typmods, false));
            return new Query.SetLeaf(index);
        }
        Query.SetOperation left = setTree(ps, s.getLarg(), false);
        Query.SetOperation right = setTree(ps, s.getRarg(), false);
        Query.SetOpKind kind = switch (s.getOp()) {
            case SETOP_UNION -> Query.SetOpKind.UNION;
            case SETOP_INTERSECT -> Query.SetOpKind.INTERSECT;
            default -> Query.SetOpKind.EXCEPT;
        };
        String construct = kind.name();
        List<PgType> lt = outputTypes(ps, left);
        List<PgType> rt = outputTypes(ps, right);
        if (lt.size() != rt.size()) {
            // PostgreSQL points at the right query's target list
            throw PgException.error(SqlState.SYNTAX_ERROR, "each " + construct
                    + " query must have the same number of columns").withPosition(columnLocation(ps, right, 0));
        }
        List<PgType> types = new ArrayList<>();
        for (int i = 0; i < lt.size(); i++) {
            types.add(Casts.commonTypeOf(construct, List.of(lt.get(i), rt.get(i)), List.of(0, 0)));
        }
        coerceLeaves(ps, left, types);
        coerceLeaves(ps, right, types);
        return new Query.SetOp(kind, s.getAll(), left, right, types);
    }

    /** Where output column {@code column} of a set operation's leftmost leaf was written (0 if unknown). */
    private static int columnLocation(ParseState ps, Query.SetOperation op, int column) {
        while (op instanceof Query.SetOp o) {
            op = o.left();
        }
        Query q = ((Query.SubqueryEntry) ps.entry(((Query.SetLeaf) op).rangeIndex())).subquery();
        int[] found = {0};
        ExprTrees.walk(q.targetList().get(column).expr(), x -> {
            if (found[0] == 0) {
                found[0] = x instanceof Expr.Const c ? c.location() : x instanceof Expr.Var v ? v.location()
                        : x instanceof Expr.Param p ? p.location() : 0;
            }
        });
        return found[0];
    }

    private static List<PgType> outputTypes(ParseState ps, Query.SetOperation op) {
        return switch (op) {
            case Query.SetLeaf leaf -> ps.entry(leaf.rangeIndex()).columnTypes();
            case Query.SetOp o -> o.types();
        };
    }

    /** Coerces every leaf's output columns to the set operation's column types (unknown literals included). */
    private void coerceLeaves(ParseState ps, Query.SetOperation op, List<PgType> types) {
        switch (op) {
            case Query.SetOp o -> {
                coerceLeaves(ps, o.left(), types);
                coerceLeaves(ps, o.right(), types);
            }
            case Query.SetLeaf leaf -> {
                Query.SubqueryEntry e = (Query.SubqueryEntry) ps.entry(leaf.rangeIndex());
                Query q = e.subquery();
                List<Query.TargetEntry> targets = new ArrayList<>();
                int visible = 0;
                for (Query.TargetEntry t : q.targetList()) {
                    if (t.junk()) {
                        targets.add(t);
                        continue;
                    }
                    Expr c = exprs.coerce(ps, t.expr(), types.get(visible++), -1, Casts.Context.IMPLICIT, 0);
                    targets.add(new Query.TargetEntry(c, t.name(), false));
                }
                Query coerced = new Query(q.rangeTable(), q.jointree(), targets, q.groupBy(), q.having(), q.hasAggs(),
                        q.aggregates(), q.windowFuncs(), q.windows(), q.sortClause(), q.distinct(), q.limitCount(),
                        q.limitOffset(), q.setOperations(), q.ctes(), q.rowMarks(), q.targetSetFunctions());
                ps.rangeTable.set(leaf.rangeIndex() - 1, new Query.SubqueryEntry(coerced, e.alias(), e.columnNames(),
                        types, e.columnTypmods(), false));
            }
        }
    }

    // ---------------------------------------------------------------- WITH (parse_cte.c)

    void withClause(ParseState ps, PgQuery.WithClause w) {
        List<String> names = new ArrayList<>();
        for (Node n : w.getCtesList()) {
            PgQuery.CommonTableExpr c = n.getCommonTableExpr();
            if (names.contains(c.getCtename())) {
                throw PgException.error(SqlState.DUPLICATE_ALIAS, "WITH query name \"" + c.getCtename()
                        + "\" specified more than once").withPosition(statement.position(c.getLocation()));
            }
            names.add(c.getCtename());
        }
        // WITH RECURSIVE: every query sees every other one, analysed (and planned) dependencies first
        List<PgQuery.CommonTableExpr> order = w.getRecursive() ? CteReferences.analysisOrder(w, statement)
                : w.getCtesList().stream().map(Node::getCommonTableExpr).toList();
        List<ParseState.CteScope> scopes = new ArrayList<>();
        for (PgQuery.CommonTableExpr c : order) {
            ParseState.CteScope scope = new ParseState.CteScope(c.getCtename(), ps.ctes.size());
            ps.ctes.add(scope);   // visible once analysed (or while, if recursive)
            scopes.add(scope);
        }
        for (int i = 0; i < order.size(); i++) {
            commonTableExpr(ps, w, scopes.get(i), order.get(i));
        }
    }

    private void commonTableExpr(ParseState ps, PgQuery.WithClause w, ParseState.CteScope scope,
                                 PgQuery.CommonTableExpr c) {
        if (c.hasSearchClause() || c.hasCycleClause()) {
            c = searchAndCycle(ps, w, c);
        }
        Node query = c.getCtequery();
        if (query.hasMergeStmt()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "MERGE not supported in WITH query")
                    .withPosition(statement.position(c.getLocation()));
        }
        if (RawParser.isModify(query)) {
            if (ps.parent != null) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "WITH clause containing a "
                        + "data-modifying statement must be at the top level")
                        .withPosition(statement.position(c.getLocation()));
            }
            ModifyAnalyzer m = new ModifyAnalyzer(this, statement);
            Query q = m.analyze(ps, query);
            if (m.target() != null) {
                q = RuleRewriter.rewriteCte(statement, q, m.target(), () -> {
                    ModifyAnalyzer onto = new ModifyAnalyzer(this, statement);
                    onto.ignoreRules = true;
                    return onto.analyze(ps, query);
                });
            }
            scope.table = modifyingCte(c, q);
            return;
        }
        PgQuery.SelectStmt sel = query.getSelectStmt();
        if (w.getRecursive() && CteReferences.references(query, c.getCtename())) {
            scope.table = recursiveCte(ps, scope, c, sel);
        } else {
            Query q = selectStatement(ps, sel);
            scope.table = commonTable(c, q, null, false);
        }
    }

    /** SEARCH/CYCLE of a WITH RECURSIVE query: the query rewritten to compute the added columns. */
    private PgQuery.CommonTableExpr searchAndCycle(ParseState ps, PgQuery.WithClause w, PgQuery.CommonTableExpr c) {
        Node query = c.getCtequery();
        if (!w.getRecursive() || !query.hasSelectStmt() || !CteReferences.references(query, c.getCtename())) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "WITH query is not recursive")
                    .withPosition(statement.position(c.getLocation()));
        }
        PgQuery.SelectStmt sel = query.getSelectStmt();
        if (sel.getOp() != PgQuery.SetOperation.SETOP_UNION) {
            throw PgException.error("42P19", "recursive query \"" + c.getCtename()
                    + "\" does not have the form non-recursive-term UNION [ALL] recursive-term")
                    .withPosition(statement.position(c.getLocation()));
        }
        List<String> columns = new ArrayList<>();
        if (sel.getLarg().getOp() == PgQuery.SetOperation.SETOP_NONE) {
            for (Query.TargetEntry t : selectStatement(ps, withPushedDown(sel.getLarg(), sel)).targetList()) {
                if (!t.junk()) {
                    columns.add(t.name());
                }
            }
        }
        for (int i = 0; i < c.getAliascolnamesCount() && i < columns.size(); i++) {
            columns.set(i, c.getAliascolnames(i).getString().getSval());
        }
        PgQuery.SelectStmt rewritten = SearchCycleRewriter.rewrite(c, columns,
                statement.position(c.getSearchClause().getLocation()),
                statement.position(c.getCycleClause().getLocation()));
        return c.toBuilder().setCtequery(Node.newBuilder().setSelectStmt(rewritten)).build();
    }

    /** A data-modifying WITH query: its columns are its RETURNING list's. */
    private Query.CommonTable modifyingCte(PgQuery.CommonTableExpr c, Query q) {
        Query.Columns columns = Query.Columns.of(q.modify().returning());
        List<String> names = columns.names();
        List<PgType> types = columns.types();
        List<Integer> typmods = columns.typmods();
        for (int i = 0; i < c.getAliascolnamesCount() && i < names.size(); i++) {
            names.set(i, c.getAliascolnames(i).getString().getSval());
        }
        return new Query.CommonTable(c.getCtename(), q, names, types, typmods, false, null, false, true);
    }

    private Query.CommonTable commonTable(PgQuery.CommonTableExpr c, Query q, Query recursiveTerm, boolean all) {
        List<String> names = new ArrayList<>();
        List<PgType> types = new ArrayList<>();
        List<Integer> typmods = new ArrayList<>();
        for (Query.TargetEntry t : q.targetList()) {
            if (!t.junk()) {
                names.add(t.name());
                types.add(t.expr().type());
                typmods.add(t.expr().typmod());
            }
        }
        if (c.getAliascolnamesCount() > names.size()) {
            throw PgException.error("42P10", "WITH query \"" + c.getCtename() + "\" has " + names.size()
                    + " columns available but " + c.getAliascolnamesCount() + " columns specified")
                    .withPosition(statement.position(c.getLocation()));
        }
        for (int i = 0; i < c.getAliascolnamesCount(); i++) {
            names.set(i, c.getAliascolnames(i).getString().getSval());
        }
        return new Query.CommonTable(c.getCtename(), q, names, types, typmods, recursiveTerm != null, recursiveTerm,
                all, false);
    }

    /** WITH RECURSIVE: a non-recursive term UNION [ALL] a recursive term that reads the working table. */
    private Query.CommonTable recursiveCte(ParseState ps, ParseState.CteScope scope, PgQuery.CommonTableExpr c,
                                           PgQuery.SelectStmt sel) {
        int p = statement.position(c.getLocation());
        if (sel.getOp() != PgQuery.SetOperation.SETOP_UNION || CteReferences.references(
                withPushedDown(sel.getLarg(), sel), c.getCtename())) {
            throw PgException.error("42P19", "recursive query \"" + c.getCtename()
                    + "\" does not have the form non-recursive-term UNION [ALL] recursive-term").withPosition(p);
        }
        RecursionCheck.check(c.getCtename(), sel, statement);
        scope.recursive = true;
        Query nonRecursive = selectStatement(ps, withPushedDown(sel.getLarg(), sel));
        Query.CommonTable shape = commonTable(c, nonRecursive, null, sel.getAll());
        scope.names = shape.columnNames();
        scope.types = shape.columnTypes();
        scope.typmods = shape.columnTypmods();
        Query recursive = selectStatement(ps, withPushedDown(sel.getRarg(), sel));
        // the recursive term's columns take the non-recursive term's types
        List<Query.TargetEntry> targets = new ArrayList<>();
        int i = 0;
        for (Query.TargetEntry t : recursive.targetList()) {
            if (t.junk()) {
                targets.add(t);
                continue;
            }
            if (i >= scope.types.size()) {
                throw PgException.error(SqlState.SYNTAX_ERROR, "each UNION query must have the same number of columns");
            }
            PgType want = scope.types.get(i++);
            if (t.expr().type() != want && t.expr().type() != PgType.UNKNOWN
                    && Casts.find(t.expr().type(), want, -1, Casts.Context.IMPLICIT) == null) {
                throw PgException.error(SqlState.DATATYPE_MISMATCH, "recursive query \"" + c.getCtename()
                        + "\" column " + i + " has type " + want.sqlName() + " in non-recursive term but type "
                        + t.expr().type().sqlName() + " overall").withHint(
                        "Cast the output of the non-recursive term to the correct type.").withPosition(p);
            }
            targets.add(new Query.TargetEntry(exprs.coerce(ps, t.expr(), want, -1, Casts.Context.IMPLICIT, 0),
                    t.name(), false));
        }
        if (i != scope.types.size()) {
            throw PgException.error(SqlState.SYNTAX_ERROR, "each UNION query must have the same number of columns");
        }
        Query rec = new Query(recursive.rangeTable(), recursive.jointree(), targets, recursive.groupBy(),
                recursive.having(), recursive.hasAggs(), recursive.aggregates(), recursive.windowFuncs(),
                recursive.windows(), recursive.sortClause(), recursive.distinct(), recursive.limitCount(),
                recursive.limitOffset(), recursive.setOperations(), recursive.ctes(), recursive.rowMarks(),
                recursive.targetSetFunctions());
        return commonTable(c, nonRecursive, rec, sel.getAll());
    }

    /**
     * One term of a recursive WITH query's UNION with the WITH written on that UNION, which both terms read
     * (`WITH RECURSIVE t AS (WITH s AS (...) SELECT ... FROM s UNION ALL SELECT ... FROM t)`): each term gets its
     * own copy, its own WITH (if any) inside it.
     */
    private static PgQuery.SelectStmt withPushedDown(PgQuery.SelectStmt term, PgQuery.SelectStmt union) {
        if (!union.hasWithClause()) {
            return term;
        }
        if (!term.hasWithClause()) {
            return term.toBuilder().setWithClause(union.getWithClause()).build();
        }
        PgQuery.RangeSubselect from = PgQuery.RangeSubselect.newBuilder()
                .setSubquery(Node.newBuilder().setSelectStmt(term))
                .setAlias(PgQuery.Alias.newBuilder().setAliasname("*SELECT*")).build();
        PgQuery.ResTarget star = PgQuery.ResTarget.newBuilder().setVal(Node.newBuilder().setColumnRef(
                PgQuery.ColumnRef.newBuilder().addFields(Node.newBuilder().setAStar(PgQuery.A_Star.getDefaultInstance()))))
                .build();
        return PgQuery.SelectStmt.newBuilder().setWithClause(union.getWithClause())
                .addTargetList(Node.newBuilder().setResTarget(star))
                .addFromClause(Node.newBuilder().setRangeSubselect(from)).setOp(PgQuery.SetOperation.SETOP_NONE)
                .setLimitOption(PgQuery.LimitOption.LIMIT_OPTION_DEFAULT).build();
    }

    // ---------------------------------------------------------------- ORDER BY, GROUP BY, DISTINCT, LIMIT

    /**
     * findTargetlistEntrySQL92 then SQL99: an output column name or number, else an expression over the input,
     * matched against the target list or added to it as a resjunk entry.
     */
    private List<Query.SortClause> sortClause(ParseState ps, List<Node> items, List<Query.TargetEntry> targets,
                                              boolean outputOnly) {
        List<Query.SortClause> out = new ArrayList<>();
        for (Node n : items) {
            PgQuery.SortBy s = n.getSortBy();
            int target = findTarget(ps, s.getNode(), targets, "ORDER BY", outputOnly);
            boolean desc = s.getSortbyDir() == PgQuery.SortByDir.SORTBY_DESC;
            if (s.getUseOpCount() > 0) {
                // USING < is ASC, USING > is DESC (the btree strategies); anything else is no ordering operator
                String op = s.getUseOp(s.getUseOpCount() - 1).getString().getSval();
                if (!op.equals("<") && !op.equals(">")) {
                    throw PgException.error(SqlState.WRONG_OBJECT_TYPE, "operator " + op
                            + " is not a valid ordering operator").withHint(
                            "Ordering operators must be \"<\" or \">\" members of btree operator families.")
                            .withPosition(statement.position(s.getLocation()));
                }
                desc = op.equals(">");
            }
            boolean nullsFirst = switch (s.getSortbyNulls()) {
                case SORTBY_NULLS_FIRST -> true;
                case SORTBY_NULLS_LAST -> false;
                default -> desc;
            };
            PgType t = targets.get(target).expr().type();
            Operators.resolveBinary("<", t, t, exprs.location(ps, s.getNode()));
            out.add(new Query.SortClause(target, desc, nullsFirst));
        }
        return out;
    }

    /**
     * checkTargetlistEntrySQL92: GROUP BY naming an output column (by position or name) that holds an aggregate or
     * a window function of this query is an error at that call.
     */
    private static int checkTarget(Query.TargetEntry target, String clause, int index) {
        if (clause.equals("GROUP BY")) {
            Expr[] found = new Expr[2];
            ExprTrees.walk(target.expr(), x -> {
                if (x instanceof Expr.Aggref && found[0] == null) {
                    found[0] = x;
                } else if (x instanceof Expr.WindowFunc && found[1] == null) {
                    found[1] = x;
                }
            });
            if (found[0] instanceof Expr.Aggref a) {
                throw PgException.error(SqlState.GROUPING_ERROR, "aggregate functions are not allowed in GROUP BY")
                        .withPosition(a.location());
            }
            if (found[1] instanceof Expr.WindowFunc w) {
                throw PgException.error(SqlState.WINDOWING_ERROR, "window functions are not allowed in GROUP BY")
                        .withPosition(w.location());
            }
        }
        return index;
    }

    private int findTarget(ParseState ps, Node node, List<Query.TargetEntry> targets, String clause,
                           boolean outputOnly) {
        int p = exprs.location(ps, node);
        if (node.hasAConst() && node.getAConst().getValCase() == PgQuery.A_Const.ValCase.IVAL) {
            int n = node.getAConst().getIval().getIval();
            int visible = 0;
            for (int i = 0; i < targets.size(); i++) {
                if (!targets.get(i).junk() && ++visible == n) {
                    return checkTarget(targets.get(i), clause, i);
                }
            }
            throw PgException.error("42P10", clause + " position " + n + " is not in select list").withPosition(p);
        }
        if (node.hasColumnRef() && node.getColumnRef().getFieldsCount() == 1
                && node.getColumnRef().getFields(0).hasString()) {
            String name = node.getColumnRef().getFields(0).getString().getSval();
            boolean inputColumn = clause.equals("GROUP BY") && ps.findColumnQuietly(name);
            if (!inputColumn) {
                int found = -1;
                for (int i = 0; i < targets.size(); i++) {
                    Query.TargetEntry t = targets.get(i);
                    if (!t.junk() && t.name().equals(name)) {
                        if (found >= 0 && !ExprTrees.same(targets.get(found).expr(), t.expr())) {
                            throw PgException.error(Messages.AMBIGUOUS_COLUMN, clause + " \"" + name
                                    + "\" is ambiguous").withPosition(p);
                        }
                        if (found < 0) {
                            found = i;
                        }
                    }
                }
                if (found >= 0) {
                    return checkTarget(targets.get(found), clause, found);
                }
            }
        }
        if (outputOnly) {
            if (node.hasColumnRef()) {
                Expr e = exprs.expr(ps, node);
                for (int i = 0; i < targets.size(); i++) {
                    if (ExprTrees.same(targets.get(i).expr(), e)) {
                        return i;
                    }
                }
            }
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause")
                    .withDetail("Only result column names can be used, not expressions or functions.")
                    .withHint("Add the expression/function to every SELECT, or move the UNION into a FROM clause.")
                    .withPosition(p);
        }
        String savedKind = ps.exprKind;
        if (clause.equals("GROUP BY")) {
            ps.exprKind = "GROUP BY";
        }
        Expr e;
        try {
            e = exprs.resolved(ps, node);
        } finally {
            ps.exprKind = savedKind;
        }
        for (int i = 0; i < targets.size(); i++) {
            if (ExprTrees.same(targets.get(i).expr(), e)) {
                return i;
            }
        }
        targets.add(new Query.TargetEntry(e, ExprAnalyzer.figureName(node), true));
        return targets.size() - 1;
    }

    private List<Integer> groupClause(ParseState ps, List<Node> items, List<Query.TargetEntry> targets) {
        List<Integer> out = new ArrayList<>();
        for (Node n : items) {
            if (n.hasGroupingSet()) {
                throw Unsupported.of("GROUPING SETS, ROLLUP and CUBE");
            }
            int t = findTarget(ps, n, targets, "GROUP BY", false);
            PgType type = targets.get(t).expr().type();
            Operators.resolveBinary("=", type, type, exprs.location(ps, n));
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private Query.Distinct distinctClause(ParseState ps, PgQuery.SelectStmt s, List<Query.TargetEntry> targets,
                                          List<Query.SortClause> sort, int visibleCount) {
        if (s.getDistinctClauseCount() == 0) {
            return null;
        }
        boolean plainDistinct = s.getDistinctClauseCount() == 1 && s.getDistinctClause(0).getNodeCase()
                == Node.NodeCase.NODE_NOT_SET;
        if (plainDistinct) {
            for (Query.SortClause c : sort) {
                if (targets.get(c.target()).junk()) {
                    throw PgException.error("42P10",
                            "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                }
            }
            for (int i = 0; i < visibleCount; i++) {
                PgType t = targets.get(i).expr().type();
                Operators.resolveBinary("=", t, t, 0);
            }
            return new Query.Distinct(null);
        }
        List<Integer> on = new ArrayList<>();
        for (Node n : s.getDistinctClauseList()) {
            on.add(findTarget(ps, n, targets, "DISTINCT ON", false));
        }
        // the leading ORDER BY keys must be the DISTINCT ON keys
        for (int i = 0; i < Math.min(sort.size(), on.size()); i++) {
            if (!on.contains(sort.get(i).target())) {
                throw PgException.error("42P10",
                        "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
            }
        }
        return new Query.Distinct(on);
    }

    private Expr limitClause(ParseState ps, Node node, String clause) {
        if (node == null || (node.hasAConst() && node.getAConst().getIsnull())) {
            return null;
        }
        String saved = ps.exprKind;
        ps.exprKind = clause;
        Expr e;
        try {
            e = exprs.expr(ps, node);
        } finally {
            ps.exprKind = saved;
        }
        if (containsVar(e)) {
            throw PgException.error("42P10", "argument of " + clause + " must not contain variables")
                    .withPosition(exprs.location(ps, node));
        }
        return exprs.coerce(ps, e, PgType.INT8, -1, Casts.Context.ASSIGNMENT, exprs.location(ps, node));
    }

    /** checkExprIsVarFree: a column of this query level (outer references are parameters, and allowed). */
    private static boolean containsVar(Expr e) {
        boolean[] found = {false};
        ExprTrees.walk(e, x -> {
            if (x instanceof Expr.Var v && v.levelsUp() == 0) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private Query.RowMarks rowMarks(ParseState ps, List<Node> clauses, String notAllowedWith) {
        if (clauses.size() > 1) {
            throw Unsupported.of("more than one locking clause");
        }
        PgQuery.LockingClause lc = clauses.getFirst().getLockingClause();
        RowLockStrength strength = switch (lc.getStrength()) {
            case LCS_FORKEYSHARE -> RowLockStrength.KEY_SHARE;
            case LCS_FORSHARE -> RowLockStrength.SHARE;
            case LCS_FORNOKEYUPDATE -> RowLockStrength.NO_KEY_UPDATE;
            default -> RowLockStrength.UPDATE;
        };
        String clause = switch (strength) {
            case KEY_SHARE -> "FOR KEY SHARE";
            case SHARE -> "FOR SHARE";
            case NO_KEY_UPDATE -> "FOR NO KEY UPDATE";
            default -> "FOR UPDATE";
        };
        if (notAllowedWith != null) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, clause + " is not allowed with "
                    + notAllowedWith);
        }
        LockWaitPolicy policy = switch (lc.getWaitPolicy()) {
            case LockWaitSkip -> LockWaitPolicy.SKIP;
            case LockWaitError -> LockWaitPolicy.ERROR;
            default -> LockWaitPolicy.BLOCK;
        };
        List<Integer> indexes = new ArrayList<>();
        for (Node rel : lc.getLockedRelsList()) {
            String name = rel.getRangeVar().getRelname();
            boolean found = false;
            for (int i = 0; i < ps.rangeTable.size(); i++) {
                if (name.equals(ps.rangeTable.get(i).alias())) {
                    if (ps.rangeTable.get(i) instanceof Query.CteEntry) {
                        throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, clause
                                + " cannot be applied to a WITH query")
                                .withPosition(statement.position(rel.getRangeVar().getLocation()));
                    }
                    indexes.add(i + 1);
                    found = true;
                }
            }
            if (!found) {
                throw PgException.error(SqlState.UNDEFINED_TABLE, "relation \"" + name
                        + "\" in " + clause + " clause not found in FROM clause")
                        .withPosition(statement.position(rel.getRangeVar().getLocation()));
            }
        }
        return new Query.RowMarks(strength, policy, indexes);
    }

    // ---------------------------------------------------------------- windows

    /** The index of the window an OVER clause names ({@code OVER w}) or defines (equal definitions share one). */
    int windowFor(ParseState ps, PgQuery.WindowDef over, int p) {
        if (!over.getName().isEmpty()) {
            return define(ps, namedWindow(ps, over.getName(), p), p);
        }
        return define(ps, over, p);
    }

    /** The WINDOW clause: names known before the target list uses them (each checked even when unused). */
    private void windowClause(ParseState ps, List<Node> windows) {
        for (Node n : windows) {
            PgQuery.WindowDef w = n.getWindowDef();
            if (ps.rawWindows.containsKey(w.getName())) {
                throw PgException.error(SqlState.WINDOWING_ERROR, "window \"" + w.getName() + "\" is already defined")
                        .withPosition(statement.position(w.getLocation()));
            }
            ps.rawWindows.put(w.getName(), w);
        }
    }

    private int define(ParseState ps, PgQuery.WindowDef def, int p) {
        Query.WindowSpec base = def.getRefname().isEmpty() ? null
                : ps.windows.get(define(ps, namedWindow(ps, def.getRefname(), p), p));
        List<Expr> partition = new ArrayList<>();
        List<Expr.OrderKey> order = new ArrayList<>();
        String saved = ps.exprKind;
        ps.exprKind = "window definitions";
        try {
            if (base != null) {
                if (def.getPartitionClauseCount() > 0) {
                    throw PgException.error(SqlState.WINDOWING_ERROR, "cannot override PARTITION BY clause of window \""
                            + def.getRefname() + "\"").withPosition(p);
                }
                partition.addAll(base.partitionBy());
                if (!base.orderBy().isEmpty() && def.getOrderClauseCount() > 0) {
                    throw PgException.error(SqlState.WINDOWING_ERROR, "cannot override ORDER BY clause of window \""
                            + def.getRefname() + "\"").withPosition(p);
                }
                order.addAll(base.orderBy());
            }
            for (Node n : def.getPartitionClauseList()) {
                partition.add(exprs.resolved(ps, n));
            }
            for (Node n : def.getOrderClauseList()) {
                order.add(exprs.orderKey(ps, n.getSortBy()));
            }
        } finally {
            ps.exprKind = saved;
        }
        Query.Frame frame = frame(ps, def);
        Query.WindowSpec spec = new Query.WindowSpec(partition, order, frame);
        for (int i = 0; i < ps.windows.size(); i++) {
            if (ExprTrees.sameWindow(ps.windows.get(i), spec)) {
                return i;
            }
        }
        ps.windows.add(spec);
        return ps.windows.size() - 1;
    }

    private PgQuery.WindowDef namedWindow(ParseState ps, String name, int p) {
        PgQuery.WindowDef found = ps.rawWindows.get(name);
        if (found == null) {
            throw PgException.error(SqlState.UNDEFINED_OBJECT, "window \"" + name + "\" does not exist")
                    .withPosition(p);
        }
        return found.toBuilder().setName("").build();
    }

    private Query.Frame frame(ParseState ps, PgQuery.WindowDef def) {
        int o = def.getFrameOptions();
        if ((o & 1) == 0) {
            return Query.Frame.DEFAULT;
        }
        Query.FrameUnit unit = (o & 0x4) != 0 ? Query.FrameUnit.ROWS : (o & 0x8) != 0 ? Query.FrameUnit.GROUPS
                : Query.FrameUnit.RANGE;
        Query.Bound start = (o & 0x20) != 0 ? Query.Bound.UNBOUNDED_PRECEDING : (o & 0x200) != 0
                ? Query.Bound.CURRENT_ROW : (o & 0x800) != 0 ? Query.Bound.OFFSET_PRECEDING
                : (o & 0x2000) != 0 ? Query.Bound.OFFSET_FOLLOWING : Query.Bound.UNBOUNDED_FOLLOWING;
        Query.Bound end = (o & 0x10) == 0 ? Query.Bound.CURRENT_ROW : (o & 0x100) != 0
                ? Query.Bound.UNBOUNDED_FOLLOWING : (o & 0x400) != 0 ? Query.Bound.CURRENT_ROW
                : (o & 0x1000) != 0 ? Query.Bound.OFFSET_PRECEDING : (o & 0x4000) != 0
                ? Query.Bound.OFFSET_FOLLOWING : Query.Bound.UNBOUNDED_PRECEDING;
        Query.Exclusion exclusion = (o & 0x8000) != 0 ? Query.Exclusion.CURRENT_ROW : (o & 0x10000) != 0
                ? Query.Exclusion.GROUP : (o & 0x20000) != 0 ? Query.Exclusion.TIES : Query.Exclusion.NO_OTHERS;
        if (unit == Query.FrameUnit.RANGE && ((o & 0x800) != 0 || (o & 0x1000) != 0 || (o & 0x2000) != 0
                || (o & 0x4000) != 0)) {
            throw Unsupported.of("RANGE with offsets");
        }
        Expr startOffset = def.hasStartOffset() ? frameOffset(ps, def.getStartOffset(), unit) : null;
        Expr endOffset = def.hasEndOffset() ? frameOffset(ps, def.getEndOffset(), unit) : null;
        return new Query.Frame(unit, start, startOffset, end, endOffset, exclusion);
    }

    private Expr frameOffset(ParseState ps, Node n, Query.FrameUnit unit) {
        String clause = unit.name();
        Expr e = exprs.expr(ps, n);
        if (containsVar(e)) {
            throw PgException.error("42P10", "argument of " + clause + " must not contain variables")
                    .withPosition(exprs.location(ps, n));
        }
        return exprs.coerce(ps, e, PgType.INT8, -1, Casts.Context.IMPLICIT, exprs.location(ps, n));
    }

    // ---------------------------------------------------------------- grouping check (parse_agg.c)

    /** check_ungrouped_columns: outside aggregates, only grouped expressions may use this level's columns. */
    private void checkGrouping(ParseState ps, List<Query.TargetEntry> targets, List<Integer> groupBy, Expr having,
                               List<Query.SortClause> sort) {
        List<Expr> grouped = new ArrayList<>();
        for (int g : groupBy) {
            grouped.add(targets.get(g).expr());
        }
        for (Query.TargetEntry t : targets) {
            checkUngrouped(ps, t.expr(), grouped);
        }
        if (having != null) {
            checkUngrouped(ps, having, grouped);
        }
    }

    private void checkUngrouped(ParseState ps, Expr e, List<Expr> grouped) {
        for (Expr g : grouped) {
            if (ExprTrees.same(g, e)) {
                return;
            }
        }
        switch (e) {
            case Expr.Aggref a -> {
            }
            case Expr.WindowFunc w -> {
                for (Expr a : w.args()) {
                    checkUngrouped(ps, a, grouped);
                }
            }
            case Expr.Var v when v.levelsUp() == 0 -> {
                Query.RangeEntry entry = ps.entry(v.varno());
                String alias = entry.alias() == null ? "" : entry.alias() + ".";
                throw PgException.error(SqlState.GROUPING_ERROR, "column \"" + alias + v.name()
                        + "\" must appear in the GROUP BY clause or be used in an aggregate function")
                        .withPosition(v.location());
            }
            case Expr.SubQuery s -> {
                for (Expr l : s.left()) {
                    checkUngrouped(ps, l, grouped);
                }
            }
            default -> ExprTrees.forEachChild(e, c -> checkUngrouped(ps, c, grouped));
        }
    }
}
