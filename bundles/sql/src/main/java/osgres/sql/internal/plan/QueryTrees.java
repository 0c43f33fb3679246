/*
 * Deep walks and rewrites over whole query trees, nested queries included (PostgreSQL's query_tree_walker and
 * query_tree_mutator with their sublevels_up bookkeeping): a visitor or rewriter sees every record of the tree
 * with its query depth, 0 at the starting query and one more inside each sublink's query, subquery in FROM and
 * WITH query. The records of osgres.sql.internal (Query, its entries and join nodes, expressions) are walked
 * component by component; other objects (storage definitions, functions) are leaves.
 * A rewrite keeps identity: a record that occurs twice (an Aggref both in the target list and in the query's
 * aggregate list, which the planner matches by identity) is rewritten once and both places get the same copy.
 */
package osgres.sql.internal.plan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import osgres.sql.internal.nodes.Expr;
import osgres.sql.internal.nodes.ExprTrees;
import osgres.sql.internal.nodes.Query;

final class QueryTrees {

    interface Visitor {
        void visit(Object node, int depth);
    }

    /** Returns the replacement of {@code node} at {@code depth}, or null to rewrite its components. */
    interface Rewriter {
        Object rewrite(Object node, int depth);
    }

    private QueryTrees() {
    }

    static void walk(Object node, int depth, Visitor visitor) {
        switch (node) {
            case null -> {
            }
            case List<?> list -> {
                for (Object o : list) {
                    walk(o, depth, visitor);
                }
            }
            case Expr.SubQuery s -> {
                visitor.visit(s, depth);
                walk(s.query(), depth + 1, visitor);
                walk(s.left(), depth, visitor);
                walk(s.test(), depth, visitor);
            }
            case Query.SubqueryEntry e -> walk(e.subquery(), depth + 1, visitor);
            case Query.CommonTable c -> {
                walk(c.query(), depth + 1, visitor);
                walk(c.recursiveTerm(), depth + 1, visitor);
            }
            case Record r when inTree(r) -> {
                visitor.visit(r, depth);
                for (Object v : ExprTrees.values(r)) {
                    walk(v, depth, visitor);
                }
            }
            default -> {
            }
        }
    }

    /** {@code node} rewritten by {@code rewriter} wherever it answers; unchanged parts are shared. */
    static Object rewrite(Object node, int depth, Rewriter rewriter) {
        return new Rewrite(rewriter).apply(node, depth);
    }

    private static final class Rewrite {
        private final Rewriter rewriter;
        /** Per depth, what each record became (identity kept across the tree). */
        private final Map<Integer, Map<Object, Object>> done = new java.util.HashMap<>();

        Rewrite(Rewriter rewriter) {
            this.rewriter = rewriter;
        }

        Object apply(Object node, int depth) {
            if (node == null) {
                return null;
            }
            if (node instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                boolean changed = false;
                for (Object o : list) {
                    Object m = apply(o, depth);
                    changed |= m != o;
                    out.add(m);
                }
                return changed ? out : list;
            }
            if (!(node instanceof Record r) || !inTree(r)) {
                return node;
            }
            Map<Object, Object> seen = done.computeIfAbsent(depth, d -> new IdentityHashMap<>());
            Object earlier = seen.get(node);
            if (earlier != null) {
                return earlier;
            }
            Object replaced = rewriter.rewrite(node, depth);
            Object result = replaced != null ? replaced : switch (node) {
                case Expr.SubQuery s -> new Expr.SubQuery(s.kind(), (Query) apply(s.query(), depth + 1),
                        castList(apply(s.left(), depth)), (Expr) apply(s.test(), depth), s.type(), s.location());
                case Query.SubqueryEntry e -> new Query.SubqueryEntry((Query) apply(e.subquery(), depth + 1),
                        e.alias(), e.columnNames(), e.columnTypes(), e.columnTypmods(), e.lateral());
                case Query.CommonTable c -> new Query.CommonTable(c.name(), (Query) apply(c.query(), depth + 1),
                        c.columnNames(), c.columnTypes(), c.columnTypmods(), c.recursive(),
                        (Query) apply(c.recursiveTerm(), depth + 1), c.unionAll(), c.modifying());
                default -> rebuild(r, depth);
            };
            seen.put(node, result);
            return result;
        }

        private Object rebuild(Record r, int depth) {
            return ExprTrees.rebuild(r, v -> apply(v, depth));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Expr> castList(Object o) {
        return (List<Expr>) o;
    }

    /** Records of the query tree (Query, its entries and nodes, expressions); not storage's or code objects. */
    private static boolean inTree(Record r) {
        return r.getClass().getName().startsWith("osgres.sql.internal.");
    }
}
