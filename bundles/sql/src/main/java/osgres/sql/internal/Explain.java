/*
 * EXPLAIN, PostgreSQL's commands/explain.c for the text and JSON formats: one line per plan node with
 * PostgreSQL's node names ("Seq Scan on t", "Index Scan using t_pkey on t", "Hash Join", "HashAggregate"...), the
 * planner's estimates "(cost=S..T rows=R width=W)" unless COSTS OFF, under ANALYZE the measured
 * "(actual time=F..L rows=R loops=N)" (TIMING OFF drops the times), then the node's details ("Index Cond:",
 * "Hash Cond:", "Filter:", "Rows Removed by Filter:", "Sort Key:", "Group Key:"), children indented below
 * "->  ", and "Planning Time"/"Execution Time" when ANALYZE or SUMMARY asks. Nodes the executor needs but
 * PostgreSQL does not show (a target-list projection) are skipped, and a filter applied above a node is shown
 * as that node's Filter, where PostgreSQL keeps it. A hash join's inner side appears under a "Hash" node, a
 * window function's sort under a "Sort" node, as in PostgreSQL's plans.
 */
package osgres.sql.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

final class Explain {

    /** EXPLAIN's options. */
    record Options(boolean analyze, boolean verbose, boolean costs, boolean buffers, boolean timing,
                   boolean summary, boolean json) {
    }

    /** What ANALYZE measured for one node: rows out, loops, time to first row and in total (all loops). */
    static final class Counts {
        long rows;
        long loops;
        long removedByFilter;
        long firstNanos;
        long totalNanos;
    }

    private final Options options;
    private final Map<Plan, Counts> counts;
    private ExprDeparser deparser;
    /** A scan node's own quals: its columns unqualified (as show_scan_qual without VERBOSE). */
    private final ExprDeparser scanDeparser;
    private final Map<Expr.SubPlan, Integer> subplans = new IdentityHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder json = new StringBuilder();

    private Explain(Options options, Map<Plan, Counts> counts, boolean qualify, TypeIo.OutputSettings output) {
        this.options = options;
        this.counts = counts;
        this.deparser = new ExprDeparser(qualify, output, subplans);
        this.scanDeparser = new ExprDeparser(false, output, subplans);
    }

    /** EXPLAIN's rows (text: one per line; JSON: one row). */
    static List<String> render(Plan.Statement statement, Options options, Map<Plan, Counts> counts,
                               double planningMillis, double executionMillis, TypeIo.OutputSettings output) {
        boolean qualify = relations(statement.plan()) > 1;
        Explain e = new Explain(options, counts, qualify, output);
        if (options.json()) {
            e.json.append("[\n  {\n    \"Plan\": ");
            e.jsonNode(statement.plan(), 4);
            if (options.summary()) {
                e.json.append(",\n    \"Planning Time\": ").append(millis(planningMillis));
            }
            if (options.analyze() && options.summary()) {
                e.json.append(",\n    \"Execution Time\": ").append(millis(executionMillis));
            }
            e.json.append("\n  }\n]");
            return List.of(e.json.toString());
        }
        e.node(statement.plan(), 0);
        if (options.summary()) {
            e.lines.add("Planning Time: " + millis(planningMillis) + " ms");
            if (options.analyze()) {
                e.lines.add("Execution Time: " + millis(executionMillis) + " ms");
            }
        }
        return e.lines;
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    /** Scans of relations in the plan: EXPLAIN qualifies column names when there is more than one. */
    private static int relations(Plan p) {
        int n = switch (p) {
            case Plan.SeqScan s -> 1;
            case Plan.IndexScan s -> 1;
            case Plan.ValuesScan s -> 1;
            case Plan.FunctionScan s -> 1;
            case Plan.SubqueryScan s -> 1;
            case Plan.CteScan s -> 1;
            case Plan.WorkTableScan s -> 1;
            case Plan.ViewScan s -> 1;
            default -> 0;
        };
        for (Plan child : children(p)) {
            n += relations(child);
        }
        return n;
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
            case Plan.ModifyTable x -> List.of(x.input());
            case Plan.Material x -> List.of(x.input());
            default -> List.of();
        };
    }

    // ---------------------------------------------------------------- text

    private record Shown(String label, List<String> details, List<Plan> children, Plan measured) {
    }

    /** How a plan node shows: invisible nodes (a projection, a filter) fold into the node below them. */
    private Shown show(Plan p, Expr extraFilter, Plan measured) {
        List<String> details = new ArrayList<>();
        Plan m = measured == null ? p : measured;
        return switch (p) {
            case Plan.Project x -> show(x.input(), extraFilter, m);
            case Plan.Filter x -> show(x.input(), x.filter(), m);
            case Plan.SeqScan x -> {
                scanQuals(() -> filter(details, x.filter(), extraFilter, m));
                yield new Shown("Seq Scan on " + relation(x.table().name(), x.alias()), details, List.of(), m);
            }
            case Plan.IndexScan x -> {
                scanQuals(() -> {
                    details.add("Index Cond: " + cond(x.indexCond()));
                    filter(details, x.filter(), extraFilter, m);
                });
                if (x.indexOnly() && counts != null && options.analyze()) {
                    // no visibility map: every entry the scan returned was checked in the heap
                    Counts c = counts.get(x);
                    if (c != null && c.loops > 0) {
                        details.add("Heap Fetches: " + (c.rows + c.removedByFilter));
                    }
                }
                yield new Shown((x.indexOnly() ? "Index Only Scan using " : "Index Scan using ") + x.index().name()
                        + " on " + relation(x.table().name(), x.alias()), details, List.of(), m);
            }
            case Plan.ValuesScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Values Scan on \"*VALUES*\"", details, List.of(), m);
            }
            case Plan.FunctionScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Function Scan on " + relation(x.function().name(), x.alias()), details, List.of(),
                        m);
            }
            case Plan.ViewScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Function Scan on " + x.view().name(), details, List.of(), m);
            }
            case Plan.SubqueryScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Subquery Scan on " + x.alias(), details, List.of(x.subplan()), m);
            }
            case Plan.CteScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("CTE Scan on " + relation(x.name(), x.alias()), details, List.of(), m);
            }
            case Plan.WorkTableScan x -> {
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("WorkTable Scan on " + x.alias(), details, List.of(), m);
            }
            case Plan.Result x -> {
                if (x.filter() != null) {
                    details.add("One-Time Filter: " + cond(x.filter()));
                }
                yield new Shown("Result", details, List.of(), m);
            }
            case Plan.NestLoop x -> {
                if (x.joinQual() != null) {
                    details.add("Join Filter: " + cond(x.joinQual()));
                }
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Nested Loop" + (x.kind() == Query.JoinKind.INNER ? "" : joinKind(x.kind())), details, List.of(x.outer(), x.inner()), m);
            }
            case Plan.HashJoin x -> {
                details.add("Hash Cond: " + cond(x.hashCond()));
                if (x.joinQual() != null) {
                    details.add("Join Filter: " + cond(x.joinQual()));
                }
                filter(details, x.filter(), extraFilter, m);
                yield new Shown("Hash" + joinKind(x.kind()), details, List.of(x.outer(), x.inner()), m);
            }
            case Plan.Agg x -> {
                String label = switch (x.strategy()) {
                    case PLAIN -> "Aggregate";
                    case SORTED -> "GroupAggregate";
                    case HASHED -> "HashAggregate";
                };
                if (!x.groupKeys().isEmpty()) {
                    details.add("Group Key: " + exprList(x.groupKeys()));
                }
                filter(details, null, extraFilter, m);
                yield new Shown(label, details, List.of(x.input()), m);
            }
            case Plan.WindowAgg x -> new Shown("WindowAgg", details, List.of(x.input()), m);
            case Plan.ProjectSet x -> new Shown("ProjectSet", details, List.of(x.input()), m);
            case Plan.Sort x -> {
                details.add("Sort Key: " + sortKeys(x.keys(), x.input()));
                yield new Shown("Sort", details, List.of(x.input()), m);
            }
            case Plan.Unique x -> new Shown("Unique", details, List.of(x.input()), m);
            case Plan.HashDistinct x -> {
                details.add("Group Key: " + columns(x.columns(), x.input()));
                yield new Shown("HashAggregate", details, List.of(x.input()), m);
            }
            case Plan.Limit x -> new Shown("Limit", details, List.of(x.input()), m);
            case Plan.Append x -> new Shown("Append", details, x.inputs(), m);
            case Plan.SetOp x -> new Shown("HashSetOp " + (x.kind() == Query.SetOpKind.INTERSECT ? "Intersect"
                    : "Except") + (x.all() ? " All" : ""), details, List.of(x.left(), x.right()), m);
            case Plan.RecursiveUnion x -> new Shown("Recursive Union", details,
                    List.of(x.nonRecursive(), x.recursive()), m);
            case Plan.LockRows x -> new Shown("LockRows", details, List.of(x.input()), m);
            case Plan.ModifyTable x -> {
                if (x.onConflict() != null) {
                    details.add("Conflict Resolution: " + (x.onConflict().doUpdate() ? "UPDATE" : "NOTHING"));
                }
                String verb = switch (x.command()) {
                    case INSERT -> "Insert";
                    case UPDATE -> "Update";
                    case DELETE -> "Delete";
                };
                yield new Shown(verb + " on " + relation(x.table().name(), x.alias()), details, List.of(x.input()), m);
            }
            case Plan.Material x -> new Shown("Materialize", details, List.of(x.input()), m);
        };
    }

    /** Runs {@code r} with the scan-level deparser (a scan's own columns print without their relation). */
    private void scanQuals(Runnable r) {
        ExprDeparser saved = deparser;
        deparser = scanDeparser;
        try {
            r.run();
        } finally {
            deparser = saved;
        }
    }

    private static String joinKind(Query.JoinKind kind) {
        return switch (kind) {
            case INNER -> " Join";
            case LEFT -> " Left Join";
            case RIGHT -> " Right Join";
            case FULL -> " Full Join";
            case SEMI -> " Semi Join";
            case ANTI -> " Anti Join";
        };
    }

    private static String relation(String name, String alias) {
        return alias == null || alias.equals(name) ? name : name + " " + alias;
    }

    private void filter(List<String> details, Expr own, Expr above, Plan p) {
        Expr f = own == null ? above : above == null ? own : new Expr.BoolOp(true, List.of(own, above));
        if (f != null) {
            details.add("Filter: " + cond(f));
            Counts c = counts == null ? null : counts.get(p);
            long removed = 0;
            for (Plan q = p; q != null; q = q instanceof Plan.Project pr ? pr.input()
                    : q instanceof Plan.Filter fl ? fl.input() : null) {
                Counts qc = counts == null ? null : counts.get(q);
                removed += qc == null ? 0 : qc.removedByFilter;
                if (!(q instanceof Plan.Project || q instanceof Plan.Filter)) {
                    break;
                }
            }
            if (c != null && removed > 0) {
                details.add("Rows Removed by Filter: " + Math.round((double) removed / Math.max(1, c.loops)));
            }
        }
    }

    /** A condition as EXPLAIN prints it: always parenthesised at the top. */
    private String cond(Expr e) {
        String s = deparser.deparse(e);
        return s.startsWith("(") && balancedOuter(s) ? s : "(" + s + ")";
    }

    private static boolean balancedOuter(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            } else if (ch == '\'') {
                int end = s.indexOf('\'', i + 1);
                i = end < 0 ? s.length() : end;
            }
        }
        return true;
    }

    private String exprList(List<Expr> exprs) {
        StringBuilder out = new StringBuilder();
        for (Expr e : exprs) {
            out.append(out.isEmpty() ? "" : ", ").append(deparser.deparse(e));
        }
        return out.toString();
    }

    /** The expression behind column {@code i} of a node's rows (a projection's target), for sort and group keys. */
    private String columnText(Plan input, int i) {
        Plan p = input;
        while (true) {
            if (p instanceof Plan.Project pr) {
                Expr e = pr.targets().get(i);
                String s = deparser.deparse(e);
                return e instanceof Expr.ColumnRef || e instanceof Expr.Var ? s : s.startsWith("(") ? s : "(" + s
                        + ")";
            }
            List<Plan> children = children(p);
            if (children.size() != 1 || p instanceof Plan.Agg || p instanceof Plan.WindowAgg) {
                return "column" + (i + 1);
            }
            p = children.getFirst();
        }
    }

    private String sortKeys(List<Plan.SortKey> keys, Plan input) {
        StringBuilder out = new StringBuilder();
        for (Plan.SortKey k : keys) {
            out.append(out.isEmpty() ? "" : ", ").append(columnText(input, k.column()));
            if (k.descending()) {
                out.append(" DESC");
                if (!k.nullsFirst()) {
                    out.append(" NULLS LAST");
                }
            } else if (k.nullsFirst()) {
                out.append(" NULLS FIRST");
            }
        }
        return out.toString();
    }

    private String columns(List<Integer> columns, Plan input) {
        StringBuilder out = new StringBuilder();
        for (int c : columns) {
            out.append(out.isEmpty() ? "" : ", ").append(columnText(input, c));
        }
        return out.toString();
    }

    /** The node a projection or a filter above it folds into. */
    private static Plan core(Plan p) {
        while (p instanceof Plan.Project || p instanceof Plan.Filter) {
            p = p instanceof Plan.Project pr ? pr.input() : ((Plan.Filter) p).input();
        }
        return p;
    }

    private void node(Plan p, int depth) {
        Shown s = show(p, null, null);
        Plan core = core(p);
        String indent = depth == 0 ? "" : " ".repeat(2 + 6 * (depth - 1)) + "->  ";
        lines.add(indent + s.label() + estimates(s.measured()));
        String detailIndent = " ".repeat(2 + 6 * depth);
        for (String d : s.details()) {
            lines.add(detailIndent + d);
        }
        for (Plan child : s.children()) {
            if (core instanceof Plan.HashJoin hj && child == hj.inner()) {
                // PostgreSQL's Hash node: the inner side read into the table
                lines.add(" ".repeat(2 + 6 * depth) + "->  Hash" + estimates(child).replaceFirst(
                        "\\(actual time=[^ ]* ", "(actual time=0.000..0.000 "));
                node(child, depth + 2);
                continue;
            }
            if (core instanceof Plan.WindowAgg w && (!w.partitionBy().isEmpty()
                    || !w.orderBy().isEmpty())) {
                lines.add(" ".repeat(2 + 6 * depth) + "->  Sort" + estimates(child));
                lines.add(" ".repeat(2 + 6 * (depth + 1)) + "Sort Key: " + windowKeys(w));
                node(child, depth + 2);
                continue;
            }
            node(child, depth + 1);
        }
    }

    private String windowKeys(Plan.WindowAgg w) {
        StringBuilder out = new StringBuilder();
        for (Expr e : w.partitionBy()) {
            out.append(out.isEmpty() ? "" : ", ").append(deparser.deparse(e));
        }
        for (Expr.OrderKey k : w.orderBy()) {
            out.append(out.isEmpty() ? "" : ", ").append(deparser.deparse(k.expr()));
            if (k.descending()) {
                out.append(" DESC");
            }
        }
        return out.toString();
    }

    private String estimates(Plan p) {
        StringBuilder out = new StringBuilder();
        if (options.costs()) {
            double startup = switch (p) {
                case Plan.Sort s -> s.cost();
                case Plan.Agg a -> a.input().cost();
                case Plan.HashJoin h -> h.inner().cost();
                default -> 0;
            };
            out.append(String.format(Locale.ROOT, "  (cost=%.2f..%.2f rows=%d width=%d)", startup,
                    Math.max(startup, p.cost()), Math.max(1, Math.round(p.rows())), width(p)));
        }
        if (options.analyze()) {
            Counts c = counts.get(p);
            if (c == null || c.loops == 0) {
                out.append(" (never executed)");
            } else {
                long loops = c.loops;
                long rows = Math.round((double) c.rows / loops);
                out.append(" ");
                if (options.timing()) {
                    out.append(String.format(Locale.ROOT, "(actual time=%.3f..%.3f rows=%d loops=%d)",
                            c.firstNanos / 1e6 / loops, c.totalNanos / 1e6 / loops, rows, loops));
                } else {
                    out.append(String.format(Locale.ROOT, "(actual rows=%d loops=%d)", rows, loops));
                }
            }
        }
        return out.toString();
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

    // ---------------------------------------------------------------- JSON

    private void jsonNode(Plan p, int indent) {
        Shown s = show(p, null, null);
        String pad = " ".repeat(indent + 2);
        json.append("{\n");
        List<String> fields = new ArrayList<>();
        String label = s.label();
        String type = label;
        String relation = null;
        int on = label.indexOf(" on ");
        if (on > 0) {
            type = label.substring(0, on);
            relation = label.substring(on + 4);
            if (type.startsWith("Index Scan using ")) {
                fields.add(quote("Scan Direction") + ": \"Forward\"");
                fields.add(quote("Index Name") + ": " + quote(type.substring("Index Scan using ".length())));
                type = "Index Scan";
            }
        }
        fields.addFirst(quote("Async Capable") + ": false");
        fields.addFirst(quote("Parallel Aware") + ": false");
        fields.addFirst(quote("Node Type") + ": " + quote(type));
        if (relation != null) {
            String[] parts = relation.split(" ");
            fields.add(quote("Relation Name") + ": " + quote(parts[0]));
            fields.add(quote("Alias") + ": " + quote(parts.length > 1 ? parts[1] : parts[0]));
        }
        if (options.costs()) {
            fields.add(quote("Startup Cost") + ": 0.00");
            fields.add(quote("Total Cost") + ": " + String.format(Locale.ROOT, "%.2f", s.measured().cost()));
            fields.add(quote("Plan Rows") + ": " + Math.max(1, Math.round(s.measured().rows())));
            fields.add(quote("Plan Width") + ": " + width(s.measured()));
        }
        if (options.analyze()) {
            Counts c = counts.get(s.measured());
            long loops = c == null ? 0 : c.loops;
            if (options.timing()) {
                fields.add(quote("Actual Startup Time") + ": " + (loops == 0 ? "0.000" : millis(c.firstNanos / 1e6
                        / loops)));
                fields.add(quote("Actual Total Time") + ": " + (loops == 0 ? "0.000" : millis(c.totalNanos / 1e6
                        / loops)));
            }
            fields.add(quote("Actual Rows") + ": " + (loops == 0 ? 0 : Math.round((double) c.rows / loops)));
            fields.add(quote("Actual Loops") + ": " + loops);
        }
        for (String d : s.details()) {
            int colon = d.indexOf(": ");
            fields.add(quote(d.substring(0, colon)) + ": " + quote(d.substring(colon + 2)));
        }
        for (int i = 0; i < fields.size(); i++) {
            json.append(pad).append(fields.get(i)).append(i < fields.size() - 1 || !s.children().isEmpty() ? ",\n"
                    : "\n");
        }
        if (!s.children().isEmpty()) {
            json.append(pad).append("\"Plans\": [\n");
            for (int i = 0; i < s.children().size(); i++) {
                json.append(pad).append("  ");
                jsonNode(s.children().get(i), indent + 4);
                json.append(i < s.children().size() - 1 ? ",\n" : "\n");
            }
            json.append(pad).append("]\n");
        }
        json.append(" ".repeat(indent)).append("}");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
