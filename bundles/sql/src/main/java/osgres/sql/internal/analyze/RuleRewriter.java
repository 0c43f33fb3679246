/*
 * The query rewriter's rule system (PostgreSQL's rewriteHandler.c RewriteQuery, fireRules and rewriteRuleAction):
 * an INSERT, UPDATE or DELETE on a relation with ON INSERT/UPDATE/DELETE rules becomes the list of queries the rules
 * say, each recursively rewritten in turn (a relation reached again for the same event is 42P17).
 *
 * A rule action is analysed as PostgreSQL analyses it when the rule is made, with OLD and NEW as range-table entries
 * (visible only by their names), but here inside the triggering query: its range table starts with the triggering
 * query's entries, then OLD and NEW, then the action's own. That makes rewriteRuleAction's merge a substitution:
 * OLD.x becomes the triggering query's result relation's column (for a view, the view read as a subquery), NEW.x the
 * triggering query's new-row expression for x (INSERT and UPDATE have one per column), and the triggering query's
 * FROM items and WHERE join the action's (its result relation only when something reads it, as adjustJoinTreeList
 * keeps it). The rule's WHERE is added to each of its actions; a qualified INSTEAD rule adds "qual IS NOT TRUE" to the
 * triggering query instead. Order and command tag follow PostgreSQL: for INSERT the original query runs first, for
 * UPDATE and DELETE last; the original sets the tag, else the last INSTEAD action of the same command.
 *
 * A SELECT action's rows are what the client gets (one such action per statement). Not done: NOTIFY actions (0A000,
 * except that WITH reports PostgreSQL's errors for them), DO ALSO rules on a view reached through another rule, ON
 * SELECT rules.
 */
package osgres.sql.internal.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import osgres.api.PgException;
import osgres.api.SqlState;
import osgres.pgquery.tree.PgQuery;
import osgres.pgquery.tree.PgQuery.Node;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.nodes.QueryTrees;
import osgres.sql.internal.utils.Unsupported;
import osgres.storage.LockMode;
import osgres.storage.TableDef;

public final class RuleRewriter {

    /** One rule (a pg_rewrite row) as its CREATE RULE text defines it; {@code qual} null when unconditional. */
    public record Rule(int oid, int relation, String name, Query.Command event, boolean instead, Node qual,
                       List<Node> actions, String text) {
    }

    /** The rules of a relation, in name order (the order they fire in). */
    @FunctionalInterface
    public interface Lookup {
        List<Rule> of(int relationOid);
    }

    /** Where a query of the rewritten list came from (PostgreSQL's QuerySource). */
    enum Source { ORIGINAL, INSTEAD, QUAL_INSTEAD, ALSO }

    /**
     * One query of a rewrite's result: an INSERT, UPDATE or DELETE changing {@code target}, or a NOTIFY action
     * ({@code query} null, {@code channel} its channel).
     */
    record Product(Query query, TableDef target, Source source, String channel) {
    }

    /**
     * What a statement became: its queries in execution order, and {@code tagIndex}, the one whose row count the
     * command tag reports and whose RETURNING rows the client gets (-1: none; the tag is then the original command
     * with 0 rows).
     */
    public record Rewritten(Query.Command command, List<Query> queries, int tagIndex) {
    }

    /**
     * The scope a rule action or qual is analysed in: {@code prefix} (the triggering query's range table), then OLD
     * and NEW as entries of the rule's relation that only qualified names reach.
     */
    static final class Scope {
        final List<Query.RangeEntry> prefix;
        final TableDef relation;
        final int oldIndex;
        final int newIndex;

        Scope(List<Query.RangeEntry> prefix, TableDef relation) {
            this.prefix = prefix;
            this.relation = relation;
            this.oldIndex = prefix.size() + 1;
            this.newIndex = prefix.size() + 2;
        }

        void install(ParseState ps) {
            ps.rangeTable.addAll(prefix);
            Query.Columns c = Query.Columns.of(relation);
            ps.addEntry(new Query.RelationEntry(relation, "old", c.names(), c.types(), c.typmods(),
                    LockMode.ACCESS_SHARE));
            ps.addEntry(new Query.RelationEntry(relation, "new", c.names(), c.types(), c.typmods(),
                    LockMode.ACCESS_SHARE));
            ps.namespace.add(new ParseState.Item("old", oldIndex, true, false, false));
            ps.namespace.add(new ParseState.Item("new", newIndex, true, false, false));
        }
    }

    private final ParseState.Statement statement;
    /** The top query's own analysis onto a view's base table (null below the top: not available there). */
    private final Supplier<Query> viewOriginal;
    private final Query top;
    /** The (relation, event) pairs being rewritten, outermost first (rewrite_events). */
    private final List<String> events = new ArrayList<>();

    private RuleRewriter(ParseState.Statement statement, Query top, Supplier<Query> viewOriginal) {
        this.statement = statement;
        this.top = top;
        this.viewOriginal = viewOriginal;
    }

    /** The rules of {@code relation} for {@code command} ({@code MERGE}: all of them). */
    static List<Rule> rulesFor(ParseState.Statement statement, TableDef relation, Query.Command command) {
        if (statement.rules == null) {
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (Rule r : statement.rules.of(relation.oid())) {
            if (command == Query.Command.MERGE || r.event() == command) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * QueryRewrite of a top-level INSERT, UPDATE or DELETE: null when no rule fires (the query runs as analysed),
     * else the queries it became. {@code viewOriginal} analyses the statement again onto a view's base table.
     */
    static Rewritten rewrite(ParseState.Statement statement, Query query, TableDef target,
                             Supplier<Query> viewOriginal) {
        Query.Command command = query.modify().command();
        if (query.modify().onConflict() != null && !rulesFor(statement, target, Query.Command.UPDATE).isEmpty()) {
            throw onConflictWithRules();
        }
        if (command == Query.Command.MERGE || rulesFor(statement, target, command).isEmpty()) {
            return null;
        }
        List<Product> products = new RuleRewriter(statement, query, viewOriginal)
                .rewrite(query, target, Source.ORIGINAL);
        List<Query> queries = new ArrayList<>();
        int tag = -1;
        int lastInstead = -1;
        for (Product p : products) {
            if (p.query() == null) {
                throw Unsupported.of("NOTIFY rule actions");
            }
            if (p.source() == Source.ORIGINAL) {
                tag = queries.size();
            } else if (p.query().modify() != null && p.query().modify().command() == command
                    && (p.source() == Source.INSTEAD || p.source() == Source.QUAL_INSTEAD)) {
                lastInstead = queries.size();
            }
            queries.add(p.query());
        }
        return new Rewritten(command, List.copyOf(queries), tag >= 0 ? tag : lastInstead);
    }

    /**
     * A data-modifying WITH query's rewrite: only an unconditional single-action DO INSTEAD rule can stand in for
     * it; the other kinds are PostgreSQL's 0A000 errors.
     */
    static Query rewriteCte(ParseState.Statement statement, Query query, TableDef target,
                            Supplier<Query> viewOriginal) {
        if (rulesFor(statement, target, query.modify().command()).isEmpty()) {
            return query;
        }
        List<Product> products = new RuleRewriter(statement, query, viewOriginal)
                .rewrite(query, target, Source.ORIGINAL);
        if (products.size() == 1) {
            if (products.getFirst().query() == null) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "DO INSTEAD NOTIFY rules are not supported for data-modifying statements in WITH");
            }
            if (products.getFirst().query().modify() == null) {
                throw Unsupported.of("DO INSTEAD SELECT rules for data-modifying statements in WITH");
            }
            return products.getFirst().query();
        }
        if (products.isEmpty()) {
            throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "DO INSTEAD NOTHING rules are not supported for data-modifying statements in WITH");
        }
        for (Product p : products) {
            if (p.source() == Source.QUAL_INSTEAD) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "conditional DO INSTEAD rules are not supported for data-modifying statements in WITH");
            }
            if (p.source() == Source.ALSO) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "DO ALSO rules are not supported for data-modifying statements in WITH");
            }
        }
        throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                "multi-statement DO INSTEAD rules are not supported for data-modifying statements in WITH");
    }

    /** RewriteQuery for one query: the products of its target's rules, each rewritten in turn, and itself. */
    private List<Product> rewrite(Query q, TableDef target, Source source) {
        Query.Command event = q.modify().command();
        List<Rule> rules = rulesFor(statement, target, event);
        if (rules.isEmpty() || event == Query.Command.MERGE) {
            return List.of(new Product(q, target, source, null));
        }
        if (q.modify().onConflict() != null) {
            throw onConflictWithRules();
        }
        boolean instead = false;
        boolean[] returning = new boolean[1];
        Query qualProduct = null;
        List<Product> products = new ArrayList<>();
        Scope scope = new Scope(q.rangeTable(), target);
        for (Rule rule : rules) {
            ParseState.Statement ruleStatement = new ParseState.Statement(statement, rule.text());
            Expr qual = qual(ruleStatement, rule, scope);
            Source kind = !rule.instead() ? Source.ALSO : qual == null ? Source.INSTEAD : Source.QUAL_INSTEAD;
            if (kind == Source.QUAL_INSTEAD) {
                Query base = qualProduct != null ? qualProduct : q;
                Expr inverted = new Expr.BooleanTest((Expr) substitute(qual, q, scope), true, true);
                qualProduct = withJoinTree(base, base.jointree().items(), and(inverted, base.jointree().quals()));
            }
            instead |= kind == Source.INSTEAD;
            for (Node action : rule.actions()) {
                if (action.hasNotifyStmt()) {
                    products.add(new Product(null, null, kind, action.getNotifyStmt().getConditionname()));
                    continue;
                }
                if (action.hasSelectStmt()) {
                    Query analysed = ParseAnalyzer.of(ruleStatement).ruleSelect(scope, action.getSelectStmt());
                    products.add(new Product(action(q, analysed, qual, scope, action, returning), null, kind, null));
                    continue;
                }
                ModifyAnalyzer m = new ModifyAnalyzer(ParseAnalyzer.of(ruleStatement), ruleStatement);
                m.scope = scope;
                Query analysed = m.analyze(null, action);
                products.add(new Product(action(q, analysed, qual, scope, action, returning), m.target(), kind,
                        null));
            }
        }
        if (!instead && target.isView()) {
            if (qualProduct != null) {
                throw conditionalInsteadOnView(event, target.name());
            }
            if (q != top || viewOriginal == null) {
                throw Unsupported.of("DO ALSO rules on a view changed through another rule");
            }
            Query original = viewOriginal.get();
            Product p = new Product(original, ((Query.RelationEntry) original.rangeTable()
                    .get(original.modify().resultRelation() - 1)).table(), source, null);
            if (event == Query.Command.INSERT) {
                products.addFirst(p);
            } else {
                products.add(p);
            }
            instead = true;
            returning[0] = true;
        }
        String key = target.oid() + "/" + event;
        if (events.contains(key)) {
            throw PgException.error("42P17", "infinite recursion detected in rules for relation \""
                    + target.name() + "\"");
        }
        events.add(key);
        List<Product> rewritten = new ArrayList<>();
        for (Product p : products) {
            rewritten.addAll(p.query() == null || p.query().modify() == null ? List.of(p)
                    : rewrite(p.query(), p.target(), p.source()));
        }
        events.removeLast();
        if ((instead || qualProduct != null) && !q.modify().returning().isEmpty() && !returning[0]) {
            throw cannotReturn(event, target.name());
        }
        if (!instead) {
            Product kept = new Product(qualProduct != null ? qualProduct : q, target, source, null);
            if (event == Query.Command.INSERT) {
                rewritten.addFirst(kept);
            } else {
                rewritten.add(kept);
            }
        }
        if (!q.ctes().isEmpty()) {
            int count = 0;
            for (Product p : rewritten) {
                count += p.query() != null ? 1 : 0;
            }
            if (count > 1) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "WITH cannot be used in a query that is rewritten by rules into multiple queries");
            }
        }
        return rewritten;
    }

    /** The rule's WHERE, analysed over OLD and NEW in the triggering query's scope; null when it has none. */
    private static Expr qual(ParseState.Statement ruleStatement, Rule rule, Scope scope) {
        if (rule.qual() == null) {
            return null;
        }
        ParseState ps = new ParseState(ruleStatement, null);
        scope.install(ps);
        // transformRuleStmt: the qual also finds the columns of the row the event has (both for UPDATE) unqualified
        ps.namespace.clear();
        if (rule.event() != Query.Command.INSERT) {
            ps.namespace.add(new ParseState.Item("old", scope.oldIndex, true, true, false));
        }
        if (rule.event() != Query.Command.DELETE) {
            ps.namespace.add(new ParseState.Item("new", scope.newIndex, true, true, false));
        }
        ps.exprKind = "WHERE";
        return ParseAnalyzer.of(ruleStatement).exprs.condition(ps, rule.qual(), "WHERE");
    }

    /** rewriteRuleAction: the analysed action merged with the triggering query {@code q}. */
    private Query action(Query q, Query action, Expr qual, Scope scope, Node raw, boolean[] returning) {
        Query a;
        Query.Modify m = action.modify();
        if (m != null && isInsertSelect(raw)) {
            // getInsertSelectQuery: OLD and NEW belong to the SELECT, and the triggering query joins it there
            for (Query.CommonTable c : q.ctes()) {
                if (c.modifying()) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "INSERT...SELECT rule actions are not "
                            + "supported for queries having data-modifying statements in WITH");
                }
            }
            int index = selectIndex(action);
            Query.SubqueryEntry e = (Query.SubqueryEntry) action.rangeTable().get(index - 1);
            List<Query.RangeEntry> rangeTable = new ArrayList<>(action.rangeTable());
            rangeTable.set(index - 1, new Query.SubqueryEntry(merge(q, e.subquery(), qual, scope), e.alias(),
                    e.columnNames(), e.columnTypes(), e.columnTypmods(), e.lateral()));
            a = new Query(List.copyOf(rangeTable), action.jointree(), action.targetList(), action.groupBy(),
                    action.having(), action.hasAggs(), action.aggregates(), action.windowFuncs(), action.windows(),
                    action.sortClause(), action.distinct(), action.limitCount(), action.limitOffset(),
                    action.setOperations(), action.ctes(), action.rowMarks(), action.targetSetFunctions(), m,
                    action.limitWithTies());
        } else {
            a = merge(q, action, qual, scope);
        }
        if (m == null) {
            return a;
        }
        List<Query.TargetEntry> returningList = List.of();
        if (!q.modify().returning().isEmpty() && !m.returning().isEmpty()) {
            if (returning[0]) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot have RETURNING lists in multiple rules");
            }
            returning[0] = true;
            returningList = returningThrough(q, m.returning());
        }
        Query.Modify modify = new Query.Modify(m.command(), m.resultRelation(), returningList, m.onConflict(),
                m.checkOption(), m.checkView(), m.merge());
        return new Query(a.rangeTable(), a.jointree(), a.targetList(), a.groupBy(), a.having(), a.hasAggs(),
                a.aggregates(), a.windowFuncs(), a.windows(), a.sortClause(), a.distinct(), a.limitCount(),
                a.limitOffset(), a.setOperations(), a.ctes(), a.rowMarks(), a.targetSetFunctions(), modify,
                a.limitWithTies());
    }

    /**
     * The query level of a rule action that holds OLD and NEW ({@code sub}: the action, or an INSERT action's SELECT)
     * with them replaced, the triggering query's FROM items, WHERE and WITH queries joined, and the rule's qual.
     */
    private static Query merge(Query q, Query sub, Expr qual, Scope scope) {
        int result = q.modify().resultRelation();
        Query.Command event = q.modify().command();
        boolean usesOld = uses(sub, scope.oldIndex) || uses(qual, scope.oldIndex);
        boolean usesNew = uses(sub, scope.newIndex) || uses(qual, scope.newIndex);
        // transformRuleStmt joins OLD to the action (after its own FROM items) when it or the qual reads OLD, or
        // NEW of an UPDATE; else adjustJoinTreeList keeps the result relation where it was only if the triggering
        // query's WHERE reads it
        boolean actionReadsOld = event != Query.Command.INSERT
                && (usesOld || usesNew && event == Query.Command.UPDATE);
        boolean keepOriginal = !actionReadsOld && event != Query.Command.INSERT
                && uses(q.jointree().quals(), result);
        Query a = (Query) substitute(sub, q, scope);
        Expr ruleQual = (Expr) substitute(qual, q, scope);
        if (a.setOperations() != null) {
            throw Unsupported.of("UNION/INTERSECT/EXCEPT rule actions");
        }
        List<Query.JoinNode> items = new ArrayList<>();
        for (Query.JoinNode n : q.jointree().items()) {
            if (keepOriginal || !(n instanceof Query.RangeRef ref && ref.index() == result)) {
                items.add(n);
            }
        }
        items.addAll(a.jointree().items());
        if (actionReadsOld) {
            items.add(new Query.RangeRef(result));
        }
        Expr quals = and(and(a.jointree().quals(), ruleQual), q.jointree().quals());
        // a subquery of the action reading OLD or NEW reads the triggering query's rows: it is LATERAL
        List<Query.RangeEntry> rangeTable = new ArrayList<>(a.rangeTable());
        for (int i = scope.newIndex; i < rangeTable.size(); i++) {
            if (rangeTable.get(i) instanceof Query.SubqueryEntry e && !e.lateral() && outerVars(e.subquery())) {
                rangeTable.set(i, new Query.SubqueryEntry(e.subquery(), e.alias(), e.columnNames(), e.columnTypes(),
                        e.columnTypmods(), true));
            }
        }
        List<Query.CommonTable> ctes = new ArrayList<>(a.ctes());
        for (Query.CommonTable c : q.ctes()) {
            for (Query.CommonTable own : a.ctes()) {
                if (own.name().equals(c.name())) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "WITH query name \"" + c.name()
                            + "\" appears in both a rule action and the query being rewritten");
                }
            }
            ctes.add(c);
        }
        return new Query(List.copyOf(rangeTable), new Query.FromExpr(List.copyOf(items), quals), a.targetList(),
                a.groupBy(), a.having(), a.hasAggs(), a.aggregates(), a.windowFuncs(), a.windows(), a.sortClause(),
                a.distinct(), a.limitCount(), a.limitOffset(), a.setOperations(), List.copyOf(ctes), a.rowMarks(),
                a.targetSetFunctions(), a.modify(), a.limitWithTies());
    }

    /**
     * The triggering query's RETURNING list with its result relation's columns read from the rule action's
     * RETURNING list (ReplaceVarsFromTargetList).
     */
    private static List<Query.TargetEntry> returningThrough(Query q, List<Query.TargetEntry> actionReturning) {
        int result = q.modify().resultRelation();
        List<Query.TargetEntry> out = new ArrayList<>();
        for (Query.TargetEntry t : q.modify().returning()) {
            Expr e = (Expr) QueryTrees.rewrite(t.expr(), 0, (node, depth) -> {
                if (node instanceof Expr.Var v && v.varno() == result && v.levelsUp() == depth) {
                    if (v.attno() < 0 || v.attno() >= actionReturning.size()) {
                        throw Unsupported.of("RETURNING of system columns through a rule");
                    }
                    return raise(actionReturning.get(v.attno()).expr(), depth);
                }
                return null;
            });
            out.add(new Query.TargetEntry(e, t.name(), t.junk()));
        }
        return List.copyOf(out);
    }

    /**
     * {@code tree} (analysed in {@code scope}) with OLD's columns read from the triggering query's result relation
     * and NEW's replaced by the triggering query's new-row expressions.
     */
    private static Object substitute(Object tree, Query q, Scope scope) {
        if (tree == null) {
            return null;
        }
        int result = q.modify().resultRelation();
        return QueryTrees.rewrite(tree, 0, (node, depth) -> {
            if (!(node instanceof Expr.Var v) || v.levelsUp() != depth) {
                return null;
            }
            if (v.varno() == scope.oldIndex) {
                return new Expr.Var(result, v.attno(), v.levelsUp(), v.type(), v.typmod(), v.name(), v.location());
            }
            if (v.varno() == scope.newIndex) {
                if (v.attno() < 0 || v.attno() >= q.targetList().size()) {
                    throw Unsupported.of("system columns of NEW");
                }
                return raise(q.targetList().get(v.attno()).expr(), depth);
            }
            return null;
        });
    }

    /** An expression of one query level placed {@code levels} query levels further in (IncrementVarSublevelsUp). */
    private static Expr raise(Expr e, int levels) {
        if (levels == 0) {
            return e;
        }
        return (Expr) QueryTrees.rewrite(e, 0, (node, depth) -> {
            if (node instanceof Expr.Var v && v.levelsUp() >= depth) {
                return new Expr.Var(v.varno(), v.attno(), v.levelsUp() + levels, v.type(), v.typmod(), v.name(),
                        v.location());
            }
            return null;
        });
    }

    /** Does {@code tree} read entry {@code index} of its own top level? */
    static boolean uses(Object tree, int index) {
        boolean[] found = new boolean[1];
        QueryTrees.walk(tree, 0, (node, depth) -> {
            if (node instanceof Expr.Var v && v.varno() == index && v.levelsUp() == depth) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Does the subquery read the level around it? */
    private static boolean outerVars(Query subquery) {
        boolean[] found = new boolean[1];
        QueryTrees.walk(subquery, 1, (node, depth) -> {
            if (node instanceof Expr.Var v && v.levelsUp() == depth) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** The range-table index of an INSERT ... SELECT's SELECT (its one FROM item). */
    private static int selectIndex(Query insert) {
        return ((Query.RangeRef) insert.jointree().items().getFirst()).index();
    }

    /** The level of an analysed rule action that holds OLD and NEW. */
    private static Query scopeLevel(Query action, Node raw) {
        if (action.modify() == null || !isInsertSelect(raw)) {
            return action;
        }
        return ((Query.SubqueryEntry) action.rangeTable().get(selectIndex(action) - 1)).subquery();
    }

    /** An INSERT action whose rows come from a SELECT (not plain VALUES): the SELECT holds OLD and NEW. */
    static boolean isInsertSelect(Node raw) {
        return raw.hasInsertStmt() && raw.getInsertStmt().hasSelectStmt()
                && !ModifyAnalyzer.isPlainValues(raw.getInsertStmt().getSelectStmt().getSelectStmt());
    }

    private static Query withJoinTree(Query q, List<Query.JoinNode> items, Expr quals) {
        return new Query(q.rangeTable(), new Query.FromExpr(items, quals), q.targetList(), q.groupBy(), q.having(),
                q.hasAggs(), q.aggregates(), q.windowFuncs(), q.windows(), q.sortClause(), q.distinct(),
                q.limitCount(), q.limitOffset(), q.setOperations(), q.ctes(), q.rowMarks(), q.targetSetFunctions(),
                q.modify(), q.limitWithTies());
    }

    private static Expr and(Expr a, Expr b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new Expr.BoolOp(true, List.of(a, b));
    }

    private static PgException conditionalInsteadOnView(Query.Command event, String view) {
        String[] words = switch (event) {
            case INSERT -> new String[] {"insert into", "inserting into", "INSERT"};
            case UPDATE -> new String[] {"update", "updating", "UPDATE"};
            default -> new String[] {"delete from", "deleting from", "DELETE"};
        };
        return PgException.error("55000", "cannot " + words[0] + " view \"" + view + "\"")
                .withDetail("Views with conditional DO INSTEAD rules are not automatically updatable.")
                .withHint("To enable " + words[1] + " the view, provide an INSTEAD OF " + words[2]
                        + " trigger or an unconditional ON " + words[2] + " DO INSTEAD rule.");
    }

    private static PgException onConflictWithRules() {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "INSERT with ON CONFLICT clause cannot be used "
                + "with table that has INSERT or UPDATE rules");
    }

    private static PgException cannotReturn(Query.Command event, String relation) {
        return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot perform " + event + " RETURNING on relation \""
                + relation + "\"").withHint("You need an unconditional ON " + event
                + " DO INSTEAD rule with a RETURNING clause.");
    }

    // ---------------------------------------------------------------- CREATE RULE's checks

    /**
     * transformRuleStmt's and DefineQueryRewrite's checks of a new rule on {@code relation}: its qual and actions
     * analyse with OLD and NEW, use them as the event allows, and RETURNING appears only where it can be used.
     * Returns the other relations the rule names.
     */
    public static List<TableDef> check(ParseState.Statement outer, Rule rule, TableDef relation) {
        ParseState.Statement ruleStatement = new ParseState.Statement(outer, rule.text());
        Scope scope = new Scope(List.of(), relation);
        Expr qual = qual(ruleStatement, rule, scope);
        boolean hasOld = uses(qual, scope.oldIndex);
        boolean hasNew = uses(qual, scope.newIndex);
        List<List<Query.TargetEntry>> returnings = new ArrayList<>();
        for (Node action : rule.actions()) {
            if (qual != null && !isModifyAction(action) && !action.hasSelectStmt()) {
                throw PgException.error("42P17",
                        "rules with WHERE conditions can only have SELECT, INSERT, UPDATE, or DELETE actions");
            }
            if (action.hasSelectStmt()) {
                Query a = ParseAnalyzer.of(ruleStatement).ruleSelect(scope, action.getSelectStmt());
                hasOld |= uses(a, scope.oldIndex);
                hasNew |= uses(a, scope.newIndex);
                continue;
            }
            if (!isModifyAction(action)) {
                continue;
            }
            ModifyAnalyzer m = new ModifyAnalyzer(ParseAnalyzer.of(ruleStatement), ruleStatement);
            m.scope = scope;
            Query a = m.analyze(null, action);
            for (Query.CommonTable c : a.ctes()) {
                if (usesFromInside(c, scope.oldIndex)) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot refer to OLD within WITH query");
                }
                if (usesFromInside(c, scope.newIndex)) {
                    throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "cannot refer to NEW within WITH query");
                }
            }
            Query holder = scopeLevel(a, action);
            hasOld |= uses(holder, scope.oldIndex);
            hasNew |= uses(holder, scope.newIndex);
            if (!a.modify().returning().isEmpty()) {
                returnings.add(a.modify().returning());
            }
        }
        if (rule.event() == Query.Command.INSERT && hasOld) {
            throw PgException.error("42P17", "ON INSERT rule cannot use OLD");
        }
        if (rule.event() == Query.Command.DELETE && hasNew) {
            throw PgException.error("42P17", "ON DELETE rule cannot use NEW");
        }
        for (int i = 0; i < returnings.size(); i++) {
            if (i > 0) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "cannot have multiple RETURNING lists in a rule");
            }
            if (qual != null) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "RETURNING lists are not supported in conditional rules");
            }
            if (!rule.instead()) {
                throw PgException.error(SqlState.FEATURE_NOT_SUPPORTED,
                        "RETURNING lists are not supported in non-INSTEAD rules");
            }
            checkReturningList(returnings.get(i), relation);
        }
        // the relations the rule's text names: its dependencies (pg_depend), the rule's own relation aside
        List<TableDef> named = new ArrayList<>();
        for (TableDef t : ruleStatement.directTables) {
            if (t.oid() != relation.oid() && named.stream().noneMatch(n -> n.oid() == t.oid())) {
                named.add(t);
            }
        }
        return named;
    }

    /** checkRuleResultList: a rule's RETURNING list must produce the relation's row, column by column. */
    private static void checkReturningList(List<Query.TargetEntry> list, TableDef relation) {
        List<osgres.storage.ColumnDef> columns = relation.columns();
        int i = 0;
        for (Query.TargetEntry t : list) {
            if (t.junk()) {
                continue;
            }
            if (i >= columns.size()) {
                throw PgException.error("42P17", "RETURNING list has too many entries");
            }
            osgres.storage.ColumnDef c = columns.get(i++);
            Expr e = t.expr();
            int typmod = e.typmod();
            if (e.type().oid() != c.typeOid()) {
                throw PgException.error("42P17", "RETURNING list's entry " + i + " has different type from column \""
                        + c.name() + "\"").withDetail("RETURNING list entry has type "
                        + ExprDeparser.typeName(e.type(), typmod) + ", but column has type "
                        + ExprDeparser.typeName(osgres.sql.internal.utils.PgType.byOid(c.typeOid()), c.typeModifier())
                        + ".");
            }
            if (typmod != c.typeModifier() && typmod != -1 && c.typeModifier() != -1) {
                throw PgException.error("42P17", "RETURNING list's entry " + i + " has different size from column \""
                        + c.name() + "\"").withDetail("RETURNING list entry has type "
                        + ExprDeparser.typeName(e.type(), typmod) + ", but column has type "
                        + ExprDeparser.typeName(e.type(), c.typeModifier()) + ".");
            }
        }
        if (i != columns.size()) {
            throw PgException.error("42P17", "RETURNING list has too few entries");
        }
    }

    /** Does a WITH query read entry {@code index} of the level that holds it? */
    private static boolean usesFromInside(Query.CommonTable c, int index) {
        boolean[] found = new boolean[1];
        QueryTrees.Visitor v = (node, depth) -> {
            if (node instanceof Expr.Var var && var.varno() == index && var.levelsUp() == depth) {
                found[0] = true;
            }
        };
        QueryTrees.walk(c.query(), 1, v);
        QueryTrees.walk(c.recursiveTerm(), 1, v);
        return found[0];
    }

    /** Is a rule action an INSERT, UPDATE or DELETE (the kinds the rewriter runs)? */
    private static boolean isModifyAction(Node n) {
        return n.hasInsertStmt() || n.hasUpdateStmt() || n.hasDeleteStmt();
    }
}
