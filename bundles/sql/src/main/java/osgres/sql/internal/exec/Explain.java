/*
 * EXPLAIN, PostgreSQL's commands/explain.c for the text, JSON and YAML formats. The plan tree is first described as
 * a tree of shown nodes, each with PostgreSQL's node name and the properties ExplainNode gives it, in its order
 * (the scan target "on public.t t1", join type, costs, ANALYZE's actuals, "Output", "Inner Unique", the quals,
 * sort and group keys, "Sort Method", "Buffers"), then printed once in the format asked for.
 *  - Nodes the executor needs but PostgreSQL does not show fold into the node below them: a target-list projection
 *    becomes that node's "Output", a filter above a join or an aggregate its "Filter". A hash join's inner side is
 *    shown under a "Hash" node and a window function's sort under a "Sort" node, as PostgreSQL's plans have them.
 *  - Subqueries: an uncorrelated scalar, EXISTS or ARRAY subquery is an InitPlan ("InitPlan 1 (returns $0)",
 *    referenced as "$0"), listed under the top node of its query level; the others are SubPlans ("SubPlan 2",
 *    "(hashed SubPlan 2)" for an uncorrelated ANY) listed under the node whose expressions use them; WITH queries
 *    are "CTE name" sections under the top node. They are numbered as the planner numbers them: WITH queries
 *    first, then the target list's subqueries, then the others, inner ones before the one containing them.
 *  - Column names are qualified ("t.a") where ruleutils would prefix them: Output when the statement has more than
 *    one range-table entry, scan quals under VERBOSE, join quals, upper quals and keys under either.
 *  - Under ANALYZE: "actual time", "Rows Removed by Filter", "Sort Method", hash and hash-aggregate memory, and
 *    with BUFFERS each node's buffer usage (its inputs' included, as PostgreSQL counts it) and planning's.
 * SETTINGS lists the planner's parameters that are not at their defaults. ExplainFormat lays the completed nodes
 * out as text, XML, JSON or YAML. Not here: WAL counted per node (WAL's fields show zeros), parallel workers
 * (osgres has none), Query Identifier (compute_query_id is off in osgres, so PostgreSQL would not print it).
 */
package osgres.sql.internal.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import osgres.sql.internal.exec.ExplainFormat.Field;
import osgres.sql.internal.exec.ExplainFormat.Node;
import osgres.sql.internal.exec.ExplainFormat.Where;
import osgres.sql.internal.catalog.SystemViews;
import osgres.sql.internal.nodes.ExplainOptions;
import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprDeparser;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Plan;
import osgres.sql.internal.nodes.Query;
import osgres.sql.internal.utils.TypeIo;
import osgres.storage.BufferUsage;
import osgres.storage.ColumnDef;

final class Explain {

    /** What ANALYZE measured for one node: rows out, loops, time to first row and in total (all loops). */
    static final class Counts {
        long rows;
        long loops;
        long removedByFilter;
        long firstNanos;
        long totalNanos;
        /** Buffers used while the node (and its inputs) ran; null unless BUFFERS asked for them. */
        BufferUsage.Snapshot buffers;
        /** A Sort's method ("quicksort", "top-N heapsort", "external merge") and space used (memory or disk). */
        String sortMethod;
        long sortSpaceBytes = -1;
        /** MERGE: the source rows it read and the rows its actions inserted, updated and deleted. */
        long mergeRows;
        long mergeInserted;
        long mergeUpdated;
        long mergeDeleted;
    }

    private final ExplainOptions options;
    private final Map<Plan, Counts> counts;
    private final TypeIo.OutputSettings output;
    private final List<Plan> ctes;
    /** How each subplan is referenced in expressions ("(SubPlan 1)", "$0") and titled ("InitPlan 1 (returns $0)"). */
    private final Map<Expr.SubPlan, String> subplanRefs = new IdentityHashMap<>();
    private final Map<Expr.SubPlan, String> subplanNames = new IdentityHashMap<>();
    /** The InitPlans and WITH queries to list under the top node of each query level, by that level's root plan. */
    private final Map<Plan, List<Node>> levelInitPlans = new IdentityHashMap<>();
    private final Map<Plan, List<Expr.SubPlan>> levelInitSubplans = new IdentityHashMap<>();
    /** What ExecParam slots stand for: the outer column a correlated subplan or a nested loop passes in. */
    private final Map<Integer, String> paramNames = new HashMap<>();
    private final Map<Integer, String> cteNames = new HashMap<>();
    private final boolean manyRelations;
    private int planIds;
    private int paramIds;
    /** Query levels with subplans and WITH queries in the order they were numbered (after the top level). */
    private final List<Plan> levelOrder = new ArrayList<>();
    /** Per query level (by its root plan): the planner's relation names to the unique names EXPLAIN shows. */
    private final Map<Plan, Map<String, String>> levelRefnames = new IdentityHashMap<>();
    /** Each scan's shown name ("t", "t_1"). */
    private final Map<Plan, String> scanRefnames = new IdentityHashMap<>();
    private final java.util.Set<String> usedRefnames = new java.util.HashSet<>();
    /** The root plan of the query level being shown. */
    private Plan levelRoot;
    /** Output lines decided by the node above (a Hash's input, which PostgreSQL plans with a small target list). */
    private final Map<Plan, List<String>> outputOverrides = new IdentityHashMap<>();
    /** Set while showing an Agg's HAVING filter: the Agg computes the aggregates it reads. */
    private Plan computedFilter;
    /** The names of the query level being shown. */
    private Map<String, String> refnames = Map.of();

    private Explain(Plan.Statement statement, ExplainOptions options, Map<Plan, Counts> counts,
                    TypeIo.OutputSettings output) {
        this.options = options;
        this.counts = counts;
        this.output = output;
        this.ctes = statement.ctes();
        int relations = relations(statement.plan()) + statement.pulledUp();
        for (Plan cte : ctes) {
            if (cte != null) {
                relations += relations(cte);
            }
        }
        this.manyRelations = relations > 1;
    }

    /** EXPLAIN's rows (text: one per line; JSON: one row). */
    static List<String> render(Plan.Statement statement, ExplainOptions options, Map<Plan, Counts> counts,
                               double planningMillis, double executionMillis, TypeIo.OutputSettings output,
                               List<String[]> settings) {
        Explain e = new Explain(statement, options, counts, output);
        e.collectNames(statement.plan());
        for (Plan cte : statement.ctes()) {
            if (cte != null) {
                e.collectNames(cte);
            }
        }
        e.numberLevel(statement.plan(), true);
        e.assignRefnames(statement.plan());
        for (Plan level : e.levelOrder) {
            e.assignRefnames(level);
        }
        Node root = e.node(statement.plan(), null, null);
        BufferUsage.Snapshot planning = statement.planningBuffers() == null ? BufferUsage.Snapshot.ZERO
                : statement.planningBuffers();
        e.complete(root);
        List<Field> summary = e.summaryFields(settings, planning, planningMillis, executionMillis);
        return switch (options.format()) {
            case TEXT -> ExplainFormat.text(root, e.textSummary(settings, planning, planningMillis,
                    executionMillis));
            case JSON -> List.of(ExplainFormat.json(root, summary));
            case YAML -> List.of(ExplainFormat.yaml(root, summary));
            case XML -> List.of(ExplainFormat.xml(root, summary));
        };
    }

    // ---------------------------------------------------------------- names and numbers

    /**
     * The statement's range-table entries, as far as the plan shows them (scans, and the RTE_RESULT a query
     * without FROM has): ruleutils prefixes column names when there is more than one.
     */
    private static int relations(Plan p) {
        int n = switch (p) {
            case Plan.Result r -> 1;
            case Plan.SeqScan s -> 1;
            case Plan.IndexScan s -> 1;
            case Plan.ValuesScan s -> 1;
            case Plan.FunctionScan s -> 1;
            case Plan.SubqueryScan s -> 1;
            case Plan.CteScan s -> 1;
            case Plan.WorkTableScan s -> 1;
            case Plan.ViewScan s -> 1;
            case Plan.ModifyTable s -> 1;
            default -> 0;
        };
        for (Plan child : children(p)) {
            n += relations(child);
        }
        for (Expr.SubPlan sp : ownSubplans(p)) {
            n += relations((Plan) sp.plan());
        }
        return n;
    }

    /** WITH query names (from their scans) and what parameter slots stand for (from who sets them). */
    private void collectNames(Plan p) {
        ExprDeparser qualified = new ExprDeparser(true, output, subplanRefs, paramNames, name -> false, Map.of());
        switch (p) {
            case Plan.CteScan c -> cteNames.putIfAbsent(c.cte(), c.name());
            case Plan.NestLoop n -> {
                for (Plan.NestParam np : n.params()) {
                    paramNames.putIfAbsent(np.slot(), qualified.deparse(np.value()));
                }
            }
            default -> {
            }
        }
        for (Expr.SubPlan sp : ownSubplans(p)) {
            for (int i = 0; i < sp.slots().size(); i++) {
                paramNames.putIfAbsent(sp.slots().get(i), qualified.deparse(sp.args().get(i)));
            }
            collectNames((Plan) sp.plan());
        }
        for (Plan child : children(p)) {
            collectNames(child);
        }
    }

    /**
     * Numbers the subplans of one query level as PostgreSQL's planner does (plan_id, and the PARAM_EXEC ids an
     * InitPlan's value and a WITH query take): the level's WITH queries, then the subqueries of its target list,
     * then the rest bottom-up; a subquery's own subqueries first.
     */
    private void numberLevel(Plan root, boolean top) {
        List<Node> sections = new ArrayList<>();
        levelInitPlans.put(root, sections);
        List<Expr.SubPlan> inits = new ArrayList<>();
        levelInitSubplans.put(root, inits);
        if (top) {
            for (int id = 0; id < ctes.size(); id++) {
                if (ctes.get(id) == null || !cteNames.containsKey(id)) {
                    continue;
                }
                numberLevel(ctes.get(id), false);
                levelOrder.add(ctes.get(id));
                planIds++;
                paramIds++;
            }
        }
        List<Expr.SubPlan> found = new ArrayList<>();
        Plan targets = targetListNode(root);
        if (targets != null) {
            for (Expr e : ownExpressions(targets)) {
                ExprTrees.walk(e, x -> {
                    if (x instanceof Expr.SubPlan sp && !found.contains(sp)) {
                        found.add(sp);
                    }
                });
            }
        }
        collectLevel(root, found);
        for (Expr.SubPlan sp : found) {
            boolean init = sp.args().isEmpty() && (sp.kind() == Expr.SubQueryKind.SCALAR
                    || sp.kind() == Expr.SubQueryKind.EXISTS || sp.kind() == Expr.SubQueryKind.ARRAY);
            paramIds += init ? 0 : sp.args().size();
            numberLevel((Plan) sp.plan(), false);
            levelOrder.add((Plan) sp.plan());
            int id = ++planIds;
            if (init) {
                int param = paramIds++;
                subplanRefs.put(sp, "$" + param);
                subplanNames.put(sp, "InitPlan " + id + " (returns $" + param + ")");
                inits.add(sp);
            } else {
                boolean hashed = sp.hashed() || sp.kind() == Expr.SubQueryKind.ANY && sp.args().isEmpty();
                subplanRefs.put(sp, (hashed ? "(hashed SubPlan " : "(SubPlan ") + id + ")");
                subplanNames.put(sp, "SubPlan " + id);
            }
        }
    }

    /**
     * select_rtable_names_for_explain: each scan of a query level gets its relation's name, made unique in the
     * statement by a suffix ("t_1") when an earlier level already showed it; a subquery in FROM is a level of its
     * own, named after its parent.
     */
    private void assignRefnames(Plan root) {
        Map<String, String> names = new HashMap<>();
        levelRefnames.put(root, names);
        List<Plan> subqueries = new ArrayList<>();
        nameScans(root, names, subqueries);
        for (Plan q : subqueries) {
            assignRefnames(q);
        }
    }

    private void nameScans(Plan p, Map<String, String> names, List<Plan> subqueries) {
        String parent = inheritanceParent(p);
        if (parent != null && !usedRefnames.contains(parent)) {
            // the parent's own range-table entry takes its name: the members it expands to are parent_1, parent_2
            usedRefnames.add(parent);
            names.putIfAbsent(parent, parent);
        }
        String ref = switch (p) {
            case Plan.SeqScan x -> x.alias() == null ? bareName(x.table().name()) : x.alias();
            case Plan.IndexScan x -> x.alias() == null ? bareName(x.table().name()) : x.alias();
            case Plan.ValuesScan x -> "*VALUES*";
            case Plan.FunctionScan x -> x.alias() == null ? x.function().name() : x.alias();
            case Plan.SubqueryScan x -> x.alias();
            case Plan.CteScan x -> x.alias() == null ? x.name() : x.alias();
            case Plan.WorkTableScan x -> x.alias();
            case Plan.ViewScan x -> x.alias() == null ? x.view().name() : x.alias();
            // UPDATE/DELETE: the target is the same range-table entry as its scan below (named with it, after it)
            case Plan.ModifyTable x when x.command() != Query.Command.INSERT -> null;
            case Plan.ModifyTable x -> x.alias() == null ? bareName(x.table().name()) : x.alias();
            default -> null;
        };
        if (ref != null) {
            String shown = ref;
            for (int i = 1; usedRefnames.contains(shown); i++) {
                shown = ref + "_" + i;
            }
            usedRefnames.add(shown);
            names.putIfAbsent(ref, shown);
            scanRefnames.put(p, shown);
        }
        if (p instanceof Plan.SubqueryScan x) {
            subqueries.add(x.subplan());
            return;
        }
        for (Plan child : children(p)) {
            nameScans(child, names, subqueries);
        }
        if (p instanceof Plan.ModifyTable x && x.command() != Query.Command.INSERT) {
            String alias = x.alias() == null ? bareName(x.table().name()) : x.alias();
            String shown = names.get(alias);
            if (shown == null) {
                shown = alias;
                for (int i = 1; usedRefnames.contains(shown); i++) {
                    shown = alias + "_" + i;
                }
                usedRefnames.add(shown);
                names.put(alias, shown);
            }
            scanRefnames.put(p, shown);
        }
    }

    /**
     * The alias of the inheritance parent whose members {@code p} reads: an Append of member scans, or an UPDATE or
     * DELETE whose target is read through its members; null otherwise.
     */
    private static String inheritanceParent(Plan p) {
        if (p instanceof Plan.Append a && !a.inputs().isEmpty()) {
            String alias = null;
            for (Plan in : a.inputs()) {
                if (!(in instanceof Plan.SeqScan s) || s.columns() == null || s.alias() == null
                        || alias != null && !alias.equals(s.alias())) {
                    return null;
                }
                alias = s.alias();
            }
            return alias;
        }
        if (p instanceof Plan.ModifyTable m && m.command() != Query.Command.INSERT && readsMembers(m.input())) {
            return m.alias() == null ? bareName(m.table().name()) : m.alias();
        }
        return null;
    }

    private static boolean readsMembers(Plan p) {
        if (p instanceof Plan.SeqScan s) {
            return s.columns() != null && s.columns().member();
        }
        if (p instanceof Plan.SubqueryScan) {
            return false;
        }
        for (Plan child : children(p)) {
            if (readsMembers(child)) {
                return true;
            }
        }
        return false;
    }

    private static String bareName(String name) {
        return name.substring(name.indexOf('.') + 1);
    }

    /** The subplans of a query level's plan nodes, children first (a subplan's own plan is another level). */
    private static void collectLevel(Plan p, List<Expr.SubPlan> found) {
        for (Plan child : children(p)) {
            collectLevel(child, found);
        }
        for (Expr.SubPlan sp : ownSubplans(p)) {
            if (!found.contains(sp)) {
                found.add(sp);
            }
        }
    }

    /** The projection computing a query level's target list (below its Sort, Limit, Unique...). */
    private static Plan targetListNode(Plan p) {
        while (true) {
            switch (p) {
                case Plan.Project pr when !pr.targets().isEmpty() && !isJunkStrip(pr) -> {
                    return pr;
                }
                case Plan.Project pr -> p = pr.input();
                case Plan.Sort s -> p = s.input();
                case Plan.Limit l -> p = l.input();
                case Plan.Unique u -> p = u.input();
                case Plan.HashDistinct d -> p = d.input();
                case Plan.LockRows l -> p = l.input();
                default -> {
                    return null;
                }
            }
        }
    }

    /** The planner's projection that only drops resjunk columns (no expressions of its own). */
    private static boolean isJunkStrip(Plan.Project p) {
        for (Expr e : p.targets()) {
            if (!(e instanceof Expr.ColumnRef c) || !c.name().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Subplans used by the expressions of node {@code p} itself (not of its children). */
    private static List<Expr.SubPlan> ownSubplans(Plan p) {
        List<Expr.SubPlan> out = new ArrayList<>();
        for (Expr e : ownExpressions(p)) {
            ExprTrees.walk(e, x -> {
                if (x instanceof Expr.SubPlan sp && !out.contains(sp)) {
                    out.add(sp);
                }
            });
        }
        return out;
    }

    private static List<Expr> ownExpressions(Plan p) {
        List<Expr> out = new ArrayList<>();
        switch (p) {
            case Plan.SeqScan x -> out.add(x.filter());
            case Plan.IndexScan x -> {
                out.add(x.indexCond());
                out.add(x.filter());
            }
            case Plan.ValuesScan x -> {
                x.values().forEach(out::addAll);
                out.add(x.filter());
            }
            case Plan.FunctionScan x -> {
                out.add(x.function());
                out.add(x.filter());
            }
            case Plan.ViewScan x -> out.add(x.filter());
            case Plan.SubqueryScan x -> out.add(x.filter());
            case Plan.CteScan x -> out.add(x.filter());
            case Plan.WorkTableScan x -> out.add(x.filter());
            case Plan.Result x -> {
                out.addAll(x.targets());
                out.add(x.filter());
            }
            case Plan.Gate x -> out.add(x.oneTimeFilter());
            case Plan.Project x -> out.addAll(x.targets());
            case Plan.ProjectSet x -> out.addAll(x.functions());
            case Plan.Filter x -> out.add(x.filter());
            case Plan.NestLoop x -> {
                out.add(x.joinQual());
                out.add(x.filter());
            }
            case Plan.HashJoin x -> {
                out.add(x.hashCond());
                out.add(x.joinQual());
                out.add(x.filter());
            }
            case Plan.Agg x -> {
                out.addAll(x.groupKeys());
                for (Plan.AggCall c : x.aggregates()) {
                    out.addAll(c.args());
                    out.add(c.filter());
                }
            }
            case Plan.WindowAgg x -> {
                out.addAll(x.partitionBy());
                for (Plan.WindowCall c : x.calls()) {
                    out.addAll(c.args());
                }
            }
            case Plan.Limit x -> {
                out.add(x.count());
                out.add(x.offset());
            }
            case Plan.LockRows x -> out.add(x.recheck());
            case Plan.ModifyTable x -> {
                out.addAll(x.newValues() == null ? List.of() : x.newValues());
                out.addAll(x.returning() == null ? List.of() : x.returning());
            }
            default -> {
            }
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    private static List<Plan> children(Plan p) {
        return switch (p) {
            case Plan.Project x -> List.of(x.input());
            case Plan.Filter x -> List.of(x.input());
            case Plan.ProjectSet x -> List.of(x.input());
            case Plan.NestLoop x -> List.of(x.outer(), x.inner());
            case Plan.HashJoin x -> List.of(x.outer(), x.inner());
            case Plan.Agg x -> List.of(x.input());
            case Plan.WindowAgg x -> List.of(x.input());
            case Plan.Sort x -> List.of(x.input());
            case Plan.Unique x -> List.of(x.input());
            case Plan.HashDistinct x -> List.of(x.input());
            case Plan.Limit x -> List.of(x.input());
            case Plan.Append x -> x.inputs();
            case Plan.SetOp x -> List.of(x.left(), x.right());
            case Plan.RecursiveUnion x -> List.of(x.nonRecursive(), x.recursive());
            case Plan.SubqueryScan x -> List.of(x.subplan());
            case Plan.LockRows x -> List.of(x.input());
            case Plan.Gate x -> List.of(x.input());
            case Plan.ModifyTable x -> List.of(x.input());
            case Plan.Material x -> List.of(x.input());
            default -> List.of();
        };
    }

    // ---------------------------------------------------------------- deparsing

    /** Names as ruleutils prints them: {@code prefix} qualifies columns with their relation. */
    /**
     * {@code computing}: the node whose expressions are shown, which computes some upper expressions itself (they
     * print bare there, in parentheses above it): an Agg its aggregates and group keys, a WindowAgg its window
     * functions, any other node whatever its projection computes; null: none.
     */
    private ExprDeparser deparser(boolean prefix, Plan computing) {
        java.util.function.Predicate<String> here = switch (computing) {
            case null -> name -> false;
            case Plan.Agg a -> name -> !name.contains(" OVER (");
            case Plan.WindowAgg w -> name -> name.contains(" OVER (");
            default -> name -> true;
        };
        return new ExprDeparser(prefix, output, subplanRefs, paramNames, here, refnames);
    }

    /**
     * A qual as EXPLAIN prints it (show_qual: the expression as ruleutils deparses it, which parenthesises operators
     * and AND/OR lists itself; a bare boolean column, parameter or function call stays bare).
     */
    private String cond(Expr e, boolean prefix) {
        return deparser(prefix, null).deparse(e);
    }

    /** Scan quals (show_scan_qual): prefixed under VERBOSE, or in a subquery scan. */
    private boolean scanPrefix() {
        return options.verbose();
    }

    /** Upper quals, sort and group keys: prefixed when there are several relations, or under VERBOSE. */
    private boolean upperPrefix() {
        return manyRelations || options.verbose();
    }

    /**
     * The expressions behind the columns of {@code p}'s rows (its target list), as the node above deparses them:
     * a lower node's computed expression is wrapped in parentheses there ("(count(*))").
     */
    private List<String> outputs(Plan p, boolean prefix, boolean here) {
        ExprDeparser d = deparser(prefix, here ? core(p) : null);
        return switch (p) {
            // the plan's target lists keep resjunk columns (sort keys not selected): the executor drops them last
            case Plan.Project x when isJunkStrip(x) -> outputs(x.input(), prefix, here);
            case Plan.Project x -> {
                // the expressions as the node this projection folds into computes them (an aggregate bare)...
                ExprDeparser computed = deparser(prefix, core(x.input()));
                List<String> out = new ArrayList<>();
                for (Expr e : x.targets()) {
                    if (here) {
                        out.add(computed.deparse(e));
                    } else if (e instanceof Expr.ColumnRef) {
                        out.add(d.deparse(e));
                    } else {
                        // ...and, seen from above, a non-Var referent in parentheses (get_special_variable)
                        out.add("(" + computed.deparse(e) + ")");
                    }
                }
                yield out;
            }
            case Plan.Result x -> {
                List<String> out = new ArrayList<>();
                for (Expr e : x.targets()) {
                    out.add(d.deparse(e));
                }
                yield out;
            }
            case Plan.SeqScan x -> tableColumns(x.table(), shown(x), prefix);
            case Plan.IndexScan x -> tableColumns(x.table(), shown(x), prefix);
            case Plan.ValuesScan x -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < x.width(); i++) {
                    out.add((prefix ? ExprDeparser.ident(shown(x)) + "." : "") + "column" + (i + 1));
                }
                yield out;
            }
            case Plan.FunctionScan x -> {
                String alias = x.alias() == null ? x.function().name() : x.alias();
                String name = ExprDeparser.ident(shown(x));
                List<String> out = new ArrayList<>();
                for (int i = 0; i < x.width(); i++) {
                    String col = x.width() == 1 || (x.ordinality() && i == 0) ? alias
                            : i == x.width() - 1 && x.ordinality() ? "ordinality" : "column" + (i + 1);
                    out.add(prefix ? name + "." + col : col);
                }
                yield out;
            }
            case Plan.Filter x -> outputs(x.input(), prefix, here);
            case Plan.Agg x -> {
                List<String> out = new ArrayList<>();
                for (Expr k : x.groupKeys()) {
                    out.add(d.deparse(k));
                }
                for (Plan.AggCall c : x.aggregates()) {
                    String s = aggregate(c, d);
                    out.add(here ? s : "(" + s + ")");
                }
                yield out;
            }
            case Plan.WindowAgg x -> {
                List<String> out = outputs(x.input(), prefix, false);
                for (Plan.WindowCall c : x.calls()) {
                    // an aggregate over no arguments is count(*)
                    String args = c.args().isEmpty() && c.function().aggregate() != null ? "*"
                            : String.join(", ", c.args().stream().map(d::deparse).toList());
                    String s = c.function().name() + "(" + args + ") OVER (?)";
                    out.add(here ? s : "(" + s + ")");
                }
                yield out;
            }
            case Plan.ProjectSet x -> {
                List<String> out = outputs(x.input(), prefix, false);
                for (Expr.SetFunction f : x.functions()) {
                    out.add(d.deparse(f));
                }
                yield out;
            }
            case Plan.NestLoop x -> {
                List<String> out = outputs(x.outer(), prefix, false);
                out.addAll(outputs(x.inner(), prefix, false));
                yield out;
            }
            case Plan.HashJoin x -> {
                List<String> out = outputs(x.outer(), prefix, false);
                out.addAll(outputs(x.inner(), prefix, false));
                yield out;
            }
            case Plan.Append x -> outputs(x.inputs().getFirst(), prefix, false);
            case Plan.SetOp x -> outputs(x.left(), prefix, false);
            case Plan.RecursiveUnion x -> outputs(x.nonRecursive(), prefix, false);
            case Plan.Sort x -> outputs(x.input(), prefix, false);
            case Plan.Unique x -> outputs(x.input(), prefix, false);
            case Plan.HashDistinct x -> outputs(x.input(), prefix, false);
            case Plan.Limit x -> outputs(x.input(), prefix, false);
            case Plan.LockRows x -> outputs(x.input(), prefix, false);
            case Plan.Gate x -> outputs(x.input(), prefix, false);
            case Plan.Material x -> outputs(x.input(), prefix, false);
            case Plan.ModifyTable x -> {
                List<String> out = new ArrayList<>();
                for (Expr e : x.returning() == null ? List.<Expr>of() : x.returning()) {
                    out.add(d.deparse(e));
                }
                yield out;
            }
            case Plan.SubqueryScan x -> prefixed(shown(x), outputs(x.subplan(), false, false), prefix);
            case Plan.CteScan x -> prefixed(shown(x), cteColumns(x.cte()), prefix);
            case Plan.WorkTableScan x -> prefixed(shown(x), cteColumns(x.cte()), prefix);
            case Plan.ViewScan x -> {
                List<String> out = new ArrayList<>();
                for (SystemViews.ViewColumn c : x.view().columns()) {
                    out.add(prefix ? x.view().name() + "." + c.name() : c.name());
                }
                yield out;
            }
        };
    }

    private String shown(Plan scan) {
        return scanRefnames.getOrDefault(scan, "?");
    }

    private List<String> cteColumns(int cte) {
        Plan p = cte < ctes.size() ? ctes.get(cte) : null;
        if (p == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : outputs(p, false, false)) {
            int dot = s.lastIndexOf('.');
            out.add(dot >= 0 && !s.startsWith("(") ? s.substring(dot + 1) : s);
        }
        return out;
    }

    private static List<String> prefixed(String alias, List<String> columns, boolean prefix) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            String bare = c.startsWith("(") ? c : c.substring(c.lastIndexOf('.') + 1);
            out.add(prefix && !c.startsWith("(") ? ExprDeparser.ident(alias) + "." + bare : bare);
        }
        return out;
    }

    private static List<String> tableColumns(osgres.storage.TableDef table, String alias, boolean prefix) {
        String name = ExprDeparser.ident(alias);
        List<String> out = new ArrayList<>();
        for (ColumnDef c : table.columns()) {
            out.add(prefix ? name + "." + c.name() : c.name());
        }
        return out;
    }

    private static String aggregate(Plan.AggCall c, ExprDeparser d) {
        return d.aggregate(c.aggregate().name(), c.args(), c.star(), c.distinct(), c.order(), c.filter());
    }

    // ---------------------------------------------------------------- building the shown tree

    /** The node a projection or a filter above it folds into. */
    private static Plan core(Plan p) {
        while (p instanceof Plan.Project || p instanceof Plan.Filter) {
            p = p instanceof Plan.Project pr ? pr.input() : ((Plan.Filter) p).input();
        }
        return p;
    }

    private Node node(Plan top, String relationship, String subplanName) {
        Map<String, String> saved = refnames;
        Plan savedRoot = levelRoot;
        if (levelRefnames.containsKey(top)) {
            refnames = levelRefnames.get(top);
            levelRoot = top;
        }
        try {
            return levelNode(top, relationship, subplanName);
        } finally {
            refnames = saved;
            levelRoot = savedRoot;
        }
    }

    private Node levelNode(Plan top, String relationship, String subplanName) {
        Node n = new Node();
        n.relationship = relationship;
        n.subplanName = subplanName;
        n.measured = top;
        // the fold chain: projections give the Output, filters the Filter
        Plan.Project project = null;
        Expr above = null;
        List<Plan> chain = new ArrayList<>();
        Plan p = top;
        while (p instanceof Plan.Project || p instanceof Plan.Filter) {
            chain.add(p);
            if (p instanceof Plan.Project pr) {
                project = project == null ? pr : project;
                p = pr.input();
            } else {
                Plan.Filter f = (Plan.Filter) p;
                above = above == null ? f.filter() : new Expr.BoolOp(true, List.of(f.filter(), above));
                p = f.input();
            }
        }
        chain.add(p);
        Plan core = p;
        describe(n, core, above);
        if (options.verbose() && showsOutput(core)) {
            List<String> out = project == null && outputOverrides.containsKey(core) ? outputOverrides.get(core)
                    : outputs(project == null ? core : project, manyRelations, true);
            if (!out.isEmpty()) {
                n.details.addFirst(Field.of("Output", out));
            }
        }
        // InitPlans and WITH queries of this query level, then the children, then SubPlans used here
        List<Node> sections = new ArrayList<>();
        List<Expr.SubPlan> inits = levelInitSubplans.get(top);
        if (inits != null) {
            if (relationship == null && subplanName == null) {
                for (int id = 0; id < ctes.size(); id++) {
                    if (ctes.get(id) != null && cteNames.containsKey(id)) {
                        sections.add(node(ctes.get(id), "InitPlan", "CTE " + cteNames.get(id)));
                    }
                }
            }
            for (Expr.SubPlan sp : inits) {
                sections.add(node((Plan) sp.plan(), "InitPlan", subplanNames.get(sp)));
            }
        }
        n.children.addAll(0, sections);
        for (Plan q : chain) {
            for (Expr.SubPlan sp : ownSubplans(q)) {
                if (subplanNames.containsKey(sp) && !subplanRefs.get(sp).startsWith("$")) {
                    n.children.add(node((Plan) sp.plan(), "SubPlan", subplanNames.get(sp)));
                }
            }
        }
        return n;
    }

    /** Whether PostgreSQL shows this node's target list (not for Append, RecursiveUnion...). */
    private static boolean showsOutput(Plan core) {
        return !(core instanceof Plan.Append || core instanceof Plan.RecursiveUnion);
    }

    private void scanTarget(Node n, String objectTag, String schema, String object, String ref) {
        StringBuilder text = new StringBuilder(" on");
        if (options.verbose() && schema != null) {
            text.append(' ').append(ExprDeparser.ident(schema)).append('.').append(ExprDeparser.ident(object));
        } else if (object != null) {
            text.append(' ').append(ExprDeparser.ident(object));
        }
        if (object == null || !ref.equals(object)) {
            text.append(' ').append(ExprDeparser.ident(ref));
        }
        n.text += text;
        if (objectTag != null && object != null) {
            n.target.add(Field.of(objectTag, object));
        }
        if (options.verbose() && schema != null) {
            n.target.add(Field.of("Schema", schema));
        }
        n.target.add(Field.of("Alias", ref));
    }

    private void simple(Node n, String name) {
        n.text = name;
        n.type = name;
    }

    /** The node's name, scan target and details (explain.c ExplainNode's switches). */
    private void describe(Node n, Plan core, Expr above) {
        switch (core) {
            case Plan.SeqScan x -> {
                simple(n, "Seq Scan");
                table(n, x.table(), shown(x));
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.IndexScan x -> {
                simple(n, x.indexOnly() ? "Index Only Scan" : "Index Scan");
                n.text += " using " + ExprDeparser.ident(x.index().name());
                n.target.add(Field.of("Scan Direction", "Forward"));
                n.target.add(Field.of("Index Name", x.index().name()));
                table(n, x.table(), shown(x));
                n.details.add(Field.of("Index Cond", cond(x.indexCond(), scanPrefix())));
                filter(n, x.filter(), above, scanPrefix());
                if (x.indexOnly() && options.analyze()) {
                    // no visibility map: every entry the scan returned was checked in the heap
                    Counts c = counts.get(x);
                    long loops = c == null ? 0 : c.loops;
                    n.details.add(new Field("Heap Fetches", loops == 0 ? 0.0 : Math.rint(
                            (double) (c.rows + c.removedByFilter) / loops), 0, null, Where.BOTH));
                }
            }
            case Plan.ValuesScan x -> {
                simple(n, "Values Scan");
                scanTarget(n, null, null, null, shown(x));
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.FunctionScan x -> {
                simple(n, "Function Scan");
                scanTarget(n, "Function Name", "pg_catalog", x.function().name(), shown(x));
                if (options.verbose()) {
                    n.details.add(Field.of("Function Call", deparser(true, null).deparse(x.function())));
                }
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.ViewScan x -> {
                simple(n, "Function Scan");
                n.text += " on " + x.view().name();
                n.target.add(Field.of("Function Name", x.view().name()));
                n.target.add(Field.of("Alias", shown(x)));
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.SubqueryScan x -> {
                simple(n, "Subquery Scan");
                scanTarget(n, null, null, null, shown(x));
                filter(n, x.filter(), above, true); // a subquery scan's quals always prefixed
                n.children.add(node(x.subplan(), "Subquery", null));
            }
            case Plan.CteScan x -> {
                simple(n, "CTE Scan");
                scanTarget(n, "CTE Name", null, x.name(), shown(x));
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.WorkTableScan x -> {
                simple(n, "WorkTable Scan");
                String name = cteNames.getOrDefault(x.cte(), x.alias());
                scanTarget(n, "CTE Name", null, name, shown(x));
                filter(n, x.filter(), above, scanPrefix());
            }
            case Plan.Result x -> {
                simple(n, "Result");
                if (x.filter() != null) {
                    n.details.add(Field.of("One-Time Filter", cond(x.filter(), upperPrefix())));
                }
                filter(n, null, above, upperPrefix());
            }
            case Plan.Gate x -> {
                simple(n, "Result");
                n.details.add(Field.of("One-Time Filter", cond(x.oneTimeFilter(), upperPrefix())));
                filter(n, null, above, upperPrefix());
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.NestLoop x -> {
                simple(n, "Nested Loop");
                join(n, x.kind(), false, innerUnique(x));
                if (x.joinQual() != null) {
                    n.details.add(Field.of("Join Filter", cond(x.joinQual(), upperPrefix())));
                }
                filter(n, x.filter(), above, upperPrefix());
                n.children.add(node(x.outer(), "Outer", null));
                n.children.add(node(x.inner(), "Inner", null));
            }
            case Plan.HashJoin x -> {
                n.text = "Hash";
                n.type = "Hash Join";
                join(n, x.kind(), true, innerUnique(x));
                n.details.add(Field.of("Hash Cond", cond(x.hashCond(), upperPrefix())));
                if (x.joinQual() != null) {
                    n.details.add(Field.of("Join Filter", cond(x.joinQual(), upperPrefix())));
                }
                filter(n, x.filter(), above, upperPrefix());
                n.children.add(node(x.outer(), "Outer", null));
                n.children.add(hashNode(x.inner()));
            }
            case Plan.Agg x -> {
                n.type = "Aggregate";
                n.text = switch (x.strategy()) {
                    case PLAIN -> "Aggregate";
                    case SORTED -> "GroupAggregate";
                    case HASHED -> "HashAggregate";
                };
                n.kind.add(Field.of("Strategy", switch (x.strategy()) {
                    case PLAIN -> "Plain";
                    case SORTED -> "Sorted";
                    case HASHED -> "Hashed";
                }));
                n.kind.add(Field.of("Partial Mode", "Simple"));
                if (!x.groupKeys().isEmpty()) {
                    ExprDeparser d = deparser(upperPrefix(), null);
                    n.details.add(Field.of("Group Key", x.groupKeys().stream().map(d::deparse).toList()));
                }
                // HAVING reads the aggregates this node computes: "count(*)", not "(count(*))"
                computedFilter = x;
                filter(n, null, above, upperPrefix());
                computedFilter = null;
                if (x.strategy() == Plan.AggStrategy.HASHED) {
                    hashAggInfo(n, n.measured, x.rows());
                }
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.WindowAgg x -> {
                simple(n, "WindowAgg");
                if (!x.partitionBy().isEmpty() || !x.orderBy().isEmpty()) {
                    n.children.add(windowSort(x));
                } else {
                    n.children.add(node(x.input(), "Outer", null));
                }
            }
            case Plan.ProjectSet x -> {
                simple(n, "ProjectSet");
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Sort x -> {
                simple(n, "Sort");
                n.details.add(Field.of("Sort Key", sortKeys(x.keys(), x.input())));
                sortInfo(n, n.measured);
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Unique x -> {
                simple(n, "Unique");
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.HashDistinct x -> {
                n.type = "Aggregate";
                n.text = "HashAggregate";
                n.kind.add(Field.of("Strategy", "Hashed"));
                n.kind.add(Field.of("Partial Mode", "Simple"));
                List<String> below = outputs(x.input(), upperPrefix(), false);
                List<String> keys = new ArrayList<>();
                for (int c : x.columns()) {
                    keys.add(c < below.size() ? below.get(c) : "column" + (c + 1));
                }
                n.details.add(Field.of("Group Key", keys));
                hashAggInfo(n, n.measured, x.rows());
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Limit x -> {
                simple(n, "Limit");
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Append x -> {
                simple(n, "Append");
                for (Plan in : x.inputs()) {
                    n.children.add(node(in, "Member", null));
                }
            }
            case Plan.SetOp x -> {
                n.type = "SetOp";
                String command = (x.kind() == Query.SetOpKind.INTERSECT ? "Intersect" : "Except")
                        + (x.all() ? " All" : "");
                n.text = "HashSetOp " + command;
                n.kind.add(Field.of("Strategy", "Hashed"));
                n.target.add(Field.of("Command", command));
                n.children.add(node(x.left(), "Outer", null));
                n.children.add(node(x.right(), "Inner", null));
            }
            case Plan.RecursiveUnion x -> {
                simple(n, "Recursive Union");
                n.children.add(node(x.nonRecursive(), "Outer", null));
                n.children.add(node(x.recursive(), "Inner", null));
            }
            case Plan.LockRows x -> {
                simple(n, "LockRows");
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Material x -> {
                simple(n, "Materialize");
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.ModifyTable x -> {
                String verb = switch (x.command()) {
                    case INSERT -> "Insert";
                    case UPDATE -> "Update";
                    case DELETE -> "Delete";
                    case MERGE -> "Merge";
                };
                n.type = "ModifyTable";
                n.text = verb;
                n.kind.add(Field.of("Operation", verb));
                table(n, x.table(), shown(x));
                if (x.onConflict() != null) {
                    n.details.add(Field.of("Conflict Resolution", x.onConflict().doUpdate() ? "UPDATE" : "NOTHING"));
                }
                mergeTuples(n, x);
                n.children.add(node(x.input(), "Outer", null));
            }
            case Plan.Project x -> throw new IllegalStateException("folded above");
            case Plan.Filter x -> throw new IllegalStateException("folded above");
        }
    }

    /** EXPLAIN ANALYZE of MERGE: "Tuples: inserted=.. updated=.. deleted=.. skipped=.." (only the non-zero ones). */
    private void mergeTuples(Node n, Plan.ModifyTable x) {
        Counts c = counts == null ? null : counts.get(x);
        if (!options.analyze() || x.command() != Query.Command.MERGE || c == null) {
            return;
        }
        long skipped = c.mergeRows - c.mergeInserted - c.mergeUpdated - c.mergeDeleted;
        long[] values = {c.mergeInserted, c.mergeUpdated, c.mergeDeleted, skipped};
        String[] names = {"Inserted", "Updated", "Deleted", "Skipped"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            n.details.add(new Field("Tuples " + names[i], values[i], 0, null, Where.STRUCTURED));
            if (values[i] > 0) {
                text.append(text.isEmpty() ? "" : " ").append(names[i].toLowerCase(Locale.ROOT)).append('=')
                        .append(values[i]);
            }
        }
        if (c.mergeRows > 0) {
            n.details.add(new Field("Tuples", text.toString(), 0, null, Where.TEXT));
        }
    }

    private void table(Node n, osgres.storage.TableDef table, String ref) {
        String name = table.name();
        String schema = "public";
        int dot = name.indexOf('.');
        if (dot > 0) {
            schema = name.substring(0, dot);
            name = name.substring(dot + 1);
        }
        scanTarget(n, "Relation Name", schema, name, ref);
    }

    /**
     * Inner Unique (innerrel_is_unique, for the cases osgres plans): the inner side is a scan of a table whose
     * unique index is matched in full by the join's equality keys, so each outer row finds at most one match.
     */
    private static boolean innerUnique(Plan join) {
        switch (join) {
            case Plan.HashJoin h when h.kind() != Query.JoinKind.SEMI && h.kind() != Query.JoinKind.ANTI -> {
                Plan inner = h.inner();
                osgres.storage.TableDef table = inner instanceof Plan.SeqScan s ? s.table()
                        : inner instanceof Plan.IndexScan s ? s.table() : null;
                if (table == null) {
                    return false;
                }
                java.util.Set<Integer> keys = new java.util.HashSet<>();
                for (Expr k : h.innerKeys()) {
                    if (k instanceof Expr.ColumnRef c) {
                        keys.add(c.index());
                    }
                }
                for (osgres.storage.IndexDef ix : table.indexes()) {
                    if (ix.unique() && keys.containsAll(ix.columns())) {
                        return true;
                    }
                }
                return false;
            }
            case Plan.NestLoop n when n.kind() != Query.JoinKind.SEMI && n.kind() != Query.JoinKind.ANTI -> {
                return n.inner() instanceof Plan.IndexScan ix && ix.index().unique() && ix.lower() != null
                        && ix.lower() == ix.upper() && ix.lower().length == ix.index().columns().size();
            }
            default -> {
                return false;
            }
        }
    }

    private void join(Node n, Query.JoinKind kind, boolean hash, boolean unique) {
        String type = switch (kind) {
            case INNER -> "Inner";
            case LEFT -> "Left";
            case RIGHT -> "Right";
            case FULL -> "Full";
            case SEMI -> "Semi";
            case ANTI -> "Anti";
        };
        if (kind != Query.JoinKind.INNER) {
            n.text += " " + type + " Join";
        } else if (hash) {
            n.text += " Join";
        }
        n.target.add(Field.of("Join Type", type));
        // JSON always carries it, text only under VERBOSE when true
        n.details.add(new Field("Inner Unique", unique, 0, null, unique && options.verbose() ? Where.BOTH
                : Where.STRUCTURED));
    }

    /**
     * A filter of the node (its own, and one folded from above) and ANALYZE's count of the rows it removed;
     * {@code prefix}: show_scan_qual's or show_upper_qual's rule for qualifying column names.
     */
    private void filter(Node n, Expr own, Expr above, boolean prefix) {
        Expr f = own == null ? above : above == null ? own : new Expr.BoolOp(true, List.of(own, above));
        if (f == null) {
            return;
        }
        String shown = deparser(prefix, computedFilter).deparse(f);
        n.details.add(Field.of("Filter", shown));
        if (!options.analyze()) {
            return;
        }
        Counts c = counts.get(n.measured);
        long removed = 0;
        for (Plan q = n.measured; q != null; q = q instanceof Plan.Project pr ? pr.input()
                : q instanceof Plan.Filter fl ? fl.input() : null) {
            Counts qc = counts.get(q);
            removed += qc == null ? 0 : qc.removedByFilter;
            if (!(q instanceof Plan.Project || q instanceof Plan.Filter)) {
                break;
            }
        }
        if (c == null || c.loops == 0) {
            return;
        }
        double perLoop = (double) removed / c.loops;
        if (perLoop > 0 || options.structured()) {
            // printf's %.0f, as explain.c prints it, rounds half to even
            n.details.add(new Field("Rows Removed by Filter", Math.rint(perLoop), 0, null, Where.BOTH));
        }
    }

    private List<String> sortKeys(List<Plan.SortKey> keys, Plan input) {
        List<String> below = outputs(input, upperPrefix(), false);
        List<String> out = new ArrayList<>();
        for (Plan.SortKey k : keys) {
            StringBuilder s = new StringBuilder(k.column() < below.size() ? below.get(k.column())
                    : "column" + (k.column() + 1));
            if (k.descending()) {
                s.append(" DESC");
                if (!k.nullsFirst()) {
                    s.append(" NULLS LAST");
                }
            } else if (k.nullsFirst()) {
                s.append(" NULLS FIRST");
            }
            out.add(s.toString());
        }
        return out;
    }

    /** show_sort_info: under ANALYZE, the method and the space it used. */
    private void sortInfo(Node n, Plan measured) {
        if (!options.analyze()) {
            return;
        }
        Counts c = counts.get(core(measured));
        if (c == null || c.sortMethod == null) {
            return;
        }
        String method = c.sortMethod;
        String space = method.equals("external merge") ? "Disk" : "Memory";
        long kb = (c.sortSpaceBytes + 1023) / 1024;
        n.details.add(new Field("Sort Method", method + "  " + space + ": " + kb + "kB", 0, null, Where.TEXT));
        n.details.add(new Field("Sort Method", method, 0, null, Where.STRUCTURED));
        n.details.add(new Field("Sort Space Used", (long) kb, 0, "kB", Where.STRUCTURED));
        n.details.add(new Field("Sort Space Type", space, 0, null, Where.STRUCTURED));
    }

    /** show_hashagg_info under ANALYZE: batches and peak memory (estimated from the groups and their width). */
    private void hashAggInfo(Node n, Plan measured, double estimatedGroups) {
        if (options.structured() && options.costs()) {
            n.details.add(new Field("Planned Partitions", 0L, 0, null, Where.STRUCTURED));
        }
        if (!options.analyze()) {
            return;
        }
        Counts c = counts.get(measured);
        if (c == null || c.loops == 0) {
            return;
        }
        long kb = Math.max(24, (c.rows / c.loops * (measured.width() * 8L + 48) + 1023) / 1024);
        n.details.add(new Field("Batches", "1  Memory Usage: " + kb + "kB", 0, null, Where.TEXT));
        n.details.add(new Field("HashAgg Batches", 1L, 0, null, Where.STRUCTURED));
        n.details.add(new Field("Peak Memory Usage", kb, 0, "kB", Where.STRUCTURED));
    }

    /** The Hash node PostgreSQL puts over a hash join's inner side. */
    private Node hashNode(Plan inner) {
        Node h = new Node();
        simple(h, "Hash");
        h.relationship = "Inner";
        h.measured = inner;
        h.hash = true;
        if (options.verbose()) {
            List<String> out = smallTargetList(inner);
            if (out == null) {
                out = outputs(inner, manyRelations, false);
            } else {
                outputOverrides.put(inner, out);
            }
            h.details.add(Field.of("Output", out));
        }
        if (options.analyze()) {
            Counts c = counts.get(inner);
            if (c != null && c.loops > 0) {
                long rows = c.rows / c.loops;
                long buckets = 1024;
                while (buckets < rows) {
                    buckets <<= 1;
                }
                long kb = (rows * (inner.width() * 8L + 24) + 1023) / 1024;
                kb = Math.max(kb, 9);
                h.details.add(new Field("Buckets", buckets + "  Batches: 1  Memory Usage: " + kb + "kB", 0, null,
                        Where.TEXT));
                h.details.add(new Field("Hash Buckets", buckets, 0, null, Where.STRUCTURED));
                h.details.add(new Field("Original Hash Buckets", buckets, 0, null, Where.STRUCTURED));
                h.details.add(new Field("Hash Batches", 1L, 0, null, Where.STRUCTURED));
                h.details.add(new Field("Original Hash Batches", 1L, 0, null, Where.STRUCTURED));
                h.details.add(new Field("Peak Memory Usage", kb, 0, "kB", Where.STRUCTURED));
            }
        }
        h.children.add(node(inner, "Outer", null));
        return h;
    }

    /**
     * CP_SMALL_TLIST: a scan read into a hash table carries only the columns the query uses above it, in the order
     * the planner met them (the target list, then the join conditions and other quals), not the table's row; its
     * own filter's columns stay inside it. Null when {@code inner} is not a bare scan.
     */
    private List<String> smallTargetList(Plan inner) {
        String alias = switch (inner) {
            case Plan.SeqScan x -> x.alias() == null ? bareName(x.table().name()) : x.alias();
            case Plan.IndexScan x -> x.alias() == null ? bareName(x.table().name()) : x.alias();
            case Plan.CteScan x -> x.alias() == null ? x.name() : x.alias();
            default -> null;
        };
        if (alias == null || levelRoot == null) {
            return null;
        }
        java.util.regex.Pattern column = java.util.regex.Pattern.compile("(?<![\\w.\"])"
                + java.util.regex.Pattern.quote(alias) + "\\.([a-z_][a-z0-9_$]*)");
        java.util.LinkedHashSet<String> used = new java.util.LinkedHashSet<>();
        java.util.function.Consumer<Expr> collect = e -> ExprTrees.walk(e, x -> {
            if (x instanceof Expr.ColumnRef c && c.name() != null) {
                java.util.regex.Matcher m = column.matcher(c.name());
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        });
        Plan targets = targetListNode(levelRoot);
        if (targets != null) {
            ownExpressions(targets).forEach(collect);
        }
        collectUses(levelRoot, inner, collect);
        List<String> out = new ArrayList<>();
        String shown = ExprDeparser.ident(shown(inner));
        for (String c : used) {
            out.add(manyRelations ? shown + "." + c : c);
        }
        return out;
    }

    /** Feeds the expressions of the level's nodes, inputs first, to {@code collect}; not {@code scan}'s own. */
    private static void collectUses(Plan p, Plan scan, java.util.function.Consumer<Expr> collect) {
        if (p == scan) {
            return;
        }
        if (!(p instanceof Plan.SubqueryScan)) {
            for (Plan child : children(p)) {
                collectUses(child, scan, collect);
            }
        }
        ownExpressions(p).forEach(collect);
    }

    /** The Sort PostgreSQL puts below a WindowAgg with PARTITION BY or ORDER BY. */
    private Node windowSort(Plan.WindowAgg w) {
        Node s = new Node();
        simple(s, "Sort");
        s.relationship = "Outer";
        s.measured = w.input();
        if (options.verbose()) {
            s.details.add(Field.of("Output", outputs(w.input(), manyRelations, false)));
        }
        ExprDeparser d = deparser(upperPrefix(), null);
        List<String> keys = new ArrayList<>();
        for (Expr e : w.partitionBy()) {
            keys.add(d.deparse(e));
        }
        for (Expr.OrderKey k : w.orderBy()) {
            keys.add(d.deparse(k.expr()) + (k.descending() ? " DESC" + (k.nullsFirst() ? "" : " NULLS LAST")
                    : k.nullsFirst() ? " NULLS FIRST" : ""));
        }
        s.details.add(Field.of("Sort Key", keys));
        s.children.add(node(w.input(), "Outer", null));
        return s;
    }

    // ---------------------------------------------------------------- estimates and measurements

    private double startupCost(Plan p) {
        return switch (core(p)) {
            case Plan.Sort s -> s.cost();
            case Plan.Agg a -> a.input().cost();
            case Plan.HashJoin h -> h.inner().cost();
            default -> 0;
        };
    }

    /** Average row width: PostgreSQL's type widths (32 for variable-length types without statistics). */
    private static int width(Plan p) {
        return switch (p) {
            case Plan.Project x -> widthOf(x.targets());
            default -> 4 * Math.max(1, p.width());
        };
    }

    private static int widthOf(List<Expr> exprs) {
        int w = 0;
        for (Expr e : exprs) {
            int len = e.type().typlen();
            w += len > 0 ? len : 32;
        }
        return w;
    }

    private Counts measured(Node n) {
        return counts == null ? null : counts.get(n.measured);
    }

    private String textEstimates(Node n) {
        StringBuilder out = new StringBuilder();
        Plan p = n.measured;
        if (options.costs()) {
            double startup = n.hash ? p.cost() : startupCost(p);
            out.append(String.format(Locale.ROOT, "  (cost=%.2f..%.2f rows=%d width=%d)", startup,
                    Math.max(startup, p.cost()), Math.max(1, Math.round(p.rows())), width(p)));
        }
        if (options.analyze()) {
            Counts c = measured(n);
            if (c == null || c.loops == 0) {
                out.append(" (never executed)");
            } else {
                long loops = c.loops;
                long rows = (long) Math.rint((double) c.rows / loops);
                out.append(" ");
                if (options.timing()) {
                    double total = c.totalNanos / 1e6 / loops;
                    double first = n.hash ? total : c.firstNanos / 1e6 / loops;
                    out.append(String.format(Locale.ROOT, "(actual time=%.3f..%.3f rows=%d loops=%d)", first, total,
                            rows, loops));
                } else {
                    out.append(String.format(Locale.ROOT, "(actual rows=%d loops=%d)", rows, loops));
                }
            }
        }
        return out.toString();
    }

    /** The buffer fields of a node (under ANALYZE, BUFFERS) or of planning. */
    private void buffers(List<Field> out, BufferUsage.Snapshot b) {
        if (!options.structured()) {
            String line = bufferLine(b);
            if (line != null) {
                out.add(new Field("Buffers", line, 0, null, Where.TEXT));
            }
            return;
        }
        out.add(Field.of("Shared Hit Blocks", b.sharedHit()));
        out.add(Field.of("Shared Read Blocks", b.sharedRead()));
        out.add(Field.of("Shared Dirtied Blocks", b.sharedDirtied()));
        out.add(Field.of("Shared Written Blocks", b.sharedWritten()));
        out.add(Field.of("Local Hit Blocks", 0L));
        out.add(Field.of("Local Read Blocks", 0L));
        out.add(Field.of("Local Dirtied Blocks", 0L));
        out.add(Field.of("Local Written Blocks", 0L));
        out.add(Field.of("Temp Read Blocks", b.tempRead()));
        out.add(Field.of("Temp Written Blocks", b.tempWritten()));
    }

    /** show_buffer_usage's text line: only the positive counters, or nothing. */
    private static String bufferLine(BufferUsage.Snapshot b) {
        boolean shared = b.sharedHit() > 0 || b.sharedRead() > 0 || b.sharedDirtied() > 0 || b.sharedWritten() > 0;
        boolean temp = b.tempRead() > 0 || b.tempWritten() > 0;
        if (!shared && !temp) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        if (shared) {
            s.append("shared");
            appendCount(s, "hit", b.sharedHit());
            appendCount(s, "read", b.sharedRead());
            appendCount(s, "dirtied", b.sharedDirtied());
            appendCount(s, "written", b.sharedWritten());
            if (temp) {
                s.append(", ");
            }
        }
        if (temp) {
            s.append("temp");
            appendCount(s, "read", b.tempRead());
            appendCount(s, "written", b.tempWritten());
        }
        return s.toString();
    }

    private static void appendCount(StringBuilder s, String label, long n) {
        if (n > 0) {
            s.append(' ').append(label).append('=').append(n);
        }
    }

    /** The fields after the node's identification: Output and the details, then buffers. */
    private List<Field> details(Node n) {
        List<Field> out = new ArrayList<>(n.details);
        // without ANALYZE nothing was counted: text shows no line, JSON its zeros, as PostgreSQL does
        if (options.buffers() && (options.analyze() || options.structured())) {
            Counts c = measured(n);
            BufferUsage.Snapshot b = c == null || c.buffers == null ? BufferUsage.Snapshot.ZERO : c.buffers;
            buffers(out, b);
        }
        if (options.wal() && options.structured()) {
            // show_wal_usage: osgres does not count WAL per node (yet), so the text format has no "WAL:" line and
            // the others show zeros, as PostgreSQL does for a query that wrote none
            out.add(Field.of("WAL Records", 0L));
            out.add(Field.of("WAL FPI", 0L));
            out.add(Field.of("WAL Bytes", 0L));
        }
        return out;
    }

    // ---------------------------------------------------------------- completing the nodes

    /** Fills in what each node shows: its text line, its text details and its labelled fields. */
    private void complete(Node n) {
        n.head = n.text + textEstimates(n);
        n.shown = details(n);
        n.labelled = structuredFields(n);
        for (Node child : n.children) {
            complete(child);
        }
    }

    /** The text format's lines after the plan: planning's buffers, then the summary. */
    private List<String> textSummary(List<String[]> settings, BufferUsage.Snapshot planning, double planningMillis,
                                     double executionMillis) {
        List<String> lines = new ArrayList<>();
        if (options.settings() && !settings.isEmpty()) {
            List<String> items = new ArrayList<>();
            for (String[] s : settings) {
                items.add(s[0] + " = '" + s[1] + "'");
            }
            lines.add("Settings: " + String.join(", ", items));
        }
        if (options.buffers()) {
            String line = bufferLine(planning);
            if (line != null) {
                lines.add("Planning:");
                lines.add("  Buffers: " + line);
            }
        }
        if (options.summary()) {
            lines.add("Planning Time: " + ExplainFormat.millis(planningMillis) + " ms");
            if (options.analyze()) {
                lines.add("Execution Time: " + ExplainFormat.millis(executionMillis) + " ms");
            }
        }
        return lines;
    }

    /** The statement's fields after its plan, in ExplainOnePlan's order; null value: the empty Triggers group. */
    private List<Field> summaryFields(List<String[]> settings, BufferUsage.Snapshot planning, double planningMillis,
                                      double executionMillis) {
        List<Field> out = new ArrayList<>();
        if (options.settings()) {
            List<Field> s = new ArrayList<>();
            for (String[] setting : settings) {
                s.add(Field.of(setting[0], setting[1]));
            }
            out.add(new Field("Settings", s, 0, null, Where.GROUP));
        }
        if (options.buffers()) {
            List<Field> p = new ArrayList<>();
            buffers(p, planning);
            out.add(new Field("Planning", p, 0, null, Where.GROUP));
        }
        if (options.summary()) {
            out.add(new Field("Planning Time", planningMillis, 3, null, Where.BOTH));
        }
        if (options.analyze()) {
            out.add(Field.of("Triggers", null));
            if (options.summary()) {
                out.add(new Field("Execution Time", executionMillis, 3, null, Where.BOTH));
            }
        }
        return out;
    }

    /** A node's labelled fields, in ExplainNode's order (its children follow as "Plans"). */
    private List<Field> structuredFields(Node n) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("Node Type", n.type));
        fields.addAll(n.kind);
        if (n.relationship != null) {
            fields.add(Field.of("Parent Relationship", n.relationship));
        }
        if (n.subplanName != null) {
            fields.add(Field.of("Subplan Name", n.subplanName));
        }
        fields.add(Field.of("Parallel Aware", false));
        fields.add(Field.of("Async Capable", false));
        fields.addAll(n.target);
        Plan p = n.measured;
        if (options.costs()) {
            double startup = n.hash ? p.cost() : startupCost(p);
            fields.add(new Field("Startup Cost", startup, 2, null, Where.BOTH));
            fields.add(new Field("Total Cost", Math.max(startup, p.cost()), 2, null, Where.BOTH));
            fields.add(new Field("Plan Rows", (double) Math.max(1, Math.round(p.rows())), 0, null, Where.BOTH));
            fields.add(Field.of("Plan Width", width(p)));
        }
        if (options.analyze()) {
            Counts c = measured(n);
            long loops = c == null ? 0 : c.loops;
            if (options.timing()) {
                double total = loops == 0 ? 0 : c.totalNanos / 1e6 / loops;
                double first = loops == 0 ? 0 : n.hash ? total : c.firstNanos / 1e6 / loops;
                fields.add(new Field("Actual Startup Time", first, 3, null, Where.BOTH));
                fields.add(new Field("Actual Total Time", total, 3, null, Where.BOTH));
            }
            fields.add(new Field("Actual Rows", loops == 0 ? 0.0 : Math.rint((double) c.rows / loops), 0,
                    null, Where.BOTH));
            fields.add(new Field("Actual Loops", (double) loops, 0, null, Where.BOTH));
        }
        for (Field f : details(n)) {
            if (f.format() != Where.TEXT) {
                fields.add(f);
            }
        }
        return fields;
    }

}
